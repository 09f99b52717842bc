"""Domain settings of the ``cpl`` app.

Each number the SEC leaves open, with its default, is listed in docs/settings.md.
"""

import environ

env = environ.Env()

# F2.7: warnings before CPA certificate expiry, in months (largest first).
CPL_CPA_WARNING_MONTHS = tuple(env.list("CPL_CPA_WARNING_MONTHS", cast=int, default=[12, 6]))
