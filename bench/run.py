"""Benchmark: dbt against the hand-written DuckDB script and plain pandas, plus a daily run.

    .venv/bin/python bench/run.py --leads 100000 1000000     (or: make bench)

For each size it generates a warehouse with the project's generator (about 50 events a lead,
cached in bench/work/), then measures on the same data, one after another, wall time and peak
memory (maximum resident set size, from /usr/bin/time -v, of the process doing the work) of:

1. a full `dbt build` of the scoring models (the three marts and everything upstream, seeds and
   the publish hook included; data tests excluded, as the other two do not test), with dbt's
   fixed start-up (a warm `dbt parse`) reported separately;
2. the same scoring as one hand-written DuckDB SQL script (bench/handwritten.py);
3. the same scoring in plain pandas (bench/pandas_scoring.py);
4. a daily incremental `dbt build` that only adds the last day of events to a warehouse scored
   the day before, against the full refresh of 1;
5. the whole daily run as users run it, `dbt build` of everything (data tests, quality marts
   and the publish included), on that warehouse the next day with one more day of events.

All of them must give dbt's scores exactly (bench/check.py) before any figure is printed.
Results go to bench/work/results-<leads>.json; bench/RESULTS.md records them.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import duckdb

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(BENCH))

from check import assert_identical, assert_same_marts  # noqa: E402
from scoring_config import export_config  # noqa: E402

from leadscore.dbt import dbt_environment, dbt_executable  # noqa: E402
from leadscore.demo import GeneratorConfig, generate  # noqa: E402

END_DATE = datetime.date(2026, 11, 22)
SEED = 42
SCORING_SELECTION = ["--select", "+lead_scores", "+lead_score_explanations", "+account_scores"]
NO_TESTS = ["--exclude-resource-type", "test", "--exclude-resource-type", "unit_test"]
PYTHON = sys.executable


def load() -> str:
    return Path("/proc/loadavg").read_text().split(" ")[0]


def timed(command: list[str], env: dict[str, str] | None = None, label: str = "") -> dict:
    """Run command under /usr/bin/time -v: wall seconds, peak RSS (GiB), load before and after."""
    print(f"  running: {label}", flush=True)
    before = load()
    started = time.perf_counter()
    completed = subprocess.run(
        ["/usr/bin/time", "-v", *command],
        cwd=ROOT,
        env=env,
        text=True,
        capture_output=True,
        check=False,
    )
    wall = time.perf_counter() - started
    if completed.returncode != 0:
        sys.stderr.write(completed.stdout[-5000:] + completed.stderr[-5000:])
        raise SystemExit(f"{label or command[0]} failed (exit {completed.returncode})")
    rss_kib = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", completed.stderr)[1])
    result = {
        "seconds": round(wall, 2),
        "peak_gib": round(rss_kib / 1024**2, 2),
        "load_before": before,
        "load_after": load(),
    }
    result["label"] = label
    return result


def dbt_command(args: list[str], score_date: str) -> list[str]:
    return [dbt_executable(), *args, "--vars", json.dumps({"score_date": score_date})]


def node_seconds(artifacts: Path) -> dict[str, float]:
    results = json.loads((artifacts / "target" / "run_results.json").read_text())["results"]
    return {r["unique_id"].split(".")[-1]: r["execution_time"] for r in results}


def generated(leads: int, work: Path) -> Path:
    raw = work / f"raw-{leads}.duckdb"
    if raw.exists():
        print(f"  using {raw.name} (generated earlier)")
        return raw
    started = time.perf_counter()
    partial = raw.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    summary = generate(GeneratorConfig(leads=leads, seed=SEED, end_date=END_DATE, database=partial))
    partial.rename(raw)
    print(
        f"  generated {summary.leads:,} leads, {summary.events:,} events in "
        f"{time.perf_counter() - started:.0f} s"
    )
    return raw


def bench_size(leads: int, work: Path, run_pandas: bool) -> dict:
    print(f"\n== {leads:,} leads ==", flush=True)
    raw = generated(leads, work)
    connection = duckdb.connect(str(raw), read_only=True)
    events = connection.execute("select count(*) from raw.events").fetchall()[0][0]
    connection.close()
    score_date = END_DATE.isoformat()
    day_before = (END_DATE - datetime.timedelta(days=1)).isoformat()
    result: dict = {"leads": leads, "events": events, "score_date": score_date}

    # 1. dbt: start-up, then the full build on a fresh copy of the raw warehouse.
    full_db = work / f"dbt-{leads}.duckdb"
    shutil.copy(raw, full_db)
    artifacts = work / f"dbt-{leads}"
    shutil.rmtree(artifacts, ignore_errors=True)
    env = dbt_environment(full_db, "duckdb", artifacts)
    subprocess.run(
        dbt_command(["parse"], score_date), cwd=ROOT, env=env, check=True, capture_output=True
    )
    result["dbt_startup"] = timed(
        dbt_command(["parse"], score_date), env, "dbt start-up (warm parse)"
    )
    result["dbt_full"] = timed(
        dbt_command(["build", "--full-refresh", *SCORING_SELECTION, *NO_TESTS], score_date),
        env,
        "dbt build (full refresh)",
    )
    full_nodes = node_seconds(artifacts)
    config = work / f"config-{leads}"
    export_config(full_db, config)

    # 2. The hand-written DuckDB script.
    hand_db = work / f"handwritten-{leads}.duckdb"
    result["handwritten"] = timed(
        [PYTHON, str(BENCH / "handwritten.py"), str(raw), str(config), str(hand_db), score_date],
        None,
        "hand-written DuckDB SQL",
    )
    # 3. pandas.
    if run_pandas:
        pandas_out = work / f"pandas-{leads}"
        shutil.rmtree(pandas_out, ignore_errors=True)
        result["pandas"] = timed(
            [
                PYTHON,
                str(BENCH / "pandas_scoring.py"),
                str(raw),
                str(config),
                str(pandas_out),
                score_date,
            ],
            None,
            "pandas",
        )

    # 4. Daily incremental run: the warehouse scored the day before, then one day of events.
    inc_db = work / f"incremental-{leads}.duckdb"
    shutil.copy(raw, inc_db)
    day = f"cast(occurred_at as date) = date '{score_date}'"
    connection = duckdb.connect(str(inc_db))
    connection.execute(f"create table raw.events_last_day as select * from raw.events where {day}")
    day_events = connection.execute("select count(*) from raw.events_last_day").fetchall()[0][0]
    connection.execute(f"delete from raw.events where {day}")
    connection.close()
    inc_artifacts = work / f"incremental-{leads}"
    shutil.rmtree(inc_artifacts, ignore_errors=True)
    inc_env = dbt_environment(inc_db, "duckdb", inc_artifacts)
    result["dbt_day_before"] = timed(
        dbt_command(["build", "--full-refresh", *SCORING_SELECTION, *NO_TESTS], day_before),
        inc_env,
        "dbt build, day before (full)",
    )
    day_before_nodes = node_seconds(inc_artifacts)
    connection = duckdb.connect(str(inc_db))
    connection.execute("insert into raw.events select * from raw.events_last_day")
    connection.execute("drop table raw.events_last_day")
    connection.close()
    result["day_events"] = day_events
    result["dbt_incremental"] = timed(
        dbt_command(["build", *SCORING_SELECTION, *NO_TESTS], score_date),
        inc_env,
        f"dbt build, +1 day ({day_events:,} events)",
    )
    inc_nodes = node_seconds(inc_artifacts)

    # 5. The daily run as users run it: everything, tests and publish included, one day later.
    next_day = (END_DATE + datetime.timedelta(days=1)).isoformat()
    connection = duckdb.connect(str(inc_db))
    connection.execute(
        "insert into raw.events select concat(event_id, '-next'), lead_id, event_type, "
        "occurred_at + interval 1 day, page_path, asset_name, campaign_id "
        f"from raw.events where {day}"
    )
    connection.close()
    result["dbt_daily_everything"] = timed(
        dbt_command(["build"], next_day),
        inc_env,
        "dbt build, everything (tests, publish), +1 day",
    )
    result["node_seconds_daily_everything"] = node_seconds(inc_artifacts)

    # Identical scores, checked before any figure is reported.
    print("  checking scores ...", flush=True)
    assert_identical(full_db, str(hand_db), "duckdb", "hand-written SQL")
    if run_pandas:
        assert_identical(full_db, str(work / f"pandas-{leads}"), "parquet", "pandas")
    assert_same_marts(inc_db, full_db, "incremental run = full refresh")

    engagement = ["int_events_loaded", "int_lead_rule_daily_matches"]
    result["node_seconds"] = {
        "full": full_nodes,
        "day_before": day_before_nodes,
        "incremental": inc_nodes,
    }
    result["engagement_models_seconds"] = {
        "full": round(sum(full_nodes[n] for n in engagement), 2),
        "day_before": round(sum(day_before_nodes[n] for n in engagement), 2),
        "incremental": round(sum(inc_nodes[n] for n in engagement), 2),
    }
    result["model_seconds"] = {
        "full": round(sum(full_nodes.values()), 2),
        "incremental": round(sum(inc_nodes.values()), 2),
    }
    return result


def ratios(result: dict) -> dict[str, float]:
    dbt, hand = result["dbt_full"], result["handwritten"]
    out = {
        "dbt / hand-written (time)": dbt["seconds"] / hand["seconds"],
        "dbt / hand-written (peak memory)": dbt["peak_gib"] / hand["peak_gib"],
        "dbt start-up / dbt build": result["dbt_startup"]["seconds"] / dbt["seconds"],
        "incremental / full refresh (wall, start-up included)": (
            result["dbt_incremental"]["seconds"] / dbt["seconds"]
        ),
        "incremental / full refresh (model time)": (
            result["model_seconds"]["incremental"] / result["model_seconds"]["full"]
        ),
        # Against the faster of the run's two full refreshes (the same work, a day apart):
        # on this VM they differ by 10-20%, and a ratio near its target must not pass on noise.
        "incremental / full refresh (engagement models)": (
            result["engagement_models_seconds"]["incremental"]
            / min(
                result["engagement_models_seconds"]["full"],
                result["engagement_models_seconds"]["day_before"],
            )
        ),
    }
    if "pandas" in result:
        out["pandas / dbt (time)"] = result["pandas"]["seconds"] / dbt["seconds"]
        out["dbt / pandas (peak memory)"] = dbt["peak_gib"] / result["pandas"]["peak_gib"]
    return {k: round(v, 3) for k, v in out.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--leads", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--work", type=Path, default=BENCH / "work")
    parser.add_argument("--no-pandas", action="store_true", help="skip the pandas run")
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    machine = {
        "date": datetime.date.today().isoformat(),
        "nproc": os.cpu_count(),
        "memory": subprocess.run(["free", "-h"], capture_output=True, text=True).stdout,
        "uptime": subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip(),
        "python": platform.python_version(),
        "duckdb": duckdb.__version__,
    }
    print(f"machine: {machine['nproc']} cores; {machine['uptime']}")
    for leads in args.leads:
        result = bench_size(leads, args.work, not args.no_pandas)
        result["machine"] = machine
        result["ratios"] = ratios(result)
        print(f"\n  figures at {leads:,} leads, {result['events']:,} events (scores checked):")
        for value in result.values():
            if isinstance(value, dict) and "peak_gib" in value:
                print(
                    f"    {value['label']:<40} {value['seconds']:>8.1f} s {value['peak_gib']:>6.2f}"
                    f" GiB   (load {value['load_before']} -> {value['load_after']})"
                )
        print(f"  ratios at {leads:,} leads:")
        for name, value in result["ratios"].items():
            print(f"    {name:<52} {value:>7.3f}")
        (args.work / f"results-{leads}.json").write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
