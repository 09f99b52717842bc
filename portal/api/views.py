"""Platform API: who am I, Parties, people, API tokens, push endpoints, the outbox, audit, jobs."""

from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from .. import selectors
from ..filters import AuditEventFilterSet, OutboxMessageFilterSet, PersonFilterSet
from ..models import ApiToken, AuditEvent, Job, OutboxMessage, Party, PushEndpoint, User
from ..permissions import Perm
from ..services import outbox as outbox_services
from ..services import people as people_services
from ..services import tokens as token_services
from . import serializers as s
from .pagination import BigListCursorPagination

PROBLEM = OpenApiResponse(description="Problem details (RFC 7807)")


def has_perm(perm: str) -> type[BasePermission]:
    """A DRF permission class requiring one portal permission."""

    class _HasPerm(BasePermission):
        message = "Your portal roles do not allow this."

        def has_permission(self, request, view):
            return bool(request.user and request.user.is_authenticated and request.user.has_perm(perm))

    _HasPerm.__name__ = f"HasPerm_{perm.replace('.', '_')}"
    return _HasPerm


def is_verified(request) -> bool:
    """Whether this API call comes from a session that passed two-factor (tokens never count)."""
    if getattr(request, "api_token", None) is not None or getattr(request._request, "api_token", None):
        return False
    return bool(getattr(request._request.user, "is_verified", lambda: False)())


class MeApi(APIView):
    @extend_schema(responses=s.MeSerializer, summary="The signed-in person, their Party and roles")
    def get(self, request):
        user = request.user
        party = selectors.party_list(actor=user).get(pk=user.party_id)
        data = {
            "email": user.email,
            "full_name": user.full_name,
            "party": s.PartySerializer(party).data,
            "roles": sorted(user.portal_roles()),
            "two_factor_verified": is_verified(request),
        }
        return Response(data)


class PartyViewSet(viewsets.ReadOnlyModelViewSet):
    """Parties and their User Roles. DCC staff see every Party; others see their own."""

    queryset = Party.objects.none()  # for the schema; requests use the scoped selector
    serializer_class = s.PartySerializer

    def get_queryset(self):
        return selectors.party_list(actor=self.request.user)


@extend_schema_view(
    create=extend_schema(request=s.PersonInviteSerializer, responses={201: s.PersonSerializer, 400: PROBLEM})
)
class PersonViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """People of the caller's Party. Creating one sends an invitation (SSI administrators)."""

    queryset = User.objects.none()  # for the schema; requests use the scoped selector
    serializer_class = s.PersonSerializer
    filterset_class = PersonFilterSet

    def get_queryset(self):
        return selectors.person_list(actor=self.request.user)

    def get_permissions(self):
        if self.action in ("create", "roles", "deactivate"):
            return [has_perm(Perm.MANAGE_PEOPLE)()]
        return super().get_permissions()

    def create(self, request, *args, **kwargs):
        data = s.PersonInviteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        person = people_services.person_invite(
            actor=request.user, base_url=request.build_absolute_uri("/")[:-1], **data.validated_data
        )
        return Response(s.PersonSerializer(person).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.PersonRolesSerializer, responses={200: s.PersonSerializer, 400: PROBLEM, 404: PROBLEM})
    @action(detail=True, methods=["post"])
    def roles(self, request, pk=None):
        person = self.get_object()
        data = s.PersonRolesSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        people_services.person_set_roles(actor=request.user, person=person, roles=data.validated_data["roles"])
        return Response(s.PersonSerializer(selectors.person_get(actor=request.user, pk=person.pk)).data)

    @extend_schema(request=None, responses={200: s.PersonSerializer, 404: PROBLEM})
    @action(detail=True, methods=["post"])
    def deactivate(self, request, pk=None):
        person = people_services.person_deactivate(actor=request.user, person=self.get_object())
        return Response(s.PersonSerializer(person).data)


class ApiTokenViewSet(viewsets.ReadOnlyModelViewSet):
    """API tokens of the caller's Party (administrators) or of the caller."""

    queryset = ApiToken.objects.none()  # for the schema; requests use the scoped selector
    serializer_class = s.ApiTokenSerializer

    def get_queryset(self):
        return selectors.api_token_list(actor=self.request.user)

    @extend_schema(
        request=s.ApiTokenCreateSerializer,
        responses={201: s.ApiTokenCreatedSerializer, 400: PROBLEM, 403: PROBLEM},
        summary="Create a token (only from a two-factor-verified browser session)",
    )
    def create(self, request):
        data = s.ApiTokenCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        token, plain = token_services.api_token_create(
            actor=request.user, is_verified=is_verified(request), **data.validated_data
        )
        body = s.ApiTokenSerializer(token).data | {"token": plain}
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: s.ApiTokenSerializer, 404: PROBLEM})
    @action(detail=True, methods=["post"])
    def revoke(self, request, pk=None):
        token = token_services.api_token_revoke(actor=request.user, token=self.get_object())
        return Response(s.ApiTokenSerializer(token).data)


class PushEndpointViewSet(viewsets.ReadOnlyModelViewSet):
    """The caller's Party's push endpoints (SSI administrators register them)."""

    queryset = PushEndpoint.objects.none()  # for the schema; requests use the scoped selector
    serializer_class = s.PushEndpointSerializer

    def get_queryset(self):
        return selectors.endpoint_list(actor=self.request.user)

    def get_permissions(self):
        return [*super().get_permissions(), has_perm(Perm.MANAGE_ENDPOINTS)()]

    @extend_schema(
        request=s.PushEndpointCreateSerializer, responses={201: s.PushEndpointCreatedSerializer, 400: PROBLEM}
    )
    def create(self, request):
        data = s.PushEndpointCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        endpoint, secret = outbox_services.endpoint_register(actor=request.user, **data.validated_data)
        return Response(s.PushEndpointSerializer(endpoint).data | {"secret": secret}, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: s.PushEndpointSerializer, 404: PROBLEM})
    @action(detail=True, methods=["post"])
    def deactivate(self, request, pk=None):
        endpoint = outbox_services.endpoint_deactivate(actor=request.user, endpoint=self.get_object())
        return Response(s.PushEndpointSerializer(endpoint).data)


class OutboxMessageViewSet(viewsets.ReadOnlyModelViewSet):
    """Pull API: alerts and responses for the caller's Party, newest first (cursor-paginated)."""

    queryset = OutboxMessage.objects.none()  # for the schema; requests use the scoped selector
    serializer_class = s.OutboxMessageSerializer
    filterset_class = OutboxMessageFilterSet
    pagination_class = BigListCursorPagination

    def get_queryset(self):
        return selectors.outbox_list(actor=self.request.user)

    def get_permissions(self):
        return [*super().get_permissions(), has_perm(Perm.VIEW_OUTBOX)()]

    @extend_schema(request=s.OutboxAcknowledgeSerializer, responses={200: s.CountSerializer, 400: PROBLEM})
    @action(detail=False, methods=["post"])
    def acknowledge(self, request):
        data = s.OutboxAcknowledgeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        messages = self.get_queryset().filter(pk__in=data.validated_data["ids"])
        count = outbox_services.outbox_acknowledge(actor=request.user, messages=messages)
        return Response({"count": count})

    @extend_schema(request=None, responses={200: s.OutboxMessageSerializer, 404: PROBLEM, 409: PROBLEM})
    @action(detail=True, methods=["post"])
    def replay(self, request, pk=None):
        message = outbox_services.outbox_replay(actor=request.user, message=self.get_object())
        return Response(s.OutboxMessageSerializer(message).data)


class AuditEventViewSet(viewsets.ReadOnlyModelViewSet):
    """The audit log: the caller's Party (SSI administrators) or everything (DCC staff)."""

    queryset = AuditEvent.objects.none()  # for the schema; requests use the scoped selector
    serializer_class = s.AuditEventSerializer
    filterset_class = AuditEventFilterSet
    pagination_class = BigListCursorPagination

    def get_queryset(self):
        return selectors.audit_event_list(actor=self.request.user)


class JobViewSet(viewsets.ReadOnlyModelViewSet):
    """Background jobs of the caller's Party, with progress."""

    queryset = Job.objects.none()  # for the schema; requests use the scoped selector
    serializer_class = s.JobSerializer

    def get_queryset(self):
        return selectors.job_list(actor=self.request.user)
