"""The "Predictive score" section of the quality report.

Per model with a saved predictive model: its version, training window and held-out AUC at
training time, then how it has done since on the cohorts it was not trained on: AUC (scikit-
learn, from quality_lead_outcomes) and predicted against observed conversion by decile
(quality_prediction_calibration).
"""

from __future__ import annotations

import html

import pandas as pd
from sklearn.metrics import roc_auc_score

OUT_OF_SAMPLE_SQL = """
select outcomes.model_id, outcomes.conversion_probability, outcomes.is_converted
from {outcomes} as outcomes
inner join {models} as models
    on outcomes.predictive_model_version = models.model_version
where outcomes.slice_id = {slice_literal}
    and outcomes.is_decided
    and outcomes.is_in_evaluation_period
    and outcomes.conversion_probability is not null
    and outcomes.cohort_month > models.training_last_cohort
"""


def _percent(value: object) -> str:
    return "-" if value is None or pd.isna(value) else f"{float(value):.2%}"


def prediction_section(
    models: pd.DataFrame, calibration: pd.DataFrame, out_of_sample: pd.DataFrame
) -> str:
    """The HTML section; models: the saved predictive_models rows."""
    parts = [
        "<h2>Predictive score</h2>",
        "<p class='note'>The conversion probability of <code>leadscore predict train</code>'s "
        "saved model (lead_scores.conversion_probability), judged only on cohorts after its "
        "training window. A calibrated model's mean predicted probability is close to the "
        "observed rate in every decile.</p>",
    ]
    if models.empty:
        parts.append(
            "<p>No predictive model saved yet: run <code>leadscore predict train</code>.</p>"
        )
        return "".join(parts)
    latest = models.sort_values("trained_at").groupby("model_id").tail(1)
    for _, saved in latest.sort_values("model_id").iterrows():
        model = saved["model_id"]
        rows = out_of_sample[out_of_sample["model_id"] == model]
        converted = rows["is_converted"].astype(int)
        auc = (
            f"{roc_auc_score(converted, rows['conversion_probability']):.3f}"
            if 0 < converted.sum() < len(converted)
            else "not yet (no decided out-of-sample cohort with both outcomes)"
        )
        parts.append(
            f"<h3>{html.escape(model)}</h3><p>Model {html.escape(str(saved['model_version']))}, "
            f"trained on the cohorts {saved['training_first_cohort']:%Y-%m} to "
            f"{saved['training_last_cohort']:%Y-%m} ({int(saved['decided_snapshots']):,} decided "
            f"snapshots, {int(saved['conversions'])} conversions); held-out AUC at training "
            f"{float(saved['validation_auc']):.3f}. Since then: {len(rows):,} decided snapshots, "
            f"AUC {auc}.</p>"
        )
        buckets = calibration[
            (calibration["model_id"] == model) & (calibration["probability_bucket"] > 0)
        ].sort_values("probability_bucket")
        if buckets.empty:
            continue
        body = "".join(
            f"<tr><td class='num'>{int(row['probability_bucket'])}</td>"
            f"<td class='num'>{int(row['snapshots']):,}</td>"
            f"<td class='num'>{_percent(row['mean_predicted'])}</td>"
            f"<td class='num'>{_percent(row['observed_rate'])}</td></tr>"
            for _, row in buckets.iterrows()
        )
        parts.append(
            "<table><tr><th>probability decile</th><th>snapshots</th><th>mean predicted</th>"
            f"<th>observed</th></tr>{body}</table>"
        )
    return "".join(parts)
