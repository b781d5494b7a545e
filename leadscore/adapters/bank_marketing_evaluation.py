"""`leadscore adapter evaluate bank_marketing`: score the real data, judge it on held-out rows.

One command, every step (docs/bank-marketing.md):

1. load bank-additional-full.csv verbatim into a scratch DuckDB file (leadscore/adapters/
   bank_marketing.py);
2. in a throwaway copy of the project whose seeds are the bank rules
   (adapters/bank_marketing/rules, leadscore/overlay.py), with the adapter's vars
   (adapters/bank_marketing/dbt_vars.yml): build the adapter's models, which write the four
   contract tables; replay the score history on the 1st of every month from the first contact
   month through the month after the last (one dbt process); then `dbt build` that last day;
3. read each lead as scored on its own cohort snapshot (the 1st of its contact month) with its
   outcome, from quality_lead_outcomes;
4. judge, on the newest 20% of the rows (by file order, which is time order), (a) the
   hand-written rules' total_score and (d) a reference: scikit-learn's LogisticRegression on
   the same raw columns minus duration, trained on the older 80%.

The figures are printed and written as JSON; the wall time of the whole run is measured.
"""

from __future__ import annotations

import datetime
import json
import math
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from leadscore.adapters import bank_marketing as bank
from leadscore.adapters.bank_marketing_learning import learned_scores
from leadscore.dbt import run_dbt
from leadscore.overlay import overlay_project
from leadscore.ranking import RankingFigures, ranking_figures
from leadscore.rules.slices import ALL_LEADS_SLICE
from leadscore.score_history import replay_score_history
from leadscore.warehouse_lock import ensure_not_busy, open_warehouse

#: The older share of the rows (by file order) that designs and trains; the rest is held out.
TRAINING_SHARE = 0.8
#: Where the figures go by default (relative to the project root; reports/ is not committed).
DEFAULT_RESULTS = Path("reports/bank_marketing/evaluation.json")
#: The reference model's inputs: every column of the file but the outcome and duration.
CATEGORICAL_COLUMNS: tuple[str, ...] = (
    "job",
    "marital",
    "education",
    "default",
    "housing",
    "loan",
    "contact",
    "month",
    "day_of_week",
    "poutcome",
)
NUMERIC_COLUMNS: tuple[str, ...] = (
    "age",
    "campaign",
    "pdays",
    "previous",
    "emp.var.rate",
    "cons.price.idx",
    "cons.conf.idx",
    "euribor3m",
    "nr.employed",
)
RULES_LABEL = "a_hand_written_rules"
RECALIBRATED_LABEL = "b_recalibrated_rules"
PREDICTIVE_LABEL = "c_predictive_score"
REFERENCE_LABEL = "d_logistic_regression"


@dataclass
class StepTimer:
    """Wall time per step of the run, and in all."""

    started: float = field(default_factory=time.perf_counter)
    steps: dict[str, float] = field(default_factory=dict)

    @contextmanager
    def step(self, name: str) -> Iterator[None]:
        began = time.perf_counter()
        try:
            yield
        finally:
            self.steps[name] = time.perf_counter() - began

    def total(self) -> float:
        return time.perf_counter() - self.started


@dataclass(frozen=True)
class Split:
    """The time split by file row: rows 1..last_training_row train, the rest are held out."""

    rows: int
    last_training_row: int
    boundary_month: datetime.date
    boundary_month_rows: tuple[int, int]
    held_out_months: tuple[datetime.date, ...]

    @property
    def boundary_training_rows(self) -> int:
        return self.last_training_row - self.boundary_month_rows[0] + 1

    @property
    def boundary_held_out_rows(self) -> int:
        return self.boundary_month_rows[1] - self.last_training_row

    def describe(self) -> str:
        first, last = self.boundary_month_rows
        return (
            f"rows 1-{self.last_training_row:,} (older {TRAINING_SHARE:.0%}) design and train; "
            f"rows {self.last_training_row + 1:,}-{self.rows:,} are held out. The boundary "
            f"falls inside the {self.boundary_month:%Y-%m} cohort (rows {first:,}-{last:,}): "
            f"{self.boundary_training_rows:,} of its contacts train, "
            f"{self.boundary_held_out_rows:,} are held out; the held-out rows are cohorts "
            f"{self.held_out_months[0]:%Y-%m} (part) to {self.held_out_months[-1]:%Y-%m}."
        )

    def as_dict(self) -> dict[str, object]:
        return {
            "training_rows": [1, self.last_training_row],
            "held_out_rows": [self.last_training_row + 1, self.rows],
            "boundary_cohort": f"{self.boundary_month:%Y-%m}",
            "boundary_cohort_rows": list(self.boundary_month_rows),
            "boundary_cohort_training_rows": self.boundary_training_rows,
            "boundary_cohort_held_out_rows": self.boundary_held_out_rows,
            "held_out_cohorts": [f"{month:%Y-%m}" for month in self.held_out_months],
        }


@dataclass(frozen=True)
class Evaluation:
    """What the run measured (and where it wrote it)."""

    database: Path
    results_path: Path
    loaded: bank.LoadSummary
    snapshot_days: tuple[datetime.date, ...]
    split: Split
    leads: pd.DataFrame  # one row per lead: its own cohort snapshot, outcome, file row
    rules_held_out: RankingFigures
    rules_training: RankingFigures
    reference_held_out: RankingFigures
    reference_training: RankingFigures
    held_out_cohorts: list[CohortFigures]
    wall_times: dict[str, float]
    recalibrated_held_out: RankingFigures
    predictive_held_out: RankingFigures
    learned: dict[str, object]

    def as_dict(self) -> dict[str, Any]:
        return {
            "data": {
                "file": str(bank.DEFAULT_CSV),
                "rows": self.loaded.rows,
                "subscribed": self.loaded.subscribed,
                "first_contact_month": f"{self.loaded.first_month:%Y-%m}",
                "last_contact_month": f"{self.loaded.last_month:%Y-%m}",
            },
            "history": {
                "snapshot_days": len(self.snapshot_days),
                "first": self.snapshot_days[0].isoformat(),
                "last": self.snapshot_days[-1].isoformat(),
            },
            "split": self.split.as_dict(),
            "held_out": {
                RULES_LABEL: self.rules_held_out.as_dict(),
                RECALIBRATED_LABEL: self.recalibrated_held_out.as_dict(),
                PREDICTIVE_LABEL: self.predictive_held_out.as_dict(),
                REFERENCE_LABEL: self.reference_held_out.as_dict(),
            },
            "learned": self.learned,
            "held_out_by_cohort": [cohort.as_dict() for cohort in self.held_out_cohorts],
            "held_out_mean_within_cohort_auc": {
                RULES_LABEL: round(mean_cohort_auc(self.held_out_cohorts), 4),
                REFERENCE_LABEL: round(mean_cohort_auc(self.held_out_cohorts, reference=True), 4),
            },
            "training": {
                RULES_LABEL: {"auc": round(self.rules_training.auc, 4)},
                REFERENCE_LABEL: {"auc": round(self.reference_training.auc, 4)},
            },
            "wall_time_seconds": {name: round(value, 1) for name, value in self.wall_times.items()},
            "measured_on": datetime.date.today().isoformat(),
        }


def snapshot_days(first_month: datetime.date, last_month: datetime.date) -> list[datetime.date]:
    """The 1st of every month from first_month through the month after last_month."""
    days = []
    year, month = first_month.year, first_month.month
    while (year, month) <= (last_month.year, last_month.month):
        days.append(datetime.date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    days.append(datetime.date(year, month, 1))
    return days


def last_training_row(rows: int) -> int:
    """The last row of the older TRAINING_SHARE of the file (rows 1..this one)."""
    return math.floor(rows * TRAINING_SHARE)


def _relation(connection: Any, table: str) -> str:
    """schema.table of the one relation of that name in the warehouse."""
    found = connection.execute(
        "select table_schema from information_schema.tables where table_name = ?", [table]
    ).fetchall()
    if len(found) != 1:
        raise bank.AdapterError(f"expected one relation named {table}, found {len(found)}")
    return f'"{found[0][0]}".{table}'


def read_contact_months(database: Path) -> pd.DataFrame:
    """int_bank_marketing__contact_months: each contact month with its first and last row."""
    connection = open_warehouse(database)
    try:
        relation = _relation(connection, "int_bank_marketing__contact_months")
        return connection.execute(
            f"select contact_month, first_file_row_number, last_file_row_number, contacts "
            f"from {relation} order by contact_month"
        ).df()
    finally:
        connection.close()


def read_own_cohort_outcomes(
    database: Path, raw_schema: str, published_schema: str = "scores"
) -> pd.DataFrame:
    """Each lead as scored on its own cohort snapshot (the 1st of its contact month).

    quality_lead_outcomes has a lead in every monthly cohort from its creation on; only the
    one of its contact month holds the score before its outcome (later snapshots find the
    opportunity already closed).
    """
    connection = open_warehouse(database)
    try:
        # The published copy: the whole, tested set of the last build.
        outcomes = f'"{published_schema}".quality_lead_outcomes'
        return connection.execute(
            f"""
            select
                leads.file_row_number,
                outcomes.lead_id,
                outcomes.cohort_month,
                outcomes.total_score,
                outcomes.lead_stage,
                outcomes.is_decided,
                outcomes.is_converted
            from {outcomes} as outcomes
            inner join "{raw_schema}".leads as leads
                on outcomes.lead_id = leads.lead_id
                and outcomes.slice_id = '{ALL_LEADS_SLICE}'
                and outcomes.cohort_month = cast(leads.created_at as date)
            order by leads.file_row_number
            """
        ).df()
    finally:
        connection.close()


def read_raw_file(database: Path) -> pd.DataFrame:
    """The raw table as loaded (text), in file order."""
    connection = open_warehouse(database)
    try:
        return connection.execute(
            f"select * from {bank.RAW_SCHEMA}.{bank.RAW_TABLE} order by {bank.ROW_NUMBER_COLUMN}"
        ).df()
    finally:
        connection.close()


def reference_model() -> Pipeline:
    """One-hot categoricals, standardized numerics, a plain logistic regression."""
    return Pipeline(
        [
            (
                "columns",
                ColumnTransformer(
                    [
                        (
                            "categorical",
                            OneHotEncoder(handle_unknown="ignore"),
                            list(CATEGORICAL_COLUMNS),
                        ),
                        ("numeric", StandardScaler(), list(NUMERIC_COLUMNS)),
                    ]
                ),
            ),
            ("model", LogisticRegression(max_iter=2000)),
        ]
    )


def reference_scores(raw: pd.DataFrame, last_row: int) -> pd.Series:
    """The reference model's probability for every row, trained on rows 1..last_row only."""
    features = raw[list(CATEGORICAL_COLUMNS + NUMERIC_COLUMNS)].copy()
    for column in NUMERIC_COLUMNS:
        features[column] = pd.to_numeric(features[column])
    converted = raw["y"] == "yes"
    training = (raw[bank.ROW_NUMBER_COLUMN] <= last_row).to_numpy()
    model = reference_model().fit(features[training], converted[training])
    return pd.Series(model.predict_proba(features)[:, 1], index=raw.index)


@dataclass(frozen=True)
class CohortFigures:
    """One held-out cohort: its leads, conversion, and each score's AUC within it."""

    cohort: datetime.date
    leads: int
    converted: int
    rules_auc: float | None  # None for a cohort without both outcomes
    reference_auc: float | None

    def as_dict(self) -> dict[str, object]:
        return {
            "cohort": f"{self.cohort:%Y-%m}",
            "leads": self.leads,
            "converted": self.converted,
            "base_rate": round(self.converted / self.leads, 4),
            RULES_LABEL: None if self.rules_auc is None else round(self.rules_auc, 4),
            REFERENCE_LABEL: None if self.reference_auc is None else round(self.reference_auc, 4),
        }


def cohort_figures(held_out: pd.DataFrame) -> list[CohortFigures]:
    """Per held-out cohort month, from leads with total_score, reference_score, is_converted.

    The pooled figures mix cohorts whose base rates differ a lot; these show whether the
    ranking holds inside each month.
    """
    figures = []
    for month, cohort in held_out.groupby("cohort_month"):
        converted = cohort["is_converted"].astype(bool)
        both = converted.nunique() == 2
        figures.append(
            CohortFigures(
                cohort=pd.Timestamp(month).date(),
                leads=len(cohort),
                converted=int(converted.sum()),
                rules_auc=float(roc_auc_score(converted, cohort["total_score"])) if both else None,
                reference_auc=float(roc_auc_score(converted, cohort["reference_score"]))
                if both
                else None,
            )
        )
    return figures


def mean_cohort_auc(cohorts: list[CohortFigures], reference: bool = False) -> float:
    """The within-cohort AUCs of the rules (or the reference), weighted by the cohorts' leads."""
    judged = [
        (cohort.reference_auc if reference else cohort.rules_auc, cohort.leads)
        for cohort in cohorts
    ]
    known = [(auc, leads) for auc, leads in judged if auc is not None]
    return sum(auc * leads for auc, leads in known) / sum(leads for _, leads in known)


def time_split(contact_months: pd.DataFrame, rows: int) -> Split:
    """Where the held-out rows begin, in rows and in cohorts."""
    last_row = last_training_row(rows)
    boundary = contact_months[
        (contact_months["first_file_row_number"] <= last_row + 1)
        & (contact_months["last_file_row_number"] >= last_row + 1)
    ].iloc[0]
    held_out = contact_months[contact_months["last_file_row_number"] > last_row]
    return Split(
        rows=rows,
        last_training_row=last_row,
        boundary_month=pd.Timestamp(boundary["contact_month"]).date(),
        boundary_month_rows=(
            int(boundary["first_file_row_number"]),
            int(boundary["last_file_row_number"]),
        ),
        held_out_months=tuple(pd.Timestamp(month).date() for month in held_out["contact_month"]),
    )


def evaluate(
    project_dir: Path,
    *,
    csv: Path | None = None,
    database: Path | None = None,
    results: Path | None = None,
    artifacts_dir: Path | None = None,
    progress: bool = True,
) -> Evaluation:
    """Run everything (see the module docstring) and write the figures to `results`."""
    timer = StepTimer()

    def say(message: str) -> None:
        if progress:
            print(message, flush=True)

    source = bank.csv_path(project_dir, csv)
    database = (database or project_dir / bank.DEFAULT_DATABASE).resolve()
    results = results or project_dir / DEFAULT_RESULTS
    dbt_vars = bank.adapter_vars(project_dir)
    # A scratch warehouse: a rerun replaces the raw table and every snapshot day (delete+insert
    # per day), so it ends as a first run would.
    ensure_not_busy(database)
    with timer.step("load"):
        loaded = bank.load_csv(source, database)
    say(loaded.format())
    with overlay_project(
        project_dir / bank.RULES_DIR, project_dir=project_dir, cli_vars=dbt_vars
    ) as project:
        schema = dbt_vars["leadscore_raw_schema"]
        say(f"Building the adapter's models (the contract tables, in schema {schema}) ...")
        with timer.step("adapter"):
            run_dbt(
                ["build", "--select", "path:models/adapters/bank_marketing"],
                extra_vars=dbt_vars,
                duckdb_path=database,
                project_dir=project,
                artifacts_dir=artifacts_dir,
                capture=True,
            )
        contact_months = read_contact_months(database)
        days = snapshot_days(
            pd.Timestamp(contact_months["contact_month"].iloc[0]).date(),
            pd.Timestamp(contact_months["contact_month"].iloc[-1]).date(),
        )
        say(
            f"Replaying the score history: the 1st of each month, {days[0]} to {days[-2]} "
            f"({len(days) - 1} days, one dbt process)"
        )
        with timer.step("replay"):
            replay_score_history(
                days[:-1],
                database=database,
                project_dir=project,
                artifacts_dir=artifacts_dir,
                extra_vars=dbt_vars,
            )
        say(f"Building {days[-1]} (dbt build: tests, quality marts, publication)")
        with timer.step("build"):
            run_dbt(
                ["build"],
                score_date=days[-1].isoformat(),
                extra_vars=dbt_vars,
                duckdb_path=database,
                project_dir=project,
                artifacts_dir=artifacts_dir,
                capture=True,
            )
    with timer.step("evaluate"):
        leads = read_own_cohort_outcomes(database, str(dbt_vars["leadscore_raw_schema"]))
        raw = read_raw_file(database)
        split = time_split(contact_months, loaded.rows)
        leads["reference_score"] = reference_scores(raw, split.last_training_row).to_numpy()[
            leads["file_row_number"].to_numpy() - 1
        ]
        held_out = leads["file_row_number"] > split.last_training_row
        training = ~held_out
        converted = leads["is_converted"].astype(bool)
        rules_held_out = ranking_figures(leads.loc[held_out, "total_score"], converted[held_out])
        rules_training = ranking_figures(leads.loc[training, "total_score"], converted[training])
        reference_held_out = ranking_figures(
            leads.loc[held_out, "reference_score"], converted[held_out]
        )
        reference_training = ranking_figures(
            leads.loc[training, "reference_score"], converted[training]
        )
        by_cohort = cohort_figures(leads[held_out])
    with timer.step("learn"):
        recalibrated, predictive, learned = learned_scores(
            database,
            leads,
            training.to_numpy(),
            project_dir=project_dir,
            rules_dir=project_dir / bank.RULES_DIR,
            dbt_vars=dbt_vars,
        )
        recalibrated_held_out = ranking_figures(recalibrated[held_out], converted[held_out])
        predictive_held_out = ranking_figures(predictive[held_out], converted[held_out])
    wall_times = {**timer.steps, "total": timer.total()}
    evaluation = Evaluation(
        database=database,
        results_path=results,
        loaded=loaded,
        snapshot_days=tuple(days),
        split=split,
        leads=leads,
        rules_held_out=rules_held_out,
        rules_training=rules_training,
        reference_held_out=reference_held_out,
        reference_training=reference_training,
        held_out_cohorts=by_cohort,
        wall_times=wall_times,
        recalibrated_held_out=recalibrated_held_out,
        predictive_held_out=predictive_held_out,
        learned=learned,
    )
    results.parent.mkdir(parents=True, exist_ok=True)
    results.write_text(json.dumps(evaluation.as_dict(), indent=2) + "\n", encoding="utf-8")
    return evaluation


def _decile_rows(figures: RankingFigures) -> list[str]:
    return [
        f"    {decile.decile:>6}  {decile.leads:>5}  {decile.conversions:>8.1f}  "
        f"{decile.conversion_rate:>9.1%}  {decile.lift:>5.2f}  "
        f"{decile.min_score:>8.3g} .. {decile.max_score:<8.3g}"
        for decile in figures.deciles
    ]


def format_evaluation(evaluation: Evaluation) -> str:
    """The figures as printed by the command."""
    held_out = evaluation.rules_held_out
    lines = [
        "",
        f"Time split: {evaluation.split.describe()}",
        f"Held out: {held_out.leads:,} leads, each scored on its own cohort snapshot (the 1st of "
        f"its contact month), {held_out.conversions:,} converted (base rate "
        f"{held_out.base_rate:.1%}).",
    ]
    for label, title, figures, training in (
        (
            RULES_LABEL,
            "(a) hand-written rules, total_score",
            evaluation.rules_held_out,
            evaluation.rules_training,
        ),
        (
            RECALIBRATED_LABEL,
            "(b) the same rules with points fitted on the older 80% (leadscore calibrate's fit)",
            evaluation.recalibrated_held_out,
            None,
        ),
        (
            PREDICTIVE_LABEL,
            "(c) predictive score (leadscore predict train's model, with attributes), fitted on "
            "the older 80%",
            evaluation.predictive_held_out,
            None,
        ),
        (
            REFERENCE_LABEL,
            "(d) reference: LogisticRegression on the raw columns minus duration, "
            "trained on the older 80%",
            evaluation.reference_held_out,
            evaluation.reference_training,
        ),
    ):
        older = f" (older 80%: AUC {training.auc:.3f})" if training is not None else ""
        lines += [
            "",
            f"{title} [{label}]",
            f"  held-out AUC {figures.auc:.3f}, top-decile lift {figures.top_decile_lift:.2f}"
            f"{older}",
            "    decile  leads  converted  conv.rate   lift  scores",
            *_decile_rows(figures),
        ]
    lines += [
        "",
        "Held-out cohorts (AUC within each month; the pooled figures above mix their base rates):",
        "    cohort   leads  conv.rate  AUC (a)  AUC (d)",
    ]
    for cohort in evaluation.held_out_cohorts:
        aucs = (
            f"{cohort.rules_auc:>7.3f}  {cohort.reference_auc:>7.3f}"
            if cohort.rules_auc is not None and cohort.reference_auc is not None
            else "      -        -"
        )
        lines.append(
            f"    {cohort.cohort:%Y-%m}  {cohort.leads:>6}  "
            f"{cohort.converted / cohort.leads:>9.1%}  {aucs}"
        )
    lines.append(
        "    mean, weighted by leads    "
        f"{mean_cohort_auc(evaluation.held_out_cohorts):>7.3f}  "
        f"{mean_cohort_auc(evaluation.held_out_cohorts, reference=True):>7.3f}"
    )
    times = evaluation.wall_times
    lines += [
        "",
        "Wall time: "
        + ", ".join(f"{name} {seconds:.0f} s" for name, seconds in times.items() if name != "total")
        + f"; total {times['total']:.0f} s",
        f"Figures written to {evaluation.results_path}; warehouse {evaluation.database}",
    ]
    return "\n".join(lines)
