from django.urls import path

from parcours.coaching import views

app_name = "coaching"

urlpatterns = [
    path("students/<uuid:uuid>/", views.student, name="student"),
    path("students/<uuid:uuid>/timeline/", views.timeline, name="timeline"),
    path("students/<uuid:uuid>/notes/", views.note_add, name="note_add"),
    path("students/<uuid:uuid>/actions/", views.action_add, name="action_add"),
    path("students/<uuid:uuid>/message/", views.message_send, name="message_send"),
    path("notes/<uuid:uuid>/", views.note_edit, name="note_edit"),
    path("notes/<uuid:uuid>/pin/", views.note_pin, name="note_pin"),
    path("actions/", views.actions, name="actions"),
    path("actions/<uuid:uuid>/close/", views.action_close, name="action_close"),
    path("shared/", views.shared, name="shared"),
    path("caseloads/<slug:slug>/", views.caseloads, name="caseloads"),
]
