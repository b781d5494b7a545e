"""Reading an export: bytes to text (encoding, byte-order marks), the delimiter, and records.

Every record keeps the physical line it starts on (the header is line 1), counted the way a
text editor counts, so a rejected row can be found in the file: a quoted field spanning lines
moves the next record's line number on accordingly. Anything that makes the whole file
unreadable (an empty file, bytes that are not the encoding, a broken quote) raises LoadError
naming the file, and the line where it can.
"""

from __future__ import annotations

import codecs
import csv
import io
import sys
from dataclasses import dataclass
from pathlib import Path

from leadscore.load.errors import LoadError

#: Delimiters tried when none is given: CRM and spreadsheet exports use one of these.
DELIMITERS: tuple[str, ...] = (",", ";", "\t")
DEFAULT_ENCODING = "utf-8"
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8"),
    # Excel's "Unicode text" export: UTF-16 with a byte-order mark (and tabs).
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Exports carry long text (notes, email bodies) beyond the csv module's 128 KiB default.
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


@dataclass(frozen=True)
class CsvRecord:
    """One record and the physical line it starts on."""

    line: int
    fields: tuple[str, ...]


@dataclass(frozen=True)
class CsvFile:
    path: Path
    encoding: str
    delimiter: str
    header: tuple[str, ...]
    records: tuple[CsvRecord, ...]


def read_csv(path: Path, *, encoding: str | None = None, delimiter: str | None = None) -> CsvFile:
    """Read a CSV export whole; LoadError when the file as a whole cannot be read."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise LoadError(f"cannot read {path}: {error.strerror}") from None
    text, used = _decode(path, data, encoding or DEFAULT_ENCODING)
    if not text.strip():
        raise LoadError(f"{path}: the file is empty (a header line is expected on line 1)")
    delimiter = delimiter or sniff_delimiter(text)
    # strict: a quote left open would otherwise swallow the rest of the file into one field.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    header: tuple[str, ...] | None = None
    records: list[CsvRecord] = []
    start = 1
    try:
        for fields in reader:
            if header is None:
                if not any(field.strip() for field in fields):
                    raise LoadError(f"{path}: line 1 is empty; the header must be the first line")
                header = tuple(field.strip() for field in fields)
            elif fields:  # a blank line carries no row
                records.append(CsvRecord(start, tuple(fields)))
            start = reader.line_num + 1
    except csv.Error as error:
        if "unexpected end of data" in str(error):
            raise LoadError(
                f"{path}: line {start}: a quoted field opened here is never closed"
            ) from None
        raise LoadError(f"{path}: line {start} cannot be read as CSV: {error}") from None
    if header is None:  # only line breaks the csv module does not count as lines
        raise LoadError(f"{path}: the file is empty (a header line is expected on line 1)")
    return CsvFile(path, used, delimiter, header, tuple(records))


def _decode(path: Path, data: bytes, encoding: str) -> tuple[str, str]:
    """The text, and the encoding it was read with; a byte-order mark wins over `encoding`."""
    for bom, bom_encoding in _BOMS:
        if data.startswith(bom):
            encoding, data = bom_encoding, data if bom_encoding == "utf-16" else data[len(bom) :]
            break
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise LoadError(f"unknown encoding {encoding!r} (try utf-8, cp1252 or latin-1)") from None
    try:
        return data.decode(encoding), encoding
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        byte = data[error.start : error.start + 1].hex()
        raise LoadError(
            f"{path}: line {line} is not valid {encoding} (byte 0x{byte}); pass the file's "
            "encoding with --encoding, e.g. --encoding cp1252 for an Excel export"
        ) from None


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits the header line into the most columns (',' when none does)."""
    first_line = text.splitlines()[0] if text else ""
    best, best_count = ",", 1
    for candidate in DELIMITERS:
        count = len(next(csv.reader([first_line], delimiter=candidate), []))
        if count > best_count:
            best, best_count = candidate, count
    return best
