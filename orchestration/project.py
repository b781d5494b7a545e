"""The dbt project as Dagster sees it (only the DbtProject lives here, for prepare-and-package).

Dagster reads dbt's manifest.json to build the asset graph. It is kept in target/dagster (not
target/, where the dbt CLI and other engineers' runs write) and prepared:

* under ``dagster dev``: parsed on every code-location load (``prepare_if_dev``);
* anywhere else, when missing (a fresh clone, the tests): parsed once here;
* for a deployment: ``make dagster-manifest`` (dagster-dbt project prepare-and-package).

``LEADSCORE_DAGSTER_TARGET_PATH`` moves it (relative to the project root, or absolute).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from dagster_dbt import DbtProject

from leadscore.paths import PROJECT_ROOT

# dagster-dbt runs `dbt` from PATH. Use the dbt installed beside this Python (the project's
# .venv), as an activated virtual environment would, even when started as .venv/bin/dagster.
_ENVIRONMENT_BIN = Path(sys.executable).parent
if (_ENVIRONMENT_BIN / "dbt").exists():
    _path = os.environ.get("PATH", "")
    if not _path.startswith(f"{_ENVIRONMENT_BIN}{os.pathsep}"):
        os.environ["PATH"] = f"{_ENVIRONMENT_BIN}{os.pathsep}{_path}"

leadscore_project = DbtProject(
    project_dir=PROJECT_ROOT,
    profiles_dir=PROJECT_ROOT,
    target_path=Path(os.environ.get("LEADSCORE_DAGSTER_TARGET_PATH", "target/dagster")),
)
leadscore_project.prepare_if_dev()
if not leadscore_project.manifest_path.exists():
    leadscore_project.preparer.prepare(leadscore_project)
