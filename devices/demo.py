"""Demo data for the Service Request app (idempotent): the catalogue, a home ready to install,
and a short request history on the demo estate so the audit trail and report are not empty."""

import time
from datetime import UTC, datetime

from .services.catalogue import catalogue_load

NEW_HOME = {
    "chf": "00-DB-E0-00-00-00-00-01",
    "gpf": "00-DB-E0-00-00-00-00-02",
    "esme": "00-DB-E0-00-00-00-00-03",
    "gsme": "00-DB-E0-00-00-00-00-04",
    "ppmid": "00-DB-E0-00-00-00-00-05",
}
NEW_MPAN, NEW_MPRN = "1900000000019", "9990001"


def seed_devices(stdout=None) -> None:
    version = catalogue_load()
    if stdout:
        stdout.write(f"  devices: SR catalogue {version.label} ({version.variants.count()} variants)\n")
    _new_home(stdout)
    _history(stdout)
    _duis(stdout)


def _duis(stdout) -> None:
    """The DUIS gateway's demo: the RTDS estate DCC's templates expect, and the DCC's signing key."""
    from .services.duis_credentials import dsp_signing_credential_ensure
    from .services.rtds_estate import rtds_estate_seed

    rtds_estate_seed(stdout)
    credential = dsp_signing_credential_ensure()
    if stdout:
        stdout.write(f"  devices: DUIS answers signed with DspXmlSign certificate {credential.certificate.serial}\n")


def _new_home(stdout) -> None:
    """A delivered CH and pre-notified meters at 1 Demo Street, for the install-and-commission walk."""
    from cpl.models import DeviceModel
    from inventory.models import Device, MeterPoint, Registration
    from inventory.services import hub_pair_create
    from portal.models import Party

    if Device.objects.filter(device_id=NEW_HOME["chf"]).exists():
        return
    parties = {p.code: p for p in Party.objects.filter(code__in=["northern", "dales", "pennine", "wessex"])}
    models = {
        t: DeviceModel.objects.filter(device_type=t, status="current").first() for t in ("CH", "ESME", "GSME", "PPMID")
    }
    if len(parties) < 4 or not all(models.values()):
        if stdout:
            stdout.write("  devices: demo home skipped (Parties or CPL models missing)\n")
        return
    hub_pair_create(
        chf_device_id=NEW_HOME["chf"],
        gpf_device_id=NEW_HOME["gpf"],
        device_model=models["CH"],
        for_party=parties["northern"],
    )
    since = datetime(2024, 1, 1, tzinfo=UTC)
    for key, dtype, model, party, role in (
        ("esme", "ESME", models["ESME"], parties["northern"], "EIS"),
        ("gsme", "GSME", models["GSME"], parties["dales"], "GIS"),
        ("ppmid", "PPMID", models["PPMID"], parties["northern"], "EIS"),
    ):
        device = Device.objects.create(
            device_id=NEW_HOME[key],
            device_type=dtype,
            device_model=model,
            smi_status="pending",
            pending_since=since,
            prenotified_by_party=party,
            prenotified_by_role=role,
            postcode="LS1 4AP",
            address_line="1 Demo Street",
        )
        device.access.create(party=party)
    mpan = MeterPoint.objects.create(mpxn=NEW_MPAN, fuel="electricity", postcode="LS1 4AP")
    mprn = MeterPoint.objects.create(mpxn=NEW_MPRN, fuel="gas", postcode="LS1 4AP")
    for point, role, party in (
        (mpan, "EIS", "northern"),
        (mpan, "ENO", "pennine"),
        (mprn, "GIS", "dales"),
        (mprn, "GNO", "wessex"),
    ):
        Registration.objects.create(meter_point=point, role=role, party=parties[party], effective_from=since)
    if stdout:
        stdout.write(
            f"  devices: a home to install at 1 Demo Street (CHF {NEW_HOME['chf']}, ESME "
            f"{NEW_HOME['esme']} MPAN {NEW_MPAN}, GSME {NEW_HOME['gsme']} MPRN {NEW_MPRN})\n"
        )


def _history(stdout) -> None:
    """A few reads on the demo estate's commissioned meters, run through the real pipeline."""
    from inventory.models import Device
    from portal.models import User

    from .models import ServiceRequest
    from .services import Submission, service_requests_process_due, service_requests_submit

    person = User.objects.filter(email="user@northern.demo").first()
    if person is None or ServiceRequest.objects.filter(party=person.party).exists():
        return
    meters = list(
        Device.objects.filter(
            device_type="ESME",
            smi_status="commissioned",
            prenotified_by_party=person.party,
            hub__smi_status="commissioned",
        ).values_list("device_id", flat=True)[:6]
    )
    user_id = person.party.user_roles.get(role="EIS").user_id
    counter = time.time_ns() // 1_000_000
    submissions = [
        Submission(request_id=f"{user_id}:{device}:{counter + i}", srv=srv)
        for i, (device, srv) in enumerate((d, s) for d in meters for s in ("4.1.1", "7.4"))
    ]
    if not submissions:
        return
    service_requests_submit(actor=person, submissions=submissions)
    while service_requests_process_due(limit=200):
        pass
    if stdout:
        stdout.write(f"  devices: {len(submissions)} demo requests run on {len(meters)} meters\n")
