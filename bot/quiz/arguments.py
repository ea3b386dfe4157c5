"""Reading what learners type after a command: /quiz's number and activity, lists of activities."""
from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz, process, utils

from knowledge import KnowledgeBase

ACTIVITY_CUTOFF = 80  # rapidfuzz WRatio; "enage" and "d&t" pass, "hello" does not
_FILLER = {"and", "&", "+", "the", "value", "stream", "activity", "activities"}


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
    return closest(text, {alias: a.id for a in kb.activities for alias in (a.id.replace("_", " "), a.name, *a.aliases)})


def closest(text: str, choices: dict[str, str]) -> str | None:
    """The value of the name in `choices` that `text` fuzzily matches ("enage", "suplier"), if any."""
    found = process.extractOne(text[:60], list(choices), scorer=fuzz.WRatio, processor=utils.default_process,
                               score_cutoff=ACTIVITY_CUTOFF)
    return choices[found[0]] if found else None


def activities_named(text: str, kb: KnowledgeBase) -> tuple[list[str], str]:
    """Activity ids named in `text` (names, aliases, typos), and the first word not understood ("")."""
    names = {n.lower(): a.id for a in kb.activities for n in (a.name, a.id.replace("_", " "), *a.aliases)}
    longest = max(len(n.split()) for n in names)
    words = re.sub(r"[,;]", " ", text.lower()).split()
    found: list[str] = []
    i = 0
    while i < len(words):
        for size in range(min(longest, len(words) - i), 0, -1):
            span = " ".join(words[i:i + size])
            if span in names:
                found.append(names[span])
                i += size
                break
        else:
            word = words[i]
            i += 1
            if word in _FILLER:
                continue
            guess = find_activity(word, kb)  # a typo of one name: "enage"
            if guess is None:
                return found, word
            found.append(guess)
    return list(dict.fromkeys(found)), ""
