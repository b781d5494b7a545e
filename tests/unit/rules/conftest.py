"""The `seeds` fixture: a copy of the project's scoring seeds in a temporary folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.unit.rules.seed_files import copy_seeds


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    return copy_seeds(tmp_path / "seeds")
