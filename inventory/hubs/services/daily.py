"""The daily deeming sweep of CH ordering and returns: every step idempotent, each in its own service."""

from .delivery import consignments_deem_accepted
from .diagnosis import returns_records_sweep
from .ordering import forecasts_deem_due, orders_deem_due, orders_deemed_expire
from .returns import hubs_deem_lost


def hubs_daily() -> dict[str, int]:
    """Deem forecasts (SEC F5.6) and orders (SEC F5.13), cancel expired deemed orders (App H 3.9),
    deem deliveries accepted (SEC F6.8), hubs lost under the 90-day rule (SEC F8.6), and apply the
    fault-diagnosis silence rules (SEC F9.9, F9.12, App I 11.8). Returns how many of each."""
    return {
        "forecasts_deemed": forecasts_deem_due(),
        "orders_deemed": orders_deem_due(),
        "deemed_orders_cancelled": orders_deemed_expire(),
        "deliveries_deemed_accepted": consignments_deem_accepted(),
        "hubs_deemed_lost": hubs_deem_lost(),
        "returns_records_closed": returns_records_sweep(),
    }
