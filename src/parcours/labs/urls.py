from django.urls import path

from parcours.labs import views

app_name = "labs"
urlpatterns = [
    path("centres/<slug:slug>/", views.centre_labs, name="centre"),
    path("centres/<slug:slug>/cycles/new/", views.cycle_create, name="cycle_create"),
    path("centres/<slug:slug>/masterlabs/new/", views.masterlab_create, name="masterlab_create"),
    path("cycles/<uuid:uuid>/", views.cycle_detail, name="cycle"),
    path("cycles/<uuid:uuid>/edit/", views.cycle_edit, name="cycle_edit"),
    path("cycles/<uuid:uuid>/delete/", views.cycle_delete, name="cycle_delete"),
    path("cycles/<uuid:uuid>/labs/new/", views.lab_create, name="lab_create"),
    path("cycles/<uuid:uuid>/wishes/", views.wishes, name="wishes"),
    path("cycles/<uuid:uuid>/allocation/", views.allocation_page, name="allocation"),
    path("labs/<uuid:uuid>/", views.lab_detail, name="lab"),
    path("labs/<uuid:uuid>/edit/", views.lab_edit, name="lab_edit"),
    path("labs/<uuid:uuid>/delete/", views.lab_delete, name="lab_delete"),
    path("family/", views.family, name="family"),
    path("seats/<uuid:uuid>/withdraw/", views.seat_withdraw, name="seat_withdraw"),
    path("seats/<uuid:uuid>/answer/", views.offer_answer, name="offer_answer"),
    path("masterlabs/<uuid:uuid>/", views.masterlab_detail, name="masterlab"),
    path("masterlabs/<uuid:uuid>/withdraw/", views.masterlab_withdraw, name="masterlab_withdraw"),
    path("masterlabs/<uuid:uuid>/edit/", views.masterlab_edit, name="masterlab_edit"),
    path("masterlabs/<uuid:uuid>/delete/", views.masterlab_delete, name="masterlab_delete"),
    path(
        "masterlabs/<uuid:uuid>/selection/",
        views.masterlab_selection,
        name="masterlab_selection",
    ),
    path(
        "masterlab-applications/<uuid:uuid>/give-up/",
        views.masterlab_give_up,
        name="masterlab_give_up",
    ),
]
