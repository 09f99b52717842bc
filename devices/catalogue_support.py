"""Which device types' emulated firmware executes an SRV (shown in the catalogue)."""

from functools import cache

from .firmware import device_types, firmware_for
from .services.nondevice import SUPPORTED_NON_DEVICE


@cache
def supported_device_types(srv: str) -> list[str]:
    if srv in SUPPORTED_NON_DEVICE:
        return ["DCC"]
    return [t for t in device_types() if firmware_for(t).supports(srv)]
