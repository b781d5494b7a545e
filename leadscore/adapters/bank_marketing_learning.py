"""(b) recalibrated rules and (c) the predictive score on the bank marketing data.

The same code as `leadscore calibrate` and `leadscore predict train` (leadscore.learning), on
this data set's own split: each lead judged once, on its own cohort snapshot (the 1st of its
contact month), fitted on the rows of the older 80% and scored on the newest 20%. The core's
commands cannot be used as they are here: they read every monthly cohort of quality_lead_outcomes,
where a bank lead stays as a certain non-conversion in every month after its contact
(docs/bank-marketing.md). The predictive score uses the leads' attributes (--attributes): a
person's attributes are fixed at the contact, so today's values are the snapshot's.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from leadscore import rules
from leadscore.learning.fit import fit_rule_points
from leadscore.learning.history import UNITS_SQL, SnapshotHistory, with_units
from leadscore.learning.predictive import (
    TrainingFrame,
    attributes_per_snapshot,
    design_matrix,
    fit_terms,
    predictive_columns,
    read_attributes,
)
from leadscore.learning.scoring import RulePoints
from leadscore.quality import find_relations
from leadscore.warehouse_lock import open_warehouse

MODEL_ID = "term_deposit"


def own_cohort_frame(
    database: Path, leads: pd.DataFrame, columns: dict[str, list[str]]
) -> TrainingFrame:
    """Each lead on its own cohort snapshot: outcome, rule units and attributes (leads: the
    evaluation's frame, one row per lead with lead_id, cohort_month, total_score, is_converted)."""
    connection = open_warehouse(database)
    try:
        relations = find_relations(connection, ["lead_rule_hit_history", "int_leads_enriched"])
        hits = connection.execute(
            f"select hits.lead_id, hits.scored_as_of, hits.rule_id, {UNITS_SQL} as units "
            f"from {relations['lead_rule_hit_history']} as hits where hits.model_id = ?",
            [MODEL_ID],
        ).df()
        attributes = read_attributes(connection, relations["int_leads_enriched"], columns)
    finally:
        connection.close()
    snapshots = pd.DataFrame(
        {
            "lead_id": leads["lead_id"].to_numpy(),
            "scored_as_of": pd.to_datetime(leads["cohort_month"]).dt.date.to_numpy(),
            "cohort_month": pd.to_datetime(leads["cohort_month"]).to_numpy(),
            "is_converted": leads["is_converted"].astype(int).to_numpy(),
            "total_score": leads["total_score"].astype(float).to_numpy(),
        }
    )
    hits["scored_as_of"] = pd.to_datetime(hits["scored_as_of"]).dt.date
    history = with_units(MODEL_ID, snapshots, hits)
    index = history.snapshots.index
    context = pd.DataFrame({"account_score": 0.0, "days_since_engaged": np.nan}, index=index)
    return TrainingFrame(history, context, attributes_per_snapshot(attributes, index))


def _part(frame: TrainingFrame, mask: np.ndarray) -> TrainingFrame:
    index = frame.history.snapshots.index[mask]
    history = SnapshotHistory(
        MODEL_ID, frame.history.snapshots.loc[index], frame.history.units.loc[index]
    )
    return TrainingFrame(history, frame.context.loc[index], frame.attributes.loc[index])


def learned_scores(
    database: Path,
    leads: pd.DataFrame,
    training: np.ndarray,
    *,
    project_dir: Path,
    rules_dir: Path,
    dbt_vars: Mapping[str, Any],
) -> tuple[np.ndarray, np.ndarray, dict[str, object]]:
    """(b) the recalibrated rules' total_score and (c) the predictive probability of every lead,
    both fitted on the training rows only; and what was fitted."""
    columns = predictive_columns(project_dir, dbt_vars)
    frame = own_cohort_frame(database, leads, columns)
    train = _part(frame, training)
    report = rules.check_rules(rules_dir, project_dir=project_dir, cli_vars=dbt_vars)
    current = RulePoints.from_report(report, MODEL_ID)
    fitted = fit_rule_points(train.history, current)
    recalibrated = fitted.proposed.total_scores(frame.history.units)
    terms, pipeline, c, _ = fit_terms(train, columns, attributes=True)
    predictive = pipeline.predict_proba(design_matrix(frame, terms))[:, 1]
    details: dict[str, object] = {
        "recalibrated_points": {
            change.rule_id: {"now": change.current_weight, "proposed": change.proposed_weight}
            for change in fitted.changes
        },
        "recalibration_scale": round(fitted.scale, 3),
        "predictive_terms": len(terms),
        "predictive_regularization_c": c,
    }
    return recalibrated, predictive, details
