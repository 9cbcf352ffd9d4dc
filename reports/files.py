"""Report files: written under a temporary name, hashed while written, renamed into place.

CSV text always goes through ``alliance_tracker.csvio`` (BOM, formula-safe cells, one line at a
time); this module only decides where the bytes go and what they add up to.
"""

import hashlib
import io
import json
import os
import uuid
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from alliance_tracker.csvio import write_csv

REPORTS_DIR = "reports"
TEMP_DIR = "tmp"


def reports_root():
    return Path(settings.MEDIA_ROOT) / REPORTS_DIR


def temp_dir():
    path = reports_root() / TEMP_DIR
    path.mkdir(parents=True, exist_ok=True)
    return path


def temp_path(prefix):
    """A fresh temporary path beside the final files, so the rename is atomic."""
    return temp_dir() / f"{prefix}-{uuid.uuid4().hex}.part"


def temp_files(prefix):
    return sorted(temp_dir().glob(f"{prefix}-*.part"))


def remove_temp_files(prefix):
    for path in temp_files(prefix):
        path.unlink(missing_ok=True)


def publish(temp, name):
    """Move a finished temporary file to ``name`` (relative to MEDIA_ROOT) in one step."""
    final = Path(settings.MEDIA_ROOT) / name
    final.parent.mkdir(parents=True, exist_ok=True)
    with open(temp, "rb") as handle:
        os.fsync(handle.fileno())
    os.replace(temp, final)
    return final


def sha256_of(path, block=1 << 20):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(block):
            digest.update(chunk)
    return digest.hexdigest()


class HashingText(io.TextIOBase):
    """A text sink that encodes to UTF-8, hashes and counts the bytes, and passes them on."""

    def __init__(self, raw):
        self.raw = raw
        self.digest = hashlib.sha256()
        self.size = 0

    def writable(self):
        return True

    def write(self, text):
        data = text.encode("utf-8")
        self.digest.update(data)
        self.size += len(data)
        self.raw.write(data)
        return len(text)


@dataclass
class Table:
    """One CSV file of a report: its name, header, rows (produced lazily) and expected count.

    ``lines``, where given, replaces the rows by ready CSV text (BOM and header first) that the
    database wrote itself (``events.copy_export``), with the very cells the rows would give.
    """

    name: str
    header: list
    rows: object  # a callable returning an iterable of row sequences
    count: object  # a callable returning the number of rows expected
    description: str = ""
    lines: object = None  # None, or a callable returning an iterable of CSV text


@dataclass
class Written:
    name: str
    rows: int
    sha256: str
    size: int
    columns: list = field(default_factory=list)

    def as_dict(self):
        return {
            "name": self.name,
            "rows": self.rows,
            "sha256": self.sha256,
            "bytes": self.size,
            "columns": self.columns,
            "role": "data",
        }


def write_table(raw, table, on_row):
    sink = HashingText(raw)
    if table.lines is None:
        count = write_csv(sink, table.header, _counted(table.rows(), on_row))
    else:
        count = write_lines(sink, table.lines(), on_row)
    return Written(table.name, count, sink.digest.hexdigest(), sink.size, list(table.header))


def write_lines(sink, lines, on_row):
    """Write ready CSV text; returns its data rows, counted as they pass (the header is not one).

    A line break inside a quoted cell ends no row: the quotes seen so far say whether a break
    is inside a cell (an escaped quote is two quotes, so it leaves that unchanged).
    """
    rows, inside_quotes = -1, False
    try:
        for text in lines:
            sink.write(text)
            *ended, rest = text.split("\n")
            for line in ended:
                inside_quotes ^= line.count('"') % 2 == 1
                if not inside_quotes:
                    rows += 1
                    if rows > 0:
                        on_row()
            inside_quotes ^= rest.count('"') % 2 == 1
    finally:
        # Ends a COPY left half-read by an error at once: until then it holds the connection,
        # and the report could not even be marked failed.
        close = getattr(lines, "close", None)
        if close is not None:
            close()
    return rows


def _counted(rows, on_row):
    for row in rows:
        yield row
        on_row()


def write_csv_file(path, table, on_row):
    with open(path, "wb") as raw:
        return write_table(raw, table, on_row)


def _member(name, when):
    info = zipfile.ZipInfo(name, date_time=when.timetuple()[:6])
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def write_zip_file(path, tables, metadata, on_row, when, attachments=()):
    """A zip of one CSV per table, then each attachment, then ``metadata.json``, the manifest:
    every other file's name, size and SHA-256 (and a CSV's rows and columns).

    ``attachments`` are ``(name, make)`` pairs; ``make(metadata)`` returns the file's bytes
    (a citation or codebook that names the dataset version, the time or the report).
    """
    written = []
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for table in tables:
            # force_zip64: the size of a streamed member is not known in advance.
            with archive.open(_member(table.name, when), "w", force_zip64=True) as member:
                written.append(write_table(member, table, on_row))
        documents = []
        for name, make in attachments:
            data = make(metadata)
            archive.writestr(_member(name, when), data)
            documents.append(
                {
                    "name": name,
                    "sha256": hashlib.sha256(data).hexdigest(),
                    "bytes": len(data),
                    "role": "documentation",
                }
            )
        metadata = {**metadata, "files": [*(item.as_dict() for item in written), *documents]}
        text = json.dumps(metadata, ensure_ascii=False, indent=2, default=str)
        archive.writestr(_member("metadata.json", when), text)
    return written, metadata
