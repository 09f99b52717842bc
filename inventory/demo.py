"""A believable demo estate (idempotent): ~3,000 Devices in ~600 Smart Metering Systems across
statuses, models, regions and Parties, with 24+ months of Registration Data."""

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from cpl.models import DeviceModel
from portal.models import Party

from .choices import DeviceType, MeterPointKind, Region, SMIStatus, Trigger
from .identifiers import mpan_check_digit
from .models import Device, DeviceAccess, MeterPoint, MeterPointLink, Registration, StatusChange
from .services.access import device_access_refresh

SYSTEMS = 600
PLACES = [  # postcode, street, region
    ("LS1 4AP", "Park Row, Leeds", Region.NORTH),
    ("M1 1AE", "Piccadilly, Manchester", Region.NORTH),
    ("NE1 7RU", "Grey Street, Newcastle", Region.NORTH),
    ("EH1 1YZ", "Princes Street, Edinburgh", Region.NORTH),
    ("B1 1BB", "Broad Street, Birmingham", Region.CENTRAL),
    ("NG1 5FS", "Long Row, Nottingham", Region.CENTRAL),
    ("CF10 1EP", "Queen Street, Cardiff", Region.CENTRAL),
    ("BS1 4DJ", "Corn Street, Bristol", Region.SOUTH),
    ("SW1A 2AA", "Whitehall, London", Region.SOUTH),
    ("BN1 1GE", "North Street, Brighton", Region.SOUTH),
]
FINAL = (
    [SMIStatus.COMMISSIONED] * 14
    + [SMIStatus.INSTALLED_NOT_COMMISSIONED] * 2
    + [SMIStatus.WHITELISTED, SMIStatus.DECOMMISSIONED]
)


def _eui(prefix: str, n: int) -> str:
    digits = f"{n:010X}"
    return prefix + "-" + "-".join(digits[i : i + 2] for i in range(0, 10, 2))


def _mpan(n: int) -> str:
    first12 = f"23{n:010d}"
    return first12 + str(mpan_check_digit(first12))


def _models():
    by_type = {}
    for m in DeviceModel.objects.all():
        by_type.setdefault(m.device_type, []).append(m)
    return by_type


@transaction.atomic
def seed_inventory(stdout=None) -> None:
    if Device.objects.filter(device_id__startswith="00-DB-D0").exists():
        if stdout:
            stdout.write("  inventory: demo estate already loaded")
        return
    parties = {p.code: p for p in Party.objects.filter(code__in=["northern", "dales", "pennine", "wessex", "agency"])}
    models = _models()
    if len(parties) < 5 or not models.get("CH"):
        if stdout:
            stdout.write("  inventory: skipped (platform Parties or CPL demo data missing)")
        return
    rng = random.Random(20260101)  # noqa: S311 - demo data, not security
    now = timezone.now()
    devices, history, points, regs, links = [], [], [], [], []
    serial = 0

    def device(dtype, model, status, *, hub=None, place, prenotifier=None, role="", when=now, **extra):
        nonlocal serial
        serial += 1
        d = Device(
            device_id=_eui("00-DB-D0", serial),
            device_type=dtype,
            device_model=model,
            smi_status=status,
            status_changed_at=when,
            pending_since=when if status == SMIStatus.PENDING else None,
            prenotified_by_party=prenotifier,
            prenotified_by_role=role,
            hub=hub,
            postcode=place[0],
            address_line=f"{rng.randint(1, 240)} {place[1]}",
            uprn=str(10_000_000 + serial),
            commissioned_at=when if status == SMIStatus.COMMISSIONED else None,
            **extra,
        )
        devices.append(d)
        return d

    for i in range(SYSTEMS):
        place = PLACES[i % len(PLACES)]
        since = now - timedelta(days=rng.randint(30, 900))
        status = rng.choice(FINAL)
        ch_model = rng.choice(models["CH"])
        chf = device(
            DeviceType.CHF,
            ch_model,
            SMIStatus.COMMISSIONED if status != SMIStatus.DECOMMISSIONED else status,
            place=place,
            when=since,
            region=place[2],
            wan_variant=f"WAN-{place[2][:1].upper()}1",
        )
        chf.save()
        gpf = device(
            DeviceType.GPF,
            ch_model,
            SMIStatus.INSTALLED_NOT_COMMISSIONED,
            hub=chf,
            place=place,
            when=since,
            region=place[2],
        )
        esme = device(
            DeviceType.ESME,
            rng.choice(models["ESME"]),
            status,
            hub=chf,
            place=place,
            when=since,
            prenotifier=parties["northern"],
            role="EIS",
            esme_variant="single",
        )
        device(
            DeviceType.IHD,
            None,
            None,
            hub=chf,
            place=place,
            when=since,
            prenotifier=parties["northern"],
            role="EIS",
            type2_description="Glow Bright IHD",
        )
        mpan = MeterPoint(
            mpxn=_mpan(i), fuel="electricity", postcode=place[0], uprn=esme.uprn, address_line=esme.address_line
        )
        points.append(mpan)
        links.append((esme, mpan, MeterPointKind.IMPORT_MPAN))
        regs += [
            (mpan, "EIS", parties["northern"], since - timedelta(days=400)),
            (mpan, "ENO", parties["pennine"], since - timedelta(days=800)),
            (mpan, "SNA", parties["agency"], since - timedelta(days=200)),
        ]
        if i % 5 < 3:  # dual fuel
            gsme = device(
                DeviceType.GSME,
                rng.choice(models["GSME"]),
                status,
                hub=chf,
                place=place,
                when=since,
                prenotifier=parties["dales"],
                role="GIS",
            )
            gpf.smi_status = status
            mprn = MeterPoint(
                mpxn=str(9_000_000 + i), fuel="gas", postcode=place[0], uprn=esme.uprn, address_line=esme.address_line
            )
            points.append(mprn)
            links.append((gsme, mprn, MeterPointKind.MPRN))
            regs += [
                (mprn, "GIS", parties["dales"], since - timedelta(days=500)),
                (mprn, "GNO", parties["wessex"], since - timedelta(days=800)),
            ]
        if i % 7 == 0:
            device(
                DeviceType.PPMID,
                models["PPMID"][0],
                SMIStatus.INSTALLED_NOT_COMMISSIONED,
                hub=chf,
                place=place,
                when=since,
                prenotifier=parties["northern"],
                role="EIS",
            )
        if i % 11 == 0:
            device(
                DeviceType.HCALCS,
                models["HCALCS"][0],
                status,
                hub=chf,
                place=place,
                when=since,
                prenotifier=parties["northern"],
                role="EIS",
            )
    # Stock pre-notified but not yet installed, some close to the 12-month expiry (AC 7.2).
    for i in range(240):
        place = PLACES[i % len(PLACES)]
        gas = i % 3 == 0
        device(
            DeviceType.GSME if gas else DeviceType.ESME,
            rng.choice(models["GSME" if gas else "ESME"]),
            SMIStatus.PENDING,
            place=place,
            when=now - timedelta(days=rng.randint(1, 360)),
            prenotifier=parties["dales" if gas else "northern"],
            role="GIS" if gas else "EIS",
        )
    _save(devices, history, points, regs, links)
    if stdout:
        stdout.write(
            f"  inventory: {Device.objects.count()} Devices, {MeterPoint.objects.count()} MPxNs, "
            f"{Registration.objects.count()} registrations"
        )


# How each demo Device reached its final status, after entering the SMI (§2.3 row numbers).
_ROUTE = {
    ("CHF", SMIStatus.COMMISSIONED): (Trigger.CHF_WAN, 14),
    ("ESME", SMIStatus.COMMISSIONED): (Trigger.SR_8_1_1, 15),
    ("GSME", SMIStatus.COMMISSIONED): (Trigger.SR_8_1_1, 15),
    ("GPF", SMIStatus.COMMISSIONED): (Trigger.JOIN, 16),
    ("GPF", SMIStatus.INSTALLED_NOT_COMMISSIONED): (Trigger.SR_8_4_STATUS, 11),
    ("HCALCS", SMIStatus.COMMISSIONED): (Trigger.JOIN, 16),
    ("PPMID", SMIStatus.INSTALLED_NOT_COMMISSIONED): (Trigger.JOIN, 16),
}


def _history(device: Device, planned: Device) -> list[StatusChange]:
    hub = device.device_type in ("CHF", "GPF")
    entry_at = planned.status_changed_at - timedelta(days=20)
    rows = [
        StatusChange(
            device=device,
            from_status="",
            to_status="" if planned.smi_status is None else SMIStatus.PENDING,
            trigger=Trigger.DCC_HUB_LOAD if hub else Trigger.SR_12_2,
            rule=2 if hub else (3 if planned.smi_status is None else 1),
            reason="Demo estate",
            actor_party=planned.prenotified_by_party,
            occurred_at=entry_at,
        )
    ]
    final = planned.smi_status
    if final and final != SMIStatus.PENDING:
        steps = []
        if device.device_type not in ("CHF", "GPF"):
            steps.append((SMIStatus.WHITELISTED, Trigger.CCS01_RESPONSE, 6))
            if final != SMIStatus.WHITELISTED:
                steps.append((SMIStatus.INSTALLED_NOT_COMMISSIONED, Trigger.CS14_SECOND, 7))
        if final == SMIStatus.DECOMMISSIONED:
            steps.append((SMIStatus.DECOMMISSIONED, Trigger.SR_8_3, 24))
        elif (device.device_type, final) in _ROUTE:
            trigger, rule = _ROUTE[(device.device_type, final)]
            steps.append((final, trigger, rule))
        previous = SMIStatus.PENDING
        for i, (status, trigger, rule) in enumerate(steps):
            if status == previous:
                continue
            rows.append(
                StatusChange(
                    device=device,
                    from_status=previous,
                    to_status=status,
                    trigger=trigger,
                    rule=rule,
                    reason="Demo estate",
                    occurred_at=entry_at + timedelta(days=5 + i * 5),
                )
            )
            previous = status
    return rows


def _save(devices, history, points, regs, links) -> None:
    Device.objects.bulk_create([d for d in devices if d.pk is None], batch_size=1000)
    saved = {d.device_id: d for d in Device.objects.filter(device_id__startswith="00-DB-D0")}
    StatusChange.objects.bulk_create(
        [change for d in devices for change in _history(saved[d.device_id], d)], batch_size=1000
    )
    MeterPoint.objects.bulk_create(points, batch_size=1000)
    by_mpxn = {p.mpxn: p for p in MeterPoint.objects.all()}
    Registration.objects.bulk_create(
        [
            Registration(meter_point=by_mpxn[p.mpxn], role=role, party=party, effective_from=start, source="demo")
            for p, role, party, start in regs
        ],
        batch_size=1000,
    )
    MeterPointLink.objects.bulk_create(
        [MeterPointLink(device=saved[d.device_id], meter_point=by_mpxn[p.mpxn], kind=kind) for d, p, kind in links],
        batch_size=1000,
    )
    DeviceAccess.objects.bulk_create(
        [
            DeviceAccess.for_device(party_id=d.prenotified_by_party.pk, device=saved[d.device_id])
            for d in devices
            if d.prenotified_by_party
        ],
        ignore_conflicts=True,
        batch_size=1000,
    )
    hubs = [d.pk for d in saved.values() if d.device_type == DeviceType.CHF]
    for start in range(0, len(hubs), 200):
        device_access_refresh(devices=hubs[start : start + 200])
