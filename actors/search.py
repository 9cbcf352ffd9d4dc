"""Normalization of names and text for search, the same on SQLite and PostgreSQL.

Two keys are kept in columns beside the text they come from:

- ``normalize`` gives the *search key*: case-folded, accents and Arabic diacritics removed,
  Arabic letter variants unified, punctuation turned into single spaces. ``حَفْتَر`` and
  ``حفتر`` share a key; so do ``Hifter`` and ``HIFTER``.
- ``sound_key`` gives a consonant skeleton of the ASCII transliteration of every word, so
  spellings that differ only in vowels match: Haftar, Hafter and Hifter all give ``hftr``.
"""

import re
import unicodedata

from anyascii import anyascii

# Tashkeel (harakat, tanwin, shadda, sukun), Quranic annotation marks, superscript alef.
ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")
TATWEEL = "\u0640"
ARABIC_LETTER_VARIANTS = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ة": "ه",
        "ى": "ي",
        "ؤ": "و",
        "ئ": "ي",
        # Persian and Urdu forms that appear in Arabic-script names.
        "ی": "ي",
        "ک": "ك",
    }
)
NOT_WORD = re.compile(r"[\W_]+")
VOWELS = re.compile(r"[aeiouy]")


def normalize(text):
    """The search key of ``text``: what two spellings of one name have in common."""
    if not text:
        return ""
    text = ARABIC_MARKS.sub("", text).replace(TATWEEL, "")
    text = text.translate(ARABIC_LETTER_VARIANTS)
    # NFKD splits accented Latin and Cyrillic letters (and Arabic presentation forms)
    # into a base letter and combining marks, which are then dropped.
    decomposed = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    # Decomposition can leave hamza forms split; apply the variants once more.
    text = text.translate(ARABIC_LETTER_VARIANTS).casefold()
    return NOT_WORD.sub(" ", text).strip()


def sound_key(text):
    """Consonant skeleton of each word's transliteration: ``Khalifa Hifter`` → ``hlf hftr``."""
    words = []
    for word in normalize(anyascii(normalize(text))).split():
        skeleton = word[0] + VOWELS.sub("", word[1:]) if word[0] not in "aeiouy" else VOWELS.sub("", word)
        # Russian transliterates the Arabic h-sounds as "kh": Хафтар, Khaftar, Haftar.
        skeleton = re.sub(r"(.)\1+", r"\1", skeleton.replace("kh", "h"))
        if skeleton:
            words.append(skeleton)
    return " ".join(words)


def is_searchable_sound_key(key):
    """Whether a sound key is long enough (three consonants) to match on without noise."""
    return len(key.replace(" ", "")) >= 3


def searchable_sound_key(text):
    """The sound key of a query, or "" when it is too short to match on without noise."""
    key = sound_key(text)
    return key if is_searchable_sound_key(key) else ""
