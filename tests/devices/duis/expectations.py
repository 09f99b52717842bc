"""What the replica answers each RTDS template, and why (the README lists the exceptions).

The rule comes from DUIS: a Send Command request (CV 1/3) is acknowledged I99 and its response
follows; Transform (CV 4, a Critical SRV) answers I0 with the Pre-Command; the Non-Device service
(CV 2/8) answers I0 synchronously. The final code of a device request is I0 (the device answered,
whatever it said). Exceptions are named per template with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass

from devices.duis.translation import DUIS_SRVS

MATRIX_SRVS = DUIS_SRVS


@dataclass(frozen=True)
class Outcome:
    ack: str
    final: str | None  # the pushed Service Response's code (CV 1/3), None when there is none
    reason: str = ""


# Template file name prefix -> (acknowledgement, final response, why).
EXCEPTIONS: dict[str, Outcome] = {}


def expected_outcome(name: str, srv: str, cv: int) -> Outcome:
    for prefix, outcome in EXCEPTIONS.items():
        if name.startswith(prefix):
            return outcome
    if cv in (1, 3):
        return Outcome("I99", "I0")
    return Outcome("I0", None)
