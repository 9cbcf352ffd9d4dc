from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html

from reports import services
from reports.choices import ReportStatus
from reports.models import LinkCheck, Report


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "subject",
        "requested_by",
        "status",
        "progress_display",
        "row_count",
        "requested_at",
        "finished_at",
        "download_link",
    ]
    list_filter = ["status", "kind", "preset", "endpoint"]
    list_select_related = ["requested_by"]
    search_fields = ["=id", "requested_by__username", "preset", "endpoint", "error"]
    date_hierarchy = "requested_at"
    actions = ["queue_again"]
    readonly_fields = [
        "requested_by",
        "kind",
        "preset",
        "endpoint",
        "filters",
        "columns",
        "selected_records",
        "status",
        "progress_display",
        "rows_written",
        "rows_expected",
        "row_count",
        "download_link",
        "size",
        "sha256",
        "metadata",
        "error",
        "task_id",
        "attempts",
        "requested_at",
        "started_at",
        "heartbeat_at",
        "finished_at",
        "expired_at",
    ]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "requested_by",
                    "kind",
                    "preset",
                    "endpoint",
                    "filters",
                    "columns",
                    "selected_records",
                ]
            },
        ),
        (
            "Progress",
            {
                "fields": [
                    "status",
                    "progress_display",
                    "error",
                    "requested_at",
                    "started_at",
                    "heartbeat_at",
                    "finished_at",
                    "attempts",
                    "task_id",
                ]
            },
        ),
        (
            "File",
            {
                "fields": [
                    "download_link",
                    "row_count",
                    "size",
                    "sha256",
                    "metadata",
                    "expired_at",
                    "expiry_reason",
                ]
            },
        ),
    ]

    def has_add_permission(self, request):
        # Reports are requested from a changelist's actions or the API, never typed in.
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)

    # A finished snapshot may be cited: deleting it deletes its file and keeps its row, the
    # tombstone that /api/v1/snapshots/<id>/ answers with (410). Other reports go altogether.
    def delete_model(self, request, obj):
        self.delete_queryset(request, Report.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        snapshots = queryset.filter(pk__in=Report.objects.public_snapshots().values("pk"))
        reason = f"Deleted in the admin by {request.user.get_username()}."
        for snapshot in snapshots:
            services.delete_file(snapshot, reason)
        others = queryset.exclude(pk__in=snapshots.values("pk"))
        for report in others.exclude(file=""):
            report.file.delete(save=False)
        super().delete_queryset(request, others)

    def get_urls(self):
        download = path(
            "<int:report_id>/download/",
            self.admin_site.admin_view(self.download_view),
            name="reports_report_download",
        )
        return [download, *super().get_urls()]

    def download_view(self, request, report_id):
        if not self.has_view_permission(request):
            raise PermissionDenied
        report = get_object_or_404(self.get_queryset(request), pk=report_id)
        if not report.downloadable:
            raise Http404("This report has no file to download.")
        return FileResponse(report.file.open("rb"), as_attachment=True, filename=report.filename)

    def changelist_view(self, request, extra_context=None):
        in_progress = self.get_queryset(request).filter(
            status__in=[ReportStatus.QUEUED, ReportStatus.RUNNING]
        )
        extra_context = {**(extra_context or {}), "reports_in_progress": in_progress.exists()}
        return super().changelist_view(request, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        report = self.get_queryset(request).filter(pk=object_id).first()
        if report is not None and services.fail_if_stale(report):
            self.message_user(request, report.error, messages.WARNING)
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.display(description="progress")
    def progress_display(self, report):
        if report.status == ReportStatus.DONE:
            return f"{report.row_count} rows"
        if report.rows_expected is None:
            return report.get_status_display()
        share = report.progress or 0
        return f"{report.rows_written} of {report.rows_expected} rows ({share:.0%})"

    @admin.display(description="file")
    def download_link(self, report):
        if not report.downloadable:
            return "expired" if report.expired_at else "—"
        url = reverse("admin:reports_report_download", args=[report.pk])
        return format_html('<a href="{}">{}</a>', url, report.filename)

    @admin.display(description="selected records")
    def selected_records(self, report):
        return len(report.selection) if report.selection is not None else "—"

    @admin.action(description="Queue the selected failed reports again", permissions=["view"])
    def queue_again(self, request, queryset):
        queued = 0
        for report in queryset.filter(status=ReportStatus.FAILED):
            try:
                services.requeue(report)
            except services.ReportQueueError as error:
                self.message_user(request, f"The report could not be queued. {error}", messages.ERROR)
                return
            except ValidationError as error:
                self.message_user(request, "; ".join(error.messages), messages.ERROR)
                return
            queued += 1
        self.message_user(request, f"{queued} report(s) queued again.", messages.SUCCESS)


@admin.register(LinkCheck)
class LinkCheckAdmin(admin.ModelAdmin):
    list_display = [
        "source",
        "url",
        "checked_at",
        "status_code",
        "final_url",
        "error",
        "elapsed_ms",
        "text_changed",
    ]
    list_filter = ["status_code", "text_changed", "checked_at"]
    list_select_related = ["source"]
    search_fields = ["url", "final_url", "error", "source__title"]
    date_hierarchy = "checked_at"

    def get_queryset(self, request):
        return super().get_queryset(request).defer("source__text")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
