from django.urls import path

from parcours.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("read-all/", views.read_all, name="read_all"),
    path("settings/", views.settings_page, name="settings"),
    path("<uuid:uuid>/", views.open_notification, name="open"),
]
