"""Celery workers keep their database connections between tasks (Celery's fix-up would close them)."""

from types import SimpleNamespace

import django.db

from portal import celery as portal_celery


def _task(*, eager: bool):
    return SimpleNamespace(request=SimpleNamespace(is_eager=eager))


def test_celery_fixup_does_not_close_connections_around_each_task():
    from celery.fixups.django import DjangoWorkerFixup

    assert DjangoWorkerFixup(portal_celery.app).db_reuse_max >= 1000


def test_worker_tasks_drop_only_broken_or_old_connections(monkeypatch):
    calls = []
    monkeypatch.setattr(django.db, "close_old_connections", lambda: calls.append("checked"))
    portal_celery._database_connections_hygiene(task=_task(eager=False))
    assert calls == ["checked"]


def test_eager_tasks_leave_the_callers_connection_alone(monkeypatch):
    calls = []
    monkeypatch.setattr(django.db, "close_old_connections", lambda: calls.append("checked"))
    portal_celery._database_connections_hygiene(task=_task(eager=True))
    assert calls == []
