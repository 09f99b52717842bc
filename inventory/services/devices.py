"""Writes to the SMI: Devices entering it (SR 12.2, DCC hub load), leaving it (SR 8.4 delete,
Pending expiry), and the SMS structure (hub Device Log, MPxN links, joins)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cpl.choices import CPLStatus, PhysicalDeviceType
from cpl.models import DeviceModel
from portal.choices import UserRole
from portal.exceptions import ApplicationError, NotPermitted
from portal.identifiers import normalise_eui64
from portal.models import User
from portal.principals import Actor
from portal.services import audit
from portal.services.outbox import Recipient, alert_raise

from ..choices import (
    CPL_TYPE_FOR,
    HUB_TYPES,
    SMART_METER_TYPES,
    TYPE1_TYPES,
    TYPE2_TYPES,
    USER_PRENOTIFIABLE_TYPES,
    AssociationKind,
    DeviceType,
    MeterPointKind,
    SMIStatus,
    Trigger,
)
from ..exceptions import DuplicateDevice, ModelNotCurrent
from ..identifiers import normalise_postcode, normalise_uprn
from ..models import Association, Device, MeterPoint, MeterPointLink
from ..permissions import can_delete_device, can_prenotify
from ..transitions import record_entry, transition
from .access import device_access_grant, device_access_refresh

# Preferred role to record as the pre-notifying User when a Party holds several (suppliers first).
_ROLE_PREFERENCE = [
    UserRole.IMPORT_SUPPLIER,
    UserRole.GAS_SUPPLIER,
    UserRole.EXPORT_SUPPLIER,
    UserRole.REGISTERED_SUPPLIER_AGENT,
    UserRole.ELECTRICITY_DISTRIBUTOR,
    UserRole.GAS_TRANSPORTER,
    UserRole.OTHER_USER,
]


def prenotifying_role(*, party, role: str | None = None) -> str:
    """The User Role the Party pre-notifies in: ``role`` if it holds it, else its first by preference."""
    held = set(party.user_roles.exclude(role=UserRole.DCC).values_list("role", flat=True))
    if role:
        if role not in held:
            raise ApplicationError(
                f"Your organisation does not hold the User Role {role}.", code="inventory.role_not_held"
            )
        return role
    for candidate in _ROLE_PREFERENCE:
        if candidate in held:
            return candidate
    raise NotPermitted("Only DCC Users (a Party in a User Role) may pre-notify Devices.", code="inventory.not_a_user")


def check_model_for(*, device_type: str, device_model: DeviceModel | None, device_id: str = "") -> None:
    """CPL check of SR 12.2 and the DCC hub load (7.1.1.6.2, AC 2.4, 2.6, 2.9)."""
    if device_type in TYPE2_TYPES:
        if device_model is not None:
            raise ApplicationError(
                "Type 2 Devices (IHD, CAD) are never on the CPL; leave the model empty.",
                code="inventory.type2_has_no_model",
            )
        return
    if device_model is None:
        raise ModelNotCurrent(f"A {device_type} needs its Device Model from the CPL.", code="inventory.model_required")
    if device_model.device_type != CPL_TYPE_FOR[device_type]:
        raise ApplicationError(
            f"{device_model} is a {device_model.get_device_type_display()} model, not a {device_type} one.",
            code="inventory.model_wrong_type",
            extra={"device_id": device_id},
        )
    if device_model.status != CPLStatus.CURRENT:
        raise ModelNotCurrent(f"{device_model} is not current on the CPL.", extra={"device_id": device_id})


@dataclass(frozen=True)
class SiteDetails:
    """Optional install details carried with a pre-notification."""

    uprn: str = ""
    postcode: str = ""
    address_line: str = ""
    description: str = ""
    esme_variant: str = ""

    def cleaned(self) -> SiteDetails:
        return SiteDetails(
            uprn=normalise_uprn(self.uprn),
            postcode=normalise_postcode(self.postcode),
            address_line=self.address_line.strip()[:200],
            description=self.description.strip()[:200],
            esme_variant=self.esme_variant,
        )


def device_prenotify(
    *,
    actor: Actor,
    device_id: str,
    device_type: str,
    device_model: DeviceModel | None = None,
    role: str | None = None,
    site: SiteDetails | None = None,
    type2_description: str = "",
) -> Device:
    """SR 12.2 'Device Pre-Notification' (§3; §2.3 rows 1, 3 and 26).

    Any User may send it; Meters and Type 1 Devices need a Device Model current on the CPL and
    enter Pending; Type 2 Devices enter with no SMI Status. A Decommissioned Device is re-used
    (row 26). CHF/GPF are refused: only the DCC adds hubs. Raises ``ValidationError``,
    ``DuplicateDevice``, ``ModelNotCurrent``, ``NotPermitted``. Audit: ``inventory.device_prenotified``.
    """
    if not can_prenotify(actor):
        raise NotPermitted("You may not pre-notify Devices.", code="inventory.not_permitted")
    user_role = prenotifying_role(party=actor.party, role=role)
    device_id = normalise_eui64(device_id)
    if device_type in HUB_TYPES:
        raise ApplicationError(
            "Communications Hubs (CHF and GPF) are added by the DCC before delivery, "
            "never pre-notified by Users (AC 2.5).",
            code="inventory.hub_not_prenotifiable",
        )
    if device_type not in USER_PRENOTIFIABLE_TYPES:
        raise ValidationError({"device_type": f"{device_type} is not a Device Type."}, code="invalid_device_type")
    check_model_for(device_type=device_type, device_model=device_model, device_id=device_id)
    site = (site or SiteDetails()).cleaned()
    if site.esme_variant and device_type != DeviceType.ESME:
        raise ValidationError({"esme_variant": "Only an ESME has an ESME variant."})
    with transaction.atomic():
        existing = Device.objects.select_for_update().filter(device_id=device_id).first()
        if existing is not None:
            return _reuse_decommissioned(
                existing, actor=actor, role=user_role, device_type=device_type, device_model=device_model, site=site
            )
        now = timezone.now()
        device = Device(
            device_id=device_id,
            device_type=device_type,
            device_model=device_model,
            type2_description=type2_description.strip()[:200] if device_type in TYPE2_TYPES else "",
            smi_status=None if device_type in TYPE2_TYPES else SMIStatus.PENDING,
            status_changed_at=now,
            pending_since=None if device_type in TYPE2_TYPES else now,
            prenotified_by_party=actor.party,
            prenotified_by_role=user_role,
            prenotified_by=actor if isinstance(actor, User) else None,  # a DUIS sender is no person (D-DUIS-19)
            uprn=site.uprn,
            postcode=site.postcode,
            address_line=site.address_line,
            description=site.description,
            esme_variant=site.esme_variant,
        )
        device.full_clean(
            exclude=["device_model", "hub", "prenotified_by_party", "prenotified_by", "commissioned_by_party"]
        )
        device.save()
        record_entry(
            device=device,
            rule=3 if device_type in TYPE2_TYPES else 1,
            trigger=Trigger.SR_12_2,
            actor=actor,
            reason="Pre-notified",
            now=now,
        )
        device_access_grant(device_pks=[device.pk], party=actor.party)
        audit.record(
            action="inventory.device_prenotified",
            actor=actor,
            target=device,
            after={
                "device_type": device_type,
                "device_model": device_model.pk if device_model else None,
                "role": user_role,
            },
        )
    return device


def _reuse_decommissioned(device: Device, *, actor: Actor, role, device_type, device_model, site) -> Device:
    # Row 26 (DUIS 3.8.101.5): a Decommissioned Device comes back by SR 12.2; Device Type is immutable.
    if device.smi_status != SMIStatus.DECOMMISSIONED or device.device_type != device_type:
        raise DuplicateDevice(
            f"Device {device.device_id} is already in the Smart Metering Inventory.",
            extra={"device_id": device.device_id},
        )
    if device_model is not None and device.device_model_id != device_model.pk:
        device.device_model = device_model
    person = actor if isinstance(actor, User) else None  # a DUIS sender is no person (D-DUIS-19)
    transition(
        device=device,
        to=SMIStatus.PENDING,
        actor=person,
        reason="Re-used at another premises",
        trigger=Trigger.SR_12_2,
    )
    device.prenotified_by_party, device.prenotified_by_role = actor.party, role
    device.prenotified_by = person
    device.hub = None
    for name in ("uprn", "postcode", "address_line", "description", "esme_variant"):
        setattr(device, name, getattr(site, name))
    device.save(
        update_fields=[
            "device_model",
            "prenotified_by_party",
            "prenotified_by_role",
            "prenotified_by",
            "hub",
            "uprn",
            "postcode",
            "address_line",
            "description",
            "esme_variant",
            "updated_at",
        ]
    )
    device.meter_point_links.all().delete()
    device_access_refresh(devices=[device.pk], whole_system=False)
    audit.record(
        action="inventory.device_prenotified", actor=actor, target=device, after={"reused": True, "role": role}
    )
    return device


def _new_hub_devices(chf_id: str, gpf_id: str, *, device_model, region, wan_variant, han_variant, now):
    chf = Device(
        device_id=chf_id,
        device_type=DeviceType.CHF,
        device_model=device_model,
        smi_status=SMIStatus.PENDING,
        status_changed_at=now,
        pending_since=now,
        region=region,
        wan_variant=wan_variant,
        han_variant=han_variant,
    )
    gpf = Device(
        device_id=gpf_id,
        device_type=DeviceType.GPF,
        device_model=device_model,
        smi_status=SMIStatus.PENDING,
        status_changed_at=now,
        pending_since=now,
        region=region,
        wan_variant=wan_variant,
        han_variant=han_variant,
    )
    return chf, gpf


def hub_pairs_create(
    *,
    pairs: Iterable[tuple[str, str]],
    device_model: DeviceModel,
    actor: User | None = None,
    region: str = "",
    wan_variant: str = "",
    han_variant: str = "",
    for_party=None,
    reason: str = "",
) -> list[tuple[Device, Device]]:
    """DCC adds Communications Hubs to the SMI before delivery (§2.3 row 2; AC 2.4, 2.5, 2.8).

    Each ``(chf_device_id, gpf_device_id)`` becomes a CHF and a GPF, both Pending, the GPF's
    ``hub`` set to its CHF (the DCC Associates them). No User pre-notification rules apply;
    the CH Device Model must be a current CH entry on the CPL. ``for_party`` (the Party the
    hubs are delivered to) may see them until meters join. All or nothing: any bad or
    duplicate ID raises and creates no hub. Audit: ``inventory.hubs_added`` (one event).
    """
    pairs = [(normalise_eui64(c), normalise_eui64(g)) for c, g in pairs]
    if device_model.device_type != PhysicalDeviceType.CH:
        raise ApplicationError(f"{device_model} is not a Communications Hub model.", code="inventory.model_wrong_type")
    if device_model.status != CPLStatus.CURRENT:
        raise ModelNotCurrent(f"{device_model} is not current on the CPL (AC 2.4).")
    ids = [i for pair in pairs for i in pair]
    if len(set(ids)) != len(ids):
        raise DuplicateDevice("The same Device ID appears twice among the hubs.")
    now = timezone.now()
    with transaction.atomic():
        taken = list(Device.objects.filter(device_id__in=ids).values_list("device_id", flat=True)[:10])
        if taken:
            raise DuplicateDevice(
                f"Already in the Smart Metering Inventory: {', '.join(taken)}.", extra={"device_ids": taken}
            )
        chfs, gpfs = [], []
        for chf_id, gpf_id in pairs:
            chf, gpf = _new_hub_devices(
                chf_id,
                gpf_id,
                device_model=device_model,
                region=region,
                wan_variant=wan_variant,
                han_variant=han_variant,
                now=now,
            )
            chfs.append(chf)
            gpfs.append(gpf)
        Device.objects.bulk_create(chfs)
        chfs = list(Device.objects.filter(device_id__in=[c.device_id for c in chfs]).order_by("device_id"))
        by_id = {c.device_id: c for c in chfs}
        for gpf, (chf_id, _) in zip(gpfs, pairs, strict=True):
            gpf.hub = by_id[chf_id]
        Device.objects.bulk_create(gpfs)
        gpfs = list(Device.objects.filter(device_id__in=[g.device_id for g in gpfs]))
        by_gpf = {g.device_id: g for g in gpfs}
        _bulk_entries(
            [*chfs, *gpfs],
            rule=2,
            trigger=Trigger.DCC_HUB_LOAD,
            actor=actor,
            reason=reason or "Added by the DCC before delivery",
            now=now,
        )
        if for_party is not None:
            device_access_grant(device_pks=[d.pk for d in (*chfs, *gpfs)], party=for_party)
        audit.record(
            action="inventory.hubs_added",
            actor=actor if getattr(actor, "pk", None) else None,
            target_type="cpl.devicemodel",
            target_id=str(device_model.pk),
            target_label=str(device_model),
            after={
                "count": len(pairs),
                "chf_ids": [c for c, _ in pairs][:50],
                "for_party": getattr(for_party, "code", None),
            },
        )
    return [(by_id[c], by_gpf[g]) for c, g in pairs]


def hub_pair_create(
    *,
    chf_device_id: str,
    gpf_device_id: str,
    device_model: DeviceModel,
    actor: User | None = None,
    region: str = "",
    wan_variant: str = "",
    han_variant: str = "",
    for_party=None,
    reason: str = "",
) -> tuple[Device, Device]:
    """One Communications Hub: see :func:`hub_pairs_create`. Returns ``(chf, gpf)``."""
    return hub_pairs_create(
        pairs=[(chf_device_id, gpf_device_id)],
        device_model=device_model,
        actor=actor,
        region=region,
        wan_variant=wan_variant,
        han_variant=han_variant,
        for_party=for_party,
        reason=reason,
    )[0]


def _bulk_entries(devices, *, rule, trigger, actor: User | None, reason, now):
    from ..models import StatusChange

    person = actor if getattr(actor, "pk", None) else None
    StatusChange.objects.bulk_create(
        [
            StatusChange(
                device=d,
                from_status="",
                to_status=d.smi_status or "",
                trigger=trigger,
                rule=rule,
                reason=reason[:300],
                actor=person,
                actor_party=person.party if person else None,
                occurred_at=now,
            )
            for d in devices
        ]
    )


def device_delete(*, actor: Actor, device: Device) -> None:
    """SR 8.4 'Update Inventory' delete (§2.3 row 5): only the pre-notifying User, only while
    Pending (Type 2: at any time). Deleting a CHF also deletes its GPF. Audit: ``inventory.device_deleted``.
    """
    if not can_delete_device(actor, device):
        raise NotPermitted("Only the User who pre-notified a Device may delete it.", code="inventory.not_permitted")
    if device.device_type not in TYPE2_TYPES and device.smi_status != SMIStatus.PENDING:
        raise ApplicationError(
            "Only a Pending Device can be deleted from the SMI (DUIS 8.4).",
            code="inventory.delete_not_pending",
            extra={"smi_status": device.smi_status},
        )
    with transaction.atomic():
        victims = [
            device,
            *(
                Device.objects.filter(hub=device, device_type=DeviceType.GPF)
                if device.device_type == DeviceType.CHF
                else []
            ),
        ]
        for victim in victims:
            audit.record(
                action="inventory.device_deleted",
                actor=actor,
                target=victim,
                before={"device_type": victim.device_type, "smi_status": victim.smi_status},
            )
        Device.objects.filter(pk__in=[v.pk for v in victims]).delete()


def devices_expire_pending(*, now=None, batch_size: int = 500) -> int:
    """Remove Devices Pending for 12 months and raise N8 to their pre-notifier (§2.3 row 4, AC 7.2).

    Applies to Smart Meters and Type 1 Devices (7.1.1.6.2; D-INV-04). Idempotent: a Device is
    removed and alerted in one transaction. Returns how many were removed.
    """
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.INVENTORY_PENDING_EXPIRY_DAYS)
    removed = 0
    while True:
        with transaction.atomic():
            batch = list(
                Device.objects.select_for_update(skip_locked=True, of=("self",), no_key=True)
                .filter(
                    smi_status=SMIStatus.PENDING,
                    pending_since__lte=cutoff,
                    device_type__in=SMART_METER_TYPES | TYPE1_TYPES,
                )
                .select_related("prenotified_by_party")
                .order_by("pk")[:batch_size]
            )
            if not batch:
                return removed
            for device in batch:
                pending_since = device.pending_since
                assert pending_since is not None  # selected by pending_since__lte
                if device.prenotified_by_party is not None:
                    alert_raise(
                        code="N8",
                        device_id=device.device_id,
                        dedupe_key=f"N8:{device.device_id}:{device.pending_since:%Y%m%d%H%M%S}",
                        recipients=[Recipient(party=device.prenotified_by_party, role=device.prenotified_by_role)],
                        payload={"pending_since": pending_since.isoformat()},
                    )
                audit.record(
                    action="inventory.device_expired",
                    target=device,
                    party=device.prenotified_by_party,
                    before={"smi_status": SMIStatus.PENDING, "pending_since": pending_since.isoformat()},
                )
            Device.objects.filter(pk__in=[d.pk for d in batch]).delete()
            removed += len(batch)


# --- Smart Metering System structure (used by the SR pipeline) ---------------------------------


def device_attach_to_hub(*, device: Device, hub: Device, actor: User | None = None) -> Device:
    """Record that ``device`` is on the Device Log of CHF ``hub`` (SR 8.11 Add success, AC 4.3(b)).

    Does not change the SMI Status (the caller applies row 6 with ``transition``). Refreshes who
    may see the SMS. Audit: ``inventory.device_attached``.
    """
    if hub.device_type != DeviceType.CHF:
        raise ApplicationError("Devices join the Device Log of a CHF.", code="inventory.not_a_hub")
    if device.device_type in HUB_TYPES:
        raise ApplicationError("A hub is not added to another hub's Device Log.", code="inventory.hub_on_hub")
    with transaction.atomic():
        previous = device.hub_id
        Device.objects.filter(pk=device.pk).update(hub=hub, updated_at=timezone.now())
        device.hub = hub
        device_access_refresh(devices=[device.pk, hub.pk])
        audit.record(
            action="inventory.device_attached",
            actor=actor if getattr(actor, "pk", None) else None,
            target=device,
            before={"hub": previous},
            after={"hub": hub.device_id},
        )
    return device


def device_detach_from_hub(*, device: Device, actor: User | None = None) -> Device:
    """Record removal from the CHF Device Log (SR 8.11 Remove, CCS02). Audit: ``inventory.device_detached``."""
    with transaction.atomic():
        hub_pk = device.hub_id
        Device.objects.filter(pk=device.pk).update(hub=None, updated_at=timezone.now())
        device.hub = None
        Association.objects.filter(device=device).delete()
        Association.objects.filter(partner=device).delete()
        device_access_refresh(devices=[device.pk, *([hub_pk] if hub_pk else [])])
        audit.record(
            action="inventory.device_detached",
            actor=actor if getattr(actor, "pk", None) else None,
            target=device,
            before={"hub": hub_pk},
        )
    return device


def meter_point_link(*, device: Device, mpxn: str, kind: str, actor: User | None = None) -> MeterPointLink:
    """Associate a Meter with an MPxN (AC 4.3(b), SR 8.4 MPxN change). Replaces a link of the same kind.

    ESME takes import / secondary (twin element only) / export MPANs; GSME an MPRN. The MPxN
    must already be in Registration Data. Audit: ``inventory.mpxn_linked``.
    """
    if device.device_type not in SMART_METER_TYPES:
        raise ApplicationError("Only Smart Meters are associated with an MPxN.", code="inventory.not_a_meter")
    gas = device.device_type == DeviceType.GSME
    if gas != (kind == MeterPointKind.MPRN):
        raise ApplicationError("A GSME takes an MPRN; an ESME takes MPANs.", code="inventory.wrong_mpxn_kind")
    if kind == MeterPointKind.SECONDARY_MPAN and device.esme_variant != "twin":
        # §8 rejections: a Secondary MPAN only on a twin element ESME.
        raise ApplicationError("Only a twin element ESME has a Secondary MPAN.", code="inventory.not_twin_element")
    point = MeterPoint.objects.filter(mpxn="".join(mpxn.split())).first()
    if point is None:
        raise ApplicationError(f"{mpxn} is not in the Registration Data.", code="inventory.unknown_mpxn")
    with transaction.atomic():
        link, _ = MeterPointLink.objects.update_or_create(device=device, kind=kind, defaults={"meter_point": point})
        device_access_refresh(devices=[device.pk])
        audit.record(
            action="inventory.mpxn_linked",
            actor=actor if getattr(actor, "pk", None) else None,
            target=device,
            after={"mpxn": point.mpxn, "kind": kind},
        )
    return link


def meter_points_unlink(*, device: Device, actor: User | None = None) -> int:
    """End every MPxN association of a Meter (SR 8.3, §4.4 step 3). Audit: ``inventory.mpxn_unlinked``."""
    with transaction.atomic():
        mpxns = list(device.meter_point_links.values_list("meter_point__mpxn", flat=True))
        count, _ = device.meter_point_links.all().delete()
        device_access_refresh(devices=[device.pk])
        if count:
            audit.record(
                action="inventory.mpxn_unlinked",
                actor=actor if getattr(actor, "pk", None) else None,
                target=device,
                before={"mpxns": mpxns},
            )
    return count


def association_create(*, device: Device, partner: Device, actor: User | None = None) -> Association:
    """Record a Join of ``device`` to ``partner`` (SR 8.7.1/8.7.2 success). Idempotent."""
    with transaction.atomic():
        assoc, created = Association.objects.get_or_create(device=device, partner=partner, kind=AssociationKind.JOIN)
        if created:
            audit.record(
                action="inventory.joined",
                actor=actor if getattr(actor, "pk", None) else None,
                target=device,
                after={"partner": partner.device_id},
            )
    return assoc


def association_end(*, device: Device, partner: Device, actor: User | None = None) -> int:
    """Terminate a Join (AC 6.1). Returns the number of associations ended."""
    with transaction.atomic():
        count, _ = Association.objects.filter(device=device, partner=partner).delete()
        count += Association.objects.filter(device=partner, partner=device).delete()[0]
        if count:
            audit.record(
                action="inventory.unjoined",
                actor=actor if getattr(actor, "pk", None) else None,
                target=device,
                before={"partner": partner.device_id},
            )
    return count
