"""REST API of the Smart Metering Inventory (/api/v1/inventory/)."""

from datetime import UTC

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from portal.api.pagination import BigListCursorPagination
from portal.api.views import has_perm
from portal.exceptions import ApplicationError

from .. import selectors, services
from ..filters import DeviceFilterSet, MeterPointFilterSet
from ..models import Device, MeterPoint
from ..permissions import Perm
from . import serializers as s

PROBLEM = OpenApiResponse(description="Problem details (RFC 7807)")


class DeviceCursorPagination(BigListCursorPagination):
    """Newest first by internal id: constant-time pages over millions of Devices, no COUNT."""


class DeviceViewSet(mixins.CreateModelMixin, mixins.DestroyModelMixin, viewsets.ReadOnlyModelViewSet):
    """Devices the caller may see (404 for any other). ``?fields=a,b`` returns only those fields."""

    queryset = Device.objects.none()  # for the schema; requests use the scoped selector
    serializer_class = s.DeviceSerializer
    filterset_class = DeviceFilterSet
    pagination_class = DeviceCursorPagination
    permission_classes = [has_perm(Perm.VIEW_DEVICE)]
    lookup_field = "device_id"
    lookup_value_regex = "[0-9A-Fa-f:-]{16,23}"

    def get_queryset(self):
        return selectors.device_list(actor=self.request.user).select_related("hub", "prenotified_by_party")

    def get_object(self):
        return selectors.device_get(actor=self.request.user, device_id=self.kwargs["device_id"])

    @extend_schema(
        request=s.PrenotifyInputSerializer,
        responses={201: s.DeviceSerializer, 400: PROBLEM, 403: PROBLEM, 409: PROBLEM},
        summary="Pre-notify a Device (SR 12.2)",
    )
    def create(self, request, *args, **kwargs):
        data = s.PrenotifyInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        device = services.device_prenotify(
            actor=request.user,
            device_id=v["device_id"],
            device_type=v["device_type"],
            device_model=v.get("device_model"),
            role=v.get("role") or None,
            type2_description=v.get("type2_description", ""),
            site=services.SiteDetails(
                uprn=v.get("uprn", ""),
                postcode=v.get("postcode", ""),
                address_line=v.get("address_line", ""),
                description=v.get("description", ""),
                esme_variant=v.get("esme_variant", ""),
            ),
        )
        return Response(s.DeviceSerializer(device, context={"request": request}).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={204: None, 403: PROBLEM, 404: PROBLEM}, summary="Delete a Pending Device (SR 8.4)")
    def destroy(self, request, *args, **kwargs):
        services.device_delete(actor=request.user, device=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(responses={200: s.StatusChangeSerializer(many=True), 404: PROBLEM}, summary="Status timeline")
    @action(detail=True, methods=["get"], pagination_class=None, filterset_class=None)
    def history(self, request, device_id=None):
        rows = selectors.device_status_history(device=self.get_object())[:500]
        return Response(s.StatusChangeSerializer(rows, many=True).data)

    @extend_schema(responses={200: s.SystemSerializer, 404: PROBLEM}, summary="The Device's Smart Metering System")
    @action(detail=True, methods=["get"], pagination_class=None, filterset_class=None)
    def system(self, request, device_id=None):
        system = selectors.device_system(actor=request.user, device=self.get_object())
        return Response(s.SystemSerializer(system, context={"request": request}).data)

    @extend_schema(
        parameters=[OpenApiParameter("at", str, description="ISO 8601 instant; default now")],
        responses={200: s.ResponsibleSerializer, 400: PROBLEM, 404: PROBLEM},
        summary="Responsible Suppliers and Network Operators at a time",
    )
    @action(detail=True, methods=["get"], pagination_class=None, filterset_class=None)
    def responsible(self, request, device_id=None):
        device = self.get_object()
        at = timezone.now()
        if request.query_params.get("at"):
            at = parse_datetime(request.query_params["at"])
            if at is None:
                raise ValidationError({"at": "Give an ISO 8601 date-time, e.g. 2025-06-01T00:00:00Z."})
            if timezone.is_naive(at):
                at = at.replace(tzinfo=UTC)
        rp = selectors.responsible_parties(device=device, at=at)
        return Response(
            s.ResponsibleSerializer(
                {"at": at, "suppliers": rp.suppliers, "network_operators": rp.network_operators, "agents": rp.agents}
            ).data
        )


class PrenotificationImportApi(APIView):
    """Upload a pre-notification CSV; it runs as a background job (poll the returned URL)."""

    parser_classes = [MultiPartParser]
    permission_classes = [has_perm(Perm.PRENOTIFY_DEVICE)]

    @extend_schema(
        request={"multipart/form-data": s.ImportInputSerializer},
        responses={202: s.PrenotificationJobSerializer, 400: PROBLEM, 403: PROBLEM},
        summary="Pre-notify Devices from a CSV file (dry run or import)",
    )
    def post(self, request):
        data = s.ImportInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        job = services.prenotify_import_start(
            actor=request.user, uploaded_file=data.validated_data["file"], mode=data.validated_data["mode"]
        )
        return Response(
            {"job": job.pk, "status": job.status, "url": f"/api/v1/jobs/{job.pk}/"}, status=status.HTTP_202_ACCEPTED
        )


class RegistrationImportApi(APIView):
    """Load a Registration Data Provider file (DCC administrators); applied record by record as a job."""

    parser_classes = [MultiPartParser]
    permission_classes = [has_perm(Perm.IMPORT_REGISTRATIONS)]

    @extend_schema(
        request={"multipart/form-data": s.RegistrationFileSerializer},
        responses={202: s.PrenotificationJobSerializer, 400: PROBLEM, 403: PROBLEM},
        summary="Load a Registration Data file (CSV)",
    )
    def post(self, request):
        data = s.RegistrationFileSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        job = services.registration_import_start(actor=request.user, uploaded_file=data.validated_data["file"])
        return Response(
            {"job": job.pk, "status": job.status, "url": f"/api/v1/jobs/{job.pk}/"}, status=status.HTTP_202_ACCEPTED
        )


class MeterPointViewSet(viewsets.ReadOnlyModelViewSet):
    """MPANs and MPRNs the caller is or was registered for (all for DCC staff), with registrations."""

    queryset = MeterPoint.objects.none()
    serializer_class = s.MeterPointSerializer
    filterset_class = MeterPointFilterSet
    pagination_class = BigListCursorPagination
    permission_classes = [has_perm(Perm.VIEW_DEVICE)]
    lookup_field = "mpxn"

    def get_queryset(self):
        return selectors.meter_point_list(actor=self.request.user).prefetch_related("registrations__party")


class DeviceCountsApi(APIView):
    """Portfolio counts of the caller's Devices by SMI Status, type or model."""

    permission_classes = [has_perm(Perm.VIEW_DEVICE)]

    @extend_schema(
        parameters=[OpenApiParameter("by", str, enum=["smi_status", "device_type", "device_model"])],
        responses={200: s.DeviceCountSerializer(many=True), 400: PROBLEM},
        summary="Device counts",
    )
    def get(self, request):
        by = request.query_params.get("by", "smi_status")
        if by not in ("smi_status", "device_type", "device_model"):
            raise ApplicationError("by is smi_status, device_type or device_model.", code="inventory.bad_group")
        rows = selectors.device_counts(actor=request.user, by=by)
        if by == "device_model":
            data = [{"key": f"{r[0]} {r[1]} {r[2]}" if r[3] else None, "count": r[4]} for r in rows]
        else:
            data = [{"key": k, "count": n} for k, n in rows]
        return Response(data)
