from django.urls import path

from parcours.credentials import views

app_name = "credentials"

urlpatterns = [
    path("mine/", views.mine, name="mine"),
    path("issuers/<slug:slug>/", views.issuer, name="issuer"),
    path("issuers/<slug:slug>/jwks.json", views.jwks, name="jwks"),
    path("issuers/<slug:slug>/status/revocation", views.status_list, name="status_list"),
    path("<uuid:uuid>.jwt", views.credential_jwt, name="jwt"),
    path("<uuid:uuid>/", views.credential_page, name="page"),
    path("<uuid:uuid>/attestation.pdf", views.attestation, name="attestation"),
    path("attestations/<slug:slug>/", views.attestations, name="attestations"),
    path("centres/<slug:slug>/", views.centre_credentials, name="centre"),
]
