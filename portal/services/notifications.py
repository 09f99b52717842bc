"""In-app notifications, optionally also by email (console backend in development)."""

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction

from ..models import Notification


def notify(
    *, recipients: Iterable, subject: str, body: str = "", url: str = "", email: bool = True
) -> list[Notification]:
    """Notify each active recipient in the portal and, after commit, by email."""
    people = [p for p in dict.fromkeys(recipients) if p is not None and p.is_active]
    notes = Notification.objects.bulk_create(
        [Notification(recipient=p, subject=subject[:200], body=body, url=url) for p in people]
    )
    if email and people:
        text = body + (f"\n\n{url}" if url else "")
        mails = [(subject, text, settings.DEFAULT_FROM_EMAIL, [p.email]) for p in people]
        transaction.on_commit(lambda: send_mass_mail(mails, fail_silently=True))
    return notes
