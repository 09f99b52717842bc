"""Forms of SSI service information (shape only; the rules live in services)."""

from django import forms

from .choices import ArticleKind, DccService, MaintenanceKind
from .models import Article

_DT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class MaintenanceForm(forms.Form):
    kind = forms.ChoiceField(choices=MaintenanceKind.choices, initial=MaintenanceKind.PLANNED)
    title = forms.CharField(max_length=200)
    activity = forms.CharField(widget=forms.Textarea, help_text="The activity in reasonable detail (SEC H8.4(a)).")
    services = forms.MultipleChoiceField(choices=DccService.choices, widget=forms.CheckboxSelectMultiple)
    starts_at = forms.DateTimeField(widget=_DT, input_formats=["%Y-%m-%dT%H:%M"], help_text="UK time.")
    ends_at = forms.DateTimeField(widget=_DT, input_formats=["%Y-%m-%dT%H:%M"], help_text="UK time.")
    risk_to_service = forms.CharField(
        widget=forms.Textarea, required=False, help_text="Any risk to the return of normal service (H8.4(d))."
    )
    panel_approval_reference = forms.CharField(
        max_length=80, required=False, help_text="Only when the SEC Panel agreed to a window outside the H8.3 limits."
    )


class NoticeForm(forms.Form):
    title = forms.CharField(max_length=200)
    body = forms.CharField(widget=forms.Textarea)
    services = forms.MultipleChoiceField(choices=DccService.choices, widget=forms.CheckboxSelectMultiple)
    starts_at = forms.DateTimeField(widget=_DT, input_formats=["%Y-%m-%dT%H:%M"])
    expected_end_at = forms.DateTimeField(widget=_DT, input_formats=["%Y-%m-%dT%H:%M"], required=False)


class ArticleForm(forms.ModelForm):
    class Meta:
        model = Article
        fields = ["kind", "title", "slug", "topic", "body", "position", "is_published"]
        widgets = {"kind": forms.Select(choices=ArticleKind.choices)}


class DownloadableFormUpload(forms.Form):
    title = forms.CharField(max_length=200)
    description = forms.CharField(widget=forms.Textarea, required=False)
    version = forms.CharField(max_length=20, initial="1.0")
    file = forms.FileField()


class FeedbackForm(forms.Form):
    page = forms.CharField(max_length=300, widget=forms.HiddenInput)
    rating = forms.TypedChoiceField(
        coerce=int,
        choices=[(5, "5 - very good"), (4, "4 - good"), (3, "3 - fair"), (2, "2 - poor"), (1, "1 - very poor")],
        widget=forms.RadioSelect,
        label="How useful was this page?",
    )
    comment = forms.CharField(widget=forms.Textarea, required=False, max_length=4000, label="What could be better?")


class CancelForm(forms.Form):
    reason = forms.CharField(max_length=500)
