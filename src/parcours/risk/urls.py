from django.urls import path

from parcours.risk import views

app_name = "risk"

urlpatterns = [
    path("alerts/", views.alerts, name="alerts"),
    path("alerts/<uuid:uuid>/close/", views.alert_close, name="alert_close"),
    path("model/<slug:slug>/", views.model, name="model"),
]
