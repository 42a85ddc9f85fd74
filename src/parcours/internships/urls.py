from django.urls import path

from parcours.internships import views

app_name = "internships"

urlpatterns = [
    path("centres/<slug:slug>/", views.centre, name="centre"),
    path("<uuid:uuid>/", views.detail, name="detail"),
    path("referrals/<uuid:uuid>/certificate.pdf", views.certificate, name="certificate"),
    path("refer/<slug:key>/", views.refer, name="refer"),
    path("status/<str:token>/", views.status, name="status"),
]
