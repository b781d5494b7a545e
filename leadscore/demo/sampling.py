"""Random streams, chunks of leads and the draw helpers shared by the generator's modules."""

from __future__ import annotations

import numpy as np

from leadscore.demo.config import GeneratorConfig

Columns = dict[str, np.ndarray]  # one array per column, one row per entity or event

LEADS_PER_CHUNK = 20_000  # fixed: the chunking is part of what makes output reproducible

# Random-stream identifiers (one numpy Generator per purpose and chunk).
RNG_ACCOUNTS, RNG_LEADS, RNG_OPPS, RNG_CALENDAR, RNG_EVENTS, RNG_DIRTY = range(6)


def lead_chunks(n_leads: int) -> list[tuple[int, int, int]]:
    """(chunk, lo, hi) for each fixed-size run of leads lo..hi-1, in order."""
    return [
        (chunk, lo, min(lo + LEADS_PER_CHUNK, n_leads))
        for chunk, lo in enumerate(range(0, n_leads, LEADS_PER_CHUNK))
    ]


def make_rng(config: GeneratorConfig, purpose: int, chunk: int = 0) -> np.random.Generator:
    """The random stream of one purpose (an RNG_* id) and chunk, seeded by (seed, purpose,
    chunk) so that no draw depends on how many were made elsewhere or on thread timing."""
    return np.random.Generator(
        np.random.PCG64(np.random.SeedSequence([config.seed, purpose, chunk]))
    )


def sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def choose(rng: np.random.Generator, probs: np.ndarray, size: int | None = None) -> np.ndarray:
    """Draw category codes: `probs` is one weight vector, or one row of weights per draw."""
    probs = np.asarray(probs, dtype=np.float64)
    if probs.ndim == 1:
        n = 0 if size is None else size
        cum = np.cumsum(probs / probs.sum())
        return np.minimum(np.searchsorted(cum, rng.random(n), side="right"), len(probs) - 1)
    cum = np.cumsum(probs, axis=1)
    cum /= cum[:, -1:]
    u = rng.random(len(probs))[:, None]
    return np.minimum((u >= cum).sum(axis=1), probs.shape[1] - 1)
