"""Fixtures of the CH ordering tests: a fixed clock, Device Models, locations and forecasts.

The clock is Tuesday 3 March 2026, 10:00 UK time: the March deadline is Tuesday 24 March (the 5th
Working Day before Tuesday 31 March) and March orders are delivered in August 2026.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from inventory.hubs.choices import HanVariant, Region, WanVariant
from tests.factories.hubs import DeliveryLocationFactory, HubProductFactory, ReturnsLocationFactory, make_forecast

NOW = datetime(2026, 3, 3, 10, 0, tzinfo=ZoneInfo("Europe/London"))
DELIVERY_MONTH = date(2026, 8, 1)


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def single_band(db):
    return HubProductFactory(
        code="lrr-sb",
        name="LRR single band",
        han_variant=HanVariant.SINGLE_BAND,
        wan_variant=WanVariant.LONG_RANGE_RADIO,
    )


@pytest.fixture
def dual_band(db):
    return HubProductFactory(
        code="lrr-db", name="LRR dual band", han_variant=HanVariant.DUAL_BAND, wan_variant=WanVariant.LONG_RANGE_RADIO
    )


@pytest.fixture
def location(supplier_party):
    return DeliveryLocationFactory(party=supplier_party, name="Leeds depot")


@pytest.fixture
def second_location(supplier_party):
    return DeliveryLocationFactory(party=supplier_party, name="York depot", postcode="YO1 7HH")


@pytest.fixture
def returns_location(single_band, dual_band):
    return ReturnsLocationFactory(products=[single_band, dual_band])


@pytest.fixture
def forecasts(supplier_party):
    """North forecasts for August 2026 made in October 2025 (10th month)
    and January 2026 (7th month), each 800 with a 1/2 split."""
    made_10, made_7 = date(2025, 10, 1), date(2026, 1, 1)
    make_forecast(
        party=supplier_party, region=Region.NORTH, made_in=made_10, totals={DELIVERY_MONTH: 800}, split=(1, 2)
    )
    make_forecast(
        party=supplier_party, region=Region.NORTH, made_in=made_7, totals={DELIVERY_MONTH: 800}, split=(1, 2)
    )
