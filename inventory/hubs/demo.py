"""Demo Communications Hub data (idempotent): CH Device Models on the CPL, orderable products,
Returns Locations, and for Northern Lights Energy a Delivery Location and the forecasts that make
this month's North order mandatory."""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from cpl.choices import PhysicalDeviceType
from cpl.models import DeviceModel
from cpl.services import device_model_create
from portal.models import Party, User
from portal.services import audit
from portal.working_days import next_working_day

from .choices import ConsignmentStatus, HanVariant, OrderStatus, Region, WanVariant
from .constants import add_months, default_window, delivery_month_for, forecast_first_month, month_of
from .models import (
    Consignment,
    ConsignmentLine,
    DeliveryLocation,
    Forecast,
    ForecastMonth,
    HubProduct,
    Order,
    ReturnsLocation,
)
from .services import consignment_deliver, hub_status_update
from .services.base import new_reference, today_london

PRODUCTS = [
    # code, name, model id, HAN, WAN, regions
    (
        "nh-lrr-sb",
        "NorthHub LRR single band",
        "C101",
        HanVariant.SINGLE_BAND,
        WanVariant.LONG_RANGE_RADIO,
        [Region.NORTH],
    ),
    ("nh-lrr-db", "NorthHub LRR dual band", "C102", HanVariant.DUAL_BAND, WanVariant.LONG_RANGE_RADIO, [Region.NORTH]),
    (
        "cs-cell-sb",
        "CellHub single band",
        "C201",
        HanVariant.SINGLE_BAND,
        WanVariant.CELLULAR,
        [Region.CENTRAL, Region.SOUTH],
    ),
    (
        "cs-cell-db",
        "CellHub dual band",
        "C202",
        HanVariant.DUAL_BAND,
        WanVariant.CELLULAR,
        [Region.CENTRAL, Region.SOUTH],
    ),
    (
        "cs-mesh-sb",
        "MeshHub single band",
        "C301",
        HanVariant.SINGLE_BAND,
        WanVariant.CELLULAR_MESH,
        [Region.CENTRAL, Region.SOUTH],
    ),
]
RETURNS = [
    (
        Region.NORTH,
        "Warrington returns centre",
        "Unit 4, Gateway Park, Warrington",
        "WA5 7ZZ",
        ["nh-lrr-sb", "nh-lrr-db"],
    ),
    (
        Region.CENTRAL,
        "Coventry returns centre",
        "Bay 2, Ringway Estate, Coventry",
        "CV6 4DD",
        ["cs-cell-sb", "cs-cell-db", "cs-mesh-sb"],
    ),
    (
        Region.SOUTH,
        "Reading returns centre",
        "Hall 7, Thames Valley Park, Reading",
        "RG6 1PT",
        ["cs-cell-sb", "cs-cell-db", "cs-mesh-sb"],
    ),
]


def _device_model(name: str, model_id: str, cpl_admin) -> DeviceModel | None:
    """The CPL entry of a demo CH model, added through the CPL service by the demo CPL administrator."""
    identity = {"manufacturer_id": "0C0C", "model_id": model_id, "hardware_version": "1.0", "firmware_version": "1.0"}
    model = DeviceModel.objects.filter(**identity).first()
    if model is None and cpl_admin is not None:
        model = device_model_create(
            actor=cpl_admin,
            reason="Demo Communications Hub model",
            device_type=PhysicalDeviceType.CH,
            manufacturer_name="Hubco",
            model_name=name,
            firmware_hash=f"{int(model_id, 16):064x}",
            smets_chts_version="CHTS",
            gbcs_version="4.0",
            **identity,
        )
    return model


def seed_products(cpl_admin=None) -> dict[str, HubProduct]:
    """Orderable CH products for the demo CH models (those the CPL administrator could add)."""
    products = {}
    for code, name, model_id, han, wan, regions in PRODUCTS:
        existing = HubProduct.objects.filter(code=code).first()
        device_model = existing.device_model if existing else _device_model(name, model_id, cpl_admin)
        if device_model is None:
            continue
        products[code], _ = HubProduct.objects.get_or_create(
            code=code,
            defaults={
                "device_model": device_model,
                "name": name,
                "han_variant": han,
                "wan_variant": wan,
                "regions": list(regions),
            },
        )
    for region, name, address, postcode, codes in RETURNS:
        location, made = ReturnsLocation.objects.get_or_create(
            region=region,
            name=name,
            defaults={"address": address, "postcode": postcode, "operating_hours": "Mon-Fri 08:00-16:00"},
        )
        if made:
            location.products.set([products[c] for c in codes if c in products])
    return products


def _forecast(party, region, made_in: date, quantity_for) -> None:
    if Forecast.objects.filter(party=party, region=region, submitted_month=made_in).exists():
        return
    first = forecast_first_month(made_in)
    forecast = Forecast.objects.create(
        party=party, region=region, submitted_month=made_in, first_month=first, reference=new_reference("FC")
    )
    rows = []
    for index in range(1, 25):
        month = add_months(first, index - 1)
        total = quantity_for(month)
        single = total * 3 // 4 if index <= 10 else None
        rows.append(
            ForecastMonth(
                forecast=forecast,
                index=index,
                month=month,
                total=total,
                single_band=single,
                dual_band=(total - single) if single is not None else None,
            )
        )
    ForecastMonth.objects.bulk_create(rows)


def seed_hubs(stdout=None) -> None:
    with transaction.atomic():
        party = _seed_reference_data()
    if party is None:
        return
    _delivered_order(party, DeliveryLocation.objects.get(party=party, name="Leeds depot"))
    if stdout:
        stdout.write(
            f"  hubs: {HubProduct.objects.count()} CH Device Models, forecasts and a delivered order for {party.name}"
        )


def _seed_reference_data():
    seed_products(cpl_admin=User.objects.filter(email="cpl@dcc.demo").first())
    party = Party.objects.filter(code="northern").first()
    if party is None:
        return None
    DeliveryLocation.objects.get_or_create(
        party=party,
        name="Leeds depot",
        defaults={
            "address_line1": "12 Canal Wharf",
            "town": "Leeds",
            "postcode": "LS11 5PS",
            "operating_hours": "Mon-Fri 07:30-17:00",
            "contact_name": "Jo Stores",
            "contact_email": "stores@northern.demo",
            "contact_phone": "0113 496 0000",
        },
    )
    month = month_of(today_london())
    delivery = delivery_month_for(month)
    # The two forecasts F5.10 compares: made 10 and 7 months before this month's Delivery Month.
    for made_in in (add_months(delivery, -10), add_months(delivery, -7)):
        _forecast(party, Region.NORTH, made_in, lambda m: 640)
    audit.record(action="hubs.demo_seeded", target_type="hubs", target_id="demo", party=party)
    return party


def _delivered_order(party, location) -> None:
    """A past order (placed five months ago, so due this month) already delivered: four hubs Pending in
    the SMI, one of them removed with a fault and awaiting return. Skipped when CH models are missing."""
    product = HubProduct.objects.filter(code="nh-lrr-sb").first()
    person = User.objects.filter(email="user@northern.demo").first()
    placed_in = add_months(month_of(today_london()), -5)
    if product is None or person is None or Order.objects.filter(party=party, submission_month=placed_in).exists():
        return
    with transaction.atomic():
        consignment, line = _past_order(party, location, product, person, placed_in)
    consignment_deliver(actor=None, consignment=consignment, delivered={line.pk: 4})
    hub = consignment.hubs.order_by("pk").first()
    hub_status_update(
        actor=person, hub=hub, kind="8.14.3", occurred_on=today_london(), return_reason="f", fault_type="No power"
    )


def _past_order(party, location, product, person, placed_in):
    """History written directly: its deadline and dates lie in the past, which the services refuse."""
    month = add_months(placed_in, 5)
    window_start, window_end = default_window()
    placed_at = timezone.now() - timedelta(days=140)
    order = Order.objects.create(
        party=party,
        region=Region.NORTH,
        reference=new_reference("CHO"),
        oms_reference=new_reference("OMS"),
        status=OrderStatus.ACCEPTED,
        submission_month=placed_in,
        delivery_month=month,
        is_compliant=True,
        submitted_by=person,
        submitted_at=placed_at,
        acknowledged_at=placed_at,
    )
    consignment = Consignment.objects.create(
        order=order,
        reference=f"{order.reference}-1",
        location=location,
        status=ConsignmentStatus.SCHEDULED,
        delivery_date=next_working_day(month - timedelta(days=1)),
        window_start=window_start,
        window_end=window_end,
    )
    line = ConsignmentLine.objects.create(consignment=consignment, product=product, quantity=160)
    audit.record(action="hubs.demo_order_created", target=order, party=party)
    return consignment, line
