"""The snapshot's codebook in both languages (issue 14): every column has its meaning in English
and in Arabic, and a column described in one language only makes the snapshot fail."""

import re

import pytest

from reports import codebook as codebook_module
from reports import codebook_ar, services
from reports.choices import ReportKind, ReportStatus
from reports.models import Report
from tests.reports.test_snapshots import codebook, unzip

ARABIC = re.compile("[\u0600-\u06ff]")


@pytest.fixture
def described(world):
    report = services.build_snapshot()
    assert report.status == ReportStatus.DONE
    return codebook(unzip(report.file.open("rb").read()))


def test_every_column_has_its_meaning_in_arabic(described):
    columns = [row for row in described if not row["code"]]
    assert len(columns) > 100
    for row in columns:
        assert ARABIC.search(row["meaning_ar"]), (row["file"], row["column"], row["meaning_ar"])
        assert row["meaning_ar"] != row["meaning"]


def test_one_english_meaning_has_one_arabic_meaning(described):
    """A header shared by several files has one Arabic meaning only where it means one thing."""
    arabic_of, english_of = {}, {}
    for row in described:
        if not row["code"]:
            arabic_of.setdefault(row["meaning"], set()).add(row["meaning_ar"])
            english_of.setdefault(row["meaning_ar"], set()).add(row["meaning"])
    assert {meaning: ar for meaning, ar in arabic_of.items() if len(ar) > 1} == {}
    assert {ar: meanings for ar, meanings in english_of.items() if len(meanings) > 1} == {}


def test_every_country_and_record_type_has_its_arabic_label(described):
    codes = {(row["file"], row["column"], row["code"]): row for row in described if row["code"]}
    countries = [
        row for (_file, column, _code), row in codes.items() if column in ("country", "place_country")
    ]
    assert len(countries) > 3 * 200
    assert all(ARABIC.search(row["label_ar"]) for row in countries)
    # Names the catalog of django-countries has under other English names than its own.
    assert codes["places.csv", "country", "PS"]["label_ar"] == "فلسطين"
    assert codes["events.csv", "place_country", "VA"]["label_ar"]
    assert codes["claims.csv", "record_type", "tie"]["label_ar"] == "علاقة"


def test_every_code_of_the_project_has_its_arabic_label(described):
    """Other datasets' vocabularies (PLOVER, CAMEO, ACLED) keep their own English labels only."""
    vocabularies = set(codebook_module.VOCABULARIES)
    missing = sorted(
        {
            (row["column"], row["code"])
            for row in described
            if row["code"] and row["column"] not in vocabularies
        }
        - {
            (row["column"], row["code"])
            for row in described
            if row["code"] and ARABIC.search(row["label_ar"])
        }
    )
    assert missing == []


def test_a_column_with_no_arabic_meaning_makes_the_snapshot_fail(world, monkeypatch):
    meanings = dict(codebook_ar.MEANINGS_AR)
    del meanings["wikidata_id"]
    monkeypatch.setattr(codebook_ar, "MEANINGS_AR", meanings)
    with pytest.raises(
        LookupError, match=re.escape("actors.csv: column 'wikidata_id' has no Arabic meaning")
    ):
        services.build_snapshot()
    report = Report.objects.get(kind=ReportKind.SNAPSHOT)
    assert report.status == ReportStatus.FAILED
    assert "wikidata_id" in report.error
    assert not report.file


def test_a_column_with_no_english_meaning_makes_the_snapshot_fail(world, monkeypatch):
    from reports import codebook as english

    derived = dict(english.DERIVED)
    del derived["origin_id"]
    monkeypatch.setattr(english, "DERIVED", derived)
    with pytest.raises(LookupError, match=re.escape("sources.csv: column 'origin_id' is neither a field")):
        services.build_snapshot()
    assert Report.objects.get(kind=ReportKind.SNAPSHOT).status == ReportStatus.FAILED
