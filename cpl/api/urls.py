"""REST API of the Central Products List app, mounted at /api/v1/cpl/."""

from rest_framework.routers import DefaultRouter

from . import views

app_name = "cpl-api"
router = DefaultRouter()
router.register("device-models", views.DeviceModelViewSet, basename="device-model")
urlpatterns = router.urls
