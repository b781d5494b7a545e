"""`leadscore`: generate a demo warehouse, score it with dbt, and summarize the result.

Every command acts on the dbt project it is run in (or `--project-dir`), as dbt does.
"""

from __future__ import annotations

import argparse
import datetime
import os
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import yaml

from leadscore import adapters, learning, rules
from leadscore import demo as generator
from leadscore import load as csv_load
from leadscore.backtest import BacktestError
from leadscore.backtest import backtest as run_backtest
from leadscore.dbt import DbtError, run_dbt
from leadscore.overlay import OverlayError
from leadscore.paths import ProjectNotFoundError, duckdb_path, find_project_dir
from leadscore.score_history import month_starts, replay_score_history
from leadscore.summary import format_summary
from leadscore.warehouse_lock import WarehouseBusyError, ensure_not_busy


def _iso_date(text: str) -> str:
    try:
        return datetime.date.fromisoformat(text).isoformat()
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, got {text!r}") from error


def _months(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(
            f"expected a whole number of months (0 or more), got {text!r}"
        )
    return int(text)


def _add_validation_months(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--validation-months",
        type=_months,
        default=learning.DEFAULT_VALIDATION_MONTHS,
        help="newest mature cohort months held out to judge the result (default "
        f"{learning.DEFAULT_VALIDATION_MONTHS})",
    )


def _add_score_date(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--score-date",
        type=_iso_date,
        help="score as of this day, YYYY-MM-DD (default: today); later events are ignored",
    )


def _vars_mapping(text: str) -> dict[str, object]:
    """`--vars` as dbt takes it: a YAML (or JSON) mapping."""
    try:
        parsed = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise argparse.ArgumentTypeError(f"--vars is not YAML: {error}") from error
    if not isinstance(parsed, dict):
        raise argparse.ArgumentTypeError(
            f"--vars must be a mapping such as '{{key: value}}', got {text!r}"
        )
    return parsed


def _compile_rules(project: Path, cli_vars: dict[str, object] | None = None) -> None:
    """Check the rule seeds and compile them for dbt; errors stop everything before dbt runs."""
    result = rules.compile_rules(project_dir=project, cli_vars=cli_vars)
    for warning in result.report.warnings:
        print(warning, file=sys.stderr)
    if result.changed:
        print(f"leadscore: compiled the rule seeds into {result.path.relative_to(project)}")


def _build(project: Path, score_date: str | None) -> None:
    # The rule seeds are compiled before dbt starts, so a bad rule changes no table at all.
    _compile_rules(project)
    if os.environ.get("LEADSCORE_TARGET", "duckdb") == "duckdb":
        ensure_not_busy(duckdb_path(project))
    run_dbt(["build"], score_date=score_date, project_dir=project)


def _add_vars(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--vars",
        type=_vars_mapping,
        default=None,
        help="the dbt --vars you run dbt with, if they change the rule language "
        "(e.g. '{leadscore_rule_condition_max_length: 800}')",
    )


def _generator_config(args: argparse.Namespace) -> generator.GeneratorConfig:
    config = generator.config_from_args(args)
    if args.database is None:
        config = replace(config, database=duckdb_path(args.project))
    return config


def _command_generate(args: argparse.Namespace) -> int:
    summary = generator.generate(_generator_config(args))
    print(summary.format())
    return 0


def _command_build(args: argparse.Namespace) -> int:
    _build(args.project, args.score_date)
    return 0


def _command_rules_check(args: argparse.Namespace) -> int:
    report = rules.check_rules(args.seeds_dir, project_dir=args.project, cli_vars=args.vars)
    print(report.format())
    return 0 if report.ok else 1


def _command_rules_compile(args: argparse.Namespace) -> int:
    cli_vars = args.vars
    if args.check:
        if rules.is_compiled(project_dir=args.project, cli_vars=cli_vars):
            print(f"leadscore: {rules.COMPILED_MACRO} is up to date with the rule seeds")
            return 0
        print(
            f"leadscore: {rules.COMPILED_MACRO} is not what the rule seeds compile to: run "
            "`leadscore rules compile` and commit the result",
            file=sys.stderr,
        )
        return 1
    _compile_rules(args.project, cli_vars)
    return 0


def _command_summary(args: argparse.Namespace) -> int:
    print(format_summary(duckdb_path(args.project)))
    return 0


def _command_demo(args: argparse.Namespace) -> int:
    config = _generator_config(args)
    if config.database != duckdb_path(args.project):
        # dbt would score the project's warehouse, not the one just generated.
        raise DbtError(
            "leadscore demo scores the project's warehouse: set LEADSCORE_DUCKDB_PATH "
            "instead of --database"
        )
    print(f"Generating a demo warehouse in {config.database} ...")
    print(generator.generate(config).format())
    through = datetime.date.fromisoformat(args.score_date) if args.score_date else config.end_date
    if args.history_months:
        # The quality checks, the signals and calibration judge monthly cohorts: without past
        # snapshots they could only say insufficient_data.
        days = month_starts(through, args.history_months)
        print(f"Scoring the first day of each of the last {len(days)} months (score history) ...")
        _compile_rules(args.project)
        replay_score_history(days, database=config.database, project_dir=args.project)
    print(f"Scoring {through} with dbt build ...")
    _build(args.project, through.isoformat())
    print()
    print(format_summary(config.database))
    return 0


def _command_calibrate(args: argparse.Namespace) -> int:
    today = datetime.date.today()
    output = args.output or args.project / "proposals" / f"calibration-{today.isoformat()}"
    database = duckdb_path(args.project)
    ensure_not_busy(database)
    result = learning.calibrate(
        database,
        project_dir=args.project,
        output_dir=output.resolve(),
        models=args.models,
        validation_months=args.validation_months,
        min_conversions=args.min_conversions,
        today=today,
        challenger_suffix=args.as_challenger,
    )
    print(result.format())
    return 0


def _command_predict_train(args: argparse.Namespace) -> int:
    database = duckdb_path(args.project)
    ensure_not_busy(database)
    result = learning.train_predictive_models(
        database,
        project_dir=args.project,
        models=args.models,
        validation_months=args.validation_months,
        attributes=args.attributes,
    )
    print(result.format())
    if result.trained:
        print("The next build (leadscore build, make build, the daily Dagster run) scores with it.")
    return 0 if result.trained else 1


def _command_backtest(args: argparse.Namespace) -> int:
    database = duckdb_path(args.project)
    ensure_not_busy(database)
    print(f"Backtesting {args.rules_dir} on the history of {database} (one dbt run per day) ...")
    result = run_backtest(
        args.rules_dir,
        database=database,
        project_dir=args.project,
        name=args.name,
        cli_vars=args.vars,
    )
    print(result.format())
    return 0


def _command_load(args: argparse.Namespace) -> int:
    report = csv_load.load_exports(
        args.project,
        args.mapping,
        args.files,
        args.tables,
        encoding=args.encoding,
        delimiter=args.delimiter,
        dry_run=args.dry_run,
    )
    print(report.format())
    return 0


def build_parser() -> argparse.ArgumentParser:
    # --project-dir is accepted before or after the command, as dbt users expect.
    project_option = argparse.ArgumentParser(add_help=False)
    project_option.add_argument(
        "--project-dir",
        type=Path,
        default=argparse.SUPPRESS,
        help="the leadscore dbt project to act on (default: $DBT_PROJECT_DIR, else the "
        "current directory)",
    )
    parser = argparse.ArgumentParser(
        prog="leadscore",
        description="Warehouse-native lead and account scoring (dbt + DuckDB). Acts on the dbt "
        "project in the current directory, as dbt does.",
        parents=[project_option],
    )
    commands = parser.add_subparsers(dest="command", required=True)

    generate_parser = commands.add_parser(
        "generate",
        parents=[project_option],
        help="write a realistic demo warehouse (raw tables) into DuckDB",
    )
    generator.add_arguments(generate_parser)
    generate_parser.set_defaults(handler=_command_generate)

    build_parser_ = commands.add_parser(
        "build",
        parents=[project_option],
        help="compile the rule seeds and run dbt build (score_date: today)",
    )
    _add_score_date(build_parser_)
    build_parser_.set_defaults(handler=_command_build)

    rules_parser = commands.add_parser(
        "rules", parents=[project_option], help="work with the rule seeds"
    )
    rules_commands = rules_parser.add_subparsers(dest="rules_command", required=True)
    check_parser = rules_commands.add_parser(
        "check",
        parents=[project_option],
        help="validate the rule seeds without touching the warehouse; list every problem",
    )
    check_parser.add_argument(
        "--seeds-dir",
        type=Path,
        default=None,
        help="folder with the scoring seed CSVs (default: the project's seeds/)",
    )
    _add_vars(check_parser)
    check_parser.set_defaults(handler=_command_rules_check)
    compile_parser = rules_commands.add_parser(
        "compile",
        parents=[project_option],
        help=f"check the rule seeds and write {rules.COMPILED_MACRO}, what dbt scores with",
    )
    compile_parser.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 when the compiled file is not up to date (for CI)",
    )
    _add_vars(compile_parser)
    compile_parser.set_defaults(handler=_command_rules_compile)

    summary_parser = commands.add_parser(
        "summary", parents=[project_option], help="print the published scores in brief"
    )
    summary_parser.set_defaults(handler=_command_summary)

    demo_parser = commands.add_parser(
        "demo",
        parents=[project_option],
        help="generate the demo warehouse, score it and print a summary",
    )
    generator.add_arguments(demo_parser)
    _add_score_date(demo_parser)
    demo_parser.add_argument(
        "--history-months",
        type=_months,
        default=12,
        help="months of score history to replay first, one day a month (default 12; 0: none)",
    )
    demo_parser.set_defaults(handler=_command_demo)

    load_parser = commands.add_parser(
        "load",
        parents=[project_option],
        help="load CSV exports (contacts, companies, activities, deals) into the raw tables "
        "through a mapping file",
    )
    csv_load.add_arguments(load_parser)
    load_parser.set_defaults(handler=_command_load)

    calibrate_parser = commands.add_parser(
        "calibrate",
        parents=[project_option],
        help="fit rule points, thresholds and grade bands on won/lost history and write them as "
        "a proposal folder (seeds/ is not touched)",
    )
    calibrate_parser.add_argument(
        "--model",
        action="append",
        dest="models",
        help="the model to calibrate (repeatable; default: every active model)",
    )
    _add_validation_months(calibrate_parser)
    calibrate_parser.add_argument(
        "--min-conversions",
        type=_months,
        default=learning.DEFAULT_MIN_CONVERSIONS,
        help="refuse to fit a model with fewer conversions in its training cohorts (default "
        f"{learning.DEFAULT_MIN_CONVERSIONS})",
    )
    calibrate_parser.add_argument(
        "--output",
        type=Path,
        default=None,
        help="the proposal folder (default: proposals/calibration-<today> in the project)",
    )
    calibrate_parser.add_argument(
        "--as-challenger",
        nargs="?",
        const="_proposed",
        default=None,
        metavar="SUFFIX",
        help="write each proposal beside its model as a challenger of it (model_id + SUFFIX, "
        "default _proposed), to be scored in shadow once adopted, instead of replacing it",
    )
    calibrate_parser.set_defaults(handler=_command_calibrate)

    predict_parser = commands.add_parser(
        "predict", parents=[project_option], help="the predictive score on top of the rules"
    )
    predict_commands = predict_parser.add_subparsers(dest="predict_command", required=True)
    train_parser = predict_commands.add_parser(
        "train",
        parents=[project_option],
        help="fit a conversion-probability model per scoring model on won/lost history and "
        "save it in the warehouse; every later build scores with it",
    )
    train_parser.add_argument(
        "--model",
        action="append",
        dest="models",
        help="the model (repeatable; default: all active)",
    )
    _add_validation_months(train_parser)
    train_parser.add_argument(
        "--attributes",
        action="store_true",
        help="also use the leads' attributes (today's values: only for data whose attributes "
        "do not change after the outcome; docs/learning.md)",
    )
    train_parser.set_defaults(handler=_command_predict_train)

    backtest_parser = commands.add_parser(
        "backtest",
        parents=[project_option],
        help="score the history's snapshot days with another rule set into schemas of its own "
        "and compare it with the live rules (nothing published changes)",
    )
    backtest_parser.add_argument(
        "--rules-dir",
        type=Path,
        required=True,
        help="a folder of rule CSVs (e.g. a calibration proposal) laid over seeds/",
    )
    backtest_parser.add_argument(
        "--name",
        default="candidate",
        help="names its schemas: backtest_<name>, backtest_<name>_marts, ... (default candidate)",
    )
    _add_vars(backtest_parser)
    backtest_parser.set_defaults(handler=_command_backtest)
    adapter_parser = commands.add_parser(
        "adapter",
        parents=[project_option],
        help="public data sets mapped into the source contract: load one, or score and "
        "evaluate it (bank_marketing: docs/bank-marketing.md)",
    )
    adapters.add_arguments(adapter_parser, project_option)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        args.project = find_project_dir(getattr(args, "project_dir", None))
        return int(args.handler(args))
    except (
        DbtError,
        rules.RulesError,
        WarehouseBusyError,
        ProjectNotFoundError,
        csv_load.LoadError,
        learning.TrainingDataError,
        learning.HistoryError,
        adapters.AdapterError,
        OverlayError,
        BacktestError,
    ) as error:
        print(f"leadscore: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
