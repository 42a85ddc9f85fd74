from django.urls import path

from parcours.privacy import views

app_name = "privacy"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("students/<uuid:uuid>/download/", views.download, name="download"),
    path("students/<uuid:uuid>/erase/", views.ask, name="ask"),
    path("requests/", views.requests, name="requests"),
    path("retention/", views.retention_rules, name="retention"),
    path("requests/<uuid:uuid>/", views.detail, name="request"),
    path("requests/<uuid:uuid>/cancel/", views.cancel, name="cancel"),
    path("requests/<uuid:uuid>/approve/", views.approve, name="approve"),
    path("requests/<uuid:uuid>/refuse/", views.refuse, name="refuse"),
]
