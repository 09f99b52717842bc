"""What the replica answers each RTDS template, and why (the README lists the same exceptions).

The rule comes from DUIS: a Send Command request (CV 1/3) is acknowledged I99 and its response
follows, I0 when the device answered (whatever it said); Transform (CV 4) answers I0 with the
Pre-Command; the Non-Device service (CV 2/8) answers I0 at once. DUIS's request matrix decides
eligibility: a sender none of whose User Roles the matrix lists for the SRV is refused E2.
Everything else is a named exception with its reason.
"""

from __future__ import annotations

from dataclasses import dataclass

from devices.duis.translation import DUIS_SRVS, NOT_YET_SUPPORTED

MATRIX_SRVS = DUIS_SRVS
# DUIS's role codes (the request matrix) and ours.
MATRIX_ROLES = {"IS": "EIS", "ES": "EES", "GS": "GIS", "ED": "ENO", "GT": "GNO", "RSA": "SNA", "OU": "OU"}


@dataclass(frozen=True)
class Outcome:
    ack: str
    final: str | None  # the pushed Service Response's code (CV 1/3); None when there is none
    reason: str = ""


_FAR_FUTURE = "its ExecutionDateTime (2030) is more than 30 days after receipt (SEC H3.12)"
_PAST = "its execution date-time (2015) is before receipt (SEC H3.12)"
_NOT_EMULATED = "the emulated firmware does not implement it (docs/service-requests.md §4)"

# Template file name prefix -> outcome. Prefixes are specific enough to name one template or one
# use case.
EXCEPTIONS: dict[str, Outcome] = {
    "ECS17b_4.1.1_DSP_FUTURE_DATED": Outcome("E13", None, _PAST),
    "CS02bACBByACB_8.5": Outcome("E13", None, f"{_PAST}; our seeds make 8.5 eligible to IS and GS"),
    "ECS21a_5.1.": Outcome("E13", None, "the schedule starts 2015-01-02, before receipt (H3.12)"),
    "5.2_READ_SCHEDULE": Outcome("E050301", None, "DSPScheduleID 123 is no schedule of the sender"),
    "5.3_DELETE_SCHEDULE": Outcome("E050301", None, "DSPScheduleID 123 is no schedule of the sender"),
    "12.2_DEVICE_PRE_NOTIFICATION": Outcome("E13", None, "00-DB-12-34-56-78-90-A0 is already in the inventory"),
    "8.4_UPDATE_INVENTORY": Outcome("E13", None, "only a Pending Device can be deleted (A0 is Commissioned)"),
    "8.6_SERVICE_OPTIN": Outcome("E13", None, "Service Opt In is not implemented by this replica"),
    "8.13_RETURN_LOCAL_COMMAND": Outcome("E13", None, "Return Local Command Response is not implemented"),
    "8.14.": Outcome("E13", None, "Communications Hub status updates are not implemented by this replica"),
    "CCS03_8.12.1": Outcome("I99", "E13", f"8.12.1 Restore HAN Device Log: {_NOT_EMULATED}"),
    "CS02aMAC_6.24.1": Outcome("I99", "E13", f"6.24.1 Retrieve Device Security Credentials: {_NOT_EMULATED}"),
    "CS02bNOByNOHandover_6.21": Outcome("I99", "E13", f"6.21 Request Handover: {_NOT_EMULATED}"),
    "CS02bSupplierBySupplierHandover_6.21": Outcome("I99", "E13", f"6.21 Request Handover: {_NOT_EMULATED}"),
    "CS02bSupplierByTransCoS_6.23_IMMEDIATE": Outcome(
        "I99", "E13", f"6.23 Update Security Credentials: {_NOT_EMULATED}"
    ),
    "CS03A2NonCritical_8.7.2": Outcome("I99", "E13", f"8.7.2 sent to a PPMID: {_NOT_EMULATED}"),
    "CS03CNonCritical_8.7.2": Outcome("I99", "E13", f"8.7.2 sent to a PPMID: {_NOT_EMULATED}"),
    "CS04ACNonCritical_8.8.2": Outcome("I99", "E13", f"8.8.2 sent to a PPMID: {_NOT_EMULATED}"),
    "CS03B_8.7.2": Outcome("I99", "E21", "the device to join (00-DB-12-34-56-78-90-9C) is not on the HAN"),
    "GCS16b_4.14_URP": Outcome("I99", "E4", "sent from a second Supplier ID the Registration Data does not name"),
}


def expected_outcome(name: str, srv: str, cv: int, *, sender_roles: set[str], matrix_row: dict) -> Outcome:
    """The acknowledgement (and final code) a template should get, with the reason when not the rule."""
    for prefix, outcome in EXCEPTIONS.items():
        if name.startswith(prefix):
            return outcome
    if srv in NOT_YET_SUPPORTED:
        return Outcome("E13", None, "the SRV is not in our catalogue yet (issue 13)")
    eligible = {MATRIX_ROLES[r] for r in matrix_row["Eligible User Roles"]}
    if not sender_roles & eligible:
        return Outcome("E2", None, "the sender's User Roles are not eligible per DUIS's request matrix")
    if "_FUTURE_DATED_" in name:
        return Outcome("E13", None, _FAR_FUTURE)
    if cv in (1, 3):
        return Outcome("I99", "I0")
    return Outcome("I0", None)
