"""What the apps register with the portal shell, and where they declare it."""

from portal import registry


def test_every_dashboard_card_is_declared_in_its_apps_appconfig_module():
    declared_in = [card.context.__module__ for card in registry.dashboard_cards]
    assert [module for module in declared_in if not module.endswith(".apps")] == []
    assert len(declared_in) == len(set(declared_in))  # one card per app
    assert {
        "portal.service_info.apps",
        "inventory.hubs.apps",
        "inventory.apps",
        "devices.apps",
        "incidents.apps",
        "smki.apps",
    } <= set(declared_in)


def test_read_only_admin_is_defined_once():
    from django.contrib import admin

    from portal.admin import ReadOnlyAdmin

    read_only = {
        type(model_admin).__module__
        for model_admin in admin.site._registry.values()
        if isinstance(model_admin, ReadOnlyAdmin)
    }
    assert {"portal.admin", "cpl.admin", "inventory.admin", "smki.admin", "incidents.admin"} <= read_only
    assert not [
        cls
        for model_admin in admin.site._registry.values()
        for cls in type(model_admin).__mro__
        if cls.__name__ == "ReadOnlyAdmin" and cls is not ReadOnlyAdmin
    ]
