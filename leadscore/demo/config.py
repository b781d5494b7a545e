"""What to generate: `GeneratorConfig` and the command-line options that build one."""

from __future__ import annotations

import argparse
import datetime
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from leadscore.paths import RAW_SCHEMA, duckdb_path

_SCHEMA_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


@dataclass(frozen=True)
class GeneratorConfig:
    """What to generate. Equal configurations give identical tables.

    leads: number of leads (accounts, events and opportunities scale with it).
    seed: random seed. ``end_date`` defaults to today, so pass it too to reproduce a
        warehouse on another day.
    end_date: last day of activity (inclusive); history_days: days of activity before it.
    events_per_lead: mean number of clean events per lead (heavily skewed per lead).
    dirty_rate: share of injected dirty rows of each kind (0 disables them).
    database: the DuckDB file (created with its folder if missing); schema: where the four
        raw tables go.
    """

    leads: int = 10_000
    seed: int = 7
    end_date: datetime.date = field(default_factory=datetime.date.today)
    history_days: int = 400
    events_per_lead: float = 50.0
    dirty_rate: float = 0.005
    database: Path = field(default_factory=duckdb_path)
    schema: str = RAW_SCHEMA

    def __post_init__(self) -> None:
        object.__setattr__(self, "database", Path(self.database))
        if isinstance(self.end_date, datetime.datetime):
            object.__setattr__(self, "end_date", self.end_date.date())
        if self.leads < 1:
            raise ValueError(f"leads must be at least 1, got {self.leads}")
        if not 0 <= self.seed < 2**63:
            raise ValueError(f"seed must be a non-negative 63-bit integer, got {self.seed}")
        if self.history_days < 30:
            raise ValueError(f"history_days must be at least 30, got {self.history_days}")
        if not 0 < self.events_per_lead <= 10_000:
            raise ValueError(f"events_per_lead must be in (0, 10000], got {self.events_per_lead}")
        if not 0 <= self.dirty_rate <= 0.2:
            raise ValueError(f"dirty_rate must be in [0, 0.2], got {self.dirty_rate}")
        if not _SCHEMA_RE.match(self.schema):
            raise ValueError(f"schema must be a plain SQL identifier, got {self.schema!r}")


def _parse_date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, got {text!r}") from exc


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the generator's options to an argparse (sub)parser."""
    defaults = GeneratorConfig.__dataclass_fields__
    parser.add_argument(
        "--leads", type=int, default=defaults["leads"].default, help="number of leads"
    )
    parser.add_argument("--seed", type=int, default=defaults["seed"].default, help="random seed")
    parser.add_argument(
        "--end-date",
        type=_parse_date,
        default=None,
        metavar="YYYY-MM-DD",
        help="last day of activity, inclusive (default: today)",
    )
    parser.add_argument(
        "--history-days",
        type=int,
        default=defaults["history_days"].default,
        help="days of history before the end date",
    )
    parser.add_argument(
        "--events-per-lead",
        type=float,
        default=defaults["events_per_lead"].default,
        help="mean events per lead (heavily skewed per lead)",
    )
    parser.add_argument(
        "--dirty-rate",
        type=float,
        default=defaults["dirty_rate"].default,
        help="share of injected dirty rows of each kind (0 disables)",
    )
    parser.add_argument(
        "--database",
        type=Path,
        default=None,
        help="DuckDB file (default: $LEADSCORE_DUCKDB_PATH or warehouse/leadscore.duckdb)",
    )
    parser.add_argument(
        "--schema", default=defaults["schema"].default, help="schema of the raw tables"
    )


def config_from_args(args: argparse.Namespace) -> GeneratorConfig:
    """Build a GeneratorConfig from arguments added by `add_arguments`."""
    config = GeneratorConfig(
        leads=args.leads,
        seed=args.seed,
        history_days=args.history_days,
        events_per_lead=args.events_per_lead,
        dirty_rate=args.dirty_rate,
        schema=args.schema,
    )
    if args.end_date is not None:
        config = replace(config, end_date=args.end_date)
    if args.database is not None:
        config = replace(config, database=Path(args.database))
    return config
