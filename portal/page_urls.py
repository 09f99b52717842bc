"""Platform pages (namespace ``portal``)."""

from django.urls import path

from .views import auth, pages, parties

app_name = "portal"
urlpatterns = [
    path("", pages.home, name="home"),
    path("accounts/sign-in/", auth.SignInView.as_view(), name="login"),
    path("accounts/sign-out/", auth.sign_out, name="logout"),
    path("accounts/two-factor/", auth.otp_verify, name="otp-verify"),
    path("accounts/two-factor/enrol/", auth.otp_enrol, name="otp-enrol"),
    path("accounts/two-factor/backup-codes/", auth.backup_codes_regenerate, name="backup-codes"),
    path("accounts/invitation/<uidb64>/<token>/", auth.InvitationAcceptView.as_view(), name="invitation-accept"),
    path("account/", pages.account, name="account"),
    path("account/tokens/", pages.tokens, name="tokens"),
    path("account/tokens/<int:pk>/revoke/", pages.token_revoke, name="token-revoke"),
    path("admin-ssi/people/", pages.people, name="people"),
    path("admin-ssi/people/invite/", pages.person_invite, name="person-invite"),
    path("admin-ssi/people/<int:pk>/", pages.person_detail, name="person"),
    path("admin-ssi/people/<int:pk>/deactivate/", pages.person_deactivate, name="person-deactivate"),
    path("admin-ssi/endpoints/", pages.endpoints, name="endpoints"),
    path("admin-ssi/endpoints/<int:pk>/deactivate/", pages.endpoint_deactivate, name="endpoint-deactivate"),
    path("parties/", parties.party_list, name="parties"),
    path("parties/<int:pk>/", parties.party_detail, name="party"),
    path("parties/<int:pk>/user-roles/", parties.party_user_role_add, name="party-user-role-add"),
    path("outbox/", pages.outbox, name="outbox"),
    path("outbox/<int:pk>/replay/", pages.outbox_replay, name="outbox-replay"),
    path("audit/", pages.audit_log, name="audit"),
    path("jobs/", pages.jobs, name="jobs"),
    path("jobs/<int:pk>/", pages.job_detail, name="job"),
    path("jobs/<int:pk>/result/", pages.job_result, name="job-result"),
    path("notifications/", pages.notifications, name="notifications"),
]
