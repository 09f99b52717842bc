"""A deterministic load model, so registers and profile data advance with time.

Each meter draws power following a daily curve whose level comes from a hash of its Device ID:
the same meter gives the same half-hourly profile whenever it is read, and registers are the
exact integral of that curve, so a read never contradicts an earlier one.
"""

import hashlib
import math

_PEAK_HOUR = 16.0  # the daily curve peaks in the late afternoon
_SWING = 0.6  # +-60 % around the mean


def mean_power(device_id: str, *, low: float, high: float) -> float:
    """The meter's mean draw (kW for electricity, m3/h for gas), stable per Device ID."""
    digest = int(hashlib.sha256(device_id.encode()).hexdigest()[:8], 16)
    return low + (digest % 10_000) / 10_000 * (high - low)


def _phase(hours: float) -> float:
    return 2 * math.pi * (hours - _PEAK_HOUR + 6) / 24


def power_at(mean: float, ts: float) -> float:
    """Instantaneous draw at epoch second ``ts``."""
    return mean * (1 + _SWING * math.sin(_phase(ts / 3600)))


def energy_between(mean: float, t0: float, t1: float) -> float:
    """Exact integral of ``power_at`` between two epoch seconds (kWh or m3)."""
    if t1 <= t0:
        return 0.0
    h0, h1 = t0 / 3600, t1 / 3600
    swing = _SWING * 24 / (2 * math.pi) * (math.cos(_phase(h0)) - math.cos(_phase(h1)))
    return mean * ((h1 - h0) + swing)


def half_hour_profile(mean: float, start: float, end: float, *, limit: int) -> list[tuple[float, float]]:
    """Half-hourly (interval start, consumption) pairs between two epoch seconds, at most ``limit``."""
    first = math.ceil(start / 1800) * 1800
    rows: list[tuple[float, float]] = []
    t: float = first
    while t + 1800 <= end and len(rows) < limit:
        rows.append((t, round(energy_between(mean, t, t + 1800), 4)))
        t += 1800
    return rows
