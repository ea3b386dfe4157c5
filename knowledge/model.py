"""Typed objects for the knowledge base. Pure data: no I/O, no parsing, no imports of ours."""
from __future__ import annotations

from dataclasses import dataclass, field

ALL = "all"


@dataclass(frozen=True)
class Party:
    """Something outside the value chain that sends inputs in or takes outputs away."""

    id: str
    name: str


@dataclass(frozen=True)
class Activity:
    id: str
    name: str
    aliases: tuple[str, ...]
    purpose: str
    gist: str
    key_activities: tuple[str, ...]
    example: str
    exam_tips: tuple[str, ...]


@dataclass(frozen=True)
class Flow:
    source: str
    item: str
    target: str


@dataclass(frozen=True)
class Practice:
    id: str
    name: str
    aliases: tuple[str, ...]
    supports: tuple[str, ...]


@dataclass(frozen=True)
class Comparison:
    between: tuple[str, str]
    summary: str
    points: tuple[str, ...]
    remember: str


@dataclass(frozen=True)
class Step:
    activity: str
    what: str


@dataclass(frozen=True)
class ValueStream:
    id: str
    name: str
    aliases: tuple[str, ...]
    summary: str
    steps: tuple[Step, ...]
    note: str = ""

    @property
    def activity_order(self) -> tuple[str, ...]:
        """Each activity once, where the stream first uses it."""
        return tuple(dict.fromkeys(step.activity for step in self.steps))


@dataclass(frozen=True)
class Scenario:
    id: str
    situation: str
    mainly: tuple[str, ...]
    also: tuple[str, ...]
    why: dict[str, str]
    words: tuple[str, ...]
    examples: tuple[str, ...]
    value_stream: str | None = None


@dataclass(frozen=True)
class Concept:
    id: str
    title: str
    asked_as: tuple[str, ...]
    text: str


@dataclass(frozen=True)
class OutOfScope:
    topic: str
    asked_as: tuple[str, ...]


# the four question styles of the Foundation exam, plus true/false for quick concept checks
QUESTION_STYLES = ("standard", "negative", "missing_word", "list", "true_false")


@dataclass(frozen=True)
class WrittenQuestion:
    """A quiz question written by hand (the quiz also generates many from the facts above).

    `correct` and `wrong` are option texts (standard, negative, missing_word); a list question
    has four `statements` of which the two numbered in `true_statements` are correct; a
    true_false question has `answer`."""

    id: str
    style: str
    question: str
    explanation: str
    activities: tuple[str, ...]
    correct: str = ""
    wrong: tuple[str, ...] = ()
    statements: tuple[str, ...] = ()
    true_statements: tuple[int, ...] = ()
    answer: bool | None = None


@dataclass(frozen=True)
class KnowledgeBase:
    source: str
    activities: tuple[Activity, ...]
    parties: tuple[Party, ...]
    flows: tuple[Flow, ...]
    practices: tuple[Practice, ...]
    comparisons: tuple[Comparison, ...]
    value_streams: tuple[ValueStream, ...]
    scenarios: tuple[Scenario, ...]
    concepts: tuple[Concept, ...]
    out_of_scope: tuple[OutOfScope, ...]
    synonyms: tuple[tuple[str, ...], ...]
    questions: tuple[WrittenQuestion, ...] = ()
    _by_id: dict[str, Activity] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._by_id.update((a.id, a) for a in self.activities)

    @property
    def activity_ids(self) -> tuple[str, ...]:
        return tuple(a.id for a in self.activities)

    def activity(self, activity_id: str) -> Activity:
        return self._by_id[activity_id]

    def name_of(self, node_id: str) -> str:
        """Display name of an activity or an outside party."""
        if node_id in self._by_id:
            return self._by_id[node_id].name
        for party in self.parties:
            if party.id == node_id:
                return party.name
        return node_id

    def is_activity(self, node_id: str) -> bool:
        return node_id in self._by_id

    def inputs_of(self, activity_id: str) -> tuple[Flow, ...]:
        return tuple(f for f in self.flows if f.target == activity_id)

    def outputs_of(self, activity_id: str) -> tuple[Flow, ...]:
        return tuple(f for f in self.flows if f.source == activity_id)

    def flows_between(self, source: str, target: str) -> tuple[Flow, ...]:
        return tuple(f for f in self.flows if f.source == source and f.target == target)

    def practices_of(self, activity_id: str) -> tuple[Practice, ...]:
        return tuple(p for p in self.practices if activity_id in p.supports)

    def comparison(self, a: str, b: str) -> Comparison | None:
        wanted = {a, b}
        return next((c for c in self.comparisons if set(c.between) == wanted), None)

    def value_stream(self, stream_id: str) -> ValueStream | None:
        return next((v for v in self.value_streams if v.id == stream_id), None)

    def concept(self, concept_id: str) -> Concept | None:
        return next((c for c in self.concepts if c.id == concept_id), None)

    def in_canonical_order(self, ids: set[str] | list[str] | tuple[str, ...]) -> list[str]:
        wanted = set(ids)
        return [a for a in self.activity_ids if a in wanted]
