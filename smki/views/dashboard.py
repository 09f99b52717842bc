"""The SMKI card on the portal home page."""

from ..choices import CertificateKind, RequestStatus
from ..permissions import is_ra_officer
from ..selectors import pickup_batches, request_list, review_queue


def dashboard_card_context(request):
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
