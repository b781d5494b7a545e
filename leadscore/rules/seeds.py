"""The scoring seed files: which there are, their columns, and reading one strictly.

Values are read as dbt's seed loader reads them (trimmed text; an empty field is missing), but
a file that dbt would load while meaning something else is refused: a header naming a column
twice (only one copy would be checked), a row with more fields than the header (the extra
values would be dropped silently) or fewer (a row written for an older header, whose values
would land in the wrong columns).
"""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from leadscore.paths import PROJECT_ROOT

SEED_FILES: dict[str, str] = {
    "scoring_models": "scoring_models.csv",
    "scoring_rules": "scoring_rules.csv",
    "score_thresholds": "score_thresholds.csv",
    "fit_grade_bands": "fit_grade_bands.csv",
    "event_types": "event_types.csv",
    "scoring_lookup_points": "scoring_lookup_points.csv",
    "quality_slices": "quality_slices.csv",
}
SEED_COLUMNS: dict[str, tuple[str, ...]] = {
    "scoring_models": (
        "model_id",
        "model_name",
        "is_active",
        "assignment_priority",
        "assignment_condition",
        "fit_cap",
        "engagement_cap",
        "negative_floor",
        "inbound_engagement_weight",
        "outbound_engagement_weight",
        "last_reviewed_on",
        "description",
    ),
    "scoring_rules": (
        "model_id",
        "rule_id",
        "category",
        "subject",
        "event_type",
        "condition",
        "points",
        "max_occurrences",
        "repeat_multiplier",
        "rule_cap",
        "decay_method",
        "decay_days",
        "decay_step_multiplier",
        "is_active",
        "description",
    ),
    "score_thresholds": ("model_id", "stage", "min_total_score", "description"),
    "fit_grade_bands": ("model_id", "fit_grade", "min_fit_score"),
    "event_types": ("event_type", "description"),
    "scoring_lookup_points": ("model_id", "rule_id", "value", "points"),
    "quality_slices": (
        "slice_id",
        "condition",
        "first_cohort_month",
        "last_cohort_month",
        "description",
    ),
}
#: Columns added since the first release: a seed without them reads as if they were empty, so
#: existing projects keep today's behaviour (no baseline, totals floored at zero).
OPTIONAL_SEED_COLUMNS: dict[str, tuple[str, ...]] = {
    "scoring_models": ("baseline_points", "floor_at_zero", "challenger_of"),
    "scoring_rules": (
        "lookup_column",
        "activity_measure",
        "activity_window_days",
        "activity_threshold",
    ),
}
#: Columns whose text is SQL-like: the word null there is a value, not a missing one.
VERBATIM_COLUMNS: frozenset[str] = frozenset({"condition", "assignment_condition"})


@dataclass
class Row:
    values: dict[str, str | None]
    line: int

    def get(self, column: str) -> str | None:
        return self.values.get(column)


@dataclass
class SeedFile:
    """One seed CSV as read: its header, rows, and what is wrong with the file itself."""

    header: list[str] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    problems: list[tuple[int | None, str]] = field(default_factory=list)


def read_seed_csv(path: Path) -> SeedFile:
    """Rows as dicts of trimmed text, None for missing; the file's own problems listed."""
    seed = SeedFile()
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle)
        try:
            seed.header = [name.strip().lower() for name in next(reader)]
        except StopIteration:
            return seed
        seen: set[str] = set()
        for name in seed.header:
            if name in seen:
                seed.problems.append((1, f"column '{name}' appears twice in the header"))
            seen.add(name)
        if len(seen) != len(seed.header):
            return seed
        for values in reader:
            if not any(value.strip() for value in values):
                continue
            if len(values) > len(seed.header):
                seed.problems.append(
                    (
                        reader.line_num,
                        f"line {reader.line_num} has {len(values)} fields but the header has "
                        f"{len(seed.header)} (an unquoted comma?)",
                    )
                )
                continue
            if len(values) < len(seed.header):
                # A row written for an older header would shift its values into new columns.
                seed.problems.append(
                    (
                        reader.line_num,
                        f"line {reader.line_num} has {len(values)} fields but the header has "
                        f"{len(seed.header)} (a row written for another version of the file?)",
                    )
                )
                continue
            row: dict[str, str | None] = {}
            for index, name in enumerate(seed.header):
                value = values[index].strip()
                missing = value == "" or (value.lower() == "null" and name not in VERBATIM_COLUMNS)
                row[name] = None if missing else value
            seed.rows.append(Row(row, reader.line_num))
    return seed


def display_path(path: Path) -> str:
    """seeds/scoring_rules.csv for the project's seeds (as dbt says it), else the path."""
    resolved = path.resolve()
    for base in (PROJECT_ROOT, Path.cwd()):
        try:
            return str(resolved.relative_to(base.resolve()))
        except ValueError:
            continue
    return str(path)


#: dbt checksums a seed's contents only up to this size (its MAXIMUM_SEED_SIZE_MIB), beyond it
#: only the path, which would not show an edit.
MAX_CHECKSUMMED_BYTES = 1024 * 1024


def seed_checksum(path: Path) -> str:
    """The sha256 of a seed file, as dbt computes the seed's checksum for its manifest: the
    bytes decoded as UTF-8, stripped of surrounding whitespace, encoded again."""
    text = path.read_bytes().decode("utf-8").strip()
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
