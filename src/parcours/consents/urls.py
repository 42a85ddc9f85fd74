from django.urls import path

from parcours.consents import views

app_name = "consents"
urlpatterns = [path("<uuid:uuid>/withdraw/", views.withdraw, name="withdraw")]
