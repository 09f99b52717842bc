"""The estate DCC's reference DUIS templates assume (RTDS; spec duis-gateway.md §6), so that a
template signed by a User's key works unchanged against the replica.

Parties hold the template User IDs (one ID serving several roles of a Party, as the RTDS does:
D-DUIS-06); the Smart Metering System 00-DB-12-34-56-78-90-A0 .. -A6 is commissioned on one
Communications Hub, with the MPxNs the templates name and Registration Data from 2010 so that
the templates' 2014 read ranges are covered (AB 6.1(f)(i)). The MPANs are the RTDS's own, whose
check digits are not valid; they are stored as given (D-DUIS-11). Idempotent.
"""

from __future__ import annotations

from datetime import UTC, datetime

from django.db import transaction

from portal.choices import UserRole
from portal.models import Party, PartyUserRole

RTDS_DCC_USER_ID = "90-B3-D5-1F-30-00-00-02"  # the DCC (its access control broker) in DCC's tools
RTDS_SUPPLIER_ID = "90-B3-D5-1F-30-01-00-00"
RTDS_NETWORK_OPERATOR_ID = "90-B3-D5-1F-30-02-00-00"
RTDS_SECOND_SUPPLIER_ID = "90-B3-D5-1F-30-03-00-00"
RTDS_LOAD_CONTROLLER_ID = "90-B3-D5-1F-30-01-00-08"

PARTIES = [
    # code, name, [(role, User ID)]
    (
        "rtds-supplier",
        "RTDS Supplier",
        [
            (UserRole.IMPORT_SUPPLIER, RTDS_SUPPLIER_ID),
            (UserRole.EXPORT_SUPPLIER, RTDS_SUPPLIER_ID),
            (UserRole.GAS_SUPPLIER, RTDS_SUPPLIER_ID),
        ],
    ),
    (
        "rtds-network",
        "RTDS Network Operator",
        [
            (UserRole.ELECTRICITY_DISTRIBUTOR, RTDS_NETWORK_OPERATOR_ID),
            (UserRole.GAS_TRANSPORTER, RTDS_NETWORK_OPERATOR_ID),
        ],
    ),
    ("rtds-supplier-2", "RTDS Second Supplier", [(UserRole.GAS_SUPPLIER, RTDS_SECOND_SUPPLIER_ID)]),
    ("rtds-load-controller", "RTDS Load Controller", [(UserRole.OTHER_USER, RTDS_LOAD_CONTROLLER_ID)]),
]

# Device, type, SMI Status (all on the Hub's HAN). A6 is the templates' Auxiliary Proportional
# Controller, a type our inventory does not have: it stands in as an HCALCS (D-DUIS-12).
DEVICES = [
    ("00-DB-12-34-56-78-90-A2", "CHF", "commissioned"),
    ("00-DB-12-34-56-78-90-A3", "GPF", "commissioned"),
    ("00-DB-12-34-56-78-90-A0", "ESME", "commissioned"),
    ("00-DB-12-34-56-78-90-A1", "GSME", "commissioned"),
    ("00-DB-12-34-56-78-90-A4", "PPMID", "commissioned"),
    ("00-DB-12-34-56-78-90-A5", "HCALCS", "commissioned"),
    ("00-DB-12-34-56-78-90-A6", "HCALCS", "commissioned"),
]
IMPORT_MPAN, SECONDARY_MPAN, EXPORT_MPAN, MPRN = "1312345678111", "1312345678222", "1312345678333", "1234567890"
SINCE = datetime(2010, 1, 1, tzinfo=UTC)
POSTCODE, ADDRESS = "M22 0RR", "1 Threapwood Road"

# CPL entries of the RTDS devices (the ESME's identifiers are those of the 12.2 template). The
# second ESME entry is the firmware the 11.1 template distributes: version 00000000, whose image
# hashes (SHA-256) to the value below, so the DCC's CPL checks of SR 11.1 pass for it.
MODELS = {
    "ESME": ("AB01", "RTDS Meters", "010A", "RTDS ESME", "030B", "0002012F", "SMETS2 V4.1"),
    "GSME": ("AB02", "RTDS Meters", "020A", "RTDS GSME", "1", "00020130", "SMETS2 V4.1"),
    "CH": ("AB03", "RTDS Hubs", "030A", "RTDS Communications Hub", "1", "00020131", "CHTS V4.1"),
    "PPMID": ("AB04", "RTDS Displays", "040A", "RTDS PPMID", "1", "00020132", "SMETS2 V4.1"),
    "HCALCS": ("AB05", "RTDS Switches", "050A", "RTDS HCALCS", "1", "00020133", "SMETS2 V4.1"),
}
TEMPLATE_FIRMWARE = ("00000000", "c47fb1a43bf0765f74c42c857a22fc52e63512f977c661be14d4cb2f582901f0")


def rtds_estate_seed(stdout=None) -> dict:
    """Create (once) the RTDS Parties, CPL entries, devices, MPxNs and Registration Data."""
    with transaction.atomic():
        parties = _parties()
        if _devices_exist():
            return parties
        _estate(parties, _models())
    if stdout:
        stdout.write(
            "  devices: RTDS estate for DCC's DUIS templates (00-DB-12-34-56-78-90-A0..A6; "
            f"Supplier {RTDS_SUPPLIER_ID}, Network Operator {RTDS_NETWORK_OPERATOR_ID})\n"
        )
    return parties


def _devices_exist() -> bool:
    from inventory.models import Device

    return Device.objects.filter(device_id=DEVICES[0][0]).exists()


def _parties() -> dict[str, Party]:
    from portal.services.parties import party_user_role_add

    dcc = Party.objects.filter(is_dcc=True).first()
    if dcc is None:
        dcc = Party.objects.create(name="DCC", code="dcc", is_dcc=True, require_two_factor=True)
    if not PartyUserRole.objects.filter(party=dcc, role=UserRole.DCC).exists():
        party_user_role_add(actor=None, party=dcc, role=UserRole.DCC, user_id=RTDS_DCC_USER_ID)
    parties = {"dcc": dcc}
    for code, name, roles in PARTIES:
        party, _ = Party.objects.get_or_create(
            code=code, defaults={"name": name, "contact_email": f"{code}@rtds.test"}
        )
        parties[code] = party
        held = set(PartyUserRole.objects.filter(party=party).values_list("role", flat=True))
        for role, user_id in roles:
            if role not in held:
                party_user_role_add(actor=None, party=party, role=role, user_id=user_id)
    return parties


def _models() -> dict:
    from cpl.models import DeviceModel

    found = {}
    for kind, (maker_id, maker, model_id, model, hardware, firmware, smets) in MODELS.items():
        found[kind], _ = DeviceModel.objects.get_or_create(
            manufacturer_id=maker_id,
            model_id=model_id,
            hardware_version=hardware,
            firmware_version=firmware,
            defaults={
                "device_type": kind,
                "manufacturer_name": maker,
                "model_name": model,
                "firmware_hash": f"{int(firmware, 16):064x}",
                "smets_chts_version": smets,
                "gbcs_version": "4.0",
            },
        )
    maker_id, maker, model_id, model, hardware, _, smets = MODELS["ESME"]
    version, image_hash = TEMPLATE_FIRMWARE
    DeviceModel.objects.get_or_create(
        manufacturer_id=maker_id,
        model_id=model_id,
        hardware_version=hardware,
        firmware_version=version,
        defaults={
            "device_type": "ESME",
            "manufacturer_name": maker,
            "model_name": model,
            "firmware_hash": image_hash,
            "smets_chts_version": smets,
            "gbcs_version": "4.0",
        },
    )
    return found


def _estate(parties: dict[str, Party], models: dict) -> None:
    from inventory.models import Device, DeviceAccess, MeterPoint, MeterPointLink, Registration
    from inventory.services.access import device_access_refresh

    supplier, network = parties["rtds-supplier"], parties["rtds-network"]
    hub = None
    saved = {}
    for device_id, kind, status in DEVICES:
        model = models["CH" if kind in ("CHF", "GPF") else kind]
        device = Device.objects.create(
            device_id=device_id,
            device_type=kind,
            device_model=model,
            smi_status=status,
            status_changed_at=SINCE,
            commissioned_at=SINCE,
            prenotified_by_party=None if kind in ("CHF", "GPF") else supplier,
            prenotified_by_role="" if kind in ("CHF", "GPF") else ("GIS" if kind == "GSME" else "EIS"),
            hub=hub,
            postcode=POSTCODE,
            address_line=ADDRESS,
            # A twin-element ESME answers the RTDS's single- and twin-element templates alike; the
            # Hub is dual band, as the Sub-GHz (DBCH) templates need.
            esme_variant="twin" if kind == "ESME" else "",
            han_variant="Dual Band" if kind == "CHF" else "",
        )
        hub = hub or device
        saved[device_id] = device
    points = {
        mpxn: MeterPoint.objects.create(
            mpxn=mpxn, fuel=fuel, direction=direction, postcode=POSTCODE, address_line=ADDRESS
        )
        for mpxn, fuel, direction in (
            (IMPORT_MPAN, "electricity", "import"),
            (SECONDARY_MPAN, "electricity", "import"),
            (EXPORT_MPAN, "electricity", "export"),
            (MPRN, "gas", "import"),
        )
    }
    esme, gsme = saved["00-DB-12-34-56-78-90-A0"], saved["00-DB-12-34-56-78-90-A1"]
    MeterPointLink.objects.bulk_create(
        [
            MeterPointLink(device=esme, meter_point=points[IMPORT_MPAN], kind="import"),
            MeterPointLink(device=esme, meter_point=points[EXPORT_MPAN], kind="export"),
            MeterPointLink(device=gsme, meter_point=points[MPRN], kind="mprn"),
        ]
    )
    Registration.objects.bulk_create(
        [
            Registration(meter_point=points[mpxn], role=role, party=party, effective_from=SINCE, source="rtds")
            for mpxn, role, party in (
                (IMPORT_MPAN, "EIS", supplier),
                (IMPORT_MPAN, "ENO", network),
                (EXPORT_MPAN, "EES", supplier),
                (EXPORT_MPAN, "ENO", network),
                (MPRN, "GIS", supplier),
                (MPRN, "GNO", network),
            )
        ]
    )
    DeviceAccess.objects.bulk_create(
        [DeviceAccess.for_device(party_id=supplier.pk, device=d) for d in saved.values()], ignore_conflicts=True
    )
    assert hub is not None  # DEVICES starts with the Communications Hub
    device_access_refresh(devices=[hub.pk])
