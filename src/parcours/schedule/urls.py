from django.urls import path

from parcours.schedule import views

app_name = "schedule"
urlpatterns = [
    path("<slug:slug>/", views.overview, name="overview"),
    path("<slug:slug>/hours/", views.hours_edit, name="hours"),
    path("<slug:slug>/slots/new/", views.slot_create, name="slot_create"),
    path("<slug:slug>/slots/<uuid:uuid>/", views.slot_edit, name="slot"),
    path("<slug:slug>/slots/<uuid:uuid>/meetings/", views.meeting_add, name="meeting_add"),
    path(
        "<slug:slug>/slots/<uuid:uuid>/meetings/<uuid:meeting>/remove/",
        views.meeting_remove,
        name="meeting_remove",
    ),
    path("<slug:slug>/closed/new/", views.closed_create, name="closed_create"),
    path("<slug:slug>/closed/<uuid:uuid>/remove/", views.closed_delete, name="closed_delete"),
    path("<slug:slug>/sessions/extra/", views.extra_create, name="extra_create"),
    path(
        "<slug:slug>/sessions/<uuid:uuid>/invitees/",
        views.extra_invitees,
        name="extra_invitees",
    ),
    path("<slug:slug>/sessions/generate/", views.generate, name="generate"),
    path("<slug:slug>/sessions/<uuid:uuid>/cancel/", views.session_cancel, name="session_cancel"),
    path("<slug:slug>/week/", views.week, name="week"),
]
