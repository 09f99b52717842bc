"""Browser pages of the Service Requests and devices app (mounted at /service-requests/)."""

from django.urls import path

from . import views

app_name = "devices"
urlpatterns = [
    path("", views.request_list, name="request_list"),
]
