"""Reading what follows /quiz: an optional number of questions and an optional activity, any order."""
from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz, process, utils

from knowledge import KnowledgeBase

ACTIVITY_CUTOFF = 80  # rapidfuzz WRatio; "enage" and "d&t" pass, "hello" does not


@dataclass(frozen=True)
class QuizRequest:
    count: int | None = None
    activity: str | None = None
    problem: str = ""


def read_quiz_request(text: str, kb: KnowledgeBase, most: int) -> QuizRequest:
    count: int | None = None
    words = []
    for word in text.split():
        if word.isdigit() and count is None:
            count = int(word)
        else:
            words.append(word)
    if count is not None and not 1 <= count <= most:
        return QuizRequest(problem=f"Pick between 1 and {most} questions, for example /quiz 5.")
    if not words:
        return QuizRequest(count)
    activity = find_activity(" ".join(words), kb)
    if activity is None:
        names = ", ".join(a.aliases[0] for a in kb.activities)
        return QuizRequest(problem=f"I don't know the activity \u201c{' '.join(words)[:40]}\u201d. "
                                   f"Try one of: {names}.")
    return QuizRequest(count, activity)


def find_activity(text: str, kb: KnowledgeBase) -> str | None:
    choices = {alias: a.id for a in kb.activities for alias in (a.id.replace("_", " "), a.name, *a.aliases)}
    found = process.extractOne(text[:60], list(choices), scorer=fuzz.WRatio, processor=utils.default_process,
                               score_cutoff=ACTIVITY_CUTOFF)
    return choices[found[0]] if found else None
