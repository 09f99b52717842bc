"""Benchmark of the incidents app: 100,000 incidents with realistic clock histories.

Prints p95 of the triage queue's first page and of the incident page (full Django request:
middleware, selectors, templates), and the time of the beat job's SLA sweep over the open
incidents, plus the full recomputation of every deadline from the clock events.

Run against PostgreSQL (the database is emptied of incidents first):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ssi_incidents python bench/incidents.py [--count 100000]
"""

import argparse
import os
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.base")
os.environ.setdefault("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")

import django

django.setup()

from django.contrib.auth.models import Group  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from incidents.choices import ClockEventKind as K  # noqa: E402
from incidents.choices import ResolverGroup, UpdateKind  # noqa: E402
from incidents.models import Incident, IncidentClockEvent, IncidentLink, IncidentUpdate  # noqa: E402
from incidents.services import incidents_sla_recompute, incidents_sla_sweep  # noqa: E402
from portal.choices import PortalRole  # noqa: E402
from portal.models import Party, SignedInSession, User  # noqa: E402

SUMMARIES = [
    "Communications Hub not responding to Service Requests",
    "Gas meter readings missing after firmware update",
    "Alerts received for devices we do not operate",
    "Prepayment top-up SRs timing out",
    "SSI inventory search returns stale SMI Status",
    "Intermittent WAN loss in postcode area",
    "Read Profile Data responses arrive without payload",
    "Registration Data not reflected in SMI",
]
GROUPS = [g.value for g in ResolverGroup]


def _parties_and_people():
    dcc, _ = Party.objects.get_or_create(code="dcc", defaults={"name": "DCC", "is_dcc": True})
    parties = []
    for n in range(20):
        party, _ = Party.objects.get_or_create(code=f"bench-{n}", defaults={"name": f"Bench Energy {n}"})
        parties.append(party)
    agent = User.objects.filter(email="bench-agent@dcc.test").first() or User.objects.create_user(
        "bench-agent@dcc.test", "bench-password-1", full_name="Bench Agent", party=dcc
    )
    agent.groups.set(Group.objects.filter(name__in=[PortalRole.SERVICE_DESK_AGENT]))
    return parties, agent


def _history(rng, now):
    """A realistic status and clock history: (status, category, created, events, assigned)."""
    category = rng.choices([1, 2, 3, 4, 5], weights=[1, 6, 40, 35, 18])[0]
    # Open incidents are mostly recent: age ~ exponential with a mean of 1.5 days, capped at 20 days.
    created = now - timedelta(minutes=min(5 + rng.expovariate(1 / (60 * 36)), 60 * 24 * 20))
    events = [(K.START, created, category)]
    roll = rng.random()
    if roll < 0.12:
        return "logged", category, created, events, False
    responded = created + timedelta(minutes=rng.randint(2, 90))
    events.append((K.RESPONDED, responded, category))
    status = "assigned"
    if rng.random() < 0.25:
        new_category = min(5, max(1, category + rng.choice([-1, 1])))
        events.append((K.CATEGORY, responded + timedelta(minutes=5), new_category))
        category = new_category
    t = responded + timedelta(minutes=10)
    for _ in range(rng.choice([0, 0, 1, 1, 2])):
        pause = t + timedelta(hours=rng.randint(1, 30))
        if pause >= now:
            break
        events.append((K.PAUSE, pause, category))
        resume = pause + timedelta(hours=rng.randint(1, 48))
        if resume >= now:
            status = "pending"
            break
        events.append((K.RESUME, resume, category))
        t = resume
    return status, category, created, events, True


def populate(count: int, *, seed: int = 6) -> tuple[User, list[int]]:
    rng = random.Random(seed)
    parties, agent = _parties_and_people()
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE incidents_incident RESTART IDENTITY CASCADE")
    now = timezone.now()
    batch = 5000
    for start in range(0, count, batch):
        rows, histories = [], []
        for _ in range(min(batch, count - start)):
            status, category, created, events, assigned = _history(rng, now)
            party = rng.choice(parties)
            device = "00-DB-" + "-".join(f"{rng.randrange(256):02X}" for _ in range(6))
            rows.append(
                Incident(
                    kind="incident",
                    channel=rng.choice(["ssi", "ssi", "ssi", "api", "email", "phone"]),
                    status=status,
                    party=party,
                    contact_name="Bench Contact",
                    contact_organisation=party.name,
                    contact_details="bench@example.test",
                    occurred_at=created - timedelta(minutes=30),
                    device_id=device,
                    summary=rng.choice(SUMMARIES),
                    business_impact="Customers affected.",
                    triage_details="Own systems checked.",
                    proposed_category=category,
                    category=category,
                    is_categorised=assigned,
                    created_at=created,
                    assigned_group=rng.choice(GROUPS) if status == "assigned" else "",
                    assigned_party=party if status == "pending" else None,
                    assignee=agent if status == "assigned" and rng.random() < 0.05 else None,
                )
            )
            histories.append(events)
        with transaction.atomic():
            made = Incident.objects.bulk_create(rows, batch_size=batch)
            IncidentClockEvent.objects.bulk_create(
                [
                    IncidentClockEvent(incident=i, kind=k, at=at, category=c)
                    for i, events in zip(made, histories, strict=True)
                    for k, at, c in events
                ],
                batch_size=batch,
            )
            IncidentUpdate.objects.bulk_create(
                [
                    IncidentUpdate(incident=i, kind=UpdateKind.LOGGED, at=i.created_at, text="Incident raised.")
                    for i in made
                ]
                + [
                    IncidentUpdate(incident=i, kind=UpdateKind.STATUS, at=events[-1][1], text=f"Status → {i.status}.")
                    for i, events in zip(made, histories, strict=True)
                    if len(events) > 1
                ],
                batch_size=batch,
            )
            IncidentLink.objects.bulk_create(
                [IncidentLink(incident=i, kind="device", value=i.device_id, added_at=i.created_at) for i in made],
                batch_size=batch,
            )
        print(f"  created {start + len(rows):>7,} incidents", end="\r", flush=True)
    print()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return agent, list(Incident.objects.values_list("pk", flat=True))


def _client(user) -> Client:
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user).first() or TOTPDevice.objects.create(
        user=user, name="bench", confirmed=True
    )
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    SignedInSession.objects.get_or_create(
        session_key=session.session_key, defaults={"user": user, "party": user.party}
    )
    return client


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[-1] if len(samples) >= 20 else max(samples)


def timed_get(client, url: str, n: int) -> list[float]:
    out = []
    for _ in range(n):
        t = time.perf_counter()
        response = client.get(url)
        out.append((time.perf_counter() - t) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--skip-populate", action="store_true")
    args = parser.parse_args()
    print(f"database: {connection.vendor}; incidents: {args.count:,}")
    call_command("migrate", verbosity=0)
    from portal.roles import roles_sync

    roles_sync()
    if args.skip_populate:
        _parties, agent = _parties_and_people()
        ids = list(Incident.objects.values_list("pk", flat=True))
        # Measure the first sweep from a clean state again.
        Incident.objects.update(sla_warned_at=None, sla_breached_at=None, response_breached_at=None)
        IncidentUpdate.objects.filter(kind=UpdateKind.SLA).delete()
    else:
        t = time.perf_counter()
        agent, ids = populate(args.count)
        print(f"populate: {time.perf_counter() - t:.1f} s")
    t = time.perf_counter()
    done = incidents_sla_recompute()
    recompute = time.perf_counter() - t
    print(f"SLA recompute from events ({done:,} open incidents): {recompute:.1f} s")
    if connection.vendor == "postgresql":
        # The recompute rewrote every row; give the planner the statistics autovacuum would.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE incidents_incident")
    open_count = Incident.objects.filter(status__in=["logged", "assigned", "pending", "reopened"]).count()
    t = time.perf_counter()
    counts = incidents_sla_sweep()
    first_sweep = time.perf_counter() - t
    t = time.perf_counter()
    again = incidents_sla_sweep()
    steady_sweep = time.perf_counter() - t
    print(f"SLA sweep over {open_count:,} open incidents, first run (flags {counts}): {first_sweep:.2f} s")
    print(f"SLA sweep, next run (flags {again}): {steady_sweep:.3f} s")
    client = _client(agent)
    client.get("/incidents/queue/")  # warm caches and templates
    queue = timed_get(client, "/incidents/queue/", args.requests)
    filtered = timed_get(client, "/incidents/queue/?category=3&sla=breached", args.requests)
    rng = random.Random(1)
    pages = []
    for pk in rng.sample(ids, args.requests):
        pages += timed_get(client, f"/incidents/{pk}/", 1)
    print(f"triage queue first page:  p95 {p95(queue):6.1f} ms  median {statistics.median(queue):6.1f} ms")
    print(f"queue, filtered:          p95 {p95(filtered):6.1f} ms  median {statistics.median(filtered):6.1f} ms")
    print(f"incident page:            p95 {p95(pages):6.1f} ms  median {statistics.median(pages):6.1f} ms")


if __name__ == "__main__":
    main()
