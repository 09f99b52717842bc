"""Platform numbers: sessions, two-factor, tokens, outbox, calendar. Defaults in docs/settings.md."""

import environ

env = environ.Env()

# Concurrent signed-in sessions per Party, unless the Party sets its own cap. The SEC leaves
# concurrent-user limits to the SSI Code of Connection (sec-requirements.md §0.2).
PORTAL_MAX_SESSIONS_PER_PARTY = env.int("PORTAL_MAX_SESSIONS_PER_PARTY", default=50)
PORTAL_BACKUP_CODE_COUNT = 10
# API tokens: lifetime when the creator does not choose one, and the longest allowed.
PORTAL_API_TOKEN_DEFAULT_DAYS = env.int("PORTAL_API_TOKEN_DEFAULT_DAYS", default=90)
PORTAL_API_TOKEN_MAX_DAYS = env.int("PORTAL_API_TOKEN_MAX_DAYS", default=365)
# Outbox push: attempts before a message is dead-lettered, and the back-off base/cap in seconds.
PORTAL_OUTBOX_MAX_ATTEMPTS = env.int("PORTAL_OUTBOX_MAX_ATTEMPTS", default=8)
PORTAL_OUTBOX_BACKOFF_BASE_SECONDS = env.int("PORTAL_OUTBOX_BACKOFF_BASE_SECONDS", default=10)
PORTAL_OUTBOX_BACKOFF_MAX_SECONDS = env.int("PORTAL_OUTBOX_BACKOFF_MAX_SECONDS", default=3600)
PORTAL_OUTBOX_PUSH_TIMEOUT_SECONDS = env.float("PORTAL_OUTBOX_PUSH_TIMEOUT_SECONDS", default=5.0)
PORTAL_OUTBOX_PUSH_BATCH = env.int("PORTAL_OUTBOX_PUSH_BATCH", default=200)
# Plain http:// push endpoints are only for local testing; production requires https://.
PORTAL_OUTBOX_ALLOW_HTTP = env.bool("PORTAL_OUTBOX_ALLOW_HTTP", default=False)
# Working Hours on Working Days (Europe/London). The SEC says "Working Hours" without numbers
# in our sources; see docs/decisions.md D-004.
PORTAL_WORKING_HOURS_START = env("PORTAL_WORKING_HOURS_START", default="08:00")
PORTAL_WORKING_HOURS_END = env("PORTAL_WORKING_HOURS_END", default="18:00")
