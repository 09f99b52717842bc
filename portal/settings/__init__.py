"""Settings package: ``base`` (every environment, env-driven), ``production`` and ``test`` on top."""
