"""Browser pages of Communications Hub ordering and returns."""

from django.urls import path

from . import views

app_name = "hubs"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("locations/", views.location_list, name="locations"),
    path("locations/new/", views.location_edit, name="location-create"),
    path("locations/<int:pk>/", views.location_edit, name="location-edit"),
    path("locations/<int:pk>/deactivate/", views.location_deactivate, name="location-deactivate"),
    path("forecasts/", views.forecast_list, name="forecasts"),
    path("forecasts/new/", views.forecast_submit, name="forecast-create"),
    path("forecasts/<int:pk>/", views.forecast_detail, name="forecast"),
    path("orders/", views.order_list, name="orders"),
    path("orders/new/", views.order_create, name="order-create"),
    path("orders/<int:pk>/", views.order_detail, name="order"),
    path("orders/<int:pk>/confirm/", views.order_confirm_deemed, name="order-confirm-deemed"),
    path("consignments/<int:pk>/", views.consignment_detail, name="consignment"),
    path("consignments/<int:pk>/<slug:action>/", views.consignment_action, name="consignment-action"),
    path("hubs/", views.hub_list, name="hubs"),
    path("hubs/<int:pk>/", views.hub_detail, name="hub"),
    path("hubs/<int:pk>/lost/", views.hub_lost, name="hub-lost"),
    path("returns/", views.rma_list, name="rmas"),
    path("returns/new/", views.rma_create, name="rma-create"),
    path("returns/<int:pk>/", views.rma_detail, name="rma"),
    path("returns/<int:pk>/cancel/", views.rma_cancel, name="rma-cancel"),
    path("returns/<int:pk>/late/", views.rma_late, name="rma-late"),
    path("returns/<int:pk>/label/", views.rma_label, name="rma-label"),
    path("returns-records/", views.returns_record_list, name="returns-records"),
    path("returns-records/<int:pk>/", views.returns_record_detail, name="returns-record"),
    path("recalls/", views.recall_list, name="recalls"),
    path("recalls/new/", views.recall_create, name="recall-create"),
    path("recalls/<int:pk>/", views.recall_detail, name="recall"),
]
