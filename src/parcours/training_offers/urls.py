from django.urls import path

from parcours.training_offers import views

app_name = "training_offers"

urlpatterns = [
    path("", views.search, name="search"),
    path("for-me/", views.mine, name="mine"),
    path("manage/", views.manage, name="manage"),
    path("manage/export/", views.export, name="export"),
    path("manage/imports/<uuid:uuid>/", views.import_page, name="import"),
    path("students/<uuid:uuid>/", views.student, name="student"),
    path("students/<uuid:uuid>/keep/", views.keep, name="keep"),
    path("<uuid:uuid>/", views.detail, name="detail"),
]
