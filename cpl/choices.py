"""Enumerations of the Central Products List."""

from django.db import models


class PhysicalDeviceType(models.TextChoices):
    """Physical Device Types that appear on the CPL (SEC App Z 2.1).

    A Communications Hub is one CPL entry covering both its CHF and its GPF: "a CHF/GPF is on
    (or not on) the CPL if the Communications Hub of which it forms part is" (App Z 6.3).
    Type 2 Devices (IHD, CAD) are never on the CPL (App AC 2.9).
    """

    ESME = "ESME", "Electricity Smart Meter"
    GSME = "GSME", "Gas Smart Meter"
    CH = "CH", "Communications Hub (CHF + GPF)"
    PPMID = "PPMID", "Prepayment Meter Interface Device"
    HCALCS = "HCALCS", "HAN Connected Auxiliary Load Control Switch"


class CPLStatus(models.TextChoices):
    """CPL status of a Device Model (App Z 6.4: the Panel marks a model 'removed')."""

    CURRENT = "current", "Current"
    REMOVED = "removed", "Removed"


class DeviceModelChangeKind(models.TextChoices):
    CREATED = "created", "Added to the CPL"
    UPDATED = "updated", "Details changed"
    REMOVED = "removed", "Marked removed"
    REINSTATED = "reinstated", "Marked current again"


CPL_STATUS_BADGES = {CPLStatus.CURRENT: "success", CPLStatus.REMOVED: "danger"}
