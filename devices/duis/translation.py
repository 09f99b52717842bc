"""A structurally valid DUIS request -> the transport-neutral ``Submission`` of our pipeline.

Header: RequestID, Command Variant and SRV as they are; PrecedingServiceRequestID becomes the
dependency ("only after X succeeds"). Body: the per-SRV table of ``devices.duis.bodies``, the
execution date-time of future-dated requests (``ExecutionDateTime``, first in the body; the
3000-12-31 date-time cancels a future-dated command instead) and, for Non-Device requests, the
Device named in the body.
"""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone
from lxml import etree

from ..services.submission import Submission
from .bodies import NS, TRANSLATIONS, BodyError, text
from .parsing import DuisRefusal, DuisRequest

# DUIS SRVs our catalogue does not have yet (issue 13): answered E13 "not supported" (D-DUIS-04).
NOT_YET_SUPPORTED = frozenset({"6.14.3", "7.13", "7.14", "7.15", "7.16", "11.4"})
DUIS_SRVS = frozenset(TRANSLATIONS) | NOT_YET_SUPPORTED
# DUIS sends 11.1 Update Firmware as a Non-Device request (CV 8) naming its Devices in the body;
# our catalogue runs it as a request to the first of them (D-DUIS-07).
RUN_AS_DEVICE_REQUEST = frozenset({"11.1"})


def translate(request: DuisRequest) -> Submission:
    """The Submission for ``request``; raises ``DuisRefusal`` (E11/E13) for a body we cannot read."""
    rule = TRANSLATIONS.get(request.srv)
    if rule is None:
        if request.srv in NOT_YET_SUPPORTED:
            raise DuisRefusal(
                "E13",
                f"SRV {request.srv} is not supported by this DCC replica yet (see the README).",
                request_id=request.request_id,
            )
        raise DuisRefusal(
            "E11", f"{request.srv} is not a DUIS Service Reference Variant.", request_id=request.request_id
        )
    if request.body_name != rule.element:
        raise DuisRefusal(
            "E11",
            f"SRV {request.srv} takes a {rule.element} body, not {request.body_name}.",
            request_id=request.request_id,
        )
    try:
        body = rule.read(request.body) if rule.read else {}
        execute_at = _execution_date_time(request.body)
    except BodyError as exc:
        raise DuisRefusal("E13", str(exc), request_id=request.request_id) from None
    device_id = None
    if rule.device_element:
        named = (text(request.body, rule.device_element) or "").replace(",", " ").split()
        device_id = named[0] if named else None
    command_variant = request.command_variant
    if request.srv in RUN_AS_DEVICE_REQUEST and command_variant == 8:
        command_variant = 1
    return Submission(
        request_id=request.request_id,
        srv=request.srv,
        command_variant=command_variant,
        body=body,
        execute_at=execute_at,
        depends_on=request.preceding_request_id,
        device_id=device_id,
    )


def _execution_date_time(body: etree._Element) -> datetime | None:
    value = body.findtext("sr:ExecutionDateTime", namespaces=NS)
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        raise BodyError(f"ExecutionDateTime {value!r} is not an xs:dateTime.") from None
    if timezone.is_naive(moment):
        raise BodyError("ExecutionDateTime needs a time zone (UTC: ...Z).")
    return moment
