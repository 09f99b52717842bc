"""Models of the Service Requests and devices app."""

from .catalogue import AlertDefinition, CatalogueVersion, PerformanceMeasure, ServiceReferenceVariant
from .duis import DspSigningCredential, DuisMessage
from .estate import EmulatedDevice
from .requests import (
    AlertRecord,
    AnomalyThreshold,
    OriginatorCounter,
    Schedule,
    ServiceRequest,
    ServiceRequestArchive,
    ServiceResponse,
)

__all__ = [
    "AlertDefinition",
    "AlertRecord",
    "AnomalyThreshold",
    "CatalogueVersion",
    "DspSigningCredential",
    "DuisMessage",
    "EmulatedDevice",
    "OriginatorCounter",
    "PerformanceMeasure",
    "Schedule",
    "ServiceReferenceVariant",
    "ServiceRequest",
    "ServiceRequestArchive",
    "ServiceResponse",
]
