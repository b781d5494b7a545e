"""Checking the values of one seed row: required text, identifiers, choices, booleans, dates and
numbers within the range the warehouse can store. Problems are collected, not raised, so every
problem of every row is reported at once."""

from __future__ import annotations

import datetime
import re
from collections.abc import Collection, Sequence

from leadscore.rules.seeds import Row

_IDENTIFIER_RE = re.compile(r"^[a-z][a-z0-9_]{0,62}$")
_NUMBER_RE = re.compile(r"^-?[0-9]+([.][0-9]+)?$")
_INTEGER_RE = re.compile(r"^-?[0-9]+$")
_WHOLE_DECIMAL_RE = re.compile(r"^-?[0-9]+[.]0+$")
_DATE_RE = re.compile(r"^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$")

#: Points, caps, floors and thresholds are stored as decimal(12, 2), and a rule's points are
#: multiplied by its event count (raw_points): this bound keeps every product in range.
MAX_POINTS = 1_000_000
#: Whole-number columns are 32-bit integers in the warehouse.
MAX_INTEGER = 2_147_483_647


def fmt(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else str(number)


class RowCheck:
    """The problems of one seed row, in the order they are found."""

    def __init__(self) -> None:
        self.problems: list[tuple[str, str | None]] = []

    def add(self, message: str, column: str | None = None) -> None:
        self.problems.append((message, column))

    def text(self, row: Row, column: str, required: bool = False) -> str | None:
        value = row.get(column)
        if value is None and required:
            self.add(f"{column} is required", column)
        return value

    def identifier(self, row: Row, column: str) -> str | None:
        value = row.get(column)
        if value is None:
            self.add(f"{column} is required", column)
            return None
        if not _IDENTIFIER_RE.match(value):
            self.add(
                f"{column} must be lowercase letters, digits and underscores starting with a "
                f"letter, got '{value}'",
                column,
            )
        return value

    def model_id(self, row: Row, model_ids: Collection[str | None]) -> str | None:
        """The row's model_id: an identifier, and one of the models in scoring_models."""
        model_id = self.identifier(row, "model_id")
        if model_id and model_id not in model_ids:
            self.add(f"model_id '{model_id}' is not in seeds/scoring_models.csv", "model_id")
        return model_id

    def choice(self, row: Row, column: str, choices: Sequence[str]) -> str | None:
        value = (row.get(column) or "").lower()
        if value not in choices:
            self.add(
                f"{column} must be one of {', '.join(choices)}, got '{row.get(column) or ''}'",
                column,
            )
            return None
        return value

    def boolean(self, row: Row, column: str, *, default: bool | None = None) -> bool:
        value = (row.get(column) or "").lower()
        if value == "" and default is not None:
            return default
        if value not in ("true", "false"):
            self.add(f"{column} must be true or false, got '{row.get(column) or ''}'", column)
            return False
        return value == "true"

    def date(self, row: Row, column: str, required: bool = True) -> datetime.date | None:
        if row.get(column) is None and not required:
            return None
        value = row.get(column) or ""
        if not _DATE_RE.match(value):
            self.add(f"{column} must be a date written YYYY-MM-DD, got '{value}'", column)
            return None
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            self.add(f"{column} must be a date written YYYY-MM-DD, got '{value}'", column)
            return None

    def number(
        self,
        row: Row,
        column: str,
        *,
        required: bool = True,
        integer: bool = False,
        points: bool = False,
        minimum: float | None = None,
        minimum_exclusive: float | None = None,
        maximum: float | None = None,
        maximum_exclusive: float | None = None,
    ) -> str | None:
        """The number as text (as written), or None when missing or malformed.

        `points`: the value is stored as points (within MAX_POINTS either way); integers must
        fit a 32-bit integer.
        """
        value = row.get(column)
        if value is None:
            if required:
                self.add(f"{column} is required", column)
            return None
        if integer and _WHOLE_DECIMAL_RE.match(value):
            value = value.split(".")[0]
        if not (_INTEGER_RE if integer else _NUMBER_RE).match(value):
            kind = "a whole number" if integer else "a number"
            self.add(f"{column} must be {kind}, got '{value}'", column)
            return None
        number = float(value)
        if minimum is not None and number < minimum:
            self.add(f"{column} must be at least {fmt(minimum)}, got {value}", column)
        elif minimum_exclusive is not None and number <= minimum_exclusive:
            self.add(f"{column} must be above {fmt(minimum_exclusive)}, got {value}", column)
        elif maximum is not None and number > maximum:
            self.add(f"{column} must be at most {fmt(maximum)}, got {value}", column)
        elif maximum_exclusive is not None and number >= maximum_exclusive:
            self.add(f"{column} must be below {fmt(maximum_exclusive)}, got {value}", column)
        elif points and abs(number) > MAX_POINTS:
            self.add(
                f"{column} must be between -{MAX_POINTS} and {MAX_POINTS}, got {value} (points "
                "are stored as decimal(12, 2), and a rule's points times its events must fit)",
                column,
            )
        elif integer and abs(number) > MAX_INTEGER:
            self.add(
                f"{column} must be between -{MAX_INTEGER} and {MAX_INTEGER} (a 32-bit integer "
                f"in the warehouse), got {value}",
                column,
            )
        return value


def as_float(value: str | None) -> float | None:
    return float(value) if value is not None else None
