"""Domain settings of Communications Hub ordering, WAN coverage and SSI service information
(sub-apps ``inventory.hubs``, ``inventory.coverage``, ``portal.service_info``). Defaults in docs/settings.md."""

import environ

env = environ.Env()

# --- Communications Hub ordering (smki-hubs-incidents-coverage.md §2) -----------------------
# App H Annex B holds the packaging numbers; the BAD does not give them, so they are settings.
HUBS_CARTON_QUANTITY = env.int("HUBS_CARTON_QUANTITY", default=10)
HUBS_PALLET_LAYER_QUANTITY = env.int("HUBS_PALLET_LAYER_QUANTITY", default=40)
HUBS_STANDARD_PALLET_QUANTITY = env.int("HUBS_STANDARD_PALLET_QUANTITY", default=160)
# F5.12: minimum aggregate per Consignment (CH Handover Support Materials; value not in the BAD).
HUBS_MIN_CONSIGNMENT_QUANTITY = env.int("HUBS_MIN_CONSIGNMENT_QUANTITY", default=160)
# App H 3.5: the OMS allows at most this many Delivery Locations per order.
HUBS_MAX_DELIVERY_LOCATIONS_PER_ORDER = env.int("HUBS_MAX_DELIVERY_LOCATIONS_PER_ORDER", default=2)
# F6.7 vs BAD: confirmation window after the Delivery Date, in Working Days (D-HUB-02).
HUBS_DELIVERY_CONFIRMATION_WORKING_DAYS = env.int("HUBS_DELIVERY_CONFIRMATION_WORKING_DAYS", default=5)
# App H 3.11: share of Mesh CHs in a Central/South order above which the DCC may ask why.
HUBS_MESH_QUERY_THRESHOLD_PERCENT = env.int("HUBS_MESH_QUERY_THRESHOLD_PERCENT", default=10)
# F8.6: days after removal by which a removed CH must be back, else deemed lost or stolen.
HUBS_RETURN_DEADLINE_DAYS = env.int("HUBS_RETURN_DEADLINE_DAYS", default=90)
# App I 10.5: the RMA Return Date is a Working Day at least this many Working Days ahead.
HUBS_RMA_MIN_WORKING_DAYS = env.int("HUBS_RMA_MIN_WORKING_DAYS", default=5)
# F5.19: a Consignment may be cancelled no later than this many hours before its Delivery Date.
HUBS_CANCELLATION_NOTICE_HOURS = env.int("HUBS_CANCELLATION_NOTICE_HOURS", default=48)
# App H 3.8/3.9: Working Days to give details of a deemed order; days to confirm them.
HUBS_DEEMED_ORDER_DETAILS_WORKING_DAYS = env.int("HUBS_DEEMED_ORDER_DETAILS_WORKING_DAYS", default=2)
HUBS_DEEMED_ORDER_CONFIRM_DAYS = env.int("HUBS_DEEMED_ORDER_CONFIRM_DAYS", default=30)
# Months before this one the daily deeming jobs still look at (catch-up after an outage over a month end).
HUBS_DEEMING_CATCH_UP_MONTHS = env.int("HUBS_DEEMING_CATCH_UP_MONTHS", default=1)
# F5.16: Working Days within which the DCC says whether an order is compliant.
HUBS_ORDER_DECISION_WORKING_DAYS = env.int("HUBS_ORDER_DECISION_WORKING_DAYS", default=5)
# Delivery Window defaults (App H 3.13: within Working Hours).
HUBS_DEFAULT_DELIVERY_WINDOW = env.str("HUBS_DEFAULT_DELIVERY_WINDOW", default="09:00-12:00")

# --- WAN coverage (§6) ---------------------------------------------------------------------
# App I 4.1 / [L1009]: a check counts for an installation made within this many days after it.
COVERAGE_CHECK_VALID_DAYS = env.int("COVERAGE_CHECK_VALID_DAYS", default=30)
# Largest coverage CSV accepted (rows); bigger files are refused before anything is written.
COVERAGE_IMPORT_MAX_ROWS = env.int("COVERAGE_IMPORT_MAX_ROWS", default=2_000_000)

# --- SSI service information (§3.4; sec-requirements.md §4) -------------------------------
# H8.3: planned maintenance only between these London times (the window wraps midnight).
SERVICE_INFO_MAINTENANCE_START = env.str("SERVICE_INFO_MAINTENANCE_START", default="20:00")
SERVICE_INFO_MAINTENANCE_END = env.str("SERVICE_INFO_MAINTENANCE_END", default="08:00")
# H8.3: monthly caps in minutes (SSI alone; all DCC Systems together) without Panel approval.
SERVICE_INFO_SSI_MONTHLY_MINUTES = env.int("SERVICE_INFO_SSI_MONTHLY_MINUTES", default=240)
SERVICE_INFO_ALL_SYSTEMS_MONTHLY_MINUTES = env.int("SERVICE_INFO_ALL_SYSTEMS_MONTHLY_MINUTES", default=360)
# H8.4: schedule published at least this many Working Days before the start of the month.
SERVICE_INFO_PUBLICATION_WORKING_DAYS = env.int("SERVICE_INFO_PUBLICATION_WORKING_DAYS", default=20)
# How far ahead the home-page card looks for disruption.
SERVICE_INFO_DASHBOARD_DAYS = env.int("SERVICE_INFO_DASHBOARD_DAYS", default=45)
# H8.16(f)(i): the coverage states refer to this date unless a dataset names its own (D-COV-01).
COVERAGE_DEFAULT_HORIZON_DATE = env.str("COVERAGE_DEFAULT_HORIZON_DATE", default="2021-01-01")
