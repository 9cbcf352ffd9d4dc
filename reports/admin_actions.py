"""Admin actions that turn a changelist into a background CSV report.

``ReportsConfig.ready()`` adds both actions to the registered admins of the models in
``ENDPOINT_FOR_MODEL`` (actors and events need not import reports); ``ReportExportMixin`` does
the same for any other ModelAdmin that names its ``report_endpoint``. The actions:

- "Export selection as a CSV report": the ticked records;
- "Export whole filtered list as a CSV report": every record the changelist shows with its
  current search and filters, on every page (Django runs an action only with at least one row
  ticked; which ones does not matter for this action).

The report is an export of the matching API list (same columns as ``?format=csv``), and like
everything researchers can download it holds published records only: the message says how many
of the chosen records that leaves out. Progress is shown on the report's admin page.
"""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html

from reports import plans, services

# Which API list a model's changelist exports to.
ENDPOINT_FOR_MODEL = {
    "events.event": "events",
    "events.tie": "ties",
    "events.claim": "claims",
    "events.source": "sources",
    "events.place": "places",
    "actors.actor": "actors",
}


def endpoint_for(modeladmin):
    endpoint = getattr(modeladmin, "report_endpoint", None) or ENDPOINT_FOR_MODEL.get(
        modeladmin.model._meta.label_lower
    )
    if endpoint not in plans.exports():
        raise ValueError(f"{modeladmin.model._meta.label} has no report export; set report_endpoint.")
    return endpoint


def queue_export(modeladmin, request, ids, what):
    """Request an export of the records ``ids`` and tell the user what happened."""
    endpoint = endpoint_for(modeladmin)
    try:
        published = plans.export_queryset(endpoint, {}, ids).count()
        report = services.request_report(request.user, endpoint=endpoint, selection=ids)
    except services.ReportQueueError as error:
        modeladmin.message_user(request, f"The report could not be queued. {error}", messages.ERROR)
        return None
    except ValidationError as error:
        modeladmin.message_user(
            request, f"The report could not be requested: {'; '.join(error.messages)}", messages.ERROR
        )
        return None
    report.refresh_from_db()
    left_out = len(ids) - published
    note = f" {left_out} of them are not published and are left out." if left_out else ""
    link = reverse("admin:reports_report_change", args=[report.pk])
    modeladmin.message_user(
        request,
        format_html(
            'Report {} of {} ({} records){} is {}: <a href="{}">follow its progress and download it</a>.',
            report.pk,
            what,
            len(ids),
            note,
            report.get_status_display().lower(),
            link,
        ),
        messages.ERROR if report.status == "failed" else messages.SUCCESS,
    )
    return None


@admin.action(description="Export selection as a CSV report", permissions=["view"])
def export_selection_as_report(modeladmin, request, queryset):
    ids = list(queryset.order_by().values_list("pk", flat=True))
    return queue_export(modeladmin, request, ids, "the selection")


@admin.action(description="Export whole filtered list as a CSV report", permissions=["view"])
def export_filtered_list_as_report(modeladmin, request, queryset):
    # The changelist as shown, with its search and filters, on every page, whatever is ticked.
    changelist = modeladmin.get_changelist_instance(request)
    ids = list(changelist.get_queryset(request).order_by().values_list("pk", flat=True))
    return queue_export(modeladmin, request, ids, "the filtered list")


class ReportExportMixin:
    """Offers both export actions on a ModelAdmin's changelist, beside its own actions."""

    report_endpoint = None  # defaults to ENDPOINT_FOR_MODEL

    def get_actions(self, request):
        actions = super().get_actions(request)
        if self.has_view_permission(request):
            for function in (export_selection_as_report, export_filtered_list_as_report):
                action = self.get_action(function)
                actions[action[1]] = action
        return actions
