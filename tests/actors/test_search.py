import pytest

from actors.search import normalize, searchable_sound_key, sound_key


@pytest.mark.parametrize(
    ("variant", "plain"),
    [
        ("حَفْتَر", "حفتر"),  # fatha, sukun
        ("حفـــتر", "حفتر"),  # tatweel
        ("خَلِيفَةُ", "خليفه"),  # kasra, damma, taa marbuta
        ("أندريه", "اندريه"),  # alef with hamza above
        ("إبراهيم", "ابراهيم"),  # alef with hamza below
        ("آمنة", "امنه"),  # alef madda, taa marbuta
        ("ٱلقاهرة", "القاهره"),  # alef wasla
        ("مستشفى", "مستشفي"),  # alef maqsura
        ("مسؤول", "مسوول"),  # waw with hamza
        ("رئيس", "رييس"),  # yeh with hamza
        ("مُحَمَّدٌ", "محمد"),  # shadda, tanwin
        ("قوّات", "قوات"),  # shadda on its own
        ("ﻻ", "لا"),  # presentation form of lam-alef
    ],
)
def test_arabic_variants_share_one_key(variant, plain):
    assert normalize(variant) == normalize(plain)


@pytest.mark.parametrize(
    ("variant", "plain"),
    [
        ("HAFTAR", "haftar"),
        ("Ḥaftar", "Haftar"),
        ("Évkurov", "Evkurov"),
        ("Straße", "strasse"),
        ("ХАФТАР", "хафтар"),
        ("Йевкуров", "иевкуров"),
        ("Yunus-Bek", "yunus bek"),
    ],
)
def test_latin_and_cyrillic_fold_case_and_accents(variant, plain):
    assert normalize(variant) == normalize(plain)


def test_it_keeps_distinct_names_apart():
    assert normalize("حفتر") != normalize("حفيد")
    assert normalize("Putin") != normalize("Pushkin")


def test_it_collapses_punctuation_and_spaces():
    assert normalize("  «Khalifa   Haftar» ,") == "khalifa haftar"


@pytest.mark.parametrize("spelling", ["Haftar", "Hafter", "Hifter", "Haftár", "Хафтар", "Khaftar"])
def test_spellings_that_differ_in_vowels_share_a_sound_key(spelling):
    assert sound_key(spelling) == sound_key("Haftar") == "hftr"


def test_a_query_too_short_has_no_sound_key():
    assert searchable_sound_key("Al") == ""
    assert searchable_sound_key("Hifter") == "hftr"


def test_empty_text_gives_empty_keys():
    assert normalize("") == ""
    assert normalize(None) == ""
    assert sound_key("") == ""
