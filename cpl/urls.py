"""Browser pages of the Central Products List app."""

from django.urls import path

from . import views

app_name = "cpl"
urlpatterns = [
    path("", views.model_list, name="models"),
    path("models/new/", views.model_create, name="model_create"),
    path("models/import/", views.model_import, name="model_import"),
    path("models/<int:pk>/", views.model_detail, name="model"),
    path("models/<int:pk>/edit/", views.model_edit, name="model_edit"),
    path("models/<int:pk>/<str:action>/", views.model_set_status, name="model_status"),
]
