"""`leadscore load` on the command line: the summary, and one line per error."""

from __future__ import annotations

import subprocess
import sys

import duckdb
import pytest

from leadscore.cli import main
from tests.unit.load.conftest import EXPORTS, Project


def test_load_prints_the_summary(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    contacts, deals = EXPORTS / "hubspot_contacts.csv", EXPORTS / "hubspot_deals.csv"
    argv = ["load", "--project-dir", str(project.dir), "--mapping", "hubspot", str(contacts)]
    assert main([*argv, "--table", f"opportunities={deals}", "--delimiter", ","]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [
        f"Loaded: 2 file(s) into {project.database}",
        f"  {contacts} -> raw.leads: 4 rows read, 4 loaded, 0 rejected",
        f"  {deals} -> raw.opportunities: 3 rows read, 3 loaded, 0 rejected",
        "Next: leadscore build",
    ]


def test_errors_are_one_line(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    bad = project.write("contacts.csv", "")
    argv = ["--project-dir", str(project.dir), "load", "--mapping", "hubspot", str(bad)]
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert err == f"leadscore: {bad}: the file is empty (a header line is expected on line 1)\n"


def test_bad_options_are_refused_by_argparse(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    for option in (["--table", "contacts.csv"], ["--delimiter", "::"]):
        with pytest.raises(SystemExit):
            main(["load", "--project-dir", str(project.dir), "--mapping", "hubspot", *option])
    assert "expected NAME=PATH" in capsys.readouterr().err


def test_a_busy_warehouse_is_one_line(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    """Another process writing the warehouse: the project's one-line error, nothing written."""
    duckdb.connect(str(project.database)).close()
    hold = "import duckdb, sys, time\nc = duckdb.connect(sys.argv[1])\nprint('held', flush=True)\n"
    holder = subprocess.Popen(
        [sys.executable, "-c", hold + "time.sleep(60)\n", str(project.database)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        argv = ["load", "--project-dir", str(project.dir), "--mapping", "hubspot"]
        assert main([*argv, str(EXPORTS / "hubspot_contacts.csv")]) == 1
    finally:
        holder.kill()
        holder.wait()
    (line,) = capsys.readouterr().err.splitlines()
    assert line.startswith(f"leadscore: the warehouse {project.database} is busy: process ")
