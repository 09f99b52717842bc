"""Service information API: maintenance, notices, status, FAQs and guides, forms, feedback."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from portal.api.views import has_perm

from .. import selectors, services
from ..permissions import Perm
from . import serializers as s

PROBLEM = OpenApiResponse(description="Problem details (RFC 7807)")


class MaintenanceWindowViewSet(viewsets.ReadOnlyModelViewSet):
    """Maintenance windows: published ones for every User; drafts for DCC staff managing them."""

    queryset = selectors.MaintenanceWindow.objects.none()
    serializer_class = s.MaintenanceWindowSerializer

    def get_queryset(self):
        return selectors.maintenance_list(actor=self.request.user)

    def get_permissions(self):
        if self.action in ("create", "publish", "cancel", "check", "post_update"):
            return [has_perm(Perm.MANAGE)()]
        return super().get_permissions()

    @extend_schema(
        request=s.MaintenanceCreateSerializer,
        responses={201: s.MaintenanceWindowSerializer, 400: PROBLEM, 403: PROBLEM},
    )
    def create(self, request):
        data = s.MaintenanceCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        window = services.maintenance_create(actor=request.user, kind=values.pop("maintenance_kind"), **values)
        return Response(s.MaintenanceWindowSerializer(window).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=None, responses={200: s.RuleCheckSerializer, 404: PROBLEM}, summary="Check a window against H8.3/H8.4"
    )
    @action(detail=True, methods=["get"])
    def check(self, request, pk=None):
        violations = services.maintenance_rule_violations(window=self.get_object())
        return Response({"compliant": not violations, "violations": violations})

    @extend_schema(
        request=None, responses={200: s.MaintenanceWindowSerializer, 400: PROBLEM, 404: PROBLEM, 409: PROBLEM}
    )
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        window = services.maintenance_publish(actor=request.user, window=self.get_object())
        return Response(s.MaintenanceWindowSerializer(window).data)

    @extend_schema(
        request=s.MaintenanceCancelSerializer,
        responses={200: s.MaintenanceWindowSerializer, 400: PROBLEM, 404: PROBLEM, 409: PROBLEM},
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        data = s.MaintenanceCancelSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        window = services.maintenance_cancel(
            actor=request.user, window=self.get_object(), reason=data.validated_data["reason"]
        )
        return Response(s.MaintenanceWindowSerializer(window).data)

    @extend_schema(
        request=s.MaintenanceUpdateSerializer,
        responses={200: s.MaintenanceWindowSerializer, 400: PROBLEM, 404: PROBLEM},
        summary="Tell Users how the duration or disruption differs from the plan (H8.7)",
    )
    @action(detail=True, methods=["post"], url_path="update")
    def post_update(self, request, pk=None):
        data = s.MaintenanceUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        window = services.maintenance_post_update(
            actor=request.user, window=self.get_object(), text=data.validated_data["text"]
        )
        return Response(s.MaintenanceWindowSerializer(window).data)


class ServiceNoticeViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Unplanned disruption notices (H8.6)."""

    queryset = selectors.ServiceNotice.objects.none()
    serializer_class = s.ServiceNoticeSerializer

    def get_queryset(self):
        return selectors.notice_list(actor=self.request.user)

    def get_permissions(self):
        if self.action in ("create", "resolve"):
            return [has_perm(Perm.MANAGE)()]
        return super().get_permissions()

    @extend_schema(
        request=s.ServiceNoticeSerializer, responses={201: s.ServiceNoticeSerializer, 400: PROBLEM, 403: PROBLEM}
    )
    def create(self, request):
        data = s.ServiceNoticeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        notice = services.notice_create(actor=request.user, **data.validated_data)
        return Response(s.ServiceNoticeSerializer(notice).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: s.ServiceNoticeSerializer, 400: PROBLEM, 404: PROBLEM})
    @action(detail=True, methods=["post"])
    def resolve(self, request, pk=None):
        notice = services.notice_resolve(actor=request.user, notice=self.get_object())
        return Response(s.ServiceNoticeSerializer(notice).data)


class ServiceStatusApi(APIView):
    @extend_schema(responses=s.ServiceStatusSerializer(many=True), summary="Current state of every DCC service")
    def get(self, request):
        return Response(s.ServiceStatusSerializer(selectors.service_status(actor=request.user), many=True).data)


class ArticleViewSet(viewsets.ReadOnlyModelViewSet):
    """FAQs and guides. Filter with ``?kind=faq|guide`` and ``?q=``."""

    queryset = selectors.Article.objects.none()
    serializer_class = s.ArticleSerializer
    lookup_field = "slug"

    def get_queryset(self):
        return selectors.article_list(
            actor=self.request.user,
            kind=self.request.query_params.get("kind"),
            q=self.request.query_params.get("q", ""),
        )


class DownloadableFormViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = selectors.DownloadableForm.objects.none()
    serializer_class = s.DownloadableFormSerializer

    def get_queryset(self):
        return selectors.form_list(actor=self.request.user)


class FeedbackViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Feedback about SSI pages: anyone signed in may leave it; a Party sees its own."""

    queryset = selectors.Feedback.objects.none()
    serializer_class = s.FeedbackSerializer

    def get_queryset(self):
        return selectors.feedback_list(actor=self.request.user)

    @extend_schema(request=s.FeedbackSerializer, responses={201: s.FeedbackSerializer, 400: PROBLEM})
    def create(self, request):
        data = s.FeedbackSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        feedback = services.feedback_submit(actor=request.user, **data.validated_data)
        return Response(s.FeedbackSerializer(feedback).data, status=status.HTTP_201_CREATED)
