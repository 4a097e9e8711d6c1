from django.urls import path

from . import views

app_name = "references"

urlpatterns = [
    path("", views.sites, name="sites"),
    path("<str:host>/", views.site, name="site"),
]
