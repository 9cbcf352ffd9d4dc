"""The one way this project writes CSV: for API responses and for report files alike.

- UTF-8 with a byte-order mark, so Excel opens Arabic text intact;
- every cell that a spreadsheet would read as a formula is neutralised;
- rows are produced one at a time, so memory stays flat however many there are.
"""

import csv
import datetime
import decimal

BOM = "\ufeff"
# A cell starting with one of these is run as a formula by Excel, LibreOffice or Sheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


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
    if text.startswith(FORMULA_STARTS):
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
