"""Domain settings of the ``devices`` app.

Each number the SEC leaves open, with its default, is listed in docs/settings.md.
"""

from pathlib import Path

import environ

env = environ.Env()
BASE_DIR = Path(__file__).resolve().parent.parent.parent

# Where the Service Request catalogue data files are read from (service_requests.json etc.).
DEVICES_CATALOGUE_DATA_DIR = env("DEVICES_CATALOGUE_DATA_DIR", default=str(BASE_DIR / "devices" / "data"))
# Largest batch the JSON API accepts in one POST (a list of Service Requests).
DEVICES_SUBMIT_MAX_BATCH = env.int("DEVICES_SUBMIT_MAX_BATCH", default=500)
# How many due requests one pipeline pass claims and processes in one transaction.
DEVICES_PIPELINE_BATCH = env.int("DEVICES_PIPELINE_BATCH", default=200)
# How long one pipeline task keeps claiming batches before it hands over to a fresh task.
DEVICES_PIPELINE_TIME_BUDGET_SECONDS = env.float("DEVICES_PIPELINE_TIME_BUDGET_SECONDS", default=5.0)
# Minimum gap between two "work is waiting" kicks one web process sends to the workers.
DEVICES_KICK_INTERVAL_SECONDS = env.float("DEVICES_KICK_INTERVAL_SECONDS", default=0.1)
# On-demand retries (spec §3.8: DCC-configurable, no back-off): attempts and the gap between them.
DEVICES_ON_DEMAND_MAX_ATTEMPTS = env.int("DEVICES_ON_DEMAND_MAX_ATTEMPTS", default=3)
DEVICES_ON_DEMAND_RETRY_SECONDS = env.int("DEVICES_ON_DEMAND_RETRY_SECONDS", default=10)
# Future-dated and scheduled retries (spec §3.8 Table 13): initial retry and back-off periods.
DEVICES_FUTURE_RETRY_SECONDS = env.int("DEVICES_FUTURE_RETRY_SECONDS", default=2 * 3600)
# Added to the Target Response Time for the final retry (spec §3.8: TRT + 60 minutes).
DEVICES_FINAL_RETRY_EXTRA_SECONDS = env.int("DEVICES_FINAL_RETRY_EXTRA_SECONDS", default=3600)
# How often a Gas Smart Meter wakes and collects commands queued at its GPF (GSMEs are sleepy).
DEVICES_GSME_WAKE_INTERVAL_SECONDS = env.int("DEVICES_GSME_WAKE_INTERVAL_SECONDS", default=60)
# Join timeout network allowance added to the SR's Join Time Period (AC 4.4).
DEVICES_JOIN_NETWORK_ALLOWANCE_SECONDS = env.int("DEVICES_JOIN_NETWORK_ALLOWANCE_SECONDS", default=60)
# A CH without mains for this long raises the Power Outage DCC Alert AD1 (§9.10: 3 minutes).
DEVICES_POWER_OUTAGE_SECONDS = env.int("DEVICES_POWER_OUTAGE_SECONDS", default=180)
# Quarantined requests not released or deleted within this many hours are deleted (spec §5 / AA 4.5).
DEVICES_QUARANTINE_HOURS = env.int("DEVICES_QUARANTINE_HOURS", default=120)
# Default Threshold Anomaly Detection limits when a User has set none (DCC-set, per User per SRV).
DEVICES_TAD_DEFAULT_LIMIT = env.int("DEVICES_TAD_DEFAULT_LIMIT", default=0)  # 0 = no default threshold
DEVICES_TAD_DEFAULT_PERIOD_SECONDS = env.int("DEVICES_TAD_DEFAULT_PERIOD_SECONDS", default=3600)
# Pre-Commands not signed and returned within this many hours expire (E3).
DEVICES_PRE_COMMAND_EXPIRY_HOURS = env.int("DEVICES_PRE_COMMAND_EXPIRY_HOURS", default=24)
# The SSI shows requests online for this many days; older ones move to the archive.
DEVICES_ONLINE_DAYS = env.int("DEVICES_ONLINE_DAYS", default=92)
# The archive keeps them this many years, then purges them.
DEVICES_ARCHIVE_YEARS = env.int("DEVICES_ARCHIVE_YEARS", default=7)
# Longest a fault injected through the back door may last before it clears itself (hours).
DEVICES_FAULT_MAX_HOURS = env.int("DEVICES_FAULT_MAX_HOURS", default=72)

# --- DUIS gateway (devices/duis, docs/duis.md) ---------------------------------------------------
# The DUIS XML schema ("DUIS Schema V5.1.xsd", with the MMC and xmldsig schemas beside it). Empty:
# only our own structural checks run. DCC's schema is GPL-3.0 and never committed: tests and CI
# extract it from @smartdcc/duis-sign-wrap into a cache and point this setting at it.
DUIS_XSD_PATH = env("DUIS_XSD_PATH", default="")
# Largest DUIS request accepted (bytes): an 11.1 Update Firmware carries a 750 kB image in base64.
DUIS_MAX_REQUEST_BYTES = env.int("DUIS_MAX_REQUEST_BYTES", default=1_100_000)
# Deepest element nesting accepted in a DUIS request (the templates reach 12).
DUIS_MAX_DEPTH = env.int("DUIS_MAX_DEPTH", default=40)
# Sign the synchronous answers too (DUIS allows them unsigned; D-DUIS-03).
DUIS_SIGN_SYNCHRONOUS_ANSWERS = env.bool("DUIS_SIGN_SYNCHRONOUS_ANSWERS", default=True)
# The port of the DUIS listener runportal starts beside the portal (DCC Boxed listens on 8079); 0: none.
DUIS_LISTEN_PORT = env.int("DUIS_LISTEN_PORT", default=8079)
# Add an X-DUIS-CPU header (CPU microseconds per gateway step) to every DUIS answer: bench/duis.py.
DUIS_TIMING_HEADER = env.bool("DUIS_TIMING_HEADER", default=False)
# How long the gateway keeps who may sign for an originator (certificate, Party, key) before
# looking again: a revocation takes effect within this (the signature is verified every time).
DUIS_CERTIFICATE_CACHE_SECONDS = env.float("DUIS_CERTIFICATE_CACHE_SECONDS", default=5.0)
