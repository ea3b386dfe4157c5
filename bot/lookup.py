"""Weighted word-overlap search over short knowledge-base phrases.

Used where a question describes something instead of naming it ("which activity acquires
components?"). Rare words weigh more than common ones, so 'components' decides and 'ensure'
barely counts.
"""
from __future__ import annotations

import math
from collections import Counter
from collections.abc import Hashable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Hit:
    key: Hashable
    score: float
    text: str


class PhraseIndex:
    def __init__(self, phrases: Iterable[tuple[Hashable, str, frozenset[str]]]) -> None:
        self._phrases = list(phrases)
        df = Counter(s for _, _, stems in self._phrases for s in stems)
        n = max(len(self._phrases), 1)
        self._idf = {s: math.log(1 + n / c) for s, c in df.items()}
        self._unseen = math.log(1 + n)  # a word no phrase has: as rare as can be

    def vocabulary(self) -> set[str]:
        return set(self._idf)

    def weight(self, stem: str) -> float:
        return self._idf.get(stem, self._unseen)

    def search(self, query: set[str], limit: int = 5) -> list[Hit]:
        """Phrases ranked by cosine similarity of their weighted word sets with `query`."""
        if not query:
            return []
        q_weight = sum(self.weight(s) ** 2 for s in query)
        hits = []
        for key, text, stems in self._phrases:
            shared = query & stems
            if not shared:
                continue
            p_weight = sum(self.weight(s) ** 2 for s in stems)
            score = sum(self.weight(s) ** 2 for s in shared) / math.sqrt(q_weight * p_weight)
            hits.append(Hit(key, score, text))
        hits.sort(key=lambda h: -h.score)
        return hits[:limit]

    def recall(self, query: set[str], stems: set[str]) -> float:
        """How much of the query's weight `stems` covers."""
        total = sum(self.weight(s) for s in query)
        return sum(self.weight(s) for s in query & stems) / total if total else 0.0
