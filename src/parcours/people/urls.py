from django.urls import path

from parcours.people import views

app_name = "people"
urlpatterns = [
    path("tokens/", views.tokens, name="tokens"),
    path("tokens/<uuid:uuid>/revoke/", views.token_revoke, name="token_revoke"),
    path("sessions/", views.my_sessions, name="sessions"),
    path("password/change/", views.PasswordChange.as_view(), name="password_change"),
]
