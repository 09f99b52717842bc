"""The Incident the DCC opens when a Supplier reports a hub installed without SM WAN.

On receiving SR 8.14.2 'Communications Hub Status Update - Install No SM WAN' the DCC creates an
Incident including details of any Network Enhancement Plan affecting the Installation Location
(App I 4.10; smki-hubs-incidents-coverage.md §6.3). The hubs app calls us through the listener it
offers (``inventory.hubs.services.register_status_update_listener``), inside its transaction.
"""

from datetime import datetime, time

from django.conf import settings

from inventory.coverage.selectors import coverage_wan_matrix
from inventory.hubs.choices import StatusUpdateKind
from inventory.models import Device
from portal.models import User
from portal.working_days import LONDON

from ..choices import Channel
from ..models import Incident
from .raising import IncidentInput, incident_raise

_CONDITIONS = {
    "metallic_obstruction": "Significant Metallic Obstruction near the Communications Hub",
    "stone_walls": "Substantial stone walls",
    "shared_area": "Installation Point in a shared or communal area outside the premises",
}


def _network_enhancement_plan(postcode: str, uprn: str) -> str:
    """What the coverage data says about the location: known issues and their planned resolution."""
    if not (postcode or uprn):
        return "The SMI holds no address for this hub, so no coverage record could be matched."
    try:
        answer = coverage_wan_matrix(postcode=postcode, uprn=uprn)
    except (LookupError, ValueError):
        return "No WAN coverage dataset answers for this location."
    dataset = answer["dataset"]
    lines = [f"Coverage dataset {dataset['version']} ({dataset['effective_date']}):"]
    for row in answer["results"][:5]:
        plan = row["issue_resolution"] or "no Network Enhancement Plan recorded"
        issues = row["known_issues"] or "no known connectivity issue"
        lines.append(f"- {row['premises'] or row['uprn']}: {row['state_label']}; {issues}; {plan}.")
    if len(lines) == 1:
        lines.append("- no premises at this location in the dataset.")
    return "\n".join(lines)


def incident_raise_for_no_wan(*, update, actor: User) -> Incident | None:
    """Open the DCC's Incident for an 'Install No SM WAN' status update; other kinds are ignored.

    The Supplier that sent the update is the Incident Party and raiser; the proposed category is
    ``INCIDENTS_NO_WAN_CATEGORY`` (D-INC-13). Audit and notifications come from ``incident_raise``.
    """
    if update.kind != StatusUpdateKind.INSTALL_NO_WAN:
        return None
    chf_id = update.hub.chf_id
    # The DCC reads its own inventory here, not on the Supplier's behalf: no actor scope applies.
    address = Device.objects.filter(device_id=chf_id).values("postcode", "uprn").first()
    postcode, uprn = (address["postcode"], address["uprn"]) if address else ("", "")
    conditions = [label for field, label in _CONDITIONS.items() if getattr(update, field)]
    data = IncidentInput(
        contact_name=actor.full_name,
        contact_organisation=update.party.name,
        contact_details=actor.email,
        party_reference=f"SR 8.14.2 {chf_id}",
        occurred_at=datetime.combine(update.occurred_on, time(12, 0), tzinfo=LONDON),
        device_id=chf_id,
        summary=f"Communications Hub {chf_id} installed but cannot connect to the SM WAN",
        business_impact="The Smart Metering System at this premises cannot be reached through the DCC.",
        triage_details="Reported through SR 8.14.2. Site conditions: "
        + ("; ".join(conditions) if conditions else "none reported")
        + ".\n\n"
        + _network_enhancement_plan(postcode, uprn),
        proposed_category=settings.INCIDENTS_NO_WAN_CATEGORY,
    )
    channel = Channel.API if update.channel == "api" else Channel.SSI
    return incident_raise(actor=None, data=data, channel=channel, party=update.party, raised_by=actor)
