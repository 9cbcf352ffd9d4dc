"""The one way this project writes CSV: for API responses and for report files alike.

- UTF-8 with a byte-order mark, so Excel opens Arabic text intact;
- every cell that a spreadsheet would read as a formula is neutralised;
- rows are produced one at a time, so memory stays flat however many there are.
"""

import csv
import datetime
import decimal

BOM = "\ufeff"
# A cell whose first visible character is one of these may be run as a formula (or a DDE
# command) by Excel, LibreOffice or Sheets: the signs themselves, and their full-width and
# small forms, which some spreadsheets and input methods fold into them.
FORMULA_SIGNS = "=+-@|\uff1d\uff0b\uff0d\uff20\uff5c\ufe66\ufe62\ufe63\ufe6b"
# Blank and invisible characters a spreadsheet may skip before the sign: spaces (including
# no-break and ideographic ones), line breaks, zero-width characters, direction marks and
# embeddings, the Arabic letter mark, the word joiner and the byte-order mark.
FORMULA_PREFIX = (
    " \t\n\r\x0b\x0c\x85\xa0\u1680\u180e\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007"
    "\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\xad"
    "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060\u2061\u2062\u2063\u2064"
    "\u2066\u2067\u2068\u2069\u061c\ufeff"
)
# A cell starting with one of these is run as a formula whatever follows.
FORMULA_STARTS = ("\t", "\r")


def looks_like_formula(text):
    """Whether a spreadsheet may read ``text`` as a formula: see FORMULA_SIGNS and FORMULA_PREFIX."""
    first = text.lstrip(FORMULA_PREFIX)[:1]
    return text.startswith(FORMULA_STARTS) or (first != "" and first in FORMULA_SIGNS)


def safe_cell(value):
    """``value`` as CSV text that no spreadsheet will execute."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float, decimal.Decimal)):
        # Numbers are data, even negative ones: keep them numeric.
        return str(value)
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    text = str(value)
    if looks_like_formula(text):
        # A leading apostrophe is what spreadsheets themselves use to mean "this is text".
        return "'" + text
    return text


class _Line:
    """A file-like object that hands back what the csv writer writes to it."""

    def write(self, text):
        return text


def csv_lines(header, rows):
    """Yield the CSV text line by line: the BOM and header first, then one line per row."""
    writer = csv.writer(_Line(), lineterminator="\r\n")
    yield BOM + writer.writerow([safe_cell(cell) for cell in header])
    for row in rows:
        yield writer.writerow([safe_cell(cell) for cell in row])


def write_csv(file, header, rows):
    """Write to a text file opened with ``newline=""``; returns the number of data rows."""
    lines = 0
    for line in csv_lines(header, rows):
        file.write(line)
        lines += 1
    return lines - 1
