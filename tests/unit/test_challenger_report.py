"""The champion-and-challenger report section: the paired bootstrap and its verdict."""

from __future__ import annotations

import numpy as np
import pandas as pd

from leadscore.challenger_report import auc_difference_interval, challenger_section, verdict


def _leads(count: int = 2_000) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    generator = np.random.default_rng(5)
    signal = generator.normal(size=count)
    converted = (signal + generator.normal(size=count) > 1.5).astype(int)
    champion = signal + generator.normal(scale=2.0, size=count)  # a noisy ranking
    challenger = signal + generator.normal(scale=0.3, size=count)  # a sharper one
    return champion, challenger, converted


def test_a_sharper_challenger_ranks_measurably_better() -> None:
    champion, challenger, converted = _leads()
    interval = auc_difference_interval(champion, challenger, converted)
    assert interval is not None and interval[0] > 0
    assert verdict(interval) == ("the challenger ranks better", "pass")
    reversed_interval = auc_difference_interval(challenger, champion, converted)
    assert reversed_interval is not None and reversed_interval[1] < 0
    assert verdict(reversed_interval)[0] == "the champion ranks better"


def test_an_identical_challenger_shows_no_difference() -> None:
    champion, _, converted = _leads()
    assert auc_difference_interval(champion, champion.copy(), converted) == (0.0, 0.0)
    assert verdict((0.0, 0.0))[0] == "no measurable difference yet"


def test_one_outcome_only_gives_no_interval() -> None:
    champion, challenger, _ = _leads(50)
    assert auc_difference_interval(champion, challenger, np.zeros(50)) is None
    assert verdict(None)[1] == "insufficient"


def test_the_section_is_empty_without_challengers() -> None:
    assert challenger_section(pd.DataFrame(), pd.DataFrame(), None) == ""
