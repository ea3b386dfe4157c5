"""Turning free text into comparable tokens: normalising, stemming, stop words."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

MAX_QUESTION_CHARS = 500  # longer input is cut: no real question is longer, and fuzzy work is per token

_POSSESSIVE = re.compile(r"(?<=[a-z0-9])['\u2019]s\b")
_APOSTROPHES = str.maketrans({"\u2019": "", "\u2018": "", "'": "", "`": ""})
_NON_WORD = re.compile(r"[^a-z0-9]+")

# English words that carry no topic.
FUNCTION_WORDS = frozenset("""
a an the and or of to in on at for from by with into onto about as is are was were be been being am
do does did doing done have has had having i me my we our us you your he she it its they them their
this that these those there here what whats which who whom whose when where why how can could should
would will shall may might must please tell explain describe give show list name say mean means
so just also too very really quite any some all each every other another such than then
hi hey hello yo ok okay thanks thank lol pls plz bot tutor quick question q us like kind sort
not no yes actually basically exactly again even still ever simply briefly main mainly
n tho though anyway right ok whatever stuff thing things bit little
""".split())
# Words nearly every question about the value chain has, so they tell activities apart not at all.
GENERIC_WORDS = frozenset("one ones activity activities value chain svc service itil 4 following".split())
STOP_WORDS = FUNCTION_WORDS | GENERIC_WORDS


def normalise(text: str) -> str:
    """Lower-case ASCII words separated by single spaces; '&' reads as 'and', '/' as a space."""
    text = unicodedata.normalize("NFKD", text[:MAX_QUESTION_CHARS])
    text = _POSSESSIVE.sub("", text.lower())  # "O/B's goal" is O/B's goal; "what's" reads as "what"
    text = text.encode("ascii", "ignore").decode().translate(_APOSTROPHES)
    text = text.replace("&", " and ")
    return " ".join(_NON_WORD.sub(" ", text).split())


def tokens(text: str) -> list[str]:
    return normalise(text).split()


_SUFFIXES = ("ations", "ation", "ments", "ment", "ings", "ing", "ies", "ied", "es", "ed", "s")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light suffix stripper, enough to match 'planning' with 'plan' and 'resolves' with 'resolved'."""
    if len(word) <= 3 or word.isdigit():
        return word
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            if suffix == "s" and word.endswith(("ss", "us", "is")):
                break
            if suffix == "es" and not word.endswith(("sses", "ches", "shes", "xes")):
                word = word[:-1]
            else:
                word = word[: -len(suffix)] + ("y" if suffix in ("ies", "ied") else "")
            break
    if word.endswith("e") and len(word) > 4:
        word = word[:-1]
    if word.endswith("y") and len(word) > 5:
        word = word[:-1]
    if len(word) > 4 and word[-1] == word[-2] and word[-1] not in "lsz":
        word = word[:-1]
    return word


@lru_cache(maxsize=4096)
def phrase_stems(text: str) -> tuple[str, ...]:
    return tuple(stem(t) for t in tokens(text))


def content(words: list[str]) -> list[str]:
    return [w for w in words if w not in STOP_WORDS]
