"""The validated scoring configuration, exported from a dbt-built warehouse for the benchmark.

The hand-written DuckDB script and the pandas implementation do not re-implement the rule
validator: they read the rules, models, thresholds and grade bands that dbt validated
(int_scoring_rules, int_scoring_models, ...) plus the plain seeds, so they score every active
model in seeds/ (today `default` and `automation`) with the same compiled conditions.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import yaml

CONFIG_TABLES = {
    "scoring_rules": "main_intermediate.int_scoring_rules",
    "scoring_models": "main_intermediate.int_scoring_models",
    "score_thresholds": "main_intermediate.int_score_thresholds",
    "fit_grade_bands": "main_intermediate.int_fit_grade_bands",
    "lead_sources": "main_scoring_config.lead_sources",
    "email_domains": "main_scoring_config.email_domains",
    "title_seniority_patterns": "main_scoring_config.title_seniority_patterns",
    "event_types": "main_scoring_config.event_types",
}

PROJECT_VARS = yaml.safe_load(
    (Path(__file__).resolve().parent.parent / "dbt_project.yml").read_text()
)["vars"]
# The dbt_project.yml vars the scoring uses (the benchmark does not override them).
PLACEHOLDER_TITLES = tuple(PROJECT_VARS["leadscore_placeholder_titles"])
ACCOUNT_TOP_CONTACTS = int(PROJECT_VARS["account_engagement_top_contacts"])
ENGAGED_CONTACT_MIN = float(PROJECT_VARS["engaged_contact_min_engagement_score"])
# As macros/cross_db/normalized_title.sql.
TITLE_PUNCTUATION = (",", ".", "-", "/", "&", "(", ")", "|", ":", ";")


def export_config(dbt_warehouse: Path, directory: Path) -> None:
    """Write the config tables as Parquet files (types kept) into ``directory``."""
    directory.mkdir(parents=True, exist_ok=True)
    connection = duckdb.connect(str(dbt_warehouse), read_only=True)
    try:
        for name, relation in CONFIG_TABLES.items():
            connection.execute(
                f"copy (select * from {relation}) to '{directory / name}.parquet' (format parquet)"
            )
    finally:
        connection.close()
