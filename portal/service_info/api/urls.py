"""REST API of SSI service information."""

from rest_framework.routers import DefaultRouter

app_name = "service_info-api"
router = DefaultRouter()
urlpatterns = router.urls
