from django.apps import AppConfig


class SmkiConfig(AppConfig):
    name = "smki"
    verbose_name = "SMKI"

    def ready(self):
        from portal.choices import PortalRole
        from portal.registry import (
            DashboardCard,
            DemoSeeder,
            NavItem,
            register_dashboard_card,
            register_demo_seeder,
            register_nav,
        )
        from portal.roles import grant

        from .demo import seed_smki
        from .permissions import Perm

        # §1.4: AROs submit CSRs; SROs (never AROs) request revocation; both accept certificates.
        # D-ZAZ-05: the ARO, who obtains certificates for the Party, also has test credentials issued.
        grant(PortalRole.SMKI_ARO, [Perm.SUBMIT_CSR, Perm.ACCEPT_CERTIFICATE, Perm.MANAGE_TEST_CREDENTIALS])
        grant(PortalRole.SMKI_SRO, [Perm.REVOKE_CERTIFICATE, Perm.ACCEPT_CERTIFICATE])
        # RA staff review CSRs and Subscribers, revoke on the DCC's behalf and operate CAs.
        grant(
            PortalRole.SMKI_RA_OFFICER,
            [
                Perm.REVIEW_CSR,
                Perm.REVIEW_SUBSCRIBER,
                Perm.OPERATE_CA,
                Perm.REVOKE_CERTIFICATE,
                Perm.IMPORT_EXTERNAL_PKI,
            ],
        )
        # Loading DCC's test PKI (ZAZ1) for DCC's tools is a DCC staff task (issue 12 item 7).
        grant(PortalRole.DCC_ADMINISTRATOR, [Perm.IMPORT_EXTERNAL_PKI])
        register_nav(NavItem(500, "SMKI", "smki:home"))
        register_dashboard_card(DashboardCard(500, "smki/partials/dashboard_card.html", context=_dashboard))
        register_demo_seeder(DemoSeeder(40, "smki", seed_smki))


def _dashboard(request):
    """Home-page card: RA officers see the review queue; Subscribers their pending CSRs and pickups."""
    from .choices import CertificateKind, RequestStatus
    from .permissions import is_ra_officer
    from .selectors import pickup_batches, request_list, review_queue

    user = request.user
    if not (
        user.is_authenticated
        and (user.has_perm("smki.submit_csr") or user.has_perm("smki.revoke_certificate") or is_ra_officer(user))
    ):
        return None
    if is_ra_officer(user):
        return {
            "title": "SMKI review",
            "lines": [(f"{review_queue(actor=user).count()} Organisation CSRs awaiting review", "smki:review_queue")],
        }
    pending = request_list(actor=user).filter(status=RequestStatus.PENDING_REVIEW, kind=CertificateKind.ORGANISATION)
    return {
        "title": "SMKI",
        "lines": [
            (f"{pending.count()} of your Organisation CSRs awaiting review", "smki:request_list"),
            (f"{pickup_batches(actor=user).count()} batches on the pickup page", "smki:pickup"),
        ],
    }
