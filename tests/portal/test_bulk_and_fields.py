"""The platform's fast bulk writes and orjson-backed JSON field keep Django's semantics."""

import json
import uuid
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.core.serializers.json import DjangoJSONEncoder

from portal.bulk import bulk_insert, bulk_set
from portal.choices import MessageKind
from portal.fields import json_copy, json_dumps
from portal.models import OutboxMessage


def test_json_dumps_writes_what_djangos_encoder_writes():
    value = {
        "at": datetime(2026, 11, 21, 13, 5, 7, 123456, tzinfo=UTC),
        "day": datetime(2026, 1, 2, tzinfo=UTC).date(),
        "amount": Decimal("12.50"),
        "id": uuid.UUID("12345678-1234-5678-1234-567812345678"),
        "nested": [1, 2.5, None, True, "£"],
        7: "integer keys become strings",
    }
    assert json.loads(json_dumps(value)) == json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def test_bulk_insert_sets_primary_keys_and_stores_every_value(supplier_party):
    party = supplier_party
    at = datetime(2026, 11, 21, 9, 30, tzinfo=UTC)
    messages = [
        OutboxMessage(
            party=party,
            kind=MessageKind.SERVICE_RESPONSE,
            code=f"I{i}",
            device_id="00-DB-12-34-56-78-9A-BC",
            payload={"n": i, "at": at, "text": "ünïcode"},
            created_at=at,
        )
        for i in range(3)
    ]
    assert bulk_insert(OutboxMessage, messages) == messages
    assert all(m.pk for m in messages)
    assert len({m.pk for m in messages}) == 3
    stored = OutboxMessage.objects.get(pk=messages[2].pk)
    assert (stored.code, stored.party_id, stored.created_at) == ("I2", party.pk, at)
    assert stored.payload == {"n": 2, "at": "2026-11-21T09:30:00Z", "text": "ünïcode"}
    assert bulk_insert(OutboxMessage, []) == []


def test_bulk_set_updates_each_row_with_its_own_values(supplier_party):
    party = supplier_party
    messages = bulk_insert(
        OutboxMessage,
        [OutboxMessage(party=party, kind=MessageKind.DCC_ALERT, code="N1", payload={}) for _ in range(2)],
    )
    messages[0].code, messages[0].payload = "N28", {"x": 1}
    messages[1].code, messages[1].payload = "N29", {"y": [2]}
    bulk_set(OutboxMessage, messages, ["code", "payload"])
    rows = dict(OutboxMessage.objects.filter(pk__in=[m.pk for m in messages]).values_list("code", "payload"))
    assert rows == {"N28": {"x": 1}, "N29": {"y": [2]}}


AWKWARD = ['say "hi"', "back\\slash\\", "{braces},commas", "NULL", "", "tab\tnew\nline", "ünïcode ✓"]


def test_bulk_writes_carry_awkward_text_nulls_and_times_exactly(supplier_party):
    at = datetime(2026, 3, 29, 1, 30, 15, 123456, tzinfo=UTC)
    messages = bulk_insert(
        OutboxMessage,
        [
            OutboxMessage(
                party=supplier_party,
                kind=MessageKind.DCC_ALERT,
                code="N1",
                correlation_id=text[:64],
                payload={"text": text, "list": [text, None, 1.5]},
                created_at=at,
            )
            for text in AWKWARD
        ],
    )
    stored = {m.pk: m for m in OutboxMessage.objects.filter(pk__in=[m.pk for m in messages])}
    assert [stored[m.pk].correlation_id for m in messages] == AWKWARD
    assert [stored[m.pk].payload for m in messages] == [{"text": t, "list": [t, None, 1.5]} for t in AWKWARD]
    assert {stored[m.pk].created_at for m in messages} == {at}
    for m, text in zip(messages, reversed(AWKWARD), strict=True):
        m.correlation_id, m.delivered_at, m.attempts = text, None, 3
    bulk_set(OutboxMessage, messages, ["correlation_id", "delivered_at", "attempts"])
    rows = OutboxMessage.objects.filter(pk__in=[m.pk for m in messages]).order_by("pk")
    assert list(rows.values_list("correlation_id", "delivered_at", "attempts")) == [
        (text, None, 3) for text in reversed(AWKWARD)
    ]


def test_array_literal_refuses_values_it_cannot_spell():
    from django.db.models import IntegerChoices

    from portal.bulk import array_literal
    from portal.choices import MessageKind as Kind

    class Level(IntegerChoices):
        HIGH = 3

    assert array_literal([None, True, 2, 1.5, 'a"b', Level.HIGH, Kind.DCC_ALERT]) == (
        '{NULL,t,2,1.5,"a\\"b",3,"' + str(Kind.DCC_ALERT.value) + '"}'
    )
    with pytest.raises(TypeError):
        array_literal([object()])


def test_json_copy_is_deep_and_reads_like_the_database():
    source = {"tou": [1.0, 2.0], "at": datetime(2026, 11, 21, 12, 0, tzinfo=UTC), "none": None}
    copy = json_copy(source)
    source["tou"][0] = 99.0
    assert copy == {"tou": [1.0, 2.0], "at": "2026-11-21T12:00:00Z", "none": None}
    assert json_copy(None) is None
