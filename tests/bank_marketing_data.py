"""The UCI Bank Marketing file, found where the project expects it, or the test is skipped."""

from __future__ import annotations

from pathlib import Path

import pytest

from leadscore.adapters.bank_marketing import DEFAULT_CSV, DOWNLOAD_HINT
from leadscore.paths import PROJECT_ROOT


def bank_csv_or_skip() -> Path:
    """../shared/data/bank_marketing/bank-additional-full.csv from the project root."""
    path = PROJECT_ROOT / DEFAULT_CSV
    if not path.is_file():
        pytest.skip(f"the UCI Bank Marketing file is not at {path}: {DOWNLOAD_HINT}")
    return path
