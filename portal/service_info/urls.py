"""Browser pages of SSI service information."""

from django.urls import path

from . import views

app_name = "service_info"
urlpatterns = [
    path("", views.status, name="status"),
    path("maintenance/", views.maintenance_calendar, name="maintenance"),
    path("maintenance/new/", views.maintenance_create, name="maintenance-create"),
    path("maintenance/<int:pk>/", views.maintenance_detail, name="maintenance-detail"),
    path("maintenance/<int:pk>/publish/", views.maintenance_publish, name="maintenance-publish"),
    path("maintenance/<int:pk>/cancel/", views.maintenance_cancel, name="maintenance-cancel"),
    path("maintenance/<int:pk>/update/", views.maintenance_update, name="maintenance-update"),
    path("notices/new/", views.notice_create, name="notice-create"),
    path("notices/<int:pk>/resolve/", views.notice_resolve, name="notice-resolve"),
    path("help/", views.help_index, name="help"),
    path("help/new/", views.article_edit, name="article-create"),
    path("help/<slug:slug>/", views.article_detail, name="article"),
    path("help/<slug:slug>/edit/", views.article_edit, name="article-edit"),
    path("forms/", views.form_list, name="forms"),
    path("forms/<int:pk>/download/", views.form_download, name="form-download"),
    path("feedback/", views.feedback, name="feedback"),
    path("feedback/review/", views.feedback_review, name="feedback-review"),
]
