from django.urls import path

from parcours.orientation import views

app_name = "orientation"

urlpatterns = [
    path("", views.home, name="home"),
    path("family/", views.family, name="family"),
    path("centres/<slug:slug>/", views.centre, name="centre"),
    path("centres/<slug:slug>/templates/", views.templates, name="templates"),
    path("participants/<uuid:uuid>/", views.participant, name="participant"),
    path("participants/<uuid:uuid>/plan.pdf", views.pdf, name="pdf"),
    path("students/<uuid:uuid>/", views.student, name="student"),
    path("meetings/<uuid:uuid>/", views.meeting, name="meeting"),
]
