"""Maintains ``DeviceAccess``: the read model that scopes every inventory list to a Party."""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db.models import Q

from ..choices import DeviceType
from ..models import Device, DeviceAccess

# Devices whose access rows are recomputed when ``access_refresh_batched()`` ends.
_deferred: ContextVar[set[int] | None] = ContextVar("access_refresh_deferred", default=None)


@contextmanager
def access_refresh_batched() -> Iterator[None]:
    """Recompute access once, as the block ends, for every Device refreshed inside it.

    For batch pipelines: committing a hub with its meters refreshes the same Smart Metering
    System several times (attach, MPxN link, status change). Use inside the batch's transaction;
    nothing inside the block reads ``DeviceAccess``. If the block raises, nothing is written.
    """
    if _deferred.get() is not None:
        yield
        return
    pks: set[int] = set()
    token = _deferred.set(pks)
    try:
        yield
    finally:
        _deferred.reset(token)
    if pks:
        device_access_refresh(devices=pks)


def _system_members(device_pks: set[int]) -> set[int]:
    """Every Device sharing a Smart Metering System with one of ``device_pks`` (and themselves)."""
    rows = Device.objects.filter(pk__in=device_pks).values_list("pk", "hub_id", "device_type")
    hubs = {pk if dtype == DeviceType.CHF else hub for pk, hub, dtype in rows} - {None}
    members = set(Device.objects.filter(Q(pk__in=hubs) | Q(hub_id__in=hubs)).values_list("pk", flat=True))
    return members | set(device_pks)


def device_access_refresh(*, devices: Iterable[Device] | Iterable[int], whole_system: bool = True) -> int:
    """Recompute who may see these Devices (and, by default, the rest of their SMS).

    Entitled: the pre-notifying Party, and every Party registered now for an MPxN of the SMS
    (``inventory.selectors.responsible_parties``), plus the Party a hub was delivered to while
    it has no meters. Returns the number of access rows written. Call inside the transaction
    of the change that moved the entitlement.
    """
    from ..selectors import responsible_parties_for_devices

    pks: set[int] = {d if isinstance(d, int) else d.pk for d in devices}
    deferred = _deferred.get()
    if deferred is not None:
        deferred.update(pks)  # the whole system is refreshed when the batch ends
        return 0
    if whole_system:
        pks = _system_members(pks)
    objs = list(
        Device.objects.filter(pk__in=pks).only(
            "pk", "device_type", "hub_id", "prenotified_by_party_id", "smi_status", "device_model_id"
        )
    )
    existing_delivery: dict[int, set[int]] = {}
    for device_pk, party_id in DeviceAccess.objects.filter(
        device_id__in=[d.pk for d in objs if d.device_type in (DeviceType.CHF, DeviceType.GPF)]
    ).values_list("device_id", "party_id"):
        existing_delivery.setdefault(device_pk, set()).add(party_id)
    responsible = responsible_parties_for_devices(devices=objs)
    # Visibility is per Smart Metering System: the GPF is shown to everyone who sees its CHF (the
    # electricity side too), although only the gas side is "responsible" for it in alerts.
    chf_of_gpf = {d.pk: d.hub_id for d in objs if d.device_type == DeviceType.GPF and d.hub_id}
    missing = set(chf_of_gpf.values()) - {d.pk for d in objs}
    if missing:
        responsible.update(responsible_parties_for_devices(devices=Device.objects.filter(pk__in=missing)))
    wanted: set[tuple[int, int]] = set()
    for d in objs:
        source = responsible[chf_of_gpf[d.pk]] if d.pk in chf_of_gpf else responsible[d.pk]
        parties = {r.party.pk for r in source.recipients(include_agents=True)}
        if d.prenotified_by_party_id:
            parties.add(d.prenotified_by_party_id)
        if d.device_type in (DeviceType.CHF, DeviceType.GPF) and not parties:
            parties |= existing_delivery.get(d.pk, set())  # keep the receiving Party until meters join
        wanted.update((p, d.pk) for p in parties)
    DeviceAccess.objects.filter(device_id__in=[d.pk for d in objs]).delete()
    by_pk = {d.pk: d for d in objs}
    DeviceAccess.objects.bulk_create(
        [DeviceAccess.for_device(party_id=p, device=by_pk[d]) for p, d in wanted], ignore_conflicts=True
    )
    return len(wanted)


def device_access_grant(*, device_pks: Iterable[int], party) -> None:
    """Let ``party`` see these Devices (pre-notifier, hub recipient). Idempotent."""
    party_pk = getattr(party, "pk", party)
    devices = Device.objects.filter(pk__in=list(device_pks)).only("pk", "smi_status", "device_model_id")
    DeviceAccess.objects.bulk_create(
        [DeviceAccess.for_device(party_id=party_pk, device=d) for d in devices], ignore_conflicts=True
    )
