"""Response codes, device alert codes and fixed limits of the Service Request pipeline.

Every code an answer carries, through the JSON API, the SSI or DUIS, is one of the DUIS
ResponseCode enumeration (``devices.duis.constants.DUIS_RESPONSE_CODES``, 189 values). DUIS
3.5.10, which gives each code its meaning, is not in our sources: the general codes are used by
their families (ANCHORS.md A1: E1-E5 authorisation, E11-E13 validation, E17 local delivery,
E19 unknown device, E20/E21 communications, E30/E31 future-dated and scheduled), always with a
human reason beside the code. The eleven codes the replica had invented before the DUIS gateway
moved onto these (D-DUIS-02, with the mapping table). A device that receives a command and
refuses it still answers: the DCC's code is I0 and the device's refusal is in the payload, as
DUIS carries a GBCS response.
"""

from datetime import UTC, datetime

RESPONSE_CODES: dict[str, str] = {
    "I0": "Success: the DCC processed the request and returns the response",
    "I99": "Acknowledgement: accepted for processing; the response follows",
    "W050301": "The User does not have any schedules created against the specified Device",
    "E1": "The sender could not be authenticated: User ID, signature or certificate not valid",
    "E2": "The sender's User Role is not eligible for this Service Reference Variant",
    "E3": "The request is not in a state that allows this, or was stopped by anomaly detection",
    "E4": "The sender is not an Eligible User for the Device per Registration Data",
    "E5": "The SMI Status of the Device does not allow this Service Request",
    "E11": "The request is malformed: RequestID, Command Variant, SRV or structure",
    "E12": "The RequestID counter is not greater than the last one accepted from this originator",
    "E13": "The request's content cannot be processed: body, dates, dependency, or not supported here",
    "E17": "Local delivery is not allowed for this Service Reference Variant",
    "E19": "The Device is not in the Smart Metering Inventory",
    "E20": "The DCC could not deliver the command to the Device",
    "E21": "No response was received from the Device",
    "E30": "Time-out: no response within the Target Response Time after the execution date-time",
    "E31": "The future-dated or scheduled request was not run: not eligible at execution, or cancelled",
    "E050301": "The DSPScheduleID does not exist or it is not owned by the User submitting the Service Request",
}
# What the replica answered before the DUIS gateway (D-DUIS-02), for the data migration and docs.
FORMER_CODES: dict[str, str] = {
    "W1": "I99",
    "E14": "E13",
    "E15": "E13",
    "E16": "E1",
    "E18": "E3",
    "E22": "I0",
    "E23": "E13",
    "E24": "E13",
    "E25": "E31",
    "E26": "E11",
    "E32": "E3",
}
# A Warning Threshold breach is not a response code: it is flagged on the request (spec §5).
WARNING_THRESHOLD_FLAG = "warning"

# Device alerts named in the BAD, by GBCS alert code (service-requests-and-devices.md §4.2,
# inventory-install-decommission.md §4.6), with the Table 5.4 code where the names match.
DEVICE_ALERTS: dict[str, tuple[str, str]] = {
    "0x8F12": ("CHF Device Log Changed (Device Addition To / Removal From HAN Whitelist)", ""),
    "0x8F69": ("Device Commissioned", ""),
    "0x8183": ("Device joined SMHAN", ""),
    "0x8F72": ("Firmware Distribution Receipt (success)", ""),
    "0x8F1C": ("Firmware Distribution Receipt (failure)", ""),
    "0x00CA": ("Future Dated Firmware Activation", ""),
    "0x810D": ("Credit Below Low Credit Threshold (prepayment mode)", "A10"),
    "0x8F0F": ("Credit Below Disablement Threshold (prepayment mode) - Supply Disabled", "A11"),
    "0x8F83": ("Disablement of Supply Suspended", "A12"),
    "0x8119": ("Emergency Credit Activated", ""),
    "0x810E": ("Credit Added Locally", "A23"),
    "0x8F0A": ("Billing Data Log Updated", "A13"),
    "0x8F32": ("Supply Armed", "A28"),
    "0x8F3F": ("Unauthorised Physical Access - Tamper Detect", "A1"),
    "0x81BE": ("Supply Disabled then Locked - Supply Tamper State Cause", ""),
    "0x8F1D": ("Gas Smart Meter Power Supply Loss", ""),
    "0x8F33": ("Supply Disabled then Armed - Load Limit triggered", "A7"),
    "0x8F34": ("Supply Enabled after Load Limit Restoration Period (Load Limit triggered)", ""),
    "0x8F58": ("Supply Interrupted on Phase 1", ""),
    "0x8F59": ("Supply Interrupted on Phase 2", ""),
    "0x8F5A": ("Supply Interrupted on Phase 3", ""),
    "0x8F78": ("Unauthorised Physical Access - Other", ""),
    "0x8F3E": ("Unauthorised Communication Access attempted", "A14"),
    "0x8F0C": ("Clock not adjusted (adjustment greater than 10 seconds)", ""),
    # Table 5.4 alerts with no GBCS code in our sources, raised by the CH (CHTS) after an outage.
    "A24": ("Supply Outage Restored", "A24"),
    "A25": ("Supply Outage Restored - Outage >= 3 minutes", "A25"),
}
# The CHF's own power outage alert, re-signed by the DCC and sent as a DCC Alert (§9.10).
POWER_OUTAGE_ALERT = "AD1"
# PPMID tamper/comms alerts become N39 to the Import and Gas Suppliers (§7.5.6.5.3).
PPMID_N39_ALERTS = frozenset({"0x8F3F", "0x8F78", "0x8F3E"})

# Future-dated and scheduled requests: execution later than receipt and at most 30 days ahead (H3.12).
FUTURE_DATED_MAX_DAYS = 30
# The execution date-time that cancels the sender's held future-dated commands of the same SRV on
# the same Device instead of scheduling one (DUIS; the RTDS "CANCELLATION" templates, D-DUIS-13).
FUTURE_DATED_CANCELLATION_AT = datetime(3000, 12, 31, tzinfo=UTC)
# At most 99 active schedules per User per Device (AD 2.6.2.2).
MAX_SCHEDULES_PER_USER_DEVICE = 99
# SR 11.1: the image must not be over 750 kB (§8, decided as 750 * 1000 bytes: D-DEV-08).
FIRMWARE_MAX_BYTES = 750_000
# SR 11.1 carries at most 50,000 Device IDs (§8 step 2).
FIRMWARE_MAX_DEVICES = 50_000

# Reads whose responses carry personal (encrypted) data, so TAD applies (§2.4 "likely encrypted").
SENSITIVE_SRVS = frozenset(
    {
        "4.1.1",
        "4.1.2",
        "4.1.3",
        "4.1.4",
        "4.2",
        "4.3",
        "4.4.2",
        "4.4.3",
        "4.4.4",
        "4.4.5",
        "4.6.1",
        "4.6.2",
        "4.8.1",
        "4.8.2",
        "4.8.3",
        "4.10",
        "4.12.1",
        "4.12.2",
        "4.14",
        "4.16",
        "4.17",
        "4.18",
    }
)
# Non-Device SRs exempt from the SMI Status check (spec §3.5).
NO_STATUS_CHECK_SRVS = frozenset({"8.4", "8.2", "12.1", "12.2", "8.14.1", "8.14.2", "8.14.3", "8.14.4"})
# ... and from the Registration Data eligibility check (Update Inventory is NOT exempt).
NO_ELIGIBILITY_CHECK_SRVS = frozenset({"8.2", "12.1", "12.2", "8.14.1", "8.14.2", "8.14.3", "8.14.4"})
# Device SRs exempt from the generic SMI Status check (AB 6.1(c)); 11.1 has its own rule.
STATUS_CHECK_EXEMPT_DEVICE_SRVS = frozenset({"11.1", "6.23"})
