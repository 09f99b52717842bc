"""Demo CPL entries (idempotent): meters, hubs and Type 1 devices of fictional manufacturers."""

import hashlib
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from .choices import CPLStatus, PhysicalDeviceType
from .models import DeviceModel

T = PhysicalDeviceType
MODELS = [
    # type, manufacturer id, name, model id, model name, hw, fw, SMETS/CHTS, CPA expiry in days
    (T.ESME, "1A2B", "Acme Metering", "0101", "Volta E1", "1.0", "3.2.1", "SMETS2 v4.0", 1800),
    (T.ESME, "1A2B", "Acme Metering", "0101", "Volta E1", "1.0", "3.3.0", "SMETS2 v4.0", 1800),
    (T.ESME, "2C3D", "Brightwatt", "0210", "BW Twin", "2.1", "1.8", "SMETS2 v4.0", 300),
    (T.ESME, "2C3D", "Brightwatt", "0220", "BW Polyphase", "2.0", "1.4", "SMETS2 v3.2", 1200),
    (T.GSME, "3E4F", "Flowline Gas", "0301", "FG Sense", "1.2", "5.0", "SMETS2 v4.0", 1500),
    (T.GSME, "3E4F", "Flowline Gas", "0302", "FG Sense Compact", "1.0", "5.1", "SMETS2 v4.0", 170),
    (T.CH, "5A6B", "Hubco", "0501", "Hubco North SM WAN", "1.0", "7.4", "CHTS v1.2", 1600),
    (T.CH, "5A6B", "Hubco", "0502", "Hubco Central/South", "1.0", "7.4", "CHTS v1.2", 1600),
    (T.CH, "5A6B", "Hubco", "0503", "Hubco Dual Band", "2.0", "8.0", "CHTS v1.3", 2000),
    (T.PPMID, "7C8D", "Paywise", "0701", "Paywise Display", "1.0", "2.2", "SMETS2 v4.0", 900),
    (T.HCALCS, "9E0F", "Switchgear", "0901", "Switchgear ALCS", "1.0", "1.1", "SMETS2 v4.0", 1100),
]


@transaction.atomic
def seed_cpl(stdout=None) -> None:
    today = timezone.localdate()
    made = 0
    for dtype, man_id, man, model_id, name, hw, fw, smets, expiry in MODELS:
        _, created = DeviceModel.objects.get_or_create(
            manufacturer_id=man_id,
            model_id=model_id,
            hardware_version=hw,
            firmware_version=fw,
            defaults={
                "device_type": dtype,
                "manufacturer_name": man,
                "model_name": name,
                "firmware_hash": hashlib.sha256(f"{man_id}{model_id}{hw}{fw}".encode()).hexdigest(),
                "image_creator": man,
                "image_descriptor": f"{name} firmware {fw}",
                "smets_chts_version": smets,
                "gbcs_version": "4.0",
                "cpa_certificate_ref": f"CPA-{man_id}-{model_id}-{fw}",
                "cpa_expiry": today + timedelta(days=expiry),
                "status": CPLStatus.CURRENT,
                "status_changed_at": timezone.now(),
            },
        )
        made += created
    if stdout:
        stdout.write(f"  cpl: {made} Device Models added ({DeviceModel.objects.count()} on the CPL)")
