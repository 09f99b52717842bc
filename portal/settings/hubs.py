"""Domain settings of Communications Hub ordering, WAN coverage and SSI service information
(sub-apps ``inventory.hubs``, ``inventory.coverage``, ``portal.service_info``). Defaults in docs/settings.md."""

import environ

env = environ.Env()
