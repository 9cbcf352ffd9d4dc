"""Admin for places, sources, events, ties and claims: where editors enter a news story.

Status changes (the form's status field and the list actions) go through ``events.services``,
which holds the editorial rules; this module only reports what the services refuse.
"""

import json
from datetime import date

from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected as django_delete_selected
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Max, Min, Prefetch, Q
from django.http import Http404, JsonResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator
from django_countries.filters import CountryFilter

from actors.admin import actor_choice_text
from actors.models import Actor
from actors.search import normalize
from alliance_tracker.admin_mixins import (
    AutoDirectionMixin,
    CheckedAutocompleteMixin,
    DuplicateWarningForm,
    HistoryAdmin,
    MarkedDuplicateFilter,
    MergeAdminMixin,
    NormalizedSearchMixin,
)
from alliance_tracker.paginator import LargeListAdminMixin
from events.admin_history import RecordHistoryAdminMixin
from events.admin_revisions import PendingChangeFilter, PendingRowsInOrderMixin, ReviewedChangesMixin
from events.anchoring import text_index
from events.choices import ROLES_OF_KIND, EventKind, RecordStatus
from events.dates import format_date
from events.forms import (
    AnchoredQuoteForm,
    ClaimAdminForm,
    PublicationCheck,
    PublicationRulesFormSet,
    PublishableAdminForm,
    SourceTextForm,
    supports_a_published_record,
)
from events.intake import mentions, relative_dates
from events.models import (
    Claim,
    Event,
    EventLink,
    Participant,
    Place,
    PlaceName,
    Provision,
    Source,
    Stage,
    Tie,
)
from events.models.events import CODE_FIELDS
from events.services import change_status, set_status

# Published records are cited by researchers, and retractions are announced: neither is deleted.
UNDELETABLE_STATUSES = (RecordStatus.PUBLISHED, RecordStatus.RETRACTED)


def auto_direction(text, css_class=""):
    """Text in its own direction: an Arabic quote right-to-left inside a left-to-right page."""
    return format_html('<span dir="auto" class="{}">{}</span>', css_class, text) if text else "–"


# --- list filters -----------------------------------------------------------------------------


class ActorFilter(admin.SimpleListFilter):
    """Records involving one actor, reached through the links on the actor's page (``?actor=<id>``).

    It lists only the chosen actor, so the sidebar does not grow with the number of actors.
    """

    title = "actor"
    parameter_name = "actor"

    def lookups(self, request, model_admin):
        if self.value() is None:
            return []
        try:
            actor = Actor.objects.get(pk=int(self.value()))
        except (ValueError, Actor.DoesNotExist) as error:
            raise IncorrectLookupParameters(f"No actor with id {self.value()!r}.") from error
        return [(str(actor.pk), actor.name)]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        # Events roll up as the API's include_ties does (EventQuerySet.involving); ties do not.
        roll_up = queryset.model is Event and request.GET.get(IncludeTiesFilter.parameter_name) == "yes"
        return queryset.involving(int(self.value()), **({"roll_up": True} if roll_up else {}))


class IncludeTiesFilter(admin.SimpleListFilter):
    """With the actor filter: also the events of those standing for the actor (members,
    commanders, leaders, office holders while their tie was in force; its parts by parent), by
    the one definition of ``events.models.ties.standing_for``. Read by ``ActorFilter``."""

    title = "include tied actors"
    parameter_name = "include_ties"

    def lookups(self, request, model_admin):
        if not request.GET.get(ActorFilter.parameter_name):
            return []
        return [("yes", "Yes: those standing for the actor at each event's date")]

    def queryset(self, request, queryset):
        return queryset


class YearFilter(admin.SimpleListFilter):
    """Records whose period overlaps a year (a range of uncertain days counts in every year it spans)."""

    title = "year"
    parameter_name = "year"

    def lookups(self, request, model_admin):
        # Every year from the earliest start to the latest end or this year (a tie with no end
        # is still in force): two index look-ups, where listing only the years that hold records
        # would read every row.
        # An ongoing event's stored end (events.dates.ONGOING_END) is not a year it reaches: it
        # runs to today, which the range always includes.
        records = model_admin.model.objects.all()
        if any(f.name == "ongoing" for f in model_admin.model._meta.fields):
            records = records.exclude(ongoing=True)
        span = {
            "first": model_admin.model.objects.aggregate(first=Min("date_lo"))["first"],
            "last": records.aggregate(last=Max("date_hi"))["last"],
        }
        if span["first"] is None:
            return []
        last = max(span["last"] or span["first"], timezone.localdate()).year
        return [(str(year), str(year)) for year in range(last, span["first"].year - 1, -1)]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        try:
            year = int(self.value())
            first, last = date(year, 1, 1), date(year, 12, 31)
        except ValueError as error:
            raise IncorrectLookupParameters(f"Not a year: {self.value()!r}.") from error
        return queryset.overlapping(first, last)


class PlaceCountryFilter(CountryFilter):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.title = "country of the place"

    def lookup_choices(self, changelist):
        # The countries of the places (a short table), not a pass over every event.
        codes = set(Place.objects.order_by().values_list("country", flat=True).distinct())
        return [(code, name) for code, name in self.field.get_choices(include_blank=False) if code in codes]


# --- the editorial workflow, shared by events and ties ----------------------------------------


class PublishableAdmin(
    RecordHistoryAdminMixin,
    LargeListAdminMixin,
    NormalizedSearchMixin,
    AutoDirectionMixin,
    ReviewedChangesMixin,
    HistoryAdmin,
):
    """Events and ties: status changes checked by the services, in forms and in list actions;
    changes to published ones kept for review (``events.admin_revisions``); the whole record's
    history (``events.admin_history``)."""

    form = PublishableAdminForm
    view_on_site = False  # records have no public page; their absolute URL is this admin page
    actions = ["submit_for_review", "publish", "send_back_to_draft", "retract", "delete_selected"]
    history_list_display = ["status"]
    publication_fields = (
        "status",
        "change_reason",
        "published_at",
        "withdrawn_at",
        "created_at",
        "updated_at",
    )
    readonly_fields = ["published_at", "withdrawn_at", "created_at", "updated_at"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        # modelform_factory builds a new class on every call: these stay within this request.
        form.user = request.user
        form.pending_reason = getattr(request, "pending_reason", "")
        form.revert_counts = getattr(request, "revert_counts", None)
        return form

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if issubclass(inline.formset, PublicationRulesFormSet):
            check = getattr(request, "publication_check", None)
            if check is None or check.record is not obj:
                check = request.publication_check = PublicationCheck(obj)
            kwargs["publication_check"] = check
        return kwargs

    def save_model(self, request, obj, form, change):
        # The form has checked the change (and its inlines the publication rules).
        set_status(obj, getattr(form, "old_status", obj.status), obj.status, request.user)
        super().save_model(request, obj, form, change)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.status in UNDELETABLE_STATUSES:
            return False
        return super().has_delete_permission(request, obj)

    @admin.action(permissions=["delete"], description="Delete selected unpublished %(verbose_name_plural)s")
    def delete_selected(self, request, queryset):
        undeletable = queryset.filter(status__in=UNDELETABLE_STATUSES).count()
        if undeletable:
            self.message_user(
                request,
                f"Nothing was deleted: {undeletable} of the selected records "
                "are published or retracted. Retract a published record instead of deleting it.",
                messages.ERROR,
            )
            return None
        return django_delete_selected(self, request, queryset)

    def move_to(self, request, queryset, new_status):
        label = RecordStatus(new_status).label.lower()
        moved, unchanged, refusals = 0, 0, []
        for record in queryset:
            if record.status == new_status:
                unchanged += 1
                continue
            try:
                record = change_status(record, new_status, request.user)
            except ValidationError as error:
                refusals.append(f"“{record}”: {' '.join(error.messages)}")
                continue
            moved += 1
            self.log_change(request, record, f"Changed status to “{label}”.")
        if moved:
            self.message_user(
                request, f"{moved} record{'s' if moved > 1 else ''} now “{label}”.", messages.SUCCESS
            )
        if unchanged:
            self.message_user(request, f"{unchanged} already “{label}”, left as they were.", messages.INFO)
        for refusal in refusals:
            self.message_user(request, f"Not changed: {refusal}", messages.ERROR)

    @admin.action(description="Submit for review")
    def submit_for_review(self, request, queryset):
        self.move_to(request, queryset, RecordStatus.IN_REVIEW)

    @admin.action(description="Publish (reviewers)")
    def publish(self, request, queryset):
        self.move_to(request, queryset, RecordStatus.PUBLISHED)

    @admin.action(description="Send back to draft")
    def send_back_to_draft(self, request, queryset):
        self.move_to(request, queryset, RecordStatus.DRAFT)

    @admin.action(description="Retract (reviewers)")
    def retract(self, request, queryset):
        self.move_to(request, queryset, RecordStatus.RETRACTED)


# --- inlines ----------------------------------------------------------------------------------


class PlaceNameInline(AutoDirectionMixin, admin.TabularInline):
    model = PlaceName
    fields = ["name", "language", "kind"]
    extra = 1


class ParticipantInline(
    PendingRowsInOrderMixin, CheckedAutocompleteMixin, AutoDirectionMixin, admin.TabularInline
):
    model = Participant
    formset = PublicationRulesFormSet
    fields = ["actor", "role", "note"]
    autocomplete_fields = ["actor"]
    extra = 1


# What a claim may state of its record (events.models.claims.CLAIMED_FIELDS), folded away:
# most claims state none, and a value that does not fit the record is a form error on its field.
CLAIMED_VALUES_FIELDSET = (
    "Values this claim states",
    {
        "fields": [
            ("claimed_start_date", "claimed_start_precision"),
            ("claimed_end_date", "claimed_end_precision"),
            "claimed_place",
            ("claimed_size_min", "claimed_size_max"),
            "claimed_deployment_kind",
            "claimed_agreement_stage",
        ],
        "classes": ["collapse"],
        "description": "Only when the source gives a figure, date, place or stage of its own "
        "(a monitor's 1,000–3,000): the record keeps your reading of all the claims. Sizes and "
        "personnel kinds are for deployments, stages for agreements, places for events.",
    },
)


class QuotePickerMedia:
    """The "pick from the source's text" helper of every claim form (a static file: CSP-safe)."""

    class Media:
        js = ["events/quote-picker.js"]
        css = {"all": ["events/quote-picker.css"]}


def anchoring(claim):
    """Where the quote stands, for the claim's forms and lists: paragraph, or why not."""
    if claim is None or claim.pk is None:
        return "–"
    if claim.needs_recheck:
        return format_html('<strong class="needs-recheck">{}</strong>', "Not in the source's text: re-check")
    if claim.paragraph is not None:
        return f"Found in the source's text, paragraph {claim.paragraph}"
    return "The source has no text to check the quote against"


class ClaimInline(
    QuotePickerMedia,
    PendingRowsInOrderMixin,
    CheckedAutocompleteMixin,
    AutoDirectionMixin,
    admin.StackedInline,
):
    model = Claim
    form = AnchoredQuoteForm
    formset = PublicationRulesFormSet
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "source",
                    ("quote", "quote_language"),
                    "quote_anchor",
                    ("translation", "translation_language"),
                    ("locator", "credibility", "stance"),
                    ("speaker", "attribution"),
                ]
            },
        ),
        CLAIMED_VALUES_FIELDSET,
    ]
    readonly_fields = ["quote_anchor"]
    autocomplete_fields = ["source", "speaker", "claimed_place"]
    extra = 1

    @admin.display(description="in the source's text")
    def quote_anchor(self, claim):
        return anchoring(claim)


class EventClaimInline(ClaimInline):
    fk_name = "event"


class TieClaimInline(ClaimInline):
    fk_name = "tie"


class EventLinkInline(PendingRowsInOrderMixin, CheckedAutocompleteMixin, admin.TabularInline):
    model = EventLink
    fk_name = "from_event"
    fields = ["kind", "to_event"]
    autocomplete_fields = ["to_event"]
    extra = 0
    verbose_name = "event this one led to"
    verbose_name_plural = "events this one led to"


class ChildEventInline(admin.TabularInline):
    """On a visit's page, the meetings and other events that took place during it (read only)."""

    model = Event
    fk_name = "parent"
    fields = readonly_fields = ["title", "kind", "start_date", "status"]
    show_change_link = True
    extra = 0
    can_delete = False
    verbose_name = "event during this visit"
    verbose_name_plural = "events during this visit"

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


# --- intake help ------------------------------------------------------------------------------


def occurrence_json(occurrence):
    return {
        "words": occurrence.words,
        "paragraph": occurrence.paragraph,
        "start": occurrence.start,
        "end": occurrence.end,
    }


def intake_suggestions(source):
    """What the panel "From the source's text" offers for ``source``: the actors and places its
    text names, each with the text its autocomplete shows, and the dates it gives."""
    text = source.text or ""
    found = {"actor": [], "place": []}
    for mention in mentions(text):
        record = mention.record
        is_actor = mention.kind == "actor"
        found[mention.kind].append(
            {
                "id": record.pk,
                "name": record.name,
                "text": actor_choice_text(record) if is_actor else str(record),
                "names": sorted(mention.names),
                "matched_by": mention.matched_by,
                "count": mention.count,
                "occurrences": [occurrence_json(occurrence) for occurrence in mention.occurrences],
                "url": reverse(
                    f"admin:{record._meta.app_label}_{record._meta.model_name}_change", args=[record.pk]
                ),
            }
        )
    dates = [
        {
            "start_date": suggestion.start_date.isoformat(),
            "start_precision": suggestion.precision,
            "end_date": suggestion.end_date.isoformat() if suggestion.end_date else None,
            "end_precision": suggestion.end_precision or None,
            "date_uncertain": suggestion.uncertain,
            "reading": suggestion.result(),
            "words": suggestion.words,
            "note": suggestion.note(source.published_on),
            "count": suggestion.count,
            "occurrences": [occurrence_json(occurrence) for occurrence in suggestion.occurrences],
        }
        for suggestion in relative_dates(text, source.published_on)
    ]
    return {
        "source": {
            "id": source.pk,
            "title": source.title,
            "published_on": source.published_on.isoformat() if source.published_on else None,
        },
        "has_text": bool(text.strip()),
        "actors": found["actor"],
        "places": found["place"],
        "dates": dates,
    }


# --- model admins -----------------------------------------------------------------------------

DATE_FIELDS = (
    "start_date",
    "start_precision",
    "end_date",
    "end_precision",
    "date_uncertain",
    "date_note",
)


class PlaceAdminForm(DuplicateWarningForm):
    """Warns of a place already recorded under the same name or spelling (قاعدة تمنتات, Tamanhint)."""

    class Meta:
        model = Place
        fields = "__all__"


@admin.register(Place)
class PlaceAdmin(
    MergeAdminMixin, LargeListAdminMixin, NormalizedSearchMixin, AutoDirectionMixin, HistoryAdmin
):
    form = PlaceAdminForm
    list_display = ["name", "kind", "country", "latitude", "longitude"]
    list_filter = ["kind", ("country", CountryFilter), MarkedDuplicateFilter]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["duplicate_of"]
    readonly_fields = ["merged"]
    actions = ["merge_into_marked"]
    inlines = [PlaceNameInline]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "name",
                    "slug",
                    "kind",
                    "country",
                    "latitude",
                    "longitude",
                    "coordinate_precision",
                    "not_a_duplicate",
                ]
            },
        ),
        ("Duplicates", {"fields": ["duplicate_of", "merged"]}),
    ]


class SourceAdminForm(SourceTextForm, DuplicateWarningForm):
    """Warns of a document already recorded: the same address, or the same title on the same
    occasion (same publisher or same day), however the two were typed."""

    class Meta:
        model = Source
        # The admin passes the fields of its fieldsets (and its URL fields' scheme).
        fields = ["title", "duplicate_of"]

    duplicate_ordering = ("-published_on", "title", "pk")

    def find_duplicates(self, cleaned):
        return Source.objects.likely_duplicates(
            urls=[cleaned.get("url") or "", cleaned.get("archive_url") or ""],
            title=cleaned.get("title") or "",
            publisher=cleaned.get("publisher") or "",
            published_on=cleaned.get("published_on"),
            exclude=self.instance.pk,
        )

    def duplicate_label(self, source):
        return str(source)


@admin.register(Source)
class SourceAdmin(
    MergeAdminMixin, LargeListAdminMixin, NormalizedSearchMixin, AutoDirectionMixin, HistoryAdmin
):
    form = SourceAdminForm
    list_display = [
        "source_title",
        "publisher",
        "kind",
        "language",
        "published_on",
        "reliability",
        "has_text",
    ]
    list_filter = [
        "kind",
        "reliability",
        "language",
        "published_on",
        "licensed_for_republication",
        MarkedDuplicateFilter,
    ]
    search_fields = ["title", "publisher", "author", "url"]
    date_hierarchy = "published_on"
    autocomplete_fields = ["derived_from", "duplicate_of"]
    readonly_fields = [
        "content_sha256",
        "claims_to_recheck",
        "chain_origin",
        "merged",
        "created_at",
        "updated_at",
    ]
    actions = ["merge_into_marked"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "kind",
                    "title",
                    "publisher",
                    "author",
                    "url",
                    "archive_url",
                    "language",
                    "published_on",
                    "accessed_on",
                    "reliability",
                    "notes",
                    "not_a_duplicate",
                ]
            },
        ),
        (
            "Text of the document",
            {
                "fields": [
                    "text",
                    "text_file",
                    "content_sha256",
                    "licensed_for_republication",
                    "claims_to_recheck",
                ],
                "description": "Quotes of claims on this source are checked against this text. "
                "It is shown to editors and published only when licensed for republication.",
            },
        ),
        (
            "Derived from another source",
            {
                "fields": ["derived_from", "derivation", "chain_origin"],
                "description": "A relay, translation or republication of another source adds no "
                "independent origin: its claims count as coming from the first source of the chain.",
            },
        ),
        ("Duplicates", {"fields": ["duplicate_of", "merged"]}),
        (None, {"fields": ["created_at", "updated_at"]}),
    ]

    change_form_template = "admin/events/source_change_form.html"

    class Media:
        js = ["admin/js/jquery.init.js", "events/intake.js"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.resolver_match and request.resolver_match.url_name == "events_source_changelist":
            # A list page reads whether there is text, not megabytes of it.
            return queryset.defer("text").annotate(text_held=~Q(text=""))
        return queryset

    def paragraphs_view(self, request, object_id):
        """The source's paragraphs and sentences as JSON, for the quote picker (staff only)."""
        source = self.get_object(request, unquote(object_id))
        if source is None or not self.has_view_permission(request, source):
            return JsonResponse({"detail": "No such source."}, status=404)
        return JsonResponse(
            {
                "id": source.pk,
                "title": source.title,
                "has_text": bool(source.text),
                "paragraphs": text_index(source.text).paragraph_texts() if source.text else [],
            },
            json_dumps_params={"ensure_ascii": False},
        )

    @admin.display(description="title", ordering="title")
    def source_title(self, source):
        return auto_direction(source.title)

    @admin.display(description="origin of the chain")
    def chain_origin(self, source):
        if not source.origin_source_id:
            return "—"
        url = reverse("admin:events_source_change", args=[source.origin_source_id])
        return format_html('<a href="{}">{}</a>', url, source.origin_source)

    # --- intake help: what the source's text names (events.intake) ---------------------------

    def get_urls(self):
        intake = path(
            "<path:object_id>/intake/",
            self.admin_site.admin_view(self.intake_view),
            name="events_source_intake",
        )
        paragraphs = path(
            "<path:object_id>/paragraphs/",
            self.admin_site.admin_view(self.paragraphs_view),
            name="events_source_paragraphs",
        )
        return [intake, paragraphs, *super().get_urls()]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk is not None:
            context["intake_url"] = reverse("admin:events_source_intake", args=[obj.pk])
        return super().render_change_form(request, context, add, change, form_url, obj)

    def intake_view(self, request, object_id):
        """JSON for the panel "From the source's text": the actors and places the source's text
        names and the dates it gives, read against its publication date. Suggestions only."""
        source = self.get_object(request, unquote(object_id)) if object_id.isdigit() else None
        if source is None:
            raise Http404(f"No source with the id {object_id!r}.")
        if not self.has_view_or_change_permission(request, source):
            raise PermissionDenied
        return JsonResponse(intake_suggestions(source), json_dumps_params={"ensure_ascii": False})

    @admin.display(description="text", boolean=True)
    def has_text(self, source):
        return getattr(source, "text_held", None)

    @admin.display(description="claims to re-check")
    def claims_to_recheck(self, source):
        if source is None or source.pk is None:
            return "–"
        count = source.claims.filter(needs_recheck=True).count()
        if not count:
            return "None: every quote is found in the text" if source.text else "–"
        url = (
            reverse("admin:events_claim_changelist")
            + f"?source__id__exact={source.pk}&needs_recheck__exact=1"
        )
        return format_html(
            '<a href="{}">{} claim{} whose quote is no longer in the text</a>', url, count, "s" * (count > 1)
        )


# Each kind's own details (events.models.events.KIND_FIELDS), one fieldset a kind; the saved
# kind's is open, the others folded. With JavaScript (events/kind-details.js) only the chosen
# kind's shows, and it follows the kind menu; without it, every kind's stays on the page.
KIND_FIELDSETS = {
    EventKind.VISIT: ("Visit", ["visit_on_invitation", "visit_occasion"], ""),
    EventKind.AGREEMENT: (
        "Agreement",
        ["agreement_type", "agreement_subjects", "agreement_scope", "agreement_stage"],
        "The latest stage comes from the dated stages below (signed, ratified, in force…); "
        "what each party undertakes goes in the provisions.",
    ),
    EventKind.DEPLOYMENT: (
        "Deployment",
        ["deployment_personnel", ("deployment_size_min", "deployment_size_max")],
        "Shipments of arms or equipment are transfers, not deployments.",
    ),
    EventKind.DECISION: (
        "Decision",
        ["decision_type", "decision_outcome", ("votes_for", "votes_against", "votes_abstaining")],
        "A body's formal act. Link what it decides about (the agreement it ratifies, the "
        "deployment it authorises) below as “is about”; the deciding body is a participant.",
    ),
    EventKind.OPERATION: (
        "Military operation",
        ["operation_type", "operation_outcome"],
        "The attacker is a participant (needed for review); an ally lending drones is a supporter.",
    ),
    EventKind.TRANSFER: (
        "Transfer",
        [
            "transfer_item_category",
            "transfer_item",
            "transfer_status",
            ("transfer_quantity_min", "transfer_quantity_max"),
        ],
        "Supplier and recipient are participants (the recipient is needed for review).",
    ),
    EventKind.STATEMENT: (
        "Statement",
        ["statement_stance"],
        "The speaker is a participant (needed for review); whom or what it is about is a "
        "participant as “actor spoken or decided about” or a linked event (“is about”).",
    ),
}


def kind_fieldset(kind):
    name, fields, description = KIND_FIELDSETS[kind]
    classes = ["collapse", "kind-details", f"kind-{kind}"]
    options = {"fields": fields, "classes": classes}
    if description:
        options["description"] = description
    return (name, options)


CODES_FIELDSET = (
    "Codes in other event datasets",
    {
        "fields": list(CODE_FIELDS),
        "classes": ["collapse"],
        "description": "Derived from the kind, its details and the participants' roles when the "
        "event is saved (docs/crosswalk.md): they are not typed.",
    },
)


class StageFormSet(PublicationRulesFormSet):
    """An agreement's stages: the order rule (``Stage.order_problem``) read over the rows posted
    together, so that moving the signing and the ratification in one save is judged as a whole."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.instance.order_checked_elsewhere = True

    def clean(self):
        super().clean()
        kept = [
            form
            for form in self.forms
            if form.is_valid()
            and not self._should_delete_form(form)
            and form.cleaned_data.get("date")
            and form.cleaned_data.get("stage")
        ]
        stages = []
        for form in kept:
            form.instance.fill_derived()
            stages.append(form.instance)
        for form in kept:
            problem = form.instance.order_problem(stages)
            if problem:
                form.add_error("date", problem)


class StageInline(PendingRowsInOrderMixin, CheckedAutocompleteMixin, AutoDirectionMixin, admin.TabularInline):
    model = Stage
    fk_name = "agreement"
    formset = StageFormSet
    fields = ["stage", "date", "date_precision", "responsible", "act", "note"]
    autocomplete_fields = ["responsible", "act"]
    extra = 1
    verbose_name = "stage of the agreement"
    verbose_name_plural = "stages of the agreement (proposed, signed, ratified, in force…)"
    classes = ["agreement-only"]


class ProvisionInline(
    PendingRowsInOrderMixin, CheckedAutocompleteMixin, AutoDirectionMixin, admin.TabularInline
):
    model = Provision
    formset = PublicationRulesFormSet
    fields = ["obligation", "party", "note"]
    autocomplete_fields = ["party"]
    extra = 0
    verbose_name = "provision (what a party undertakes)"
    verbose_name_plural = "provisions (what each party undertakes; no party: every party)"
    classes = ["agreement-only"]


@admin.register(Event)
class EventAdmin(PublishableAdmin):
    list_display = [
        "event_title",
        "kind",
        "period",
        "place",
        "participants",
        "disputed",
        "review_status",
        "updated",
    ]
    list_filter = [
        "kind",
        "status",
        PendingChangeFilter,
        "disputed",
        YearFilter,
        ("place__country", PlaceCountryFilter),
        ActorFilter,
        IncludeTiesFilter,
    ]
    list_select_related = ["place"]
    search_fields = ["title", "title_ar"]
    # Titles, quotes and actors' names, all in the event's search document (events/search.py).
    normalized_search_only = True
    autocomplete_fields = ["place", "parent"]
    readonly_fields = [*PublishableAdmin.readonly_fields, "agreement_stage", *CODE_FIELDS]
    # No date hierarchy: listing the years present reads every event; the year filter serves.
    inlines = [ParticipantInline, StageInline, ProvisionInline, EventClaimInline, EventLinkInline]

    fieldsets = [
        (None, {"fields": ["kind", "title", "title_ar", "description", "place", "parent"]}),
        ("Date", {"fields": [*DATE_FIELDS, "ongoing"]}),
        *(kind_fieldset(kind) for kind in KIND_FIELDSETS),
        CODES_FIELDSET,
        ("Publication", {"fields": PublishableAdmin.publication_fields}),
    ]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or obj.kind not in KIND_FIELDSETS:
            return fieldsets
        # The saved kind's details open; the other kinds' stay folded.
        mine = f"kind-{obj.kind}"
        return [
            (name, {**options, "classes": [c for c in options["classes"] if c != "collapse"]})
            if mine in options.get("classes", ())
            else (name, options)
            for name, options in fieldsets
        ]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "kind" and field is not None:
            # The roles each kind has, for the script that narrows the participants' role menus.
            roles = {kind: list(roles) for kind, roles in ROLES_OF_KIND.items()}
            field.widget.attrs["data-roles-of-kind"] = json.dumps(roles)
        return field

    def get_inlines(self, request, obj):
        inlines = list(self.inlines)
        # Stages and provisions are an agreement's; a new event may become one (the script
        # hides them for other kinds), and an event that has some keeps them in sight.
        if obj is not None and obj.kind != EventKind.AGREEMENT:
            if not obj.stages.exists():
                inlines.remove(StageInline)
            if not obj.provisions.exists():
                inlines.remove(ProvisionInline)
        if obj is not None and obj.kind == EventKind.VISIT:
            inlines.append(ChildEventInline)
        return inlines

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.resolver_match and request.resolver_match.url_name != "events_event_changelist":
            return queryset
        # One query for the participants of the page, however many rows it shows.
        return queryset.prefetch_related(
            Prefetch("participants", queryset=Participant.objects.select_related("actor"))
        )

    class Media:
        js = ["admin/js/jquery.init.js", "events/intake.js", "events/kind-details.js"]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # The panel "From the source's text" asks for /source/<id>/intake/ once a claim's source
        # is chosen; the address is given with 0 in place of the id.
        context["intake_url"] = reverse("admin:events_source_intake", args=[0])
        return super().render_change_form(request, context, add, change, form_url, obj)

    @admin.display(description="title", ordering="title")
    def event_title(self, event):
        if not event.title_ar:
            return event.title
        return format_html("{}{}", event.title, auto_direction(event.title_ar, "title-ar"))

    @admin.display(description="period", ordering="date_lo")
    def period(self, event):
        return event.period_display

    @admin.display(description="participants")
    def participants(self, event):
        names = [auto_direction(participant.actor.name) for participant in event.participants.all()]
        return format_html_join(", ", "{}", ((name,) for name in names)) if names else "–"

    @admin.display(description="disputed", boolean=True, ordering="disputed")
    def disputed(self, event):
        # Stored on the event (events.claimed_values): a denial, or values that disagree.
        return event.disputed

    @admin.display(description="updated", ordering="updated_at")
    def updated(self, event):
        # The day is what an editor scans for; the exact time is on the record's history page.
        return timezone.localtime(event.updated_at).date().isoformat()


@admin.register(Tie)
class TieAdmin(PublishableAdmin):
    list_display = ["subject", "kind", "object", "title", "period", "review_status"]
    list_filter = ["kind", "status", PendingChangeFilter, YearFilter, ActorFilter]
    list_select_related = ["subject", "object"]
    search_fields = ["title", "title_ar"]
    autocomplete_fields = ["subject", "object"]
    inlines = [TieClaimInline]
    fieldsets = [
        (None, {"fields": ["subject", "kind", "object", "title", "title_ar"]}),
        ("Date", {"fields": DATE_FIELDS}),
        ("Publication", {"fields": PublishableAdmin.publication_fields}),
    ]

    def normalized_search(self, queryset, search_term):
        # A tie is found by the names of the actors it joins.
        actors = Actor.objects.search(search_term)
        return queryset.filter(Q(subject__in=actors) | Q(object__in=actors))

    @admin.display(description="period", ordering="date_lo")
    def period(self, tie):
        start = format_date(tie.start_date, tie.start_precision)
        end = format_date(tie.end_date, tie.end_precision)
        return f"{start} – {end}" if end else start or "–"


@admin.register(Claim)
class ClaimAdmin(
    QuotePickerMedia, LargeListAdminMixin, NormalizedSearchMixin, AutoDirectionMixin, HistoryAdmin
):
    list_display = [
        "quote_text",
        "source",
        "record",
        "paragraph",
        "needs_recheck",
        "credibility",
        "stance",
        "speaker",
    ]
    list_filter = ["needs_recheck", "stance", "credibility", "quote_language", "source__reliability"]
    list_select_related = ["source", "event", "tie__subject", "tie__object", "speaker"]
    search_fields = ["attribution", "locator"]
    autocomplete_fields = ["source", "event", "tie", "speaker", "claimed_place"]
    readonly_fields = ["quote_anchor", "created_at", "updated_at"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "source",
                    ("event", "tie"),
                    ("quote", "quote_language"),
                    "quote_anchor",
                    ("translation", "translation_language"),
                    ("locator", "credibility", "stance"),
                    ("speaker", "attribution"),
                ]
            },
        ),
        CLAIMED_VALUES_FIELDSET,
        (None, {"fields": [("created_at", "updated_at")]}),
    ]

    def get_queryset(self, request):
        # Lists and pages show the source's title, never read its text (up to megabytes).
        return super().get_queryset(request).defer("source__text")

    @admin.display(description="in the source's text")
    def quote_anchor(self, claim):
        return anchoring(claim)

    form = ClaimAdminForm
    actions = ["delete_selected"]

    def normalized_search(self, queryset, search_term):
        key = normalize(search_term)
        return queryset.filter(search_key__contains=key) if key else queryset

    # A claim on a published record is part of it: it changes from the record's page, where the
    # change goes to a reviewer (events.admin_revisions). Here it is read only.

    def has_change_permission(self, request, obj=None):
        if obj is not None and supports_a_published_record(obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and supports_a_published_record(obj):
            return False
        return super().has_delete_permission(request, obj)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        claim = self.get_object(request, unquote(object_id))
        if claim is not None and supports_a_published_record(claim):
            record = claim.record
            self.message_user(
                request,
                format_html(
                    'This claim supports a published {}: change it from <a href="{}">its page</a>, '
                    "where the change goes to a reviewer.",
                    record._meta.verbose_name,
                    record.get_absolute_url(),
                ),
                messages.INFO,
            )
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.action(permissions=["delete"], description="Delete selected %(verbose_name_plural)s")
    def delete_selected(self, request, queryset):
        published = queryset.public().count()
        if published:
            self.message_user(
                request,
                f"Nothing was deleted: {published} of the selected claims support published records. "
                "Remove them from the record's page, where the change goes to a reviewer.",
                messages.ERROR,
            )
            return None
        return django_delete_selected(self, request, queryset)

    @admin.display(description="quote")
    def quote_text(self, claim):
        return auto_direction(Truncator(claim.quote).chars(120), "quote")

    @admin.display(description="supports")
    def record(self, claim):
        return claim.record
