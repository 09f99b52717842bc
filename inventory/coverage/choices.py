"""Enumerations of WAN coverage, shared with Communications Hub ordering."""

from django.db import models

from inventory.choices import Region

# CSP Regions are the inventory's (the BAD says Northern/Central/Southern [L6618]; SEC says
# Central/South): one enumeration for the SMI, coverage and ordering.
__all__ = ["AuxEquipment", "CoverageState", "DatasetStatus", "LookupKind", "Region", "WanVariant"]


class CoverageState(models.TextChoices):
    """H8.16(f)(i): what a CHF installed at the location is expected to do."""

    CONNECTS = "connects", "Expected to connect to the SM WAN"
    CONNECTS_FROM = "connects_from", "Expected to connect from a date"
    NOT_CONFIRMED = "not_confirmed", "Cannot be confirmed as able to connect"


class WanVariant(models.TextChoices):
    """CH WAN Variants (sec-requirements.md WAN-03): long-range radio in the North; cellular,
    or dual-mode cellular/mesh, in Central and South."""

    LONG_RANGE_RADIO = "lrr", "Long-range radio"
    CELLULAR = "cellular", "Single-mode cellular"
    CELLULAR_MESH = "cellular_mesh", "Dual-mode cellular/mesh"


class AuxEquipment(models.TextChoices):
    """CH Auxiliary Equipment: aerials. T3 is fitted by the DCC and cannot be ordered (§2.2)."""

    NONE = "", "None"
    T1_AERIAL = "t1_aerial", "T1 aerial"
    T2_AERIAL = "t2_aerial", "T2 aerial"
    T3_AERIAL = "t3_aerial", "T3 high-gain aerial (DCC-fitted)"


class DatasetStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    SUPERSEDED = "superseded", "Superseded"


class LookupKind(models.TextChoices):
    POSTCODE = "postcode", "Full postcode"
    OUTCODE = "outcode", "Postal outcode"
    UPRN = "uprn", "UPRN"
    ADDRESS = "address", "Postcode and premises"
