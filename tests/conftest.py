"""Shared fixtures: Parties, people per role, API clients, a real Celery worker, a browser.

App-specific fixtures live in ``tests/<app>/conftest.py``.
"""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django_otp.oath import totp
from rest_framework.test import APIClient

from portal.choices import PortalRole, UserRole
from portal.roles import roles_sync
from portal.services.tokens import api_token_create
from tests.factories.portal import PASSWORD, PartyFactory, PartyUserRoleFactory, UserFactory, give_totp

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _roles(db):
    """Portal role groups with their registered permissions (post_migrate ran before the test DB
    was serialised, but transactional tests flush it)."""
    if not Group.objects.exists():
        roles_sync()


@pytest.fixture
def dcc_party(db):
    party = PartyFactory(dcc=True)
    PartyUserRoleFactory(party=party, role=UserRole.DCC, user_id="00-DC-C0-00-00-00-00-01")
    return party


@pytest.fixture
def supplier_party(db):
    party = PartyFactory(name="Northern Lights Energy", code="northern")
    PartyUserRoleFactory(party=party, role=UserRole.IMPORT_SUPPLIER, user_id="90-B3-D5-1F-30-01-00-01")
    PartyUserRoleFactory(party=party, role=UserRole.EXPORT_SUPPLIER, user_id="90-B3-D5-1F-30-01-00-02")
    return party


@pytest.fixture
def other_party(db):
    party = PartyFactory(name="Dales Gas Supply", code="dales")
    PartyUserRoleFactory(party=party, role=UserRole.GAS_SUPPLIER, user_id="90-B3-D5-1F-30-02-00-01")
    return party


@pytest.fixture
def make_person(db):
    """``make_person(party, *roles)`` -> a user with those portal roles."""

    def make(party, *roles, **kwargs):
        return UserFactory(party=party, roles=list(roles), **kwargs)

    return make


@pytest.fixture
def ssi_user(make_person, supplier_party):
    return make_person(supplier_party, PortalRole.SSI_USER, email="user@northern.test")


@pytest.fixture
def ssi_admin(make_person, supplier_party):
    return make_person(supplier_party, PortalRole.SSI_ADMINISTRATOR, PortalRole.SSI_USER, email="admin@northern.test")


@pytest.fixture
def other_user(make_person, other_party):
    return make_person(other_party, PortalRole.SSI_USER, email="user@dales.test")


@pytest.fixture
def other_admin(make_person, other_party):
    return make_person(other_party, PortalRole.SSI_ADMINISTRATOR, PortalRole.SSI_USER, email="admin@dales.test")


@pytest.fixture
def no_role_user(make_person, supplier_party):
    """Same Party as ``ssi_user`` but without any portal role."""
    return make_person(supplier_party, email="nobody@northern.test")


@pytest.fixture
def dcc_admin(make_person, dcc_party):
    return make_person(dcc_party, PortalRole.DCC_ADMINISTRATOR, email="admin@dcc.test")


@pytest.fixture
def agent(make_person, dcc_party):
    return make_person(dcc_party, PortalRole.SERVICE_DESK_AGENT, email="agent@dcc.test")


def _verified_client(user, client):
    """A Django test client signed in as ``user`` with a verified second factor."""
    from django_otp import DEVICE_ID_SESSION_KEY

    device = user.totpdevice_set.filter(confirmed=True).first() or give_totp(user)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    from portal.models import SignedInSession

    SignedInSession.objects.get_or_create(
        session_key=session.session_key, defaults={"user": user, "party": user.party}
    )
    return client


@pytest.fixture
def login(client):
    """``login(user)`` -> the Django test client signed in (two-factor verified)."""

    def do(user, the_client=None):
        return _verified_client(user, the_client or client)

    return do


@pytest.fixture
def api_client_for(db):
    """``api_client_for(user)`` -> an APIClient authenticated with a fresh API token of ``user``."""

    def make(user):
        _, plain = api_token_create(actor=user, name="test", is_verified=True)
        api = APIClient()
        api.credentials(HTTP_AUTHORIZATION=f"Token {plain}")
        return api

    return make


@pytest.fixture
def anon_api():
    return APIClient()


def totp_now(device, offset_steps: int = 0) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=offset_steps):06d}"


# --- a real Celery worker (integration tests) ------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def celery_worker_process(transactional_db, settings):
    """Start a real ``celery worker`` process on the test database and the configured broker.

    Tasks in the test process are then published instead of run eagerly. Use with
    ``@pytest.mark.worker``. With the filesystem broker (no server) the queue lives under var/.
    """
    from django.db import connection

    from portal.celery import app

    db_name = connection.settings_dict["NAME"]
    env = dict(os.environ)
    env["DJANGO_SETTINGS_MODULE"] = "portal.settings.test"
    env["CELERY_TASK_ALWAYS_EAGER"] = "false"
    if connection.vendor == "postgresql":
        base = settings.DATABASES["default"]
        password = base.get("PASSWORD") or ""
        host, port = base["HOST"] or "127.0.0.1", base["PORT"] or 5432
        env["DATABASE_URL"] = f"postgres://{base['USER']}:{password}@{host}:{port}/{db_name}"
    else:
        env["DATABASE_URL"] = f"sqlite:///{db_name}"
    env["PORTAL_TEST_WORKER"] = "1"
    settings.CELERY_TASK_ALWAYS_EAGER = False
    app.conf.task_always_eager = False
    hostname = f"test-{_free_port()}@%h"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "portal",
            "worker",
            "--loglevel=WARNING",
            "--concurrency=2",
            "--pool=prefork",
            f"--hostname={hostname}",
            "--without-gossip",
            "--without-mingle",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        replies = app.control.ping(timeout=1.0)
        if any(hostname.split("@")[0] in name for reply in replies for name in reply):
            break
        if proc.poll() is not None:
            raise RuntimeError("The Celery worker exited during start-up.")
    else:
        os.killpg(proc.pid, signal.SIGKILL)
        raise RuntimeError("The Celery worker did not answer a ping within 60 s.")
    yield proc
    app.conf.task_always_eager = True
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)


def wait_for(predicate, timeout: float = 30.0, interval: float = 0.1):
    """Poll ``predicate`` until it returns something truthy; fail the test after ``timeout``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    pytest.fail(f"condition not met within {timeout} s")


# --- browser (Playwright driving Debian's Chromium) ------------------------------------------

CHROMIUM = os.environ.get("PORTAL_CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(scope="session")
def _browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is required in CI")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(_browser, live_server):
    """A fresh browser page; ``page.base_url`` is the live server."""
    context = _browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(30000)  # generous: CI shares two cores between server, worker and browser
    pg = context.new_page()
    pg.base_url = live_server.url
    yield pg
    context.close()


@pytest.fixture
def browser_sign_in():
    """``browser_sign_in(page, user)`` signs in through the real form, with TOTP if required."""

    def do(pg, user, password=PASSWORD):
        pg.goto(pg.base_url + "/accounts/sign-in/")
        pg.get_by_label("Email address").fill(user.email)
        pg.get_by_label("Password").fill(password)
        pg.get_by_role("button", name="Sign in").click()
        device = user.totpdevice_set.filter(confirmed=True).first()
        if device is not None:
            pg.get_by_label("Code").fill(totp_now(device))
            pg.get_by_role("button", name="Verify").click()
        return pg

    return do


__all__ = ["PASSWORD", "settings", "totp_now", "wait_for"]
