"""The point-in-time history learning reads: decided cohort snapshots, outcomes and rule units.

A snapshot is a lead as first scored in a month by its primary model (quality_lead_outcomes).
Only mature cohorts (their conversion window is over as of the last build) are used, so every
snapshot is decided by the data rather than by how recently it was scored, and only snapshots
whose rule hits were recorded (lead_score_history.rule_hits_recorded), so an upgraded
warehouse's older history is never read as leads with no rule hits.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from leadscore.quality import find_relations
from leadscore.rules.slices import ALL_LEADS_SLICE
from leadscore.warehouse_lock import open_warehouse

HISTORY_RELATIONS = (
    "quality_lead_outcomes",
    "lead_score_history",
    "lead_rule_hit_history",
)


# A rule's units on a snapshot: its points over its points per hit (its decayed, capped count of
# events, or 1); a lookup rule, whose values' points differ, counts its points.
UNITS_SQL = """case
    when hits.rule_points_per_hit is null or hits.rule_points_per_hit = 0
        then cast(hits.rule_points as double)
    else cast(hits.rule_points as double) / cast(hits.rule_points_per_hit as double)
end"""


class HistoryError(RuntimeError):
    """The warehouse lacks the history learning needs (with what to run to get it)."""


@dataclass
class SnapshotHistory:
    """One model's decided snapshots (rows) and its rules' units on them (columns).

    snapshots: lead_id, scored_as_of, cohort_month, is_converted, total_score (as published
    that day), one row per snapshot, oldest cohort first.
    units: the same rows (same index), one column per rule_id that fired on any of them
    (a lookup rule's units are the points it gave: its values' points differ).
    """

    model_id: str
    snapshots: pd.DataFrame
    units: pd.DataFrame

    @property
    def cohorts(self) -> list[pd.Timestamp]:
        return sorted(self.snapshots["cohort_month"].unique())

    def restrict(self, cohorts: list[pd.Timestamp]) -> SnapshotHistory:
        mask = self.snapshots["cohort_month"].isin(cohorts).to_numpy()
        return SnapshotHistory(self.model_id, self.snapshots[mask], self.units[mask])


def _relations(connection) -> dict[str, str]:  # type: ignore[no-untyped-def]
    relations = find_relations(connection, HISTORY_RELATIONS)
    missing = [name for name in HISTORY_RELATIONS if name not in relations]
    if missing:
        raise HistoryError(
            f"the warehouse has no {', '.join(missing)}: build it first (`leadscore demo` "
            "replays a year of history; on your own data, `python -m leadscore.score_history "
            "--months 12`)"
        )
    return relations


def read_history(database: Path, model_id: str) -> SnapshotHistory:
    """The decided, mature snapshots of one model's leads and their rule units."""
    connection = open_warehouse(database)
    try:
        relations = _relations(connection)
        snapshots = connection.execute(
            f"""
            select
                outcomes.lead_id,
                outcomes.scored_as_of,
                outcomes.cohort_month,
                cast(outcomes.is_converted as integer) as is_converted,
                cast(outcomes.total_score as double) as total_score
            from {relations["quality_lead_outcomes"]} as outcomes
            inner join {relations["lead_score_history"]} as history
                on outcomes.lead_id = history.lead_id
                and outcomes.model_id = history.model_id
                and outcomes.scored_as_of = history.scored_as_of
            where outcomes.model_id = ?
                and outcomes.slice_id = '{ALL_LEADS_SLICE}'
                and outcomes.is_decided
                and outcomes.is_mature_cohort
                and history.rule_hits_recorded
            order by outcomes.cohort_month, outcomes.lead_id
            """,
            [model_id],
        ).df()
        hits = connection.execute(
            f"""
            select hits.lead_id, hits.scored_as_of, hits.rule_id, {UNITS_SQL} as units
            from {relations["lead_rule_hit_history"]} as hits
            inner join {relations["quality_lead_outcomes"]} as outcomes
                on hits.lead_id = outcomes.lead_id
                and hits.model_id = outcomes.model_id
                and hits.scored_as_of = outcomes.scored_as_of
            where hits.model_id = ?
                and outcomes.slice_id = '{ALL_LEADS_SLICE}'
                and outcomes.is_decided
                and outcomes.is_mature_cohort
            """,
            [model_id],
        ).df()
    finally:
        connection.close()
    return with_units(model_id, snapshots, hits)


def with_units(model_id: str, snapshots: pd.DataFrame, hits: pd.DataFrame) -> SnapshotHistory:
    """Snapshots (columns lead_id, scored_as_of, ...) and their rules' units (hits: lead_id,
    scored_as_of, rule_id, units), one column per rule, 0 where a rule did not fire."""
    snapshots = snapshots.set_index(["lead_id", "scored_as_of"])
    if hits.empty:
        units = pd.DataFrame(index=snapshots.index)
    else:
        units = hits.pivot_table(
            index=["lead_id", "scored_as_of"], columns="rule_id", values="units", aggfunc="sum"
        )
        units = units.reindex(snapshots.index).fillna(0.0)
        units.columns.name = None
    return SnapshotHistory(model_id, snapshots, units.astype(float))


def read_day(database: Path, model_id: str, day: datetime.date) -> SnapshotHistory:
    """Every lead scored by a model on one snapshot day, with its rule units (no outcomes:
    is_converted is null). The day must be a snapshot day (the first scored in its month)."""
    connection = open_warehouse(database)
    try:
        relations = _relations(connection)
        snapshots = connection.execute(
            f"""
            select
                lead_id,
                scored_as_of,
                cast(date_trunc('month', scored_as_of) as date) as cohort_month,
                cast(null as integer) as is_converted,
                cast(total_score as double) as total_score
            from {relations["lead_score_history"]}
            where model_id = ? and scored_as_of = ?
            order by lead_id
            """,
            [model_id, day],
        ).df()
        hits = connection.execute(
            f"""
            select hits.lead_id, hits.scored_as_of, hits.rule_id, {UNITS_SQL} as units
            from {relations["lead_rule_hit_history"]} as hits
            where hits.model_id = ? and hits.scored_as_of = ?
            """,
            [model_id, day],
        ).df()
    finally:
        connection.close()
    return with_units(model_id, snapshots, hits)
