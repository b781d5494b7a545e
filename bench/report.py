"""Markdown tables of the benchmark figures in bench/work/results-<leads>.json, with the targets.

    .venv/bin/python bench/report.py [--work bench/work]

Prints the tables that go into bench/RESULTS.md (which adds the reading of them): per size, the
wall time and peak memory of each run, and the ratios against the targets of issue 5 (at 1M
leads: dbt within 1.5x of the hand-written script, at least 3x faster than pandas with under
half its memory, under 4 GiB, and a one-day incremental run under 10% of a full refresh).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

BENCH = Path(__file__).resolve().parent

RUNS = [
    ("dbt_startup", "dbt start-up (warm `dbt parse`)"),
    ("dbt_full", "dbt build, full refresh (start-up included)"),
    ("handwritten", "hand-written DuckDB SQL script"),
    ("pandas", "plain pandas"),
    ("dbt_day_before", "dbt build, day before (full refresh)"),
    ("dbt_incremental", "dbt build, +1 day of events (incremental)"),
]

# name in results["ratios"], target, whether the value must stay below (True) or above it
TARGETS = [
    ("dbt / hand-written (time)", 1.5, True),
    ("pandas / dbt (time)", 3.0, False),
    ("dbt / pandas (peak memory)", 0.5, True),
    ("incremental / full refresh (engagement models)", 0.10, True),
    ("incremental / full refresh (wall, start-up included)", 0.10, True),
]


def verdict(value: float, target: float, below: bool) -> str:
    met = value <= target if below else value >= target
    return "met" if met else "**not met**"


TARGET_LEADS = 1_000_000  # the targets are stated at 1M leads / 50M events


def size_report(result: dict) -> str:
    judged = result["leads"] >= TARGET_LEADS
    lines = [
        f"### {result['leads']:,} leads, {result['events']:,} events "
        f"(score date {result['score_date']})",
        "",
        "| run | wall time | peak memory (RSS) | load before -> after |",
        "|---|---:|---:|---|",
    ]
    for key, label in RUNS:
        if key in result:
            run = result[key]
            if key == "dbt_incremental":
                label = f"{label}: {result['day_events']:,} events"
            lines.append(
                f"| {label} | {run['seconds']:.1f} s | {run['peak_gib']:.2f} GiB "
                f"| {run['load_before']} -> {run['load_after']} |"
            )
    engagement = result["engagement_models_seconds"]
    models = result["model_seconds"]
    lines += [
        "",
        f"Model time (sum of dbt node times): full {models['full']:.1f} s, incremental "
        f"{models['incremental']:.1f} s; of which the engagement models (`int_events_loaded`, "
        f"`int_lead_rule_daily_matches`, the ones that read event history): full "
        f"{engagement['full']:.1f} s (day before: {engagement['day_before']:.1f} s), "
        f"incremental {engagement['incremental']:.1f} s. The engagement ratio divides by the "
        "faster of the two full refreshes.",
        "",
        "| ratio | value | target | |",
        "|---|---:|---:|---|",
    ]
    targets = {name: (target, below) for name, target, below in TARGETS}
    for name, value in result["ratios"].items():
        if name in targets and judged:
            target, below = targets[name]
            sign = "<=" if below else ">="
            lines.append(
                f"| {name} | {value:.3f} | {sign} {target} | {verdict(value, target, below)} |"
            )
        else:
            lines.append(f"| {name} | {value:.3f} | | |")
    dbt_peak = result["dbt_full"]["peak_gib"]
    if judged:
        lines.append(
            f"| dbt peak memory (GiB) | {dbt_peak:.2f} | < 4 | {verdict(dbt_peak, 4.0, True)} |"
        )
    else:
        lines.append(f"| dbt peak memory (GiB) | {dbt_peak:.2f} | | |")
        lines += ["", f"(The targets are stated at {TARGET_LEADS:,} leads.)"]
    slowest = sorted(result["node_seconds"]["full"].items(), key=lambda item: -item[1])[:6]
    lines += [
        "",
        "Slowest nodes of the full build: "
        + ", ".join(f"`{name}` {seconds:.1f} s" for name, seconds in slowest)
        + ".",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--work", type=Path, default=BENCH / "work")
    args = parser.parse_args(argv)
    results = sorted(
        (json.loads(path.read_text()) for path in args.work.glob("results-*.json")),
        key=lambda result: result["leads"],
    )
    if not results:
        raise SystemExit(f"no results-*.json in {args.work}: run bench/run.py first")
    machine = results[-1]["machine"]
    print(
        f"Measured {machine['date']} on {machine['nproc']} cores, Python {machine['python']}, "
        f"DuckDB {machine['duckdb']}; `{machine['uptime']}` at the start.\n"
    )
    for result in results:
        print(size_report(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
