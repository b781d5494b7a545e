"""`leadscore load`: CSV exports (contacts, companies, activities, deals) into the raw tables.

For data not yet in a warehouse. A YAML mapping file (mappings/, docs/csv-import.md) says
which export column feeds which column of the source contract (models/staging/_sources.yml)
or of a declared custom column, and how to read it. Modules by concern:

- contract: the raw tables, their columns and types, keys and required columns;
- mapping: parsing and checking the mapping file against the contract;
- reading: bytes to CSV records (encoding, byte-order marks, delimiter, line numbers);
- cells, convert: typing each cell, value maps, and the rows rejected (with reasons);
- writer: the upsert into DuckDB, in one transaction; report: the printed summary;
- run: the command, from files to report.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from leadscore.load.errors import LoadError
from leadscore.load.report import LoadReport
from leadscore.load.run import load_exports

__all__ = ["LoadError", "LoadReport", "add_arguments", "load_exports"]


def _table_file(text: str) -> tuple[str, Path]:
    name, sep, path = text.partition("=")
    if not sep or not name.strip() or not path.strip():
        raise argparse.ArgumentTypeError(
            f"expected NAME=PATH (NAME: a mapping entry), got {text!r}"
        )
    return name.strip(), Path(path.strip())


def _delimiter(text: str) -> str:
    value = {"tab": "\t", "\\t": "\t"}.get(text.lower(), text)
    if len(value) != 1:
        raise argparse.ArgumentTypeError(f"a delimiter is one character (or 'tab'), got {text!r}")
    return value


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of `leadscore load`."""
    parser.add_argument(
        "files",
        nargs="*",
        type=Path,
        metavar="FILE",
        help="CSV exports, each loaded by the mapping entry whose file_pattern it fits",
    )
    parser.add_argument(
        "--mapping",
        required=True,
        help="the mapping file (a path, or a name in the project's mappings/, e.g. hubspot)",
    )
    parser.add_argument(
        "--table",
        dest="tables",
        action="append",
        type=_table_file,
        default=[],
        metavar="NAME=PATH",
        help="load PATH with the mapping's entry NAME (repeatable), whatever its file name",
    )
    parser.add_argument(
        "--encoding",
        default=None,
        help="the files' encoding (default utf-8; a byte-order mark is detected and wins)",
    )
    parser.add_argument(
        "--delimiter",
        type=_delimiter,
        default=None,
        help="the field delimiter, e.g. ';' or tab (default: guessed from the header: , ; tab)",
    )
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help="read and check everything and print the summary, but write nothing",
    )
