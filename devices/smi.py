"""What the SR pipeline asks of the Smart Metering Inventory, in one place.

The devices app never changes an SMI Status itself: it calls ``inventory.transitions.transition``
with the trigger the SR's outcome represents (inventory-install-decommission.md §2.3).
"""

from datetime import datetime

from django.db.models import Q

from cpl.models import DeviceModel
from inventory import selectors as inventory_selectors
from inventory import services as inventory_services
from inventory.choices import (
    COMMUNICABLE_STATUSES,
    SMART_METER_TYPES,
    TYPE1_TYPES,
    DeviceType,
    MeterPointKind,
    SMIStatus,
    Trigger,
)
from inventory.models import Device
from inventory.transitions import transition

from .firmware import Profile

__all__ = [
    "COMMUNICABLE_STATUSES",
    "SMART_METER_TYPES",
    "TYPE1_TYPES",
    "Device",
    "DeviceType",
    "MeterPointKind",
    "SMIStatus",
    "Trigger",
    "devices_by_id",
    "eligible",
    "inventory_selectors",
    "inventory_services",
    "profile_for",
    "responsible_for",
    "transition",
]


def devices_by_id(device_ids) -> dict[str, Device]:
    """SMI Devices by Device ID, with CPL model and hub, in three queries (DCC processing: unscoped).

    The Communications Hubs of the devices asked for come back too.
    """
    ids = {d for d in device_ids if d}
    if not ids:
        return {}
    # Two index look-ups rather than a join: the planner would hash the whole device table for
    # a self-join on the hub.
    found = {d.device_id: d for d in Device.objects.filter(device_id__in=ids).order_by()}
    by_pk = {d.pk: d for d in found.values()}
    missing_hubs = {d.hub_id for d in found.values() if d.hub_id and d.hub_id not in by_pk}
    by_pk.update(Device.objects.in_bulk(missing_hubs) if missing_hubs else {})
    for device in list(found.values()):
        if device.hub_id is not None:
            device.hub = hub = by_pk[device.hub_id]
            found.setdefault(hub.device_id, hub)
    # A batch names a handful of CPL models: attached from one small query, not joined per row.
    models = DeviceModel.objects.in_bulk({d.device_model_id for d in found.values() if d.device_model_id})
    for device in found.values():
        if device.device_model_id:
            device.device_model = models[device.device_model_id]
    return found


def device_type_of(device_id: str) -> str | None:
    """A Device's type, or None if it is not in the SMI (one narrow query)."""
    return Device.objects.filter(device_id=device_id).values_list("device_type", flat=True).first()


def profile_for(device: Device) -> Profile:
    """Firmware behaviour follows the CPL model: GBCS version, firmware version and variant."""
    model = device.device_model
    return Profile(
        gbcs_version=(model.gbcs_version if model and model.gbcs_version else "2.0"),
        firmware_version=(model.firmware_version if model else "1.0"),
        twin_element=device.esme_variant == "twin",
        polyphase=device.esme_variant == "polyphase",
        dual_band="dual" in (device.han_variant or "").lower()
        or "dual" in (device.hub.han_variant if device.hub else "").lower(),
    )


def responsible_for(devices: list[Device], at: datetime | None = None):
    """``{device.pk: ResponsibleParties}`` at ``at`` (batch form)."""
    return inventory_selectors.responsible_parties_for_devices(devices=devices, at=at)


def eligible(
    *, device: Device, party, role: str, at: datetime, until: datetime | None = None, responsible=None
) -> bool:
    """AB 6.1(f): the sender "is or will be" the Eligible User at ``at`` (or throughout a range)."""
    if until is not None and until > at:
        return inventory_selectors.is_responsible_throughout(
            device=device, party=party, role=role, start=at, end=until
        )
    rp = responsible if responsible is not None else inventory_selectors.responsible_parties(device=device, at=at)
    return rp.has(party, role)


def system_gsme(gpf: Device) -> Device | None:
    """The gas meter on the same Communications Hub as a GPF (for CoT purges, §9.6)."""
    if gpf.hub_id is None:
        return None
    return Device.objects.filter(Q(hub_id=gpf.hub_id), device_type=DeviceType.GSME).first()
