"""THE choke point: every CSR, whatever its path (form, API, batch, DCC system), is checked here.

``csr_check`` applies, in order: who submits (an approved ARO of an Authorised Subscriber for the
policy), the profile (``smki.csr.csr_parse``: PKCS#10, proof of possession, P-256, ECDSA-SHA256,
key usage, subject/SAN, no unexpected fields), that the EUI-64 User ID belongs to the Subscriber and
the role code is permitted for it, no public key reuse, and fewer than 100 certificates per Device
ID. Every rejection names its reason (issue 4 point 4; ANCHORS D5: one choke point).

Issuance (``smki.services.issuance``) accepts only ``CheckedCsr`` objects, which only this module
can make, so no path can skip the checks.
"""

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import Count

from portal.models import PartyUserRole, User

from .choices import CertificateKind, OfficerKind, OfficerStatus, RejectionReason, RequestChannel, RequestStatus
from .constants import DEVICE_CERTIFICATE_CAP, ROLE_CODES_BY_USER_ROLE
from .csr import CsrFacts, csr_parse
from .exceptions import CsrRejected
from .models import Subscriber

_SEAL = object()
_LOOKUP_CHUNK = 900  # stays under SQLite's bound-parameter limit


@dataclass(frozen=True)
class Submission:
    """Who submits CSRs of which family for which Subscriber, and how."""

    subscriber: Subscriber
    submitter: User | None
    kind: str
    channel: str


@dataclass(frozen=True)
class CheckedCsr:
    """A CSR that passed every check; only ``csr_check`` can create one."""

    facts: CsrFacts
    seal: object = field(repr=False, compare=False)

    def __post_init__(self):
        if self.seal is not _SEAL:
            raise TypeError("CheckedCsr objects are made only by smki.checks.csr_check.")


@dataclass(frozen=True)
class CheckOutcome:
    """The verdict on the CSR at ``index`` of the submission."""

    index: int
    checked: CheckedCsr | None = None
    reason: str = ""
    detail: str = ""

    @property
    def is_accepted(self) -> bool:
        return self.checked is not None


def submission_check(submission: Submission) -> None:
    """Checks on the submitter, common to every CSR of the submission; raises ``CsrRejected``."""
    subscriber = submission.subscriber
    # §1.4: a Party is approved as Authorised Subscriber separately per certificate policy.
    if not subscriber.is_authorised_for(submission.kind):
        raise CsrRejected(
            RejectionReason.SUBSCRIBER_NOT_AUTHORISED,
            f"{subscriber} is not an Authorised Subscriber for {submission.kind} certificates.",
        )
    if submission.channel == RequestChannel.SYSTEM and subscriber.party.is_dcc:
        return  # The DCC's own systems (e.g. the demo estate's devices) submit as the DCC.
    submitter = submission.submitter
    # §1.4 ARO: CSRs are submitted by an ARO approved for this Authorised Subscriber.
    is_aro = (
        submitter is not None
        and subscriber.officers.filter(person=submitter, kind=OfficerKind.ARO, status=OfficerStatus.APPROVED).exists()
    )
    if not (is_aro and submitter.is_active and submitter.has_perm("smki.submit_csr")):
        raise CsrRejected(
            RejectionReason.SUBMITTER_NOT_ARO, f"Only an approved ARO of {subscriber} may submit CSRs on its behalf."
        )


def csr_check(
    *, submission: Submission, csrs: Sequence[bytes | str], reviewing_request_pk: int | None = None
) -> list[CheckOutcome]:
    """Check every CSR of a submission; returns one outcome per CSR, in order.

    ``reviewing_request_pk``: an Organisation CSR re-checked at RA approval does not clash with itself.
    Raises ``CsrRejected`` when the submission itself is refused (submitter or Subscriber).
    Reads only; writes nothing.
    """
    submission_check(submission)
    outcomes: list[CheckOutcome | CsrFacts] = []
    for index, data in enumerate(csrs):
        try:
            facts = csr_parse(data, kind=submission.kind)
            if submission.kind == CertificateKind.ORGANISATION:
                _check_user_id(facts, submission.subscriber)
            outcomes.append(facts)
        except CsrRejected as exc:
            outcomes.append(CheckOutcome(index=index, reason=exc.reason, detail=exc.message))
    facts_list = [item for item in outcomes if isinstance(item, CsrFacts)]
    taken_keys = taken_public_keys(submission.kind, [f.public_key_sha256 for f in facts_list], reviewing_request_pk)
    device_counts = (
        issued_per_device([f.device_id for f in facts_list])
        if submission.kind == CertificateKind.DEVICE
        else Counter()
    )
    # App M 2.4.1.3(a): the Ad Hoc Device CSR web service (our API) is for renewing a device's
    # certificates; a first Key Agreement or Digital Signing certificate comes through the portal.
    renewal_only = submission.kind == CertificateKind.DEVICE and submission.channel == RequestChannel.API
    issued_before = Counter(device_counts) if renewal_only else None
    seen_keys: set[str] = set()
    result = []
    for index, item in enumerate(outcomes):
        if isinstance(item, CheckOutcome):
            result.append(item)
        elif issued_before is not None and not issued_before[item.device_id]:
            result.append(
                CheckOutcome(
                    index=index,
                    reason=RejectionReason.NO_EARLIER_DEVICE_CERTIFICATE,
                    detail=f"No Device Certificate has been issued for {item.device_id} yet: submit its first "
                    "CSR through the SMKI portal's Device CSR form (App M 2.4.1.3(a)).",
                )
            )
        else:
            result.append(_stateful_verdict(index, item, taken_keys, seen_keys, device_counts))
    return result


def csr_check_one(*, submission: Submission, csr: bytes | str, reviewing_request_pk: int | None = None) -> CheckedCsr:
    """``csr_check`` for a single CSR; raises ``CsrRejected`` with the reason instead of returning it."""
    (outcome,) = csr_check(submission=submission, csrs=[csr], reviewing_request_pk=reviewing_request_pk)
    if not outcome.is_accepted:
        raise CsrRejected(outcome.reason, outcome.detail)
    return outcome.checked


def _stateful_verdict(index, facts, taken_keys, seen_keys, issued_per_device) -> CheckOutcome:
    # L11.4: no public-key reuse within a certificate family.
    if facts.public_key_sha256 in taken_keys:
        return CheckOutcome(
            index=index,
            reason=RejectionReason.PUBLIC_KEY_REUSED,
            detail="This public key is already certified or awaiting review; generate a new key pair.",
        )
    if facts.public_key_sha256 in seen_keys:
        return CheckOutcome(
            index=index,
            reason=RejectionReason.DUPLICATE_IN_BATCH,
            detail="The same public key appears earlier in this submission.",
        )
    seen_keys.add(facts.public_key_sha256)
    if facts.kind == CertificateKind.DEVICE:
        # §1.7: fewer than 100 Device Certificates previously issued for the Device ID.
        if issued_per_device[facts.device_id] >= DEVICE_CERTIFICATE_CAP:
            return CheckOutcome(
                index=index,
                reason=RejectionReason.DEVICE_CAP_REACHED,
                detail=f"{DEVICE_CERTIFICATE_CAP} certificates have been issued for "
                f"{facts.device_id}; ask the Service Desk to review the threshold.",
            )
        issued_per_device[facts.device_id] += 1
    return CheckOutcome(index=index, checked=CheckedCsr(facts=facts, seal=_SEAL))


def _check_user_id(facts: CsrFacts, subscriber) -> None:
    # §1.6 step 3: the EUI-64 must belong to an Authorised Subscriber the ARO may submit for.
    user_role = PartyUserRole.objects.filter(user_id=facts.user_id).only("party_id", "role").first()
    if user_role is None or user_role.party_id != subscriber.party_id:
        raise CsrRejected(
            RejectionReason.USER_ID_NOT_SUBSCRIBER, f"User ID {facts.user_id} is not one of {subscriber}'s User IDs."
        )
    allowed = ROLE_CODES_BY_USER_ROLE.get(user_role.role, frozenset())
    if facts.role_code not in allowed:
        raise CsrRejected(
            RejectionReason.ROLE_NOT_PERMITTED,
            f"Remote party role {facts.role_code:02X} is not permitted for a {user_role.role} User ID.",
        )


def _chunks(values: list[str]):
    for start in range(0, len(values), _LOOKUP_CHUNK):
        yield values[start : start + _LOOKUP_CHUNK]


def taken_public_keys(
    kind: str, fingerprints: list[str], reviewing_request_pk: int | None = None, *, include_pending: bool = True
) -> set[str]:
    """Fingerprints among ``fingerprints`` already certified (or, optionally, awaiting review)."""
    from .models import Certificate, CertificateRequest

    taken: set[str] = set()
    for chunk in _chunks(sorted(set(fingerprints))):
        taken.update(
            Certificate.objects.filter(kind=kind, public_key_sha256__in=chunk).values_list(
                "public_key_sha256", flat=True
            )
        )
        if not include_pending:
            continue
        pending = CertificateRequest.objects.filter(
            kind=kind, status=RequestStatus.PENDING_REVIEW, public_key_sha256__in=chunk
        )
        if reviewing_request_pk is not None:
            pending = pending.exclude(pk=reviewing_request_pk)
        taken.update(pending.values_list("public_key_sha256", flat=True))
    return taken


def issued_per_device(device_ids: list[str]) -> Counter:
    from .models import Certificate

    issued: Counter = Counter()
    for chunk in _chunks(sorted(set(device_ids))):
        rows = (
            # Only Device Certificates carry a Device ID; filtering on it alone lets the planner use its index.
            Certificate.objects.filter(device_id__in=chunk)
            .values("device_id")
            .annotate(n=Count("pk"))
            .values_list("device_id", "n")
        )
        issued.update(dict(rows))
    return issued
