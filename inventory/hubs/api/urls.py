"""REST API of Communications Hub ordering and returns."""

from rest_framework.routers import DefaultRouter

app_name = "hubs-api"
router = DefaultRouter()
urlpatterns = router.urls
