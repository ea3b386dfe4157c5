"""The quiz: a question bank built from the knowledge base, private practice (quizzes, mock exams,
spaced review, progress) and group rounds, all kept in the store. Nothing here knows Telegram."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from knowledge import KnowledgeBase

from ..store import Store
from .bank import Question, QuestionBank, build_bank
from .coach import Coach
from .records import QuizRecords
from .rounds import Rounds


@dataclass
class Quiz:
    bank: QuestionBank
    coach: Coach
    rounds: Rounds


def build_quiz(kb: KnowledgeBase, store: Store, clock: Callable[[], float] | None = None,
               bank: QuestionBank | None = None) -> Quiz:
    bank = bank or build_bank(kb)
    records = QuizRecords(store)
    return Quiz(bank, Coach(kb, bank, records, clock), Rounds(bank, records, clock))


__all__ = ["Question", "QuestionBank", "Quiz", "build_bank", "build_quiz"]
