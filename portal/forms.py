"""Forms of the platform pages. They validate shape; services apply the rules."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm

from .choices import DCC_ONLY_ROLES, PortalRole, PushFormat, UserRole


class SignInForm(AuthenticationForm):
    username = forms.EmailField(
        label="Email address", widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "username"})
    )


class OTPForm(forms.Form):
    token = forms.CharField(
        label="Code",
        max_length=16,
        min_length=6,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
        help_text="The 6-digit code from your authenticator app, or one of your backup codes.",
    )

    def clean_token(self):
        return self.cleaned_data["token"].replace(" ", "").strip()


def role_choices_for(party) -> list[tuple[str, str]]:
    return [(r.value, r.label) for r in PortalRole if party.is_dcc or r not in DCC_ONLY_ROLES]


class PersonInviteForm(forms.Form):
    full_name = forms.CharField(max_length=200)
    email = forms.EmailField()
    roles = forms.MultipleChoiceField(widget=forms.CheckboxSelectMultiple, required=False)

    def __init__(self, *args, party, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["roles"].choices = role_choices_for(party)


class PersonRolesForm(forms.Form):
    roles = forms.MultipleChoiceField(widget=forms.CheckboxSelectMultiple, required=False)

    def __init__(self, *args, party, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["roles"].choices = role_choices_for(party)


class ApiTokenForm(forms.Form):
    name = forms.CharField(max_length=100, help_text="What uses this token, e.g. 'billing system'.")
    days = forms.IntegerField(min_value=1, initial=90, label="Valid for (days)")


class PushEndpointForm(forms.Form):
    url = forms.URLField(max_length=500, label="HTTPS URL", assume_scheme="https")
    format = forms.ChoiceField(
        choices=PushFormat.choices,
        initial=PushFormat.JSON,
        help_text="DUIS: responses and alerts as sr:Response XML signed by the DCC, as DCC's tools expect.",
    )
    description = forms.CharField(max_length=200, required=False)


class PartyPolicyForm(forms.Form):
    require_two_factor = forms.BooleanField(
        required=False,
        label="Everyone signs in with two-factor",
        help_text="Administrators, SMKI officers and DCC staff always do; this extends it to all your people.",
    )
    max_concurrent_sessions = forms.IntegerField(
        required=False,
        min_value=1,
        label="Most people signed in at once",
        help_text="Leave empty for the portal default.",
    )


class PartyUserRoleForm(forms.Form):
    role = forms.ChoiceField(choices=UserRole.choices, label="User Role")
    user_id = forms.CharField(
        max_length=40, label="User ID (EUI-64)", help_text="For example 90-B3-D5-1F-30-01-00-07."
    )
