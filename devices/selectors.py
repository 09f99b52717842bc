"""Reads of the Service Request app, always scoped to the actor (404 outside the scope)."""

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from portal.models import User

from .models import (
    AlertRecord,
    AnomalyThreshold,
    CatalogueVersion,
    DuisMessage,
    EmulatedDevice,
    Schedule,
    ServiceReferenceVariant,
    ServiceRequest,
    ServiceRequestArchive,
    ServiceResponse,
)
from .permissions import scope_alerts, scope_requests


def catalogue_current() -> CatalogueVersion | None:
    return CatalogueVersion.objects.filter(is_current=True).first()


def variant_list(*, catalogue: CatalogueVersion | None = None) -> QuerySet[ServiceReferenceVariant]:
    """The SRVs of a catalogue (default: the current one); the catalogue is public reference data."""
    catalogue = catalogue or catalogue_current()
    return ServiceReferenceVariant.objects.filter(catalogue=catalogue).order_by("sort_key")


def variant_get(*, srv: str, catalogue: CatalogueVersion | None = None) -> ServiceReferenceVariant:
    return get_object_or_404(variant_list(catalogue=catalogue), srv=srv)


def duis_exchange(*, sr: ServiceRequest) -> list[tuple[DuisMessage, str]]:
    """The DUIS XML exchanged about a request the caller already holds (so already in scope),
    oldest first, each decompressed and indented for reading (it was sent compact)."""
    from lxml import etree

    shown = []
    for message in DuisMessage.objects.filter(service_request=sr).order_by("created_at", "pk"):
        parser = etree.XMLParser(resolve_entities=False, no_network=True, remove_blank_text=True)
        try:
            text = etree.tostring(etree.fromstring(message.xml, parser), pretty_print=True, encoding="unicode")
        except etree.XMLSyntaxError:
            text = message.xml.decode(errors="replace")
        shown.append((message, text))
    return shown


def service_request_list(*, actor: User) -> QuerySet[ServiceRequest]:
    return scope_requests(ServiceRequest.objects.select_related("variant", "party"), actor)


def service_request_get(*, actor: User, request_id: str) -> ServiceRequest:
    """One request by RequestID (the accepted one when a rejected replay shares it) or by pk."""
    qs = service_request_list(actor=actor).prefetch_related(
        Prefetch("responses", queryset=ServiceResponse.objects.order_by("created_at", "pk")), "alerts"
    )
    found = qs.filter(request_id=request_id).order_by("-is_accepted", "-pk").first()
    if found is None and request_id.isdigit():
        found = qs.filter(pk=int(request_id)).first()
    if found is None:
        from django.http import Http404

        raise Http404("No such Service Request.")
    return found


def alert_list(*, actor: User) -> QuerySet[AlertRecord]:
    return scope_alerts(AlertRecord.objects.select_related("service_request"), actor)


def schedule_list(*, actor: User) -> QuerySet[Schedule]:
    return scope_requests(Schedule.objects.select_related("variant", "party"), actor)


def threshold_list(*, actor: User) -> QuerySet[AnomalyThreshold]:
    return scope_requests(AnomalyThreshold.objects.select_related("party"), actor)


def archive_list(*, actor: User) -> QuerySet[ServiceRequestArchive]:
    return scope_requests(ServiceRequestArchive.objects.all(), actor)


def emulated_device_get(*, device_id: str) -> EmulatedDevice | None:
    return EmulatedDevice.objects.filter(device_id=device_id).first()
