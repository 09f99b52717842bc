"""GBCS cryptography: the KDF, GMAC, ECDSA r||s and content encryption, checked step by step."""

import pytest
from cryptography.hazmat.primitives.asymmetric import ec

from devices.gbcs import MacInvalid, SignatureInvalid, Usage, parse
from devices.gbcs.crypto import KeyPair, check_gmac, decrypt, derive_key, encrypt, gmac, kdf, other_info, sign, verify
from devices.gbcs.frame import mac_additional_data, parse_frame

BROKER = bytes.fromhex("90b3d51f30000002")


def test_an_rtds_mac_recomputed_by_hand(rtds_dir, rtds_keys):
    raw = bytes.fromhex(
        (rtds_dir / "4.1.1_ECS17b" / "ECS17b_4.1.1_SINGLE_SUCCESS_COMMAND_GBCS.HEX").read_text().strip()
    )
    frame = parse_frame(raw)
    header = frame.header
    secret = rtds_keys(BROKER, Usage.KEY_AGREEMENT, private=True).exchange(
        ec.ECDH(), rtds_keys(header.recipient, Usage.KEY_AGREEMENT, private=False)
    )
    info = other_info(originator=header.originator, transaction_id=header.transaction_id, recipient=header.recipient)
    assert info == bytes.fromhex("6085740608030090b3d51f30010000090100000000000003e800db1234567890a0")
    key = kdf(secret, info)
    assert len(key) == 16
    assert gmac(key, originator=header.originator, additional_data=mac_additional_data(frame.mac_data)) == frame.mac
    assert mac_additional_data(frame.mac_data)[:6] == bytes.fromhex("110000000000")


def test_both_sides_derive_the_same_key():
    remote, device = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    parties = {"originator": bytes(8), "transaction_id": bytes(9), "recipient": b"\x01" * 8}
    assert derive_key(KeyPair(remote, device.public_key()), **parties) == derive_key(
        KeyPair(device, remote.public_key()), **parties
    )


def test_a_mac_over_other_data_is_refused():
    key = bytes(16)
    mac = gmac(key, originator=bytes(8), additional_data=b"grouping header and payload")
    check_gmac(key, originator=bytes(8), additional_data=b"grouping header and payload", mac=mac)
    with pytest.raises(MacInvalid):
        check_gmac(key, originator=bytes(8), additional_data=b"grouping header and payloaD", mac=mac)
    with pytest.raises(MacInvalid):
        check_gmac(key, originator=bytes(8), additional_data=b"grouping header and payload", mac=mac[:11])


def test_signatures_are_64_byte_r_s_and_bound_to_their_data():
    private = ec.generate_private_key(ec.SECP256R1())
    signature = sign(private, b"DF-less grouping header + payload")
    assert len(signature) == 64
    verify(private.public_key(), b"DF-less grouping header + payload", signature)
    with pytest.raises(SignatureInvalid):
        verify(private.public_key(), b"another payload", signature)
    with pytest.raises(SignatureInvalid, match="64 bytes"):
        verify(private.public_key(), b"DF-less grouping header + payload", signature + b"\x00")


def test_rtds_response_signatures_verify_with_the_device_certificate(rtds_dir, rtds_keys):
    raw = bytes.fromhex(
        (rtds_dir / "8.1.1_ECS70Commission" / "ECS70Commission_8.1.1_SUCCESS_RESPONSE_GBCS.HEX").read_text().strip()
    )
    frame = parse_frame(raw)
    verify(
        rtds_keys(frame.header.originator, Usage.DIGITAL_SIGNING, private=False), frame.signed_data, frame.signature
    )
    assert frame.signed_data == raw[1 : len(frame.signed_data) + 1]  # the APDU without DF, up to the payload's end


def test_encrypted_content_round_trips_and_refuses_a_wrong_key():
    sealed = encrypt(b"\x01" * 16, originator=bytes(8), plaintext=b"meter balance 12.34")
    assert len(sealed) == len(b"meter balance 12.34") + 12
    assert decrypt(b"\x01" * 16, originator=bytes(8), sealed=sealed) == b"meter balance 12.34"
    with pytest.raises(MacInvalid):
        decrypt(b"\x02" * 16, originator=bytes(8), sealed=sealed)
    with pytest.raises(MacInvalid):
        decrypt(b"\x01" * 16, originator=bytes(8), sealed=sealed[:5])


def test_rtds_encrypted_registers_open_with_the_suppliers_key(rtds_dir, rtds_keys):
    raw = bytes.fromhex(
        (rtds_dir / "4.1.2_ECS17d" / "ECS17d_4.1.2_TWIN_SUCCESS_RESPONSE_GBCS.HEX").read_text().strip()
    )
    message = parse(raw, rtds_keys)
    (registers,) = message.protected.values()
    tou, secondary = registers.value[0].value
    assert (len(tou.value), len(secondary.value)) == (48, 4)
