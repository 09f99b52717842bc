"""Reads of the Smart Metering Inventory, always scoped to the actor (404 outside the scope).

Also the Registration Data questions other apps ask: who is the Responsible Supplier / Network
Operator for a Device at time T (service-requests-and-devices.md §7), answered as Parties with
their User Roles so that they can be handed straight to ``portal.services.outbox.alert_raise``.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import OrderBy, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from cpl.models import DeviceModel
from portal.choices import UserRole
from portal.models import Party, User
from portal.services.outbox import Recipient

from .choices import SMART_METER_TYPES, DeviceType, MeterPointKind
from .models import Association, Device, MeterPoint, MeterPointLink, Registration, SavedSearch, StatusChange
from .permissions import scope_devices, scope_meter_points

# Which Registration roles an MPxN link makes relevant (E2.1, E2.2; AB 6.2).
_LINK_ROLES: dict[str, tuple[UserRole, ...]] = {
    MeterPointKind.IMPORT_MPAN: (
        UserRole.IMPORT_SUPPLIER,
        UserRole.ELECTRICITY_DISTRIBUTOR,
        UserRole.REGISTERED_SUPPLIER_AGENT,
    ),
    MeterPointKind.SECONDARY_MPAN: (
        UserRole.IMPORT_SUPPLIER,
        UserRole.ELECTRICITY_DISTRIBUTOR,
        UserRole.REGISTERED_SUPPLIER_AGENT,
    ),
    MeterPointKind.EXPORT_MPAN: (UserRole.EXPORT_SUPPLIER, UserRole.ELECTRICITY_DISTRIBUTOR),
    MeterPointKind.MPRN: (UserRole.GAS_SUPPLIER, UserRole.GAS_TRANSPORTER, UserRole.REGISTERED_SUPPLIER_AGENT),
}
SUPPLIER_ROLE_CODES = (UserRole.IMPORT_SUPPLIER, UserRole.EXPORT_SUPPLIER, UserRole.GAS_SUPPLIER)
NETWORK_ROLE_CODES = (UserRole.ELECTRICITY_DISTRIBUTOR, UserRole.GAS_TRANSPORTER)


# --- devices -----------------------------------------------------------------------------------


def device_list(*, actor: User) -> QuerySet[Device]:
    """Devices the actor may see, newest first, with their CPL model loaded."""
    return scope_devices(Device.objects.select_related("device_model"), actor)


def device_get(*, actor: User, device_id: str) -> Device:
    """One Device by Device ID (any common EUI-64 spelling), or 404."""
    from portal.identifiers import normalise_eui64

    try:
        canonical = normalise_eui64(device_id)
    except Exception:
        canonical = ""
    return get_object_or_404(
        device_list(actor=actor).select_related("hub", "prenotified_by_party"), device_id=canonical
    )


def device_get_by_pk(*, actor: User, pk: int) -> Device:
    return get_object_or_404(device_list(actor=actor), pk=pk)


def device_lookup(*, device_id: str) -> Device | None:
    """Unscoped look-up for the DCC's own processing (SR pipeline, hubs): a Device or None."""
    from django.core.exceptions import ValidationError

    from portal.identifiers import normalise_eui64

    try:
        return Device.objects.select_related("device_model", "hub").get(device_id=normalise_eui64(device_id))
    except (Device.DoesNotExist, ValidationError):
        return None


def devices_for_mpxn(*, actor: User, mpxn: str) -> QuerySet[Device]:
    """Devices linked to an MPAN/MPRN, scoped to the actor."""
    digits = "".join((mpxn or "").split())
    return device_list(actor=actor).filter(meter_point_links__meter_point__mpxn=digits)


@dataclass
class SmartMeteringSystem:
    """A Device's Smart Metering System: its CHF, GPF, Meters and Type 1/2 Devices."""

    hub: Device | None
    devices: list[Device] = field(default_factory=list)

    def of_type(self, device_type: str) -> list[Device]:
        return [d for d in self.devices if d.device_type == device_type]


def device_system(*, actor: User, device: Device) -> SmartMeteringSystem:
    """The SMS of ``device`` as far as the actor may see it (hub first, then by type)."""
    hub = device if device.device_type == DeviceType.CHF else device.hub
    if hub is None:
        return SmartMeteringSystem(hub=None, devices=[device])
    members = list(device_list(actor=actor).filter(Q(pk=hub.pk) | Q(hub_id=hub.pk)).select_related("device_model"))
    order = list(DeviceType.values)
    members.sort(key=lambda d: (order.index(d.device_type), d.device_id))
    visible_hub = next((d for d in members if d.pk == hub.pk), None)
    return SmartMeteringSystem(hub=visible_hub, devices=members)


def device_status_history(*, device: Device) -> QuerySet[StatusChange]:
    return device.status_changes.select_related("actor", "actor_party").order_by("-occurred_at", "-pk")


def device_associations(*, device: Device) -> list[Association]:
    return list(Association.objects.filter(Q(device=device) | Q(partner=device)).select_related("device", "partner"))


def device_meter_points(*, device: Device) -> list[MeterPointLink]:
    """MPxN links of a Meter, with current and past registrations loaded."""
    regs = Registration.objects.select_related("party").order_by("role", "-effective_from")
    return list(
        device.meter_point_links.select_related("meter_point")
        .prefetch_related(Prefetch("meter_point__registrations", queryset=regs))
        .order_by("kind")
    )


def saved_search_list(*, actor: User) -> QuerySet[SavedSearch]:
    return SavedSearch.objects.filter(owner=actor) if actor.is_authenticated else SavedSearch.objects.none()


# --- Registration Data -------------------------------------------------------------------------


def meter_point_list(*, actor: User) -> QuerySet[MeterPoint]:
    return scope_meter_points(MeterPoint.objects.all(), actor)


def meter_point_get(*, actor: User, mpxn: str) -> MeterPoint:
    return get_object_or_404(meter_point_list(actor=actor), mpxn="".join((mpxn or "").split()))


def _active_at(at: datetime) -> Q:
    return Q(effective_from__lte=at) & (Q(effective_to__isnull=True) | Q(effective_to__gt=at))


def registrations_at(*, meter_point: MeterPoint, at: datetime | None = None) -> QuerySet[Registration]:
    """Registrations of an MPxN in force at ``at`` (default now)."""
    return meter_point.registrations.filter(_active_at(at or timezone.now())).select_related("party")


@dataclass(frozen=True)
class ResponsibleParties:
    """The Parties responsible for a Device at one instant, each in its User Role.

    ``suppliers``: Import / Export / Gas Supplier registrations; ``network_operators``:
    Electricity Distributor / Gas Transporter; ``agents``: Registered Supplier Agents (MOP/MAM).
    """

    suppliers: tuple[Recipient, ...] = ()
    network_operators: tuple[Recipient, ...] = ()
    agents: tuple[Recipient, ...] = ()

    def recipients(self, *, include_agents: bool = False) -> list[Recipient]:
        """Suppliers then Network Operators (for N28/N29 and the like), de-duplicated."""
        people = [*self.suppliers, *self.network_operators, *(self.agents if include_agents else ())]
        return list(dict.fromkeys(people))

    def has(self, party, role: str | None = None) -> bool:
        party_pk = getattr(party, "pk", party)
        return any(
            r.party.pk == party_pk and (role is None or r.role == role)
            for r in (*self.suppliers, *self.network_operators, *self.agents)
        )


def _system_meters(devices: list[Device]) -> dict[int, list[int]]:
    """For each device pk, the pks of the Meters whose registrations make someone responsible for it."""
    hubs = {
        d.pk if d.device_type == DeviceType.CHF else d.hub_id
        for d in devices
        if d.device_type not in SMART_METER_TYPES
    }
    hubs.discard(None)
    meters_by_hub: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for pk, hub_id, dtype in (
        Device.objects.filter(hub_id__in=hubs, device_type__in=SMART_METER_TYPES)
        .order_by()
        .values_list("pk", "hub_id", "device_type")
    ):
        meters_by_hub[hub_id].append((pk, dtype))
    result = {}
    for d in devices:
        if d.device_type in SMART_METER_TYPES:
            result[d.pk] = [d.pk]
            continue
        system_hub = d.pk if d.device_type == DeviceType.CHF else d.hub_id
        members = meters_by_hub.get(system_hub, []) if system_hub is not None else []
        # The GPF serves the gas side of the SMS only (a Gas Proxy Function, §1.1).
        if d.device_type == DeviceType.GPF:
            members = [m for m in members if m[1] == DeviceType.GSME]
        result[d.pk] = [pk for pk, _ in members]
    return result


def responsible_parties_for_devices(
    *, devices: Iterable[Device], at: datetime | None = None
) -> dict[int, ResponsibleParties]:
    """Batch form of :func:`responsible_parties`: ``{device.pk: ResponsibleParties}`` in a few queries."""
    devices = list(devices)
    at = at or timezone.now()
    meters = _system_meters(devices)
    meter_pks = {pk for pks in meters.values() for pk in pks}
    links = list(
        MeterPointLink.objects.filter(device_id__in=meter_pks).values_list("device_id", "meter_point_id", "kind")
    )
    # order_by(): the model's default ordering would join MeterPoint to sort by MPxN.
    regs = Registration.objects.filter(_active_at(at), meter_point_id__in={mp for _, mp, _ in links}).order_by()
    by_point: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for mp, role, party_id in regs.values_list("meter_point_id", "role", "party_id"):
        by_point[mp].append((role, party_id))
    parties = Party.objects.in_bulk({p for items in by_point.values() for _, p in items})
    roles_by_meter: dict[int, set[tuple[str, int]]] = defaultdict(set)
    for meter_pk, mp, kind in links:
        wanted = _LINK_ROLES[kind]
        roles_by_meter[meter_pk].update((role, party) for role, party in by_point.get(mp, []) if role in wanted)
    out = {}
    shared: dict[tuple, ResponsibleParties] = {}  # most devices of a batch share their Parties (frozen, so safe)
    for d in devices:
        found = tuple(sorted({item for m in meters[d.pk] for item in roles_by_meter.get(m, ())}))
        if found not in shared:
            recipients = [Recipient(party=parties[p], role=role) for role, p in found]
            shared[found] = ResponsibleParties(
                suppliers=tuple(r for r in recipients if r.role in SUPPLIER_ROLE_CODES),
                network_operators=tuple(r for r in recipients if r.role in NETWORK_ROLE_CODES),
                agents=tuple(r for r in recipients if r.role == UserRole.REGISTERED_SUPPLIER_AGENT),
            )
        out[d.pk] = shared[found]
    return out


def responsible_parties(*, device: Device, at: datetime | None = None) -> ResponsibleParties:
    """Who is the Responsible Supplier / Network Operator / agent for ``device`` at ``at`` (default now).

    Meters: the registrations of their own MPxNs (import MPAN: Import Supplier, Electricity
    Distributor, MOP; export MPAN: Export Supplier; MPRN: Gas Supplier, Gas Transporter, MAM).
    CHF, Type 1 and Type 2 Devices: the union over the Meters of their Smart Metering System;
    the GPF: the gas Meter(s) only. A Device not yet on a HAN has nobody responsible.
    """
    return responsible_parties_for_devices(devices=[device], at=at)[device.pk]


def is_responsible_supplier(*, device: Device, party, role: str | None = None, at: datetime | None = None) -> bool:
    """True if ``party`` (optionally in ``role``) is a Responsible Supplier of ``device`` at ``at``."""
    rp = responsible_parties(device=device, at=at)
    party_pk = getattr(party, "pk", party)
    return any(r.party.pk == party_pk and (role is None or r.role == role) for r in rp.suppliers)


def is_responsible_throughout(*, device: Device, party, role: str, start: datetime, end: datetime) -> bool:
    """True if ``party`` holds ``role`` for the Device at every instant of ``[start, end]`` (§7 eligibility).

    Checked at the range's start and at every registration boundary inside it.
    """
    meters = _system_meters([device])[device.pk]
    points = MeterPointLink.objects.filter(device_id__in=meters).values("meter_point_id")
    boundaries = {start}
    for f, t in (
        Registration.objects.filter(meter_point_id__in=points, role=role)
        .filter(effective_from__lte=end)
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gt=start))
        .values_list("effective_from", "effective_to")
    ):
        if start < f <= end:
            boundaries.add(f)
        if t and start < t <= end:
            boundaries.add(t)
    return all(responsible_parties(device=device, at=at).has(party, role) for at in sorted(boundaries))


# --- big lists: keyset pages and estimated counts ----------------------------------------------


@dataclass
class KeysetPage:
    """One page of a keyset-paginated list: rows, and the cursor of the next page (or '')."""

    rows: list
    next_cursor: str
    sort: str


def _encode_cursor(values: list) -> str:
    import base64
    import json

    return base64.urlsafe_b64encode(json.dumps(values, default=str).encode()).decode().rstrip("=")


def _decode_cursor(cursor: str) -> list | None:
    import base64
    import binascii
    import json

    try:
        return json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (ValueError, binascii.Error, json.JSONDecodeError):
        return None


# Columns that may hold NULL and so need NULLS LAST handling in keyset pages.
_NULLABLE_SORTS = frozenset({"smi_status"})


def _after(name: str, descending: bool, value) -> Q:
    """Rows strictly after ``value`` in this column's order (NULLs sort last)."""
    if value is None:
        return Q(pk__in=[])  # only other NULLs follow, and the tie step covers them
    after = Q(**{f"{name}__{'lt' if descending else 'gt'}": value})
    return after | Q(**{f"{name}__isnull": True}) if name in _NULLABLE_SORTS else after


def _same(name: str, value) -> Q:
    return Q(**{f"{name}__isnull": True}) if value is None else Q(**{name: value})


def keyset_page(
    qs: QuerySet, *, ordering: tuple[str, ...], cursor: str = "", size: int = 50, sort: str = ""
) -> KeysetPage:
    """Rows after ``cursor`` in ``ordering`` (whose last key must be unique, e.g. pk or device_id).

    Cost is one index range scan of ``size + 1`` rows however deep the page: no OFFSET, no COUNT.
    NULLs sort last in every column (the same on PostgreSQL and SQLite).
    """
    from django.db.models import F

    fields = [o.lstrip("-") for o in ordering]
    values = _decode_cursor(cursor) if cursor else None
    if values is not None and len(values) == len(fields):
        condition = Q()
        for i, name in enumerate(fields):
            step = _after(name, ordering[i].startswith("-"), values[i])
            for j in range(i):
                step &= _same(fields[j], values[j])
            condition |= step
        qs = qs.filter(condition)
    order: list[str | OrderBy] = list(ordering)
    for i, name in enumerate(fields):
        if name in _NULLABLE_SORTS:
            order[i] = F(name).desc(nulls_last=True) if ordering[i].startswith("-") else F(name).asc(nulls_last=True)
    rows = list(qs.order_by(*order)[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    next_cursor = _encode_cursor([getattr(rows[-1], "pk" if f == "pk" else f) for f in fields]) if more else ""
    return KeysetPage(rows=rows, next_cursor=next_cursor, sort=sort)


def estimated_count(qs: QuerySet, *, exact_below: int = 1_000) -> tuple[int, bool]:
    """(count, is_exact): exact when small, else the PostgreSQL planner's estimate (no COUNT scan)."""
    from django.core.exceptions import EmptyResultSet
    from django.db import connection

    if qs.query.is_empty():
        return 0, True
    if connection.vendor == "postgresql":
        try:
            sql, params = qs.order_by().values("pk").query.sql_with_params()
        except EmptyResultSet:  # a filter that can match nothing (e.g. an empty IN list)
            return 0, True
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
            plan = cursor.fetchone()[0]
        plan = plan if isinstance(plan, list) else __import__("json").loads(plan)
        estimate = int(plan[0]["Plan"]["Plan Rows"])
        if estimate > exact_below:
            return estimate, False
    capped = qs.order_by().values("pk")[: exact_below + 1].count()
    return capped, capped <= exact_below


def device_counts(*, actor: User, by: str) -> list[tuple]:
    """Portfolio report: device counts grouped by ``smi_status``, ``device_type`` or ``device_model``."""
    from django.db.models import Count

    from portal.permissions import is_dcc_staff

    from .models import DeviceAccess

    qs = device_list(actor=actor).order_by()
    if qs.query.is_empty():
        return []
    if by in ("smi_status", "device_model") and not is_dcc_staff(actor):
        # A Party's counts come from its access rows' copies: an index-only scan, no join to Device.
        rows = DeviceAccess.objects.filter(party_id=actor.party_id).order_by()
        if by == "smi_status":
            return list(rows.values_list("smi_status").annotate(n=Count("pk")).order_by("-n"))
        counted = dict(rows.values_list("device_model_id").annotate(n=Count("pk")))
        names = {
            m.pk: (m.manufacturer_name, m.model_name, m.firmware_version)
            for m in DeviceModel.objects.filter(pk__in=[k for k in counted if k])
        }
        out = [(*names.get(k, ("", "", "")), k, n) for k, n in counted.items()]
        return sorted(out, key=lambda r: -r[4])[:200]
    if by == "device_model":
        return list(
            qs.values_list(
                "device_model__manufacturer_name",
                "device_model__model_name",
                "device_model__firmware_version",
                "device_model_id",
            )
            .annotate(n=Count("pk"))
            .order_by("-n")[:200]
        )
    return list(qs.values_list(by).annotate(n=Count("pk")).order_by("-n"))
