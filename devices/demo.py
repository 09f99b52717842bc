"""Demo data for the Service Request app: the catalogue (idempotent)."""

from .services.catalogue import catalogue_load


def seed_devices(stdout=None) -> None:
    version = catalogue_load()
    if stdout:
        stdout.write(f"devices: SR catalogue {version.label} ({version.variants.count()} variants)\n")
