from django.urls import path

from parcours.people import views

app_name = "people"
urlpatterns = [
    path("", views.tokens, name="tokens"),
    path("<uuid:uuid>/revoke/", views.token_revoke, name="token_revoke"),
]
