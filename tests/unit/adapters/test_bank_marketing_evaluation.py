"""The evaluation's pieces that need no warehouse: snapshot days, the split, the reference."""

from __future__ import annotations

import datetime

import pandas as pd
from sklearn.linear_model import LogisticRegression

from leadscore.adapters import bank_marketing as bank
from leadscore.adapters import bank_marketing_evaluation as evaluation


def test_snapshot_days_run_through_the_month_after_the_last() -> None:
    days = evaluation.snapshot_days(datetime.date(2008, 5, 1), datetime.date(2010, 11, 1))
    assert (days[0], days[-1], len(days)) == (
        datetime.date(2008, 5, 1),
        datetime.date(2010, 12, 1),
        32,
    )
    assert evaluation.snapshot_days(datetime.date(2009, 11, 1), datetime.date(2009, 12, 1)) == [
        datetime.date(2009, 11, 1),
        datetime.date(2009, 12, 1),
        datetime.date(2010, 1, 1),
    ]


def test_the_split_names_the_cohort_it_cuts() -> None:
    months = pd.DataFrame(
        {
            "contact_month": pd.to_datetime(["2008-05-01", "2008-06-01", "2009-03-01"]),
            "first_file_row_number": [1, 5, 9],
            "last_file_row_number": [4, 8, 10],
            "contacts": [4, 4, 2],
        }
    )
    split = evaluation.time_split(months, rows=10)
    assert split.last_training_row == 8
    assert split.boundary_month == datetime.date(2009, 3, 1)
    assert (split.boundary_training_rows, split.boundary_held_out_rows) == (0, 2)
    split = evaluation.time_split(months, rows=9)  # 80% of 9 rows: 7 train
    assert (split.last_training_row, split.boundary_month) == (7, datetime.date(2008, 6, 1))
    assert (split.boundary_training_rows, split.boundary_held_out_rows) == (3, 1)
    assert split.held_out_months == (datetime.date(2008, 6, 1), datetime.date(2009, 3, 1))
    assert evaluation.last_training_row(41_188) == 32_950


def test_the_reference_reads_every_column_but_the_outcome_and_duration() -> None:
    features = set(evaluation.CATEGORICAL_COLUMNS + evaluation.NUMERIC_COLUMNS)
    assert features == set(bank.HEADER) - {"y", bank.LEAKING_COLUMN}
    model = evaluation.reference_model()
    assert isinstance(model.steps[-1][1], LogisticRegression)


def test_cohort_figures_and_their_weighted_mean() -> None:
    leads = pd.DataFrame(
        {
            "cohort_month": pd.to_datetime(["2010-03-01"] * 4 + ["2010-04-01"] * 2),
            "total_score": [1, 2, 3, 4, 1, 2],
            "reference_score": [4, 3, 2, 1, 1, 2],
            "is_converted": [False, False, True, True, True, True],
        }
    )
    march, april = evaluation.cohort_figures(leads)
    assert (march.leads, march.converted, march.rules_auc, march.reference_auc) == (4, 2, 1.0, 0.0)
    assert (april.rules_auc, april.reference_auc) == (None, None)
    assert april.as_dict()["base_rate"] == 1.0
    assert evaluation.mean_cohort_auc([march, april]) == 1.0
