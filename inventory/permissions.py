"""Who may see and change what in the Smart Metering Inventory.

Scope (issue 3 point 6): DCC staff see every Device; a User's people see Devices their Party
is entitled to by Registration Data (Responsible Supplier, Network Operator, agent) or that
their Party pre-notified. Anything else is absent (404).
"""

from enum import StrEnum

from django.db.models import QuerySet

from portal.permissions import is_dcc_staff


class Perm(StrEnum):
    VIEW_DEVICE = "inventory.view_device"
    PRENOTIFY_DEVICE = "inventory.prenotify_device"
    EXPORT_DEVICES = "inventory.export_devices"
    VIEW_METER_POINT = "inventory.view_meterpoint"
    IMPORT_REGISTRATIONS = "inventory.add_registration"


def _signed_in(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def scope_devices(qs: QuerySet, user) -> QuerySet:
    """Devices the user's Party may see (see module docstring)."""
    if not _signed_in(user) or not user.has_perm(Perm.VIEW_DEVICE):
        return qs.none()
    if is_dcc_staff(user):
        return qs
    from .models import DeviceAccess

    return qs.filter(pk__in=DeviceAccess.objects.filter(party_id=user.party_id).values("device_id"))


def scope_meter_points(qs: QuerySet, user) -> QuerySet:
    """MPxNs the user's Party is or was Registered for; all of them for DCC staff."""
    if not _signed_in(user) or not user.has_perm(Perm.VIEW_DEVICE):
        return qs.none()
    if is_dcc_staff(user):
        return qs
    from .models import Registration

    return qs.filter(pk__in=Registration.objects.filter(party_id=user.party_id).values("meter_point_id"))


def can_prenotify(user) -> bool:
    """Any User may pre-notify (AC 2.6, 2.9): a Party holding a User Role other than the DCC's."""
    return (
        _signed_in(user)
        and user.has_perm(Perm.PRENOTIFY_DEVICE)
        and user.party.user_roles.exclude(role="DCC").exists()
    )


def can_delete_device(user, device) -> bool:
    """SR 8.4 delete: only the User who originally added the Device (§2.3 row 5)."""
    return (
        _signed_in(user) and user.has_perm(Perm.PRENOTIFY_DEVICE) and device.prenotified_by_party_id == user.party_id
    )


def can_export_devices(user) -> bool:
    return _signed_in(user) and user.has_perm(Perm.EXPORT_DEVICES)


def can_import_registrations(user) -> bool:
    """Registration Data comes from the RDPs through the DCC, so DCC people load it."""
    return _signed_in(user) and is_dcc_staff(user) and user.has_perm(Perm.IMPORT_REGISTRATIONS)
