"""One cell of an export, read as the type of the column it is loaded into.

Every function takes the cell's text (already stripped, never empty) and returns it normalized
(`2024-01-31 14:05:00`, `1200.0`, `true`), as text DuckDB casts without surprises, or raises
CellError saying what is wrong in a few words the rejected-rows table and the summary repeat.
"""

from __future__ import annotations

import math
import re
from datetime import UTC, date, datetime, tzinfo
from urllib.parse import urlsplit

#: Spellings of booleans seen in CRM exports (compared lowercased).
TRUE_WORDS = frozenset({"true", "t", "yes", "y", "1"})
FALSE_WORDS = frozenset({"false", "f", "no", "n", "0"})
#: A plain decimal number: no thousands separators, currency signs or units, which depend on
#: the export's locale and are better fixed in the export than guessed here.
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
EXTRACTS = ("domain", "path")


class CellError(ValueError):
    """A cell that cannot be read as its column's type; `kind` is the short, groupable part."""

    def __init__(self, kind: str, detail: str = "") -> None:
        super().__init__(f"{kind}{detail}")
        self.kind = kind


def parse_cell(
    text: str, column_type: str, *, format: str | None = None, zone: tzinfo | None = None
) -> str:
    """The cell as text of its type: text, number, boolean, timestamp (UTC) or date."""
    if column_type == "text":
        return text
    if column_type == "number":
        return _number(text)
    if column_type == "boolean":
        return _boolean(text)
    if column_type == "timestamp":
        return _timestamp(text, format, zone)
    if column_type == "date":
        return _date(text, format)
    raise ValueError(f"unknown column type {column_type!r}")


def _number(text: str) -> str:
    if not _NUMBER.fullmatch(text):
        raise CellError("is not a number", " (plain digits with an optional '.' decimal point)")
    number = float(text)
    if not math.isfinite(number):
        raise CellError("is out of range for a number")
    return repr(number)


def _boolean(text: str) -> str:
    word = text.lower()
    if word in TRUE_WORDS:
        return "true"
    if word in FALSE_WORDS:
        return "false"
    raise CellError("is not a boolean", " (true/false, yes/no, y/n, t/f or 1/0)")


def _timestamp(text: str, format: str | None, zone: tzinfo | None) -> str:
    try:
        value = datetime.strptime(text, format) if format else datetime.fromisoformat(text)
    except ValueError:
        expected = f"in the format {format}" if format else "in ISO 8601 (2024-01-31 14:05:00)"
        raise CellError("is not a timestamp", f" {expected}") from None
    # The contract's timestamps are UTC: an offset in the value wins, else the column's zone.
    if value.tzinfo is None and zone is not None:
        value = value.replace(tzinfo=zone)
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value.isoformat(sep=" ")


def _date(text: str, format: str | None) -> str:
    try:
        if format:
            return datetime.strptime(text, format).date().isoformat()
        try:
            return date.fromisoformat(text).isoformat()
        except ValueError:
            # Some exports write dates as midnight timestamps.
            return datetime.fromisoformat(text).date().isoformat()
    except ValueError:
        expected = f"in the format {format}" if format else "in ISO 8601 (2024-01-31)"
        raise CellError("is not a date", f" {expected}") from None


def extract(text: str, part: str) -> str:
    """The host name (without www.) or the path of a URL, e.g. for a CRM's Website field."""
    # A URL without a scheme ("www.acme.com/pricing") is read as one, not as a relative path.
    has_scheme = "://" in text
    parsed = urlsplit(text if has_scheme or text.startswith("/") else f"//{text}")
    if part == "domain":
        host = (parsed.hostname or "").removeprefix("www.")
        if not host or "." not in host or " " in host:
            raise CellError("is not a URL or domain")
        return host
    if part == "path":
        if not has_scheme and not text.startswith("/") and not parsed.hostname:
            raise CellError("is not a URL or path")
        path = parsed.path or "/"
        return path.rstrip("/") or "/"
    raise ValueError(f"unknown extract {part!r}")
