"""Reads of the Central Products List (public to every signed-in person)."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from portal.models import User

from .choices import CPLStatus
from .models import DeviceModel


def device_model_list(*, actor: User | None = None) -> QuerySet[DeviceModel]:
    """Every CPL entry; the CPL is published to all Parties (7.1.2.4.1 step 4)."""
    return DeviceModel.objects.all()


def device_model_get(*, actor: User | None = None, pk) -> DeviceModel:
    return get_object_or_404(DeviceModel, pk=pk)


def device_model_find(
    *, manufacturer_id: str, model_id: str, hardware_version: str, firmware_version: str
) -> DeviceModel | None:
    """The CPL entry with this identity, whatever its status, or None."""
    return DeviceModel.objects.filter(
        manufacturer_id=manufacturer_id.strip().upper(),
        model_id=model_id.strip().upper(),
        hardware_version=hardware_version.strip(),
        firmware_version=firmware_version.strip(),
    ).first()


def device_models_current() -> QuerySet[DeviceModel]:
    return DeviceModel.objects.filter(status=CPLStatus.CURRENT)
