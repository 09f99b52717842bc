"""Writes to the Smart Metering Inventory and Registration Data (one package, split by subdomain).

Other apps import from here, never from the submodules' private helpers.
"""

from .access import access_refresh_batched, device_access_grant, device_access_refresh
from .devices import (
    SiteDetails,
    association_create,
    association_end,
    check_model_for,
    device_attach_to_hub,
    device_delete,
    device_detach_from_hub,
    device_prenotify,
    devices_expire_pending,
    hub_pair_create,
    hub_pairs_create,
    meter_point_link,
    meter_points_unlink,
    prenotifying_role,
)
from .prenotify_import import prenotify_import_run, prenotify_import_start, prenotify_rows
from .registration import meter_point_upsert, registration_import_run, registration_import_start, registration_record
from .searches import saved_search_delete, saved_search_save
from .suspension import device_change_model, devices_apply_cpl_status, on_cpl_status_changed

__all__ = [
    "SiteDetails",
    "access_refresh_batched",
    "association_create",
    "association_end",
    "check_model_for",
    "device_access_grant",
    "device_access_refresh",
    "device_attach_to_hub",
    "device_change_model",
    "device_delete",
    "device_detach_from_hub",
    "device_prenotify",
    "devices_apply_cpl_status",
    "devices_expire_pending",
    "hub_pair_create",
    "hub_pairs_create",
    "meter_point_link",
    "meter_point_upsert",
    "meter_points_unlink",
    "on_cpl_status_changed",
    "prenotify_import_run",
    "prenotify_import_start",
    "prenotify_rows",
    "prenotifying_role",
    "registration_import_run",
    "registration_import_start",
    "registration_record",
    "saved_search_delete",
    "saved_search_save",
]
