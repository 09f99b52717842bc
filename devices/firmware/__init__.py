"""Emulated device firmware, one class per device type (see docs/service-requests.md).

``firmware_for(device_type)`` returns the (stateless) firmware for a device type; the state it
operates on lives in ``devices.models.EmulatedDevice``.
"""

from .base import Command, DeviceAlert, DeviceError, Effect, Firmware, NotSupported, Outcome, Profile
from .esme import ESMEFirmware
from .gas import GPFFirmware, GSMEFirmware
from .hub import CHFFirmware, HCALCSFirmware, IHDFirmware, PPMIDFirmware

_FIRMWARE: dict[str, Firmware] = {
    f.device_type: f
    for f in (
        ESMEFirmware(),
        GSMEFirmware(),
        GPFFirmware(),
        CHFFirmware(),
        PPMIDFirmware(),
        HCALCSFirmware(),
        IHDFirmware(),
    )
}


def firmware_for(device_type: str) -> Firmware:
    try:
        return _FIRMWARE[device_type]
    except KeyError:
        raise NotSupported(f"No firmware is emulated for device type {device_type!r}.") from None


def device_types() -> list[str]:
    return sorted(_FIRMWARE)


__all__ = [
    "Command",
    "DeviceAlert",
    "DeviceError",
    "Effect",
    "Firmware",
    "NotSupported",
    "Outcome",
    "Profile",
    "device_types",
    "firmware_for",
]
