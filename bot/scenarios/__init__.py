"""Scenario drills: pick the activities a situation mainly involves, graded with the reasons."""
from __future__ import annotations

from collections.abc import Callable

from knowledge import KnowledgeBase

from ..quiz.records import QuizRecords
from ..store import Store
from .drills import GROUP_OPEN_MINUTES, DrillRefused, Drills, Started, Submitted, Toggled
from .grading import PARTLY, RIGHT, WRONG, Grade, grade
from .records import Drill, DrillRecords
from .views import DrillPrompt, DrillResult


def build_drills(kb: KnowledgeBase, store: Store, clock: Callable[[], float] | None = None) -> Drills:
    return Drills(kb, DrillRecords(store), QuizRecords(store), clock)


__all__ = ["GROUP_OPEN_MINUTES", "PARTLY", "RIGHT", "WRONG", "Drill", "DrillPrompt", "DrillRecords", "DrillRefused",
           "DrillResult", "Drills", "Grade", "Started", "Submitted", "Toggled", "build_drills", "grade"]
