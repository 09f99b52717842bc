"""Factories for the Smart Metering Inventory and Registration Data."""

from datetime import UTC, datetime

import factory

from inventory.choices import DeviceType, EnergyDirection, Fuel, SMIStatus
from inventory.identifiers import mpan_check_digit
from inventory.models import Device, DeviceAccess, MeterPoint, MeterPointLink, Registration
from tests.factories.cpl import DeviceModelFactory
from tests.factories.portal import eui64_sequence


def mpan_sequence(n: int) -> str:
    """A valid 13-digit MPAN core (check digit computed)."""
    first12 = f"14{n:010d}"
    return first12 + str(mpan_check_digit(first12))


class DeviceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Device
        skip_postgeneration_save = True

    device_id = factory.Sequence(lambda n: eui64_sequence(n, "00-DB-12"))
    device_type = DeviceType.ESME
    device_model = factory.SubFactory(DeviceModelFactory)
    smi_status = SMIStatus.PENDING
    pending_since = factory.LazyFunction(lambda: datetime.now(UTC))

    class Params:
        gas = factory.Trait(device_type=DeviceType.GSME, device_model=factory.SubFactory(DeviceModelFactory, gas=True))
        chf = factory.Trait(device_type=DeviceType.CHF, device_model=factory.SubFactory(DeviceModelFactory, hub=True))
        gpf = factory.Trait(device_type=DeviceType.GPF, device_model=factory.SubFactory(DeviceModelFactory, hub=True))
        ppmid = factory.Trait(
            device_type=DeviceType.PPMID, device_model=factory.SubFactory(DeviceModelFactory, ppmid=True)
        )
        hcalcs = factory.Trait(
            device_type=DeviceType.HCALCS, device_model=factory.SubFactory(DeviceModelFactory, hcalcs=True)
        )
        ihd = factory.Trait(device_type=DeviceType.IHD, device_model=None, smi_status=None, pending_since=None)
        cad = factory.Trait(device_type=DeviceType.CAD, device_model=None, smi_status=None, pending_since=None)

    @factory.post_generation
    def visible_to(self, create, extracted, **kwargs):
        """``visible_to=[party, ...]``: grant these Parties access (as the services would)."""
        if create and extracted:
            DeviceAccess.objects.bulk_create(
                [DeviceAccess.for_device(party_id=p.pk, device=self) for p in extracted], ignore_conflicts=True
            )


class MeterPointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeterPoint

    mpxn = factory.Sequence(mpan_sequence)
    fuel = Fuel.ELECTRICITY
    direction = EnergyDirection.IMPORT
    postcode = "LS1 4AP"
    uprn = factory.Sequence(lambda n: str(100000 + n))

    class Params:
        gas = factory.Trait(fuel=Fuel.GAS, mpxn=factory.Sequence(lambda n: f"{7000000 + n}"))


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    meter_point = factory.SubFactory(MeterPointFactory)
    role = "EIS"
    effective_from = datetime(2024, 1, 1, tzinfo=UTC)


class MeterPointLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeterPointLink

    device = factory.SubFactory(DeviceFactory)
    meter_point = factory.SubFactory(MeterPointFactory)
    kind = "import"
