from django.urls import path

from parcours.attendance import views

app_name = "attendance"
urlpatterns = [
    path("kiosk/<slug:slug>/", views.kiosk, name="kiosk"),
    path("kiosk/<slug:slug>/device/", views.kiosk_device, name="kiosk_device"),
    path("board/<slug:slug>/", views.board, name="board"),
    path("badges/<slug:slug>/", views.badges_print, name="badges"),
    path("sessions/<uuid:uuid>/", views.session_detail, name="session"),
    path("sessions/<uuid:uuid>/leave/", views.session_leave, name="session_leave"),
    path("students/<uuid:uuid>/", views.student, name="student"),
    path("labs/<uuid:uuid>/", views.lab_register, name="lab_register"),
    path("students/<uuid:uuid>/badge.pdf", views.badge_reissue, name="badge_reissue"),
    path("absences/<uuid:uuid>/justify/", views.absence_justify, name="absence_justify"),
    path("follow-up/", views.follow_up, name="follow_up"),
    path("settings/<slug:slug>/", views.settings_edit, name="settings"),
    path("me/badge/", views.my_badge, name="my_badge"),
]
