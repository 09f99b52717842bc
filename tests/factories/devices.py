"""Factories and builders for the Service Request tests: a home's Smart Metering System ready to install."""

import hashlib
import itertools
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import factory

from devices.catalogue_cache import current_variants
from devices.choices import ScheduleStatus
from devices.models import AnomalyThreshold, Schedule
from inventory.choices import DeviceType, EnergyDirection, Fuel
from inventory.models import Device
from inventory.services import hub_pair_create
from tests.factories.cpl import DeviceModelFactory
from tests.factories.inventory import DeviceFactory, MeterPointFactory, RegistrationFactory

_counter = itertools.count(1)


def next_counter() -> int:
    """Strictly increasing RequestID counters, like the DUIS tools' epoch milliseconds."""
    return 1_700_000_000_000 + next(_counter)


def request_id(user_id: str, device_id: str, counter: int | None = None) -> str:
    return f"{user_id}:{device_id}:{counter or next_counter()}"


class ThresholdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AnomalyThreshold

    srv_code = "4.1.1"
    kind = "user"
    limit = 2
    period_seconds = 3600


class ScheduleFactory(factory.django.DjangoModelFactory):
    """A DCC Schedule reading a meter's profile data daily (needs the catalogue loaded)."""

    class Meta:
        model = Schedule

    schedule_id = factory.Sequence(lambda n: f"S{n + 1:08d}")
    party = factory.SubFactory("tests.factories.portal.PartyFactory")
    user_role = "EIS"
    originator_user_id = "90-B3-D5-1F-30-01-00-01"
    device_id = factory.Sequence(lambda n: f"00-DB-33-00-00-00-{n % 256:02X}-01")
    variant = factory.LazyFunction(lambda: current_variants()["4.8.1"])
    period_seconds = 86400
    start_at = factory.LazyFunction(lambda: datetime.now(UTC) + timedelta(hours=1))
    next_run_at = factory.SelfAttribute("start_at")
    status = ScheduleStatus.ACTIVE


@dataclass
class Home:
    """One premises: a CH (CHF+GPF) and pre-notified meters, with Registration Data."""

    chf: Device
    gpf: Device
    esme: Device
    gsme: Device
    ppmid: Device
    mpan: str
    mprn: str


def build_home(*, supplier, gas_supplier, distributor=None, transporter=None, n: int = 0) -> Home:
    """CH pair delivered to ``supplier``; ESME/PPMID pre-notified by it, GSME by ``gas_supplier``."""
    hub_model = DeviceModelFactory(hub=True)
    chf, gpf = hub_pair_create(
        chf_device_id=f"00-DB-11-00-00-00-{n:02X}-01",
        gpf_device_id=f"00-DB-11-00-00-00-{n:02X}-02",
        device_model=hub_model,
        for_party=supplier,
    )
    esme = DeviceFactory(
        device_id=f"00-DB-22-00-00-00-{n:02X}-01",
        prenotified_by_party=supplier,
        prenotified_by_role="EIS",
        visible_to=[supplier],
    )
    gsme = DeviceFactory(
        gas=True,
        device_id=f"00-DB-22-00-00-00-{n:02X}-02",
        prenotified_by_party=gas_supplier,
        prenotified_by_role="GIS",
        visible_to=[gas_supplier],
    )
    ppmid = DeviceFactory(
        ppmid=True,
        device_id=f"00-DB-22-00-00-00-{n:02X}-03",
        prenotified_by_party=supplier,
        prenotified_by_role="EIS",
        visible_to=[supplier],
    )
    since = datetime(2024, 1, 1, tzinfo=UTC)
    mpan = MeterPointFactory()
    RegistrationFactory(meter_point=mpan, role="EIS", party=supplier, effective_from=since)
    if distributor:
        RegistrationFactory(meter_point=mpan, role="ENO", party=distributor, effective_from=since)
    mprn = MeterPointFactory(gas=True, fuel=Fuel.GAS, direction=EnergyDirection.IMPORT)
    RegistrationFactory(meter_point=mprn, role="GIS", party=gas_supplier, effective_from=since)
    if transporter:
        RegistrationFactory(meter_point=mprn, role="GNO", party=transporter, effective_from=since)
    return Home(chf=chf, gpf=gpf, esme=esme, gsme=gsme, ppmid=ppmid, mpan=mpan.mpxn, mprn=mprn.mpxn)


def utrn(seed: int) -> str:
    """A 20-digit UTRN whose last digit is a valid check digit."""
    from devices.firmware.meters import luhn_ok

    body = f"{seed:019d}"
    return next(body + str(d) for d in range(10) if luhn_ok(body + str(d)))


def image_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


__all__ = [
    "DeviceType",
    "Home",
    "ScheduleFactory",
    "ThresholdFactory",
    "build_home",
    "image_hash",
    "next_counter",
    "request_id",
    "utrn",
]
