"""Enumerations of the Smart Metering Inventory (inventory-install-decommission.md §1, §2)."""

from django.db import models

from cpl.choices import PhysicalDeviceType


class DeviceType(models.TextChoices):
    """Device Types held in the SMI (§1.1)."""

    CHF = "CHF", "Communications Hub Function"
    GPF = "GPF", "Gas Proxy Function"
    ESME = "ESME", "Electricity Smart Meter"
    GSME = "GSME", "Gas Smart Meter"
    PPMID = "PPMID", "Prepayment Meter Interface Device"
    HCALCS = "HCALCS", "HAN Connected Auxiliary Load Control Switch"
    IHD = "IHD", "In Home Display"
    CAD = "CAD", "Consumer Access Device"


HUB_TYPES = frozenset({DeviceType.CHF, DeviceType.GPF})
SMART_METER_TYPES = frozenset({DeviceType.ESME, DeviceType.GSME})
TYPE1_TYPES = frozenset({DeviceType.PPMID, DeviceType.HCALCS})
# "A Type 2 Device shall not be identified in the CPL and shall have no SMI Status" (App AC 2.9).
TYPE2_TYPES = frozenset({DeviceType.IHD, DeviceType.CAD})
# Users pre-notify everything except the Communications Hub, which only the DCC adds (§3, AC 2.5).
USER_PRENOTIFIABLE_TYPES = SMART_METER_TYPES | TYPE1_TYPES | TYPE2_TYPES
# The CPL Physical Device Type a Device of each type must match (CHF/GPF: their hub's entry, App Z 6.3).
CPL_TYPE_FOR: dict[str, PhysicalDeviceType] = {
    DeviceType.CHF: PhysicalDeviceType.CH,
    DeviceType.GPF: PhysicalDeviceType.CH,
    DeviceType.ESME: PhysicalDeviceType.ESME,
    DeviceType.GSME: PhysicalDeviceType.GSME,
    DeviceType.PPMID: PhysicalDeviceType.PPMID,
    DeviceType.HCALCS: PhysicalDeviceType.HCALCS,
}


def has_smi_status(device_type: str) -> bool:
    return device_type not in TYPE2_TYPES


class SMIStatus(models.TextChoices):
    """SMI Statuses (§2.1). Type 2 Devices have none (stored as NULL)."""

    PENDING = "pending", "Pending"
    WHITELISTED = "whitelisted", "Whitelisted"
    INSTALLED_NOT_COMMISSIONED = "installed_not_commissioned", "Installed not Commissioned"
    COMMISSIONED = "commissioned", "Commissioned"
    DECOMMISSIONED = "decommissioned", "Decommissioned"
    WITHDRAWN = "withdrawn", "Withdrawn"
    SUSPENDED = "suspended", "Suspended"
    RECOVERY = "recovery", "Recovery"
    RECOVERED = "recovered", "Recovered"


SMI_STATUS_BADGES = {
    SMIStatus.PENDING: "secondary",
    SMIStatus.WHITELISTED: "info",
    SMIStatus.INSTALLED_NOT_COMMISSIONED: "primary",
    SMIStatus.COMMISSIONED: "success",
    SMIStatus.DECOMMISSIONED: "dark",
    SMIStatus.WITHDRAWN: "dark",
    SMIStatus.SUSPENDED: "danger",
    SMIStatus.RECOVERY: "warning",
    SMIStatus.RECOVERED: "warning",
}
# Non-Critical/Non-Device SR processing lets a Device be addressed only in these (§2.2, §7.8.4.4.1).
COMMUNICABLE_STATUSES = frozenset(
    {SMIStatus.COMMISSIONED, SMIStatus.INSTALLED_NOT_COMMISSIONED, SMIStatus.WHITELISTED, SMIStatus.PENDING}
)


class Trigger(models.TextChoices):
    """What caused an SMI Status change: an SR, a DCC event or a Device Alert (§2.3 'Trigger')."""

    SR_12_2 = "sr_12_2", "SR 12.2 Device Pre-Notification"
    DCC_HUB_LOAD = "dcc_hub_load", "DCC added the Communications Hub before delivery"
    PENDING_EXPIRED = "pending_expired", "Pending for 12 months"
    SR_8_4_DELETE = "sr_8_4_delete", "SR 8.4 Update Inventory (delete)"
    CCS01_RESPONSE = "ccs01_response", "CCS01 Response to SR 8.11 (Add)"
    CS14_SECOND = "cs14_second", "Second CS14 (0x8F12) within the join timeout"
    CCS02_RESPONSE = "ccs02_response", "CCS02 Response to SR 8.11 (Remove)"
    SR_8_4_STATUS = "sr_8_4_status", "SR 8.4 Update Inventory (SMI Status)"
    CHF_WAN = "chf_wan", "Validated communication from the CHF over the SM WAN"
    SR_8_1_1 = "sr_8_1_1", "SR 8.1.1 Commission Device (Set Clock Response)"
    JOIN = "join", "Join Service (SR 8.7.1 / 8.7.2)"
    CPL_REMOVED = "cpl_removed", "Device Model removed from the CPL"
    CPL_CURRENT = "cpl_current", "Device Model current on the CPL again"
    FIRMWARE_ACTIVATED = "firmware_activated", "Firmware activated to a CPL-listed model"
    RECOVERY_STARTED = "recovery_started", "SMKI Recovery started"
    RECOVERY_COMPLETED = "recovery_completed", "Recovery completed by the DCC"
    RECOVERY_RESTORED = "recovery_restored", "Supplier replaced the DCC credentials"
    SR_8_3 = "sr_8_3", "SR 8.3 Decommission Device"
    CHF_NOT_REPLACED = "chf_not_replaced", "CHF decommissioned and not replaced in time"
    RETURN_TO_PENDING = "return_to_pending", "Responsible Supplier asked to return the Device to Pending"
    HUB_PAIR = "hub_pair", "Follows its Communications Hub Function"


class MeterPointKind(models.TextChoices):
    """How a Meter is linked to an MPxN (§1.2)."""

    IMPORT_MPAN = "import", "Import MPAN"
    SECONDARY_MPAN = "secondary", "Secondary MPAN (twin element)"
    EXPORT_MPAN = "export", "Export MPAN"
    MPRN = "mprn", "MPRN"


class Fuel(models.TextChoices):
    ELECTRICITY = "electricity", "Electricity"
    GAS = "gas", "Gas"


class EnergyDirection(models.TextChoices):
    """Direction of energy flow of an MPAN (E2.1(f))."""

    IMPORT = "import", "Import"
    EXPORT = "export", "Export"


class EsmeVariant(models.TextChoices):
    SINGLE_ELEMENT = "single", "Single element"
    TWIN_ELEMENT = "twin", "Twin element"
    POLYPHASE = "polyphase", "Polyphase"


class Region(models.TextChoices):
    """CSP region in which a Communications Hub is or has been installed (§1.1)."""

    NORTH = "north", "North"
    CENTRAL = "central", "Central"
    SOUTH = "south", "South"


class AssociationKind(models.TextChoices):
    """Links between Devices beyond the hub's Device Log (§1.3)."""

    JOIN = "join", "Joined (Join Service)"


class PrenotifyImportMode(models.TextChoices):
    DRY_RUN = "dry_run", "Dry run: validate only"
    STRICT = "strict", "Import: stop if any row is invalid"
    SKIP_DUPLICATES = "skip_duplicates", "Import: skip rows whose Device is already in the SMI"
