"""What a picture shows, as hashable values: the cache key and the only input the drawing code gets.

Building a spec needs the knowledge base; drawing one needs nothing else, so the same spec always
gives the same PNG and can be cached by value.
"""
from __future__ import annotations

from dataclasses import dataclass

from knowledge import KnowledgeBase
from knowledge.model import Scenario, ValueStream

# how an activity box is drawn
MAIN, ALSO, OFF, PLAIN = "main", "also", "off", "plain"
SCENARIO_LEGEND = ((MAIN, "mainly involved"), (ALSO, "may also take part"), (OFF, "not involved"))


@dataclass(frozen=True)
class ActivityBox:
    activity: str          # the activity id: it decides where the box sits and its colour
    name: str
    role: str              # MAIN (highlighted), ALSO (may take part), OFF (greyed) or PLAIN (nothing chosen)
    steps: tuple[int, ...] = ()  # the value-stream steps this activity takes, numbered from 1


@dataclass(frozen=True)
class StreamStep:
    number: int
    activity: str
    name: str
    what: str


@dataclass(frozen=True)
class ChainPicture:
    """The service value chain: demand and opportunity in, the six activities, value out."""

    title: str
    boxes: tuple[ActivityBox, ...]
    steps: tuple[StreamStep, ...] = ()
    legend: tuple[tuple[str, str], ...] = ()  # (role, what it means here), in legend order

    @property
    def highlighted(self) -> tuple[str, ...]:
        return tuple(b.activity for b in self.boxes if b.role == MAIN)


@dataclass(frozen=True)
class MasteryRow:
    name: str
    right: int
    seen: int
    secure: int | None = None  # a learner's questions in Leitner box 3 or up; None for a group
    available: int = 0


@dataclass(frozen=True)
class MasteryChart:
    """A share of right answers per activity (a learner's, or a group's), as horizontal bars."""

    title: str
    rows: tuple[MasteryRow, ...]
    footer: str = ""


Picture = ChainPicture | MasteryChart


def whole_chain(kb: KnowledgeBase) -> ChainPicture:
    return ChainPicture("The ITIL 4 service value chain",
                        tuple(ActivityBox(a.id, a.name, PLAIN) for a in kb.activities))


def chain_with(kb: KnowledgeBase, activities: tuple[str, ...] | list[str], title: str = "") -> ChainPicture:
    """The chain with some activities highlighted (all of them plain when none are given)."""
    if not activities:
        return whole_chain(kb)
    chosen = set(activities)
    names = " + ".join(kb.name_of(a) for a in kb.in_canonical_order(chosen))
    boxes = tuple(ActivityBox(a.id, a.name, MAIN if a.id in chosen else OFF) for a in kb.activities)
    return ChainPicture(title or names, boxes)  # bright against grey needs no legend


def chain_for_stream(kb: KnowledgeBase, stream: ValueStream) -> ChainPicture:
    numbers, steps = _numbered(kb, stream)
    boxes = tuple(ActivityBox(a.id, a.name, MAIN if a.id in numbers else OFF, numbers.get(a.id, ()))
                  for a in kb.activities)
    return ChainPicture(f"Value stream: {stream.name}", boxes, steps,
                        _legend(boxes, ((MAIN, "in this value stream"), (OFF, "not in it"))))


def chain_for_scenario(kb: KnowledgeBase, scenario: Scenario) -> ChainPicture:
    """Mainly involved activities highlighted, those that may take part tinted, and the scenario's
    value stream numbered when it has one."""
    stream = kb.value_stream(scenario.value_stream) if scenario.value_stream else None
    numbers, steps = _numbered(kb, stream) if stream else ({}, ())
    boxes = tuple(ActivityBox(a.id, a.name, MAIN if a.id in scenario.mainly else ALSO if a.id in scenario.also
                              else OFF, numbers.get(a.id, ())) for a in kb.activities)
    return ChainPicture(scenario.situation, boxes, steps, _legend(boxes, SCENARIO_LEGEND))


def _numbered(kb: KnowledgeBase, stream: ValueStream) -> tuple[dict[str, tuple[int, ...]], tuple[StreamStep, ...]]:
    """Each activity's step numbers in the stream (from 1), and the steps to list."""
    numbers: dict[str, tuple[int, ...]] = {}
    for n, step in enumerate(stream.steps, 1):
        numbers[step.activity] = (*numbers.get(step.activity, ()), n)
    steps = tuple(StreamStep(n, s.activity, kb.name_of(s.activity), s.what) for n, s in enumerate(stream.steps, 1))
    return numbers, steps


def _legend(boxes: tuple[ActivityBox, ...], labels: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    """The legend entries for the roles this picture draws."""
    return tuple((role, label) for role, label in labels if any(b.role == role for b in boxes))


def for_answer_topic(kb: KnowledgeBase, topic: str) -> ChainPicture | None:
    """The picture worth sending with an answer: value streams and situations get one."""
    kind, _, rest = topic.partition(".")
    if kind == "value_stream" and (stream := kb.value_stream(rest)):
        return chain_for_stream(kb, stream)
    if kind == "scenario" and (scenario := next((s for s in kb.scenarios if s.id == rest), None)):
        return chain_for_scenario(kb, scenario)
    return None
