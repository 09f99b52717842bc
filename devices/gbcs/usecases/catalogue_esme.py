"""ESME and Communications Hub Use Cases carried as DLMS COSEM (GBCS section 7 and Annex)."""

from __future__ import annotations

from . import register
from .dlms_engine import DlmsUseCase, action, protected_get

REGISTER = "{value: u32, scaler_unit: {scaler: i8, unit: enum}}"

register(
    # 4.1.1 Read Instantaneous Import Registers: the import energy register(s), encrypted for the Remote Party.
    DlmsUseCase(
        "ECS17b",
        0x0027,
        (
            protected_get(
                "import_registers",
                "0-0:43.2.8.255",
                (1, "0-0:94.44.34.10", 2),
                "{registers: {active_import: u32, active_import_scaler_unit: {scaler: i8, unit: enum},"
                " reactive_import: u32, reactive_import_scaler_unit: {scaler: i8, unit: enum},"
                " secondary_active_import?: u32}}",
            ),
        ),
    ),
    # 2.2 Top Up Device (ESME): the UTRN entered through the token gateway.
    DlmsUseCase("CS01a", 0x0007, (action("top_up", 115, "0-0:19.40.0.255", 1, "os"),)),
)
