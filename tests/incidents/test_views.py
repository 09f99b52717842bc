"""Pages: authorisation, the raise form with matches, the queue, actions, reports and CSV."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from incidents.models import Incident
from incidents.services import incident_assign
from tests.factories.incidents import raise_incident


@pytest.fixture
def incident(ssi_user):
    return raise_incident(ssi_user)


@pytest.mark.parametrize(
    ("who", "expected"), [("anon", 302), ("other_user", 404), ("no_role_user", 404), ("ssi_user", 200), ("agent", 200)]
)
def test_detail_authorisation(request, client, login, incident, who, expected):
    if who != "anon":
        login(request.getfixturevalue(who))
    response = client.get(reverse("incidents:detail", args=[incident.pk]))
    assert response.status_code == expected
    if expected == 200:
        body = response.content.decode()
        assert incident.reference in body
        assert "Clock history" in body


def test_raise_form_creates_incident_with_attachment(client, login, ssi_user):
    login(ssi_user)
    assert client.get(reverse("incidents:raise")).status_code == 200
    response = client.post(
        reverse("incidents:raise"),
        {
            "contact_name": "Noah",
            "contact_organisation": "NLE",
            "contact_details": "0161",
            "occurred_at": "2026-11-16T09:00",
            "device_id": "00-DB-12-34-56-78-9A-BC",
            "summary": "Hub offline",
            "business_impact": "Top-ups fail",
            "triage_details": "HAN ok",
            "proposed_category": "3",
            "attachments": [SimpleUploadedFile("hub.log", b"log line\n", content_type="text/plain")],
        },
    )
    incident = Incident.objects.get()
    assert response.status_code == 302
    assert response["Location"] == incident.get_absolute_url()
    assert incident.attachments.get().name == "hub.log"
    download = client.get(reverse("incidents:attachment", args=[incident.attachments.get().pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"log line\n"


def test_raise_form_bad_input_shows_errors_and_records_nothing(client, login, ssi_user):
    login(ssi_user)
    response = client.post(
        reverse("incidents:raise"),
        {
            "contact_name": "Noah",
            "contact_organisation": "NLE",
            "contact_details": "0161",
            "occurred_at": "2026-11-16T09:00",
            "device_id": "nonsense",
            "summary": "Hub offline",
            "business_impact": "x",
            "triage_details": "y",
            "proposed_category": "3",
            "attachments": [SimpleUploadedFile("x.exe", b"MZ", content_type="application/octet-stream")],
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "is not an EUI-64" in body
    assert "not accepted" in body
    assert Incident.objects.count() == 0


def test_other_users_attachment_is_404(client, login, ssi_user, other_user):
    from incidents.services import AttachmentInput, incident_raise
    from tests.factories.incidents import incident_input

    incident = incident_raise(
        actor=ssi_user, data=incident_input(), attachments=[AttachmentInput(name="a.txt", content=b"secret")]
    )
    login(other_user)
    assert client.get(reverse("incidents:attachment", args=[incident.attachments.get().pk])).status_code == 404


def test_internal_note_attachment_is_for_dcc_staff_only(client, login, ssi_user, agent, incident):
    """Files sent with an internal note are as private as the note: hidden from the raiser and 404."""
    from incidents.services import AttachmentInput, incident_comment

    incident_comment(
        actor=agent,
        incident=incident,
        text="Vendor diagnosis, not for the User",
        internal=True,
        attachments=[AttachmentInput(name="vendor-trace.txt", content=b"internal")],
    )
    incident_comment(
        actor=agent, incident=incident, text="Log for you", attachments=[AttachmentInput(name="hub.log", content=b"x")]
    )
    internal = incident.attachments.get(name="vendor-trace.txt")
    shared = incident.attachments.get(name="hub.log")
    assert (internal.is_internal, shared.is_internal) == (True, False)
    login(ssi_user)
    body = client.get(reverse("incidents:detail", args=[incident.pk])).content.decode()
    assert "hub.log" in body
    assert "vendor-trace.txt" not in body
    assert client.get(reverse("incidents:attachment", args=[internal.pk])).status_code == 404
    assert client.get(reverse("incidents:attachment", args=[shared.pk])).status_code == 200
    login(agent)
    assert "vendor-trace.txt" in client.get(reverse("incidents:detail", args=[incident.pk])).content.decode()
    assert client.get(reverse("incidents:attachment", args=[internal.pk])).status_code == 200


def test_matches_fragment_offers_join(client, login, incident, other_user):
    login(other_user)
    response = client.get(reverse("incidents:matches"), {"device_id": incident.device_id})
    assert incident.reference in response.content.decode()
    assert "Join as Interested Party" in response.content.decode()
    joined = client.post(reverse("incidents:join", args=[incident.pk]))
    assert joined.status_code == 302
    assert client.get(reverse("incidents:detail", args=[incident.pk])).status_code == 200


def test_non_user_is_sent_to_general_query(client, login, non_user_person):
    login(non_user_person)
    assert client.get(reverse("incidents:raise"))["Location"] == reverse("incidents:query")
    response = client.post(
        reverse("incidents:query"),
        {
            "contact_name": "Fran",
            "contact_organisation": "Forum",
            "contact_details": "f@x",
            "summary": "Maintenance?",
            "business_impact": "When?",
        },
    )
    assert response.status_code == 302
    assert Incident.objects.get().kind == "general_query"


def test_queue_order_and_access(client, login, ssi_user, agent, supplier_party):
    cat4 = raise_incident(ssi_user, proposed_category=4)
    cat3 = raise_incident(ssi_user, proposed_category=3)
    login(ssi_user)
    assert client.get(reverse("incidents:queue")).status_code == 403
    login(agent)
    response = client.get(reverse("incidents:queue"))
    assert list(response.context["page"].object_list) == [cat3, cat4]
    assert client.get(reverse("incidents:queue"), {"q": cat4.reference}).context["page"].object_list[0] == cat4
    csv = client.get(reverse("incidents:queue"), {"export": "csv"})
    assert cat3.reference in b"".join(csv.streaming_content).decode()


def test_bulk_assign_from_queue(client, login, ssi_user, agent):
    a, b = raise_incident(ssi_user), raise_incident(ssi_user)
    login(agent)
    response = client.post(
        reverse("incidents:queue-assign"), {"selected": [a.pk, b.pk], "group": "smki", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/incidents/queue/"
    assert set(Incident.objects.values_list("status", "assigned_group")) == {("assigned", "smki")}


def test_action_bad_input_and_forbidden(client, login, incident, ssi_user, agent):
    login(ssi_user)
    assert (
        client.post(
            reverse("incidents:action", args=[incident.pk, "resolve"]),
            {"resolve-resolution_type": "permanent_fix", "resolve-summary": "x"},
        ).status_code
        == 403
    )
    login(agent)
    response = client.post(reverse("incidents:action", args=[incident.pk, "categorise"]), {"categorise-category": "2"})
    assert response.status_code == 400
    assert "Explain why" in response.content.decode()
    assert Incident.objects.get(pk=incident.pk).category == 3
    ok = client.post(reverse("incidents:action", args=[incident.pk, "assign"]), {"assign-group": "smki"})
    assert ok.status_code == 302
    assert Incident.objects.get(pk=incident.pk).status == "assigned"


def test_pending_party_answers_on_page(client, login, incident, agent, ssi_user, supplier_party):
    incident_assign(actor=agent, incident=incident, party=supplier_party)
    login(ssi_user)
    page = client.get(reverse("incidents:detail", args=[incident.pk])).content.decode()
    assert "Answer and hand back to the DCC" in page
    assert "clock paused" in page
    client.post(reverse("incidents:action", args=[incident.pk, "respond"]), {"respond-text": "Rebooted the meter"})
    assert Incident.objects.get(pk=incident.pk).status == "assigned"


def test_reports_for_staff_only(client, login, ssi_user, agent, incident):
    login(ssi_user)
    assert client.get(reverse("incidents:dashboard")).status_code == 403
    login(agent)
    body = client.get(reverse("incidents:dashboard")).content.decode()
    assert "<svg" in body
    assert "Open incidents by category" in body
    monthly = client.get(reverse("incidents:monthly"), {"month": incident.created_at.strftime("%Y-%m")})
    assert monthly.context["logged"] == 1
    csv = client.get(reverse("incidents:monthly"), {"month": incident.created_at.strftime("%Y-%m"), "export": "csv"})
    assert "Categories 1 and 2" in b"".join(csv.streaming_content).decode()


def test_list_problems_alerts_pages(client, login, ssi_user, incident):
    login(ssi_user)
    for name in ("incidents:list", "incidents:problems", "incidents:problem-report", "incidents:alerts"):
        assert client.get(reverse(name)).status_code == 200
    assert incident.reference in client.get(reverse("incidents:list")).content.decode()


def test_queue_pages_without_counting(client, login, ssi_user, agent, settings):
    settings.INCIDENTS_QUEUE_PAGE_SIZE = 2
    made = [raise_incident(ssi_user) for _ in range(3)]
    login(agent)
    first = client.get(reverse("incidents:queue")).context["page"]
    assert (len(first.object_list), first.has_next, first.has_previous) == (2, True, False)
    second = client.get(reverse("incidents:queue"), {"page": 2}).context["page"]
    assert (second.object_list, second.has_next) == ([made[2]], False)
    assert client.get(reverse("incidents:queue"), {"page": "x"}).context["page"].number == 1


def test_queue_pages_keep_multi_valued_filters(client, login, ssi_user, agent, settings):
    """Page links keep every value of a multi-valued filter (status=logged&status=assigned)."""
    settings.INCIDENTS_QUEUE_PAGE_SIZE = 1
    made = [raise_incident(ssi_user) for _ in range(3)]
    incident_assign(actor=agent, incident=made[0], group="service_desk")
    login(agent)
    body = client.get(reverse("incidents:queue"), {"status": ["logged", "assigned"]}).content.decode()
    assert 'href="?status=logged&amp;status=assigned&amp;page=2"' in body
    from django.test import RequestFactory

    from incidents.templatetags.incident_tags import page_query

    request = RequestFactory().get("/incidents/", {"status": ["logged", "assigned"], "q": "hub", "page": 4})
    assert page_query({"request": request}, 5) == "status=logged&status=assigned&q=hub&page=5"


def test_yes_no_filters_read_any_not_unknown(client, login, agent):
    login(agent)
    body = client.get(reverse("incidents:queue")).content.decode()
    assert ">Unknown<" not in body
    assert '<option value="unknown" selected>Any</option>' in body
    assert client.get(reverse("incidents:queue"), {"untriaged": "true"}).status_code == 200


def test_categorise_form_starts_at_the_category_in_force(client, login, agent, incident):
    login(agent)
    body = client.get(reverse("incidents:detail", args=[incident.pk])).content.decode()
    assert '<option value="3" selected>Category 3</option>' in body
    assert '<option value="1" selected>' not in body


def test_forms_state_the_attachment_limits(client, login, ssi_user, settings):
    settings.INCIDENTS_ATTACHMENT_MAX_FILES = 4
    settings.INCIDENTS_ATTACHMENT_MAX_BYTES = 2 * 1024 * 1024
    settings.INCIDENTS_ATTACHMENT_EXTENSIONS = ["txt", "pdf"]
    login(ssi_user)
    body = client.get(reverse("incidents:raise")).content.decode()
    assert "up to 4 files of at most 2.0\xa0MB each; types txt, pdf." in body


def test_home_card(client, login, ssi_user, agent, incident):
    login(ssi_user)
    assert "1 open incident" in client.get("/").content.decode()
    login(agent)
    assert "1 untriaged" in client.get("/").content.decode()


def test_device_link_resolves_only_when_inventory_holds_it(client, login, ssi_user, supplier_party):
    from tests.factories.inventory import DeviceFactory

    held = DeviceFactory(visible_to=[supplier_party])
    incident = raise_incident(ssi_user, device_id=held.device_id, links=[("device", "00-DB-99-99-99-99-99-99")])
    login(ssi_user)
    body = client.get(reverse("incidents:detail", args=[incident.pk])).content.decode()
    assert f'href="{reverse("inventory:device", args=[held.device_id])}"' in body
    assert "<code>00-DB-99-99-99-99-99-99</code>" in body  # unknown here: shown as the identifier only


def test_incident_page_queries_do_not_grow_with_links(client, login, ssi_user, agent):
    """The incident page resolves device and Service Request links in one query per kind (no N+1)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from incidents.services import incident_link_add

    incident = raise_incident(ssi_user)
    login(ssi_user)
    url = reverse("incidents:detail", args=[incident.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for k in range(6):
        incident_link_add(actor=agent, incident=incident, kind="device", value=f"00-DB-12-34-56-78-9A-0{k}")
        incident_link_add(
            actor=agent,
            incident=incident,
            kind="service_request",
            value=f"90-B3-D5-1F-30-01-00-01:00-DB-12-34-56-78-9A-BC:{k}",
        )
    with CaptureQueriesContext(connection) as many:
        body = client.get(url).content.decode()
    assert "00-DB-12-34-56-78-9A-05" in body
    assert len(many) <= len(one) + 1  # + the Service Request lookup, once


def test_agent_logging_a_call_is_offered_matches_to_open_not_to_join(client, login, incident, agent):
    login(agent)
    body = client.get(reverse("incidents:matches"), {"device_id": incident.device_id}).content.decode()
    assert incident.reference in body
    assert "Join as Interested Party" not in body
    assert f'<a href="{incident.get_absolute_url()}">(open it)</a>' in body
    assert "add the caller's Party as an Interested Party" in body


def test_disputed_resolution_is_shown_as_not_accepted(client, login, ssi_user, agent, incident):
    from incidents.services import incident_dispute, incident_resolve

    incident_assign(actor=agent, incident=incident, group="service_desk")
    incident_resolve(actor=agent, incident=incident, resolution_type="permanent_fix", summary="Hub rebooted")
    login(ssi_user)
    url = reverse("incidents:detail", args=[incident.pk])
    assert "<dt>Resolution</dt>" in client.get(url).content.decode()
    incident_dispute(actor=ssi_user, incident=incident, reason="Still offline")
    body = client.get(url).content.decode()
    assert "<dt>Last resolution (not accepted)</dt>" in body
    assert "<dt>Resolution</dt>" not in body


def test_problem_raise_page_links_only_visible_incidents(client, login, ssi_user, agent, manager, supplier_party):
    """A Major Security Incident stays need-to-know: an agent outside it cannot link it to a Problem by
    reference; a repeated reference is not mistaken for a missing one."""
    from incidents.models import Problem
    from incidents.services import major_incident_declare
    from tests.factories.incidents import raise_for

    a, b = raise_incident(ssi_user), raise_incident(ssi_user)
    secret = raise_for(agent, supplier_party, proposed_category=2)
    major_incident_declare(actor=manager, incident=secret, manager=manager, kind="security")
    login(agent)
    url = reverse("incidents:problem-raise")
    refused = client.post(url, {"title": "Recurring", "incidents": f"{a.reference}, {secret.reference}"})
    assert refused.status_code == 400
    assert "do not exist" in refused.content.decode()
    assert Problem.objects.count() == 0
    made = client.post(url, {"title": "Recurring", "incidents": f"{a.reference}, {b.reference}, {a.reference}"})
    assert made.status_code == 302
    assert sorted(Problem.objects.get().incidents.values_list("pk", flat=True)) == [a.pk, b.pk]


def test_report_a_recurrence_from_the_closed_incident_page(client, login, ssi_user, agent, other_user):
    """A recurrence after closure is raised from the closed incident as a new linked incident (2.14)."""
    from incidents.services import incident_close, incident_resolve

    old = raise_incident(ssi_user)
    incident_assign(actor=agent, incident=old, group="service_desk")
    incident_resolve(actor=agent, incident=old, resolution_type="permanent_fix", summary="Hub replaced")
    incident_close(actor=agent, incident=old)
    login(ssi_user)
    page = client.get(reverse("incidents:detail", args=[old.pk])).content.decode()
    link = f"{reverse('incidents:raise')}?recurrence_of={old.pk}"
    assert f'href="{link}"' in page
    form = client.get(link).content.decode()
    assert f"Recurrence of {old.reference}" in form
    data = {
        "recurrence_of": old.pk,
        "contact_name": "Noah",
        "contact_organisation": "NLE",
        "contact_details": "0161",
        "occurred_at": "2026-11-16T09:00",
        "summary": "Hub offline again",
        "business_impact": "Top-ups fail",
        "triage_details": "HAN ok",
        "proposed_category": "3",
    }
    assert client.post(reverse("incidents:raise"), {**data, "summary": ""}).status_code == 400
    assert Incident.objects.count() == 1
    assert client.post(reverse("incidents:raise"), data).status_code == 302
    new = Incident.objects.exclude(pk=old.pk).get()
    assert new.recurrence_of == old
    assert new.links.filter(kind="incident", target_incident=old).exists()
    login(other_user)  # another Party's incident: 404, nothing raised
    assert client.get(link).status_code == 404
    assert client.post(reverse("incidents:raise"), data).status_code == 404
    assert Incident.objects.count() == 2


def test_search_finds_a_device_id_however_it_is_written(client, login, ssi_user):
    incident = raise_incident(ssi_user, device_id="00-DB-12-34-56-78-9A-BC")
    raise_incident(ssi_user, device_id="00-DB-12-34-56-78-9A-01", summary="Other hub")  # not matched
    login(ssi_user)
    for written in ("00db123456789abc", "00:db:12:34:56:78:9a:bc", "00-DB-12-34-56-78-9A-BC"):
        rows = client.get(reverse("incidents:list"), {"q": written}).context["page"].object_list
        assert [i.pk for i in rows] == [incident.pk], written


LOGGED_CALL = {
    "channel": "phone",
    "kind": "incident",
    "contact_name": "Ola Caller",
    "contact_organisation": "Dales Gas Supply",
    "contact_details": "0113 496 0000",
    "occurred_at": "2026-11-16T09:00",
    "summary": "Caller reports WAN loss",
    "business_impact": "200 meters silent",
    "proposed_category": "2",
}


def test_agent_logs_a_call_without_triage_results(client, login, agent, other_party):
    """D-INC-06: an agent logging a call may leave the triage results empty."""
    login(agent)
    page = client.get(reverse("incidents:log")).content.decode()
    assert '<option value="" selected>— choose (incidents only) —</option>' in page
    assert "The Party&#x27;s incident reference" in page
    response = client.post(reverse("incidents:log"), {**LOGGED_CALL, "party": other_party.pk})
    assert response.status_code == 302, response.content.decode()[:2000]
    incident = Incident.objects.get()
    assert (incident.party, incident.channel, incident.category, incident.triage_details) == (
        other_party,
        "phone",
        2,
        "",
    )


def test_agent_must_choose_the_category_of_a_logged_incident(client, login, agent, other_party):
    login(agent)
    response = client.post(reverse("incidents:log"), {**LOGGED_CALL, "party": other_party.pk, "proposed_category": ""})
    assert response.status_code == 400
    assert "Proposed category is required." in response.content.decode()
    assert Incident.objects.count() == 0
    query = client.post(
        reverse("incidents:log"),
        {**LOGGED_CALL, "party": other_party.pk, "proposed_category": "", "kind": "general_query"},
    )
    assert query.status_code == 302
    assert Incident.objects.get().kind == "general_query"


def test_users_raising_on_the_ssi_still_give_triage_results(ssi_user):
    from django.core.exceptions import ValidationError

    from incidents.services import incident_raise
    from tests.factories.incidents import incident_input

    with pytest.raises(ValidationError) as err:
        incident_raise(actor=ssi_user, data=incident_input(triage_details=""))
    assert "triage_details" in err.value.message_dict
    assert Incident.objects.count() == 0


def test_reopen_is_offered_to_the_raiser_only_when_it_can_succeed(client, login, ssi_user, agent):
    from incidents.services import incident_close, incident_resolve

    def closed(fix):
        incident = raise_incident(ssi_user)
        incident_assign(actor=agent, incident=incident, group="service_desk")
        incident_resolve(actor=agent, incident=incident, resolution_type=fix, summary="done")
        incident_close(actor=agent, incident=incident)
        return incident

    fixed, worked = closed("permanent_fix"), closed("workaround")
    login(ssi_user)
    assert 'id="action-reopen"' not in client.get(reverse("incidents:detail", args=[fixed.pk])).content.decode()
    assert 'id="action-reopen"' in client.get(reverse("incidents:detail", args=[worked.pk])).content.decode()
    worked.problem.status = "closed"
    worked.problem.save()
    assert 'id="action-reopen"' not in client.get(reverse("incidents:detail", args=[worked.pk])).content.decode()
    login(agent)  # the desk may re-open one closed in error (H9.7)
    assert 'id="action-reopen"' in client.get(reverse("incidents:detail", args=[fixed.pk])).content.decode()
