"""portal.enqueue: work reaches the workers by task name, only after commit, and every name is a real task."""

import ast
from pathlib import Path

import pytest
from django.db import transaction

from portal import enqueue
from portal.celery import app
from portal.models import Job

ROOT = Path(__file__).resolve().parents[2]
APPS = ("portal", "cpl", "inventory", "smki", "devices", "incidents")
DISPATCHERS = {"enqueue_on_commit", "wake", "wake_on_commit", "registered_task"}


def _sources():
    for package in APPS:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path, ast.parse(path.read_text(), filename=str(path))


def _called_name(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def _task_names() -> tuple[dict[str, list[str]], list[str]]:
    """Every task name given to the dispatch helpers in the apps' code: literals or module constants."""
    names: dict[str, list[str]] = {}
    unresolved = []
    for path, tree in _sources():
        constants = {
            target.id: node.value.value
            for node in tree.body
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant)
            for target in node.targets
            if isinstance(target, ast.Name)
        }
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and _called_name(node) in DISPATCHERS and node.args):
                continue
            if path.name == "enqueue.py" and path.parent.name == "portal":
                continue  # the helpers pass their own argument on
            first = node.args[0]
            where = f"{path.relative_to(ROOT)}:{node.lineno}"
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                names.setdefault(first.value, []).append(where)
            elif isinstance(first, ast.Name) and isinstance(constants.get(first.id), str):
                names.setdefault(constants[first.id], []).append(where)
            else:
                unresolved.append(where)
    return names, unresolved


def test_every_task_name_given_to_the_dispatch_helpers_is_a_registered_task():
    names, unresolved = _task_names()
    app.loader.import_default_modules()
    assert unresolved == []  # names are literals (or module constants), so this test can read them
    assert {name: where for name, where in names.items() if name not in app.tasks} == {}
    assert {
        "portal.tasks.outbox_dispatch",
        "devices.tasks.service_requests_process",
        "hubs.tasks.order_acknowledge",
        "inventory.tasks.devices_apply_cpl_status",
        "inventory.tasks.prenotify_import_run",
        "inventory.tasks.registration_import_run",
        "coverage.tasks.coverage_dataset_import",
        "smki.tasks.csr_batch_process",
        "smki.tasks.csr_batch_chunk_process",
        "smki.tasks.csr_batch_finalize",
    } <= set(names)


def test_no_app_code_sends_a_task_itself():
    """``.delay()``/``.apply_async()``/``send_task()`` only in portal.enqueue: never inside an open transaction."""
    offenders = [
        f"{path.relative_to(ROOT)}:{node.lineno}"
        for path, tree in _sources()
        if path.relative_to(ROOT).as_posix() != "portal/enqueue.py"
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and _called_name(node) in {"delay", "apply_async", "send_task"}
    ]
    assert offenders == []


@pytest.mark.django_db
def test_an_unknown_task_name_fails_inside_the_transaction_and_changes_nothing(
    ssi_user, django_capture_on_commit_callbacks
):
    def start_job():
        with transaction.atomic():
            Job.objects.create(kind="x.y", title="never", created_by=ssi_user, party=ssi_user.party)
            enqueue.enqueue_on_commit("no.such_task", job_id=1)

    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(LookupError, match=r"'no\.such_task'"):
        start_job()
    assert callbacks == []
    assert not Job.objects.filter(title="never").exists()


@pytest.mark.django_db
def test_the_task_runs_after_commit_with_its_keyword_arguments(monkeypatch, django_capture_on_commit_callbacks):
    sent = []
    task = enqueue.registered_task("hubs.tasks.order_acknowledge")
    monkeypatch.setattr(task, "apply_async", lambda **kwargs: sent.append(kwargs))
    with django_capture_on_commit_callbacks() as callbacks:
        enqueue.enqueue_on_commit("hubs.tasks.order_acknowledge", order_id=42)
        assert sent == []  # nothing leaves before the commit
    assert len(callbacks) == 1
    callbacks[0]()
    assert sent == [{"kwargs": {"order_id": 42}}]


def test_wake_sends_at_most_one_message_per_interval_unless_forced(monkeypatch):
    sent = []
    task = enqueue.registered_task("devices.tasks.service_requests_process")
    monkeypatch.setattr(task, "apply_async", lambda **kwargs: sent.append(kwargs))
    monkeypatch.setattr(enqueue, "_last_wake", {})
    name = "devices.tasks.service_requests_process"
    assert [enqueue.wake(name, every=60), enqueue.wake(name, every=60), enqueue.wake(name, every=60, force=True)] == [
        True,
        False,
        True,
    ]
    assert len(sent) == 2


def test_wake_survives_a_broker_outage(monkeypatch, caplog):
    task = enqueue.registered_task("devices.tasks.service_requests_process")

    def unreachable(**kwargs):
        raise ConnectionRefusedError("broker down")

    monkeypatch.setattr(task, "apply_async", unreachable)
    monkeypatch.setattr(enqueue, "_last_wake", {})
    assert enqueue.wake("devices.tasks.service_requests_process", every=0) is False
    assert "periodic sweep will pick the work up" in caplog.text


def test_a_fresh_web_process_finds_every_task_from_many_threads_at_once():
    """A web process has imported no tasks module yet; its first requests enqueue concurrently."""
    import subprocess
    import sys

    script = """
import django, threading
django.setup()
from portal.enqueue import registered_task
names = ["devices.tasks.service_requests_process", "hubs.tasks.order_acknowledge",
         "coverage.tasks.coverage_dataset_import", "smki.tasks.csr_batch_process"] * 4
found, barrier = [], threading.Barrier(len(names))
def look(name):
    barrier.wait()
    found.append(registered_task(name).name)
threads = [threading.Thread(target=look, args=(n,)) for n in names]
[t.start() for t in threads]
[t.join() for t in threads]
print(sorted(set(found)), len(found))
"""
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, cwd=ROOT, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == (
        "['coverage.tasks.coverage_dataset_import', 'devices.tasks.service_requests_process', "
        "'hubs.tasks.order_acknowledge', 'smki.tasks.csr_batch_process'] 16"
    )
