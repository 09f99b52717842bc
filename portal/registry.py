"""Extension points the project package offers to the apps (the apps register in ``ready``).

Lower layers must not import higher apps (ARCHITECTURE.md §3), so the shell of the portal -
navigation, dashboard cards and demo seeding - asks a registry what the apps contributed.
"""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class NavItem:
    """A top-level navigation entry; shown when its URL resolves and the person may see it."""

    order: int
    label: str = field(compare=False)
    url_name: str = field(compare=False)
    # Called with the user; None means everyone signed in.
    visible: Callable | None = field(default=None, compare=False)


@dataclass(frozen=True, order=True)
class DashboardCard:
    """A card on the home dashboard: a template rendered with ``context(request)``."""

    order: int
    template: str = field(compare=False)
    context: Callable = field(compare=False)


@dataclass(frozen=True, order=True)
class DemoSeeder:
    """Loads an app's demo data; must be idempotent. Lower ``order`` runs first."""

    order: int
    name: str = field(compare=False)
    seed: Callable = field(compare=False)


@dataclass(frozen=True, order=True)
class DevicePanel:
    """A section of the inventory's device page contributed by a higher app.

    ``context(request, device)`` returns the template context, or None to leave the section out.
    """

    order: int
    template: str = field(compare=False)
    context: Callable = field(compare=False)


@dataclass(frozen=True)
class PushRenderer:
    """Renders an outbox message for a push endpoint of one ``PushFormat`` other than JSON.

    ``render(message)`` returns the body, or None when the message has no form in that format
    (it then stays available to pull). It must return the same bytes for every attempt.
    """

    format: str
    content_type: str
    render: Callable = field(compare=False)


nav_items: list[NavItem] = []
device_panels: list[DevicePanel] = []
dashboard_cards: list[DashboardCard] = []
demo_seeders: list[DemoSeeder] = []
push_renderers: dict[str, PushRenderer] = {}


def register_nav(item: NavItem) -> None:
    if item not in nav_items:
        nav_items.append(item)
        nav_items.sort()


def register_dashboard_card(card: DashboardCard) -> None:
    if card not in dashboard_cards:
        dashboard_cards.append(card)
        dashboard_cards.sort()


def register_device_panel(panel: DevicePanel) -> None:
    if panel not in device_panels:
        device_panels.append(panel)
        device_panels.sort()


def register_demo_seeder(seeder: DemoSeeder) -> None:
    if all(s.name != seeder.name for s in demo_seeders):
        demo_seeders.append(seeder)
        demo_seeders.sort()


def register_push_renderer(renderer: PushRenderer) -> None:
    push_renderers[renderer.format] = renderer
