"""REST API of the Central Products List (/api/v1/cpl/)."""

from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from .. import selectors, services
from ..filters import DeviceModelFilterSet
from ..models import DeviceModel
from . import serializers as s

PROBLEM = OpenApiResponse(description="Problem details (RFC 7807)")


@extend_schema_view(
    create=extend_schema(
        responses={201: s.DeviceModelSerializer, 400: PROBLEM, 403: PROBLEM},
        summary="Add a Device Model (CPL administrators)",
    ),
    partial_update=extend_schema(
        request=s.DeviceModelUpdateSerializer,
        responses={200: s.DeviceModelSerializer, 400: PROBLEM, 403: PROBLEM},
        summary="Change descriptive fields (CPL administrators)",
    ),
)
class DeviceModelViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """CPL entries: readable by everyone signed in; changed by CPL administrators through services."""

    queryset = DeviceModel.objects.none()
    serializer_class = s.DeviceModelSerializer
    filterset_class = DeviceModelFilterSet
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return selectors.device_model_list(actor=self.request.user)

    def create(self, request, *args, **kwargs):
        data = s.DeviceModelSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        model = services.device_model_create(actor=request.user, **data.validated_data)
        return Response(s.DeviceModelSerializer(model).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        model = self.get_object()
        data = s.DeviceModelUpdateSerializer(model, data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        changes = dict(data.validated_data)
        reason = changes.pop("reason", "")
        services.device_model_update(actor=request.user, device_model=model, reason=reason, **changes)
        return Response(s.DeviceModelSerializer(model).data)

    @extend_schema(
        request=s.CplReasonSerializer,
        responses={200: s.DeviceModelSerializer, 400: PROBLEM, 403: PROBLEM, 409: PROBLEM},
        summary="Mark removed: suspends its Devices and raises N28 (background job)",
    )
    @action(detail=True, methods=["post"])
    def remove(self, request, pk=None):
        data = s.CplReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        model = services.device_model_remove(
            actor=request.user, device_model=self.get_object(), reason=data.validated_data["reason"]
        )
        return Response(s.DeviceModelSerializer(model).data)

    @extend_schema(
        request=s.CplReasonSerializer,
        responses={200: s.DeviceModelSerializer, 400: PROBLEM, 403: PROBLEM, 409: PROBLEM},
        summary="Mark current again: restores suspended Devices and raises N29 (background job)",
    )
    @action(detail=True, methods=["post"])
    def reinstate(self, request, pk=None):
        data = s.CplReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        model = services.device_model_reinstate(
            actor=request.user, device_model=self.get_object(), reason=data.validated_data["reason"]
        )
        return Response(s.DeviceModelSerializer(model).data)

    @extend_schema(responses={200: s.DeviceModelChangeSerializer(many=True)}, summary="History of changes")
    @action(detail=True, methods=["get"], pagination_class=None, filterset_class=None)
    def history(self, request, pk=None):
        rows = self.get_object().changes.select_related("actor")[:500]
        return Response(s.DeviceModelChangeSerializer(rows, many=True).data)
