"""The quiz's question bank: questions generated from the knowledge base plus the hand-written ones.

Building it is deterministic: the same knowledge gives the same questions, with the same ids and
the options in the same order, so a quiz stored before a restart means the same thing after it.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from functools import cached_property

from knowledge import KnowledgeBase
from knowledge.model import WrittenQuestion

# Telegram's quiz polls (telegram.constants.PollLimit; the core does not import telegram)
POLL_QUESTION_CHARS = 300
POLL_OPTION_CHARS = 100
POLL_MAX_OPTIONS = 12
LETTERS = "ABCDEFGHIJKL"


@dataclass(frozen=True)
class Question:
    id: str
    style: str  # standard, negative, missing_word, list or true_false
    text: str
    options: tuple[str, ...]
    correct: int
    explanation: str
    activities: tuple[str, ...]
    # which generator made it ("written" for hand-written ones) and the knowledge keys it is
    # about: what the tests use to check every answer against the knowledge base
    kind: str = "written"
    about: tuple[str, ...] = ()

    @property
    def answer(self) -> str:
        return self.options[self.correct]

    @property
    def fits_poll(self) -> bool:
        """Whether a Telegram quiz poll can carry it as it is."""
        return (len(self.text) <= POLL_QUESTION_CHARS and 2 <= len(self.options) <= POLL_MAX_OPTIONS
                and all(len(o) <= POLL_OPTION_CHARS for o in self.options))

    def to_json(self) -> dict:
        return {"id": self.id, "question": self.text, "options": list(self.options), "correct": self.correct,
                "explanation": self.explanation, "activities": list(self.activities)}


@dataclass
class QuestionBank:
    questions: tuple[Question, ...]
    _by_id: dict[str, Question] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._by_id = {q.id: q for q in self.questions}
        if len(self._by_id) != len(self.questions):
            raise ValueError("two questions share an id")

    def __len__(self) -> int:
        return len(self.questions)

    def get(self, question_id: str) -> Question | None:
        return self._by_id.get(question_id)

    def about(self, activity: str | None = None, *, polls_only: bool = False) -> list[Question]:
        """The questions on one activity (all of them for None), optionally only those a poll can carry."""
        return [q for q in self.questions
                if (activity is None or activity in q.activities) and (not polls_only or q.fits_poll)]

    @cached_property
    def poll_questions(self) -> list[Question]:
        return self.about(polls_only=True)


def build_bank(kb: KnowledgeBase) -> QuestionBank:
    from .generate import generated_questions

    return QuestionBank(tuple(generated_questions(kb)) + tuple(written(q) for q in kb.questions))


def written(q: WrittenQuestion) -> Question:
    """A hand-written question as the quiz asks it (options shuffled, stably, by its id)."""
    if q.style == "true_false":
        return Question(q.id, q.style, q.question, ("True", "False"), 0 if q.answer else 1, q.explanation,
                        q.activities)
    if q.style == "list":
        numbered = "\n".join(f"{n}. {s}" for n, s in enumerate(q.statements, 1))
        options, correct = pair_options(q.true_statements, random.Random(q.id))
        return Question(q.id, q.style, f"{q.question}\n{numbered}", options, correct, q.explanation, q.activities)
    options, correct = shuffled(q.correct, q.wrong, random.Random(q.id))
    return Question(q.id, q.style, q.question, options, correct, q.explanation, q.activities)


def shuffled(correct: str, wrong: tuple[str, ...] | list[str], rng: random.Random) -> tuple[tuple[str, ...], int]:
    options = [correct, *wrong]
    rng.shuffle(options)
    return tuple(options), options.index(correct)


def pair_options(true_pair: tuple[int, ...], rng: random.Random) -> tuple[tuple[str, ...], int]:
    """Four "n and m" options for a list question, one of them the true pair (statements 1-4)."""
    pairs = [(1, 2), (1, 3), (1, 4), (2, 3), (2, 4), (3, 4)]
    wrong = [p for p in pairs if p != tuple(true_pair)]
    chosen = sorted([tuple(true_pair), *rng.sample(wrong, 3)])
    return tuple(f"{a} and {b}" for a, b in chosen), chosen.index(tuple(true_pair))
