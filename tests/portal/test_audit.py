import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.urls import reverse

from portal.models import AuditEvent
from portal.services import audit
from portal.services.audit import GENESIS_HASH, audit_chain_verify


def _tamper(sql: str, params: list) -> None:
    """Change audit rows behind the application's back, as an attacker with database access would."""
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = replica")  # bypasses the append-only trigger
        cursor.execute(sql, params)


def _three_events(actor):
    return [audit.record(action=f"test.step{i}", actor=actor, after={"i": i}) for i in range(3)]


def test_events_chain_from_genesis(ssi_user):
    first, second, third = _three_events(ssi_user)
    assert first.prev_hash == GENESIS_HASH
    assert second.prev_hash == first.hash
    assert third.prev_hash == second.hash
    assert audit_chain_verify() == (3, None)
    assert first.party == ssi_user.party
    assert first.actor_label == str(ssi_user)


def test_edited_row_is_detected(ssi_user):
    _, second, _ = _three_events(ssi_user)
    _tamper("UPDATE portal_auditevent SET after = %s WHERE id = %s", ['{"i": 99}', second.pk])
    checked, broken = audit_chain_verify()
    assert checked == 2
    assert broken.event_id == second.pk
    assert "edited" in broken.reason
    with pytest.raises(CommandError, match=f"broken at event {second.pk}"):
        call_command("audit_verify")


def test_deleted_row_is_detected(ssi_user):
    _, second, third = _three_events(ssi_user)
    _tamper("DELETE FROM portal_auditevent WHERE id = %s", [second.pk])
    _, broken = audit_chain_verify()
    assert broken.event_id == third.pk
    assert "removed" in broken.reason


def test_audit_verify_reports_intact_chain(ssi_user, capsys):
    _three_events(ssi_user)
    call_command("audit_verify")
    assert "Audit chain intact: 3 events verified." in capsys.readouterr().out


def test_application_cannot_change_audit_rows(ssi_user):
    event = audit.record(action="test.once", actor=ssi_user)
    with pytest.raises(TypeError, match="append-only"):
        event.save()
    with pytest.raises(TypeError, match="append-only"):
        event.delete()
    with pytest.raises(TypeError, match="append-only"):
        AuditEvent.objects.filter(pk=event.pk).update(action="x")
    with pytest.raises(TypeError, match="append-only"):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=event.pk).action == "test.once"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only")
def test_database_refuses_updates_on_postgresql(ssi_user):
    from django.db import InternalError

    event = audit.record(action="test.once", actor=ssi_user)
    with pytest.raises(InternalError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE portal_auditevent SET action = 'x' WHERE id = %s", [event.pk])


# --- pages and API: who sees which rows ------------------------------------------------------


@pytest.fixture
def events(ssi_admin, other_admin, dcc_admin):
    return {
        "mine": audit.record(action="test.mine", actor=ssi_admin),
        "theirs": audit.record(action="test.theirs", actor=other_admin),
        "dcc": audit.record(action="test.dcc", actor=dcc_admin),
    }


def test_ssi_admin_sees_only_own_party_rows(login, ssi_admin, events):
    body = login(ssi_admin).get(reverse("portal:audit")).content.decode()
    assert "test.mine" in body
    assert "test.theirs" not in body
    assert "test.dcc" not in body


def test_dcc_admin_sees_every_row(login, dcc_admin, events):
    body = login(dcc_admin).get(reverse("portal:audit")).content.decode()
    assert all(f"test.{k}" in body for k in ("mine", "theirs", "dcc"))


def test_ssi_user_without_audit_permission_is_refused(login, ssi_user, events):
    assert login(ssi_user).get(reverse("portal:audit")).status_code == 403


def test_audit_csv_export_is_scoped(login, ssi_admin, events):
    response = login(ssi_admin).get(reverse("portal:audit") + "?export=csv")
    assert response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content).decode()
    lines = body.strip("\ufeff").strip().splitlines()
    assert lines[0].startswith("id,occurred_at_utc,actor,party,action")
    assert [line.split(",")[4] for line in lines[1:]] == ["test.mine"]


def test_audit_api_is_scoped(api_client_for, ssi_admin, events):
    response = api_client_for(ssi_admin).get("/api/v1/portal/audit/")
    assert response.status_code == 200
    actions = {row["action"] for row in response.json()["results"]}
    assert "test.mine" in actions
    assert "test.theirs" not in actions
    assert "test.dcc" not in actions


def test_audit_api_refuses_anonymous(anon_api, events):
    response = anon_api.get("/api/v1/portal/audit/")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_record_many_chains_in_order(ssi_user):
    first = audit.record(action="test.before", actor=ssi_user)
    batch = audit.record_many([{"action": f"test.batch{i}", "actor": ssi_user, "after": {"i": i}} for i in range(3)])
    assert [e.action for e in AuditEvent.objects.order_by("pk")] == [
        "test.before",
        "test.batch0",
        "test.batch1",
        "test.batch2",
    ]
    assert batch[0].prev_hash == first.hash
    assert batch[2].prev_hash == batch[1].hash
    assert audit_chain_verify() == (4, None)
    assert audit.record_many([]) == []


def test_audit_page_pages_by_keyset(login, ssi_admin):
    events = [audit.record(action=f"test.n{i:03d}", actor=ssi_admin) for i in range(120)]
    client = login(ssi_admin)
    first = client.get(reverse("portal:audit")).context["page"]
    assert first.object_list[0].pk > first.object_list[-1].pk
    assert len(first.object_list) == 50
    assert first.newer_pk is None
    second = client.get(reverse("portal:audit") + f"?before={first.older_pk}").context["page"]
    assert second.object_list[0].pk == first.object_list[-1].pk - 1
    back = client.get(reverse("portal:audit") + f"?after={second.newer_pk}").context["page"]
    assert [e.pk for e in back.object_list] == [e.pk for e in first.object_list]
    assert events[0].pk not in [e.pk for e in first.object_list]


def test_batched_events_are_written_together_at_the_end_of_the_block(ssi_user):
    first = audit.record(action="test.before", actor=ssi_user)
    with transaction.atomic(), audit.batched():
        kept = audit.record(action="test.batched0", actor=ssi_user)
        audit.record_many([{"action": "test.batched1", "actor": ssi_user}])
        assert kept.pk is None
        assert AuditEvent.objects.count() == 1  # nothing written until the block ends
    assert [e.action for e in AuditEvent.objects.order_by("pk")] == ["test.before", "test.batched0", "test.batched1"]
    assert kept.pk is not None
    assert kept.prev_hash == first.hash
    assert audit_chain_verify() == (3, None)


class _Refused(Exception):
    pass


def _refused_step(actor):
    with audit.savepoint():
        audit.record(action="test.refused", actor=actor)
        raise _Refused


def _failing_batch(actor):
    with transaction.atomic(), audit.batched():
        audit.record(action="test.lost", actor=actor)
        raise _Refused


def test_batched_events_of_a_rolled_back_savepoint_are_dropped(ssi_user):
    with transaction.atomic(), audit.batched():
        audit.record(action="test.kept", actor=ssi_user)
        with pytest.raises(_Refused):
            _refused_step(ssi_user)
        audit.record(action="test.after", actor=ssi_user)
    assert [e.action for e in AuditEvent.objects.order_by("pk")] == ["test.kept", "test.after"]
    assert audit_chain_verify() == (2, None)


def test_batched_events_are_dropped_when_the_block_fails(ssi_user):
    with pytest.raises(_Refused):
        _failing_batch(ssi_user)
    assert not AuditEvent.objects.exists()
    # Outside a batch nothing is held back.
    assert audit.record(action="test.now", actor=ssi_user).pk is not None
