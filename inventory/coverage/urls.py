"""Browser pages of WAN coverage."""

from django.urls import path

from . import views

app_name = "coverage"
urlpatterns = [
    path("", views.lookup, name="lookup"),
    path("checks/", views.check_list, name="checks"),
    path("checks/proof/", views.proof, name="proof"),
    path("checks/<str:reference>/", views.check_detail, name="check"),
    path("datasets/", views.dataset_list, name="datasets"),
]
