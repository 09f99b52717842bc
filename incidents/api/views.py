"""REST API of the incidents app under /api/v1/incidents/, scoped to the caller's Party (staff see all).

Each action validates shape with its input serializer and calls exactly one service; the services
apply the rules and raise problem-details errors (400 input, 403 not permitted, 404 out of scope,
409 forbidden transition).
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from portal.models import Party

from .. import selectors, services
from ..choices import Channel, IncidentKind
from ..clock import clock_figures
from ..filters import IncidentFilterSet, ProblemFilterSet
from ..models import Incident
from ..permissions import Perm, can_log_on_behalf, can_raise_incident, is_service_desk
from . import serializers as s

PROBLEM = OpenApiResponse(description="Problem details (RFC 7807)")
ERRORS = {400: PROBLEM, 403: PROBLEM, 404: PROBLEM, 409: PROBLEM}


def _party(code, field: str = "party"):
    """The active Party with ``code``; an unknown code is bad input (400 naming the field), not a 404,
    which would read as "no such incident"."""
    if not code:
        return None
    party = Party.objects.filter(is_active=True, code=code).first()
    if party is None:
        raise ValidationError({field: [f"No active Party has the code {code!r}."]})
    return party


def _dcc_person(email, field: str = "assignee"):
    if not email:
        return None
    person = get_user_model().objects.filter(party__is_dcc=True, is_active=True, email__iexact=email).first()
    if person is None:
        raise ValidationError({field: [f"{email} is not an active DCC person."]})
    return person


def _incident_input(d: dict) -> services.IncidentInput:
    return services.IncidentInput(
        contact_name=d["contact_name"],
        contact_organisation=d["contact_organisation"],
        contact_details=d["contact_details"],
        party_reference=d["party_reference"],
        occurred_at=d["occurred_at"],
        mpxn=d["mpxn"],
        device_id=d["device_id"],
        summary=d["summary"],
        business_impact=d["business_impact"],
        triage_details=d["triage_details"],
        proposed_category=d["proposed_category"],
        links=[(link["kind"], link["value"]) for link in d["links"]],
    )


class IncidentViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Incidents and general queries the caller may see. Users see their Party's, those assigned to
    it and those it is an Interested Party in; service desk staff see all."""

    serializer_class = s.IncidentSerializer
    filterset_class = IncidentFilterSet
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return selectors.incident_list(actor=self.request.user).prefetch_related("links").select_related("problem")

    def _incident(self, pk) -> Incident:
        return selectors.incident_get(actor=self.request.user, pk=pk)

    def _answer(self, incident, code=status.HTTP_200_OK):
        incident.refresh_from_db()
        return Response(s.IncidentSerializer(incident).data, status=code)

    @extend_schema(
        request=s.IncidentCreateSerializer,
        responses={201: s.IncidentSerializer, **ERRORS},
        summary="Raise an incident or a general query (service desk: log one for a Party)",
    )
    def create(self, request, *args, **kwargs):
        data = s.IncidentCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        payload = _incident_input(d)
        if d["kind"] == IncidentKind.GENERAL_QUERY and not payload.occurred_at:
            payload.occurred_at = timezone.now()
        party = _party(d.get("party"))
        incident = services.incident_raise(
            actor=request.user,
            data=payload,
            kind=d["kind"],
            party=party,
            channel=d.get("channel") or (Channel.PHONE if party else Channel.API),
        )
        return self._answer(incident, status.HTTP_201_CREATED)

    @extend_schema(
        request=s.IncidentRecurrenceSerializer,
        responses={201: s.IncidentSerializer, **ERRORS},
        summary="Report a recurrence of a closed incident: a new incident linked to it (App AG 2.14)",
    )
    @action(detail=True, methods=["post"])
    def recurrence(self, request, pk=None):
        incident = self._incident(pk)
        data = s.IncidentRecurrenceSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        recurrence = services.incident_report_recurrence(
            actor=request.user, incident=incident, data=_incident_input(data.validated_data)
        )
        return self._answer(recurrence, status.HTTP_201_CREATED)

    @extend_schema(
        responses=s.IncidentSerializer(many=True),
        summary="Triage queue: open incidents by category, then time left to target",
    )
    @action(detail=False)
    def queue(self, request):
        if not is_service_desk(request.user):
            raise PermissionDenied("The triage queue is for service desk staff.")
        qs = self.filter_queryset(selectors.incident_queue(actor=request.user))
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(s.IncidentSerializer(page, many=True).data)

    @extend_schema(
        responses=s.IncidentSerializer(many=True),
        summary="Open incidents that may match (same device, MPxN or summary words)",
    )
    @action(detail=False)
    def matches(self, request):
        # Same rule as the page: only people who may raise (or log) incidents look for ones to join
        # (App AG 2.1.3); others must not read other Parties' open incidents.
        if not (can_raise_incident(request.user) or can_log_on_behalf(request.user)):
            raise PermissionDenied("Only people who may raise incidents can search for matching ones.")
        data = services.IncidentInput(
            summary=request.query_params.get("summary", ""),
            device_id=request.query_params.get("device_id", ""),
            mpxn=request.query_params.get("mpxn", ""),
        )
        incidents, _alerts = services.incident_matches(data=data)
        rows = [
            {"id": i.pk, "reference": i.reference, "summary": i.summary, "category": i.category, "status": i.status}
            for i in incidents
        ]
        return Response(rows)

    @extend_schema(
        responses={200: s.IncidentSlaSerializer, 404: PROBLEM},
        summary="SLA figures now and the clock events they come from",
    )
    @action(detail=True)
    def sla(self, request, pk=None):
        incident = self._incident(pk)
        figures = clock_figures(incident, now=timezone.now())
        if figures is None:
            return Response({"detail": "General queries have no SLA."}, status=status.HTTP_404_NOT_FOUND)
        return Response(
            s.IncidentSlaSerializer(
                {
                    "state": figures.state,
                    "category": figures.category,
                    "calendar": figures.target.calendar.name,
                    "response_due_at": figures.response_due_at,
                    "responded_at": figures.responded_at,
                    "resolution_due_at": figures.resolution_due_at,
                    "elapsed_seconds": int(figures.elapsed.total_seconds()),
                    "remaining_seconds": int(figures.remaining.total_seconds()),
                    "events": incident.clock_events.order_by("at", "pk"),
                }
            ).data
        )

    @extend_schema(responses=s.IncidentUpdateSerializer(many=True), summary="The incident's timeline")
    @action(detail=True)
    def timeline(self, request, pk=None):
        incident = self._incident(pk)
        rows = incident.updates.select_related("actor").order_by("at", "pk")
        if not is_service_desk(request.user):
            rows = rows.filter(is_internal=False)
        return Response(s.IncidentUpdateSerializer(rows, many=True).data)

    def _do(self, request, pk, serializer, fn):
        incident = self._incident(pk)
        data = serializer(data=request.data)
        data.is_valid(raise_exception=True)
        fn(incident, data.validated_data)
        return self._answer(incident)

    @extend_schema(
        request=s.IncidentCategoriseSerializer,
        responses={200: s.IncidentSerializer, **ERRORS},
        summary="Set the DCC's category (a change needs a reason)",
    )
    @action(detail=True, methods=["post"])
    def categorise(self, request, pk=None):
        return self._do(
            request,
            pk,
            s.IncidentCategoriseSerializer,
            lambda i, d: services.incident_categorise(
                actor=request.user, incident=i, category=d["category"], reason=d["reason"]
            ),
        )

    @extend_schema(
        request=s.IncidentAssignSerializer,
        responses={200: s.IncidentSerializer, **ERRORS},
        summary="Assign to a DCC resolver group, or to an Incident Party (pending)",
    )
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        return self._do(
            request,
            pk,
            s.IncidentAssignSerializer,
            lambda i, d: services.incident_assign(
                actor=request.user,
                incident=i,
                group=d["group"],
                party=_party(d.get("party")),
                assignee=_dcc_person(d.get("assignee")),
                reason=d["reason"],
            ),
        )

    @extend_schema(
        request=s.IncidentGuidanceSerializer,
        responses={200: s.IncidentSerializer, **ERRORS},
        summary="Not an incident: close with guidance",
    )
    @action(detail=True, methods=["post"], url_path="not-incident")
    def not_incident(self, request, pk=None):
        return self._do(
            request,
            pk,
            s.IncidentGuidanceSerializer,
            lambda i, d: services.incident_close_not_incident(actor=request.user, incident=i, guidance=d["guidance"]),
        )

    @extend_schema(
        request=s.IncidentPartyRefSerializer,
        responses={200: s.IncidentSerializer, **ERRORS},
        summary="Identify an Interested Party",
    )
    @action(detail=True, methods=["post"], url_path="interested-parties")
    def interested_parties(self, request, pk=None):
        return self._do(
            request,
            pk,
            s.IncidentPartyRefSerializer,
            lambda i, d: services.incident_add_interested_party(
                actor=request.user, incident=i, party=_party(d["party"])
            ),
        )

    @extend_schema(
        request=None,
        responses={200: s.IncidentSerializer, **ERRORS},
        summary="Join another Party's open incident as an Interested Party",
    )
    @action(detail=True, methods=["post"])
    def join(self, request, pk=None):
        incident = get_object_or_404(Incident.objects.filter(kind=IncidentKind.INCIDENT, is_security=False), pk=pk)
        services.incident_join(actor=request.user, incident=incident)
        return self._answer(incident)

    @extend_schema(
        request=s.IncidentRespondSerializer,
        responses={200: s.IncidentSerializer, **ERRORS},
        summary="Incident Party answers and hands the incident back to the DCC",
    )
    @action(detail=True, methods=["post"])
    def respond(self, request, pk=None):
        return self._do(
            request,
            pk,
            s.IncidentRespondSerializer,
            lambda i, d: services.incident_respond(
                actor=request.user, incident=i, text=d["text"], wrong_assignment=d["wrong_assignment"]
            ),
        )

    @extend_schema(
        request=s.IncidentResolveSerializer,
        responses={200: s.IncidentSerializer, **ERRORS},
        summary="Resolve, recording what was done",
    )
    @action(detail=True, methods=["post"])
    def resolve(self, request, pk=None):
        return self._do(
            request,
            pk,
            s.IncidentResolveSerializer,
            lambda i, d: services.incident_resolve(
                actor=request.user, incident=i, resolution_type=d["resolution_type"], summary=d["summary"]
            ),
        )

    @extend_schema(
        request=s.IncidentReasonSerializer,
        responses={200: s.IncidentSerializer, **ERRORS},
        summary="Disagree with the resolution within the confirmation window",
    )
    @action(detail=True, methods=["post"])
    def dispute(self, request, pk=None):
        return self._do(
            request,
            pk,
            s.IncidentReasonSerializer,
            lambda i, d: services.incident_dispute(actor=request.user, incident=i, reason=d["reason"]),
        )

    @extend_schema(
        request=s.IncidentExtendSerializer,
        responses={200: s.IncidentSerializer, **ERRORS},
        summary="Move a resolved incident's automatic closure (2.12.7, 2.12.8)",
    )
    @action(detail=True, methods=["post"])
    def extend(self, request, pk=None):
        return self._do(
            request,
            pk,
            s.IncidentExtendSerializer,
            lambda i, d: services.incident_extend_confirmation(
                actor=request.user, incident=i, working_days_more=d["working_days_more"], reason=d["reason"]
            ),
        )

    @extend_schema(
        request=s.IncidentReasonSerializer,
        responses={200: s.IncidentSerializer, **ERRORS},
        summary="Close a resolved incident (service desk)",
    )
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        return self._do(
            request,
            pk,
            s.IncidentReasonSerializer,
            lambda i, d: services.incident_close(actor=request.user, incident=i, note=d["reason"]),
        )

    @extend_schema(
        request=s.IncidentReasonSerializer,
        responses={200: s.IncidentSerializer, **ERRORS},
        summary="Re-open (original raiser after a failed workaround; desk if closed in error)",
    )
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        return self._do(
            request,
            pk,
            s.IncidentReasonSerializer,
            lambda i, d: services.incident_reopen(actor=request.user, incident=i, reason=d["reason"]),
        )

    @extend_schema(
        request=s.IncidentTextSerializer,
        responses={200: s.IncidentSerializer, **ERRORS},
        summary="Add an update to the timeline",
    )
    @action(detail=True, methods=["post"])
    def comment(self, request, pk=None):
        return self._do(
            request,
            pk,
            s.IncidentTextSerializer,
            lambda i, d: services.incident_comment(
                actor=request.user, incident=i, text=d["text"], internal=d["internal"]
            ),
        )

    @extend_schema(
        request=s.IncidentLinkInputSerializer,
        responses={200: s.IncidentSerializer, **ERRORS},
        summary="Link a device, MPxN, Service Request or incident",
    )
    @action(detail=True, methods=["post"])
    def links(self, request, pk=None):
        return self._do(
            request,
            pk,
            s.IncidentLinkInputSerializer,
            lambda i, d: services.incident_link_add(actor=request.user, incident=i, kind=d["kind"], value=d["value"]),
        )

    @extend_schema(
        request=s.IncidentDeclareMajorSerializer,
        responses={200: s.IncidentSerializer, **ERRORS},
        summary="Declare a Major Incident (service desk managers)",
    )
    @action(detail=True, methods=["post"], url_path="declare-major")
    def declare_major(self, request, pk=None):
        def run(i, d):
            people = get_user_model().objects.filter(email__in=d["need_to_know"], is_active=True)
            services.major_incident_declare(
                actor=request.user,
                incident=i,
                manager=_dcc_person(d["manager"], "manager"),
                kind=d["kind"],
                affected_parties=[_party(c, "affected_parties") for c in d["affected_parties"]],
                need_to_know=list(people),
                alert_title=d["alert_title"],
                alert_body=d["alert_body"],
                reason=d["reason"],
            )

        return self._do(request, pk, s.IncidentDeclareMajorSerializer, run)


class ProblemViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Problems and Known Errors: DCC staff see all; Users see those linked to incidents they can see."""

    serializer_class = s.ProblemSerializer
    filterset_class = ProblemFilterSet

    def get_queryset(self):
        return selectors.problem_list(actor=self.request.user).prefetch_related("incidents")

    @extend_schema(
        request=s.ProblemRaiseSerializer,
        responses={201: s.ProblemSerializer, **ERRORS},
        summary="Raise a Problem for recurring incidents",
    )
    def create(self, request):
        if not request.user.has_perm(Perm.MANAGE_PROBLEM):
            raise PermissionDenied("Only DCC problem managers raise Problems.")
        data = s.ProblemRaiseSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        incidents = list(selectors.incident_list(actor=request.user).filter(pk__in=data.validated_data["incidents"]))
        problem = services.problem_raise(
            actor=request.user,
            title=data.validated_data["title"],
            description=data.validated_data["description"],
            source="recurring",
            incidents=incidents,
        )
        return Response(s.ProblemSerializer(problem).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=s.ProblemCloseSerializer,
        responses={200: s.ProblemSerializer, **ERRORS},
        summary="Close a Problem on one of the three grounds",
    )
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        problem = self.get_object()
        data = s.ProblemCloseSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.problem_close(actor=request.user, problem=problem, **data.validated_data)
        return Response(s.ProblemSerializer(problem).data)


class ServiceAlertViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Active Service Alerts (every signed-in person)."""

    serializer_class = s.ServiceAlertSerializer

    def get_queryset(self):
        return selectors.service_alerts_active()
