from django.urls import path

from parcours.enrolment import views

app_name = "enrolment"
urlpatterns = [
    path("", views.centre_list, name="centres"),
    path("review/<slug:slug>/", views.review, name="review"),
    path("review/<slug:slug>/slots/<uuid:uuid>/fill/", views.fill_slot, name="fill_slot"),
    path("requests/<uuid:uuid>/", views.detail, name="detail"),
    path("requests/<uuid:uuid>/register/", views.register, name="register"),
    path("requests/<uuid:uuid>/refuse/", views.refuse, name="refuse"),
    path("requests/<uuid:uuid>/withdraw/", views.withdraw, name="withdraw"),
    path("requests/<uuid:uuid>/resend-consent/", views.resend_consent, name="resend_consent"),
    path("requests/<uuid:uuid>/resend-sign-in/", views.resend_signin, name="resend_signin"),
    path("requests/<uuid:uuid>/reenrol/", views.reenrol, name="reenrol"),
    path("requests/<uuid:uuid>/cancel/", views.family_withdraw, name="family_withdraw"),
    path(
        "requests/<uuid:uuid>/paper-consent/",
        views.paper_form,
        {"what": "consent"},
        name="paper_consent",
    ),
    path(
        "requests/<uuid:uuid>/paper-withdrawal/",
        views.paper_form,
        {"what": "withdrawal"},
        name="paper_withdrawal",
    ),
    path("my-slot/", views.my_slot, name="my_slot"),
    path("review/<slug:slug>/slot-changes/", views.slot_changes, name="slot_changes"),
    path("slot-changes/<uuid:uuid>/accept/", views.slot_change_accept, name="slot_change_accept"),
    path("slot-changes/<uuid:uuid>/refuse/", views.slot_change_refuse, name="slot_change_refuse"),
    path("slot-changes/<uuid:uuid>/cancel/", views.slot_change_cancel, name="slot_change_cancel"),
    path("consent/<str:token>/", views.consent, name="consent"),
    path("consent/<str:token>/withdraw/", views.consent_withdraw, name="consent_withdraw"),
    path("password/done/", views.password_done, name="password_done"),
    path("password/<uidb64>/<token>/", views.PasswordSetView.as_view(), name="password"),
    path("<slug:slug>/", views.pre_register, name="form"),
    path("<slug:slug>/sent/", views.pre_register_sent, name="sent"),
]
