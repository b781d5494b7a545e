"""Learning from outcomes on the Dagster run's warehouse: 10,000 leads, eleven mature cohorts.

The demo generator plants which signals carry information (demo requests, pricing and case
study views, form fills, email clicks, senior titles, core industries) and which do not (email
opens, blog views, webinars, the account's country): quality_signals must tell them apart, and
calibrating on the older cohorts must rank the held-out ones at least as well as the shipped
rules.
"""

from __future__ import annotations

import functools
import shutil
from pathlib import Path

import duckdb
import numpy as np
import pytest

from leadscore import learning, rules
from leadscore.dbt import run_dbt
from leadscore.learning.history import read_history
from leadscore.learning.predictive import predictive_columns, probabilities_on_day
from leadscore.learning.scoring import RulePoints
from leadscore.paths import PROJECT_ROOT
from tests.orchestration.conftest import END, Materialized

INFORMATIVE_RULES = (
    "eng_demo_request",
    "eng_pricing_view",
    "eng_form_submit",
    "eng_case_study_view",
    "fit_industry_core",
)
UNINFORMATIVE_RULES = (
    "eng_email_open",
    "eng_blog_view",
    "eng_webinar_attended",
    "fit_country_core",
)


def test_signal_verdicts_recover_the_planted_truth(good_run: Materialized) -> None:
    verdicts = dict(
        good_run.query(
            "select signal_id, verdict from main_quality.quality_signals "
            "where slice_id = 'all' and model_id = 'default' and signal_kind = 'rule'"
        )
    )
    for rule_id in INFORMATIVE_RULES:
        assert verdicts[rule_id] == "predictive", rule_id
    for rule_id in UNINFORMATIVE_RULES:
        assert verdicts[rule_id] == "no_measurable_effect", rule_id
    candidates = dict(
        good_run.query(
            "select signal_id, verdict from main_quality.quality_signals "
            "where slice_id = 'all' and model_id = 'default' and signal_kind = 'event'"
        )
    )
    assert candidates["demo_request"] == "predictive"
    assert candidates["email_open"] == "no_measurable_effect"


def test_scoring_the_history_with_the_current_rules_reproduces_it(good_run: Materialized) -> None:
    report = rules.check_rules()
    for model_id in ("default", "automation"):
        history = read_history(good_run.database, model_id)
        assert len(history.snapshots) > 1000
        scores = RulePoints.from_report(report, model_id).total_scores(history.units)
        assert np.allclose(scores, history.snapshots["total_score"].to_numpy(), atol=1e-9)


@pytest.fixture(scope="module")
def calibration(good_run: Materialized, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    output = tmp_path_factory.mktemp("calibration") / "proposal"
    return learning.calibrate(
        good_run.database,
        project_dir=PROJECT_ROOT,
        output_dir=output,
        models=["default"],
        validation_months=3,
    )


def test_calibrated_rules_rank_held_out_cohorts_at_least_as_well(calibration) -> None:  # type: ignore[no-untyped-def]
    (comparison,) = calibration.comparisons
    current, proposed = comparison.validation["current"], comparison.validation["proposed"]
    assert comparison.validation_cohorts == ["2026-01", "2026-02", "2026-03"]
    assert proposed.auc >= current.auc
    assert proposed.conversions == current.conversions > 0


def test_the_proposal_is_a_rule_set_that_passes_the_checks(calibration) -> None:  # type: ignore[no-untyped-def]
    output = calibration.output_dir
    for name in (
        "scoring_rules.csv",
        "score_thresholds.csv",
        "review/changes.csv",
        "review/index.html",
    ):
        assert (output / name).is_file(), name
    assert rules.check_rules(output).ok
    assert "default" in (output / "review" / "index.html").read_text(encoding="utf-8")


def test_the_saved_predictive_model_scores_in_sql_as_it_was_trained(
    good_run: Materialized, tmp_path: Path
) -> None:
    """Train on a copy (with the lead attributes, so every kind of term is saved: text values
    and standardized, clipped numbers too), build int_lead_predictions there, and recompute
    every lead's probability from the saved terms and the END snapshot's features in Python."""
    database = tmp_path / "warehouse.duckdb"
    shutil.copy(good_run.database, database)
    # A terms table as an earlier release created it, without centre and scale: the staging
    # model reads it (as nulls), and training adds the columns before it saves.
    connection = duckdb.connect(str(database))
    try:
        for column in ("centre", "scale"):
            connection.execute(
                f"alter table leadscore_learning.predictive_model_terms drop {column}"
            )
    finally:
        connection.close()
    dbt_run = functools.partial(
        run_dbt,
        score_date=END.isoformat(),
        duckdb_path=database,
        artifacts_dir=tmp_path,
        capture=True,
    )
    dbt_run(["run", "--select", "stg_learning__predictive_model_terms"])
    result = learning.train_predictive_models(
        database,
        project_dir=PROJECT_ROOT,
        models=["default"],
        validation_months=3,
        attributes=True,
    )
    (model,) = result.trained
    kinds = {term.kind for term in model.terms}
    assert {"rule_score", "rule_units", "attribute_value", "attribute_numeric"} <= kinds
    validation = model.metrics["validation"]
    assert validation["auc"] > 0.6 and validation["conversions"] > 0
    dbt_run(
        [
            "run",
            "--select",
            "stg_learning__predictive_models",
            "stg_learning__predictive_model_terms",
            "int_lead_predictions",
        ]
    )
    connection = duckdb.connect(str(database), read_only=True)
    try:
        sql_probability = dict(
            connection.execute(
                "select lead_id, conversion_probability "
                "from main_intermediate.int_lead_predictions where model_id = 'default'"
            ).fetchall()
        )
    finally:
        connection.close()
    python_probability = probabilities_on_day(
        database, model, END, predictive_columns(PROJECT_ROOT)
    )
    assert len(python_probability) == len(sql_probability) == 10_000
    for lead_id, probability in python_probability.items():
        assert sql_probability[lead_id] == pytest.approx(probability, abs=1e-12), lead_id
