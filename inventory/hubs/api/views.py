"""CH ordering and returns API (/api/v1/hubs/): each action calls exactly one service."""

from django.core.exceptions import ValidationError
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import BasePermission
from rest_framework.response import Response

from .. import selectors, services
from ..filters import ConsignmentFilterSet, HubFilterSet, OrderFilterSet, RmaFilterSet
from ..models import (
    Consignment,
    DeliveryLocation,
    Forecast,
    Hub,
    HubProduct,
    HubStatusUpdate,
    Order,
    Recall,
    ReturnsLocation,
    ReturnsRecord,
    Rma,
)
from ..permissions import can_handle_deliveries_and_returns, can_operate_dcc, can_order, can_view_hubs
from . import serializers as s

PROBLEM = OpenApiResponse(description="Problem details (RFC 7807)")


def _predicate_permission(predicate, name: str) -> type[BasePermission]:
    class _Permission(BasePermission):
        message = "Your portal roles do not allow this."

        def has_permission(self, request, view):
            return bool(request.user and request.user.is_authenticated and predicate(request.user))

    _Permission.__name__ = name
    return _Permission


CanView = _predicate_permission(can_view_hubs, "CanViewHubs")
CanOrder = _predicate_permission(can_order, "CanOrderHubs")
CanReceive = _predicate_permission(can_handle_deliveries_and_returns, "CanHandleDeliveriesAndReturns")
IsDccOperator = _predicate_permission(can_operate_dcc, "IsDccHubOperator")


class _Scoped(viewsets.GenericViewSet):
    permission_classes = [CanView]
    write_permissions: dict = {}

    def get_permissions(self):
        extra = self.write_permissions.get(self.action)
        return [CanView(), extra()] if extra else super().get_permissions()


class HubProductViewSet(_Scoped, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """CH Device Models that may be ordered (F5.1). Filter with ``?region=``."""

    queryset = HubProduct.objects.none()
    serializer_class = s.HubProductSerializer
    lookup_field = "code"

    def get_queryset(self):
        return selectors.product_list(region=self.request.query_params.get("region"))


class DeliveryLocationViewSet(
    _Scoped, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin
):
    """The caller's Delivery Locations (App H 3.4)."""

    queryset = DeliveryLocation.objects.none()
    serializer_class = s.DeliveryLocationSerializer
    write_permissions = {"create": CanOrder, "update": CanOrder, "partial_update": CanOrder, "deactivate": CanOrder}

    def get_queryset(self):
        return selectors.location_list(actor=self.request.user)

    def perform_create(self, serializer):
        serializer.instance = services.location_create(actor=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services.location_update(
            actor=self.request.user, location=serializer.instance, **serializer.validated_data
        )

    @extend_schema(request=None, responses={200: s.DeliveryLocationSerializer, 404: PROBLEM})
    @action(detail=True, methods=["post"])
    def deactivate(self, request, pk=None):
        return Response(
            s.DeliveryLocationSerializer(
                services.location_deactivate(actor=request.user, location=self.get_object())
            ).data
        )


class ForecastViewSet(_Scoped, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """24-month CH forecasts per Region (F5.2-F5.6)."""

    queryset = Forecast.objects.none()
    serializer_class = s.ForecastSerializer
    write_permissions = {"create": CanOrder}

    def get_queryset(self):
        return selectors.forecast_list(actor=self.request.user).prefetch_related("months")

    @extend_schema(
        request=s.ForecastSubmitSerializer, responses={201: s.ForecastSerializer, 400: PROBLEM, 403: PROBLEM}
    )
    def create(self, request):
        data = s.ForecastSubmitSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        forecast = services.forecast_submit(
            actor=request.user, region=data.validated_data["region"], months=data.validated_data["months"]
        )
        return Response(s.ForecastSerializer(forecast).data, status=status.HTTP_201_CREATED)


def _consignment_inputs(request, payload) -> list:
    locations = {loc.pk: loc for loc in selectors.location_list(actor=request.user)}
    products = {p.code: p for p in HubProduct.objects.all()}
    items, errors = [], []
    for n, c in enumerate(payload["consignments"], start=1):
        unknown = sorted(set(c["quantities"]) - set(products))
        if unknown:
            errors.append(f"Location {n}: unknown Device Model(s) {', '.join(unknown)}.")
        if c["location"] not in locations:
            errors.append(f"Location {n}: Delivery Location {c['location']} is not one of yours.")
        items.append(
            services.ConsignmentInput(
                location=locations.get(c["location"]),
                delivery_date=c["delivery_date"],
                window_start=c["window_start"],
                window_end=c["window_end"],
                quantities={products[k]: v for k, v in c["quantities"].items() if k in products and v},
                t1_aerials=c["t1_aerials"],
                t2_aerials=c["t2_aerials"],
            )
        )
    if errors:
        raise ValidationError(errors)
    return items


class OrderViewSet(_Scoped, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """CH orders: preview (the tolerance check, saving nothing), submit, and the DCC's decision."""

    queryset = Order.objects.none()
    serializer_class = s.OrderSerializer
    filterset_class = OrderFilterSet
    write_permissions = {"create": CanOrder, "preview": CanOrder, "decide": IsDccOperator}

    def get_queryset(self):
        return (
            selectors.order_list(actor=self.request.user)
            .prefetch_related("consignments__lines__product")
            .order_by("-submission_month", "region")
        )

    @extend_schema(
        request=s.OrderInputSerializer,
        responses={200: s.OrderPreviewSerializer, 400: PROBLEM},
        summary="Check an order without placing it",
    )
    @action(detail=False, methods=["post"])
    def preview(self, request):
        data = s.OrderInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        preview = services.order_preview(
            party=request.user.party,
            region=data.validated_data["region"],
            consignments=_consignment_inputs(request, data.validated_data),
        )
        body = {
            "region": preview.region,
            "delivery_month": preview.delivery_month,
            "deadline": preview.deadline,
            "errors": preview.errors,
            "warnings": preview.warnings,
            "is_compliant": preview.is_compliant,
            "is_mandatory": preview.is_mandatory,
            "compliance": preview.compliance_json(),
        }
        return Response(s.OrderPreviewSerializer(body).data)

    @extend_schema(
        request=s.OrderInputSerializer,
        responses={201: s.OrderSerializer, 400: PROBLEM, 403: PROBLEM},
        summary="Place this month's order for a Region",
    )
    def create(self, request):
        data = s.OrderInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        order = services.order_submit(
            actor=request.user,
            region=data.validated_data["region"],
            consignments=_consignment_inputs(request, data.validated_data),
        )
        return Response(
            s.OrderSerializer(selectors.order_get(actor=request.user, pk=order.pk)).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(
        request=s.OrderDecisionSerializer, responses={200: s.OrderSerializer, 400: PROBLEM, 403: PROBLEM, 404: PROBLEM}
    )
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        data = s.OrderDecisionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        quantities = {int(k): q for k, q in (v.get("quantities") or {}).items() if str(k).isdigit()}
        order = services.order_decide(
            actor=request.user,
            order=self.get_object(),
            decision=v["decision"],
            reason=v["reason"],
            quantities=quantities,
        )
        return Response(s.OrderSerializer(selectors.order_get(actor=request.user, pk=order.pk)).data)


class ConsignmentViewSet(_Scoped, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """Consignments: cancel (>= 48 h before), amend and deliver (DCC), confirm or report (Party)."""

    queryset = Consignment.objects.none()
    serializer_class = s.ConsignmentSerializer
    filterset_class = ConsignmentFilterSet
    write_permissions = {
        "cancel": CanOrder,
        "amend": IsDccOperator,
        "deliver": IsDccOperator,
        "confirm": CanReceive,
        "report": CanReceive,
        "estimate_request": CanOrder,
        "estimate": IsDccOperator,
    }

    def get_queryset(self):
        return selectors.consignment_list(actor=self.request.user)

    def _out(self, consignment):
        return Response(
            s.ConsignmentSerializer(selectors.consignment_get(actor=self.request.user, pk=consignment.pk)).data
        )

    @extend_schema(
        request=s.CancelReasonSerializer,
        responses={200: s.ConsignmentSerializer, 400: PROBLEM, 403: PROBLEM, 404: PROBLEM},
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        data = s.CancelReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._out(
            services.consignment_cancel(
                actor=request.user, consignment=self.get_object(), reason=data.validated_data["reason"]
            )
        )

    @extend_schema(
        request=s.ConsignmentAmendSerializer,
        responses={200: s.ConsignmentSerializer, 400: PROBLEM, 403: PROBLEM, 404: PROBLEM},
    )
    @action(detail=True, methods=["post"])
    def amend(self, request, pk=None):
        data = s.ConsignmentAmendSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = dict(data.validated_data)
        consignment = self.get_object()
        location = (
            DeliveryLocation.objects.filter(pk=v.pop("location", None), party=consignment.order.party).first()
            if "location" in v
            else None
        )
        return self._out(
            services.consignment_amend(actor=request.user, consignment=consignment, location=location, **v)
        )

    @extend_schema(
        request=s.DeliverSerializer,
        responses={200: s.ConsignmentSerializer, 400: PROBLEM, 403: PROBLEM, 404: PROBLEM},
        summary="Record delivery: the hubs enter the SMI as Pending CHF+GPF pairs",
    )
    @action(detail=True, methods=["post"])
    def deliver(self, request, pk=None):
        data = s.DeliverSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        delivered = {int(k): q for k, q in (data.validated_data.get("delivered") or {}).items() if str(k).isdigit()}
        return self._out(
            services.consignment_deliver(actor=request.user, consignment=self.get_object(), delivered=delivered)
        )

    @extend_schema(request=None, responses={200: s.ConsignmentSerializer, 400: PROBLEM, 403: PROBLEM, 404: PROBLEM})
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        return self._out(services.consignment_confirm(actor=request.user, consignment=self.get_object()))

    @extend_schema(
        request=s.DeliveryReportSerializer,
        responses={200: s.ConsignmentSerializer, 400: PROBLEM, 403: PROBLEM, 404: PROBLEM},
    )
    @action(detail=True, methods=["post"])
    def report(self, request, pk=None):
        data = s.DeliveryReportSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._out(
            services.consignment_report(actor=request.user, consignment=self.get_object(), **data.validated_data)
        )

    @extend_schema(
        request=None,
        responses={200: s.ConsignmentSerializer, 400: PROBLEM, 403: PROBLEM, 404: PROBLEM},
        summary="Ask for a non-binding cancellation cost estimate (F5.19)",
    )
    @action(detail=True, methods=["post"], url_path="estimate-request")
    def estimate_request(self, request, pk=None):
        return self._out(services.consignment_estimate_request(actor=request.user, consignment=self.get_object()))

    @extend_schema(
        request=s.EstimateSerializer,
        responses={200: s.ConsignmentSerializer, 400: PROBLEM, 403: PROBLEM, 404: PROBLEM},
    )
    @action(detail=True, methods=["post"])
    def estimate(self, request, pk=None):
        data = s.EstimateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._out(
            services.consignment_estimate_give(
                actor=request.user, consignment=self.get_object(), **data.validated_data
            )
        )


class HubViewSet(_Scoped, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """Delivered Communications Hubs; SR 8.14.1-8.14.4 status updates and loss reports."""

    queryset = Hub.objects.none()
    serializer_class = s.HubSerializer
    filterset_class = HubFilterSet
    lookup_field = "chf_id"
    lookup_value_regex = "[0-9A-Fa-f-]{16,23}"
    write_permissions = {"status_update": CanReceive, "lost": CanReceive}

    def get_queryset(self):
        return selectors.hub_list(actor=self.request.user)

    @extend_schema(
        request=s.StatusUpdateInputSerializer,
        responses={201: s.StatusUpdateSerializer, 400: PROBLEM, 403: PROBLEM, 404: PROBLEM},
        summary="Communications Hub Status Update (SR 8.14.1-8.14.4)",
    )
    @action(detail=False, methods=["post"], url_path="status-updates")
    def status_update(self, request):
        data = s.StatusUpdateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = dict(data.validated_data)
        hub = selectors.hub_get_by_chf(actor=request.user, chf_id=v.pop("chf_id"))
        update = services.hub_status_update(
            actor=request.user, hub=hub, channel="api", kind=v.pop("service_request"), **v
        )
        return Response(s.StatusUpdateSerializer(update).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=s.LostSerializer, responses={200: s.HubSerializer, 400: PROBLEM, 403: PROBLEM, 404: PROBLEM}
    )
    @action(detail=True, methods=["post"])
    def lost(self, request, chf_id=None):
        data = s.LostSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return Response(
            s.HubSerializer(
                services.hub_report_lost(actor=request.user, hub=self.get_object(), **data.validated_data)
            ).data
        )


class StatusUpdateViewSet(_Scoped, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    queryset = HubStatusUpdate.objects.none()
    serializer_class = s.StatusUpdateSerializer

    def get_queryset(self):
        return selectors.status_update_list(actor=self.request.user)


class ReturnsLocationViewSet(_Scoped, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """DCC Returns Locations, at most two per Region (F8.8)."""

    queryset = ReturnsLocation.objects.none()
    serializer_class = s.ReturnsLocationSerializer

    def get_queryset(self):
        return selectors.returns_location_list(actor=self.request.user, region=self.request.query_params.get("region"))


class RmaViewSet(_Scoped, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """Return Material Authorisations (App I 10.5-10.19); ``label_url`` is the printable label."""

    queryset = Rma.objects.none()
    serializer_class = s.RmaSerializer
    filterset_class = RmaFilterSet
    write_permissions = {"create": CanReceive, "cancel": CanReceive, "receive": IsDccOperator}

    def get_queryset(self):
        return selectors.rma_list(actor=self.request.user).prefetch_related("hubs")

    @extend_schema(request=s.RmaInputSerializer, responses={201: s.RmaSerializer, 400: PROBLEM, 403: PROBLEM})
    def create(self, request):
        data = s.RmaInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = dict(data.validated_data)
        ids = v.pop("chf_ids")
        hubs = list(selectors.hub_list(actor=request.user).filter(chf_id__in=ids))
        missing = sorted(set(ids) - {h.chf_id for h in hubs})
        if missing:
            raise ValidationError(f"Unknown hubs: {', '.join(missing)}.")
        location = selectors.returns_location_list(actor=request.user).filter(pk=v.pop("location")).first()
        rma = services.rma_request(actor=request.user, hubs=hubs, location=location, **v)
        return Response(s.RmaSerializer(rma).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=s.CancelReasonSerializer, responses={200: s.RmaSerializer, 400: PROBLEM, 403: PROBLEM, 404: PROBLEM}
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        data = s.CancelReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return Response(
            s.RmaSerializer(
                services.rma_cancel(actor=request.user, rma=self.get_object(), reason=data.validated_data["reason"])
            ).data
        )

    @extend_schema(
        request=s.RmaReceiveSerializer, responses={200: s.RmaSerializer, 400: PROBLEM, 403: PROBLEM, 404: PROBLEM}
    )
    @action(detail=True, methods=["post"])
    def receive(self, request, pk=None):
        data = s.RmaReceiveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return Response(
            s.RmaSerializer(
                services.rma_receive(actor=request.user, rma=self.get_object(), **data.validated_data)
            ).data
        )


class RecallViewSet(_Scoped, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """DCC recalls; a Party sees the hubs it must return."""

    queryset = Recall.objects.none()
    serializer_class = s.RecallSerializer
    write_permissions = {"create": IsDccOperator}

    def get_queryset(self):
        return selectors.recall_list(actor=self.request.user)

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if not can_operate_dcc(self.request.user):
            context["only_party"] = self.request.user.party
        return context

    @extend_schema(request=s.RecallInputSerializer, responses={201: s.RecallSerializer, 400: PROBLEM, 403: PROBLEM})
    def create(self, request):
        data = s.RecallInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        hubs = list(selectors.hub_list(actor=request.user).filter(chf_id__in=v["chf_ids"]))
        missing = sorted(set(v["chf_ids"]) - {h.chf_id for h in hubs})
        if missing:
            raise ValidationError(f"Unknown hubs: {', '.join(missing)}.")
        recall = services.recall_create(
            actor=request.user, reason=v["recall_reason"], description=v["description"], hubs=hubs
        )
        return Response(
            s.RecallSerializer(recall, context=self.get_serializer_context()).data, status=status.HTTP_201_CREATED
        )


class ReturnsRecordViewSet(_Scoped, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """Returns records and their fault diagnosis (F9.9-F9.14); the DCC's steps are actions."""

    queryset = ReturnsRecord.objects.none()
    serializer_class = s.ReturnsRecordSerializer
    write_permissions = {
        "notice": IsDccOperator,
        "report": IsDccOperator,
        "objection": IsDccOperator,
        "panel_decision": IsDccOperator,
    }

    def get_queryset(self):
        return selectors.returns_record_list(actor=self.request.user)

    def _out(self, record):
        return Response(s.ReturnsRecordSerializer(record).data)

    @extend_schema(request=None, responses={200: s.ReturnsRecordSerializer, 400: PROBLEM, 403: PROBLEM, 404: PROBLEM})
    @action(detail=True, methods=["post"])
    def notice(self, request, pk=None):
        return self._out(services.returns_record_notice(actor=request.user, record=self.get_object()))

    @extend_schema(
        request=s.DiagnosisReportSerializer,
        responses={200: s.ReturnsRecordSerializer, 400: PROBLEM, 403: PROBLEM, 404: PROBLEM},
    )
    @action(detail=True, methods=["post"])
    def report(self, request, pk=None):
        data = s.DiagnosisReportSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._out(
            services.returns_record_report(actor=request.user, record=self.get_object(), **data.validated_data)
        )

    @extend_schema(
        request=s.ObjectionSerializer,
        responses={200: s.ReturnsRecordSerializer, 400: PROBLEM, 403: PROBLEM, 404: PROBLEM},
    )
    @action(detail=True, methods=["post"])
    def objection(self, request, pk=None):
        data = s.ObjectionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._out(
            services.returns_record_objection(actor=request.user, record=self.get_object(), **data.validated_data)
        )

    @extend_schema(
        request=s.PanelDecisionSerializer,
        responses={200: s.ReturnsRecordSerializer, 400: PROBLEM, 403: PROBLEM, 404: PROBLEM},
    )
    @action(detail=True, methods=["post"], url_path="panel-decision")
    def panel_decision(self, request, pk=None):
        data = s.PanelDecisionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        record = services.returns_record_panel_decision(
            actor=request.user, record=self.get_object(), reason=v["final_reason"], outcome=v["outcome"]
        )
        return self._out(record)
