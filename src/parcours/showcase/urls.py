from django.urls import path

from parcours.showcase import views

app_name = "showcase"

urlpatterns = [
    path("", views.exhibitions, name="list"),
    path("<uuid:uuid>/", views.exhibition, name="detail"),
]

public_urlpatterns = [
    path("<slug:slug>/", views.public_page, name="public"),
    path("<slug:slug>/slideshow/", views.slideshow, name="slideshow"),
    path("<slug:slug>/<uuid:uuid>/file", views.public_file, name="file"),
    path("<slug:slug>/<uuid:uuid>/play/<path:path>", views.public_play, name="play"),
]
