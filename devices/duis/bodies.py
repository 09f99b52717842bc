"""DUIS request bodies -> the typed JSON bodies of our catalogue (``devices/bodies.py``).

One entry per Service Reference Variant: the DUIS element the Body must hold, a function that
reads what our emulation models from it, and where the Device is named when the RequestID does
not name it (Non-Device requests target the DCC's own User ID). Adding an SRV is one entry.
Values our bodies do not model (a whole tariff's week profiles, GBCS alert settings per log)
stay in the request XML, which the audit trail keeps; units are converted where DUIS scales them
(money in thousandths of a penny, power in watts, prices with a power-of-ten scale).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from lxml import etree

from .constants import SR_NS

NS = {"sr": SR_NS}
Reader = Callable[[etree._Element], dict]


class BodyError(ValueError):
    """The body holds a value our translation cannot read (answered E13 with this reason)."""


@dataclass(frozen=True)
class BodyRule:
    """How one SRV's DUIS body becomes our JSON body."""

    element: str
    read: Reader | None = None
    # The element naming the Device of a Non-Device request (its RequestID targets the DCC).
    device_element: str | None = None


# --- reading helpers ------------------------------------------------------------------------


def _path(path: str) -> str:
    return "/".join(f"sr:{part}" for part in path.split("/"))


def text(element: etree._Element, path: str) -> str | None:
    found = element.find(_path(path), NS)
    if found is None:
        return None
    return (found.text or "").strip()


def texts(element: etree._Element, path: str) -> list[str]:
    return [(e.text or "").strip() for e in element.findall(_path(path), NS)]


def has(element: etree._Element, path: str) -> bool:
    return element.find(_path(path), NS) is not None


def number(value: str | None, what: str) -> float:
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise BodyError(f"{what} must be a number.") from None


def pence(value: str | None, what: str) -> float:
    """DUIS money (thousandths of a penny, i.e. 10^-5 of the currency unit) in pence."""
    return round(number(value, what) / 1000, 3)


def _hhmm(value: str | None) -> str | None:
    return value[:5] if value and len(value) >= 5 and value[2] == ":" else None


def _seconds_of_day(value: str | None) -> int | None:
    if not _hhmm(value):
        return None
    return int(value[:2]) * 3600 + int(value[3:5]) * 60 + int(value[6:8] or 0)


def _indexed(element: etree._Element, path: str) -> list[tuple[str, etree._Element]]:
    return [(e.get("index", ""), e) for e in element.findall(_path(path), NS)]


# --- per-SRV readers ------------------------------------------------------------------------


def _tariff(body: etree._Element) -> dict:
    """1.1.x: the switching times of the first day profile and the first block thresholds."""
    tariff = next(
        (t for t in (body.find("sr:ElecTariffElements", NS), body.find("sr:GasTariffElements", NS)) if t is not None),
        body,
    )
    day = tariff.find(".//sr:DayProfiles/sr:DayProfile", NS)
    switching = []
    if day is not None:
        for schedule in day.findall("sr:ProfileSchedule", NS) or [day]:
            start = _hhmm(text(schedule, "StartTime")) or "00:00"
            action = text(schedule, "TOUTariffAction") or text(schedule, "BlockTariffAction") or "1"
            switching.append({"from": start, "register": min(max(int(number(action, "TariffAction")) - 1, 0), 3)})
    # Electricity: the first row of the threshold matrix; gas: its single row.
    values = tariff.xpath(
        "(.//sr:ThresholdMatrix/sr:Thresholds)[1]/sr:BlockThreshold/text()"
        " | .//sr:ThresholdMatrix/sr:BlockThreshold/text()",
        namespaces=NS,
    )
    # 4294967295 is "no further threshold"; DUIS thresholds are in Wh, ours in kWh.
    thresholds = [round(number(v, "BlockThreshold") / 1000, 3) for v in values if v.strip() != "4294967295"][:3]
    return {"switching": switching[:200], "thresholds": thresholds}


def _prices(body: etree._Element) -> dict:
    """1.2.1 / 1.2.2 and the price part of 1.1.x: pence per kWh for up to four registers."""
    elements = body.find("sr:PriceElements", NS)
    if elements is None:
        raise BodyError("PriceElements is missing.")
    gas = elements.find("sr:GasPriceElements", NS)
    if gas is not None:
        prices = [v / 1000 for v in map(lambda t: number(t, "Price"), texts(gas, "TOUTariff/TOUPrice"))]
        blocks = [v / 1000 for v in map(lambda t: number(t, "Price"), texts(gas, "BlockTariff/BlockPrice"))]
        charge = text(gas, "StandingCharge")
        return _price_body(prices or blocks, blocks, pence(charge, "StandingCharge") if charge else None)
    elec = elements.find("sr:ElectricityPriceElements", NS)
    if elec is None:  # 1.2.2: PriceScale and up to four ElectricityPriceElement values
        scale = number(text(elements, "PriceScale") or "0", "PriceScale")
        prices = [number(t, "Price") * 10**scale * 100 for t in texts(elements, "ElectricityPriceElement")]
        return _price_body(prices, [], None)
    scale = number(text(elec, "PriceScale") or "0", "PriceScale")
    prices = [number(t, "Price") * 10**scale * 100 for t in elec.xpath(".//sr:TOUPrice/text()", namespaces=NS)]
    blocks = [
        number(t, "Price") * 10**scale * 100
        for t in elec.xpath("(.//sr:BlockPrices)[1]/sr:BlockPrice/text()", namespaces=NS)
    ]
    charge = text(elec, "StandingCharge")
    charge_scale = number(text(elec, "StandingChargeScale") or "0", "StandingChargeScale")
    return _price_body(
        prices or blocks, blocks, number(charge, "StandingCharge") * 10**charge_scale * 100 if charge else None
    )


def _price_body(prices: list[float], blocks: list[float], charge: float | None) -> dict:
    out: dict = {"prices": [round(p, 4) for p in prices[:4]]}
    if blocks:
        out["block_prices"] = [round(p, 4) for p in blocks[:4]]
    if charge is not None:
        out["standing_charge"] = round(charge, 4)
    return out


def _balance(body: etree._Element) -> dict:
    if body.xpath(".//sr:ResetMeterBalance", namespaces=NS):
        return {"action": "reset"}
    return {
        "action": "adjust",
        "amount": pence(body.xpath("string(.//sr:AdjustMeterBalance)", namespaces=NS), "AdjustMeterBalance"),
    }


def _payment_mode(body: etree._Element) -> dict:
    return {"mode": "credit" if has(body, "Credit") else "prepayment"}


_PREPAY_FIELDS = {
    "DebtRecoveryRateCap": "debt_recovery_rate_cap",
    "EmergencyCreditLimit": "emergency_credit_limit",
    "EmergencyCreditThreshold": "emergency_credit_threshold",
    "LowCreditThreshold": "low_credit_threshold",
    "MaxMeterBalance": "maximum_meter_balance",
    "MaxCreditThreshold": "maximum_credit_threshold",
}


def _prepay_config(body: etree._Element) -> dict:
    config = body.find("sr:UpdatePrepayConfigElectricity", NS)
    config = body.find("sr:UpdatePrepayConfigGas", NS) if config is None else config
    if config is None:
        return {}
    out = {}
    for element, field in _PREPAY_FIELDS.items():
        value = text(config, element)
        if value:
            out[field] = int(pence(value, element))
    return out


def _top_up(body: etree._Element) -> dict:
    # The value is inside the UTRN, which only the meter can decode (D-DUIS-09).
    return {"utrn": text(body, "UTRN") or ""}


def _debt(body: etree._Element) -> dict:
    out: dict = {}
    registers = [text(body, "TimeDebtRegister1"), text(body, "TimeDebtRegister2")]
    if all(registers):
        out["time_debt"] = [pence(v, "TimeDebtRegister") for v in registers]
    if text(body, "PaymentDebtRegister"):
        out["payment_debt"] = pence(text(body, "PaymentDebtRegister"), "PaymentDebtRegister")
    if text(body, "DebtRecoveryPerPayment"):
        # Hundredths of a per cent in DUIS; whole per cent in our body.
        out["debt_recovery_per_payment"] = min(int(number(text(body, "DebtRecoveryPerPayment"), "Debt") / 100), 100)
    rates = []
    for name in ("ElecDebtRecovery1", "ElecDebtRecovery2", "GasDebtRecovery1", "GasDebtRecovery2"):
        rate = body.find(f"sr:{name}", NS)
        if rate is None:
            continue
        value = number(text(rate, "DebtRecoveryRate"), "DebtRecoveryRate")
        scale = text(rate, "DebtRecoveryRatePriceScale")
        per_day = value * 10 ** number(scale, "Scale") * 100 if scale else value / 1000
        if text(rate, "DebtRecoveryRatePeriod") == "HOURLY":
            per_day *= 24
        rates.append(round(per_day, 3))
    if len(rates) == 2:
        out["recovery_rates"] = rates
    return out


def _message(body: etree._Element) -> dict:
    return {"message": (text(body, "SupplierMessage") or "")[:160]}


def _restriction(body: etree._Element) -> dict:
    at = text(body, "RestrictionDateTime")
    return {"restriction_at": at} if at else {}


def _event_log(body: etree._Element) -> dict:
    kind = (text(body, "ESMEEventLogType") or text(body, "LogToRead") or "Event").lower()
    return {"log": "alcs" if "alcs" in kind else ("security" if "security" in kind else "event")}


def _supplier_name(body: etree._Element) -> dict:
    out = {"name": (text(body, "SupplierName") or "")[:60]}
    if text(body, "SupplierTelephoneNumber"):
        out["phone"] = text(body, "SupplierTelephoneNumber")[:20]
    return out


def _range(body: etree._Element) -> dict:
    start, end = text(body, "ReadLogPeriod/StartDateTime"), text(body, "ReadLogPeriod/EndDateTime")
    out = {}
    if start:
        out["from"] = start
    if end:
        out["to"] = end
    return out


def _load_limit(body: etree._Element) -> dict:
    out = {
        "power_threshold_kw": round(
            number(text(body, "LoadLimitPowerThreshold"), "LoadLimitPowerThreshold") / 1000, 3
        ),
        "supply_state": "disabled"
        if (text(body, "LoadLimitSupplyState") or "").startswith("Disable")
        else "unchanged",
    }
    if text(body, "LoadLimitPeriod"):
        out["period_seconds"] = int(number(text(body, "LoadLimitPeriod"), "LoadLimitPeriod"))
    if text(body, "LoadLimitRestorationPeriod"):
        out["restoration_seconds"] = int(number(text(body, "LoadLimitRestorationPeriod"), "RestorationPeriod"))
    return out


def _voltage(body: etree._Element) -> dict:
    over = body.xpath("string((.//sr:AverageRMSOverVoltageThreshold)[1])", namespaces=NS)
    under = body.xpath("string((.//sr:AverageRMSUnderVoltageThreshold)[1])", namespaces=NS)
    out = {}
    if over:
        out["over"] = number(over, "AverageRMSOverVoltageThreshold")
    if under:
        out["under"] = number(under, "AverageRMSUnderVoltageThreshold")
    return out


def _gas_conversion(body: etree._Element) -> dict:
    out = {}
    if text(body, "CalorificValue"):
        out["calorific_value"] = number(text(body, "CalorificValue"), "CalorificValue")
    if text(body, "ConversionFactor"):
        out["conversion_factor"] = number(text(body, "ConversionFactor"), "ConversionFactor")
    return out


def _gas_flow(body: etree._Element) -> dict:
    out = {}
    if text(body, "UncontrolledGasFlowRateDecimal"):
        out["uncontrolled_flow_rate"] = number(text(body, "UncontrolledGasFlowRateDecimal"), "GasFlowRate")
    elif text(body, "UncontrolledGasFlowRate"):
        # Ten-thousandths of a cubic metre per hour.
        out["uncontrolled_flow_rate"] = number(text(body, "UncontrolledGasFlowRate"), "GasFlowRate") / 10000
    for element, field in (("SupplyDepletionState", "depletion_state"), ("SupplyTamperState", "tamper_state")):
        if text(body, element):
            out[field] = "locked" if text(body, element).lower() == "locked" else "unchanged"
    return out


_PERIODICITY = {
    "Daily": "daily",
    "Weekly": "weekly",
    "Monthly": "monthly",
    "Quarterly": "quarterly",
    "SixMonthly": "six_monthly",
    "Yearly": "yearly",
}


def _billing_calendar(body: etree._Element) -> dict:
    gas = body.find("sr:GasBillingCalendar", NS)
    if gas is not None:
        return {
            "start": text(gas, "BillingPeriodStart"),
            "periodicity": _PERIODICITY.get(text(gas, "Periodicity") or "", "monthly"),
        }
    elec = body.find("sr:ElectricityBillingCalendar", NS)
    if elec is None:
        raise BodyError("The billing calendar is missing.")
    periodicity = next((p for p in _PERIODICITY if elec.find(f"sr:{p}", NS) is not None), "Monthly")
    # Our body starts the calendar at a date-time: the next billing time from today (UTC).
    seconds = _seconds_of_day(text(elec, "BillingTime")) or 0
    today = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    start = today + timedelta(days=1, seconds=seconds)
    return {"start": start.isoformat(), "periodicity": _PERIODICITY[periodicity]}


def _clock(body: etree._Element) -> dict:
    tolerance = text(body, "TolerancePeriod")
    return {"tolerance_seconds": min(int(number(tolerance, "TolerancePeriod")), 3600)} if tolerance else {}


def _power_threshold(body: etree._Element) -> dict:
    return {
        "low_medium_kw": number(text(body, "LowMediumPowerThreshold"), "LowMediumPowerThreshold") / 1000,
        "medium_high_kw": number(text(body, "MediumHighPowerThreshold"), "MediumHighPowerThreshold") / 1000,
    }


def _alc_descriptions(body: etree._Element) -> dict:
    return {
        "descriptions": {
            index: (text(element, "SwitchDescription") or "")[:40]
            for index, element in _indexed(body, "ALCSHCALCSDescription")
        }
    }


def _alc_calendar(body: etree._Element) -> dict:
    calendar = []
    for schedule in body.findall("sr:ALCSHCALCSConnectionSchedule", NS):
        at = _hhmm(schedule.xpath("string(.//sr:SwitchTime)", namespaces=NS)) or "00:00"
        for index, switch in _indexed(schedule, "ActivateDeactivateSwitch"):
            state = "on" if switch.find("sr:ActivateSwitch", NS) is not None else "off"
            calendar.append({"at": at, "switch": index or "1", "state": state})
    return {"calendar": calendar[:48]}


def _demand_period(body: etree._Element) -> dict:
    start = _seconds_of_day(text(body, "MaximumDemandTimePeriodSchedule/StartTime"))
    end = _seconds_of_day(text(body, "MaximumDemandTimePeriodSchedule/EndTime"))
    if start is None or end is None:
        raise BodyError("MaximumDemandTimePeriodSchedule needs a StartTime and an EndTime.")
    return {"period_seconds": min(max((end - start) % 86400 or 86400, 60), 86400)}


def _import_mpxn(body: etree._Element) -> dict:
    return {"mpxn": text(body, "ImportMPANs/ImportMPAN") or text(body, "ImportMPRN") or ""}


def _export_mpan(body: etree._Element) -> dict:
    return {"mpxn": text(body, "ExportMPAN") or ""}


def _alert_behaviour(body: etree._Element) -> dict:
    alerts = {}
    for element in body.iter(f"{{{SR_NS}}}*"):
        name = etree.QName(element).localname
        if len(name) == 5 and name[0] == "x":
            value = element.text if len(element) == 0 else element.findtext("sr:WANAlert", namespaces=NS)
            if value:
                alerts[f"0x{name[1:].upper()}"] = value.strip() == "Enable"
    return {"alerts": alerts}


def _tamper_state(body: etree._Element) -> dict:
    return {"tamper_state": "locked" if (text(body, "SupplyTamperState") or "").lower() == "locked" else "unchanged"}


def _daily_reset(body: etree._Element) -> dict:
    return {"enabled": (text(body, "DailyTariffBlockCounterMatrixReset") or "true") in ("true", "1")}


def _sub_ghz(body: etree._Element) -> dict:
    channels = sorted(
        {
            int(etree.QName(e).localname[7:])
            for e in body.iter(f"{{{SR_NS}}}*")
            if etree.QName(e).localname.startswith("Channel") and etree.QName(e).localname[7:].isdigit()
        }
    )
    out: dict = {"channel_mask": [c for c in channels if c <= 63]}
    threshold = text(body, "NormalLimitedDutyCycleThreshold")
    if threshold:
        out["duty_cycle_threshold"] = min(round(number(threshold, "DutyCycleThreshold")), 100)
    return out


def _switch(path: str) -> Reader:
    def read(body: etree._Element) -> dict:
        for index, element in _indexed(body, path):
            if (element.text or "").strip() != "false":
                return {"switch": index or "1"}
        return {}

    return read


def _offset(body: etree._Element) -> dict:
    return {"seconds": int(number(text(body, "RandomisedOffsetLimit"), "RandomisedOffsetLimit"))}


def _join(body: etree._Element) -> dict:
    return {"other_device_id": text(body, "OtherDeviceID") or ""}


def _device_log(body: etree._Element) -> dict:
    out: dict = {
        "action": "remove" if (text(body, "RequestType") or "").lower() == "remove" else "add",
        "device_id": text(body, "DeviceID") or "",
    }
    add = body.find("sr:AddDeviceToCHFWhitelist", NS)
    if add is not None:
        if text(add, "InstallCode"):
            out["install_code"] = text(add, "InstallCode")
        if text(add, "ImportMPxN"):
            out["mpxn"] = text(add, "ImportMPxN")
        if text(add, "JoinTimePeriod"):
            out["join_time_period_seconds"] = int(number(text(add, "JoinTimePeriod"), "JoinTimePeriod"))
    return out


def _cin(body: etree._Element) -> dict:
    return {}  # the meter makes the CIN and returns it in a CINMessage


def _firmware(body: etree._Element) -> dict:
    try:
        image = base64.b64decode("".join((text(body, "FirmwareImage") or "").split()), validate=True)
    except (binascii.Error, ValueError):
        raise BodyError("FirmwareImage is not base64.") from None
    return {
        "firmware_version": text(body, "FirmwareVersion") or "",
        "image_hash": hashlib.sha256(image).hexdigest(),
        "image_size": len(image),
        "device_ids": (text(body, "DeviceIDList") or "").replace(",", " ").split(),
    }


def _activate_firmware(body: etree._Element) -> dict:
    return {"image_hash": (text(body, "FirmwareHash") or "").lower()}


_FREQUENCY_SECONDS = {"Daily": 86400, "Weekly": 7 * 86400, "Monthly": 30 * 86400, "HalfHourly": 1800}


def _schedule_create(body: etree._Element) -> dict:
    start = text(body, "ScheduleStartDate") or ""
    time_of_day = text(body, "ScheduleExecutionStartTime") or "00:00:00"
    out = {
        "srv": text(body, "DSPScheduledServiceReferenceVariant") or "",
        "period_seconds": _FREQUENCY_SECONDS.get(text(body, "ScheduleFrequency") or "", 86400),
        "start_at": f"{start[:10]}T{time_of_day[:8]}+00:00",
        "body": {},
    }
    if text(body, "ScheduleEndDate"):
        out["end_at"] = f"{text(body, 'ScheduleEndDate')[:10]}T{time_of_day[:8]}+00:00"
    return out


def schedule_id_to_ours(value: str | None) -> str:
    """DUIS DSPScheduleIDs are numbers; ours are S + eight digits (S00000123)."""
    if not value or not value.isdigit():
        return ""
    return f"S{int(value):08d}"


def _schedule_ref(body: etree._Element) -> dict:
    schedule_id = schedule_id_to_ours(text(body, "DSPScheduleID"))
    return {"schedule_id": schedule_id} if schedule_id else {}


_SMI_STATUS = {
    "Pending": "pending",
    "InstalledNotCommissioned": "installed_not_commissioned",
    "Commissioned": "commissioned",
    "Withdrawn": "withdrawn",
}


def _update_inventory(body: etree._Element) -> dict:
    if has(body, "DeleteDevice"):
        return {"action": "delete"}
    status = body.xpath("string(.//sr:DeviceStatus)", namespaces=NS)
    return {"action": "set_status", "status": _SMI_STATUS.get(status, status.lower())}


def _wan_matrix(body: etree._Element) -> dict:
    if text(body, "UPRN"):
        return {"uprn": text(body, "UPRN")}
    return {
        "postcode": (text(body, "PartialAddress/PostCode") or "")[:8],
        "address_identifier": (text(body, "PartialAddress/AddressIdentifier") or "")[:60],
    }


def _prenotify(body: etree._Element) -> dict:
    from cpl.models import DeviceModel

    out: dict = {"device_type": text(body, "DeviceType") or ""}
    model = DeviceModel.objects.filter(
        manufacturer_id__iexact=text(body, "DeviceManufacturer") or "",
        model_id__iexact=(text(body, "DeviceModel") or "")[:4],
    ).first()
    if model is not None:
        out["device_model_id"] = model.pk
    return out


def _hub_status(body: etree._Element) -> dict:
    parts = [f"{etree.QName(e).localname}: {(e.text or '').strip()}" for e in body if len(e) == 0]
    reason = body.findtext("sr:CHFFaultReason", namespaces=NS) or body.findtext(
        "sr:CHFNoFaultReturnType", namespaces=NS
    )
    return {"note": "; ".join(parts)[:500], "reason": (reason or "").strip()[:100]}


# --- the table: every SRV of our catalogue that DUIS has ------------------------------------

TRANSLATIONS: dict[str, BodyRule] = {
    "1.1.1": BodyRule("UpdateImportTariffPrimaryElement", _tariff),
    "1.1.2": BodyRule("UpdateImportTariffSecondaryElement", _tariff),
    "1.2.1": BodyRule("UpdatePricePrimaryElement", _prices),
    "1.2.2": BodyRule("UpdatePriceSecondaryElement", _prices),
    "1.5": BodyRule("UpdateMeterBalance", _balance),
    "1.6": BodyRule("UpdatePaymentMode", _payment_mode),
    "1.7": BodyRule("ResetTariffBlockCounterMatrix"),
    "2.1": BodyRule("UpdatePrepayConfiguration", _prepay_config),
    "2.2": BodyRule("TopUpDevice", _top_up),
    "2.3": BodyRule("UpdateDebt", _debt),
    "2.5": BodyRule("ActivateEmergencyCredit"),
    "3.1": BodyRule("DisplayMessage", _message),
    "3.2": BodyRule("RestrictAccessForChangeOfTenancy", _restriction),
    "3.3": BodyRule("ClearEventLog", _event_log),
    "3.4": BodyRule("UpdateSupplierName", _supplier_name),
    "3.5": BodyRule("DisablePrivacyPIN"),
    "4.1.1": BodyRule("ReadInstantaneousImportRegisters"),
    "4.1.2": BodyRule("ReadInstantaneousImportTOUMatrices"),
    "4.1.3": BodyRule("ReadInstantaneousImportTOUWithBlocksMatrices"),
    "4.1.4": BodyRule("ReadInstantaneousImportBlockCounters"),
    "4.2": BodyRule("ReadInstantaneousExportRegisters"),
    "4.3": BodyRule("ReadInstantaneousPrepayValues"),
    "4.4.2": BodyRule("RetrieveCoMOrTariffTriggeredBillingDataLog", _range),
    "4.4.3": BodyRule("RetrieveBillingCalendarTriggeredBillingDataLog", _range),
    "4.4.4": BodyRule("RetrieveBillingDataLogDebtPayments", _range),
    "4.4.5": BodyRule("RetrieveBillingDataLogPrepaymentCredits", _range),
    "4.6.1": BodyRule("RetrieveImportDailyReadLog"),
    "4.6.2": BodyRule("RetrieveExportDailyReadLog"),
    "4.8.1": BodyRule("ReadActiveImportProfileData", _range),
    "4.8.2": BodyRule("ReadReactiveImportProfileData", _range),
    "4.8.3": BodyRule("ReadExportProfileData", _range),
    "4.10": BodyRule("ReadNetworkData"),
    "4.11.1": BodyRule("ReadTariffPrimaryElement"),
    "4.11.2": BodyRule("ReadTariffSecondaryElement"),
    "4.12.1": BodyRule("ReadMaximumDemandImportRegisters"),
    "4.12.2": BodyRule("ReadMaximumDemandExportRegisters"),
    "4.13": BodyRule("ReadPrepaymentConfiguration"),
    "4.14": BodyRule("ReadPrepaymentDailyReadLog"),
    "4.15": BodyRule("ReadLoadLimitData"),
    "4.16": BodyRule("ReadActivePowerImport"),
    "4.17": BodyRule("RetrieveDailyConsumptionLog"),
    "4.18": BodyRule("ReadMeterBalance"),
    "5.1": BodyRule("CreateSchedule", _schedule_create, device_element="DeviceID"),
    "5.2": BodyRule("ReadSchedule", _schedule_ref, device_element="DeviceID"),
    "5.3": BodyRule("DeleteSchedule", _schedule_ref, device_element="DeviceID"),
    "6.2.1": BodyRule("ReadDeviceConfigurationVoltage"),
    "6.2.2": BodyRule("ReadDeviceConfigurationRandomisation"),
    "6.2.3": BodyRule("ReadDeviceConfigurationBillingCalendar"),
    "6.2.4": BodyRule("ReadDeviceConfigurationIdentityExcMPxN"),
    "6.2.5": BodyRule("ReadDeviceConfigurationInstantaneousPowerThresholds"),
    "6.2.7": BodyRule("ReadDeviceConfigurationMPxN"),
    "6.2.8": BodyRule("ReadDeviceConfigurationGas"),
    "6.2.9": BodyRule("ReadDeviceConfigurationPaymentMode"),
    "6.2.10": BodyRule("ReadDeviceConfigurationEventAndAlertBehaviours"),
    "6.4.1": BodyRule("UpdateDeviceConfigurationLoadLimitingGeneralSettings", _load_limit),
    "6.4.2": BodyRule("UpdateDeviceConfigurationLoadLimitingCounterReset"),
    "6.5": BodyRule("UpdateDeviceConfigurationVoltage", _voltage),
    "6.6": BodyRule("UpdateDeviceConfigurationGasConversion", _gas_conversion),
    "6.7": BodyRule("UpdateDeviceConfigurationGasFlow", _gas_flow),
    "6.8": BodyRule("UpdateDeviceConfigurationBillingCalendar", _billing_calendar),
    "6.11": BodyRule("SynchroniseClock", _clock),
    "6.12": BodyRule("UpdateDeviceConfigurationInstantaneousPowerThreshold", _power_threshold),
    "6.13": BodyRule("ReadEventOrSecurityLog", _event_log),
    "6.14.1": BodyRule("UpdateDeviceConfigurationALCDescriptions", _alc_descriptions),
    "6.14.2": BodyRule("UpdateDeviceConfigurationALCScheduler", _alc_calendar),
    "6.15.1": BodyRule("UpdateSecurityCredentialsKRP"),
    "6.15.2": BodyRule("UpdateSecurityCredentialsDevice"),
    "6.17": BodyRule("IssueSecurityCredentials"),
    "6.18.1": BodyRule("SetMaximumDemandConfigurableTimePeriod", _demand_period),
    "6.18.2": BodyRule("ResetMaximumDemandRegisters"),
    "6.20.1": BodyRule("SetDeviceConfigurationImportMPxN", _import_mpxn),
    "6.20.2": BodyRule("SetDeviceConfigurationExportMPAN", _export_mpan),
    "6.21": BodyRule("RequestHandoverOfDCCControlledDevice"),
    "6.22": BodyRule("ConfigureAlertBehaviour", _alert_behaviour),
    "6.23": BodyRule("UpdateSecurityCredentialsCoS"),
    "6.24.1": BodyRule("RetrieveDeviceSecurityCredentialsKRP"),
    "6.24.2": BodyRule("RetrieveDeviceSecurityCredentialsDevice"),
    "6.25": BodyRule("SetElectricitySupplyTamperState", _tamper_state),
    "6.26": BodyRule("UpdateDeviceConfigurationDailyResettingOfTariffBlockCounterMatrix", _daily_reset),
    "6.27": BodyRule("UpdateDeviceConfigurationRMSVoltageCounterReset"),
    "6.28": BodyRule("SetCHFSubGHzConfiguration", _sub_ghz),
    "6.29": BodyRule("RequestCHFSubGHzChannelScan"),
    "6.30": BodyRule("ReadCHFSubGHzConfiguration"),
    "6.31": BodyRule("ReadCHFSubGHzChannel"),
    "6.32": BodyRule("ReadCHFSubGHzChannelLog"),
    "7.1": BodyRule("EnableSupply"),
    "7.2": BodyRule("DisableSupply"),
    "7.3": BodyRule("ArmSupply"),
    "7.4": BodyRule("ReadSupplyStatus"),
    "7.5": BodyRule("ActivateAuxiliaryLoad", _switch("ActivateALCSHCALCS")),
    "7.6": BodyRule("DeactivateAuxiliaryLoad", _switch("DeactivateALCSHCALCS")),
    "7.7": BodyRule("ReadALCSData"),
    "7.8": BodyRule("ResetAuxiliaryLoad", _switch("ResetALCSHCALCS")),
    "7.9": BodyRule("AddAuxiliaryLoadToBoostButton", _switch("AddToBoostButton")),
    "7.10": BodyRule("RemoveAuxiliaryLoadFromBoostButton", _switch("RemoveFromBoostButton")),
    "7.11": BodyRule("ReadBoostButtonDetails"),
    "7.12": BodyRule("SetRandomisedOffsetLimit", _offset),
    "8.1.1": BodyRule("CommissionDeviceSynchroniseClock"),
    "8.2": BodyRule("ReadInventory", device_element="DeviceID"),
    "8.3": BodyRule("DecommissionDevice", device_element="DeviceID"),
    "8.4": BodyRule("UpdateInventory", _update_inventory, device_element="DeviceID"),
    "8.5": BodyRule("ServiceOptOut"),
    "8.6": BodyRule("ServiceOptIn", device_element="DeviceID"),
    "8.7.1": BodyRule("JoinServiceCritical", _join),
    "8.7.2": BodyRule("JoinServiceNonCritical", _join),
    "8.8.1": BodyRule("UnjoinServiceCritical", _join),
    "8.8.2": BodyRule("UnjoinServiceNonCritical", _join),
    "8.9": BodyRule("ReadDeviceLog"),
    "8.11": BodyRule("UpdateHANDeviceLog", _device_log),
    "8.12.1": BodyRule("RestoreHANDeviceLog"),
    "8.12.2": BodyRule("RestoreGPFDeviceLog"),
    "8.13": BodyRule("ReturnLocalCommandResponse"),
    "8.14.1": BodyRule("CHFInstallSuccessSMWAN", _hub_status, device_element="DeviceID"),
    "8.14.2": BodyRule("CHFInstallSuccessNoSMWAN", _hub_status, device_element="DeviceID"),
    "8.14.3": BodyRule("CHFFaultReturn", _hub_status, device_element="DeviceID"),
    "8.14.4": BodyRule("CHFNoFaultReturn", _hub_status, device_element="DeviceID"),
    "9.1": BodyRule("RequestCustomerIdentificationNumber", _cin),
    "11.1": BodyRule("UpdateFirmware", _firmware, device_element="DeviceIDList"),
    "11.2": BodyRule("ReadFirmwareVersion"),
    "11.3": BodyRule("ActivateFirmware", _activate_firmware),
    "12.1": BodyRule("RequestWANMatrix", _wan_matrix),
    "12.2": BodyRule("DevicePrenotification", _prenotify, device_element="DeviceID"),
    "14.1": BodyRule("RecordNetworkDataGAS"),
}
