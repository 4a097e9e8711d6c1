from django.urls import path

from . import views

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    path("wiki/<path:title>", views.page, name="page"),
]
