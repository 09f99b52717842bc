from django.db import models

from portal.fields import FastJSONField

from ..choices import DeviceType


class EmulatedDevice(models.Model):
    """The emulated firmware state of one device in a home (not the SMI record: see inventory).

    Created the first time the DCC talks to a device. ``state`` is owned by the firmware classes
    in ``devices.firmware``; ``faults`` by the DCC-staff fault back door.
    """

    device_id = models.CharField(max_length=23)
    device_type = models.CharField(max_length=8, choices=DeviceType.choices)
    profile = FastJSONField(default=dict, help_text="CPL model traits: GBCS version, firmware, twin element...")
    state = FastJSONField(default=dict)
    faults = FastJSONField(default=dict, blank=True)
    # The CHF is on the WAN once powered at the premises; other devices are reachable through it.
    is_powered = models.BooleanField(default=True)
    wake_interval_seconds = models.PositiveIntegerField(null=True, blank=True)
    next_wake_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["device_id"]
        # A plain unique index (no LIKE twin): the row is rewritten on every command, and the
        # table is kept with free space per page (fillfactor, migration 0004) so updates stay HOT.
        constraints = [models.UniqueConstraint(fields=["device_id"], name="emulated_device_id_unique")]

    def __str__(self) -> str:
        return f"{self.device_type} {self.device_id}"
