"""Done-when path in a real browser: a User raises a Category 3 incident about a device, an agent
triages it and assigns it back to the User (pending: the clock pauses), the User answers, the agent
resolves it, and three Working Days later (simulated) it closes by itself."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from incidents.models import Incident
from incidents.services import incidents_auto_close
from incidents.sla import WorkingDaysCalendar, format_duration
from portal import working_days
from tests.factories.portal import give_totp


def _second_page(page):
    """A separate browser context (own cookies), so each person signs in once (TOTP codes are single-use)."""
    context = page.context.browser.new_context(base_url=page.base_url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15000)
    other = context.new_page()
    other.base_url = page.base_url
    return other


def _act(page, action: str, fields: dict):
    """Open the action's panel on the incident page, fill its fields (by name) and submit it."""
    panel = page.locator(f"#action-{action}")
    panel.locator("summary").click()
    for name, value in fields.items():
        control = panel.locator(f"[name='{action}-{name}']")
        if control.evaluate("e => e.tagName") == "SELECT":
            control.select_option(label=value)
        else:
            control.fill(value)
    panel.locator("button[type=submit]").click()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_category_3_incident_end_to_end(page, browser_sign_in, ssi_user, agent, supplier_party):
    give_totp(agent)
    # 1. The User raises a Category 3 incident about a device.
    browser_sign_in(page, ssi_user)
    page.goto(page.base_url + "/incidents/new/")
    page.locator("#id_summary").fill("Communications Hub not responding")
    page.locator("#id_device_id").fill("00-db-12-34-56-78-9a-bc")
    page.locator("#id_business_impact").fill("Prepayment top-ups fail for 40 customers")
    page.locator("#id_triage_details").fill("HAN and our systems checked; no WAN")
    page.locator("#id_proposed_category").select_option("3")
    page.get_by_role("button", name="Raise incident").click()
    expect(page.locator("#incident-status")).to_have_text("Logged")
    incident = Incident.objects.get()
    assert incident.device_id == "00-DB-12-34-56-78-9A-BC"
    assert incident.category == 3

    # 2. The agent triages: confirms the category and assigns it back to the User's Party (pending).
    user_page, page = page, _second_page(page)
    browser_sign_in(page, agent)
    page.goto(page.base_url + "/incidents/queue/")
    page.get_by_role("link", name=incident.reference).click()
    _act(page, "categorise", {"category": "Category 3"})
    expect(page.locator(".msg-success")).to_contain_text("Category set")
    _act(page, "assign", {"party": supplier_party.name, "reason": "Please confirm the hub's HAN status from site"})
    expect(page.locator("#incident-status")).to_have_text("Pending (with an Incident Party)")
    expect(page.locator("#sla-state")).to_have_text("Paused")

    # 3. The User answers; the incident goes back to the DCC and the clock resumes.
    agent_page, page = page, user_page
    page.goto(page.base_url + incident.get_absolute_url())
    _act(page, "respond", {"text": "HAN is fine; the hub LED shows no WAN"})
    expect(page.locator("#incident-status")).to_have_text("Assigned")

    # 4. The agent resolves it.
    page = agent_page
    page.goto(page.base_url + incident.get_absolute_url())
    _act(page, "resolve", {"resolution_type": "Permanent fix", "summary": "Hub firmware reset remotely"})
    expect(page.locator("#incident-status")).to_have_text("Resolved")
    expect(page.locator("#sla-state")).to_have_text("Met")

    # 5. Three Working Days later (simulated) the beat job closes it.
    incident.refresh_from_db()
    assert incident.confirm_by == working_days.add_working_days_at(incident.resolved_at, 3)
    assert incidents_auto_close(now=incident.confirm_by - timezone.timedelta(seconds=1)) == []
    assert incidents_auto_close(now=incident.confirm_by) == [incident.pk]
    page = user_page
    page.goto(page.base_url + incident.get_absolute_url())
    expect(page.locator("#incident-status")).to_have_text("Closed")

    # Every step is on the timeline.
    timeline = page.locator("#timeline").inner_text()
    for text in (
        "raised via the Self-Service Interface",
        "Category 3 confirmed",
        "Logged → Pending",
        "Answer from the Incident Party",
        "Pending (with an Incident Party) → Assigned",
        "Assigned → Resolved",
        "Closed automatically",
    ):
        assert text in timeline, text

    # The SLA figures are right: only running time on Working Days counts, the pause excluded.
    events = {e.kind: e.at for e in incident.clock_events.all()}
    cal = WorkingDaysCalendar()
    used = cal.between(events["start"], events["pause"]) + cal.between(events["resume"], events["stop"])
    expect(page.locator("#sla-elapsed")).to_contain_text(format_duration(used))
    expect(page.locator("#sla-state")).to_have_text("Met")
    page.locator("summary", has_text="Clock history").click()
    history = page.locator(".clock-table").inner_text()
    assert re.search(
        r"Clock started.*\n.*Initial response.*\n.*Clock paused.*\n.*Clock resumed.*\n.*Clock stopped", history
    ), history
