"""REST API of the Central Products List app, mounted at /api/v1/cpl/."""

from rest_framework.routers import DefaultRouter

app_name = "cpl-api"
router = DefaultRouter()
urlpatterns = router.urls
