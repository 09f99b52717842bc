"""Critical commands as DUIS section 5 runs them: Transform -> the User signs -> the DCC checks and sends."""

import pytest
from cryptography.hazmat.primitives.asymmetric import ec

from devices.gbcs import (
    Exchange,
    MalformedMessage,
    SignatureInvalid,
    Usage,
    accept_command,
    command_from_signed_pre_command,
    parse,
    pre_command_for_signing,
    read_values,
    sign_pre_command,
    verify_signed_pre_command,
)

SUPPLIER = bytes.fromhex("90b3d51f30010000")
ESME = bytes.fromhex("00db1234567890a0")
FOLDER = "8.1.1_ECS70Commission"


def rtds(rtds_dir, name: str) -> bytes:
    return bytes.fromhex((rtds_dir / FOLDER / name).read_text().strip())


@pytest.fixture
def values(rtds_dir, rtds_keys) -> dict:
    return read_values(parse(rtds(rtds_dir, "ECS70Commission_8.1.1_SUCCESS_PRECOMMAND_GBCS.HEX"), rtds_keys))


def test_the_rtds_pre_command_is_built_byte_for_byte(rtds_dir, rtds_keys, values):
    pre = pre_command_for_signing(
        "ECS70", values, exchange=Exchange(SUPPLIER, ESME, 1000), keys=rtds_keys, empty_signature_field=False
    )
    assert pre == rtds(rtds_dir, "ECS70Commission_8.1.1_SUCCESS_PRECOMMAND_GBCS.HEX")


def test_the_rtds_signature_on_our_pre_command_gives_the_rtds_command(rtds_dir, rtds_keys, values):
    pre = pre_command_for_signing("ECS70", values, exchange=Exchange(SUPPLIER, ESME, 1000), keys=rtds_keys)
    assert pre[0] == 0xDF  # DUIS: a General Signing APDU...
    assert pre[-1] == 0x00  # ...with an empty signature field
    expected = rtds(rtds_dir, "ECS70Commission_8.1.1_SUCCESS_COMMAND_GBCS.HEX")
    signature = parse(expected, rtds_keys).frame.signature
    signed = pre[:-1] + b"\x40" + signature  # what the User's tooling returns
    frame = verify_signed_pre_command(signed, rtds_keys(SUPPLIER, Usage.DIGITAL_SIGNING, private=False), issued=pre)
    assert frame.signature == signature
    assert command_from_signed_pre_command(signed, rtds_keys) == expected


def test_transform_sign_verify_and_deliver(rtds_keys, values):
    pre = pre_command_for_signing("ECS70", values, exchange=Exchange(SUPPLIER, ESME, 2000), keys=rtds_keys)
    signed = sign_pre_command(pre, rtds_keys(SUPPLIER, Usage.DIGITAL_SIGNING, private=True))
    assert len(signed) == len(pre) - 1 + 1 + 64
    verify_signed_pre_command(signed, rtds_keys(SUPPLIER, Usage.DIGITAL_SIGNING, private=False), issued=pre)
    command = command_from_signed_pre_command(signed, rtds_keys)
    message, counter = accept_command(command, rtds_keys, device_id=ESME, last_counter=1999)
    assert (message.mac, message.signature, counter) == ("valid", "valid", 2000)
    assert read_values(message) == values


def test_a_signature_by_another_key_is_refused(rtds_keys, values):
    pre = pre_command_for_signing("ECS70", values, exchange=Exchange(SUPPLIER, ESME, 2001), keys=rtds_keys)
    signed = sign_pre_command(pre, ec.generate_private_key(ec.SECP256R1()))
    with pytest.raises(SignatureInvalid) as caught:
        verify_signed_pre_command(signed, rtds_keys(SUPPLIER, Usage.DIGITAL_SIGNING, private=False), issued=pre)
    assert caught.value.duis_code == "E16"


def test_a_user_may_sign_but_not_change_the_pre_command(rtds_keys, values):
    pre = pre_command_for_signing("ECS70", values, exchange=Exchange(SUPPLIER, ESME, 2002), keys=rtds_keys)
    changed = pre_command_for_signing(
        "ECS70", {**values, "clock/clock_base": 1}, exchange=Exchange(SUPPLIER, ESME, 2002), keys=rtds_keys
    )
    signed = sign_pre_command(changed, rtds_keys(SUPPLIER, Usage.DIGITAL_SIGNING, private=True))
    public = rtds_keys(SUPPLIER, Usage.DIGITAL_SIGNING, private=False)
    verify_signed_pre_command(signed, public)  # a valid signature...
    with pytest.raises(MalformedMessage, match="not the Pre-Command the DCC issued"):
        verify_signed_pre_command(signed, public, issued=pre)  # ...over a command the DCC did not issue


def test_malformed_pre_commands_are_refused(rtds_keys, values):
    pre = pre_command_for_signing("ECS70", values, exchange=Exchange(SUPPLIER, ESME, 2003), keys=rtds_keys)
    private = rtds_keys(SUPPLIER, Usage.DIGITAL_SIGNING, private=True)
    public = rtds_keys(SUPPLIER, Usage.DIGITAL_SIGNING, private=False)
    with pytest.raises(MalformedMessage, match="General Signing"):
        sign_pre_command(b"\xdd" + pre[1:], private)
    with pytest.raises(MalformedMessage, match="already signed"):
        sign_pre_command(sign_pre_command(pre, private), private)
    with pytest.raises(SignatureInvalid, match="not signed"):
        verify_signed_pre_command(pre, public)
    with pytest.raises(MalformedMessage, match="General Signing"):
        verify_signed_pre_command(b"", public)
