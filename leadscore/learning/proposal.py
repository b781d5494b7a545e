"""Writing a calibration proposal: the rule seeds with the proposed changes, never seeds/ itself.

The proposal folder is a complete rule set (every file of leadscore.rules.SEED_FILES plus
quality_targets.csv), so `leadscore rules check DIR` checks it and `leadscore backtest
--rules-dir DIR` scores history with it. Rows of models that were not calibrated, and every
column calibration does not change, are copied verbatim.
"""

from __future__ import annotations

import csv
import datetime
import shutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from leadscore.learning.fit import FittedPoints
from leadscore.rules import SEED_FILES

COPIED_FILES = ("quality_targets.csv",)


@dataclass
class ModelProposal:
    """Everything proposed for one model."""

    model_id: str
    fitted: FittedPoints
    thresholds: dict[str, float]
    grade_bands: dict[str, float]
    notes: list[str]


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.2f}".rstrip("0")


def _rewrite(
    path: Path,
    target: Path,
    edit: Callable[[dict[str, str]], None],
    challengers: Mapping[str, str] | None = None,
) -> None:
    """Copy path to target with edit applied to each row; with challengers (model_id ->
    challenger model_id), the rows of those models stay as they are and the edited copies are
    added under the challenger's id."""
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        fields = list(reader.fieldnames or [])
        rows = list(reader)
    if challengers is None:
        for row in rows:
            edit(row)
    else:
        copies = []
        for row in rows:
            if row.get("model_id") in challengers:
                copy = dict(row)
                edit(copy)
                copy["model_id"] = challengers[row["model_id"]]
                copies.append(copy)
        rows.extend(copies)
        if path.name == SEED_FILES["scoring_models"]:
            fields = _as_challengers(rows, fields, challengers)
    with target.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _as_challengers(
    rows: list[dict[str, str]], fields: list[str], challengers: Mapping[str, str]
) -> list[str]:
    """Mark the proposed copies in scoring_models.csv as challengers of their models."""
    champions = {challenger: champion for champion, challenger in challengers.items()}
    for row in rows:
        champion = champions.get(row["model_id"])
        row.setdefault("challenger_of", "")
        if champion is not None:
            row["challenger_of"] = champion
            row["model_name"] = f"{row['model_name']} (proposed)"
            row["assignment_priority"] = ""
            row["assignment_condition"] = ""
    return fields if "challenger_of" in fields else [*fields, "challenger_of"]


def challenger_ids(
    proposals: Mapping[str, ModelProposal], suffix: str, existing: set[str]
) -> dict[str, str]:
    """model_id -> the challenger's model_id (model_id + suffix); refuses one already taken."""
    ids = {model_id: f"{model_id}{suffix}" for model_id in proposals}
    taken = sorted(set(ids.values()) & existing)
    if taken:
        raise ValueError(
            f"model_id {', '.join(taken)} already exists in scoring_models.csv: choose another "
            "--as-challenger suffix"
        )
    return ids


def write_proposal_seeds(
    seeds_dir: Path,
    output_dir: Path,
    proposals: Mapping[str, ModelProposal],
    today: datetime.date,
    challengers: Mapping[str, str] | None = None,
) -> list[Path]:
    """Copy the rule seeds into output_dir with the proposals applied; returns the files.

    With challengers (model_id -> challenger model_id, from challenger_ids), the current models
    are copied unchanged and each proposal is added beside its model as a challenger of it, to
    be scored in shadow once adopted.
    """
    output_dir.mkdir(parents=True, exist_ok=True)
    changes = {
        (model_id, change.rule_id): change
        for model_id, proposal in proposals.items()
        for change in proposal.fitted.changes
    }
    lookup_factors = {
        (model_id, rule_id): proposal.fitted.proposed.weights[rule_id]
        for model_id, proposal in proposals.items()
        for rule_id in proposal.fitted.proposed.lookup_rules
    }

    def edit_rule(row: dict[str, str]) -> None:
        change = changes.get((row["model_id"], row["rule_id"]))
        if change is None or change.proposed_weight == change.current_weight:
            return
        if change.is_dropped:
            row["is_active"] = "false"
            return
        if row.get("lookup_column"):
            return  # its values' points are scaled in scoring_lookup_points.csv
        factor = change.proposed_weight / change.current_weight if change.current_weight else 1
        row["points"] = _number(change.proposed_weight)
        if row.get("rule_cap"):
            # The cap keeps limiting the same number of (decayed) events.
            row["rule_cap"] = _number(round(float(row["rule_cap"]) * factor))

    def edit_lookup(row: dict[str, str]) -> None:
        factor = lookup_factors.get((row["model_id"], row["rule_id"]))
        if factor is not None and row.get("points"):
            row["points"] = _number(round(float(row["points"]) * factor))

    def edit_threshold(row: dict[str, str]) -> None:
        proposal = proposals.get(row["model_id"])
        if proposal is not None and row["stage"] in proposal.thresholds:
            row["min_total_score"] = _number(proposal.thresholds[row["stage"]])

    def edit_grade(row: dict[str, str]) -> None:
        proposal = proposals.get(row["model_id"])
        if proposal is not None and row["fit_grade"] in proposal.grade_bands:
            row["min_fit_score"] = _number(proposal.grade_bands[row["fit_grade"]])

    def edit_model(row: dict[str, str]) -> None:
        if row["model_id"] in proposals:
            row["last_reviewed_on"] = today.isoformat()

    edits: dict[str, Callable[[dict[str, str]], None]] = {
        SEED_FILES["scoring_rules"]: edit_rule,
        SEED_FILES["scoring_lookup_points"]: edit_lookup,
        SEED_FILES["score_thresholds"]: edit_threshold,
        SEED_FILES["fit_grade_bands"]: edit_grade,
        SEED_FILES["scoring_models"]: edit_model,
    }
    written = []
    for name in (*SEED_FILES.values(), *COPIED_FILES):
        source = seeds_dir / name
        if not source.is_file():
            continue
        target = output_dir / name
        if name in edits:
            _rewrite(source, target, edits[name], challengers)
        else:
            shutil.copyfile(source, target)
        written.append(target)
    return written


def write_changes(output_dir: Path, proposals: Mapping[str, ModelProposal]) -> Path:
    """changes.csv: every rule of every calibrated model, its points before and after, why."""
    path = output_dir / "changes.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(
            [
                "model_id",
                "rule_id",
                "category",
                "current_points",
                "proposed_points",
                "coefficient",
                "training_hits",
                "reason",
            ]
        )
        for model_id, proposal in proposals.items():
            for change in proposal.fitted.changes:
                writer.writerow(
                    [
                        model_id,
                        change.rule_id,
                        change.category,
                        _number(change.current_weight),
                        _number(change.proposed_weight),
                        "" if change.coefficient is None else f"{change.coefficient:.4f}",
                        change.hits,
                        change.reason,
                    ]
                )
    return path
