"""The dbt asset checks and compiles the rule seeds before dbt, as `leadscore build` does.

dbt itself is replaced by a recorder here: the point is whether it is started at all.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import dagster as dg
import pytest
from dagster_dbt import DbtCliResource

from leadscore import rules

DAY = "2026-06-30"


class _NoEvents:
    def stream(self):
        return iter(())


@pytest.fixture
def dbt_calls(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    calls: list[list[str]] = []

    def record(self, args, **_):
        calls.append(list(args))
        return _NoEvents()

    monkeypatch.setattr(DbtCliResource, "cli", record)
    return calls


def _materialize_dbt(definitions: dg.Definitions) -> dg.ExecuteInProcessResult:
    from orchestration.assets import leadscore_dbt_assets

    return dg.materialize(
        [leadscore_dbt_assets],
        partition_key=DAY,
        resources={"dbt": definitions.resources["dbt"]},
        instance=dg.DagsterInstance.ephemeral(),
        raise_on_error=False,
    )


def _seeds_with_bad_points(tmp_path: Path) -> Path:
    seeds = tmp_path / "seeds"
    shutil.copytree(rules.default_seeds_dir(), seeds)
    path = seeds / "scoring_rules.csv"
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        fieldnames = reader.fieldnames
        rows = list(reader)
    for row in rows:
        if (row["model_id"], row["rule_id"]) == ("default", "eng_pricing_view"):
            row["points"] = "8x"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fieldnames)
        writer.writeheader()
        writer.writerows(rows)
    return seeds


def test_bad_rule_seeds_fail_the_dbt_asset_before_dbt_starts(
    definitions: dg.Definitions,
    dbt_calls: list[list[str]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seeds = _seeds_with_bad_points(tmp_path)
    monkeypatch.setattr(rules, "default_seeds_dir", lambda project_dir=None: seeds)

    result = _materialize_dbt(definitions)

    assert not result.success
    assert dbt_calls == [], "dbt must not start when the rule seeds have errors"
    (failure,) = result.get_step_failure_events()
    message = failure.step_failure_data.user_failure_data.description
    assert "the scoring seeds have 1 error(s); nothing was run" in message
    assert (
        "scoring_rules.csv: rule 'eng_pricing_view' (model 'default'): "
        "points must be a number, got '8x'"
    ) in message
    errors = failure.step_failure_data.user_failure_data.metadata["errors"].value
    assert len(errors) == 1 and "eng_pricing_view" in errors[0]


def test_good_rule_seeds_let_dbt_build_the_day(
    definitions: dg.Definitions, dbt_calls: list[list[str]]
) -> None:
    _materialize_dbt(definitions)
    assert dbt_calls == [["build", "--vars", f'{{"score_date": "{DAY}"}}']]
