"""SMKI API: the public Repository read API, CSR submission and review, batches, revocation."""

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from portal.api.fields import EUI64SerializerField
from portal.api.views import PROBLEM, has_perm

from .. import selectors, services
from ..checks import Submission
from ..choices import CertificateKind, RequestChannel, RevocationListKind
from ..exceptions import BatchRejected, KeystoreInvalid, SmkiNotPermitted
from ..filters import CertificateFilterSet, CertificateRequestFilterSet
from ..models import Certificate, Subscriber
from ..services.external_pki import external_pki_import_start
from ..services.issued_credentials import credential_pem, credentials_issue, credentials_keystore
from . import serializers as s

DER_RESPONSE = OpenApiResponse(OpenApiTypes.BINARY, description="DER bytes")
PEM_RESPONSE = OpenApiResponse(OpenApiTypes.STR, description="PEM text")


def _subscriber_of(user) -> Subscriber:
    subscriber = Subscriber.objects.filter(party_id=user.party_id).first()
    if subscriber is None:
        raise SmkiNotPermitted(f"{user.party} is not an SMKI Subscriber.", code="smki.not_a_subscriber")
    return subscriber


class CertificateViewSet(viewsets.ReadOnlyModelViewSet):
    """The SMKI Repository for relying parties: search and download every certificate (L6.1)."""

    lookup_field = "serial"
    lookup_value_regex = "[0-9A-Fa-f]{1,40}"
    filterset_class = CertificateFilterSet

    def get_queryset(self):
        return selectors.certificate_list(actor=self.request.user).order_by("-issued_at", "-pk")

    def get_object(self):
        try:
            return selectors.certificate_get(actor=self.request.user, serial=self.kwargs["serial"])
        except Certificate.DoesNotExist as exc:
            raise Http404 from exc

    def get_serializer_class(self):
        return s.CertificateWithPemSerializer if self.action == "retrieve" else s.CertificateSerializer

    @extend_schema(responses={200: PEM_RESPONSE, 404: PROBLEM}, summary="The certificate as PEM")
    @action(detail=True, methods=["get"])
    def pem(self, request, serial=None):
        return HttpResponse(self.get_object().pem, content_type="application/x-pem-file")

    @extend_schema(responses={200: DER_RESPONSE, 404: PROBLEM}, summary="The certificate as DER")
    @action(detail=True, methods=["get"])
    def der(self, request, serial=None):
        return HttpResponse(bytes(self.get_object().der), content_type="application/pkix-cert")

    @extend_schema(
        request=s.RevokeInputSerializer,
        responses={200: s.CertificateSerializer, 403: PROBLEM, 404: PROBLEM},
        summary="Revoke an Organisation Certificate (SRO or RA officer; permanent)",
    )
    @action(detail=True, methods=["post"])
    def revoke(self, request, serial=None):
        data = s.RevokeInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        certificate = services.certificate_revoke(
            actor=request.user, certificate=self.get_object(), **data.validated_data
        )
        return Response(s.CertificateSerializer(certificate).data)

    @extend_schema(
        request=None,
        responses={200: s.CertificateSerializer, 403: PROBLEM, 409: PROBLEM},
        summary="Accept an issued certificate for the Subscriber (it becomes In use)",
    )
    @action(detail=True, methods=["post"])
    def accept(self, request, serial=None):
        certificate = services.certificate_accept(actor=request.user, certificate=self.get_object())
        return Response(s.CertificateSerializer(certificate).data)

    @extend_schema(
        request=s.SubscriberRejectInputSerializer,
        responses={200: s.CertificateSerializer, 403: PROBLEM},
        summary="Reject an issued certificate as inconsistent with its CSR",
    )
    @action(detail=True, methods=["post"])
    def reject(self, request, serial=None):
        data = s.SubscriberRejectInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        certificate = services.certificate_reject_by_subscriber(
            actor=request.user, certificate=self.get_object(), detail=data.validated_data["detail"]
        )
        return Response(s.CertificateSerializer(certificate).data)


class AuthorityViewSet(viewsets.ReadOnlyModelViewSet):
    """Root and issuing CA certificates: public repository documents."""

    permission_classes = [AllowAny]
    serializer_class = s.AuthoritySerializer
    pagination_class = None

    def get_queryset(self):
        return selectors.authority_list()

    @extend_schema(
        responses={200: DER_RESPONSE, 404: PROBLEM},
        summary="This CA's latest CRL (Issuing OCA) or ARL (Root); Device CAs publish none",
    )
    @action(detail=True, methods=["get"], url_path="revocation-list")
    def revocation_list(self, request, pk=None):
        current = selectors.authority_revocation_list(authority_id=self.get_object().pk)
        if current is None:
            raise Http404
        return HttpResponse(bytes(current.der), content_type="application/pkix-crl")


class RevocationListApi(APIView):
    """The current Organisation CRL or ARL (DER), for anyone."""

    permission_classes = [AllowAny]

    @extend_schema(responses={200: DER_RESPONSE, 404: PROBLEM}, summary="The current CRL ('crl') or ARL ('arl')")
    def get(self, request, kind):
        if kind not in RevocationListKind.values:
            raise Http404
        current = selectors.current_revocation_list(kind=kind)
        if current is None:
            raise Http404
        return HttpResponse(bytes(current.der), content_type="application/pkix-crl")


class CertificateRequestViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Ad-hoc CSRs: Organisation CSRs wait for RA review; Device CSRs answer with the certificate."""

    serializer_class = s.CertificateRequestSerializer
    filterset_class = CertificateRequestFilterSet

    def get_queryset(self):
        return selectors.request_list(actor=self.request.user).order_by("-pk")

    def get_permissions(self):
        if self.action == "create":
            return [has_perm("smki.submit_csr")()]
        if self.action in ("approve", "reject"):
            return [has_perm("smki.review_csr")()]
        return super().get_permissions()

    @extend_schema(
        request=s.CertificateRequestInputSerializer,
        responses={201: s.CertificateRequestSerializer, 400: PROBLEM, 403: PROBLEM},
        summary="Submit one CSR (the choke point checks it; rejections name their reason)",
    )
    def create(self, request, *args, **kwargs):
        data = s.CertificateRequestInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        submission = Submission(
            subscriber=_subscriber_of(request.user),
            submitter=request.user,
            kind=data.validated_data["kind"],
            channel=RequestChannel.API,
        )
        created = services.certificate_request_submit(submission=submission, csr=data.validated_data["csr"])
        return Response(s.CertificateRequestSerializer(created).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=None,
        responses={200: s.CertificateRequestSerializer, 400: PROBLEM, 403: PROBLEM, 409: PROBLEM},
        summary="RA: approve and issue an Organisation CSR",
    )
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        row = get_object_or_404(self.get_queryset().defer(None), pk=pk)
        services.certificate_request_approve(actor=request.user, request=row)
        row.refresh_from_db()
        return Response(s.CertificateRequestSerializer(row).data)

    @extend_schema(
        request=s.RequestRejectInputSerializer,
        responses={200: s.CertificateRequestSerializer, 403: PROBLEM, 409: PROBLEM},
        summary="RA: reject an Organisation CSR with a reason",
    )
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        row = get_object_or_404(self.get_queryset().defer(None), pk=pk)
        data = s.RequestRejectInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.certificate_request_reject(actor=request.user, request=row, **data.validated_data)
        return Response(s.CertificateRequestSerializer(row).data)


class BatchViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Batched Device CSRs (up to 50,000): 202 with the batch to poll, then the pickup files."""

    serializer_class = s.BatchSerializer
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        return selectors.batch_list(actor=self.request.user).order_by("-pk")

    def get_permissions(self):
        if self.action == "create":
            return [has_perm("smki.submit_csr")()]
        return super().get_permissions()

    @extend_schema(
        request=s.BatchInputSerializer,
        responses={202: s.BatchSerializer, 400: PROBLEM, 403: PROBLEM},
        summary="Submit a Batched CSR (zip upload or JSON list); processed in the background",
    )
    def create(self, request, *args, **kwargs):
        data = s.BatchInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        archive = data.validated_data.get("archive")
        if archive and archive.size > settings.SMKI_BATCH_MAX_UPLOAD_BYTES:
            # Refused before the upload is read into memory (the service checks the bytes again).
            raise BatchRejected(
                f"The zip is larger than {settings.SMKI_BATCH_MAX_UPLOAD_BYTES} bytes.", code="smki.batch.too_large"
            )
        payload = archive.read() if archive else services.csrs_to_zip(data.validated_data["csrs"])
        submission = Submission(
            subscriber=_subscriber_of(request.user),
            submitter=request.user,
            kind=CertificateKind.DEVICE,
            channel=RequestChannel.API,
        )
        batch = services.csr_batch_submit(
            submission=submission, data=payload, name=archive.name if archive else "api.zip"
        )
        return Response(s.BatchSerializer(batch, context={"request": request}).data, status=status.HTTP_202_ACCEPTED)

    def _file(self, pk, field_name, filename):
        batch = get_object_or_404(selectors.pickup_batches(actor=self.request.user), pk=pk)
        field = getattr(batch, field_name)
        if not field:
            raise Http404
        return FileResponse(field.open("rb"), as_attachment=True, filename=filename)

    @extend_schema(
        responses={200: OpenApiResponse(OpenApiTypes.BINARY, description="zip of PEM certificates"), 404: PROBLEM},
        summary="The batch's certificates (within 30 days)",
    )
    @action(detail=True, methods=["get"])
    def certificates(self, request, pk=None):
        return self._file(pk, "certificates_file", f"batch-{pk}-certificates.zip")

    @extend_schema(
        responses={200: OpenApiResponse(OpenApiTypes.STR, description="tab-separated status per CSR"), 404: PROBLEM},
        summary="The batch's per-CSR status report (within 30 days)",
    )
    @action(detail=True, methods=["get"])
    def report(self, request, pk=None):
        return self._file(pk, "report_file", f"batch-{pk}-report.txt")


class ExternalPkiImportViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Imports of an external test PKI's keystore.json (DCC staff): 202, then the per-entry report."""

    serializer_class = s.ExternalPkiImportSerializer
    parser_classes = [MultiPartParser, FormParser]

    def get_queryset(self):
        return selectors.external_pki_import_list(actor=self.request.user).order_by("-pk")

    @extend_schema(
        request=s.ExternalPkiImportInputSerializer,
        responses={202: s.ExternalPkiImportSerializer, 400: PROBLEM, 403: PROBLEM},
        summary="Import an external test PKI's public certificates (e.g. DCC's ZAZ1 keystore.json)",
    )
    def create(self, request, *args, **kwargs):
        data = s.ExternalPkiImportInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        upload = data.validated_data["keystore"]
        if upload.size > settings.SMKI_KEYSTORE_MAX_BYTES:
            raise KeystoreInvalid(f"The file is larger than {settings.SMKI_KEYSTORE_MAX_BYTES} bytes.")
        job = external_pki_import_start(
            actor=request.user, data=upload.read(), filename=upload.name, source=data.validated_data["source"]
        )
        job.refresh_from_db()
        serializer = s.ExternalPkiImportSerializer(job, context={"request": request})
        return Response(serializer.data, status=status.HTTP_202_ACCEPTED)


KEYSTORE_RESPONSE = OpenApiResponse(OpenApiTypes.OBJECT, description="keystore.json (DCC's JSON key store)")


class IssuedCredentialViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Project-issued test credentials of the caller's Party (D-ZAZ-05): issue, list, download."""

    serializer_class = s.IssuedCredentialSerializer

    def get_queryset(self):
        return selectors.issued_credential_list(actor=self.request.user).select_related("certificate__authority")

    @extend_schema(
        request=s.IssuedCredentialInputSerializer,
        responses={201: s.IssuedCredentialSerializer(many=True), 400: PROBLEM, 403: PROBLEM},
        summary="Generate key pairs and issue test certificates (XmlSign, DS, KA) for one of your User IDs",
    )
    def create(self, request, *args, **kwargs):
        data = s.IssuedCredentialInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        issued = credentials_issue(
            actor=request.user,
            user_id=data.validated_data["user_id"],
            kinds=sorted(data.validated_data["kinds"]),
            role_code=data.validated_data.get("role_code"),
            common_name=data.validated_data["common_name"],
        )
        body = s.IssuedCredentialSerializer(issued, many=True, context={"request": request}).data
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(
        responses={200: PEM_RESPONSE, 403: PROBLEM, 404: PROBLEM},
        summary="The credential's certificate and PKCS#8 private key, PEM (audited)",
    )
    @action(detail=True, methods=["get"])
    def pem(self, request, pk=None):
        credential = get_object_or_404(self.get_queryset(), pk=pk)
        response = HttpResponse(
            credential_pem(actor=request.user, credential=credential), content_type="application/x-pem-file"
        )
        response["Cache-Control"] = "no-store"
        return response

    @extend_schema(
        parameters=[OpenApiParameter("user_id", str, description="Only this User ID's credentials.")],
        responses={200: KEYSTORE_RESPONSE, 403: PROBLEM},
        summary="Your Party's unrevoked test credentials as keystore.json, with private keys (audited)",
    )
    @action(detail=False, methods=["get"])
    def keystore(self, request):
        credentials = self.get_queryset().exclude(certificate__status="revoked")
        user_id = request.query_params.get("user_id")
        if user_id:
            field = EUI64SerializerField()
            credentials = credentials.filter(certificate__user_id=field.run_validation(user_id))
        response = Response(credentials_keystore(actor=request.user, credentials=list(credentials)))
        response["Cache-Control"] = "no-store"
        return response
