"""Every message of DCC's RTDS 4.5.0 parsed, checked and decoded by our codec (exact counts).

1,275 messages over 241 Use Case folders. MACs verify with the keys shipped beside them except
four HAN-only messages between a PPMID and a meter, whose device keys are not shipped; every
signature verifies; every encrypted part (DLMS protected attributes, GBZ components) opens.
"""

from collections import Counter

from devices.gbcs import parse
from devices.gbcs.gbz import GbzPayload
from devices.gbcs.message import PayloadKind, decode_payload


def _census(rtds_files, rtds_keys):
    counts = Counter()
    for item in rtds_files:
        message = parse(item.raw, rtds_keys)
        counts["parsed"] += 1
        counts[f"mac {message.mac}"] += 1
        counts[f"signature {message.signature}"] += 1
        counts[f"payload {message.kind}"] += 1
        counts["dlms protected opened"] += len(message.protected)
        counts["sealed"] += message.sealed
        if isinstance(message.payload, GbzPayload):
            counts["gbz components"] += len(message.payload.components)
            counts["gbz components opened"] += sum(1 for c in message.payload.components if c.encrypted)
            counts["gbz frames decoded"] += sum(1 for c in message.payload.components if c.frame.fields is not None)
    return counts


def test_every_rtds_message_parses_verifies_and_decodes(rtds_files, rtds_keys):
    counts = _census(rtds_files, rtds_keys)
    print("\nRTDS 4.5.0 census:", dict(sorted(counts.items())))
    assert len({item.folder for item in rtds_files}) == 241
    assert counts == {
        "parsed": 1275,
        "mac valid": 811,
        "mac no-key": 4,  # PCS01/PCS02: PPMID <-> meter, device Key Agreement keys not shipped
        "mac absent": 460,
        "signature valid": 472,
        "signature empty": 625,
        "signature absent": 178,  # the Pre-Commands
        "payload dlms": 743,
        "payload gbz": 354,
        "payload asn1": 178,
        "dlms protected opened": 19,  # protected reads, and the two ECS68 billing data log alerts
        "sealed": 0,
        "gbz components": 1218,
        "gbz components opened": 44,
        "gbz frames decoded": 1218,
    }


def test_every_payload_re_encodes_to_the_same_bytes(rtds_files, rtds_keys):
    kinds = Counter()
    for item in rtds_files:
        message = parse(item.raw, rtds_keys)
        header = message.header
        _, payload = decode_payload(header, message.frame.content)
        if message.kind == PayloadKind.ASN1:
            encoded = b"".join(element.encode() for element in payload)
        else:
            encoded = payload.encode()
        assert encoded == message.frame.content, item.name
        kinds[type(payload).__name__] += 1
    assert kinds == {
        "AccessRequest": 389,
        "AccessResponse": 292,
        "DataNotification": 62,
        "GbzPayload": 354,
        "tuple": 178,
    }


def test_the_rtds_folder_names_its_kinds(rtds_files):
    assert Counter(item.kind for item in rtds_files) == {
        "COMMAND": 501,
        "RESPONSE": 503,
        "PRECOMMAND": 178,
        "ALERT": 93,
    }
