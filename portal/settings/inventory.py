"""Domain settings of the ``inventory`` app.

Each number the SEC leaves open, with its default, is listed in docs/settings.md.
"""

import environ

env = environ.Env()

# AC 7.2 "remained 'Pending' for 12 months": counted as this many days.
INVENTORY_PENDING_EXPIRY_DAYS = env.int("INVENTORY_PENDING_EXPIRY_DAYS", default=365)
# Devices suspended or restored per transaction when a CPL model changes status.
INVENTORY_SUSPENSION_BATCH = env.int("INVENTORY_SUSPENSION_BATCH", default=500)
# Largest pre-notification / Registration Data CSV accepted.
INVENTORY_IMPORT_MAX_BYTES = env.int("INVENTORY_IMPORT_MAX_BYTES", default=50_000_000)
# Rows validated and inserted per transaction by the CSV pre-notification job.
INVENTORY_IMPORT_BATCH = env.int("INVENTORY_IMPORT_BATCH", default=2000)
# Most rows one pre-notification CSV may hold.
INVENTORY_IMPORT_MAX_ROWS = env.int("INVENTORY_IMPORT_MAX_ROWS", default=200_000)
# Most rows a CSV export of a search writes.
INVENTORY_EXPORT_MAX_ROWS = env.int("INVENTORY_EXPORT_MAX_ROWS", default=100_000)
