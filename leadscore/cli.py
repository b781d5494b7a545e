"""`leadscore`: generate a demo warehouse, score it with dbt, and summarize the result."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from leadscore import generate as generator
from leadscore import rules
from leadscore.dbt import DbtError, run_dbt
from leadscore.paths import duckdb_path
from leadscore.summary import format_summary
from leadscore.warehouse_lock import WarehouseBusyError, ensure_not_busy


def _add_score_date(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--score-date",
        help="score as of this day, YYYY-MM-DD (default: today); later events are ignored",
    )


def _build(score_date: str | None) -> None:
    # The rule seeds are checked before dbt starts, so a bad rule changes no table at all.
    report = rules.check_rules()
    report.raise_for_errors()
    for warning in report.warnings:
        print(warning, file=sys.stderr)
    if os.environ.get("LEADSCORE_TARGET", "duckdb") == "duckdb":
        ensure_not_busy(duckdb_path())
    run_dbt(["build"], score_date=score_date)


def _command_generate(args: argparse.Namespace) -> int:
    summary = generator.generate(generator.config_from_args(args))
    print(summary.format())
    return 0


def _command_build(args: argparse.Namespace) -> int:
    _build(args.score_date)
    return 0


def _command_rules_check(args: argparse.Namespace) -> int:
    report = rules.check_rules(args.seeds_dir)
    print(report.format())
    return 0 if report.ok else 1


def _command_summary(args: argparse.Namespace) -> int:
    print(format_summary(duckdb_path()))
    return 0


def _command_demo(args: argparse.Namespace) -> int:
    config = generator.config_from_args(args)
    print(f"Generating a demo warehouse in {config.database} ...")
    print(generator.generate(config).format())
    print("Scoring it with dbt build ...")
    _build(args.score_date or config.end_date.isoformat())
    print()
    print(format_summary(config.database))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="leadscore",
        description="Warehouse-native lead and account scoring (dbt + DuckDB).",
    )
    commands = parser.add_subparsers(dest="command", required=True)

    generate_parser = commands.add_parser(
        "generate", help="write a realistic demo warehouse (raw tables) into DuckDB"
    )
    generator.add_arguments(generate_parser)
    generate_parser.set_defaults(handler=_command_generate)

    build_parser_ = commands.add_parser("build", help="validate the rule seeds and run dbt build")
    _add_score_date(build_parser_)
    build_parser_.set_defaults(handler=_command_build)

    rules_parser = commands.add_parser("rules", help="work with the rule seeds")
    rules_commands = rules_parser.add_subparsers(dest="rules_command", required=True)
    check_parser = rules_commands.add_parser(
        "check",
        help="validate the rule seeds without touching the warehouse; list every problem",
    )
    check_parser.add_argument(
        "--seeds-dir",
        type=Path,
        default=None,
        help="folder with the scoring seed CSVs (default: the project's seeds/)",
    )
    check_parser.set_defaults(handler=_command_rules_check)

    summary_parser = commands.add_parser("summary", help="print the published scores in brief")
    summary_parser.set_defaults(handler=_command_summary)

    demo_parser = commands.add_parser(
        "demo", help="generate the demo warehouse, score it and print a summary"
    )
    generator.add_arguments(demo_parser)
    _add_score_date(demo_parser)
    demo_parser.set_defaults(handler=_command_demo)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.handler(args))
    except (DbtError, rules.RulesError, WarehouseBusyError) as error:
        print(f"leadscore: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
