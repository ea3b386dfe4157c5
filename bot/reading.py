"""Reading a learner's question: fix typos, find the activities it names, spot its cue words.

A `Reader` is built once from the knowledge base; `Reader.read(question)` gives a `Reading`
that the answering engine interprets. Nothing here decides what the answer is.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA

from knowledge import KnowledgeBase

from .text import STOP_WORDS, phrase_stems, stem, tokens

# Cue words, as stems. They describe English question forms, not ITIL facts, so they live here.
CUES: dict[str, frozenset[str]] = {
    key: frozenset(stem(w) for w in words.split())
    for key, words in {
        "purpose": "purpose purposes goal goals aim aims objective objectives why role point mission "
                   "function intent reason responsibility responsible job achieve accomplish",
        "overview": "overview summary about explain describe explanation info information detail details "
                    "example examples tip tips",
        "inputs": "input inputs receive receives received receiving incoming feed feeds fed consume consumes "
                  "intake",
        "outputs": "output outputs produce produces produced producing generate generates deliverable "
                   "deliverables outcome outcomes result results",
        "practices": "practice practices",
        "compare": "difference differences diff differ differs vs versus compare compared comparing comparison "
                   "contrast distinguish distinction confuse confused confusing similar same",
        "flow": "send sends sent give gives pass passes passed flow flows flowing go goes hand hands "
                "provide provides transfer transfers",
        "receive": "receive receives received get gets take takes accept accepts gather gathers input inputs "
                   "consume consumes",
        "send": "send sends sent produce produces create creates generate generates output outputs give gives "
                "provide provides issue issues hand hands publish publishes supply supplies share shares "
                "make makes write writes",
        "which": "which who whom",
        "which_noun": "activity activities one part step stage",
    }.items()
}
# Single words of an activity's name that mean the activity only when nothing better is there
# ('design' for Design and transition). These are too common to ever mean one activity:
_NEVER_ALONE = frozenset({"and", "support", "service", "services"})


@dataclass(frozen=True)
class Mention:
    activity: str
    start: int
    end: int
    strong: bool


@dataclass
class Reading:
    text: str
    words: list[str]
    stems: list[str]  # synonyms folded: 'fix' reads as 'resolve'
    plain_stems: list[str]  # as written: cue words are checked on these
    corrections: int
    has_blank: bool = False  # "the purpose of ___ is ...": an exam's missing-word stem
    mentions: list[Mention] = field(default_factory=list)
    memo: dict = field(default_factory=dict)  # per-question results interpretations share

    @property
    def strong(self) -> list[Mention]:
        return [m for m in self.mentions if m.strong]

    def named_activities(self, strong_only: bool = False) -> list[str]:
        """Distinct activities named, in the order the question names them."""
        chosen = self.strong if strong_only or self.strong else self.mentions
        return list(dict.fromkeys(m.activity for m in chosen))

    def has(self, cue: str) -> bool:
        return not CUES[cue].isdisjoint(self.plain_stems)

    def has_phrase(self, phrase: str) -> bool:
        return contains(self.plain_stems, phrase_stems(phrase))

    def word_before(self, index: int) -> str:
        """The word before position `index`, skipping 'the'."""
        i = index - 1
        while i >= 0 and self.words[i] in ("the", "a", "an"):
            i -= 1
        return self.words[i] if i >= 0 else ""

    def is_which_question(self) -> bool:
        """'Which activity ...', 'who receives ...', 'what part of the chain ...'."""
        w = self.words
        if w[:1] == ["who"] or w[1:2] == ["who"]:
            return True
        for i, word in enumerate(w):
            if word in ("which", "what") and any(stem(x) in CUES["which_noun"] for x in w[i + 1:i + 5]):
                return True
        return self.has_blank or self.has_phrase("responsible for") or self.has_phrase("in charge of")


def contains(seq: list[str], phrase: tuple[str, ...]) -> bool:
    """True when `phrase` occurs in `seq` as consecutive items."""
    n = len(phrase)
    if not n or phrase[0] not in seq:
        return False
    return any(tuple(seq[i:i + n]) == phrase for i in range(len(seq) - n + 1) if seq[i] == phrase[0])


class Reader:
    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self._aliases: list[tuple[tuple[str, ...], str, bool]] = []
        for activity in kb.activities:
            seen = set()
            for alias in (activity.name, activity.id.replace("_", " "), *activity.aliases):
                words = tuple(tokens(alias))
                if words and words not in seen:
                    seen.add(words)
                    self._aliases.append((words, activity.id, True))
            for word in tokens(activity.name):
                if word not in _NEVER_ALONE and (word,) not in seen:
                    self._aliases.append(((word,), activity.id, False))
        self._aliases.sort(key=lambda a: (-len(a[0]), not a[2]))
        self._by_first_word: dict[str, list[tuple[tuple[str, ...], str, bool]]] = {}
        self._by_stem: dict[str, list[str]] = {}
        for alias, activity, strong in self._aliases:
            self._by_first_word.setdefault(alias[0], []).append((alias, activity, strong))
            if len(alias) == 1 and len(alias[0]) > 3 and activity not in self._by_stem.get(stem(alias[0]), []):
                self._by_stem.setdefault(stem(alias[0]), []).append(activity)
        self._synonym = {stem(w): stem(group[0]) for group in kb.synonyms for w in group}
        self.vocabulary = self._build_vocabulary()
        self._priority = {w for alias, _, _ in self._aliases for w in alias} | {
            "purpose", "inputs", "outputs", "practices", "difference", "between", "compare", "stream", "value"}

    def _build_vocabulary(self) -> frozenset[str]:
        kb = self.kb
        texts: list[str] = [a for entry in self._aliases for a in entry[0]]
        for a in kb.activities:
            texts += [a.purpose, a.gist, a.example, *a.key_activities, *a.exam_tips]
        texts += [f.item for f in kb.flows] + [p.name for p in kb.practices]
        texts += [alias for p in kb.practices for alias in p.aliases]
        for s in kb.scenarios:
            texts += [s.situation, *s.words, *s.why.values()]
        for v in kb.value_streams:
            texts += [v.name, v.summary, *v.aliases]
        for c in kb.concepts:
            texts += [*c.asked_as, c.title]
        for o in kb.out_of_scope:
            texts += [*o.asked_as, o.topic]
        texts += [w for group in kb.synonyms for w in group]
        words = {w for t in texts for w in tokens(t)}
        cue_words = "purpose goal inputs outputs practices difference compare versus between receive produce " \
                    "sends flows stream sequential sequence order fixed"
        return frozenset(words | set(cue_words.split()) | STOP_WORDS)

    def read(self, question: str) -> Reading:
        words, corrections = [], 0
        for word in tokens(question):
            fixed = self._correct(word)
            corrections += fixed != word
            words.append(fixed)
        plain = [stem(w) for w in words]
        stems = [self._synonym.get(s, s) for s in plain]
        reading = Reading(text=question, words=words, stems=stems, plain_stems=plain, corrections=corrections,
                          has_blank="__" in question or "..." in question or "blank" in words)
        reading.mentions = self._mentions(words, plain)
        return reading

    def canonical(self, text: str) -> list[str]:
        """Synonym-folded stems of a knowledge-base text, for comparing with a Reading's stems."""
        return [self._synonym.get(s, s) for s in (stem(w) for w in tokens(text))]

    def _correct(self, word: str) -> str:
        return _correct(word, self.vocabulary, frozenset(self._priority))

    def _mentions(self, words: list[str], word_stems: list[str]) -> list[Mention]:
        """Activity names in the question, longest first, never overlapping."""
        matches = []
        for i, (word, word_stem) in enumerate(zip(words, word_stems)):
            for alias, activity, strong in self._by_first_word.get(word, ()):
                if tuple(words[i:i + len(alias)]) == alias:
                    matches.append((len(alias), strong, i, activity))
            if len(word) > 3:
                # 'planning', 'improvement': the name's stem, so maybe only the ordinary word
                for activity in self._by_stem.get(word_stem, ()):
                    matches.append((1, False, i, activity))
        found, taken = [], set()
        for length, strong, start, activity in sorted(matches, key=lambda m: (-m[0], not m[1], m[2])):
            span = set(range(start, start + length))
            if not span & taken:
                taken |= span
                found.append(Mention(activity, start, start + length, strong))
        return sorted(found, key=lambda m: m.start)


@lru_cache(maxsize=8192)
def _correct(word: str, vocabulary: frozenset[str], priority: frozenset[str]) -> str:
    """The vocabulary word a typo most likely meant, or the word itself."""
    if word in vocabulary or len(word) < 5 or word.isdigit() or stem(word) in vocabulary:
        return word
    limit = 1 if len(word) <= 7 else 2
    best = process.extract(word, vocabulary, scorer=OSA.distance, score_cutoff=limit, limit=8)
    if not best:
        return word
    top = min(score for _, score, _ in best)
    tied = sorted(c for c, score, _ in best if score == top)
    preferred = [c for c in tied if c in priority]
    return (preferred or tied)[0]
