"""End to end: a generated warehouse scored by `dbt build`, checked by hand and against outcomes."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest

from tests.conftest import SCORE_DATE, ScoredWarehouse

pytestmark = pytest.mark.e2e


def points(value: float) -> Decimal:
    """Two decimals, rounded half up, as the warehouse stores points."""
    return Decimal(repr(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def lead_score(warehouse: ScoredWarehouse, lead_id: str) -> dict[str, object]:
    rows = warehouse.query(
        """
        select fit_score, engagement_score, negative_points, total_score, fit_grade, lead_stage,
               account_score, seniority, lead_direction, scored_as_of
        from scores.lead_scores where lead_id = ? and model_id = 'default'
        """,
        [lead_id],
    )
    assert len(rows) == 1, f"{lead_id} should have one row under the default model"
    keys = (
        "fit",
        "engagement",
        "negative",
        "total",
        "grade",
        "stage",
        "account_score",
        "seniority",
        "direction",
        "scored_as_of",
    )
    return dict(zip(keys, rows[0], strict=True))


def explanation(warehouse: ScoredWarehouse, lead_id: str) -> dict[str, Decimal]:
    rows = warehouse.query(
        """
        select rule_id, contributed_points from scores.lead_score_explanations
        where lead_id = ? and model_id = 'default'
        """,
        [lead_id],
    )
    return dict(rows)


def test_vp_with_recent_demo_request_is_sales_ready(scored_warehouse: ScoredWarehouse) -> None:
    # Fit: vp 18 + 200-999 employees 12 + revenue >= 50M 4 + software 10 + US 4 = 48 (cap 50).
    # Demo requests 10 and 120 days old, half-life 30, second one x0.5: capped at 30 by the rule.
    demo = points(25 * 0.5 ** (10 / 30) + 25 * 0.5 * 0.5 ** (120 / 30))
    # Two pricing views 1 day old (the duplicate export row counts once), half-life 14, x0.7.
    pricing = points(4 * 0.5 ** (1 / 14) + 4 * 0.7 * 0.5 ** (1 / 14))
    # Email opens in a 30-day window: 5 days old counts 1, 60 days old counts 0.
    opens = points(1.0)
    expected_engagement = demo + pricing + opens
    score = lead_score(scored_warehouse, "HAND-1")
    assert score["seniority"] == "vp"
    assert score["fit"] == Decimal("48.00")
    assert score["engagement"] == expected_engagement == Decimal("28.09")
    assert score["negative"] == Decimal("0.00")
    assert score["total"] == Decimal("76.09")
    assert (score["grade"], score["stage"]) == ("A", "sql")
    assert score["scored_as_of"] == SCORE_DATE
    assert explanation(scored_warehouse, "HAND-1") == {
        "fit_title_vp": Decimal("18.00"),
        "fit_size_midmarket": Decimal("12.00"),
        "fit_revenue_50m": Decimal("4.00"),
        "fit_industry_core": Decimal("10.00"),
        "fit_country_core": Decimal("4.00"),
        "eng_demo_request": demo,
        "eng_pricing_view": pricing,
        "eng_email_open": opens,
    }


def test_outbound_intern_on_free_email_is_held_down(scored_warehouse: ScoredWarehouse) -> None:
    # Outbound lead: engagement x0.7. Download 20 days old (step: full value for 30 days) = 3.50;
    # webinar 30 days old, half-life 45: 8 x 0.5^(30/45) x 0.7 = 3.53.
    download = points(5 * 1.0 * 0.7)
    webinar = points(8 * 0.5 ** (30 / 45) * 0.7)
    score = lead_score(scored_warehouse, "HAND-2")
    assert (score["seniority"], score["direction"]) == ("student", "outbound")
    assert score["fit"] == Decimal("30.00")  # the account's fit only: no title points
    assert score["engagement"] == download + webinar == Decimal("7.03")
    # Student -15, free email -10, careers page today -8: -33, within the floor of -40.
    assert score["negative"] == Decimal("-33.00")
    assert score["total"] == Decimal("4.03")
    assert (score["grade"], score["stage"]) == ("B", "none")


def test_competitor_negative_stops_at_zero(scored_warehouse: ScoredWarehouse) -> None:
    # Director 14 + demo request 1 day old 24.43 = 38.43 positive; competitor -40 is limited
    # to -38.43 so the total is zero, not negative.
    demo = points(25 * 0.5 ** (1 / 30))
    score = lead_score(scored_warehouse, "HAND-3")
    assert score["fit"] == Decimal("14.00")
    assert score["engagement"] == demo == Decimal("24.43")
    assert score["negative"] == -(Decimal("14.00") + demo)
    assert score["total"] == Decimal("0.00")
    assert score["account_score"] is None
    assert explanation(scored_warehouse, "HAND-3")["neg_competitor"] == Decimal("-38.43")


def test_account_rolls_up_its_contacts(scored_warehouse: ScoredWarehouse) -> None:
    rows = scored_warehouse.query(
        """
        select account_fit_score, account_engagement_score, account_score,
               contact_count, engaged_contact_count
        from scores.account_scores where account_id = 'HAND-A1' and model_id = 'default'
        """
    )
    # Fit 12 + 4 + 10 + 4 = 30; engagement: the average over the top 3 contacts, the third
    # missing: (28.09 + 7.03 + 0) / 3 = 11.71; one contact has 10+ engagement points.
    assert rows == [(Decimal("30.00"), Decimal("11.71"), Decimal("41.71"), 2, 1)]
    assert lead_score(scored_warehouse, "HAND-1")["account_score"] == Decimal("41.71")


def test_every_score_adds_up_to_its_explanation(scored_warehouse: ScoredWarehouse) -> None:
    mismatches = scored_warehouse.query(
        """
        with explained as (
            select lead_id, model_id, sum(contributed_points) as explained_total
            from scores.lead_score_explanations group by 1, 2
        )
        select count(*) from scores.lead_scores as s
        left join explained as e using (lead_id, model_id)
        where s.total_score <> coalesce(e.explained_total, 0)
        """
    )
    assert mismatches == [(0,)]
    assert scored_warehouse.query("select count(*) from scores.lead_scores")[0][0] > 6_000


def test_dirty_input_is_counted_not_dropped(scored_warehouse: ScoredWarehouse) -> None:
    issues = dict(
        scored_warehouse.query(
            "select data_quality_issue, row_count from scores.data_quality_issues "
            "where source_table = 'events'"
        )
    )
    for issue in (
        "missing_lead_id",
        "unknown_lead_id",
        "duplicate_event_id",
        "after_score_date",
        "unknown_event_type",
    ):
        assert issues.get(issue, 0) > 0, f"expected some {issue} events in the demo data"
    staged, validated = scored_warehouse.query(
        """
        select (select count(*) from main_staging.stg_marketing__events),
               (select count(*) from main_intermediate.int_events_validated)
        """
    )[0]
    assert staged == validated + sum(issues.values())
    lead_issues = {
        issue
        for (issue,) in scored_warehouse.query(
            "select data_quality_issue from scores.data_quality_issues where source_table = 'leads'"
        )
    }
    # Missing and unusable values are different issues.
    assert {"malformed_email", "missing_job_title", "placeholder_job_title"} <= lead_issues


def test_default_model_separates_won_from_lost(scored_warehouse: ScoredWarehouse) -> None:
    """Won rate in the top score decile is several times the bottom decile's, on closed deals."""
    rows = scored_warehouse.query(
        """
        with outcomes as (
            select lead_id, max(case when stage = 'won' then 1 else 0 end) as is_won
            from main_staging.stg_crm__opportunities
            where stage in ('won', 'lost')
            group by 1
        ),
        scored as (
            select s.lead_id, s.total_score, coalesce(o.is_won, 0) as is_won,
                   ntile(10) over (order by s.total_score, s.lead_id) as decile
            from scores.lead_scores as s
            left join outcomes as o using (lead_id)
            where s.model_id = 'default'
        )
        select decile, avg(is_won) from scored group by 1 order by 1
        """
    )
    won_rate = dict(rows)
    base_rate = sum(won_rate.values()) / len(won_rate)
    # Lift of the top decile over the base rate, and top decile vs bottom decile (with a floor
    # of one won lead in 600 so an empty bottom decile cannot make the ratio trivially infinite).
    assert won_rate[10] >= 2.5 * base_rate, won_rate
    assert won_rate[10] >= 5 * max(won_rate[1], 1 / 600), won_rate
    assert won_rate[10] > won_rate[5] > 0, won_rate
