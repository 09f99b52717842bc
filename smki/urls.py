"""Browser pages of the SMKI app (mounted at /smki/)."""

from django.urls import path

from .views import authorities, batches, external_pki, issued_credentials, repository, requests, subscribers

app_name = "smki"
urlpatterns = [
    path("", repository.home, name="home"),
    path("repository/", repository.certificate_list, name="certificate_list"),
    path("certificates/<str:serial>/", repository.certificate_detail, name="certificate_detail"),
    path("certificates/<str:serial>/download.<str:fmt>", repository.certificate_download, name="certificate_download"),
    path("certificates/<str:serial>/<str:action>/", repository.certificate_action, name="certificate_action"),
    path("authorities/<int:pk>/certificate.<str:fmt>", repository.authority_download, name="authority_download"),
    path(
        "authorities/<int:pk>/revocation.crl",
        repository.authority_revocation_list_download,
        name="authority_revocation_list",
    ),
    path("revocation/<str:kind>.crl", repository.revocation_list_download, name="revocation_list"),
    path("requests/", requests.request_list, name="request_list"),
    path("requests/new/", requests.request_new, name="request_new"),
    path("requests/review/", requests.review_queue, name="review_queue"),
    path("requests/<int:pk>/", requests.request_detail, name="request_detail"),
    path("requests/<int:pk>/<str:decision>/", requests.request_review, name="request_review"),
    path("batches/new/", batches.batch_new, name="batch_new"),
    path("batches/<int:pk>/", batches.batch_detail, name="batch_detail"),
    path("batches/<int:pk>/<str:what>/", batches.batch_download, name="batch_download"),
    path("pickup/", batches.pickup, name="pickup"),
    path("subscribers/", subscribers.subscriber_list, name="subscriber_list"),
    path("subscribers/apply/", subscribers.subscriber_apply, name="subscriber_apply"),
    path("subscribers/<int:pk>/", subscribers.subscriber_detail, name="subscriber_detail"),
    path("subscribers/<int:pk>/<str:action>/", subscribers.subscriber_action, name="subscriber_action"),
    path("officers/<int:pk>/<str:action>/", subscribers.officer_action, name="officer_action"),
    path("authorities/", authorities.authority_operations, name="authority_operations"),
    path("external-pki/", external_pki.external_pki, name="external_pki"),
    path("test-credentials/", issued_credentials.credential_list, name="credential_list"),
    path(
        "test-credentials/keystore.json", issued_credentials.credential_keystore_download, name="credential_keystore"
    ),
    path("test-credentials/<int:pk>.pem", issued_credentials.credential_pem_download, name="credential_pem"),
    path("external-pki/imports/<int:pk>/", external_pki.external_pki_import, name="external_pki_import"),
    path(
        "authorities/operations/<int:pk>/<str:decision>/",
        authorities.authority_operation_decide,
        name="authority_operation_decide",
    ),
]
