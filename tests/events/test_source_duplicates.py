"""A source entered twice is flagged on save, and an editor can mark it for a reviewer to merge."""

import datetime

import pytest
from django.urls import reverse

from actors.choices import Language
from events.models import Source
from events.models.sources import url_key
from tests.factories import SourceFactory

ADD = reverse("admin:events_source_add")
CHANGELIST = reverse("admin:events_source_changelist")
CHECKBOX = 'type="checkbox" name="not_a_duplicate"'
ARTICLE = "https://www.aljazeera.net/news/2025/5/11/haftar-in-moscow/"


@pytest.fixture
def article(db):
    """The source already recorded: an Arabic article with its address and an archived copy."""
    return SourceFactory(
        title="حفتر يصل إلى موسكو في زيارة رسمية",
        publisher="الجزيرة نت",
        url=ARTICLE,
        archive_url="https://web.archive.org/web/20250511/https://www.aljazeera.net/news/2025/5/11/haftar-in-moscow",
        language=Language.ARABIC,
        published_on=datetime.date(2025, 5, 11),
    )


def source_form(title, **fields):
    """The POST of the admin's source form."""
    data = {
        "kind": "news_article",
        "title": title,
        "publisher": "",
        "author": "",
        "url": "",
        "archive_url": "",
        "language": Language.ARABIC,
        "published_on": "",
        "accessed_on": "",
        "content_sha256": "",
        "reliability": "F",
        "notes": "",
        "duplicate_of": "",
    }
    return data | fields


def warning(response):
    assert response.status_code == 200, "the form was saved without a warning"
    return " ".join(str(error) for error in response.context["adminform"].form.non_field_errors())


# ---------------------------------------------------------------------------- the keys


@pytest.mark.parametrize(
    "variant",
    [
        "http://aljazeera.net/news/2025/5/11/haftar-in-moscow",
        "https://WWW.AlJazeera.net:443/news/2025/5/11/haftar-in-moscow?utm_source=twitter&utm_medium=social",
        "https://www.aljazeera.net/news/2025/5/11/haftar-in-moscow/?fbclid=IwAR0#comments",
    ],
)
def test_addresses_of_one_page_have_one_key(variant):
    assert url_key(variant) == url_key(ARTICLE) == "aljazeera.net/news/2025/5/11/haftar-in-moscow"


def test_parameters_that_choose_the_page_are_kept_in_any_order():
    assert url_key("https://example.org/read?id=3&lang=ar") == url_key(
        "https://example.org/read?lang=ar&id=3"
    )
    assert url_key("https://example.org/read?id=3") != url_key("https://example.org/read?id=4")
    assert url_key("https://example.org/News") != url_key("https://example.org/news")


def test_an_escaped_arabic_path_is_the_same_path():
    escaped = "https://example.org/%D8%AD%D9%81%D8%AA%D8%B1"
    assert url_key(escaped) == url_key("https://example.org/حفتر") == "example.org/حفتر"


def test_keys_are_filled_on_save(article):
    assert article.url_key == "aljazeera.net/news/2025/5/11/haftar-in-moscow"
    assert article.title_key == "حفتر يصل الي موسكو في زياره رسميه"
    assert article.publisher_key == "الجزيره نت"


# ---------------------------------------------------------------------------- the warning


def test_the_same_address_with_tracking_parameters_and_without_www_is_flagged(editor_client, article):
    url = "https://aljazeera.net/news/2025/5/11/haftar-in-moscow?utm_source=twitter&utm_campaign=x"

    response = editor_client.post(ADD, source_form("Haftar arrives in Moscow", url=url))

    text = warning(response)
    assert "may already be recorded as" in text
    assert reverse("admin:events_source_change", args=[article.pk]) in text
    assert CHECKBOX in response.text
    assert not Source.objects.filter(title="Haftar arrives in Moscow").exists()


def test_an_address_matching_the_archived_copy_is_flagged(editor_client, article):
    archive = "http://web.archive.org/web/20250511/https://www.aljazeera.net/news/2025/5/11/haftar-in-moscow/"

    response = editor_client.post(ADD, source_form("Archived copy", url=archive))

    assert reverse("admin:events_source_change", args=[article.pk]) in warning(response)


def test_the_same_title_in_a_lookalike_arabic_spelling_by_the_same_publisher_is_flagged(
    editor_client, article
):
    # Diacritics, a tatweel, hamza and taa marbuta variants: the same words to a reader.
    response = editor_client.post(
        ADD, source_form("حَفْتَر يصـل الى موسكو في زيارة رسمية", publisher="الجزيرة نت")
    )

    assert reverse("admin:events_source_change", args=[article.pk]) in warning(response)


def test_the_same_title_on_the_same_day_is_flagged_without_a_publisher(editor_client, article):
    response = editor_client.post(
        ADD, source_form("حفتر يصل إلى موسكو في زيارة رسميه", published_on="2025-05-11")
    )

    assert reverse("admin:events_source_change", args=[article.pk]) in warning(response)


def test_the_same_title_elsewhere_on_another_day_is_not_a_duplicate(editor_client, article):
    response = editor_client.post(
        ADD,
        source_form("حفتر يصل إلى موسكو في زيارة رسمية", publisher="RT Arabic", published_on="2025-05-12"),
    )

    assert response.status_code == 302
    assert Source.objects.filter(publisher="RT Arabic").exists()


def test_the_editor_can_save_anyway(editor_client, article):
    response = editor_client.post(ADD, source_form("Copy", url=ARTICLE, not_a_duplicate="on"))

    assert response.status_code == 302
    assert Source.objects.filter(title="Copy").exists()


def test_saving_a_source_again_does_not_warn_of_itself(editor_client, article):
    url = reverse("admin:events_source_change", args=[article.pk])
    data = source_form(
        article.title,
        publisher=article.publisher,
        url=article.url,
        archive_url=article.archive_url,
        published_on="2025-05-11",
        notes="Checked.",
    )
    # The version of the page opened, which a save from a stale page would not carry.
    opened = editor_client.get(url).context["adminform"].form["opened_version"].value()

    assert editor_client.post(url, {**data, "opened_version": opened}).status_code == 302
    article.refresh_from_db()
    assert article.notes == "Checked."


def test_an_editor_marks_a_source_as_a_duplicate_without_a_warning(editor_client, article):
    response = editor_client.post(ADD, source_form("Copy", url=ARTICLE, duplicate_of=str(article.pk)))

    assert response.status_code == 302
    assert Source.objects.get(title="Copy").duplicate_of == article


def test_a_source_cannot_be_marked_a_duplicate_of_itself(editor_client, article):
    url = reverse("admin:events_source_change", args=[article.pk])
    data = source_form(article.title, url=article.url, duplicate_of=str(article.pk))

    response = editor_client.post(url, data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["duplicate_of"] == [
        "A source cannot be a duplicate of itself."
    ]


def test_a_source_marked_a_duplicate_of_a_merged_one_is_told_where_it_went(editor_client, article):
    gone = SourceFactory(title="Old copy", merged_into=article)

    response = editor_client.post(ADD, source_form("Another copy", duplicate_of=str(gone.pk)))

    assert response.status_code == 200
    [message] = response.context["adminform"].form.errors["duplicate_of"]
    assert "was merged into" in message and "mark this source a duplicate of that one" in message


def test_merged_sources_are_not_candidates(article):
    merged = SourceFactory(title="Copy", url=ARTICLE, merged_into=article)

    assert list(Source.objects.likely_duplicates(urls=[ARTICLE])) == [article]
    assert merged not in Source.objects.likely_duplicates(urls=[ARTICLE])
    assert list(Source.objects.likely_duplicates(urls=[ARTICLE], exclude=article.pk)) == []


def test_the_changelist_filters_sources_marked_as_duplicates(editor_client, article):
    copy = SourceFactory(title="Copy", duplicate_of=article)

    response = editor_client.get(CHANGELIST, {"duplicate": "marked"})

    assert list(response.context["cl"].result_list) == [copy]
