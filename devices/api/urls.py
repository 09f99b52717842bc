"""REST API of the Service Requests and devices app, mounted at /api/v1/devices/."""

from rest_framework.routers import DefaultRouter

app_name = "devices-api"
router = DefaultRouter()
urlpatterns = router.urls
