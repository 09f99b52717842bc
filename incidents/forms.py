"""Forms of the incidents pages. Shape and field checks only; the services apply the rules."""

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.template.defaultfilters import filesizeformat
from django.utils import timezone

from portal.models import Party

from .choices import Category, Channel, LinkKind, MajorIncidentKind, ProblemClosure, ResolutionType, ResolverGroup
from .services import AttachmentInput, IncidentInput
from .services.major import REVIEW_FIELDS, SUMMARY_FIELDS
from .services.problems import EDITABLE_FIELDS

DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Zero or more uploaded files."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


def files_to_inputs(files) -> list[AttachmentInput]:
    return [
        AttachmentInput(
            name=f.name, content=f.read(), content_type=getattr(f, "content_type", "") or "application/octet-stream"
        )
        for f in files or []
    ]


def attachment_limits_text() -> str:
    """The attachment limits in words, from the settings the service enforces."""
    return (
        f"Logs, screenshots, files: up to {settings.INCIDENTS_ATTACHMENT_MAX_FILES} files of at most "
        f"{filesizeformat(settings.INCIDENTS_ATTACHMENT_MAX_BYTES)} each; types "
        f"{', '.join(settings.INCIDENTS_ATTACHMENT_EXTENSIONS)}."
    )


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").replace(",", "\n").splitlines() if line.strip()]


class IncidentForm(forms.Form):
    """The required incident data (App AG 2.3.1) plus category, links and attachments."""

    contact_name = forms.CharField(max_length=200)
    contact_organisation = forms.CharField(max_length=200)
    contact_details = forms.CharField(max_length=300, help_text="Telephone and email of the person to contact.")
    party_reference = forms.CharField(max_length=100, required=False, label="Your incident reference")
    occurred_at = forms.DateTimeField(label="Date and time of occurrence (UK time)", widget=DATETIME_INPUT)
    device_id = forms.CharField(
        max_length=30, required=False, label="Device ID", help_text="EUI-64, e.g. 00-DB-12-34-56-78-9A-BC."
    )
    mpxn = forms.CharField(max_length=20, required=False, label="MPAN or MPRN")
    summary = forms.CharField(max_length=300)
    business_impact = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))
    triage_details = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        label="Results of initial triage and diagnosis",
        help_text="What you checked first (your own systems, the HAN, known errors, SSI and SR tools), "
        "diagnostics run, and references to related incidents (App AG 2.1.3, 2.3.1(i)).",
    )
    proposed_category = forms.TypedChoiceField(
        coerce=int,
        choices=[(c.value, c.label) for c in Category if c != Category.ONE],
        help_text="The DCC sets the category; Category 1 (Major) incidents are telephoned to the Service Desk.",
    )
    service_requests = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Related Service Requests",
        help_text="Request IDs, one per line (originator:target:counter).",
    )
    related_incidents = forms.CharField(required=False, label="Related incidents", help_text="e.g. INC-000123")
    other_devices = forms.CharField(required=False, label="Other Device IDs", help_text="One per line.")
    attachments = MultipleFileField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attachments"].help_text = attachment_limits_text()

    def to_input(self) -> IncidentInput:
        d = self.cleaned_data
        links = [(LinkKind.SERVICE_REQUEST, v) for v in _lines(d.get("service_requests"))]
        links += [(LinkKind.INCIDENT, v) for v in _lines(d.get("related_incidents"))]
        links += [(LinkKind.DEVICE, v) for v in _lines(d.get("other_devices"))]
        return IncidentInput(
            contact_name=d["contact_name"],
            contact_organisation=d["contact_organisation"],
            contact_details=d["contact_details"],
            party_reference=d.get("party_reference", ""),
            occurred_at=d["occurred_at"],
            mpxn=d.get("mpxn", ""),
            device_id=d.get("device_id", ""),
            summary=d["summary"],
            business_impact=d["business_impact"],
            triage_details=d["triage_details"],
            proposed_category=d["proposed_category"],
            links=links,
        )


class LogOnBehalfForm(IncidentForm):
    """A service desk agent logs what a caller or mail reported (§3.3)."""

    party = forms.ModelChoiceField(queryset=Party.objects.filter(is_active=True, is_dcc=False), label="Raising Party")
    channel = forms.ChoiceField(choices=[(Channel.PHONE, Channel.PHONE.label), (Channel.EMAIL, Channel.EMAIL.label)])
    kind = forms.ChoiceField(choices=[("incident", "Incident"), ("general_query", "General query")])
    # No default: a forgotten choice must not log a Category 1 (Major) incident. Required for
    # incidents by the service (a general query has none).
    proposed_category = forms.TypedChoiceField(
        coerce=int,
        empty_value=None,
        choices=[("", "— choose (incidents only) —"), *Category.choices],
        required=False,
        label="Category (as the caller proposes it)",
    )
    party_reference = forms.CharField(max_length=100, required=False, label="The Party's incident reference")
    triage_details = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        label="Results of initial triage and diagnosis",
        help_text="What the caller has checked, if they said (optional when logging a call).",
    )

    field_order = ["party", "channel", "kind"]


class GeneralQueryForm(forms.Form):
    """A general query (SD-02): any Party, including those that are not Users."""

    contact_name = forms.CharField(max_length=200)
    contact_organisation = forms.CharField(max_length=200)
    contact_details = forms.CharField(max_length=300)
    summary = forms.CharField(max_length=300, label="Subject")
    business_impact = forms.CharField(widget=forms.Textarea(attrs={"rows": 5}), label="Your query")

    def to_input(self) -> IncidentInput:
        d = self.cleaned_data
        return IncidentInput(
            contact_name=d["contact_name"],
            contact_organisation=d["contact_organisation"],
            contact_details=d["contact_details"],
            summary=d["summary"],
            business_impact=d["business_impact"],
            occurred_at=timezone.now(),
        )


class CategoriseForm(forms.Form):
    category = forms.TypedChoiceField(coerce=int, choices=Category.choices)
    reason = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Required when the category changes; Interested Parties are told.",
    )


class AssignForm(forms.Form):
    group = forms.ChoiceField(choices=[("", "—"), *ResolverGroup.choices], required=False, label="DCC resolver group")
    assignee = forms.ModelChoiceField(queryset=get_user_model().objects.none(), required=False, label="Resolver")
    party = forms.ModelChoiceField(
        queryset=Party.objects.filter(is_active=True, is_dcc=False),
        required=False,
        label="…or an Incident Party (pending)",
    )
    reason = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = get_user_model().objects.filter(party__is_dcc=True, is_active=True)


class BulkAssignForm(forms.Form):
    group = forms.ChoiceField(choices=ResolverGroup.choices, label="Assign selected to")
    assignee = AssignForm.base_fields["assignee"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = get_user_model().objects.filter(party__is_dcc=True, is_active=True)


class GuidanceForm(forms.Form):
    guidance = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="How the raiser can handle it in its own systems (App AG 2.5.8).",
    )


class InterestedPartyForm(forms.Form):
    party = forms.ModelChoiceField(queryset=Party.objects.filter(is_active=True, is_dcc=False))


class ResolveForm(forms.Form):
    resolution_type = forms.ChoiceField(
        choices=[(ResolutionType.PERMANENT_FIX, "Permanent fix"), (ResolutionType.WORKAROUND, "Workaround")]
    )
    summary = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="What was done")


class TextForm(forms.Form):
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))
    attachments = MultipleFileField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attachments"].help_text = attachment_limits_text()


class InternalNoteForm(TextForm):
    internal = forms.BooleanField(required=False, label="Internal note (DCC staff only)")


class RespondForm(forms.Form):
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Your answer",
        help_text="What you found or did; if you completed it, the steps taken (2.5.7).",
    )
    wrong_assignment = forms.BooleanField(required=False, label="This was assigned to us wrongly (2.5.9)")


class ReasonForm(forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))


class LinkForm(forms.Form):
    kind = forms.ChoiceField(choices=LinkKind.choices)
    value = forms.CharField(max_length=120, label="Identifier")


class DeclareMajorForm(forms.Form):
    kind = forms.ChoiceField(choices=MajorIncidentKind.choices)
    manager = forms.ModelChoiceField(queryset=get_user_model().objects.none(), label="DCC Major Incident Manager")
    affected_parties = forms.ModelMultipleChoiceField(
        queryset=Party.objects.filter(is_active=True, is_dcc=False), required=False
    )
    need_to_know = forms.ModelMultipleChoiceField(
        queryset=get_user_model().objects.none(),
        required=False,
        help_text="Major Security Incidents: who else may see it.",
    )
    alert_title = forms.CharField(max_length=200, required=False, label="Service Alert title")
    alert_body = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}), label="Service Alert text")
    reason = forms.CharField(required=False, label="Reason for Category 1")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        dcc = get_user_model().objects.filter(party__is_dcc=True, is_active=True)
        self.fields["manager"].queryset = dcc
        self.fields["need_to_know"].queryset = get_user_model().objects.filter(is_active=True)


def _text_fields(names, model):
    return {
        n: forms.CharField(
            required=False,
            widget=forms.Textarea(attrs={"rows": 2}),
            label=model._meta.get_field(n).verbose_name.capitalize(),
        )
        for n in names
    }


def major_report_form(part: str):
    """A form class for the summary (H9.13) or review (H9.14) report."""
    from .models import MajorIncident

    names = SUMMARY_FIELDS if part == "summary" else REVIEW_FIELDS
    attrs = _text_fields(names, MajorIncident)
    attrs["submit"] = forms.BooleanField(required=False, label="Submit to the Panel now")
    return type(f"MajorReport{part.capitalize()}Form", (forms.Form,), attrs)


class ProblemForm(forms.Form):
    target_closure_date = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    target_change_reason = forms.CharField(required=False, label="Reason for moving the target date")

    def __init__(self, *args, **kwargs):
        from .models import Problem

        super().__init__(*args, **kwargs)
        for name, field in _text_fields(EDITABLE_FIELDS, Problem).items():
            self.fields[name] = field
        self.fields["title"] = forms.CharField(max_length=300)


class ProblemRaiseForm(forms.Form):
    title = forms.CharField(max_length=300)
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    incidents = forms.CharField(help_text="References of the recurring incidents, e.g. INC-000012, INC-000019.")


class ProblemCloseForm(forms.Form):
    closure_reason = forms.ChoiceField(choices=ProblemClosure.choices)
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))


class KnownErrorForm(forms.Form):
    root_cause = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))


class ExtendForm(forms.Form):
    working_days_more = forms.IntegerField(min_value=1, max_value=60, label="Working Days to add")
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="An agreed longer period, an unavailable expert (2.12.7), or an intermittent "
        "issue's closure period (2.12.8).",
    )
