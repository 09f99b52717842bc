"""Factories for Communications Hub ordering, WAN coverage and service information."""

from datetime import time

import factory

from inventory.hubs.choices import HanVariant, Region, WanVariant
from inventory.hubs.constants import add_months, forecast_first_month
from inventory.hubs.models import DeliveryLocation, Forecast, ForecastMonth, HubProduct, ReturnsLocation
from portal.service_info.models import MaintenanceWindow
from tests.factories.cpl import DeviceModelFactory
from tests.factories.portal import PartyFactory


class HubProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HubProduct

    device_model = factory.SubFactory(DeviceModelFactory, hub=True)
    code = factory.Sequence(lambda n: f"ch-{n}")
    name = factory.Sequence(lambda n: f"Hub model {n}")
    han_variant = HanVariant.SINGLE_BAND
    wan_variant = WanVariant.LONG_RANGE_RADIO
    regions = factory.LazyFunction(lambda: [Region.NORTH])


class DeliveryLocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DeliveryLocation

    party = factory.SubFactory(PartyFactory)
    name = factory.Sequence(lambda n: f"Depot {n}")
    address_line1 = "1 Works Road"
    town = "Leeds"
    postcode = "LS11 5PS"
    operating_hours = "Mon-Fri 08:00-17:00"
    contact_name = "Jo Stores"
    contact_email = "stores@example.test"
    contact_phone = "0113 496 0000"


class ReturnsLocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReturnsLocation
        skip_postgeneration_save = True

    region = Region.NORTH
    name = factory.Sequence(lambda n: f"Returns centre {n}")
    address = "Unit 4, Gateway Park, Warrington"
    postcode = "WA5 7ZZ"
    operating_hours = "Mon-Fri 08:00-16:00"

    @factory.post_generation
    def products(self, create, extracted, **kwargs):
        if create and extracted:
            self.products.set(extracted)


def make_forecast(*, party, region, made_in, totals: dict, split=(3, 4), reference=None) -> Forecast:
    """A current forecast made in ``made_in``; ``totals`` maps a month (date) to its total (others 0).
    Months 1-10 split ``split[0]/split[1]`` single band, the rest dual band."""
    first = forecast_first_month(made_in)
    forecast = Forecast.objects.create(
        party=party,
        region=region,
        submitted_month=made_in,
        first_month=first,
        reference=reference or f"FC-T-{Forecast.objects.count() + 1}",
    )
    for index in range(1, 25):
        month = add_months(first, index - 1)
        total = totals.get(month, 0)
        single = total * split[0] // split[1] if index <= 10 else None
        ForecastMonth.objects.create(
            forecast=forecast,
            index=index,
            month=month,
            total=total,
            single_band=single,
            dual_band=(total - single) if single is not None else None,
        )
    return forecast


class MaintenanceWindowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MaintenanceWindow

    title = factory.Sequence(lambda n: f"Maintenance {n}")
    activity = "Patching"
    services = factory.LazyFunction(lambda: ["ssi"])


WINDOW = (time(9, 0), time(12, 0))
