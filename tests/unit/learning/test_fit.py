"""Fitting points: time-aware, signs follow categories, weights on the model's scale."""

from __future__ import annotations

import numpy as np
import pytest

from leadscore.learning.fit import TrainingDataError, fit_rule_points, time_split
from leadscore.learning.history import SnapshotHistory
from tests.unit.learning.conftest import COHORTS, synthetic_points


def test_time_split_holds_out_the_newest_cohorts(history: SnapshotHistory) -> None:
    train, validation = time_split(history, 2)
    assert train.cohorts == list(COHORTS[:-2])
    assert validation.cohorts == list(COHORTS[-2:])
    with pytest.raises(TrainingDataError, match="8 mature cohort month"):
        time_split(history, 7)


def test_informative_rules_gain_points_and_the_wrong_sign_is_dropped(
    history: SnapshotHistory,
) -> None:
    train, _ = time_split(history, 2)
    fitted = fit_rule_points(train, synthetic_points())
    changes = {change.rule_id: change for change in fitted.changes}
    assert changes["demo"].proposed_weight > changes["pricing"].proposed_weight > 0
    # The demo request multiplies the odds by e^2 and a pricing view by e^0.5: points keep that
    # ratio up to rounding.
    ratio = changes["demo"].proposed_weight / changes["pricing"].proposed_weight
    assert 2.5 < ratio < 6
    assert changes["against"].is_dropped
    assert "works against its points" in changes["against"].reason
    # The noise rule keeps a small weight, and its reason says how weak the evidence is.
    assert changes["noise"].proposed_weight < changes["pricing"].proposed_weight / 2
    noise_z = float(changes["noise"].reason.split(", ")[1].split(" ")[0])
    assert noise_z < 3
    assert fitted.scale > 0 and fitted.intercept < -2


def test_validation_cohorts_never_reach_the_fit(history: SnapshotHistory) -> None:
    train, validation = time_split(history, 2)
    flipped = validation.snapshots.copy()
    flipped["is_converted"] = 1 - flipped["is_converted"]
    history_flipped = SnapshotHistory(
        "m",
        type(history.snapshots)(
            data=np.concatenate([train.snapshots.to_numpy(), flipped.to_numpy()]),
            index=history.snapshots.index,
            columns=history.snapshots.columns,
        ),
        history.units,
    )
    train_again, _ = time_split(history_flipped, 2)
    first = fit_rule_points(train, synthetic_points())
    second = fit_rule_points(train_again, synthetic_points())
    assert [c.proposed_weight for c in first.changes] == [c.proposed_weight for c in second.changes]


def test_rare_rules_are_kept_with_the_reason(history: SnapshotHistory) -> None:
    train, _ = time_split(history, 2)
    demo_hits = int((train.units["demo"] > 0).sum())
    fitted = fit_rule_points(train, synthetic_points(), min_hits=demo_hits + 1)
    demo = next(change for change in fitted.changes if change.rule_id == "demo")
    assert demo.proposed_weight == demo.current_weight == 20
    assert demo.reason.startswith(f"kept: fired on {demo_hits} training snapshot(s)")


def test_nothing_to_fit_is_refused(history: SnapshotHistory) -> None:
    train, _ = time_split(history, 2)
    with pytest.raises(TrainingDataError, match="no rule fired on at least"):
        fit_rule_points(train, synthetic_points(), min_hits=10**6)


def test_backward_elimination_drops_rules_without_measurable_weight(
    history: SnapshotHistory,
) -> None:
    train, _ = time_split(history, 2)
    fitted = fit_rule_points(train, synthetic_points(), min_z=3.0)
    changes = {change.rule_id: change for change in fitted.changes}
    assert changes["noise"].is_dropped
    assert "no measurable weight" in changes["noise"].reason
    assert not changes["demo"].is_dropped and not changes["pricing"].is_dropped
