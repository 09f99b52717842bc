"""REST API of Communications Hub ordering and returns (/api/v1/hubs/)."""

from rest_framework.routers import DefaultRouter

from . import views

app_name = "hubs-api"
router = DefaultRouter()
router.register("products", views.HubProductViewSet, basename="product")
router.register("locations", views.DeliveryLocationViewSet, basename="location")
router.register("forecasts", views.ForecastViewSet, basename="forecast")
router.register("orders", views.OrderViewSet, basename="order")
router.register("consignments", views.ConsignmentViewSet, basename="consignment")
router.register("hubs", views.HubViewSet, basename="hub")
router.register("status-updates", views.StatusUpdateViewSet, basename="status-update")
router.register("returns-locations", views.ReturnsLocationViewSet, basename="returns-location")
router.register("rmas", views.RmaViewSet, basename="rma")
router.register("recalls", views.RecallViewSet, basename="recall")
router.register("returns-records", views.ReturnsRecordViewSet, basename="returns-record")
urlpatterns = router.urls
