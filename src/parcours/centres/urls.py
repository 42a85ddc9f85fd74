from django.urls import path

from parcours.centres import views

app_name = "centres"
urlpatterns = [
    path("", views.centre_list, name="list"),
    path("<slug:slug>/edit/", views.centre_edit, name="edit"),
    path("<slug:slug>/rooms/new/", views.room_create, name="room_create"),
    path("<slug:slug>/rooms/<uuid:uuid>/", views.room_edit, name="room_edit"),
    path("<slug:slug>/rooms/<uuid:uuid>/delete/", views.room_delete, name="room_delete"),
]
