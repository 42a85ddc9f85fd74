from django.urls import path

from parcours.learning import views

app_name = "learning"
urlpatterns = [
    path("discovery/", views.discovery, name="discovery"),
    path("areas/<slug:slug>/", views.area_path, name="area"),
    path("activities/<uuid:uuid>/", views.activity, name="activity"),
    path("activities/<uuid:uuid>/done/", views.tutorial_done, name="tutorial_done"),
    path("activities/<uuid:uuid>/quiz/", views.quiz_submit, name="quiz_submit"),
    path("activities/<uuid:uuid>/project/", views.project_submit, name="project_submit"),
    path("submissions/<uuid:uuid>/file/", views.submission_file, name="submission_file"),
    path("reviews/", views.review_queue, name="reviews"),
    path("reviews/<uuid:uuid>/", views.review, name="review"),
    path("students/<uuid:uuid>/", views.student_path, name="student"),
    path("centres/<slug:slug>/mastery/", views.mastery_model, name="mastery"),
]
