"""Every periodic job, defined in code in one place (STYLE rule 15).

Each app contributes a section below; every entry says in a comment when and why it runs.
"""

from celery.schedules import crontab


def beat_schedule() -> dict:
    """The beat schedule, keyed by a stable name."""
    return {
        # --- portal -------------------------------------------------------------------------
        # Push due outbox messages every 10 s; the on-commit kick covers the fast path, this
        # sweep covers retries after back-off and anything a crashed worker left behind.
        "portal.outbox_dispatch": {"task": "portal.tasks.outbox_dispatch", "schedule": 10.0},
        # Forget signed-in-session records whose Django session has expired, every 5 minutes.
        "portal.sessions_purge": {"task": "portal.tasks.sessions_purge", "schedule": crontab(minute="*/5")},
        # --- cpl ----------------------------------------------------------------------------
        # CPA certificate expiry warnings 12 and 6 months ahead (F2.7), daily at 06:00 UTC.
        "cpl.cpa_expiry_warnings": {"task": "cpl.tasks.cpa_expiry_warnings", "schedule": crontab(hour=6, minute=0)},
        # --- inventory ----------------------------------------------------------------------
        # Remove Devices Pending for 12 months and raise N8 (AC 7.2), daily at 02:15 UTC when
        # the estate is quiet.
        "inventory.devices_expire_pending": {
            "task": "inventory.tasks.devices_expire_pending",
            "schedule": crontab(hour=2, minute=15),
        },
        # --- hubs / coverage / service_info ---------------------------------------------------
        # Daily at 00:30 UTC: deem missing forecasts and orders once the month's deadline has
        # passed, cancel unconfirmed deemed orders, deem silent deliveries compliant, deem hubs
        # lost after 90 days, close silent fault diagnoses (F5.6, F5.13, App H 3.9, F6.8, F8.6, F9.9).
        # Every step is idempotent.
        "hubs.hubs_daily": {"task": "hubs.tasks.hubs_daily", "schedule": crontab(minute=30, hour=0)},
        # --- smki ---------------------------------------------------------------------------
        # Re-publish the Organisation CRL and the ARL every hour (revocations also publish at
        # once); nextUpdate is SMKI_CRL_VALIDITY_HOURS ahead, so relying parties never hold a stale list.
        "smki.revocation_lists_publish": {
            "task": "smki.tasks.revocation_lists_publish",
            "schedule": crontab(minute=7),
        },
        # Delete batch pickup files once their 30-day window has passed (spec §1.7), daily at 03:30 UTC.
        "smki.csr_batches_purge_expired": {
            "task": "smki.tasks.csr_batches_purge_expired",
            "schedule": crontab(hour=3, minute=30),
        },
        # --- devices ------------------------------------------------------------------------
        # Every 2 s: run due DCC schedules, expire Pre-Commands and quarantine, raise N25/AD1,
        # and sweep for due requests (future-dated ones, and any a lost kick left waiting).
        "devices.devices_tick": {"task": "devices.tasks.devices_tick", "schedule": 2.0},
        # Every 5 minutes: let time pass on the emulated meters (low credit, billing snapshots...).
        "devices.devices_advance_estate": {
            "task": "devices.tasks.devices_advance_estate",
            "schedule": crontab(minute="*/5"),
        },
        # Daily at 02:30 UTC: move requests older than the online window to the 7-year archive.
        "devices.service_requests_archive": {
            "task": "devices.tasks.service_requests_archive",
            "schedule": crontab(hour=2, minute=30),
        },
        # --- incidents ----------------------------------------------------------------------
        # SLA sweep every minute: Category 1 has a 10-minute response target, so warnings and
        # breaches must surface within a minute of falling due.
        "incidents.sla_sweep": {"task": "incidents.tasks.incidents_sla_sweep", "schedule": 60.0},
        # Auto-close resolved incidents whose 3-Working-Day window passed (App AG 2.12.6); every 15 min.
        "incidents.auto_close": {"task": "incidents.tasks.incidents_auto_close", "schedule": crontab(minute="*/15")},
        # Major Incident report reminders at 08:00 UTC daily (H9.13 two and H9.14 twenty Working Days).
        "incidents.major_report_reminders": {
            "task": "incidents.tasks.major_incident_report_reminders",
            "schedule": crontab(minute=0, hour=8),
        },
        # Read the Service Desk mailbox every 2 minutes (does nothing unless INCIDENTS_IMAP_HOST is set).
        "incidents.inbound_email": {"task": "incidents.tasks.inbound_email_fetch", "schedule": crontab(minute="*/2")},
    }
