"""Grading a learner's picks for a scenario: which activities were right, missed or extra.

The exam asks for the activities *mainly* involved, so those are what must be picked. An activity
that *may* take part (Obtain/build in an incident, when a part is needed) is never marked wrong:
NOTES.md's worked example shows all of them can appear in one incident.
"""
from __future__ import annotations

from dataclasses import dataclass

from knowledge.model import Scenario

RIGHT, PARTLY, WRONG = "right", "partly", "wrong"


@dataclass(frozen=True)
class Grade:
    right: tuple[str, ...]    # mainly involved, and picked
    missed: tuple[str, ...]   # mainly involved, not picked
    allowed: tuple[str, ...]  # picked; may take part, so not counted against
    extra: tuple[str, ...]    # picked, takes no part in this situation

    @property
    def verdict(self) -> str:
        if not self.missed and not self.extra:
            return RIGHT
        return PARTLY if self.right else WRONG


def grade(scenario: Scenario, picks: set[str], order: tuple[str, ...]) -> Grade:
    """Grade `picks` against the scenario; every list follows `order` (the canonical activity order)."""
    def ordered(ids: set[str]) -> tuple[str, ...]:
        return tuple(a for a in order if a in ids)

    mainly, also = set(scenario.mainly), set(scenario.also)
    return Grade(right=ordered(picks & mainly), missed=ordered(mainly - picks), allowed=ordered(picks & also),
                 extra=ordered(picks - mainly - also))
