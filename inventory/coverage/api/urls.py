"""REST API of WAN coverage."""

from rest_framework.routers import DefaultRouter

app_name = "coverage-api"
router = DefaultRouter()
urlpatterns = router.urls
