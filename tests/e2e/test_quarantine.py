"""Bad source rows are quarantined and counted; the good rows are still scored and published.

The session warehouse holds the broken rows of tests/e2e/handcrafted.py (a lead without an id or
creation time, duplicated and conflicting lead and account ids, NaN and infinite firmographics,
opportunities with no id or an unknown stage). Before quarantine, any one of them failed a
source test and nothing at all was published.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.conftest import SCORE_DATE, ScoredWarehouse

pytestmark = pytest.mark.e2e


def issues(warehouse: ScoredWarehouse) -> dict[tuple[str, str], tuple]:
    rows = warehouse.query(
        "select source_table, data_quality_issue, handling, row_count, source_row_count, "
        "example_id from scores.data_quality_issues"
    )
    return {(row[0], row[1]): row[2:] for row in rows}


def scored_models(warehouse: ScoredWarehouse, lead_id: str) -> list[str]:
    rows = warehouse.query(
        "select model_id from scores.lead_scores where lead_id = ? order by 1", [lead_id]
    )
    return [row[0] for row in rows]


def test_broken_rows_are_counted_with_an_example_and_how_they_were_handled(
    scored_warehouse: ScoredWarehouse,
) -> None:
    found = issues(scored_warehouse)
    expected = {
        ("leads", "missing_lead_id"): ("quarantined", 1, None),
        ("leads", "missing_created_at"): ("quarantined", 1, "HAND-Q1"),
        ("leads", "conflicting_lead_id"): ("quarantined", 2, "HAND-Q3"),
        ("leads", "duplicate_lead_id"): ("deduplicated", 1, "HAND-Q2"),
        ("accounts", "conflicting_account_id"): ("quarantined", 2, "HAND-A3"),
        ("opportunities", "missing_opportunity_id"): ("quarantined", 1, None),
    }
    for key, (handling, rows, example) in expected.items():
        assert key in found, f"{key} not counted"
        assert found[key][0] == handling, key
        assert found[key][1] >= rows, key
        if example is not None:
            assert found[key][3] == example, key
    assert found[("opportunities", "unknown_stage")][0] == "quarantined"
    assert found[("events", "lead_quarantined")][:2] == ("not_scored", 1)
    # Every count comes with the size of its table, so the share is readable.
    leads_in_raw = scored_warehouse.query("select count(*) from raw.leads")[0][0]
    assert found[("leads", "missing_lead_id")][2] == leads_in_raw


def test_quarantined_rows_are_left_out_and_the_rest_is_scored(
    scored_warehouse: ScoredWarehouse,
) -> None:
    models = scored_warehouse.query("select count(*) from main_intermediate.int_scoring_models")
    assert scored_models(scored_warehouse, "HAND-Q1") == []
    assert scored_models(scored_warehouse, "HAND-Q3") == []
    # The identical copy is scored once per model, like any lead.
    assert len(scored_models(scored_warehouse, "HAND-Q2")) == models[0][0]
    # A lead of a quarantined account is scored without the account: its title only.
    fit, account_score = scored_warehouse.query(
        "select fit_score, account_score from scores.lead_scores "
        "where lead_id = 'HAND-5' and model_id = 'default'"
    )[0]
    assert (fit, account_score) == (Decimal("18.00"), None)
    assert found_issue(scored_warehouse, "leads", "unknown_account_id")
    published = scored_warehouse.query(
        "select count(*) from scores.publication_log where scored_as_of = ?", [SCORE_DATE]
    )
    assert published[0][0] > 0, "the run with quarantined rows published"


def found_issue(warehouse: ScoredWarehouse, table: str, issue: str) -> bool:
    return (table, issue) in issues(warehouse)


def test_non_finite_firmographics_earn_no_points_and_are_counted(
    scored_warehouse: ScoredWarehouse,
) -> None:
    # VP 18 + software 10 + US 4. Unchecked, the infinite employee count earned the enterprise
    # 14 and the NaN revenue the 4 of 50M+ (capped at 50).
    fit = scored_warehouse.query(
        "select fit_score from scores.lead_scores where lead_id = 'HAND-4' and model_id = 'default'"
    )
    assert fit == [(Decimal("32.00"),)]
    account = scored_warehouse.query(
        "select employee_count, account_fit_score from scores.account_scores "
        "where account_id = 'HAND-A2' and model_id = 'default'"
    )
    assert account == [(None, Decimal("14.00"))]
    found = issues(scored_warehouse)
    assert found[("accounts", "invalid_employee_count")][0] == "kept_as_unknown"
    assert found[("accounts", "invalid_annual_revenue")][:2] == ("kept_as_unknown", 1)
    assert found[("accounts", "invalid_annual_revenue")][3] == "HAND-A2"


def test_missing_and_invalid_values_are_different_issues(scored_warehouse: ScoredWarehouse) -> None:
    invalid = scored_warehouse.query(
        "select count(*) from main_intermediate.int_accounts_enriched "
        "where employee_count_issue = 'invalid'"
    )[0][0]
    missing = scored_warehouse.query(
        "select count(*) from main_intermediate.int_accounts_enriched "
        "where employee_count_issue = 'missing'"
    )[0][0]
    found = issues(scored_warehouse)
    assert found[("accounts", "invalid_employee_count")][1] == invalid > 0
    assert found.get(("accounts", "missing_employee_count"), (None, 0))[1] == missing
