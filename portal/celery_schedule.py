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
        "inventory.devices_expire_pending": {"task": "inventory.tasks.devices_expire_pending",
                                             "schedule": crontab(hour=2, minute=15)},
        # --- hubs / coverage / service_info ---------------------------------------------------
        # Daily at 00:30 UTC: deem missing forecasts and orders once the month's deadline has
        # passed, cancel unconfirmed deemed orders, deem silent deliveries compliant, and deem
        # hubs lost after 90 days (F5.6, F5.13, App H 3.9, F6.8, F8.6). Every step is idempotent.
        "hubs.hubs_daily": {"task": "hubs.tasks.hubs_daily", "schedule": crontab(minute=30, hour=0)},
        # --- smki ---------------------------------------------------------------------------
        # --- devices ------------------------------------------------------------------------
        # --- incidents ----------------------------------------------------------------------
    }
