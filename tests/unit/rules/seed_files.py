"""Seeds to edit: copy the project's scoring seeds, add, replace and read rows, check them."""

from __future__ import annotations

import csv
import shutil
from collections.abc import Mapping
from pathlib import Path

from leadscore import rules
from leadscore.rules import check_rules
from tests.unit.rules.bad_rules import LANGUAGE, PROJECT_SEEDS, SEED_NAMES, TODAY


def copy_seeds(target: Path) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    for name in SEED_NAMES:
        shutil.copy(PROJECT_SEEDS / name, target / name)
    return target


def append_rows(seed_file: Path, rows: list[Mapping[str, str]]) -> None:
    with seed_file.open(newline="", encoding="utf-8") as handle:
        header = next(csv.reader(handle))
    text = seed_file.read_text(encoding="utf-8")
    with seed_file.open("a", newline="", encoding="utf-8") as handle:
        if text and not text.endswith("\n"):
            handle.write("\n")
        writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\n")
        for row in rows:
            writer.writerow({column: row.get(column, "") for column in header})


def replace_rows(seed_file: Path, rows: list[Mapping[str, str]]) -> None:
    with seed_file.open(newline="", encoding="utf-8") as handle:
        header = next(csv.reader(handle))
    with seed_file.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({column: row.get(column, "") for column in header})


def read_rows(seed_file: Path) -> list[dict[str, str]]:
    with seed_file.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def check(seeds_dir: Path) -> rules.RuleCheckReport:
    return check_rules(seeds_dir, language=LANGUAGE, today=TODAY)


CHALLENGER = "default_v2"


def add_challenger(seeds: Path, **overrides: str) -> None:
    """A copy of the default model (rules, thresholds, grade bands) as its challenger."""
    models = read_rows(seeds / "scoring_models.csv")
    default = next(row for row in models if row["model_id"] == "default")
    challenger = {
        **default,
        "model_id": CHALLENGER,
        "model_name": "Default, proposed points",
        "assignment_priority": "",
        "assignment_condition": "",
        "challenger_of": "default",
        **overrides,
    }
    path = seeds / "scoring_models.csv"
    if "challenger_of" not in models[0]:
        path.write_text(",".join([*models[0], "challenger_of"]) + "\n", encoding="utf-8")
    replace_rows(path, [*models, challenger])
    for name in (
        "scoring_rules.csv",
        "score_thresholds.csv",
        "fit_grade_bands.csv",
        "scoring_lookup_points.csv",
    ):
        rows = read_rows(seeds / name)
        copies = [{**row, "model_id": CHALLENGER} for row in rows if row["model_id"] == "default"]
        replace_rows(seeds / name, [*rows, *copies])
