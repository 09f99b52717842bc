"""REST API of Service Requests, mounted at /api/v1/ (``/api/v1/service-requests/`` as DUIS has it)."""

import re

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from portal.api.exceptions import PROBLEM_BASE
from portal.api.pagination import BigListCursorPagination
from portal.api.views import has_perm

from .. import selectors
from ..choices import Transport
from ..filters import AlertFilterSet, ServiceRequestFilterSet, VariantFilterSet
from ..firmware import firmware_for
from ..models import ServiceRequest
from ..permissions import Perm, can_inject_faults
from ..services import (
    Submission,
    fault_inject,
    hub_power_on,
    quarantine_decide,
    service_requests_submit,
    signed_pre_command_submit,
)
from ..services.archive import archive_retrieve
from ..services.reporting import monthly_report
from ..services.signing import signed_pre_commands_submit
from . import serializers as s

PROBLEM = OpenApiResponse(description="Problem details (RFC 7807)")
MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def _verdict_data(base: str, verdict) -> dict:
    """One verdict as JSON; ``base`` is the absolute URL of the request list (built once per call)."""
    sr = verdict.request
    return {
        "request_id": sr.request_id,
        "accepted": verdict.accepted,
        "code": verdict.code,
        "reason": verdict.reason,
        "errors": verdict.errors,
        "status": sr.status,
        "url": f"{base}{sr.request_id}/" if verdict.accepted else None,
    }


class ServiceRequestListApi(generics.ListAPIView):
    """The Party's Service Requests (the audit trail), newest first; POST submits new ones."""

    serializer_class = s.ServiceRequestSerializer
    filterset_class = ServiceRequestFilterSet
    pagination_class = BigListCursorPagination

    def get_queryset(self):
        return selectors.service_request_list(actor=self.request.user)

    @extend_schema(
        request=s.SubmitInputSerializer,
        responses={202: s.VerdictSerializer, 400: PROBLEM, 403: PROBLEM},
        summary="Submit one Service Request (JSON object) or a batch (JSON array)",
    )
    def post(self, request):
        # "May this person send" is the submission service's own check (every transport).
        many = isinstance(request.data, list)
        items = request.data if many else [request.data]
        if many and not 1 <= len(items) <= settings.DEVICES_SUBMIT_MAX_BATCH:
            raise ValidationError({"non_field_errors": [f"Send 1 to {settings.DEVICES_SUBMIT_MAX_BATCH} requests."]})
        shape = s.SubmitInputSerializer(data=items, many=True)
        shape.is_valid(raise_exception=True)
        submissions = [
            Submission(
                request_id=d["request_id"],
                srv=d["srv"],
                command_variant=d.get("command_variant"),
                body=d.get("body"),
                execute_at=d.get("execute_at"),
                depends_on=d.get("depends_on"),
            )
            for d in shape.validated_data
        ]
        verdicts = service_requests_submit(actor=request.user, submissions=submissions, transport=Transport.JSON_API)
        base = request.build_absolute_uri("/api/v1/service-requests/")
        data = [_verdict_data(base, v) for v in verdicts]
        if many:
            return Response(data, status=status.HTTP_202_ACCEPTED if any(v.accepted for v in verdicts) else 400)
        verdict = verdicts[0]
        if verdict.accepted:
            return Response(data[0], status=status.HTTP_202_ACCEPTED)
        body = {
            "type": PROBLEM_BASE + f"devices.{verdict.code}",
            "title": "Service Request rejected",
            "status": 400,
            "detail": verdict.reason,
            "code": verdict.code,
            **data[0],
        }
        return Response(body, status=400, content_type="application/problem+json")


class ServiceRequestDetailApi(APIView):
    @extend_schema(
        responses={200: s.ServiceRequestDetailSerializer, 404: PROBLEM},
        summary="One Service Request with its responses and alerts",
    )
    def get(self, request, request_id):
        sr = selectors.service_request_get(actor=request.user, request_id=request_id)
        return Response(s.ServiceRequestDetailSerializer(sr).data)


class SignedPreCommandApi(APIView):
    permission_classes = [has_perm(Perm.SEND)]

    @extend_schema(
        request=s.SignedPreCommandSerializer,
        responses={202: s.ServiceRequestSerializer, 400: PROBLEM, 404: PROBLEM, 409: PROBLEM},
        summary="Return the signed Pre-Command of a Critical request (Command Variant 5/6/7)",
    )
    def post(self, request, request_id):
        sr = selectors.service_request_get(actor=request.user, request_id=request_id)
        data = s.SignedPreCommandSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        sr = signed_pre_command_submit(
            actor=request.user,
            sr=sr,
            signature=data.validated_data["signature"],
            command_variant=data.validated_data["command_variant"],
        )
        return Response(s.ServiceRequestSerializer(sr).data, status=status.HTTP_202_ACCEPTED)


class SignedPreCommandBatchApi(APIView):
    permission_classes = [has_perm(Perm.SEND)]

    @extend_schema(
        request=s.SignedPreCommandItemSerializer(many=True),
        responses={200: s.SignedPreCommandVerdictSerializer(many=True), 400: PROBLEM},
        summary="Return a batch of signed Pre-Commands",
    )
    def post(self, request):
        if not isinstance(request.data, list) or not 1 <= len(request.data) <= settings.DEVICES_SUBMIT_MAX_BATCH:
            raise ValidationError({"non_field_errors": [f"Send a list of 1 to {settings.DEVICES_SUBMIT_MAX_BATCH}."]})
        data = s.SignedPreCommandItemSerializer(data=request.data, many=True)
        data.is_valid(raise_exception=True)
        ids = [d["request_id"] for d in data.validated_data]
        found = {
            sr.request_id: sr
            for sr in selectors.service_request_list(actor=request.user).filter(request_id__in=ids, is_accepted=True)
        }
        known = [
            (found[d["request_id"]], d["signature"], d["command_variant"])
            for d in data.validated_data
            if d["request_id"] in found
        ]
        verdicts = iter(signed_pre_commands_submit(actor=request.user, items=known))
        out = []
        for d in data.validated_data:
            code, reason = next(verdicts) if d["request_id"] in found else ("E3", "No such request of yours.")
            out.append({"request_id": d["request_id"], "code": code, "reason": reason})
        return Response(out)


class QuarantineApi(APIView):
    permission_classes = [has_perm(Perm.MANAGE_QUARANTINE)]

    @extend_schema(
        request=s.QuarantineDecisionSerializer,
        responses={200: OpenApiResponse(description="count")},
        summary="Release or delete quarantined requests (the QCA decision)",
    )
    def post(self, request):
        data = s.QuarantineDecisionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        found = list(
            selectors.service_request_list(actor=request.user).filter(
                request_id__in=data.validated_data["request_ids"], is_accepted=True
            )
        )
        count = quarantine_decide(actor=request.user, requests=found, action=data.validated_data["action"])
        return Response({"count": count})


class CatalogueListApi(generics.ListAPIView):
    """The current Service Request catalogue (reference data, visible to every signed-in person)."""

    serializer_class = s.VariantSerializer
    filterset_class = VariantFilterSet
    pagination_class = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            from ..models import ServiceReferenceVariant

            return ServiceReferenceVariant.objects.none()
        return selectors.variant_list()


class CatalogueDetailApi(APIView):
    @extend_schema(responses={200: s.VariantSerializer, 404: PROBLEM}, summary="One Service Reference Variant")
    def get(self, request, srv):
        return Response(s.VariantSerializer(selectors.variant_get(srv=srv)).data)


class AlertListApi(generics.ListAPIView):
    """Device and DCC alerts sent to the Party, linked to their request and device."""

    serializer_class = s.AlertSerializer
    filterset_class = AlertFilterSet
    pagination_class = BigListCursorPagination

    def get_queryset(self):
        return selectors.alert_list(actor=self.request.user)


class ScheduleListApi(generics.ListAPIView):
    serializer_class = s.ScheduleSerializer

    def get_queryset(self):
        return selectors.schedule_list(actor=self.request.user).order_by("-created_at")


class ThresholdListApi(generics.ListCreateAPIView):
    """The Party's anomaly detection thresholds (User-set ADTs and Warning Thresholds)."""

    serializer_class = s.ThresholdSerializer

    def get_queryset(self):
        return selectors.threshold_list(actor=self.request.user).order_by("srv_code", "kind")

    def create(self, request, *args, **kwargs):
        from ..services.thresholds import threshold_set

        data = s.ThresholdSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        threshold = threshold_set(
            actor=request.user,
            **{
                k: v
                for k, v in data.validated_data.items()
                if k in ("srv_code", "kind", "limit", "period_seconds", "is_active")
            },
        )
        return Response(s.ThresholdSerializer(threshold).data, status=status.HTTP_201_CREATED)


class ArchiveRetrieveApi(APIView):
    @extend_schema(
        responses={200: OpenApiResponse(description="The archived record"), 404: PROBLEM},
        summary="Retrieve an archived request (kept 7 years)",
    )
    def get(self, request, request_id):
        found = selectors.archive_list(actor=request.user).filter(request_id=request_id).first()
        if found is None:
            from django.http import Http404

            raise Http404
        return Response(archive_retrieve(actor=request.user, archived=found))


class ReportApi(APIView):
    @extend_schema(
        parameters=[OpenApiParameter("month", str, description="YYYY-MM (default: this month)")],
        responses={200: OpenApiResponse(description="Monthly performance report")},
        summary="Monthly Code Performance Measures",
    )
    def get(self, request):
        month = request.query_params.get("month")
        if month and not MONTH.match(month):
            raise ValidationError({"month": ["Use YYYY-MM."]})
        report = monthly_report(
            requests=selectors.service_request_list(actor=request.user),
            alerts=selectors.alert_list(actor=request.user),
            month=month,
        )
        return Response(
            {
                "month": report["month"],
                "latency_seconds": report["latency"],
                "status_counts": report["status_counts"],
                "measures": [
                    {
                        "number": m.number,
                        "measure": m.measure,
                        "target_pct": m.target,
                        "minimum_pct": m.minimum,
                        "total": m.total,
                        "within": m.within,
                        "percent": m.percent,
                        "verdict": m.verdict,
                        "note": m.note,
                    }
                    for m in report["measures"]
                ],
                "requests_by_srv": report["requests_by_srv"],
            }
        )


class FaultApi(APIView):
    @extend_schema(
        request=s.FaultSerializer,
        responses={200: s.EmulationSerializer, 403: PROBLEM, 404: PROBLEM},
        summary="DCC back door: inject a fault into an emulated device",
    )
    def post(self, request, device_id):
        if not can_inject_faults(request.user):
            from django.http import Http404

            raise Http404  # the back door does not exist for anyone else
        data = s.FaultSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        row = fault_inject(actor=request.user, device_id=device_id, **data.validated_data)
        return Response(_emulation(row))


class EmulationApi(APIView):
    @extend_schema(
        responses={200: s.EmulationSerializer, 404: PROBLEM},
        summary="DCC staff: the emulated firmware state of a device",
    )
    def get(self, request, device_id):
        row = selectors.emulated_device_get(device_id=device_id) if can_inject_faults(request.user) else None
        if row is None:
            from django.http import Http404

            raise Http404
        return Response(_emulation(row))


class HubPowerOnApi(APIView):
    permission_classes = [has_perm(Perm.SEND)]

    @extend_schema(
        request=None,
        responses={200: s.EmulationSerializer, 404: PROBLEM},
        summary="Installer: power the Communications Hub at the premises (it joins the SM WAN)",
    )
    def post(self, request, device_id):
        row = hub_power_on(actor=request.user, device_id=device_id)
        return Response(_emulation(row))


def _emulation(row) -> dict:
    return {
        "device_id": row.device_id,
        "device_type": row.device_type,
        "profile": row.profile,
        "faults": row.faults,
        "is_powered": row.is_powered,
        "state": {k: v for k, v in row.state.items() if not k.startswith("_")},
        "supported_srvs": firmware_for(row.device_type).supported_srvs(),
    }


__all__ = ["ServiceRequest", "get_object_or_404"]


# --- the DUIS web services (XML, not REST): /api/v1/serviceS, /serviceT, /serviceD ------------

_DUIS_CONTENT_TYPES = frozenset({"application/xml", "text/xml"})


def _plain(status: int, reason: str) -> HttpResponse:
    return HttpResponse(reason, status=status, content_type="text/plain; charset=utf-8")


@csrf_exempt
def duis_service(request, service: str):
    """A DUIS web service (spec duis-gateway.md §1): signed XML in, ``sr:Response`` out.

    No session, token or CSRF: the XML signature authenticates the sender. Anything the gateway can
    parse is answered HTTP 200 with a DUIS response code; a transport failure (method, content
    type, size, not XML) is a plain-text 4xx.
    """
    from ..services.duis_gateway import duis_request_receive

    if request.method != "POST":
        response = _plain(405, "DUIS web services take POST.")
        response["Allow"] = "POST"
        return response
    if request.content_type not in _DUIS_CONTENT_TYPES:
        return _plain(415, "Send the DUIS request as application/xml.")
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return _plain(400, "Content-Length is not a number.")
    if length > settings.DUIS_MAX_REQUEST_BYTES:
        return _plain(413, f"The request is larger than {settings.DUIS_MAX_REQUEST_BYTES} bytes.")
    answer = duis_request_receive(service=service, data=request.body)
    response = HttpResponse(answer.body, status=answer.status, content_type=answer.content_type)
    if settings.DUIS_TIMING_HEADER:
        response["X-DUIS-CPU"] = ",".join(f"{k}={round(v * 1e6)}" for k, v in answer.timings.items())
    return response
