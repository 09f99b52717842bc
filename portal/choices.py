"""Enumerations of the platform."""

from django.db import models


class UserRole(models.TextChoices):
    """SEC User Roles (sec-requirements.md §1, Annex 5 role key), plus the DCC's own capacity.

    Values are the Annex 5 codes used across the Service Request catalogue; labels are the
    glossary names.
    """

    IMPORT_SUPPLIER = "EIS", "Import Supplier"
    EXPORT_SUPPLIER = "EES", "Export Supplier"
    GAS_SUPPLIER = "GIS", "Gas Supplier"
    ELECTRICITY_DISTRIBUTOR = "ENO", "Electricity Distributor"
    GAS_TRANSPORTER = "GNO", "Gas Transporter"
    REGISTERED_SUPPLIER_AGENT = "SNA", "Registered Supplier Agent"
    OTHER_USER = "OU", "Other User"
    # ID-02: the DCC's own capacities are identified by DCC IDs; only the DCC Party holds this.
    DCC = "DCC", "DCC"


SUPPLIER_ROLES = frozenset({UserRole.IMPORT_SUPPLIER, UserRole.EXPORT_SUPPLIER, UserRole.GAS_SUPPLIER})
NETWORK_OPERATOR_ROLES = frozenset({UserRole.ELECTRICITY_DISTRIBUTOR, UserRole.GAS_TRANSPORTER})


class PortalRole(models.TextChoices):
    """Portal roles: each is a Django group whose permissions the apps register (portal.roles)."""

    SSI_ADMINISTRATOR = "ssi_administrator", "SSI administrator"
    SSI_USER = "ssi_user", "SSI user"
    SERVICE_DESK_AGENT = "service_desk_agent", "Service desk agent"
    SERVICE_DESK_MANAGER = "service_desk_manager", "Service desk manager"
    CPL_ADMINISTRATOR = "cpl_administrator", "CPL administrator"
    SMKI_SRO = "smki_sro", "SMKI Senior Responsible Officer"
    SMKI_ARO = "smki_aro", "SMKI Authorised Responsible Officer"
    SMKI_RA_OFFICER = "smki_ra_officer", "SMKI registration authority officer"
    DCC_ADMINISTRATOR = "dcc_administrator", "DCC administrator"


# Roles whose holders must sign in with a second factor whatever their Party's policy.
TWO_FACTOR_ROLES = frozenset(
    {
        PortalRole.SSI_ADMINISTRATOR,
        PortalRole.SMKI_SRO,
        PortalRole.SMKI_ARO,
        PortalRole.SMKI_RA_OFFICER,
        PortalRole.DCC_ADMINISTRATOR,
    }
)
# Roles only people of the DCC Party may hold.
DCC_ONLY_ROLES = frozenset(
    {
        PortalRole.SERVICE_DESK_AGENT,
        PortalRole.SERVICE_DESK_MANAGER,
        PortalRole.CPL_ADMINISTRATOR,
        PortalRole.SMKI_RA_OFFICER,
        PortalRole.DCC_ADMINISTRATOR,
    }
)


class MessageKind(models.TextChoices):
    """What an outbox message carries to a User."""

    DCC_ALERT = "dcc_alert", "DCC alert"
    DEVICE_ALERT = "device_alert", "Device alert"
    SERVICE_RESPONSE = "service_response", "Service response"
    NOTICE = "notice", "Notice"


class PushFormat(models.TextChoices):
    """How a push endpoint receives outbox messages."""

    JSON = "json", "JSON (HMAC-signed)"
    DUIS = "duis", "DUIS XML (sr:Response signed by the DCC)"


class OutboxStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    DELIVERED = "delivered", "Delivered"
    ACKNOWLEDGED = "acknowledged", "Acknowledged"
    DEAD = "dead", "Dead-lettered"


class JobStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    SUCCEEDED = "succeeded", "Succeeded"
    FAILED = "failed", "Failed"


JOB_FINISHED_STATUSES = frozenset({JobStatus.SUCCEEDED, JobStatus.FAILED})
