"""Quotes anchored in the source's own text: the rules, the forms that apply them, the API."""

import hashlib
import http.server
import re
import threading
import time
import unicodedata

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events import anchoring, revisions
from events.anchoring import TextIndex, normalize, sha256_of
from events.choices import RecordStatus
from events.models import Claim, Source
from reports import linkcheck
from reports.models import LinkCheck
from tests.events.test_admin import admin_url, changeform_data
from tests.factories import ClaimFactory, EventFactory, SourceFactory, TieFactory, published_event

API = "/api/v1"
LIMIT = 2 * 1024 * 1024

HEADLINE = "حفتر يلتقي بوتين في موسكو"
FIRST = (
    "موسكو - التقى القائد العام للجيش الوطني الليبي المشير خليفة حفتر، الرئيس الروسي فلاديمير "
    "بوتين بالعاصمة موسكو التي وصلها مساء الأربعاء في زيارة رسمية."
)
SECOND = "وكان حفتر التقى سكرتير مجلس الأمن الروسي سيرغي شويغو، الجمعة. ومن ثم حضر العرض العسكري."
TEXT = f"{HEADLINE}\n\n{FIRST}\n\n\n{SECOND}\n"
QUOTE = "وكان حفتر التقى سكرتير مجلس الأمن الروسي سيرغي شويغو، الجمعة"


@pytest.fixture
def source(db):
    return SourceFactory(text=TEXT, language="ar")


def claim_on(source, quote=QUOTE, **fields):
    return ClaimFactory(source=source, quote=quote, quote_language="ar", **fields)


# --- the rules (events.anchoring) --------------------------------------------------------------


class TestRules:
    def test_paragraphs_are_blocks_between_blank_lines_numbered_from_1(self):
        index = TextIndex("Headline\n\nFirst line\nsame paragraph\n\n \n\nSecond\n")
        assert [index.text[s:e] for s, e in index.paragraphs] == [
            "Headline",
            "First line\nsame paragraph",
            "Second",
        ]

    def test_a_quote_is_found_with_its_offsets_prefix_suffix_and_paragraph(self):
        found = TextIndex(TEXT).find(QUOTE)
        assert TEXT[found.start : found.end] == found.exact == QUOTE
        assert found.paragraph == 3
        assert found.prefix == TEXT[found.start - 32 : found.start]
        assert found.suffix == TEXT[found.end : found.end + 32]

    def test_whitespace_runs_and_line_breaks_are_one_space(self):
        typed = "  وكان حفتر\nالتقى   سكرتير\u00a0مجلس الأمن الروسي سيرغي شويغو،\tالجمعة  "
        assert TextIndex(TEXT).find(typed).exact == QUOTE

    def test_decomposed_letters_match_the_composed_text_and_the_reverse(self):
        decomposed = unicodedata.normalize("NFD", "الأمن")
        assert decomposed != "الأمن"
        assert TextIndex(TEXT).find(decomposed).exact == "الأمن"
        found = TextIndex(unicodedata.normalize("NFD", TEXT)).find(QUOTE)
        assert found is not None and unicodedata.normalize("NFC", found.exact) == QUOTE

    def test_direction_marks_copied_with_a_quote_are_set_aside(self):
        assert TextIndex(TEXT).find("\u200fسيرغي شويغو\u200f").exact == "سيرغي شويغو"
        assert TextIndex("أ\u200f " + TEXT).find(QUOTE).exact == QUOTE

    def test_diacritics_and_tatweel_are_letters_of_the_quote_not_folded(self):
        assert TextIndex(TEXT).find("حَفْتَر") is None
        assert TextIndex(TEXT).find("حفـــتر") is None
        assert TextIndex("المشير حَفْتَر").find("حَفْتَر").exact == "حَفْتَر"

    def test_of_two_places_the_one_nearest_the_previous_start_is_kept(self):
        text = "حفتر في موسكو.\n\nثم حفتر في مينسك."
        assert TextIndex(text).find("حفتر").start == 0
        assert TextIndex(text).find("حفتر", near=text.rindex("حفتر")).paragraph == 2

    def test_the_closest_passage_of_a_quote_with_one_changed_letter(self):
        wrong = QUOTE.replace("الروسي", "الروسى")
        passage = TextIndex(TEXT).closest_passage(wrong)
        assert passage.paragraph == 3
        assert "سكرتير مجلس الأمن الروسي سيرغي شويغو" in passage.text

    def test_finding_and_the_closest_passage_stay_fast_on_2_mb(self):
        filler = "\n\n".join(
            f"فقرة رقم {n} عن موضوع آخر لا علاقة له بالاقتباس المطلوب هنا." for n in range(19000)
        )
        text = f"{filler}\n\n{TEXT}"
        assert LIMIT * 0.9 < len(text.encode()) <= LIMIT
        started = time.monotonic()
        index = TextIndex(text)
        assert index.find(QUOTE).paragraph == 19003
        passage = index.closest_passage(QUOTE.replace("الروسي", "الروسى"))
        assert passage.paragraph == 19003
        assert time.monotonic() - started < 10

    def test_the_hash_is_of_the_texts_utf_8_bytes(self):
        assert sha256_of(TEXT) == hashlib.sha256(TEXT.encode("utf-8")).hexdigest()
        assert normalize(" a \r\n b ") == "a b"


# --- the models ---------------------------------------------------------------------------------


class TestClaims:
    def test_a_verbatim_quote_is_anchored_and_the_locator_filled_in(self, source):
        claim = claim_on(source, locator="typed by hand")
        assert claim.selector == {
            "exact": QUOTE,
            "prefix": claim.selector_prefix,
            "suffix": claim.selector_suffix,
        }
        assert (claim.paragraph, claim.locator, claim.needs_recheck) == (3, "paragraph 3", False)
        assert TEXT[claim.selector_start : claim.selector_end] == QUOTE

    def test_the_quote_is_stored_as_the_editor_wrote_it_the_selector_as_the_text_has_it(self, source):
        typed = unicodedata.normalize("NFD", QUOTE.replace(" ", "  "))
        claim = claim_on(source, quote=typed)
        claim.full_clean()
        claim.refresh_from_db()
        assert (claim.quote, claim.selector_exact) == (typed, QUOTE)

    def test_one_changed_letter_is_an_error_on_the_quote_naming_the_closest_passage(self, source):
        claim = Claim(
            source=source, event=EventFactory(), quote=QUOTE.replace("الروسي", "الروسى"), quote_language="ar"
        )
        with pytest.raises(ValidationError) as error:
            claim.full_clean()
        (message,) = error.value.message_dict["quote"]
        assert "not in the source's text" in message
        assert "paragraph 3" in message and "مجلس الأمن الروسي سيرغي شويغو" in message

    def test_without_text_the_locator_is_the_editors_and_there_is_no_selector(self, db):
        claim = ClaimFactory(source=SourceFactory(), quote="anything at all", locator="page 4")
        claim.full_clean()
        assert (claim.selector, claim.paragraph, claim.needs_recheck, claim.locator) == (
            None,
            None,
            False,
            "page 4",
        )

    def test_editing_the_text_flags_the_claims_whose_quote_is_gone_and_reanchors_the_rest(self, source):
        gone, kept = claim_on(source), claim_on(source, quote="سيرغي شويغو، الجمعة")
        kept_before = kept.updated_at
        source.text = f"{HEADLINE}\n\nفقرة جديدة.\n\n{FIRST}\n\n" + SECOND.replace(
            "وكان حفتر التقى", "والتقى حفتر"
        )
        source.save()
        gone.refresh_from_db()
        kept.refresh_from_db()
        assert (gone.needs_recheck, gone.selector, gone.paragraph) == (True, None, None)
        assert (kept.needs_recheck, kept.paragraph, kept.locator) == (False, 4, "paragraph 4")
        assert source.text[kept.selector_start : kept.selector_end] == "سيرغي شويغو، الجمعة"
        assert kept.updated_at > kept_before
        assert source.content_sha256 == sha256_of(source.text)

    def test_a_flagged_claim_is_cleared_once_its_quote_is_corrected(self, source):
        claim = claim_on(source)
        source.text = TEXT.replace("الجمعة", "يوم الجمعة")
        source.save()
        claim.refresh_from_db()
        assert claim.needs_recheck
        claim.quote = "سيرغي شويغو، يوم الجمعة"
        claim.full_clean()
        claim.save()
        assert (claim.needs_recheck, claim.paragraph) == (False, 3)

    def test_saving_a_source_without_changing_its_text_rechecks_nothing(self, source):
        claim_on(source)
        source.title = "Another title"
        with CaptureQueriesContext(connection) as queries:
            source.save()
        # The claims are read (their records' disputes name the source's title) but not re-anchored:
        # only their updated_at moves, as they show the source's title (events.feed).
        assert not any(
            query["sql"].startswith('UPDATE "events_claim"') and '"selector_exact"' in query["sql"]
            for query in queries.captured_queries
        )

    def test_a_text_over_the_limit_is_refused_naming_the_limit(self, db, settings):
        source = SourceFactory.build(text="a" * (LIMIT + 1))
        with pytest.raises(ValidationError) as error:
            source.full_clean()
        (message,) = error.value.message_dict["text"]
        assert (
            "2,097,153 bytes" in message
            and "2,097,152 bytes" in message
            and "SOURCE_TEXT_MAX_BYTES" in message
        )
        SourceFactory.build(text="a" * LIMIT).full_clean()

    def test_a_nul_character_is_refused_not_stripped(self, db):
        with pytest.raises(ValidationError, match="NUL character"):
            SourceFactory.build(text="one\x00two").full_clean()


# --- the admin ----------------------------------------------------------------------------------


def open_and_post(client, url, **changes):
    page = client.get(url)
    assert page.status_code == 200
    return client.post(url, changeform_data(page, **changes))


class TestSourceAdmin:
    def test_the_hash_is_computed_and_read_only(self, editor_client, source):
        page = editor_client.get(admin_url(Source, "change", source.pk))
        form = page.context["adminform"].form
        assert "content_sha256" not in form.fields
        assert sha256_of(TEXT) in page.content.decode()

    def test_a_pasted_text_is_kept_exactly_with_unix_line_breaks(self, editor_client, source):
        pasted = "  Headline\r\n\r\nBody. \r\n"
        response = open_and_post(editor_client, admin_url(Source, "change", source.pk), text=pasted)
        assert response.status_code == 302
        source.refresh_from_db()
        assert source.text == "  Headline\n\nBody. \n"
        assert source.content_sha256 == sha256_of(source.text)

    def test_an_uploaded_utf_8_file_fills_the_text(self, editor_client, source):
        upload = SimpleUploadedFile("article.txt", ("\ufeff" + TEXT).encode("utf-8"), "text/plain")
        response = open_and_post(
            editor_client, admin_url(Source, "change", source.pk), text="", text_file=upload
        )
        assert response.status_code == 302
        source.refresh_from_db()
        assert source.text == TEXT

    @pytest.mark.parametrize(
        ("content", "expected"),
        [
            ("حفتر".encode("cp1256"), "is not UTF-8 text"),
            (b"one\x00two", "NUL character"),
            (b"a" * (LIMIT + 1), "at most 2,097,152 bytes"),
        ],
    )
    def test_a_bad_file_is_a_form_error_and_nothing_is_saved(self, editor_client, source, content, expected):
        upload = SimpleUploadedFile("bad.txt", content, "text/plain")
        response = open_and_post(editor_client, admin_url(Source, "change", source.pk), text_file=upload)
        assert response.status_code == 200
        assert any(expected in message for message in response.context["adminform"].form.errors["text_file"])
        source.refresh_from_db()
        assert source.text == TEXT

    @pytest.mark.parametrize(
        ("text", "expected"), [("a" * (LIMIT + 1), "SOURCE_TEXT_MAX_BYTES"), ("a\x00b", "NUL")]
    )
    def test_a_bad_pasted_text_is_a_form_error_naming_why(self, editor_client, source, text, expected):
        response = open_and_post(editor_client, admin_url(Source, "change", source.pk), text=text)
        assert response.status_code == 200
        assert any(expected in message for message in response.context["adminform"].form.errors["text"])

    def test_the_page_says_how_many_claims_need_rechecking(self, editor_client, source):
        claim_on(source)
        Claim.objects.update(needs_recheck=True)
        page = editor_client.get(admin_url(Source, "change", source.pk))
        assert "1 claim whose quote is no longer in the text" in page.content.decode()


class TestClaimForms:
    def test_a_verbatim_quote_in_other_whitespace_saves_from_an_events_inline(self, editor_client, source):
        event = EventFactory()
        response = open_and_post(
            editor_client,
            admin_url(type(event), "change", event.pk),
            **{
                "claims-0-source": str(source.pk),
                "claims-0-quote": QUOTE.replace(" ", "\r\n", 2),
                "claims-0-quote_language": "ar",
                "claims-0-credibility": "2",
                "claims-0-stance": "asserts",
            },
        )
        assert response.status_code == 302
        claim = event.claims.get()
        assert (claim.paragraph, claim.locator, claim.selector_exact) == (3, "paragraph 3", QUOTE)

    def test_one_changed_letter_is_an_error_in_the_events_inline(self, editor_client, source):
        event = EventFactory()
        response = open_and_post(
            editor_client,
            admin_url(type(event), "change", event.pk),
            **{
                "claims-0-source": str(source.pk),
                "claims-0-quote": QUOTE.replace("شويغو", "شويقو"),
                "claims-0-quote_language": "ar",
                "claims-0-credibility": "2",
                "claims-0-stance": "asserts",
            },
        )
        assert response.status_code == 200
        errors = response.context["inline_admin_formsets"][1].formset.errors[0]["quote"]
        assert "closest passage, in paragraph 3" in errors[0] and "سيرغي شويغو" in errors[0]
        assert not event.claims.exists()

    def test_one_changed_letter_is_an_error_on_a_ties_claim_page(self, editor_client, source):
        claim = claim_on(source, event=None, tie=TieFactory())
        response = open_and_post(
            editor_client, admin_url(Claim, "change", claim.pk), quote=QUOTE.replace("الجمعة", "الخميس")
        )
        assert response.status_code == 200
        assert "not in the source's text" in response.context["adminform"].form.errors["quote"][0]
        claim.refresh_from_db()
        assert claim.quote == QUOTE

    def test_the_locator_is_not_typed_where_the_source_has_text(self, editor_client, source):
        claim = claim_on(source)
        response = open_and_post(editor_client, admin_url(Claim, "change", claim.pk), locator="paragraph 99")
        assert response.status_code == 302
        claim.refresh_from_db()
        assert claim.locator == "paragraph 3"
        page = editor_client.get(admin_url(Claim, "change", claim.pk))
        assert page.context["adminform"].form.fields["locator"].disabled
        assert "Found in the source&#x27;s text, paragraph 3" in page.content.decode()

    def test_approval_refuses_a_change_whose_quote_is_not_in_the_text(self, source, editor, reviewer):
        event = published_event(claims=[{"source": source, "quote": QUOTE, "quote_language": "ar"}])
        state = revisions.record_state(event)
        state["claims"][0]["quote"] = QUOTE.replace("الجمعة", "الخميس")
        revision = revisions.propose(event, state, editor, "Change the quote")
        with pytest.raises(revisions.RevisionRefused, match="not in the source's text"):
            revisions.approve(revision, reviewer)
        assert event.claims.get().quote == QUOTE

    def test_the_list_shows_and_filters_claims_to_recheck(self, editor_client, source):
        flagged, fine = claim_on(source), claim_on(source, quote="سيرغي شويغو")
        Claim.objects.filter(pk=flagged.pk).update(needs_recheck=True)
        response = editor_client.get(admin_url(Claim, "changelist"), {"needs_recheck__exact": "1"})
        assert [c.pk for c in response.context["cl"].result_list] == [flagged.pk]
        assert fine.pk not in [c.pk for c in response.context["cl"].result_list]


class TestQuotePicker:
    def test_the_picker_is_a_static_script_on_the_event_tie_and_claim_pages(self, editor_client, source):
        claim = claim_on(source)
        for url in [
            admin_url(type(claim.event), "change", claim.event.pk),
            admin_url(type(TieFactory()), "add"),
            admin_url(Claim, "change", claim.pk),
        ]:
            page = editor_client.get(url).content.decode()
            assert "events/quote-picker.js" in page
            assert 'data-paragraphs-url="/admin/events/source/0/paragraphs/"' in page
            # CSP (script-src 'self'): no inline code.
            assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>\s*\S", page)

    def test_the_paragraphs_view_gives_each_paragraph_and_its_sentences(self, editor_client, source):
        data = editor_client.get(f"/admin/events/source/{source.pk}/paragraphs/").json()
        assert data["has_text"] is True
        assert [p["number"] for p in data["paragraphs"]] == [1, 2, 3]
        assert data["paragraphs"][2]["text"] == SECOND
        assert data["paragraphs"][2]["sentences"] == [
            "وكان حفتر التقى سكرتير مجلس الأمن الروسي سيرغي شويغو، الجمعة.",
            "ومن ثم حضر العرض العسكري.",
        ]

    def test_the_paragraphs_view_is_for_staff_only(self, client, source, outsider):
        url = f"/admin/events/source/{source.pk}/paragraphs/"
        assert client.get(url).status_code == 302
        client.force_login(outsider)
        assert client.get(url).status_code == 302

    def test_an_unknown_source_is_a_404(self, editor_client, db):
        assert editor_client.get("/admin/events/source/999999/paragraphs/").status_code == 404


# --- the API ------------------------------------------------------------------------------------


class TestApi:
    def test_every_claim_has_its_selector_paragraph_and_flag(self, client, source):
        event = published_event(claims=[{"source": source, "quote": QUOTE, "quote_language": "ar"}])
        nested = client.get(f"{API}/events/{event.pk}/").json()["claims"][0]
        listed = client.get(f"{API}/claims/").json()["results"][0]
        for claim in (nested, listed):
            assert claim["selector"]["exact"] == QUOTE
            assert claim["selector"]["prefix"].endswith("\n\n")
            assert claim["selector"]["suffix"].startswith(". ومن ثم")
            assert (claim["paragraph"], claim["needs_recheck"]) == (3, False)

    def test_without_text_selector_and_paragraph_are_null(self, client, db):
        published_event()
        claim = client.get(f"{API}/claims/").json()["results"][0]
        assert (claim["selector"], claim["paragraph"], claim["needs_recheck"]) == (None, None, False)

    def test_the_claims_csv_has_paragraph_and_needs_recheck(self, client, source):
        published_event(claims=[{"source": source, "quote": QUOTE, "quote_language": "ar"}])
        response = client.get(f"{API}/claims/?format=csv")
        lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
        header, row = lines[0].split(","), lines[1]
        assert {"paragraph", "needs_recheck"} <= set(header)
        assert ",3,false," in row or ",3,False," in row

    def test_the_text_is_published_only_where_licensed_and_never_in_lists(self, client, source):
        published_event(claims=[{"source": source, "quote": QUOTE, "quote_language": "ar"}])
        detail = f"{API}/sources/{source.pk}/"
        assert client.get(detail).json()["text"] is None
        Source.objects.filter(pk=source.pk).update(licensed_for_republication=True)
        assert client.get(detail).json()["text"] == TEXT
        assert "text" not in client.get(f"{API}/sources/").json()["results"][0]
        csv = b"".join(client.get(f"{API}/sources/?format=csv").streaming_content).decode("utf-8-sig")
        assert "شويغو" not in csv and "licensed_for_republication" in csv

    @pytest.mark.parametrize("path", ["claims/", "events/", "claims/?format=csv", "events/?format=csv"])
    def test_list_queries_do_not_grow_with_claims_and_never_read_the_text(self, client, source, path):
        def queries():
            with CaptureQueriesContext(connection) as captured:
                response = client.get(f"{API}/{path}")
                if response.streaming:
                    b"".join(response.streaming_content)
            assert response.status_code == 200
            return captured

        published_event(claims=[{"source": source, "quote": QUOTE, "quote_language": "ar"}])
        with_one = len(queries())
        for _ in range(4):
            published_event(claims=[{"source": source, "quote": "سيرغي شويغو", "quote_language": "ar"}] * 2)
        captured = queries()
        assert len(captured) == with_one
        assert not any('"events_source"."text"' in query["sql"] for query in captured.captured_queries)


# --- the link check -----------------------------------------------------------------------------


class PlainText(http.server.BaseHTTPRequestHandler):
    body = TEXT.encode("utf-8")
    content_type = "text/plain; charset=utf-8"

    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Type", self.server.content_type)
        self.send_header("Content-Length", str(len(self.server.body)))
        self.end_headers()
        self.wfile.write(self.server.body)

    def log_message(self, *args):
        pass


@pytest.fixture
def text_server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), PlainText)
    httpd.daemon_threads = True
    httpd.body, httpd.content_type = TEXT.encode("utf-8"), "text/plain; charset=utf-8"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


class TestLinkCheck:
    def url(self, httpd):
        return f"http://127.0.0.1:{httpd.server_address[1]}/article.txt"

    def test_the_same_text_leaves_the_claims_alone(self, source, text_server):
        Source.objects.filter(pk=source.pk).update(url=self.url(text_server))
        claim_on(source)
        check = linkcheck.check_source(Source.objects.get(pk=source.pk), timeout=5)
        assert (check.content_sha256, check.text_changed) == (sha256_of(TEXT), False)
        assert not Claim.objects.filter(needs_recheck=True).exists()

    def test_a_different_text_flags_the_sources_claims(self, source, text_server):
        Source.objects.filter(pk=source.pk).update(url=self.url(text_server))
        claim = claim_on(source)
        text_server.body = TEXT.replace("الجمعة", "السبت").encode("utf-8")
        check = linkcheck.check_source(Source.objects.get(pk=source.pk), timeout=5)
        assert check.text_changed
        claim.refresh_from_db()
        assert claim.needs_recheck

    def test_an_html_page_is_not_compared(self, source, text_server):
        Source.objects.filter(pk=source.pk).update(url=self.url(text_server))
        claim_on(source)
        text_server.content_type, text_server.body = "text/html; charset=utf-8", b"<p>other</p>"
        check = linkcheck.check_source(Source.objects.get(pk=source.pk), timeout=5)
        assert (check.status_code, check.content_sha256, check.text_changed) == (200, "", False)
        assert not Claim.objects.filter(needs_recheck=True).exists()
        assert LinkCheck.objects.count() == 1


def test_the_module_documents_what_is_folded_and_what_is_not():
    assert "tatweel" in anchoring.__doc__ and "NFC" in anchoring.__doc__


def test_a_draft_claim_of_a_source_with_text_keeps_its_place_through_an_unrelated_text_edit(source):
    claim = claim_on(source, event=EventFactory(status=RecordStatus.DRAFT))
    source.text = "سطر جديد في الأعلى.\n\n" + TEXT
    source.save()
    claim.refresh_from_db()
    assert (claim.paragraph, claim.needs_recheck) == (4, False)
    assert source.text[claim.selector_start : claim.selector_end] == QUOTE
