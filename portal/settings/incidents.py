"""Domain settings of the ``incidents`` app; each number the SEC leaves open is documented in docs/settings.md."""

import environ

env = environ.Env()

# Target (initial) response and target resolution per Incident Category (BAD Table 16). Each
# entry: response minutes, resolution minutes, and the calendar on which time counts:
#   "continuous"   every minute counts (24x7);
#   "working_days" only minutes falling on Working Days count (weekends and bank holidays skipped);
#   "working_hours" only Working Hours on Working Days count (PORTAL_WORKING_HOURS_*).
# Categories 1-2 run 24x7 (App AG 2.5.3 uses out-of-hours facilities for them); 3-5 count
# Working Days only (2.5.4 disregards out-of-hours gaps for them). docs/decisions.md D-INC-01.
INCIDENTS_SLA_TARGETS = {
    1: {"response_minutes": 10, "resolution_minutes": 4 * 60, "calendar": "continuous"},
    2: {"response_minutes": 20, "resolution_minutes": 24 * 60, "calendar": "continuous"},
    3: {"response_minutes": 45, "resolution_minutes": 72 * 60, "calendar": "working_days"},
    4: {"response_minutes": 3 * 60, "resolution_minutes": 5 * 24 * 60, "calendar": "working_days"},
    5: {"response_minutes": 24 * 60, "resolution_minutes": 10 * 24 * 60, "calendar": "working_days"},
}
# Share of the resolution target after which the beat job warns (issue 6: 80%).
INCIDENTS_SLA_WARNING_FRACTION = env.float("INCIDENTS_SLA_WARNING_FRACTION", default=0.8)
# Working Days a resolved incident waits for disagreement before it closes itself (App AG 2.12.6).
INCIDENTS_CONFIRMATION_WORKING_DAYS = env.int("INCIDENTS_CONFIRMATION_WORKING_DAYS", default=3)
# Major Incident reports: summary within 2 WD of resolution (H9.13), review within 20 WD (H9.14).
INCIDENTS_MAJOR_SUMMARY_WORKING_DAYS = 2
INCIDENTS_MAJOR_REVIEW_WORKING_DAYS = 20
# Attachments: largest file, and the extensions allowed (the SEC sets no limit).
INCIDENTS_ATTACHMENT_MAX_BYTES = env.int("INCIDENTS_ATTACHMENT_MAX_BYTES", default=10 * 1024 * 1024)
INCIDENTS_ATTACHMENT_MAX_FILES = env.int("INCIDENTS_ATTACHMENT_MAX_FILES", default=10)
INCIDENTS_ATTACHMENT_EXTENSIONS = env.list(
    "INCIDENTS_ATTACHMENT_EXTENSIONS",
    default=["txt", "log", "csv", "json", "xml", "pdf", "png", "jpg", "jpeg", "zip", "eml"],
)
# Target closure date given to an automatically raised Problem, in Working Days.
INCIDENTS_PROBLEM_TARGET_WORKING_DAYS = env.int("INCIDENTS_PROBLEM_TARGET_WORKING_DAYS", default=20)
# Code Performance Measures 4 and 5 (BAD Table 15): target and minimum service levels, percent.
INCIDENTS_PERFORMANCE_LEVELS = {
    "cat_1_2": {"target": 100.0, "minimum": 85.0},
    "cat_3_5": {"target": 90.0, "minimum": 80.0},
}
# Inbound email: the Service Desk's published address, and an optional IMAP mailbox.
INCIDENTS_SERVICE_DESK_EMAIL = env("INCIDENTS_SERVICE_DESK_EMAIL", default="servicedesk@dcc.example")
INCIDENTS_IMAP_HOST = env("INCIDENTS_IMAP_HOST", default="")
INCIDENTS_IMAP_USER = env("INCIDENTS_IMAP_USER", default="")
INCIDENTS_IMAP_PASSWORD = env("INCIDENTS_IMAP_PASSWORD", default="")
INCIDENTS_IMAP_FOLDER = env("INCIDENTS_IMAP_FOLDER", default="INBOX")
# Triage queue page size.
INCIDENTS_QUEUE_PAGE_SIZE = env.int("INCIDENTS_QUEUE_PAGE_SIZE", default=50)

# The category the DCC proposes for the Incident it opens on SR 8.14.2 'Install No SM WAN'
# (App I 4.10). One premises without WAN affects one Smart Metering System (D-INC-13).
INCIDENTS_NO_WAN_CATEGORY = env.int("INCIDENTS_NO_WAN_CATEGORY", default=4)
