from django.urls import path

from parcours.calendars import views

app_name = "calendars"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("<str:token>.ics", views.feed, name="feed"),
]
