"""The same scoring in plain pandas: what a user without dbt or SQL would otherwise write.

Reads the raw tables out of the DuckDB file into pandas (column by column, low-cardinality text
as `category`, the usual memory idiom) and computes lead scores, explanations and account scores
with the project's definition, per event. Rule conditions are the compiled ones dbt validated
(int_scoring_rules.condition_sql, exported by bench/scoring_config.py), evaluated on DataFrames
by a small interpreter of the rule language (comparisons, and/or/not, in, between, like/ilike,
is null, lower/upper/trim/length) over sqlglot's syntax tree, with SQL's three-valued logic.
Points are integer cents, rounded as the warehouse rounds (to 6 places, then 2, half away from
zero), so sums are exact.

    python bench/pandas_scoring.py RAW.duckdb CONFIG_DIR OUT_DIR SCORE_DATE
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import sqlglot
from sqlglot import exp

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scoring_config import (
    ACCOUNT_TOP_CONTACTS,
    ENGAGED_CONTACT_MIN,
    PLACEHOLDER_TITLES,
    TITLE_PUNCTUATION,
)

# ----------------------------------------------------------------------------- rule conditions


def _like_regex(pattern: str) -> re.Pattern[str]:
    parts = ["%" if ch == "%" else "_" if ch == "_" else re.escape(ch) for ch in pattern]
    body = "".join(".*" if p == "%" else "." if p == "_" else p for p in parts)
    return re.compile(f"^{body}$", re.DOTALL)


def _na_mask(*values: object) -> pd.Series | bool:
    mask: pd.Series | bool = False
    for value in values:
        if isinstance(value, pd.Series):
            mask = mask | value.isna()
        elif value is None:
            return True
    return mask


def _three_valued(result: pd.Series | bool, na: pd.Series | bool, index: pd.Index) -> pd.Series:
    out = pd.Series(result, index=index).astype("boolean")
    if isinstance(na, pd.Series):
        out[na.to_numpy(dtype=bool)] = pd.NA
    elif na:
        out[:] = pd.NA
    return out


def _strings(value: pd.Series) -> pd.Series:
    return value.astype(object) if isinstance(value.dtype, pd.CategoricalDtype) else value


def evaluate(node: exp.Expression, frame: pd.DataFrame) -> object:
    """A rule condition (sqlglot tree) on every row of frame: a nullable boolean Series."""
    index = frame.index
    if isinstance(node, exp.Paren):
        return evaluate(node.this, frame)
    if isinstance(node, exp.Column):
        return frame[node.name]
    if isinstance(node, exp.Literal):
        return node.this if node.is_string else float(node.this)
    if isinstance(node, exp.Boolean):
        return bool(node.this)
    if isinstance(node, exp.Null):
        return None
    if isinstance(node, exp.And | exp.Or):
        left = _as_boolean(evaluate(node.this, frame), index)
        right = _as_boolean(evaluate(node.expression, frame), index)
        return left & right if isinstance(node, exp.And) else left | right
    if isinstance(node, exp.Not):
        return ~_as_boolean(evaluate(node.this, frame), index)
    if isinstance(node, exp.Is):
        value = evaluate(node.this, frame)
        return _three_valued(_na_mask(value), False, index)
    comparisons = {
        exp.EQ: "__eq__",
        exp.NEQ: "__ne__",
        exp.GT: "__gt__",
        exp.GTE: "__ge__",
        exp.LT: "__lt__",
        exp.LTE: "__le__",
    }
    for kind, method in comparisons.items():
        if isinstance(node, kind):
            left, right = evaluate(node.this, frame), evaluate(node.expression, frame)
            na = _na_mask(left, right)
            if kind not in (exp.EQ, exp.NEQ):
                left = _strings(left) if isinstance(left, pd.Series) else left
                right = _strings(right) if isinstance(right, pd.Series) else right
            with np.errstate(invalid="ignore"):
                result = getattr(left, method)(right)
            return _three_valued(result, na, index)
    if isinstance(node, exp.In):
        value = evaluate(node.this, frame)
        options = [evaluate(option, frame) for option in node.expressions]
        return _three_valued(value.isin(options), _na_mask(value), index)
    if isinstance(node, exp.Between):
        value = evaluate(node.this, frame)
        low, high = evaluate(node.args["low"], frame), evaluate(node.args["high"], frame)
        return _three_valued((value >= low) & (value <= high), _na_mask(value), index)
    if isinstance(node, exp.Like | exp.ILike):
        value = evaluate(node.this, frame)
        pattern = evaluate(node.expression, frame)
        insensitive = isinstance(node, exp.ILike)
        regex = _like_regex(pattern.lower() if insensitive else pattern)

        def test(v: object) -> bool:
            return isinstance(v, str) and regex.match(v.lower() if insensitive else v) is not None

        if isinstance(value.dtype, pd.CategoricalDtype):  # match each distinct value once
            hits = np.array([test(v) for v in value.cat.categories] + [False])
            matched = hits[value.cat.codes.to_numpy()]  # code -1 (null) picks the last False
        else:
            matched = np.array([test(v) for v in value], dtype=bool)
        return _three_valued(matched, _na_mask(value), index)
    functions = {
        exp.Lower: str.lower,
        exp.Upper: str.upper,
        exp.Trim: lambda v: v.strip(" "),
        exp.Length: len,
    }
    for kind, function in functions.items():
        if isinstance(node, kind):
            result = _text_function(evaluate(node.this, frame), function)
            if kind is exp.Length and isinstance(result, pd.Series):
                result = result.astype(object).astype("Float64")
            return result
    raise NotImplementedError(f"rule language node {type(node).__name__}: {node.sql()}")


def _text_function(value: object, function) -> object:
    """A text function on a literal, or on a column (each distinct value once if categorical)."""
    if value is None or isinstance(value, str):
        return None if value is None else function(value)
    if isinstance(value.dtype, pd.CategoricalDtype):
        return value.map({c: function(c) for c in value.cat.categories}).astype("category")
    return value.map(lambda v: function(v) if isinstance(v, str) else None)


def _as_boolean(value: object, index: pd.Index) -> pd.Series:
    if isinstance(value, pd.Series):
        return value.astype("boolean")
    return pd.Series(pd.NA if value is None else bool(value), index=index, dtype="boolean")


def condition_mask(condition_sql: str, frame: pd.DataFrame) -> np.ndarray:
    """True where the condition holds (null counts as false, as in a SQL where clause)."""
    tree = sqlglot.parse_one(condition_sql.replace("rule_input.", ""), read="duckdb")
    result = _as_boolean(evaluate(tree, frame), frame.index)
    return result.fillna(False).to_numpy(dtype=bool)


# ------------------------------------------------------------------------------------ points


def cents(values: np.ndarray | pd.Series) -> np.ndarray:
    """Double -> decimal(18,6) -> decimal(12,2), half away from zero, as integer cents."""
    x = np.asarray(values, dtype=np.float64)
    micro = np.trunc(x * 1e6 + np.copysign(0.5, x)).astype(np.int64)
    return np.sign(micro) * ((np.abs(micro) + 5000) // 10000)


# ----------------------------------------------------------------------------------- loading


def read_config(path: Path) -> pd.DataFrame:
    """A small config table (pandas has no Parquet engine here without pyarrow)."""
    connection = duckdb.connect()
    try:
        return connection.execute(f"select * from '{path}'").df()
    finally:
        connection.close()


def read_table(raw: Path, table: str, columns: dict[str, str]) -> pd.DataFrame:
    """Column by column; 'category' columns are converted as soon as they arrive."""
    connection = duckdb.connect(str(raw), read_only=True)
    try:
        frame = pd.DataFrame()
        for column, kind in columns.items():
            values = connection.execute(f"select {column} from raw.{table}").df()[column]
            frame[column] = values.astype("category") if kind == "category" else values
        return frame
    finally:
        connection.close()


def _clean(series: pd.Series, how: str) -> pd.Series:
    """nullif(<lower/upper>(trim(x)), ''), on categories (cheap: the distinct values only)."""
    series = series.astype("category")

    def fix(v: str) -> str | None:
        v = v.strip(" ")
        v = v.lower() if how == "lower" else v.upper() if how == "upper" else v
        return v if v != "" else None

    return series.map({c: fix(c) for c in series.cat.categories}).astype("category")


# ----------------------------------------------------------------------------------- scoring


def score(raw: Path, config: Path, out: Path, score_date: str) -> None:
    sd = np.datetime64(score_date, "D")
    rules = read_config(config / "scoring_rules.parquet")
    rules = rules[rules.is_active & rules.is_model_active].reset_index(drop=True)
    models = read_config(config / "scoring_models.parquet")
    models = models[models.is_active].reset_index(drop=True)
    thresholds = read_config(config / "score_thresholds.parquet")
    bands = read_config(config / "fit_grade_bands.parquet")
    sources = read_config(config / "lead_sources.parquet")
    domains = read_config(config / "email_domains.parquet")
    patterns = read_config(config / "title_seniority_patterns.parquet").sort_values("match_order")
    known_types = set(read_config(config / "event_types.parquet").event_type)

    # Accounts.
    accounts = read_table(
        raw,
        "accounts",
        {
            "account_id": "object",
            "name": "object",
            "domain": "object",
            "industry": "category",
            "employee_count": "object",
            "annual_revenue": "object",
            "country": "category",
        },
    )
    accounts["account_name"] = accounts.pop("name").str.strip(" ").replace("", None)
    accounts["account_domain"] = accounts.pop("domain").str.strip(" ").str.lower().replace("", None)
    accounts["industry"] = _clean(accounts["industry"], "lower")
    accounts["country"] = _clean(accounts["country"], "upper")
    employees = pd.to_numeric(accounts["employee_count"]).astype("Float64")
    accounts["employee_count"] = employees.where(employees >= 0)
    revenue = pd.to_numeric(accounts["annual_revenue"]).astype("Float64")
    accounts["annual_revenue"] = revenue.where(revenue >= 0)
    competitor_domains = set(domains.email_domain[domains.domain_type == "competitor"])
    free_domains = set(domains.email_domain[domains.domain_type == "free_email"])
    accounts["is_competitor_account"] = accounts["account_domain"].isin(competitor_domains)

    # Leads.
    leads = read_table(
        raw,
        "leads",
        {
            "lead_id": "object",
            "account_id": "object",
            "email": "object",
            "job_title": "category",
            "lead_source": "category",
            "product_interest": "category",
            "created_at": "object",
            "unsubscribed_at": "object",
        },
    )
    all_lead_ids = pd.Index(leads["lead_id"].dropna().unique())
    lead_created = leads.set_index("lead_id")["created_at"]
    leads = leads[leads["created_at"].to_numpy(dtype="datetime64[D]") <= sd].reset_index(drop=True)
    email = leads["email"].str.strip(" ").str.lower().replace("", None)
    valid = (
        email.str.match(r"^.+@.+\..+$", na=False)
        & ~email.str.contains("@.*@", regex=True, na=False)
        & ~email.str.contains(" ", regex=False, na=False)
    )
    leads["has_valid_email"] = valid.to_numpy(dtype=bool)
    leads["email_domain"] = email.str.split("@").str[1].where(leads["has_valid_email"])
    leads["job_title"] = _clean(leads["job_title"], "keep")
    leads["lead_source"] = _clean(leads["lead_source"], "lower")
    leads["product_interest"] = _clean(leads["product_interest"], "lower")

    titles = pd.Series(leads["job_title"].cat.categories, dtype=object)
    normalized = titles.str.strip(" ").str.lower()
    for character in TITLE_PUNCTUATION:
        normalized = normalized.str.replace(character, " ", regex=False)
    normalized = " " + normalized + " "
    seniority_of = {}
    compiled_patterns = [
        (_like_regex(p), s) for p, s in zip(patterns.title_pattern, patterns.seniority, strict=True)
    ]
    for title, norm in zip(titles, normalized, strict=True):
        seniority_of[title] = next((s for rx, s in compiled_patterns if rx.match(norm)), "other")
    placeholder = set(PLACEHOLDER_TITLES)
    seniority = (
        leads["job_title"]
        .astype(object)
        .map(
            lambda t: (
                "unknown" if t is None or t != t or t.lower() in placeholder else seniority_of[t]
            )
        )
    )
    leads["seniority"] = seniority.astype("category")
    direction = dict(zip(sources.lead_source, sources.direction, strict=True))
    leads["lead_direction"] = (
        leads["lead_source"].astype(object).map(direction).fillna("unknown").astype("category")
    )
    leads["is_free_email_domain"] = leads["email_domain"].isin(free_domains).to_numpy(dtype=bool)
    leads["is_competitor_domain"] = (
        leads["email_domain"].isin(competitor_domains).to_numpy(dtype=bool)
    )

    # Events: scoreable ones (known lead and type, first copy of each event_id) up to score_date.
    events = read_table(
        raw,
        "events",
        {
            "event_id": "object",
            "lead_id": "category",
            "event_type": "category",
            "occurred_at": "object",
            "page_path": "category",
            "asset_name": "category",
            "campaign_id": "category",
        },
    )
    events["event_type"] = _clean(events["event_type"], "lower")
    events["page_path"] = _clean(events["page_path"], "lower")
    events["asset_name"] = _clean(events["asset_name"], "keep")
    events["campaign_id"] = _clean(events["campaign_id"], "keep")
    repeated = events["event_id"].duplicated(keep=False) & events["event_id"].notna()
    first_copy = np.ones(len(events), dtype=bool)
    if repeated.any():
        copies = events.loc[repeated, ["event_id", "occurred_at", "lead_id", "event_type"]].copy()
        copies["lead_id"] = copies["lead_id"].astype(object)
        copies["event_type"] = copies["event_type"].astype(object)
        copies = copies.sort_values(["occurred_at", "lead_id", "event_type"], na_position="last")
        later = copies.index[copies["event_id"].duplicated(keep="first")]
        first_copy[later] = False
    events = events[first_copy]
    del first_copy, repeated
    event_day = events["occurred_at"].to_numpy(dtype="datetime64[D]")
    created_day = events["lead_id"].astype(object).map(lead_created).to_numpy(dtype="datetime64[D]")
    keep = (
        events["event_id"].notna().to_numpy()
        & events["lead_id"].isin(all_lead_ids).to_numpy()
        & events["event_type"].isin(known_types).to_numpy()
        & ~np.isnat(event_day)
        & (event_day <= sd)
        & (created_day <= sd)
    )
    events = events[keep].drop(columns=["event_id"])
    del event_day, created_day, keep

    unsubscribed = set(events.loc[events["event_type"] == "unsubscribe", "lead_id"].astype(object))
    leads["is_unsubscribed"] = (
        leads["unsubscribed_at"].to_numpy(dtype="datetime64[D]") <= sd
    ) | leads["lead_id"].isin(unsubscribed).to_numpy()
    account_columns = [
        "account_id",
        "account_name",
        "account_domain",
        "industry",
        "employee_count",
        "annual_revenue",
        "country",
        "is_competitor_account",
    ]
    leads = leads.merge(accounts[account_columns], on="account_id", how="left", suffixes=("", "_a"))
    leads["is_competitor_account"] = leads["is_competitor_account"].fillna(False).astype(bool)
    lead_ids = leads["lead_id"].to_numpy()

    # Event rules: every match, ranked by recency within lead x rule, weighted and summed.
    weights = models.set_index("model_id")
    lead_categories = events["lead_id"].cat.categories
    direction_of = leads.set_index("lead_id")["lead_direction"].astype(object)
    category_direction = pd.Series(lead_categories).map(direction_of).to_numpy()
    event_rules = rules[rules.subject == "event"]
    by_type = {
        event_type: events[(events["event_type"] == event_type).to_numpy()]
        for event_type in event_rules.event_type.unique()
    }
    del events
    event_parts = []
    for rule in event_rules.itertuples():
        of_type = by_type[rule.event_type]
        mask = condition_mask(rule.condition_sql, of_type)
        codes = of_type["lead_id"].cat.codes.to_numpy()[mask]
        occurred = of_type["occurred_at"].to_numpy(dtype="datetime64[us]")[mask]
        if len(codes) == 0:
            continue
        order = np.lexsort((-occurred.astype(np.int64), codes))  # by lead, newest first
        codes, occurred = codes[order], occurred[order]
        rank = pd.Series(codes).groupby(codes, sort=False).cumcount().to_numpy()  # 0 = newest
        age = (sd - occurred.astype("datetime64[D]")).astype(np.int64)
        repeat = rule.repeat_multiplier ** rank.astype(np.float64)
        if not pd.isna(rule.max_occurrences):
            repeat = np.where(rank < rule.max_occurrences, repeat, 0.0)
        if rule.decay_method == "exponential":
            decay = 0.5 ** (age / rule.decay_days)
        elif rule.decay_method == "linear":
            decay = np.maximum(0, 1 - age / rule.decay_days)
        elif rule.decay_method == "step":
            decay = rule.decay_step_multiplier ** np.floor(age / rule.decay_days)
        elif rule.decay_method == "window":
            decay = (age < rule.decay_days).astype(np.float64)
        else:
            decay = np.ones(len(age))
        weight = np.ones(len(codes))
        if rule.category == "engagement":
            model = weights.loc[rule.model_id]
            direction = category_direction[codes]
            weight = np.where(
                direction == "inbound",
                model.inbound_engagement_weight,
                np.where(direction == "outbound", model.outbound_engagement_weight, 1.0),
            )
        decayed = pd.Series(rule.points * repeat * decay * weight).groupby(codes).sum()
        values = decayed.to_numpy()
        if pd.isna(rule.rule_cap):
            capped = values
        elif rule.points > 0:
            capped = np.minimum(values, rule.rule_cap)
        else:
            capped = np.maximum(values, rule.rule_cap)
        event_parts.append(
            pd.DataFrame(
                {
                    "lead_id": lead_categories[decayed.index.to_numpy()].to_numpy(dtype=object),
                    "model_id": rule.model_id,
                    "rule_id": rule.rule_id,
                    "category": rule.category,
                    "rule_points": cents(capped),
                }
            )
        )

    # Lead and account rules on the lead (with its account's firmographics).
    attribute_parts = []
    for rule in rules[rules.subject.isin(["lead", "account"])].itertuples():
        mask = condition_mask(rule.condition_sql, leads)
        attribute_parts.append(
            pd.DataFrame(
                {
                    "lead_id": lead_ids[mask],
                    "model_id": rule.model_id,
                    "rule_id": rule.rule_id,
                    "category": rule.category,
                    "rule_points": int(cents([rule.points])[0]),
                }
            )
        )
    rule_points = pd.concat(event_parts + attribute_parts, ignore_index=True)
    rule_points["rule_points"] = rule_points["rule_points"].astype(np.int64)

    # Category caps, biggest rule first; negatives within the floor and the positive points.
    caps = models.set_index("model_id")
    positive = rule_points[rule_points.category.isin(["fit", "engagement"])].sort_values(
        ["lead_id", "model_id", "category", "rule_points", "rule_id"],
        ascending=[True, True, True, False, True],
    )
    running = positive.groupby(["lead_id", "model_id", "category"], sort=False)[
        "rule_points"
    ].cumsum()
    cap = np.where(
        positive["category"] == "fit",
        cents(positive["model_id"].map(caps.fit_cap)),
        cents(positive["model_id"].map(caps.engagement_cap)),
    )
    positive = positive.assign(
        contributed_points=np.maximum(
            0, np.minimum(positive["rule_points"], cap - (running - positive["rule_points"]))
        )
    )
    positive_totals = positive.groupby(["lead_id", "model_id"])["contributed_points"].sum()
    negative = rule_points[rule_points.category == "negative"].sort_values(
        ["lead_id", "model_id", "rule_points", "rule_id"]
    )
    running = negative.groupby(["lead_id", "model_id"], sort=False)["rule_points"].cumsum()
    floor = cents(negative["model_id"].map(caps.negative_floor))
    available = (
        negative[["lead_id", "model_id"]]
        .merge(positive_totals.rename("available").reset_index(), how="left")["available"]
        .fillna(0)
        .to_numpy(dtype=np.int64)
    )
    budget = np.maximum(floor, -available)
    negative = negative.assign(
        contributed_points=np.minimum(
            0, np.maximum(negative["rule_points"], budget - (running - negative["rule_points"]))
        )
    )
    explanations = pd.concat([positive, negative], ignore_index=True)

    # Lead x model: assignment, totals, grade, stage.
    assignment_parts = []
    for model in models.itertuples():
        matches = (
            condition_mask(model.assignment_condition_sql, leads)
            if model.assignment_condition_sql
            else np.zeros(len(leads), dtype=bool)
        )
        assignment_parts.append(
            pd.DataFrame(
                {
                    "lead_id": lead_ids,
                    "account_id": leads["account_id"].to_numpy(),
                    "model_id": model.model_id,
                    "priority": model.assignment_priority,
                    "matches": matches,
                }
            )
        )
    lead_models = pd.concat(assignment_parts, ignore_index=True).sort_values(
        ["lead_id", "matches", "priority", "model_id"], ascending=[True, False, True, True]
    )
    first = ~lead_models.duplicated("lead_id")
    lead_models["is_primary_model"] = (first & lead_models["matches"]).to_numpy()
    by_category = (
        explanations.pivot_table(
            index=["lead_id", "model_id"],
            columns="category",
            values="contributed_points",
            aggfunc="sum",
            fill_value=0,
        )
        .reindex(columns=["fit", "engagement", "negative"], fill_value=0)
        .reset_index()
    )
    scores = lead_models.merge(by_category, on=["lead_id", "model_id"], how="left")
    for column in ("fit", "engagement", "negative"):
        scores[column] = scores[column].fillna(0).astype(np.int64)
    scores["total"] = scores["fit"] + scores["engagement"] + scores["negative"]

    def highest(values: pd.DataFrame, table: pd.DataFrame, key: str, label: str) -> pd.Series:
        table = table.assign(threshold=cents(table[key])).sort_values("threshold")
        out = pd.Series(None, index=values.index, dtype=object)
        for row in table.itertuples():
            reached = (values["model_id"] == row.model_id) & (values["score"] >= row.threshold)
            out[reached.to_numpy()] = getattr(row, label)
        return out

    scores["fit_grade"] = highest(
        scores.assign(score=scores["fit"]), bands, "min_fit_score", "fit_grade"
    )
    scores["lead_stage"] = highest(
        scores.assign(score=scores["total"]), thresholds, "min_total_score", "stage"
    ).fillna("none")

    # Accounts: account rules on the account, engagement of the top contacts.
    account_parts = []
    for rule in rules[rules.subject == "account"].itertuples():
        mask = condition_mask(rule.condition_sql, accounts)
        account_parts.append(
            pd.DataFrame(
                {
                    "account_id": accounts["account_id"].to_numpy()[mask],
                    "model_id": rule.model_id,
                    "fit": rule.points if rule.category == "fit" else 0.0,
                    "negative": rule.points if rule.category == "negative" else 0.0,
                }
            )
        )
    account_rules = (
        pd.concat(account_parts, ignore_index=True).groupby(["account_id", "model_id"]).sum()
        if account_parts
        else pd.DataFrame(columns=["fit", "negative"])
    )
    contacts = scores[scores["account_id"].notna()].sort_values(
        ["account_id", "model_id", "engagement", "lead_id"], ascending=[True, True, False, True]
    )
    contacts["rank"] = contacts.groupby(["account_id", "model_id"], sort=False).cumcount()
    contacts["is_engaged"] = contacts["engagement"] >= ENGAGED_CONTACT_MIN * 100
    engagement = contacts.groupby(["account_id", "model_id"]).agg(engaged=("is_engaged", "sum"))
    top = (
        contacts[contacts["rank"] < ACCOUNT_TOP_CONTACTS]
        .groupby(["account_id", "model_id"])["engagement"]
        .sum()
    )
    engagement["top"] = top.reindex(engagement.index, fill_value=0) / 100 / ACCOUNT_TOP_CONTACTS
    grid = pd.MultiIndex.from_product(
        [accounts["account_id"], models["model_id"]], names=["account_id", "model_id"]
    )
    account_scores = pd.DataFrame(index=grid).join(account_rules).join(engagement)
    model_of = account_scores.index.get_level_values("model_id")
    account_scores["account_fit_score"] = cents(
        np.minimum(model_of.map(caps.fit_cap), account_scores["fit"].fillna(0))
    )
    account_scores["account_engagement_score"] = cents(
        np.minimum(model_of.map(caps.engagement_cap), account_scores["top"].fillna(0))
    )
    account_scores["account_negative_points"] = cents(
        np.maximum(model_of.map(caps.negative_floor), account_scores["negative"].fillna(0))
    )
    account_scores["account_score"] = np.maximum(
        0,
        account_scores["account_fit_score"]
        + account_scores["account_engagement_score"]
        + account_scores["account_negative_points"],
    )
    account_scores["engaged_contact_count"] = account_scores["engaged"].fillna(0).astype(np.int64)
    account_scores = account_scores.reset_index()
    scores = scores.merge(
        account_scores[["account_id", "model_id", "account_score"]],
        on=["account_id", "model_id"],
        how="left",
    )
    scores["account_score"] = scores["account_score"].astype("Int64")

    out.mkdir(parents=True, exist_ok=True)
    write = duckdb.connect()
    try:
        dec = "cast(cast({0} as decimal(18, 0)) / 100 as decimal(12, 2))"
        lead_scores = scores[  # noqa: F841 (read by DuckDB below)
            [
                *("lead_id", "model_id", "is_primary_model", "fit", "engagement", "negative"),
                *("total", "fit_grade", "lead_stage", "account_score"),
            ]
        ]
        write.execute(
            f"""copy (select lead_id, model_id, is_primary_model,
                {dec.format("fit")} as fit_score, {dec.format("engagement")} as engagement_score,
                {dec.format("negative")} as negative_points, {dec.format("total")} as total_score,
                fit_grade, lead_stage, {dec.format("account_score")} as account_score
            from lead_scores) to '{out}/lead_scores.parquet' (format parquet)"""
        )
        explanation_rows = explanations[  # noqa: F841
            ["lead_id", "model_id", "rule_id", "rule_points", "contributed_points"]
        ]
        write.execute(
            f"""copy (select lead_id, model_id, rule_id, {dec.format("rule_points")} as rule_points,
                {dec.format("contributed_points")} as contributed_points
            from explanation_rows) to '{out}/lead_score_explanations.parquet' (format parquet)"""
        )
        account_rows = account_scores  # noqa: F841
        write.execute(
            f"""copy (select account_id, model_id,
                {dec.format("account_fit_score")} as account_fit_score,
                {dec.format("account_engagement_score")} as account_engagement_score,
                {dec.format("account_negative_points")} as account_negative_points,
                {dec.format("account_score")} as account_score, engaged_contact_count
            from account_rows) to '{out}/account_scores.parquet' (format parquet)"""
        )
    finally:
        write.close()


def main(argv: list[str]) -> int:
    started = time.perf_counter()
    score(Path(argv[0]), Path(argv[1]), Path(argv[2]), argv[3])
    print(f"pandas: {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
