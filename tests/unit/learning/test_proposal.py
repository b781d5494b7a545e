"""Thresholds, grade bands and the proposal folder: a rule set `leadscore rules check` accepts."""

from __future__ import annotations

import csv
import datetime
from pathlib import Path

import numpy as np
import pytest

from leadscore import rules
from leadscore.learning.fit import fit_rule_points, time_split
from leadscore.learning.history import SnapshotHistory
from leadscore.learning.proposal import (
    ModelProposal,
    challenger_ids,
    write_changes,
    write_proposal_seeds,
)
from leadscore.learning.scoring import RulePoints
from leadscore.learning.thresholds import (
    Band,
    quality_targets,
    rescale_grade_bands,
    suggest_thresholds,
)
from leadscore.paths import PROJECT_ROOT

SEEDS = PROJECT_ROOT / "seeds"


def test_quality_targets_take_the_tightest_band_of_the_shipped_seed() -> None:
    targets = quality_targets(SEEDS, "default")
    assert targets["qualified_share"] == Band(0.15, 0.35)
    assert targets["qualified_capture"] == Band(0.6, None)
    assert targets["auc"] == Band(0.7, None)


def test_thresholds_meet_capture_within_the_share_band() -> None:
    rng = np.random.default_rng(1)
    scores = rng.uniform(0, 100, 20_000).round()
    converted = (rng.random(20_000) < (scores / 100) ** 4 * 0.2).astype(int)
    targets = quality_targets(SEEDS, "default")
    thresholds, _ = suggest_thresholds(scores, converted, targets)
    flagged = scores >= thresholds["mql"]
    assert 0.15 <= flagged.mean() <= 0.35
    assert converted[flagged].sum() / converted.sum() >= 0.6
    top = scores >= thresholds["sql"]
    assert thresholds["sql"] > thresholds["mql"]
    assert 0.005 <= top.mean() <= 0.1


def test_capacity_wins_over_capture() -> None:
    scores = np.arange(1000, dtype=float)
    converted = np.zeros(1000, dtype=int)
    converted[::10] = 1  # conversions spread evenly: capturing 60% needs 60% of leads
    thresholds, notes = suggest_thresholds(scores, converted, quality_targets(SEEDS, "default"))
    assert abs((scores >= thresholds["mql"]).mean() - 0.35) < 0.01
    assert any("capacity" in note for note in notes)


def test_grade_bands_keep_each_grade_share_and_stay_distinct() -> None:
    current = np.repeat([0.0, 10, 20, 30, 40], 100)
    proposed = current * 2
    bands = rescale_grade_bands(current, proposed, {"A": 38, "B": 26, "C": 14, "D": 0})
    assert bands == {"D": 0, "C": 40, "B": 60, "A": 80}
    flat = rescale_grade_bands(current, np.zeros(500), {"A": 38, "B": 26, "C": 14, "D": 0})
    assert flat["D"] < flat["C"] < flat["B"] < flat["A"]


def test_proposal_seeds_change_only_the_calibrated_values(
    history: SnapshotHistory, tmp_path: Path
) -> None:
    report = rules.check_rules()
    current = RulePoints.from_report(report, "default")
    # Give the synthetic history the default model's rule ids: demo -> eng_demo_request, etc.
    renamed = history.units.rename(
        columns={
            "demo": "eng_demo_request",
            "pricing": "eng_pricing_view",
            "noise": "fit_country_core",
            "against": "eng_blog_view",
        }
    )
    train, _ = time_split(SnapshotHistory("default", history.snapshots, renamed), 2)
    fitted = fit_rule_points(train, current)
    proposal = ModelProposal("default", fitted, {"mql": 40, "sql": 60}, {"A": 30}, [])
    today = datetime.date(2026, 11, 30)
    write_proposal_seeds(SEEDS, tmp_path, {"default": proposal}, today)
    write_changes(tmp_path, {"default": proposal})
    check = rules.check_rules(tmp_path, today=today)
    assert check.ok, check.format()

    def rows(directory: Path, name: str) -> list[dict[str, str]]:
        with (directory / name).open(newline="", encoding="utf-8") as handle:
            return list(csv.DictReader(handle))

    before = {(r["model_id"], r["rule_id"]): r for r in rows(SEEDS, "scoring_rules.csv")}
    after = {(r["model_id"], r["rule_id"]): r for r in rows(tmp_path, "scoring_rules.csv")}
    assert before.keys() == after.keys()
    changes = {change.rule_id: change for change in fitted.changes}
    for key, row in after.items():
        change = changes.get(key[1]) if key[0] == "default" else None
        if change is None or change.proposed_weight == change.current_weight:
            assert row == before[key]
        elif change.is_dropped:
            assert row["is_active"] == "false" and row["points"] == before[key]["points"]
        else:
            assert float(row["points"]) == change.proposed_weight
    assert after[("default", "eng_blog_view")]["is_active"] == "false"
    thresholds = {(r["model_id"], r["stage"]): r for r in rows(tmp_path, "score_thresholds.csv")}
    assert thresholds[("default", "mql")]["min_total_score"] == "40"
    assert thresholds[("automation", "mql")] == next(
        r
        for r in rows(SEEDS, "score_thresholds.csv")
        if (r["model_id"], r["stage"]) == ("automation", "mql")
    )
    models = {r["model_id"]: r for r in rows(tmp_path, "scoring_models.csv")}
    assert models["default"]["last_reviewed_on"] == "2026-11-30"
    assert len(rows(tmp_path, "changes.csv")) == len(current.weights)


def test_a_proposal_as_a_challenger_keeps_the_model_and_adds_its_copy(
    history: SnapshotHistory, tmp_path: Path
) -> None:
    report = rules.check_rules()
    current = RulePoints.from_report(report, "default")
    renamed = history.units.rename(columns={"demo": "eng_demo_request", "against": "eng_blog_view"})
    train, _ = time_split(SnapshotHistory("default", history.snapshots, renamed), 2)
    proposal = ModelProposal(
        "default", fit_rule_points(train, current), {"mql": 40, "sql": 60}, {"A": 30}, []
    )
    today = datetime.date(2026, 11, 30)
    challengers = challenger_ids({"default": proposal}, "_proposed", {"default", "automation"})
    write_proposal_seeds(SEEDS, tmp_path, {"default": proposal}, today, challengers)
    check = rules.check_rules(tmp_path, today=today)
    assert check.ok, check.format()
    models = {model.model_id: model for model in check.models}
    assert models["default_proposed"].challenger_of == "default"
    assert models["default"].challenger_of is None
    # The current rows are copied unchanged; the challenger's are the proposal.
    original = rules.check_rules(SEEDS, today=today)
    by_key = {(rule.model_id, rule.rule_id): rule for rule in check.rules}
    for rule in original.rules:
        kept = by_key[(rule.model_id, rule.rule_id)]
        assert (kept.points, kept.is_active) == (rule.points, rule.is_active)
    assert not by_key[("default_proposed", "eng_blog_view")].is_active
    thresholds = {(t.model_id, t.stage): t.min_total_score for t in check.thresholds}
    assert thresholds[("default_proposed", "mql")] == 40
    assert thresholds[("default", "mql")] != 40
    with pytest.raises(ValueError, match="default_proposed already exists"):
        challenger_ids({"default": proposal}, "_proposed", {"default", "default_proposed"})
