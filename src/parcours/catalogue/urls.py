from django.urls import path

from parcours.catalogue import views

app_name = "catalogue"
urlpatterns = [
    path("", views.panel, name="panel"),
    path("frameworks/", views.framework_list, name="frameworks"),
    path("frameworks/<slug:key>/", views.framework_detail, name="framework"),
    path("frameworks/<slug:key>/draft/", views.framework_draft, name="framework_draft"),
    path(
        "frameworks/<slug:key>/versions/<int:number>/publish/",
        views.framework_publish,
        name="framework_publish",
    ),
    path("activities/<uuid:uuid>/", views.activity_detail, name="activity"),
    path("activities/<uuid:uuid>/edit/", views.activity_edit, name="activity_edit"),
    path(
        "lab-templates/<uuid:uuid>/edit/",
        views.template_edit,
        {"kind": "lab"},
        name="lab_template_edit",
    ),
    path(
        "masterlab-templates/<uuid:uuid>/edit/",
        views.template_edit,
        {"kind": "masterlab"},
        name="masterlab_template_edit",
    ),
    path("centres/<slug:centre_slug>/offers/", views.offers, name="offers"),
    path("centres/<slug:centre_slug>/offers/<slug:slug>/", views.offer_edit, name="offer_edit"),
    path("<slug:slug>/", views.area, name="area"),
    path("<slug:slug>/activities/new/", views.activity_create, name="activity_create"),
]
