"""Every SRV each emulated device type executes today has a scenario (a new SRV needs one too)."""

from devices.firmware import device_types, firmware_for

from . import test_esme, test_gas_and_hub, test_meters


def test_every_srv_of_every_device_type_has_a_scenario():
    executed = {(kind, srv) for kind in device_types() for srv in firmware_for(kind).supported_srvs()}
    covered = (
        set(test_meters.SCENARIOS)
        | {("ESME", srv) for srv in test_esme.SCENARIOS}
        | set(test_gas_and_hub.SCENARIOS)
    )
    assert sorted(executed - covered) == []
    assert sorted(covered - executed) == []  # no scenario for an SRV the firmware does not execute
    assert len(executed) == 200  # today; the missing SRVs of issue 13 add their scenarios here
