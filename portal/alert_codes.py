"""The DCC alert codes (N-codes) the replica raises, with their names.

The full DUIS list is not in our sources (service-requests-and-devices.md §0.2); these are the
codes the extracted processes name (inventory-install-decommission.md §4.5,
service-requests-and-devices.md §3.8 and §5). An unknown code is refused by ``alert_raise`` so a
typo cannot send Users an alert nobody can interpret.
"""

DCC_ALERTS: dict[str, str] = {
    "N1": "Electricity Smart Meter Decommission or withdrawal",
    "N2": "Gas Smart Meter Decommission or withdrawal",
    "N3": "Cancellation of Future Dated Response Pattern (DSP) requests because of CoT",
    "N4": "Schedule removal because of CoT",
    "N6": "Schedule removal because of Device decommission",
    "N7": "Future dated or DSP scheduled access control failure",
    "N8": "Device removed from Inventory - Pending Status expired",
    "N9": "Communications Hub Decommission",
    "N10": "Future Dated Response Pattern (Device) Command time-out",
    "N11": "DSP Scheduled / Future Dated Response Pattern (DSP) Command time-out",
    "N12": "Failure to deliver Command to Device",
    "N13": "Failure to receive Response from Device",
    "N14": "Sequenced Request Failure",
    "N15": "Sequenced Request received out of order",
    "N16": "Device Identity Confirmation",
    "N18": "Firmware Version / Hash mismatch",
    "N19": "Firmware Distribution Device ID identification failure",
    "N20": "Firmware image provided is too large",
    "N21": "Unknown Firmware Version",
    "N22": "Failure to deliver Update Firmware Command to CSP",
    "N23": "Failure to receive Update Firmware Command Validation response from CSP",
    "N24": "Successful Communications Hub Function Whitelist Update",
    "N25": "Potentially Unsuccessful Communications Hub Function Whitelist Update",
    "N28": "Device Suspended",
    "N29": "Device Restored from Suspension",
    "N30": "CHF Device Log Restored",
    "N31": "GPF Device Log Restored",
    "N33": "Cancellation of Future Dated Response Pattern (DSP) requests because of Device Decommission",
    "N34": "Cancellation of Future Dated (DSP) requests for the GPF because of CHF Decommission",
    "N36": "Future Dated (DSP) request cancelled because the CHF was Withdrawn",
    "N37": "DSP Schedule deleted because the CHF was Withdrawn",
    "N39": "PPMID Alert",
    "N40": "Schedule Removal because of Device Suspension",
    "N41": "Cancellation of Future Dated (DSP) requests because of Device Suspension",
    "N42": "Security Credentials updated on the Device",
    "N43": "PPMID Removal",
    "N44": "Recovery complete (ACB Credentials)",
    "N45": "Recovery Complete",
    "N54": "Dual Band CH Sub GHz Alert",
}
