"""REST API of WAN coverage (/api/v1/coverage/)."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from . import views

app_name = "coverage-api"
router = DefaultRouter()
router.register("checks", views.CoverageCheckViewSet, basename="check")
router.register("datasets", views.CoverageDatasetViewSet, basename="dataset")
urlpatterns = [path("lookup/", views.CoverageLookupApi.as_view(), name="lookup"), *router.urls]
