"""Admin forms that apply the editorial rules of ``events.services`` to what a page posts.

The rules themselves live in the services; these classes only feed them the posted values:
the status the form asks for, and the number of claims and participants the inlines will leave.
"""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.forms.formsets import DELETION_FIELD_NAME
from django.forms.models import BaseInlineFormSet
from django.urls import reverse

from events.anchoring import stored_text
from events.choices import RecordStatus
from events.models import Claim, Source
from events.models.sources import text_size_problems
from events.services import (
    NEEDS_CLAIM,
    NEEDS_PARTICIPANT,
    ROLES_CHECKED_IN,
    can_publish,
    count_problems,
    missing_role_problems,
    permission_problems,
    publication_problems,
    role_problems,
    statuses_open_to,
)


class PublishableAdminForm(forms.ModelForm):
    """A record's form: refuses a status change the user may not make.

    The admin sets ``user`` on the form class it builds for each request, and ``revert_counts``
    where no inline formsets come with the form (reverting to a version from the history page):
    the claims and participants the revert restores, which publication is checked against.
    """

    user = None
    revert_counts = None
    pending_reason = ""

    change_reason = forms.CharField(
        label="Why this change",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
        help_text="Shown to the reviewer and kept in the record's history. "
        "Required when changing a published record.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.old_status = self.saved_status()
        if self.old_status == RecordStatus.PUBLISHED and "change_reason" in self.fields:
            self.fields["change_reason"].required = True
            self.initial.setdefault("change_reason", self.pending_reason)
        if "status" in self.fields and self.user is not None:
            self.offer_only_open_statuses(self.fields["status"])

    def offer_only_open_statuses(self, field):
        # Only the menu is narrowed: a status posted anyway still gets the workflow's reason.
        # The instance's own status too: on a revert page, that of the version shown.
        open_statuses = {*statuses_open_to(self.user, self.instance, self.old_status), self.instance.status}
        field.widget.choices = [(value, label) for value, label in field.choices if value in open_statuses]
        if not can_publish(self.user, self.instance):
            field.help_text = "You can set draft or in review; a reviewer publishes and retracts."

    def saved_status(self):
        # Read it from the database: when reverting, the instance is a historical version.
        if self.instance.pk is None:
            return RecordStatus.DRAFT
        saved = (
            type(self.instance)._default_manager.filter(pk=self.instance.pk).values_list("status", flat=True)
        )
        return saved.first() or RecordStatus.DRAFT

    def clean(self):
        cleaned_data = super().clean()
        new_status = cleaned_data.get("status")
        if not new_status or self.user is None:
            return cleaned_data
        for problem in permission_problems(self.user, self.instance, self.old_status, new_status):
            self.add_error("status", problem)
        if self.revert_counts is not None and "status" not in self.errors:
            counts = dict(self.revert_counts)
            if new_status == RecordStatus.PUBLISHED:
                problems = publication_problems(self.instance, **counts)
            elif new_status in ROLES_CHECKED_IN:
                problems = role_problems(self.instance, counts.get("roles"))
            else:
                problems = []
            for problem in problems:
                self.add_error("status", problem)
        return cleaned_data


class PublicationCheck:
    """The publication rules, applied to the rows the inline formsets of one page will leave.

    Every formset of the page registers here; each shows the problems about its own rows.
    """

    # Related name of an inline's rows → the count ``publication_problems`` takes for them.
    COUNTS = {"claims": "claim_count", "participants": "participant_count"}
    PROBLEM_ROWS = {NEEDS_CLAIM: "claims", NEEDS_PARTICIPANT: "participants"}

    def __init__(self, record):
        self.record = record
        self.formsets = []

    def problems(self) -> list[tuple[str | None, str]]:
        """Each problem with the rows it is about (``None``: the record's own)."""
        status = self.record.status
        if status not in ROLES_CHECKED_IN:
            return []
        counts, roles = {}, None
        for formset in self.formsets:
            name = self.COUNTS.get(formset.rows_name)
            if name:
                counts[name] = counts.get(name, 0) + formset.remaining_rows()
            if formset.rows_name == "participants":
                roles = (roles or set()) | formset.remaining_values("role")
        # A count no formset gives (an inline the user cannot see) defaults to what is saved.
        # A role the kind does not have is refused on its own row (Participant.clean).
        problems = [("participants", problem) for problem in missing_role_problems(self.record, roles)]
        if status == RecordStatus.PUBLISHED:
            problems[:0] = [(self.PROBLEM_ROWS.get(p), p) for p in count_problems(self.record, **counts)]
        return problems

    def problems_for(self, formset):
        shown_rows = {other.rows_name for other in self.formsets}
        first = self.formsets[0] if self.formsets else None
        return [
            problem
            for rows, problem in self.problems()
            if rows == formset.rows_name or (rows not in shown_rows and formset is first)
        ]


class PublicationRulesFormSet(BaseInlineFormSet):
    """An inline formset that refuses to leave a published record without the rows it needs.

    Validated after the parent form, so ``self.instance.status`` is already the posted status;
    an event can be published together with its first participant and claim in one save.
    """

    def __init__(self, *args, publication_check=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.publication_check = publication_check
        if publication_check is not None:
            publication_check.formsets.append(self)

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if self.instance.pk is None:
            # Added in the same save as the record: let model validation see the record itself.
            setattr(form.instance, self.fk.name, self.instance)

    @property
    def rows_name(self):
        return self.fk.remote_field.get_accessor_name()

    def remaining_rows(self):
        """How many rows this formset leaves: kept saved rows and filled-in new ones.

        Reads the posted values without validating, as the formsets are validated one by one.
        """
        count = 0
        for index, form in enumerate(self.forms):
            if DELETION_FIELD_NAME in form.fields and form[DELETION_FIELD_NAME].value():
                continue
            if index < self.initial_form_count() or form.has_changed():
                count += 1
        return count

    def remaining_values(self, name: str) -> set[str]:
        """The posted values of ``name`` in the rows this formset leaves (as ``remaining_rows``)."""
        values = set()
        for index, form in enumerate(self.forms):
            if DELETION_FIELD_NAME in form.fields and form[DELETION_FIELD_NAME].value():
                continue
            if index < self.initial_form_count() or form.has_changed():
                value = form[name].value()
                if value:
                    values.add(str(value))
        return values

    def clean(self):
        super().clean()
        if self.publication_check is not None:
            problems = self.publication_check.problems_for(self)
            if problems:
                raise ValidationError(problems)


def supports_a_published_record(claim: Claim) -> bool:
    """Whether ``claim``, as saved, is part of a published record (which changes only through review)."""
    return claim.pk is not None and Claim.objects.public().filter(pk=claim.pk).exists()


class AnchoredQuoteForm(forms.ModelForm):
    """A claim's form, on its own page or in a record's inline.

    The quote is checked against the source's text by ``Claim.clean`` (a quote not in it is an
    error naming the closest passage). The locator is computed from the paragraph where the
    saved source has text, so it is shown but not typed there; and the quote box carries what
    the picker (``events/static/events/quote-picker.js``) needs.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        source_id = self.instance.source_id if self.instance.pk is not None else None
        if (
            "locator" in self.fields
            and source_id is not None
            and Source.objects.filter(pk=source_id).exclude(text="").exists()
        ):
            self.fields["locator"].disabled = True
            self.fields["locator"].help_text = "Computed from the paragraph the quote stands in."
        if "quote" in self.fields:
            # "/0/" stands for the chosen source's id, which the script puts in its place.
            self.fields["quote"].widget.attrs["data-paragraphs-url"] = reverse(
                "admin:events_source_paragraphs", args=["0"]
            )


class ClaimAdminForm(AnchoredQuoteForm):
    """A claim on its own page: it may not join a published record, whose claims change from its page."""

    def clean(self):
        cleaned_data = super().clean()
        for field in ("event", "tie"):
            record = cleaned_data.get(field)
            if record is not None and record.status == RecordStatus.PUBLISHED:
                self.add_error(
                    field,
                    f"“{record}” is published: add the claim from its page, where the change goes to a reviewer.",
                )
        return cleaned_data


class SourceTextForm(forms.ModelForm):
    """A source's text, pasted or uploaded as a UTF-8 text file, kept exactly as given.

    Line breaks are kept as ``\n`` (``stored_text``) and nothing is trimmed, so the SHA-256 is
    that of the document. An uploaded file replaces what the text box holds. A file that is not
    UTF-8, a NUL character or a text over ``SOURCE_TEXT_MAX_BYTES`` is a form error naming it.
    """

    text_file = forms.FileField(
        label="…or upload the text",
        required=False,
        help_text="A plain text file in UTF-8 (.txt); it replaces the text above.",
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,text/plain"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("text")
        if field is not None:
            field.strip = False
            # The model's check says what to do about a NUL; Django's own only that it is there.
            field.validators = [
                v for v in field.validators if not isinstance(v, ProhibitNullCharactersValidator)
            ]
            field.widget.attrs.update({"rows": 12, "dir": "auto"})

    def clean_text(self):
        return stored_text(self.cleaned_data.get("text") or "")

    def clean_text_file(self):
        upload = self.cleaned_data.get("text_file")
        if not upload:
            return None
        limit = settings.SOURCE_TEXT_MAX_BYTES
        content = upload.read(limit + 1)
        if len(content) > limit:
            raise ValidationError(
                f"“{upload.name}” is over {limit:,} bytes: a source's text may be at most {limit:,} bytes "
                f"({limit / 1024 / 1024:g} MB, the SOURCE_TEXT_MAX_BYTES setting)."
            )
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise ValidationError(
                f"“{upload.name}” is not UTF-8 text (byte {error.start + 1:,} cannot be read). "
                "Save it as plain text in UTF-8 and upload it again, or paste the text."
            ) from error
        text = stored_text(text)
        problems = text_size_problems(text)
        if problems:
            raise ValidationError(problems)
        return text

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("text_file"):
            cleaned["text"] = cleaned["text_file"]
        return cleaned
