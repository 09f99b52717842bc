from django.apps import AppConfig


class CplConfig(AppConfig):
    name = "cpl"
    verbose_name = "Central Products List"

    def ready(self) -> None:
        from portal.choices import PortalRole
        from portal.registry import DemoSeeder, NavItem, register_demo_seeder, register_nav
        from portal.roles import grant

        grant(PortalRole.CPL_ADMINISTRATOR, ["cpl.manage_cpl", "cpl.view_devicemodel"])
        grant(PortalRole.DCC_ADMINISTRATOR, ["cpl.view_devicemodel"])
        register_nav(NavItem(150, "CPL", "cpl:models"))
        register_demo_seeder(DemoSeeder(10, "cpl", seed=_seed))


def _seed(stdout=None):
    from .demo import seed_cpl

    seed_cpl(stdout=stdout)
