"""WAN coverage API: look-up (recorded as a check), checks and proof, datasets and import."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from portal.api.views import has_perm
from portal.exceptions import ApplicationError

from .. import selectors, services
from ..filters import CoverageCheckFilterSet
from ..models import CoverageCheck, CoverageDataset
from ..permissions import Perm
from . import serializers as s

PROBLEM = OpenApiResponse(description="Problem details (RFC 7807)")


class CoverageQueryProblem(ApplicationError):
    code = "coverage.bad_query"


class NoDatasetProblem(ApplicationError):
    code = "coverage.no_dataset"
    status = 404


class CoverageLookupApi(APIView):
    permission_classes = [has_perm(Perm.CHECK)]

    @extend_schema(
        parameters=[s.LookupQuerySerializer],
        responses={200: s.CoverageAnswerSerializer, 400: PROBLEM, 403: PROBLEM, 404: PROBLEM},
        summary="Check coverage by postcode, outcode or UPRN (recorded as a check of your Party)",
    )
    def get(self, request):
        query = s.LookupQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        try:
            answer, _ = services.coverage_check(
                actor=request.user, kind=data["kind"], value=data["value"], premises=data["premises"], channel="api"
            )
        except selectors.CoverageQueryError as exc:
            raise CoverageQueryProblem(str(exc)) from exc
        except LookupError as exc:
            raise NoDatasetProblem(str(exc)) from exc
        return Response(s.CoverageAnswerSerializer(answer).data)


class CoverageCheckViewSet(viewsets.ReadOnlyModelViewSet):
    """Coverage checks recorded for the caller's Party (DCC staff: all)."""

    queryset = CoverageCheck.objects.none()
    serializer_class = s.CoverageCheckSerializer
    filterset_class = CoverageCheckFilterSet
    permission_classes = [has_perm(Perm.CHECK)]
    lookup_field = "reference"

    def get_queryset(self):
        return selectors.check_list(actor=self.request.user)

    @extend_schema(
        parameters=[s.ProofQuerySerializer],
        responses={200: s.ProofSerializer, 400: PROBLEM},
        summary="Find a check made within 30 days before an installation (App I 4.1)",
    )
    @action(detail=False, methods=["get"])
    def proof(self, request):
        query = s.ProofQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        result = selectors.coverage_check_proof(actor=request.user, **query.validated_data)
        return Response(s.ProofSerializer(result).data)


class CoverageDatasetViewSet(viewsets.ReadOnlyModelViewSet):
    """Imported coverage datasets, newest first; DCC staff import new versions."""

    queryset = CoverageDataset.objects.none()
    serializer_class = s.DatasetSerializer
    permission_classes = [has_perm(Perm.CHECK)]

    def get_queryset(self):
        return selectors.dataset_list()

    def get_permissions(self):
        if self.action == "create":
            return [has_perm(Perm.MANAGE)()]
        return super().get_permissions()

    @extend_schema(
        request={"multipart/form-data": s.DatasetImportSerializer},
        responses={202: s.JobAcceptedSerializer, 400: PROBLEM, 403: PROBLEM},
        summary="Import a coverage CSV as a new version (a background job; the whole file is validated first)",
    )
    def create(self, request):
        data = s.DatasetImportSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        job = services.coverage_dataset_import_start(
            actor=request.user,
            version=v["version"],
            effective_date=v["effective_date"],
            horizon_date=v.get("horizon_date"),
            file=v["file"],
        )
        return Response({"job": job.pk, "url": f"/api/v1/portal/jobs/{job.pk}/"}, status=status.HTTP_202_ACCEPTED)
