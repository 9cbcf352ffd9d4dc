"""Quotes anchored in the source's own text: the one definition of how a quote is found.

A claim's quote is stored as the editor wrote it. When its source holds the document's text,
the quote must occur in that text, compared after two normalizations that change nothing a
reader sees:

- **whitespace**: every run of spaces, tabs, line breaks and no-break spaces is one space, and
  the quote's own leading and trailing whitespace is ignored (a quote copied across a line
  break still matches);
- **Unicode form**: both sides are compared in NFC, so a quote typed with decomposed letters
  (``ا`` + ``ٔ`` for ``أ``, ``e`` + ``́`` for ``é``) matches the composed text; invisible direction
  marks (LRM, RLM, ALM, the embedding and isolate controls) and the byte-order mark, which
  copying Arabic from a web page often carries along, are set aside.

Nothing else is folded. The exact letters are what a quote attests: Arabic diacritics
(tashkeel), tatweel, hamza forms, punctuation and case must be as the source has them, so
``حفتر`` does not match a text that writes ``حَفْتَر``. The error for a quote that is not found
names the closest passage, where such a difference shows at once. (Search, by contrast, folds
all of these: ``actors.search``.)

A match is kept as a W3C Web Annotation *TextQuoteSelector* — ``exact`` (the text as it stands
in the source, not the editor's spelling of it), ``prefix`` and ``suffix`` (up to
``CONTEXT`` characters either side) — with the character offsets into the stored text and the
number of the paragraph it starts in. Paragraphs are the text's blocks separated by blank lines,
numbered from 1 (a headline is paragraph 1).

The normalized text of a source is computed once per process and text (``text_index``), so that
checking every claim of a 2 MB text costs one pass over it.
"""

import bisect
import difflib
import hashlib
import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property, lru_cache

# Characters either side of the quote kept in the selector's prefix and suffix.
CONTEXT = 32
# Invisible marks set aside when comparing: direction marks and controls, the byte-order mark.
IGNORABLE = frozenset("\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff")
IGNORABLE_RE = re.compile("[" + "".join(sorted(IGNORABLE)) + "]")
WHITESPACE = re.compile(r"\s+")
# A whitespace run that is not one plain space: where the normalized text's offsets shift.
SHIFTING_WHITESPACE = re.compile(r"\s{2,}|[^\S ]")
# A blank line (it may hold spaces) ends a paragraph; so does the Unicode paragraph separator.
PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n|\u2029")
# Where the picker cuts a paragraph into sentences: after . ! ? ؟ ۔ … and at line breaks.
SENTENCE_END = re.compile(r"(?<=[.!?\u061f\u06d4\u2026])\s+|\s*\n\s*")
# The closest passage is looked for in pieces of at most this many characters.
CHUNK = 4000


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph of ``text``, without its surrounding whitespace: the one
    definition of a paragraph, for anchored quotes and for the intake help alike."""
    spans, start = [], 0
    for brk in PARAGRAPH_BREAK.finditer(text):
        spans.append((start, brk.start()))
        start = brk.end()
    spans.append((start, len(text)))
    found = []
    for start, end in spans:
        block = text[start:end]
        if block.strip():
            found.append((start + len(block) - len(block.lstrip()), start + len(block.rstrip())))
    return found


def paragraph_starts(text: str) -> list[int]:
    return [start for start, _ in paragraph_spans(text)]


def paragraph_at(starts: list[int], offset: int) -> int:
    """The number (from 1) of the paragraph that holds, or follows, the character at ``offset``."""
    return max(1, bisect.bisect_right(starts, offset))


def sha256_of(text: str) -> str:
    """The SHA-256 of a source's text: of its UTF-8 bytes, as stored."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def stored_text(text: str) -> str:
    """The text as a source keeps it: line breaks as ``\\n`` (a browser sends ``\\r\\n``)."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def normalize(text: str) -> str:
    """The form a quote and a text are compared in: NFC, one space per whitespace run, no
    invisible direction marks, trimmed."""
    text = IGNORABLE_RE.sub("", text or "")
    return WHITESPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


# --- the normalized text and its way back to the stored text's offsets ---------------------------


class _Pieces:
    """Offsets of a derived string mapped back to those of the string it came from.

    The derived string is cut into pieces: one copied unchanged (``exact``: offsets move one
    for one) or one that stands for a whole span of the original (a collapsed whitespace run,
    a recomposed letter). No pieces at all: the two strings are the same.
    """

    def __init__(self):
        self.at, self.source_start, self.source_end, self.exact = [], [], [], []

    def add(self, at, source_start, source_end, exact):
        self.at.append(at)
        self.source_start.append(source_start)
        self.source_end.append(source_end)
        self.exact.append(exact)

    def start(self, offset: int) -> int:
        if not self.at:
            return offset
        i = bisect.bisect_right(self.at, offset) - 1
        if self.exact[i]:
            return self.source_start[i] + offset - self.at[i]
        return self.source_start[i]

    def end(self, offset: int) -> int:
        """Where a span ending (exclusive) at ``offset`` ends in the original."""
        if not self.at or offset == 0:
            return offset
        i = bisect.bisect_right(self.at, offset - 1) - 1
        if self.exact[i]:
            return self.source_start[i] + offset - self.at[i]
        return self.source_end[i]


def _clusters(line: str):
    """A line cut after each letter and the combining marks that follow it."""
    start = 0
    for position in range(1, len(line) + 1):
        if position == len(line) or not unicodedata.combining(line[position]):
            yield start, line[start:position]
            start = position


def _recompose(text: str) -> tuple[str, _Pieces]:
    """``text`` in NFC without invisible marks, line by line; most lines are already so."""
    pieces = _Pieces()
    if unicodedata.is_normalized("NFC", text) and not IGNORABLE_RE.search(text):
        return text, pieces
    out, length, line_start = [], 0, 0
    for line in text.splitlines(keepends=True):
        if unicodedata.is_normalized("NFC", line) and not IGNORABLE_RE.search(line):
            pieces.add(length, line_start, line_start + len(line), True)
            out.append(line)
            length += len(line)
        else:
            composed = [
                (start, cluster, unicodedata.normalize("NFC", IGNORABLE_RE.sub("", cluster)))
                for start, cluster in _clusters(line)
            ]
            whole = unicodedata.normalize("NFC", IGNORABLE_RE.sub("", line))
            if "".join(new for _, _, new in composed) != whole:
                # Letters that compose across clusters (rare: Hangul jamo, some Indic vowels).
                composed = [(0, line, whole)]
            for start, cluster, new in composed:
                if new:
                    source = line_start + start
                    pieces.add(length, source, source + len(cluster), new == cluster)
                    out.append(new)
                    length += len(new)
        line_start += len(line)
    return "".join(out), pieces


def _collapse(text: str) -> tuple[str, _Pieces]:
    """``text`` with each whitespace run as one space (not trimmed, so offsets stay simple)."""
    pieces, out, length, copied_to = _Pieces(), [], 0, 0
    for run in SHIFTING_WHITESPACE.finditer(text):
        if run.start() > copied_to:
            pieces.add(length, copied_to, run.start(), True)
            out.append(text[copied_to : run.start()])
            length += run.start() - copied_to
        pieces.add(length, run.start(), run.end(), False)
        out.append(" ")
        length += 1
        copied_to = run.end()
    if not pieces.at:
        return text, pieces
    if copied_to < len(text):
        pieces.add(length, copied_to, len(text), True)
        out.append(text[copied_to:])
    return "".join(out), pieces


@dataclass(frozen=True)
class Anchor:
    """Where a quote stands in a source's text."""

    start: int
    end: int
    exact: str
    prefix: str
    suffix: str
    paragraph: int


@dataclass(frozen=True)
class Passage:
    """The part of a text closest to a quote that is not in it."""

    paragraph: int
    text: str


class TextIndex:
    """A source's text made ready for finding quotes in it."""

    def __init__(self, text: str):
        self.text = text
        recomposed, self._recomposed = _recompose(text)
        self.normalized, self._collapsed = _collapse(recomposed)

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Offsets in the stored text of ``normalized[start:end]``."""
        return (
            self._recomposed.start(self._collapsed.start(start)),
            self._recomposed.end(self._collapsed.end(end)),
        )

    @cached_property
    def paragraphs(self) -> list[tuple[int, int]]:
        """(start, end) of each paragraph in the stored text, without its surrounding whitespace."""
        return paragraph_spans(self.text)

    @cached_property
    def _paragraph_starts(self) -> list[int]:
        return [start for start, _ in self.paragraphs]

    def paragraph_at(self, offset: int) -> int:
        """The number (from 1) of the paragraph that holds, or follows, ``offset``."""
        return paragraph_at(self._paragraph_starts, offset)

    def anchor(self, start: int, end: int) -> Anchor:
        return Anchor(
            start=start,
            end=end,
            exact=self.text[start:end],
            prefix=self.text[max(0, start - CONTEXT) : start],
            suffix=self.text[end : end + CONTEXT],
            paragraph=self.paragraph_at(start),
        )

    def find(self, quote: str, near: int | None = None) -> Anchor | None:
        """Where ``quote`` stands in the text, or None. Of several places, the one nearest
        ``near`` (a claim's previous start, so that it keeps its place), else the first."""
        wanted = normalize(quote)
        if not wanted:
            return None
        found = self.normalized.find(wanted)
        if found < 0:
            return None
        best = self.original_span(found, found + len(wanted))
        if near is not None:
            while True:
                found = self.normalized.find(wanted, found + 1)
                if found < 0:
                    break
                span = self.original_span(found, found + len(wanted))
                if abs(span[0] - near) < abs(best[0] - near):
                    best = span
        return self.anchor(*best)

    def closest_passage(self, quote: str) -> Passage | None:
        """The passage most like ``quote``, looked for paragraph by paragraph.

        The paragraphs (cut into pieces of at most ``CHUNK`` characters) that share most of the
        quote's three-letter sequences are compared window by window, a window being as long as
        the quote and starting at a word; the best ``difflib`` ratio wins.
        """
        wanted = normalize(quote)
        if not wanted:
            return None
        grams = sorted({wanted[i : i + 3] for i in range(max(1, len(wanted) - 2))})
        if len(grams) > 48:
            grams = grams[:: len(grams) // 48 + 1]
        units = []
        for number, (start, end) in enumerate(self.paragraphs, start=1):
            paragraph = normalize(self.text[start:end])
            step = max(CHUNK - len(wanted) - CONTEXT, CHUNK // 2)
            for at in range(0, max(1, len(paragraph) - len(wanted) + 1), step):
                unit = paragraph[at : at + CHUNK]
                score = sum(1 for gram in grams if gram in unit)
                if score:
                    units.append((score, number, unit))
        units.sort(key=lambda unit: -unit[0])
        best = None
        matcher = difflib.SequenceMatcher(autojunk=False)
        matcher.set_seq2(wanted)
        for _, number, unit in units[:3]:
            windows = []
            for word in re.finditer(r"(?:^|(?<= ))\S", unit):
                window = unit[word.start() : word.start() + len(wanted)]
                space = unit.find(" ", word.start() + len(wanted))
                if space > 0 and space - word.start() - len(wanted) < 20:
                    window = unit[word.start() : space]
                matcher.set_seq1(window)
                windows.append((matcher.quick_ratio(), window))
            windows.sort(key=lambda item: -item[0])
            for _, window in windows[:12]:
                matcher.set_seq1(window)
                ratio = matcher.ratio()
                if best is None or ratio > best[0]:
                    best = (ratio, number, window)
        return Passage(paragraph=best[1], text=best[2].strip()) if best else None

    def paragraph_texts(self) -> list[dict]:
        """Each paragraph, whole and cut into sentences, as the stored text has them (the picker)."""
        result = []
        for number, (start, end) in enumerate(self.paragraphs, start=1):
            text = self.text[start:end]
            sentences = [part.strip() for part in SENTENCE_END.split(text) if part.strip()]
            result.append({"number": number, "text": text, "sentences": sentences})
        return result


@lru_cache(maxsize=8)
def text_index(text: str) -> TextIndex:
    """The index of a text, kept for the few texts a process works with at a time."""
    return TextIndex(text)


def not_found_message(text: str, quote: str) -> str:
    """The form error for a quote that is not in the source's text, naming the closest passage."""
    message = (
        "This quote is not in the source's text (compared with whitespace and Unicode form set "
        "aside; letters, diacritics and tatweel must be as the source has them)."
    )
    passage = text_index(text).closest_passage(quote)
    if passage is not None:
        shown = passage.text if len(passage.text) <= 300 else passage.text[:299] + "…"
        message += f" The closest passage, in paragraph {passage.paragraph}: “{shown}”"
    return message
