"""Factories for the Central Products List."""

import hashlib

import factory

from cpl.choices import CPLStatus, PhysicalDeviceType
from cpl.models import DeviceModel


class DeviceModelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DeviceModel

    device_type = PhysicalDeviceType.ESME
    manufacturer_id = "1A2B"
    manufacturer_name = "Acme Metering"
    model_id = factory.Sequence(lambda n: f"{n % 0xFFFF:04X}")
    model_name = factory.Sequence(lambda n: f"Model {n}")
    hardware_version = "1.0"
    firmware_version = factory.Sequence(lambda n: f"2.{n}")
    firmware_hash = factory.Sequence(lambda n: hashlib.sha256(f"image {n}".encode()).hexdigest())
    smets_chts_version = "SMETS2"
    gbcs_version = "4.0"
    cpa_certificate_ref = factory.Sequence(lambda n: f"CPA-{n:05d}")
    status = CPLStatus.CURRENT

    class Params:
        hub = factory.Trait(device_type=PhysicalDeviceType.CH, manufacturer_name="Hubco", smets_chts_version="CHTS")
        gas = factory.Trait(device_type=PhysicalDeviceType.GSME)
        ppmid = factory.Trait(device_type=PhysicalDeviceType.PPMID)
        hcalcs = factory.Trait(device_type=PhysicalDeviceType.HCALCS)
        removed = factory.Trait(status=CPLStatus.REMOVED)
