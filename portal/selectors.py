"""Platform reads, always scoped to the actor (other Parties' rows are absent: 404)."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from .models import ApiToken, AuditEvent, Job, Notification, OutboxMessage, Party, PushEndpoint, User
from .permissions import (
    is_dcc_staff,
    scope_audit_events,
    scope_own_party,
    scope_people,
    scope_to_party,
)


def party_list(*, actor: User) -> QuerySet[Party]:
    qs = Party.objects.prefetch_related("user_roles")
    return qs if is_dcc_staff(actor) else qs.filter(pk=actor.party_id)


def person_list(*, actor: User) -> QuerySet[User]:
    return scope_people(User.objects.select_related("party").prefetch_related("groups"), actor)


def person_get(*, actor: User, pk) -> User:
    return get_object_or_404(person_list(actor=actor), pk=pk)


def api_token_list(*, actor: User) -> QuerySet[ApiToken]:
    """Administrators see their Party's tokens; everyone else their own."""
    from .permissions import Perm

    qs = scope_own_party(ApiToken.objects.select_related("created_by"), actor)
    return qs if actor.has_perm(Perm.MANAGE_API_TOKENS) else qs.filter(created_by=actor)


def api_token_get(*, actor: User, pk) -> ApiToken:
    return get_object_or_404(api_token_list(actor=actor), pk=pk)


def endpoint_list(*, actor: User) -> QuerySet[PushEndpoint]:
    return scope_own_party(PushEndpoint.objects.all(), actor)


def endpoint_get(*, actor: User, pk) -> PushEndpoint:
    return get_object_or_404(endpoint_list(actor=actor), pk=pk)


def outbox_list(*, actor: User) -> QuerySet[OutboxMessage]:
    """Messages addressed to the actor's own Party (DCC staff see the DCC's own)."""
    return scope_own_party(OutboxMessage.objects.all(), actor)


def outbox_get(*, actor: User, pk) -> OutboxMessage:
    return get_object_or_404(outbox_list(actor=actor), pk=pk)


def audit_event_list(*, actor: User) -> QuerySet[AuditEvent]:
    return scope_audit_events(AuditEvent.objects.select_related("party"), actor)


def job_list(*, actor: User) -> QuerySet[Job]:
    return scope_to_party(Job.objects.select_related("created_by"), actor)


def job_get(*, actor: User, pk) -> Job:
    return get_object_or_404(job_list(actor=actor), pk=pk)


def notification_list(*, actor: User) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=actor)
