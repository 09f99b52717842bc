"""Domain settings of the ``cpl`` app.

Each number the SEC leaves open, with its default, is listed in docs/settings.md.
"""

import environ

env = environ.Env()
