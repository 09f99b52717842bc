"""Models of the Smart Metering Inventory (a package: subdomains are modules here; the hubs and
coverage sub-apps live beside it as their own Django apps)."""

from .devices import Association, Device, DeviceAccess, StatusChange
from .registration import MeterPoint, MeterPointLink, Registration
from .searches import SavedSearch

__all__ = [
    "Association",
    "Device",
    "DeviceAccess",
    "MeterPoint",
    "MeterPointLink",
    "Registration",
    "SavedSearch",
    "StatusChange",
]
