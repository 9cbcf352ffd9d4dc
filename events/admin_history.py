"""The History page of an event or tie: the whole record's history (``events.history``).

It replaces simple-history's list, which shows the record's own versions only; the links to
simple-history's page of each of the record's versions (view it, revert to it) stay.
"""

from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import PAGE_VAR
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.urls import reverse
from django.utils.encoding import force_str
from django.utils.text import capfirst

from events.history import describe_entries, record_history


class RecordHistoryAdminMixin:
    """For a ``HistoryAdmin`` of a record with parts (``events.revisions.PARTS``)."""

    object_history_template = "admin/events/record_history.html"
    # Entries of a page: each is described with the page, in one query per related model.
    history_list_per_page = 100

    def history_view(self, request, object_id, extra_context=None):
        if not self.history_is_addressable(object_id):
            raise Http404(f"No {self.model._meta.verbose_name} with the id {object_id!r}.")
        request.current_app = self.admin_site.name
        opts = self.model._meta
        pk = unquote(object_id)
        record = self.get_queryset(request).filter(pk=pk).first()
        if record is None:
            # A deleted record's history is still readable, as simple-history's page allows.
            latest = self.model.history.filter(id=pk).order_by("-history_date", "-history_id").first()
            if latest is None:
                raise Http404(f"No {opts.verbose_name} with the id {object_id!r}.")
            record = latest.instance
        if not self.has_view_history_or_change_history_permission(request, record):
            raise PermissionDenied

        paginator = Paginator(record_history(record, describe=False), self.history_list_per_page)
        page_obj = paginator.get_page(request.GET.get(PAGE_VAR))
        describe_entries(record, page_obj.object_list)
        revert_disabled = self.revert_disabled(request, record)
        for entry in page_obj.object_list:
            entry.version_url = (
                reverse(
                    f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_simple_history",
                    args=[record.pk, entry.version_id],
                )
                if entry.version_id is not None
                else ""
            )
            entry.revision_url = self.revision_url(record, entry.revision)

        context = {
            **self.admin_site.each_context(request),
            "title": f"History: {force_str(record)}",
            "subtitle": None,
            "object": record,
            "opts": opts,
            "app_label": opts.app_label,
            "module_name": capfirst(force_str(opts.verbose_name_plural)),
            "page_obj": page_obj,
            "page_range": paginator.get_elided_page_range(page_obj.number),
            "page_var": PAGE_VAR,
            "pagination_required": paginator.num_pages > 1,
            "revert_disabled": revert_disabled,
            **(extra_context or {}),
        }
        return self.render_history_view(request, self.object_history_template, context)

    def revision_url(self, record, revision):
        """The review page of a change kept for review (``events.admin_revisions``)."""
        if revision is None:
            return ""
        opts = self.model._meta
        url = reverse(f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_review", args=[record.pk])
        return f"{url}?revision={revision.pk}"
