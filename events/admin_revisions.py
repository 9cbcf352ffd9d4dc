"""The admin side of reviewed changes (``events.revisions``): published records edited in a savepoint.

On the change page of a published event or tie, the page works on the record as its pending
change would leave it, and a save is kept as that change instead of being written:

1. the published version is read (``record_state``) and a savepoint opened;
2. the pending change, if any, is written inside it (``apply_state(preview=True)``), so that the
   form and its inlines show it and the editor can change it further;
3. the admin's own view runs as usual: validation, the publication rules, ``save_model``,
   the inlines' formsets;
4. after a successful save the whole record is read back, and the savepoint rolled back: nothing
   reached the published rows, the search documents, history or the log;
5. the state read back becomes the pending change (``propose``); or, when the save took the
   record out of the published record (retract, back to draft), it is written at once, as any
   save of an unpublished record is.

The review page shows the change as a diff and lets a reviewer approve it or send it back.
"""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Case, Exists, OuterRef, Value, When
from django.db.models.functions import Abs
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from events.choices import RecordStatus, RevisionStatus
from events.history import state_as_of
from events.models import Revision
from events.revisions import (
    RevisionRefused,
    apply_state,
    approve,
    compare,
    is_stale,
    may_withdraw,
    number_new_rows,
    pending_revision,
    propose,
    record_state,
    review_problems,
    send_back,
    version_of,
    withdraw,
)
from events.services import can_publish, set_status


def pending_change_exists(model):
    """An annotation: whether the record has a change awaiting review (one index probe per row)."""
    return Exists(Revision.objects.pending().filter(**{model._meta.model_name: OuterRef("pk")}))


class PendingRowsInOrderMixin:
    """An inline showing a pending change: the rows it adds (negative ids) after the saved ones,
    in the order they were added, as they will be once approved."""

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        ordering = [Abs("pk") if field == "pk" else field for field in self.model._meta.ordering]
        return queryset.order_by(Case(When(pk__lt=0, then=Value(1)), default=Value(0)), *ordering)


class PendingChangeFilter(admin.SimpleListFilter):
    """Records with a change awaiting review: the reviewers' queue on each changelist."""

    title = "changes awaiting review"
    parameter_name = "pending_change"

    def lookups(self, request, model_admin):
        return [("yes", "Awaiting review"), ("no", "None")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(pending_change_exists(queryset.model))
        if self.value() == "no":
            return queryset.exclude(pending_change_exists(queryset.model))
        return queryset


class ReviewedChangesMixin:
    """Saves of published records become pending changes; a review page approves or sends them back."""

    change_form_template = "admin/events/publishable_change_form.html"
    review_template = "admin/events/review_change.html"

    # --- the change page -----------------------------------------------------------------------

    def published_record(self, object_id):
        if object_id is None:
            return None
        try:
            record = self.model._default_manager.filter(pk=unquote(object_id)).first()
        except (ValueError, TypeError, ValidationError):
            return None  # the admin's own view answers a bad id
        return record if record is not None and record.status == RecordStatus.PUBLISHED else None

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST" and "_saveasnew" in request.POST:
            return super().changeform_view(request, object_id, form_url, extra_context)
        record = self.published_record(object_id)
        if record is None:
            return super().changeform_view(request, object_id, form_url, extra_context)

        pending = pending_revision(record)
        request.edit_version = self.version_of(record, pending)
        # Read now: inside the savepoint the record's updated_at is the preview's.
        request.pending_is_stale = pending is not None and is_stale(pending, record)
        # The form offers the reason already given, for the editor to keep or reword.
        request.pending_reason = pending.reason if pending is not None else ""

        def show_pending_change():
            # A change made on an earlier published version is not shown over the current one:
            # saving it again would bring back what moved since (``propose`` replaces it).
            if pending is None or request.pending_is_stale:
                return
            try:
                with transaction.atomic():
                    apply_state(record, pending.state, preview=True)
            except ObjectDoesNotExist:
                # It names a source or an actor deleted since (only a superuser or a script can).
                self.message_user(
                    request,
                    "The change awaiting review names a record deleted since: this form shows the "
                    "published version; the change stays readable on its review page.",
                    messages.WARNING,
                )

        response, saved = self.save_aside(
            request,
            record,
            lambda: super(ReviewedChangesMixin, self).changeform_view(
                request, object_id, form_url, extra_context
            ),
            show_pending_change,
        )
        if saved is None:
            return response
        return self.keep_or_unpublish(request, record, saved, request.saved_reason)

    def save_aside(self, request, record, view, prepare=None):
        """Run the admin's ``view`` on ``record`` in a savepoint, then roll it back.

        Returns the view's response and, when the view saved, the record's state as the save
        left it (new rows numbered with ``number_new_rows``), with its new status.
        """
        live = record_state(record)
        request.proposing_change = True
        saved = None
        with transaction.atomic():
            savepoint = transaction.savepoint()
            try:
                if prepare is not None:
                    prepare()
                response = view()
                stored = getattr(request, "saved_record", None)
                if stored is not None:
                    saved = (number_new_rows(record_state(stored), live), stored.status)
                elif hasattr(response, "render"):
                    # The form must be drawn while what ``prepare`` wrote is in place.
                    response.render()
            finally:
                transaction.savepoint_rollback(savepoint)
        return response, saved

    def keep_or_unpublish(self, request, record, saved, reason):
        state, new_status = saved
        if new_status == RecordStatus.PUBLISHED:
            return self.keep_as_pending_change(request, record, state, reason)
        return self.save_unpublishing(request, record, state, new_status, reason)

    def keep_as_pending_change(self, request, record, state, reason):
        revision = propose(record, state, request.user, reason)
        if revision is None:
            self.message_user(request, "Nothing changed: the record is as published.", messages.INFO)
        else:
            self.log_change(request, record, f"Proposed a change for review: {reason}")
            self.message_user(
                request,
                format_html(
                    "Your change to “{}” awaits a reviewer. Until it is approved, the public record "
                    'shows the published version. <a href="{}">See the change</a>.',
                    record,
                    self.review_url(record),
                ),
                messages.SUCCESS,
            )
        return HttpResponseRedirect(self.change_url(record))

    def save_unpublishing(self, request, record, state, new_status, reason):
        """A save that retracts or sends back a published record is written at once, like a draft's."""
        with transaction.atomic():
            record = apply_state(record, state, user=request.user, reason=reason)
            set_status(record, RecordStatus.PUBLISHED, new_status, request.user)
            record._change_reason = reason or None
            record.save()
        label = RecordStatus(new_status).label.lower()
        self.log_change(request, record, f"Changed status to “{label}”: {reason}")
        self.message_user(request, f"“{record}” is now “{label}”.", messages.SUCCESS)
        return HttpResponseRedirect(self.change_url(record))

    def save_model(self, request, obj, form, change):
        reason = form.cleaned_data.get("change_reason", "")
        request.saved_reason = reason
        obj._change_reason = reason or None
        super().save_model(request, obj, form, change)
        target = getattr(request, "revert_target", None)
        if target is not None:
            # A revert restores the evidence too: the claims, participants and links of that version.
            parts = {name: rows for name, rows in target.items() if name != "fields"}
            apply_state(obj, {"fields": {}, **parts}, user=request.user, reason=reason, touch_record=False)

    # --- reverting from history -----------------------------------------------------------------

    object_history_form_template = "admin/events/revert_form.html"

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        record = None
        if self.history_is_addressable(object_id, version_id):
            record = self.model._default_manager.filter(pk=unquote(object_id)).first()
        if record is None:
            return super().history_form_view(request, object_id, version_id, extra_context)
        try:
            target = state_as_of(record, int(version_id))
        except ObjectDoesNotExist as error:
            raise Http404(f"No version {version_id!r} of this {self.model._meta.verbose_name}.") from error
        request.revert_target = target
        request.revert_counts = {
            "claim_count": len(target.get("claims", [])),
            "participant_count": len(target["participants"]) if "participants" in target else None,
            "roles": {row.get("role") for row in target["participants"]}
            if "participants" in target
            else None,
        }
        extra_context = {
            **(extra_context or {}),
            "revert_diff": compare(self.model, record_state(record), target, record),
            "record_is_published": record.status == RecordStatus.PUBLISHED,
        }
        if request.method != "POST" or record.status != RecordStatus.PUBLISHED:
            return super().history_form_view(request, object_id, version_id, extra_context)

        # A published record's revert is a change like any other: kept for review.
        response, saved = self.save_aside(
            request,
            record,
            lambda: super(ReviewedChangesMixin, self).history_form_view(
                request, object_id, version_id, extra_context
            ),
        )
        if saved is None:
            return response
        version = self.model.history.get(history_id=version_id)
        when = timezone.localtime(version.history_date).strftime("%Y-%m-%d %H:%M")
        return self.keep_or_unpublish(
            request, record, saved, f"Revert to the version of {when}: {request.saved_reason}"
        )

    def save_formset(self, request, form, formset, change):
        # Each claim, participant or link saved or deleted here carries the reason into history.
        for inline_form in formset.forms:
            inline_form.instance._change_reason = form.cleaned_data.get("change_reason") or None
        super().save_formset(request, form, formset, change)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(has_pending_change=pending_change_exists(self.model))

    @admin.display(description="status", ordering="status")
    def review_status(self, record):
        label = record.get_status_display()
        if getattr(record, "has_pending_change", False):
            return f"{label}, changes awaiting review"
        return label

    def response_change(self, request, obj):
        if getattr(request, "proposing_change", False):
            # Inside the savepoint: remember the save; the view above answers once it is rolled back.
            request.saved_record = obj
            return HttpResponseRedirect(self.change_url(obj))
        return super().response_change(request, obj)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk is not None:
            context.update(self.review_context(request, obj))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def review_context(self, request, record):
        pending = pending_revision(record) if record.status == RecordStatus.PUBLISHED else None
        sent_back = None
        if pending is None:
            latest = Revision.objects.of(record).exclude(status=RevisionStatus.PENDING).first()
            if latest is not None and latest.status == RevisionStatus.SENT_BACK:
                sent_back = latest
        return {
            "pending_revision": pending,
            "pending_is_stale": getattr(request, "pending_is_stale", False),
            "sent_back_revision": sent_back,
            "review_url": self.review_url(record),
            "record_is_published": record.status == RecordStatus.PUBLISHED,
        }

    def edit_version(self, request, obj):
        # On a published record's page: read before the pending change was put in place.
        version = getattr(request, "edit_version", None)
        return version if version is not None else super().edit_version(request, obj)

    def version_of(self, record, pending):
        """What a page opened on ``record`` saw: the published version and the pending change."""
        version = record.updated_at.isoformat()
        if pending is not None:
            version += f"|{pending.pk}:{pending.updated_at.isoformat()}"
        return version

    # --- the review page -------------------------------------------------------------------------

    def get_urls(self):
        opts = self.model._meta
        review = path(
            "<path:object_id>/review/",
            self.admin_site.admin_view(self.review_view),
            name=f"{opts.app_label}_{opts.model_name}_review",
        )
        return [review, *super().get_urls()]

    def change_url(self, record):
        opts = self.model._meta
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])

    def review_url(self, record):
        opts = self.model._meta
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_review", args=[record.pk])

    def review_view(self, request, object_id):
        record = self.published_record(object_id) or self.get_object(request, unquote(object_id))
        if record is None:
            raise Http404(f"No {self.model._meta.verbose_name} with the id {object_id!r}.")
        if not self.has_view_or_change_permission(request, record):
            raise PermissionDenied
        revisions = Revision.objects.of(record)
        wanted = request.GET.get("revision")
        if wanted is not None:
            revision = revisions.filter(pk=wanted).first() if wanted.isascii() and wanted.isdigit() else None
        else:
            revision = revisions.pending().first() or revisions.first()
        if revision is None:
            raise Http404("This record has no change to review.")

        note = ""
        if request.method == "POST" and revision.is_pending:
            note = request.POST.get("note", "")
            done = self.take_review_step(request, record, revision, request.POST.get("step"), note)
            if done is not None:
                return done

        context = {
            **self.admin_site.each_context(request),
            "title": f"Change to “{record}”",
            "opts": self.model._meta,
            "original": record,
            "revision": revision,
            "diff": compare(self.model, record_state(record), revision.state, record),
            "approval_problems": review_problems(revision, request.user) if revision.is_pending else [],
            "seen": version_of(revision),
            "can_review": can_publish(request.user, record),
            "can_withdraw": revision.is_pending and may_withdraw(revision, request.user),
            "note": note,
            "change_url": self.change_url(record),
            "history_url": reverse(
                f"admin:{self.model._meta.app_label}_{self.model._meta.model_name}_history", args=[record.pk]
            ),
            "other_revisions": revisions.exclude(pk=revision.pk)[:20],
        }
        return TemplateResponse(request, self.review_template, context)

    def take_review_step(self, request, record, revision, step, note):
        try:
            if step == "approve":
                seen = request.POST.get("seen", "")
                record = approve(revision, request.user, seen=seen)
                self.log_change(request, record, f"Approved the change by {revision.author.get_username()}.")
                self.message_user(
                    request, f"The change to “{record}” is now the published version.", messages.SUCCESS
                )
                return HttpResponseRedirect(self.change_url(record))
            if step == "send_back":
                send_back(revision, request.user, note)
                self.log_change(request, record, f"Sent back the change by {revision.author.get_username()}.")
                self.message_user(request, "The change was sent back; the published version stays.")
                return HttpResponseRedirect(f"{self.review_url(record)}?revision={revision.pk}")
            if step == "withdraw":
                withdraw(revision, request.user)
                self.log_change(request, record, "Withdrew the change awaiting review.")
                self.message_user(request, "The change was withdrawn; the published version stays.")
                return HttpResponseRedirect(self.change_url(record))
        except RevisionRefused as refusal:
            self.message_user(request, str(refusal), messages.ERROR)
            return None
        self.message_user(request, "Choose approve, send back or withdraw.", messages.ERROR)
        return None
