"""Behaviour shared by the electricity (ESME) and gas (GSME) smart meters.

Rules cite the BAD (../shared/spec/service-requests-and-devices.md extracts it): 7.3.1 tariffs,
7.3.2 prepayment, 7.5.4 supply, 7.4.1 reads, 7.5.2 change of tenancy, 7.5.1 contact customer,
7.5.3 firmware.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta
from typing import Any

from . import consumption
from .base import (
    Command,
    DeviceAlert,
    DeviceError,
    Effect,
    Firmware,
    Outcome,
    Profile,
    device_log_add,
    device_log_has,
    device_log_remove,
    handles,
    parse_time,
)

DEFAULT_PREPAY_CONFIG = {
    # Units: pence. Defaults are those of a typical meter as shipped (not set by the SEC).
    "debt_recovery_rate_cap": 500,
    "emergency_credit_limit": 1000,
    "emergency_credit_threshold": 200,
    "low_credit_threshold": 500,
    "disablement_threshold": 0,
    "maximum_meter_balance": 50_000,
    "maximum_credit_threshold": 25_000,
    "non_disablement_calendar": [],  # list of {"from": "HH:MM", "to": "HH:MM"} daily periods
}
BILLING_PERIODS = {"daily": 1, "weekly": 7, "monthly": 30, "quarterly": 91, "six_monthly": 182, "yearly": 365}
GBCS1_PERIODS = {"daily", "weekly", "monthly"}  # BAD 7.4.1.6.1: GBCS v2.0 adds the longer ones
MAX_SWITCHING_RULES = 200  # BAD 7.3.1: up to 200 rules in the Tariff Switching Table
MAX_PROFILE_ROWS = 48 * 31


def luhn_ok(digits: str) -> bool:
    """UTRN check digit (our emulation of the PPTD check; the real algorithm is GBCS-private)."""
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


class MeterFirmware(Firmware):
    """Common meter engine: registers, tariff, prepayment, supply, display, CoT, firmware."""

    unit = "kWh"
    mean_range = (0.25, 1.15)
    remote_enable = True  # BAD 7.5.4: gas can never be enabled remotely

    def initial_state(self, *, device_id: str, profile: Profile, now: datetime) -> dict[str, Any]:
        state = super().initial_state(device_id=device_id, profile=profile, now=now)
        mean = consumption.mean_power(device_id, low=self.mean_range[0], high=self.mean_range[1])
        state.update(
            {
                "mean": mean,
                "payment_mode": "credit",
                "registers": {
                    "import": round(mean * 24 * 365 * 2, 3),
                    "tou": [0.0, 0.0, 0.0, 0.0],
                    "block_counters": [0.0, 0.0, 0.0, 0.0],
                },
                "tariff": {
                    "primary": {
                        "switching": [{"from": "00:00", "register": 0}],
                        "thresholds": [],
                        "prices": [24.5, 0.0, 0.0, 0.0],
                        "block_prices": [],
                        "standing_charge": 50.0,
                    },
                    "secondary": None,
                },
                "prepay": {
                    "balance": 0.0,
                    "ec_balance": 0.0,
                    "ec_active": False,
                    "config": dict(DEFAULT_PREPAY_CONFIG),
                    "debt": {
                        "time_debt": [0.0, 0.0],
                        "payment_debt": 0.0,
                        "debt_recovery_per_payment": 0,
                        "recovery_rates": [0.0, 0.0],
                        "accumulated": 0.0,
                    },
                    "used_utrns": [],
                    "low_alerted": False,
                    "ec_alerted": False,
                },
                "supply": {"state": "Enabled", "locked": False, "cause": "", "tamper_state": "unchanged"},
                "display": {"message": "", "cin": "", "supplier_name": "", "supplier_phone": ""},
                "privacy_pin": "",
                "mpxn": {"import": "", "export": ""},
                "billing": {"calendar": None, "log": []},
                "daily_log": [],
                "prepay_daily_log": [],
                "restriction_at": None,
                "pending_restriction_at": None,
                "commissioned": False,
            }
        )
        return state

    # --- time -----------------------------------------------------------------------------

    def advance(self, *, device_id: str, state: dict, profile: Profile, now: datetime) -> list[DeviceAlert]:
        t0, t1 = state.get("advanced_at", now.timestamp()), now.timestamp()
        alerts: list[DeviceAlert] = []
        if t1 <= t0:
            return alerts
        self._roll_daily_logs(state, t0, t1)
        used = consumption.energy_between(state["mean"], t0, t1)
        if state["supply"]["state"] != "Enabled":
            used = 0.0  # no supply, no consumption
        self._accumulate(state, used, t0, t1)
        if state["payment_mode"] == "prepayment":
            alerts += self._charge(state, used, t0, t1, now)
        alerts += self._billing_snapshots(state, t0, t1)
        alerts += self._due_activation(state, now)
        if state.get("pending_restriction_at") and parse_time(state["pending_restriction_at"], field_name="r") <= now:
            state["restriction_at"], state["pending_restriction_at"] = state["pending_restriction_at"], None
        state["advanced_at"] = t1
        return alerts

    def _accumulate(self, state: dict, used: float, t0: float, t1: float) -> None:
        regs = state["registers"]
        regs["import"] = round(regs["import"] + used, 4)
        register = self._active_register(state, (t0 + t1) / 2)
        regs["tou"][register] = round(regs["tou"][register] + used, 4)
        thresholds = state["tariff"]["primary"]["thresholds"]
        block = sum(1 for limit in thresholds if regs["block_counters"][0] + sum(regs["block_counters"][1:]) >= limit)
        regs["block_counters"][min(block, 3)] = round(regs["block_counters"][min(block, 3)] + used, 4)

    def _active_register(self, state: dict, ts: float) -> int:
        when = datetime.fromtimestamp(ts, tz=UTC).strftime("%H:%M")
        rules = sorted(state["tariff"]["primary"]["switching"], key=lambda r: r["from"])
        active = rules[-1]["register"] if rules else 0
        for rule in rules:
            if rule["from"] <= when:
                active = rule["register"]
        return active

    def _price(self, state: dict, register: int) -> float:
        prices = state["tariff"]["primary"]["prices"]
        return float(prices[register]) if register < len(prices) else float(prices[0])

    def _charge(self, state: dict, used: float, t0: float, t1: float, now: datetime) -> list[DeviceAlert]:
        """BAD 7.3.2: balance falls by consumption x price, standing charge and time-based debt recovery."""
        prepay = state["prepay"]
        days = (t1 - t0) / 86400
        cost = used * self._price(state, self._active_register(state, (t0 + t1) / 2))
        cost += state["tariff"]["primary"]["standing_charge"] * days
        recovery = min(sum(prepay["debt"]["recovery_rates"]) * days, prepay["config"]["debt_recovery_rate_cap"] * days)
        recovered = self._recover_time_debt(prepay, recovery)
        prepay["balance"] = round(prepay["balance"] - cost - recovered, 4)
        return self._check_thresholds(state, now)

    @staticmethod
    def _recover_time_debt(prepay: dict, amount: float) -> float:
        taken = 0.0
        debts = prepay["debt"]["time_debt"]
        for index, owed in enumerate(debts):
            step = min(owed, amount - taken)
            debts[index] = round(owed - step, 4)
            taken += step
        return taken

    def credit(self, state: dict) -> float:
        prepay = state["prepay"]
        return prepay["balance"] + (prepay["ec_balance"] if prepay["ec_active"] else 0.0)

    def _check_thresholds(self, state: dict, now: datetime) -> list[DeviceAlert]:
        prepay, config, supply = state["prepay"], state["prepay"]["config"], state["supply"]
        alerts = []
        credit = self.credit(state)
        if credit < config["low_credit_threshold"] and not prepay["low_alerted"]:
            prepay["low_alerted"] = True
            alerts.append(DeviceAlert("0x810D", {"credit": round(credit, 2)}))  # Credit Below Low Credit Threshold
        if prepay["balance"] < config["emergency_credit_threshold"] and not prepay["ec_alerted"]:
            # BAD 7.3.2: below the EC threshold the meter only shows EC availability on its UI/PPMID.
            prepay["ec_alerted"] = True
            state["display"]["emergency_credit_available"] = True
        if credit < config["disablement_threshold"] and supply["state"] == "Enabled":
            if self._in_non_disablement(config, now):
                # BAD 7.3.2: during a Non-Disablement Calendar period the meter does not disable: 0x8F83.
                alerts.append(DeviceAlert("0x8F83", {"credit": round(credit, 2)}))
            else:
                supply.update(state="Disabled", cause="prepayment", locked=False)
                alerts.append(DeviceAlert("0x8F0F", {"credit": round(credit, 2)}))
        return alerts

    @staticmethod
    def _in_non_disablement(config: dict, now: datetime) -> bool:
        hhmm = now.strftime("%H:%M")
        return any(p["from"] <= hhmm < p["to"] for p in config.get("non_disablement_calendar", []))

    def _roll_daily_logs(self, state: dict, t0: float, t1: float) -> None:
        midnight = (int(t0 // 86400) + 1) * 86400
        count = 0
        while midnight <= t1 and count < 40:
            reading = state["registers"]["import"] + consumption.energy_between(state["mean"], t0, midnight)
            day = datetime.fromtimestamp(midnight, tz=UTC).isoformat()
            state["daily_log"].append({"at": day, "import": round(reading, 3)})
            if state["payment_mode"] == "prepayment":
                state["prepay_daily_log"].append({"at": day, "balance": round(state["prepay"]["balance"], 2)})
            midnight += 86400
            count += 1
        del state["daily_log"][:-31]
        del state["prepay_daily_log"][:-31]

    def _billing_snapshots(self, state: dict, t0: float, t1: float) -> list[DeviceAlert]:
        calendar = state["billing"]["calendar"]
        if not calendar:
            return []
        alerts: list[DeviceAlert] = []
        next_at = calendar["next_at"]
        while next_at <= t1 and len(alerts) < 12:
            snapshot = self._billing_snapshot(state, next_at, trigger="calendar")
            # BAD 7.4.1.6.1: at each calendar time the meter snapshots the Billing Data Log and sends 0x8F0A.
            alerts.append(DeviceAlert("0x8F0A", snapshot))
            next_at += BILLING_PERIODS[calendar["periodicity"]] * 86400
        calendar["next_at"] = next_at
        return alerts

    def _billing_snapshot(self, state: dict, at: float, *, trigger: str) -> dict:
        snap = {
            "at": datetime.fromtimestamp(at, tz=UTC).isoformat(),
            "trigger": trigger,
            "tou": list(state["registers"]["tou"]),
            "block_counters": list(state["registers"]["block_counters"]),
            "consumption": state["registers"]["import"],
        }
        if state["payment_mode"] == "prepayment":
            prepay = state["prepay"]
            snap.update(
                meter_balance=prepay["balance"],
                emergency_credit_balance=prepay["ec_balance"],
                payment_debt=prepay["debt"]["payment_debt"],
                time_debt=list(prepay["debt"]["time_debt"]),
                accumulated_debt=prepay["debt"]["accumulated"],
            )
        state["billing"]["log"].append(snap)
        del state["billing"]["log"][:-24]
        return snap

    def _due_activation(self, state: dict, now: datetime) -> list[DeviceAlert]:
        pending = state["firmware"].get("pending_activation")
        if not pending or parse_time(pending["at"], field_name="at") > now:
            return []
        state["firmware"]["pending_activation"] = None
        ok = self._activate(state, pending["hash"])
        # BAD 7.5.3.6.3: a future-dated CS06 reports its result later as alert 0x00CA.
        return [DeviceAlert("0x00CA", {"success": ok, "firmware_version": state["firmware"]["version"]})]

    # --- reads (BAD 7.4.1) -------------------------------------------------------------------

    def _restricted_from(self, state: dict) -> float | None:
        restriction = state.get("restriction_at")
        return parse_time(restriction, field_name="restriction_at").timestamp() if restriction else None

    @handles("4.1.1", "4.1.2")
    def read_import_registers(self, *, state, command, **_):
        regs = state["registers"]
        return Outcome(
            data={
                "import": regs["import"],
                "unit": self.unit,
                "tou": regs["tou"],
                **self.time_stamp(state, command.now),
            }
        )

    @handles("4.3", "4.18")
    def read_prepay_values(self, *, state, command, **_):
        prepay = state["prepay"]
        return Outcome(
            data={
                "payment_mode": state["payment_mode"],
                "meter_balance": round(prepay["balance"], 2),
                "emergency_credit_balance": prepay["ec_balance"],
                "emergency_credit_active": prepay["ec_active"],
                "time_debt": prepay["debt"]["time_debt"],
                "payment_debt": prepay["debt"]["payment_debt"],
                **self.time_stamp(state, command.now),
            }
        )

    @handles("4.4.2", "4.4.3", "4.4.4", "4.4.5")
    def read_billing_log(self, *, state, command, **_):
        trigger = {"4.4.2": "tariff", "4.4.3": "calendar", "4.4.4": "debt_payment", "4.4.5": "credit"}[command.srv]
        restricted = self._restricted_from(state)
        start, end = self._range(command)
        rows = [
            r
            for r in state["billing"]["log"]
            if r["trigger"] == trigger
            and start <= parse_time(r["at"], field_name="at").timestamp() <= end
            and (restricted is None or parse_time(r["at"], field_name="at").timestamp() >= restricted)
        ]
        return Outcome(data={"entries": rows, **self.time_stamp(state, command.now)})

    @handles("4.6.1")
    def read_daily_log(self, *, state, command, **_):
        return Outcome(
            data={"entries": self._unrestricted(state, state["daily_log"]), **self.time_stamp(state, command.now)}
        )

    @handles("4.14")
    def read_prepay_daily_log(self, *, state, command, **_):
        return Outcome(
            data={
                "entries": self._unrestricted(state, state["prepay_daily_log"]),
                **self.time_stamp(state, command.now),
            }
        )

    @handles("4.17")
    def read_daily_consumption(self, *, state, command, **_):
        rows, previous = [], None
        for row in self._unrestricted(state, state["daily_log"]):
            if previous is not None:
                rows.append({"at": row["at"], "consumption": round(row["import"] - previous, 3)})
            previous = row["import"]
        return Outcome(data={"entries": rows, "unit": self.unit, **self.time_stamp(state, command.now)})

    def _unrestricted(self, state: dict, rows: list[dict]) -> list[dict]:
        # BAD 7.5.2: after the Restriction Date Time, data from before it is no longer given out.
        restricted = self._restricted_from(state)
        if restricted is None:
            return list(rows)
        return [r for r in rows if parse_time(r["at"], field_name="at").timestamp() >= restricted]

    @staticmethod
    def _range(command: Command) -> tuple[float, float]:
        end = parse_time(command.body["to"], field_name="to") if command.body.get("to") else command.now
        start = (
            parse_time(command.body["from"], field_name="from")
            if command.body.get("from")
            else end - timedelta(days=1)
        )
        if start > end:  # App AB 6.1(f)(i): a date range runs forwards
            raise DeviceError("'from' is after 'to'.", code="E13")
        return start.timestamp(), min(end, command.now).timestamp()

    @handles("4.8.1")
    def read_profile(self, *, state, command, **_):
        start, end = self._range(command)
        restricted = self._restricted_from(state)
        if restricted is not None:
            start = max(start, restricted)
        rows = consumption.half_hour_profile(state["mean"], start, end, limit=MAX_PROFILE_ROWS)
        return Outcome(
            data={
                "unit": self.unit,
                "intervals": [{"start": datetime.fromtimestamp(t, tz=UTC).isoformat(), "value": v} for t, v in rows],
                **self.time_stamp(state, command.now),
            }
        )

    @handles("4.11.1")
    def read_tariff(self, *, state, command, **_):
        return Outcome(data={"tariff": state["tariff"]["primary"], **self.time_stamp(state, command.now)})

    @handles("4.13")
    def read_prepay_config(self, *, state, **_):
        return Outcome(data={"config": state["prepay"]["config"]})

    @handles("6.2.3")
    def read_billing_calendar(self, *, state, **_):
        return Outcome(data={"billing_calendar": state["billing"]["calendar"]})

    @handles("6.2.7")
    def read_mpxn(self, *, state, **_):
        return Outcome(data={"mpxn": state["mpxn"]})

    @handles("6.2.9")
    def read_payment_mode(self, *, state, **_):
        return Outcome(data={"payment_mode": state["payment_mode"]})

    @handles("7.4")
    def read_supply(self, *, state, **_):
        supply = state["supply"]
        return Outcome(data={"supply_state": supply["state"], "locked": supply["locked"], "cause": supply["cause"]})

    # --- tariff and prices (BAD 7.3.1) -------------------------------------------------------------

    @handles("1.1.1")
    def update_tariff(self, *, state, command, **_):
        body = command.body
        switching = body.get("switching") or [{"from": "00:00", "register": 0}]
        if len(switching) > MAX_SWITCHING_RULES:  # BAD 7.3.1: the Tariff Switching Table's size
            raise DeviceError(f"At most {MAX_SWITCHING_RULES} switching rules.", code="E13")
        tariff = state["tariff"]["primary"]
        tariff.update(switching=switching, thresholds=body.get("thresholds", []))
        self._tariff_changed(state, command)
        return Outcome(data={"tariff": tariff})

    @handles("1.2.1")
    def update_prices(self, *, state, command, **_):
        tariff = state["tariff"]["primary"]
        tariff["prices"] = list(command.body["prices"]) + [0.0] * (4 - len(command.body["prices"]))
        tariff["block_prices"] = command.body.get("block_prices", [])
        if "standing_charge" in command.body:
            tariff["standing_charge"] = command.body["standing_charge"]
        self._tariff_changed(state, command)
        return Outcome(data={"tariff": tariff})

    def _tariff_changed(self, state: dict, command: Command) -> None:
        # GBCS: a change of tariff writes a billing log entry, readable with 4.4.2.
        self._billing_snapshot(state, command.ts, trigger="tariff")

    @handles("1.7")
    def reset_block_counters(self, *, state, **_):
        state["registers"]["block_counters"] = [0.0, 0.0, 0.0, 0.0]
        return Outcome(data={"block_counters": state["registers"]["block_counters"]})

    # --- prepayment (BAD 7.3.2) --------------------------------------------------------------------

    @handles("1.5")
    def update_meter_balance(self, *, state, command, **_):
        action = command.body.get("action", "adjust")
        prepay = state["prepay"]
        if action == "reset":
            prepay["balance"] = 0.0
        else:
            prepay["balance"] = round(prepay["balance"] + float(command.body["amount"]), 4)
        # BAD 7.3.2: on gas the command variant depends on the current payment mode.
        variant = self.balance_command(state, action)
        return Outcome(data={"meter_balance": prepay["balance"], "command": variant})

    def balance_command(self, state: dict, action: str) -> str:
        return "ECS04b" if action == "reset" else "ECS04a"

    @handles("1.6")
    def update_payment_mode(self, *, state, command, **_):
        mode = command.body["mode"]
        if mode not in ("prepayment", "credit"):  # BAD 7.3.2: the two payment modes
            raise DeviceError("mode must be 'prepayment' or 'credit'.", code="E13")
        previous = state["payment_mode"]
        state["payment_mode"] = mode
        if previous != mode:
            self._billing_snapshot(state, command.ts, trigger="tariff")  # change of mode is logged like a tariff
        return Outcome(data={"payment_mode": mode, "previous": previous})

    @handles("2.1")
    def update_prepay_config(self, *, state, command, **_):
        config = state["prepay"]["config"]
        unknown = set(command.body) - set(config)
        if unknown:  # BAD 7.3.2: the prepayment settings a meter has
            raise DeviceError(f"Unknown prepayment settings: {', '.join(sorted(unknown))}.", code="E13")
        config.update(command.body)
        return Outcome(data={"config": config})

    @handles("2.2")
    def top_up(self, *, state, command, **_):
        """SRV 2.2 (CS01a/b): the meter checks the UTRN, anti-replay and the credit limits itself."""
        utrn = str(command.body["utrn"])
        prepay, config = state["prepay"], state["prepay"]["config"]
        if len(utrn) != 20 or not utrn.isdigit() or not luhn_ok(utrn):
            raise DeviceError("UTRN check digit failed.", data={"meter_balance": prepay["balance"]})
        if command.body.get("value") is None:
            # A real meter reads the credit value from the UTRN with its Supplier's key; this
            # emulation takes it from the request's value until GBCS UTRNs are emulated (D-DUIS-09).
            raise DeviceError(
                "The emulated meter cannot read a credit value from the UTRN alone.",
                data={"meter_balance": prepay["balance"]},
            )
        value = float(command.body["value"])
        if utrn in prepay["used_utrns"]:
            # BAD 7.3.2: the Originator Counter makes a used UTRN unusable (anti-replay).
            raise DeviceError("UTRN already used.", data={"meter_balance": prepay["balance"]})
        if value > config["maximum_credit_threshold"]:
            raise DeviceError(
                "Top-up exceeds the Maximum Credit Threshold.", data={"meter_balance": prepay["balance"]}
            )
        if prepay["balance"] + value > config["maximum_meter_balance"]:
            raise DeviceError(
                "Top-up would exceed the Maximum Meter Balance.", data={"meter_balance": prepay["balance"]}
            )
        recovered = min(value * prepay["debt"]["debt_recovery_per_payment"] / 100, prepay["debt"]["payment_debt"])
        prepay["debt"]["payment_debt"] = round(prepay["debt"]["payment_debt"] - recovered, 4)
        prepay["balance"] = round(prepay["balance"] + value - recovered, 4)
        prepay["used_utrns"] = [*prepay["used_utrns"], utrn][-100:]
        prepay["low_alerted"] = self.credit(state) < config["low_credit_threshold"]
        prepay["ec_alerted"] = prepay["balance"] < config["emergency_credit_threshold"]
        if prepay["ec_active"] and prepay["balance"] >= 0:
            prepay["ec_active"], prepay["ec_balance"] = False, 0.0  # emergency credit repaid
        self._billing_snapshot(state, command.ts, trigger="credit")
        if recovered:
            self._billing_snapshot(state, command.ts, trigger="debt_payment")
        return Outcome(
            data={"meter_balance": round(prepay["balance"], 2), "debt_recovered": round(recovered, 2)},
            alerts=[DeviceAlert("0x810E", {"value": value})],
        )

    @handles("2.3")
    def update_debt(self, *, state, command, **_):
        debt = state["prepay"]["debt"]
        for key in ("time_debt", "payment_debt", "debt_recovery_per_payment", "recovery_rates"):
            if key in command.body:
                debt[key] = command.body[key]
        debt["accumulated"] = round(sum(debt["time_debt"]) + debt["payment_debt"], 4)
        return Outcome(data={"debt": debt})

    @handles("2.5")
    def activate_emergency_credit(self, *, state, **_):
        prepay, config = state["prepay"], state["prepay"]["config"]
        if state["payment_mode"] != "prepayment":
            raise DeviceError("Emergency Credit exists only in prepayment mode.")
        if prepay["balance"] >= config["emergency_credit_threshold"]:
            raise DeviceError("Balance is above the Emergency Credit Threshold.")
        prepay["ec_active"], prepay["ec_balance"] = True, float(config["emergency_credit_limit"])
        return Outcome(data={"emergency_credit_balance": prepay["ec_balance"]}, alerts=[DeviceAlert("0x8119")])

    # --- contact customer (BAD 7.5.1) --------------------------------------------------------------

    @handles("3.1")
    def display_message(self, *, device_id, state, command, han, **_):
        text = str(command.body["message"])
        state["display"]["message"] = text
        forwarded = self._forward_to_displays(state, han, "message", text)
        return Outcome(data={"displayed": True, "forwarded_to": forwarded})

    def _forward_to_displays(self, state: dict, han, key: str, text: str) -> list[str]:
        # BAD 7.5.1: the meter forwards the message to the IHD/PPMID in its Device Log.
        forwarded = []
        for entry in state.get("device_log", []):
            peer = han.peer(entry["device_id"])
            if peer is not None and peer.device_type in ("IHD", "PPMID"):
                peer.state.setdefault("display", {})[key] = text
                han.mark_dirty(peer)
                forwarded.append(peer.device_id)
        return forwarded

    @handles("3.2")
    def restrict_for_cot(self, *, state, command, **_):
        """SRV 3.2 (ECS12/GCS09): set the Restriction Date Time, now or stored for later (BAD 7.5.2)."""
        at = (
            parse_time(command.body["restriction_at"], field_name="restriction_at")
            if command.body.get("restriction_at")
            else command.now
        )
        if at <= command.now:
            state["restriction_at"], state["pending_restriction_at"] = at.isoformat(), None
        else:
            state["pending_restriction_at"] = at.isoformat()
        return Outcome(
            data={"restriction_at": at.isoformat()},
            effects=[Effect("change_of_tenancy", data={"restriction_at": at.isoformat()})],
        )

    @handles("3.4")
    def update_supplier_name(self, *, state, command, **_):
        state["display"].update(supplier_name=command.body["name"], supplier_phone=command.body.get("phone", ""))
        return Outcome(data={"supplier_name": command.body["name"]})

    @handles("3.5")
    def clear_privacy_pin(self, *, state, **_):
        # BAD 7.5.1: only the Supplier can clear a forgotten PIN remotely.
        had = bool(state.get("privacy_pin"))
        state["privacy_pin"] = ""
        return Outcome(data={"pin_cleared": had})

    @handles("9.1")
    def customer_identification_number(self, *, state, command, han, **_):
        # The meter makes the CIN when the request carries none (DUIS 9.1); the SSI form may set one.
        cin = str(command.body.get("cin") or f"{secrets.randbelow(10_000):04d}")
        state["display"]["cin"] = cin
        self._forward_to_displays(state, han, "cin", cin)
        # DUIS 3.5.6: the response to 9.1 carries the CIN (CINMessage).
        return Outcome(data={"cin": cin, "format": "CINMessage"})

    @handles("6.20.1")
    def set_import_mpxn(self, *, state, command, **_):
        state["mpxn"]["import"] = str(command.body["mpxn"])
        return Outcome(data={"mpxn": state["mpxn"]})

    # --- configuration ------------------------------------------------------------------------

    @handles("6.8")
    def set_billing_calendar(self, *, state, profile, command, **_):
        periodicity = command.body["periodicity"]
        # BAD 7.4.1.6.1: GBCS v2.0 adds the quarterly, six-monthly and yearly Billing Calendars.
        if periodicity not in BILLING_PERIODS or (not profile.gbcs2 and periodicity not in GBCS1_PERIODS):
            raise DeviceError(
                f"Periodicity {periodicity!r} is not supported by GBCS {profile.gbcs_version}.", code="E13"
            )
        start = parse_time(command.body["start"], field_name="start")
        next_at = start.timestamp()
        step = BILLING_PERIODS[periodicity] * 86400
        while next_at <= command.ts:
            next_at += step
        state["billing"]["calendar"] = {"start": start.isoformat(), "periodicity": periodicity, "next_at": next_at}
        return Outcome(data={"billing_calendar": state["billing"]["calendar"]})

    @handles("6.22")
    def configure_alerts(self, *, state, command, **_):
        config = state.setdefault("alert_config", {})
        config.update({str(k): bool(v) for k, v in command.body.get("alerts", {}).items()})
        return Outcome(data={"alert_config": config})

    @handles("6.2.10")
    def read_alert_config(self, *, state, **_):
        return Outcome(data={"alert_config": state.get("alert_config", {})})

    # --- supply (BAD 7.5.4) ------------------------------------------------------------------------

    @handles("7.2")
    def disable_supply(self, *, state, **_):
        # BAD 7.5.4: Disable always opens the switch/closes the valve and Locks.
        state["supply"].update(state="Disabled", locked=True, cause="command")
        return Outcome(data={"supply_state": "Disabled", "locked": True})

    @handles("7.3")
    def arm_supply(self, *, state, **_):
        supply = state["supply"]
        alerts = []
        if supply["state"] in ("Enabled", "Armed"):
            supply["state"] = "Armed"
            alerts.append(DeviceAlert("0x8F32"))  # 'Supply Armed'
        elif supply["cause"] in ("command", "gas_power_loss", "tamper"):
            supply["state"] = "Armed"
        else:
            # BAD 7.5.4: "Otherwise the Meter does not Arm" (e.g. disabled for lack of credit, decision D-DEV-09).
            raise DeviceError(f"Supply disabled by {supply['cause'] or 'an unknown cause'}; the meter does not arm.")
        supply.update(locked=False)
        return Outcome(data={"supply_state": supply["state"], "locked": False}, alerts=alerts)

    @handles("7.1")
    def enable_supply(self, *, state, **_):
        if not self.remote_enable:
            raise DeviceError("Gas supply can only be enabled locally after Arm.")
        supply = state["supply"]
        if supply["state"] == "Armed" or (supply["state"] == "Disabled" and supply["cause"] in ("command", "tamper")):
            supply.update(state="Enabled", locked=False, cause="")
            return Outcome(data={"supply_state": "Enabled", "locked": False})
        raise DeviceError(f"Supply is {supply['state']} (cause: {supply['cause'] or 'none'}); it cannot be enabled.")

    # --- commissioning, clock, joins ----------------------------------------------------------

    @handles("8.1.1")
    def commission(self, *, device_id, state, command, han, **_):
        """SRV 8.1.1 (ECS70/GCS28 Set Clock): the meter syncs its clock with the CHF.

        BAD 7.1 Table 2, row 15; App AC 4.12.
        """
        state["clock"].update(offset_seconds=0.0, status="Reliable")
        state["commissioned"] = True
        return Outcome(data=self.time_stamp(state, command.now), effects=[Effect("commissioned", device_id)])

    @handles("6.11")
    def synchronise_clock(self, *, state, command, **_):
        # BAD 7.5.7: adopt CH time only within the SR's tolerance; otherwise leave it and mark Unreliable.
        tolerance = float(command.body.get("tolerance_seconds", 10))
        if abs(state["clock"]["offset_seconds"]) <= tolerance:
            state["clock"].update(offset_seconds=0.0, status="Reliable")
        else:
            state["clock"]["status"] = "Unreliable"
        return Outcome(data=self.time_stamp(state, command.now))

    @handles("8.7.1", "8.7.2")
    def join(self, *, device_id, state, command, han, **_):
        """SRV 8.7 (CS03x): add the partner to this meter's Device Log and the meter to the partner's."""
        other = han.peer(command.body["other_device_id"])
        if other is None:  # BAD 7.8.5.4.1: no response from the Device (E21)
            raise DeviceError("The device to join did not answer on the HAN.", code="E21")
        device_log_add(state, other.device_id, command.now, device_type=other.device_type)
        device_log_add(other.state, device_id, command.now, device_type=self.device_type)
        han.mark_dirty(other)
        return Outcome(
            data={"joined": other.device_id}, effects=[Effect("joined", device_id, {"other": other.device_id})]
        )

    @handles("8.8.1", "8.8.2")
    def unjoin(self, *, device_id, state, command, han, **_):
        other_id = command.body["other_device_id"]
        if not device_log_has(state, other_id):
            raise DeviceError("That device is not in this meter's Device Log.")
        device_log_remove(state, other_id)
        other = han.peer(other_id)
        if other is not None:
            device_log_remove(other.state, device_id)
            han.mark_dirty(other)
        return Outcome(data={"unjoined": other_id}, effects=[Effect("unjoined", device_id, {"other": other_id})])

    # --- firmware (BAD 7.5.3) ------------------------------------------------------------------------

    @handles("11.1")
    def receive_image(self, *, state, command, **_):
        # BAD 7.5.3.6.2: the meter downloads the image from the CH, checks the signature and stores it.
        image = {"version": command.body["firmware_version"], "hash": command.body["image_hash"].lower()}
        state["firmware"]["stored_image"] = image
        return Outcome(data={"stored": image}, alerts=[DeviceAlert("0x8F72", {"firmware_version": image["version"]})])

    @handles("11.3")
    def activate_image(self, *, device_id, state, command, **_):
        wanted = command.body["image_hash"].lower()
        stored = state["firmware"]["stored_image"]
        if not stored:
            raise DeviceError("No Manufacturer Image is stored for activation.")
        if stored["hash"] != wanted:
            raise DeviceError("The hash in CS06 does not match the stored Manufacturer Image.")
        at = command.body.get("execute_at")
        if at and parse_time(at, field_name="execute_at") > command.now:
            # BAD 7.5.3: a future-dated CS06 is validated and stored; 0x00CA reports the result later.
            state["firmware"]["pending_activation"] = {"at": at, "hash": wanted}
            return Outcome(data={"stored_for": at})
        self._activate(state, wanted)
        version = state["firmware"]["version"]
        return Outcome(
            data={"firmware_version": version},
            effects=[Effect("firmware_activated", device_id, {"firmware_version": version})],
        )

    @staticmethod
    def _activate(state: dict, wanted: str) -> bool:
        stored = state["firmware"]["stored_image"]
        if not stored or stored["hash"] != wanted:
            return False
        state["firmware"]["version"] = stored["version"]
        state["firmware"]["stored_image"] = None
        return True
