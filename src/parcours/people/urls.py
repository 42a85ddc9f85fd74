from django.urls import path

from parcours.people import views

app_name = "people"
urlpatterns = [
    path("tokens/", views.tokens, name="tokens"),
    path("tokens/<uuid:uuid>/revoke/", views.token_revoke, name="token_revoke"),
    path("sessions/", views.my_sessions, name="sessions"),
    path("two-factor/", views.two_factor, name="two_factor"),
    path("two-factor/verify/", views.two_factor_verify, name="two_factor_verify"),
    path("password/change/", views.PasswordChange.as_view(), name="password_change"),
]
