"""ranking_figures: AUC from scikit-learn, deciles with tied scores shared in proportion."""

from __future__ import annotations

import pytest
from sklearn.metrics import roc_auc_score

from leadscore.ranking import ranking_figures


def test_distinct_scores_make_plain_deciles() -> None:
    scores = list(range(20))
    converted = [False] * 16 + [True] * 4  # the four highest scores convert
    figures = ranking_figures(scores, converted)
    assert figures.auc == 1.0
    assert (figures.leads, figures.conversions, figures.base_rate) == (20, 4, 0.2)
    assert [decile.decile for decile in figures.deciles] == list(range(10, 0, -1))
    assert [decile.leads for decile in figures.deciles] == [2] * 10
    assert [decile.conversions for decile in figures.deciles] == [2, 2] + [0] * 8
    assert figures.top_decile_lift == pytest.approx(5.0)
    assert (figures.deciles[0].min_score, figures.deciles[0].max_score) == (18, 19)


def test_a_tie_across_deciles_is_shared_at_its_rate() -> None:
    # 10 leads: one at 9 (converted), eight tied at 5 (two converted), one at 0.
    scores = [9] + [5] * 8 + [0]
    converted = [True, True, True] + [False] * 7
    figures = ranking_figures(scores, converted)
    tied = [decile for decile in figures.deciles if decile.min_score == 5 == decile.max_score]
    assert len(tied) == 8
    assert all(decile.conversions == pytest.approx(0.25) for decile in tied)
    assert figures.deciles[0].conversions == 1
    assert figures.deciles[-1].conversions == 0
    assert sum(decile.conversions for decile in figures.deciles) == pytest.approx(3)
    assert figures.auc == pytest.approx(roc_auc_score(converted, scores))


def test_uneven_sizes_and_refusals() -> None:
    figures = ranking_figures(list(range(25)), [index % 2 == 0 for index in range(25)])
    assert sum(decile.leads for decile in figures.deciles) == 25
    assert {decile.leads for decile in figures.deciles} == {2, 3}
    with pytest.raises(ValueError, match="both converted and unconverted"):
        ranking_figures([1, 2], [True, True])
    with pytest.raises(ValueError, match="every lead needs a score"):
        ranking_figures([1.0, float("nan")], [True, False])
