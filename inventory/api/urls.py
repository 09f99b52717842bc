"""REST API of the Smart Metering Inventory app, mounted at /api/v1/inventory/."""

from rest_framework.routers import DefaultRouter

app_name = "inventory-api"
router = DefaultRouter()
urlpatterns = router.urls
