"""Signed-in sessions: the per-Party cap on concurrent sessions, and their clean-up."""

from datetime import timedelta

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone

from ..exceptions import ApplicationError
from ..models import SignedInSession


def _cutoff():
    return timezone.now() - timedelta(seconds=settings.SESSION_COOKIE_AGE)


def session_cap(party) -> int:
    return party.max_concurrent_sessions or settings.PORTAL_MAX_SESSIONS_PER_PARTY


def session_register(*, user, session_key: str, ip_address: str | None = None, user_agent: str = "") -> None:
    """Record a new signed-in session, refusing it when the Party is at its cap.

    Raises ``ApplicationError`` (code ``session.cap_reached``) and records nothing.
    """
    with transaction.atomic():
        live = SignedInSession.objects.filter(party=user.party, last_seen_at__gte=_cutoff())
        if live.exclude(session_key=session_key).count() >= session_cap(user.party):
            raise ApplicationError(
                f"{user.party.name} already has {session_cap(user.party)} people signed in, its limit. "
                "Ask a colleague to sign out, or try again later.",
                code="session.cap_reached",
            )
        SignedInSession.objects.update_or_create(
            session_key=session_key,
            defaults={
                "user": user,
                "party": user.party,
                "ip_address": ip_address,
                "user_agent": user_agent[:200],
                "last_seen_at": timezone.now(),
            },
        )


def session_touch(*, session_key: str) -> None:
    SignedInSession.objects.filter(session_key=session_key).update(last_seen_at=timezone.now())


def session_end(*, session_key: str) -> None:
    SignedInSession.objects.filter(session_key=session_key).delete()


def sessions_end_for(*, user) -> None:
    """Sign a person out everywhere (deactivation)."""
    keys = list(SignedInSession.objects.filter(user=user).values_list("session_key", flat=True))
    Session.objects.filter(session_key__in=keys).delete()
    SignedInSession.objects.filter(user=user).delete()


def sessions_purge() -> int:
    """Forget session records idle past the timeout. Returns how many went."""
    deleted, _ = SignedInSession.objects.filter(last_seen_at__lt=_cutoff()).delete()
    return deleted
