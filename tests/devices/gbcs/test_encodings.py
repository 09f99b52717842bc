"""The encodings under GBCS payloads on our own values: A-XDR, DER, ZCL, date-times, shapes."""

from datetime import UTC, datetime

import pytest

from devices.gbcs import DlmsDateTime, MalformedMessage, TruncatedMessage
from devices.gbcs.axdr import BitString, CompactArray, Data, DataType, TypeDescription, decode_data, encode_data
from devices.gbcs.der import Tlv, decode_all
from devices.gbcs.timestamps import from_zigbee_time, zigbee_time
from devices.gbcs.usecases.shapes import shape
from devices.gbcs.wire import Reader, encode_length
from devices.gbcs.zcl import AttributeValue


def roundtrip(data: Data) -> Data:
    encoded = encode_data(data)
    reader = Reader(encoded)
    decoded = decode_data(reader)
    reader.expect_end("value")
    assert encode_data(decoded) == encoded
    return decoded


@pytest.mark.parametrize(
    ("data", "encoded"),
    [
        (Data.null(), "00"),
        (Data.boolean(True), "03ff"),
        (Data(DataType.INTEGER, -5), "0ffb"),
        (Data(DataType.LONG, -2), "10fffe"),
        (Data.unsigned(200), "11c8"),
        (Data.long_unsigned(900), "120384"),
        (Data.double_long(-1), "05ffffffff"),
        (Data.double_long_unsigned(86400), "0600015180"),
        (Data(DataType.LONG64_UNSIGNED, 2**40), "150000010000000000"),
        (Data.enum(3), "1603"),
        (Data.octets(b"\x00\xdb"), "090200db"),
        (Data(DataType.VISIBLE_STRING, "ALCS"), "0a04414c4353"),
        (Data(DataType.BIT_STRING, BitString(7, b"\xfe")), "0407fe"),
        (Data.structure(Data.unsigned(1), Data.array([Data.enum(2)])), "02021101010116 02".replace(" ", "")),
        (Data.octets(bytes(130)), "098182" + "00" * 130),
    ],
)
def test_a_xdr_values(data, encoded):
    assert encode_data(data).hex() == encoded
    assert roundtrip(data) == data


def test_a_compact_array_keeps_its_type_description():
    description = TypeDescription(
        DataType.STRUCTURE,
        2,
        (TypeDescription(DataType.DOUBLE_LONG_UNSIGNED), TypeDescription(DataType.LONG_UNSIGNED)),
    )
    rows = tuple(Data.structure(Data.double_long_unsigned(t), Data.long_unsigned(v)) for t, v in ((1, 2), (3, 4)))
    data = Data(DataType.COMPACT_ARRAY, CompactArray(description, rows))
    assert encode_data(data).hex() == "13020206120c000000010002000000030004"
    assert roundtrip(data).to_python() == [[1, 2], [3, 4]]


def test_unknown_types_and_short_values_are_refused():
    with pytest.raises(MalformedMessage, match="Unknown DLMS data type 7"):
        decode_data(Reader(b"\x07\x00"))
    with pytest.raises(TruncatedMessage):
        decode_data(Reader(b"\x06\x00\x01"))
    with pytest.raises(TruncatedMessage):
        decode_data(Reader(b"\x09\x05abc"))


def test_lengths_use_the_short_and_long_forms():
    assert [encode_length(n).hex() for n in (0, 127, 128, 255, 256, 65535)] == [
        "00",
        "7f",
        "8180",
        "81ff",
        "820100",
        "82ffff",
    ]
    with pytest.raises(MalformedMessage, match="length form"):
        Reader(b"\x85\x00\x00\x00\x00\x01").length()


def test_der_elements_round_trip_and_keep_long_form_lengths():
    sequence = Tlv.sequence(Tlv.integer(0), Tlv(b"\x04", bytes(8)), Tlv.integer(300))
    assert sequence.encode().hex() == "3011020100040800000000000000000202012c"
    (decoded,) = decode_all(Reader(sequence.encode()))
    assert decoded == sequence
    (long_form,) = decode_all(Reader(bytes.fromhex("0281010a")))
    assert (long_form.as_int(), long_form.encode().hex()) == (10, "0281010a")
    with pytest.raises(MalformedMessage, match="definite"):
        decode_all(Reader(b"\x30\x80\x00\x00"))


def test_zcl_attribute_values():
    assert AttributeValue(0x25, 12345).encode().hex() == "393000000000"
    assert AttributeValue(0x2B, -2).encode().hex() == "feffffff"
    assert AttributeValue(0x41, b"MPRN").encode().hex() == "044d50524e"
    assert AttributeValue.decode(Reader(bytes.fromhex("e803")), 0x21) == AttributeValue(0x21, 1000)
    with pytest.raises(MalformedMessage, match="0x99"):
        AttributeValue.decode(Reader(b"\x00"), 0x99)


def test_gbcs_date_times():
    moment = datetime(2015, 1, 1, tzinfo=UTC)
    value = DlmsDateTime.from_datetime(moment)
    assert value.encode().hex() == "07df0101ff000000008000ff"
    assert value.to_datetime() == moment
    assert DlmsDateTime.decode(bytes(9) + bytes.fromhex("8000ff")).describe() == "now"
    assert DlmsDateTime.decode(b"\xff" * 9 + bytes.fromhex("8000ff")).describe() == "never"
    assert DlmsDateTime.decode(bytes.fromhex("ffff0c19ff000000008000ff")).to_datetime() is None  # every 25 December
    assert zigbee_time(moment) == 473_385_600
    assert from_zigbee_time(473_385_600) == moment
    assert from_zigbee_time(0) is None
    with pytest.raises(ValueError, match="aware"):
        DlmsDateTime.from_datetime(datetime(2015, 1, 1))


def test_shapes_read_and_build_named_values():
    register = shape("{value: u32, scaler_unit: {scaler: i8, unit: enum}, secondary?: u32}")
    data = register.build({"value": 10, "scaler_unit": {"scaler": -1, "unit": 30}})
    assert data.to_python() == [10, [-1, 30]]
    assert register.read(data) == {"value": 10, "scaler_unit": {"scaler": -1, "unit": 30}}
    with pytest.raises(MalformedMessage, match="structure of 3"):
        register.read(Data.structure(Data.double_long_unsigned(1)))
    with pytest.raises(MalformedMessage, match="constant"):
        shape("{kind: enum=2, value: u8}").read(Data.structure(Data.enum(3), Data.unsigned(1)))
    with pytest.raises(ValueError, match="Unknown shape leaf"):
        shape("{value: u33}")
