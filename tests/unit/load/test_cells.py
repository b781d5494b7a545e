"""Reading one cell as its column's type."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest

from leadscore.load.cells import CellError, extract, parse_cell


@pytest.mark.parametrize(
    ("text", "expected"),
    [("TRUE", "true"), ("yes", "true"), ("Y", "true"), ("1", "true"), ("t", "true"),
     ("false", "false"), ("No", "false"), ("n", "false"), ("0", "false"), ("F", "false")],
)  # fmt: skip
def test_booleans(text: str, expected: str) -> None:
    assert parse_cell(text, "boolean") == expected


@pytest.mark.parametrize(
    ("text", "expected"), [("12", "12.0"), ("-3.5", "-3.5"), ("1e6", "1000000.0"), (".5", "0.5")]
)
def test_numbers(text: str, expected: str) -> None:
    assert parse_cell(text, "number") == expected


@pytest.mark.parametrize("text", ["1,000", "1.000,5", "$5", "12k", "1_000", "nan", "inf"])
def test_not_numbers(text: str) -> None:
    """Locale-dependent spellings are rejected rather than guessed (1,000 is 1 or 1000?)."""
    with pytest.raises(CellError, match="is not a number"):
        parse_cell(text, "number")


def test_numbers_out_of_range() -> None:
    with pytest.raises(CellError, match="is out of range"):
        parse_cell("1e999", "number")


def test_timestamps_are_utc() -> None:
    assert parse_cell("2024-01-31T14:05:00.000Z", "timestamp") == "2024-01-31 14:05:00"
    assert parse_cell("2024-01-31 14:05", "timestamp") == "2024-01-31 14:05:00"
    assert parse_cell("2024-01-31", "timestamp") == "2024-01-31 00:00:00"
    assert parse_cell("2024-01-31 14:05:00+01:00", "timestamp") == "2024-01-31 13:05:00"
    new_york = ZoneInfo("America/New_York")
    assert parse_cell("2024-07-01 08:00", "timestamp", zone=new_york) == "2024-07-01 12:00:00"
    assert parse_cell("1/31/2024 2:05 PM", "timestamp", format="%m/%d/%Y %I:%M %p") == (
        "2024-01-31 14:05:00"
    )
    with pytest.raises(CellError, match="is not a timestamp in ISO 8601"):
        parse_cell("31.01.2024", "timestamp")


def test_dates() -> None:
    assert parse_cell("2024-01-31", "date") == "2024-01-31"
    assert parse_cell("2024-01-31 00:00", "date") == "2024-01-31"
    assert parse_cell("31.01.2024", "date", format="%d.%m.%Y") == "2024-01-31"
    with pytest.raises(CellError, match=r"is not a date in the format %d\.%m\.%Y"):
        parse_cell("2024-01-31", "date", format="%d.%m.%Y")


@pytest.mark.parametrize(
    ("text", "domain", "path"),
    [("https://www.Acme.com/Pricing/?utm=1#top", "acme.com", "/Pricing"),
     ("acme.co.uk", "acme.co.uk", "/"),
     ("www.acme.com/blog/", "acme.com", "/blog"),
     ("http://shop.acme.com:8080", "shop.acme.com", "/")],
)  # fmt: skip
def test_extract_domain_and_path(text: str, domain: str, path: str) -> None:
    assert extract(text, "domain") == domain
    assert extract(text, "path") == path


def test_extract_rejects_non_urls() -> None:
    with pytest.raises(CellError, match="is not a URL or domain"):
        extract("not a domain", "domain")
    assert extract("/pricing", "path") == "/pricing"
