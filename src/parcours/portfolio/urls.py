from django.urls import path

from parcours.portfolio import views

app_name = "portfolio"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("centre/", views.centre_gallery, name="centre"),
    path("works/<uuid:uuid>/", views.work_edit, name="work"),
    path("works/<uuid:uuid>/file", views.work_file, name="file"),
    path("play/<str:token>/<path:path>", views.play, name="play"),
    path("w/<uuid:uuid>/", views.work_address, name="address"),
    path("outside/new/", views.outside_new, name="outside_new"),
    path("outside/<uuid:uuid>/", views.outside, name="outside"),
    path("reviews/", views.reviews, name="reviews"),
    path("export/", views.export, name="export"),
    path("exports/<uuid:uuid>/", views.export_download, name="export_download"),
]

public_urlpatterns = [
    path("<slug:slug>/", views.public_page, name="public"),
    path("<slug:slug>/<uuid:uuid>/file", views.public_file, name="public_file"),
    path("<slug:slug>/<uuid:uuid>/play/<path:path>", views.public_play, name="public_play"),
]
