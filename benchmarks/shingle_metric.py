"""The extraction devset's metric: 4-token shingle precision/recall/F1, averaged over pages.

As defined in ../shared/extraction-devset/README.md: tokens are maximal runs of Unicode
word characters; each text is the multiset of its overlapping 4-token windows (1-3
tokens make one shingle, no tokens none); per page TP/FP/FN are normalised by their
sum; precision is averaged over pages with output, recall over all pages, and F1 is
the harmonic mean of those two means.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

_TOKEN = re.compile(r"\w+")
N = 4


def tokens(text: str) -> list[str]:
    """Maximal runs of Unicode word characters, case kept."""
    return _TOKEN.findall(text or "")


def shingles(toks: Sequence[str], n: int = N) -> Counter[tuple[str, ...]]:
    """Multiset of overlapping n-token windows; 1..n-1 tokens make a single shingle."""
    if not toks:
        return Counter()
    if len(toks) < n:
        return Counter([tuple(toks)])
    return Counter(tuple(toks[i : i + n]) for i in range(len(toks) - n + 1))


@dataclass(frozen=True)
class PageScore:
    """One page: precision (None when the extractor returned nothing), recall, exact."""

    precision: float | None
    recall: float
    exact: bool


def score_page(extracted: str, truth: str) -> PageScore:
    """Score one page's extracted text against its ground truth."""
    et, tt = tokens(extracted), tokens(truth)
    exact = et == tt
    if not et:
        return PageScore(None, 0.0 if tt else 1.0, exact)
    e, t = shingles(et), shingles(tt)
    tp = sum((e & t).values())
    fp = sum(e.values()) - tp
    fn = sum(t.values()) - tp
    total = tp + fp + fn
    tp, fp, fn = tp / total, fp / total, fn / total
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return PageScore(precision, recall, exact)


@dataclass(frozen=True)
class Summary:
    """Set-level scores."""

    f1: float
    precision: float
    recall: float
    exact: float


def summarise(pages: Sequence[PageScore]) -> Summary:
    """Precision mean over pages with output, recall mean over all, F1 of the means."""
    if not pages:
        return Summary(0.0, 0.0, 0.0, 0.0)
    precs = [p.precision for p in pages if p.precision is not None]
    precision = sum(precs) / len(precs) if precs else 0.0
    recall = sum(p.recall for p in pages) / len(pages)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    exact = sum(p.exact for p in pages) / len(pages)
    return Summary(f1, precision, recall, exact)


def bootstrap_f1(pages: Sequence[PageScore], rounds: int = 1000, seed: int = 0) -> float:
    """Standard deviation of F1 over bootstrap resamples of the pages."""
    if rounds <= 0 or not pages:
        return 0.0
    rng = random.Random(seed)
    n = len(pages)
    values = []
    for _ in range(rounds):
        sample = [pages[rng.randrange(n)] for _ in range(n)]
        values.append(summarise(sample).f1)
    mean = sum(values) / rounds
    return (sum((v - mean) ** 2 for v in values) / rounds) ** 0.5
