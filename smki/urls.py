"""Browser pages of the SMKI app."""

from django.urls import path

from .views import pages

app_name = "smki"
urlpatterns = [
    path("", pages.home, name="home"),
]
