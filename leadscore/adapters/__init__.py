"""`leadscore adapter`: public data sets mapped into leadscore's source contract.

An adapter loads a data set into a raw table of its own and maps it, with dbt models kept
apart from the core (models/adapters/<name>/, built only when var leadscore_adapter names the
adapter), into the four contract tables, in a schema the core then reads as its
leadscore_raw_schema. Its rules and vars live in adapters/<name>/. One adapter so far:

- bank_marketing: the UCI Bank Marketing data (docs/bank-marketing.md).

    leadscore adapter load bank_marketing [--csv PATH] [--database PATH]
    leadscore adapter evaluate bank_marketing [--csv PATH] [--database PATH] [--results PATH]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from leadscore.adapters import bank_marketing
from leadscore.adapters.bank_marketing import AdapterError

__all__ = ["ADAPTERS", "AdapterError", "add_arguments"]

ADAPTERS = (bank_marketing.NAME,)


def _database(args: argparse.Namespace) -> Path:
    return (args.database or args.project / bank_marketing.DEFAULT_DATABASE).resolve()


def _command_load(args: argparse.Namespace) -> int:
    source = bank_marketing.csv_path(args.project, args.csv)
    print(bank_marketing.load_csv(source, _database(args)).format())
    return 0


def _command_evaluate(args: argparse.Namespace) -> int:
    # Imported here: scikit-learn and the dbt runner are slow to import for `load`.
    from leadscore.adapters import bank_marketing_evaluation as evaluation

    result = evaluation.evaluate(
        args.project, csv=args.csv, database=_database(args), results=args.results
    )
    print(evaluation.format_evaluation(result))
    return 0


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("adapter", choices=ADAPTERS, help="the data set")
    parser.add_argument(
        "--csv",
        type=Path,
        default=None,
        help=f"the data file (default: {bank_marketing.DEFAULT_CSV} from the project root)",
    )
    parser.add_argument(
        "--database",
        type=Path,
        default=None,
        help=f"the scratch DuckDB file (default: {bank_marketing.DEFAULT_DATABASE} in the project)",
    )


def add_arguments(parser: argparse.ArgumentParser, project_option: argparse.ArgumentParser) -> None:
    """The `leadscore adapter` subcommands."""
    commands = parser.add_subparsers(dest="adapter_command", required=True)
    load_parser = commands.add_parser(
        "load",
        parents=[project_option],
        help="load the data set's file, verbatim, into its raw table in a scratch DuckDB file",
    )
    _common(load_parser)
    load_parser.set_defaults(handler=_command_load)
    evaluate_parser = commands.add_parser(
        "evaluate",
        parents=[project_option],
        help="load, map, replay the monthly score history with the data set's rules, build, "
        "and print AUC, lift and conversion by decile on the held-out newest 20%%",
    )
    _common(evaluate_parser)
    evaluate_parser.add_argument(
        "--results",
        type=Path,
        default=None,
        help="where to write the figures as JSON (default: "
        "reports/bank_marketing/evaluation.json in the project)",
    )
    evaluate_parser.set_defaults(handler=_command_evaluate)
