"""Callback data: what each inline button carries, built and parsed in one place.

Telegram returns callback data exactly as the bot sent it, but anyone can forge it with a custom
client, and old messages keep old buttons. So every kind of button has one strict pattern, and a
parser that returns a typed value only for data this bot could have made; anything else is stale.
Callback data is limited to 64 bytes: keys are short, questions are stored (bot.store) not carried.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from telegram import Update

from knowledge import KnowledgeBase

MAX_CALLBACK_BYTES = 64
STALE_BUTTON = "This button has expired. Ask your question again, or send /start for a fresh menu."

# the facets of an activity card, in button order, with their labels
CARD_FACETS: dict[str, str] = {
    "purpose": "Purpose", "inputs": "Inputs", "outputs": "Outputs", "practices": "Practices", "example": "Example",
}


@dataclass(frozen=True)
class AskOffered:
    """Ask a question the bot offered as a button; `key` names it in the store."""

    key: str

    PATTERN = re.compile(r"^q:([0-9a-f]{12})\Z")

    def data(self) -> str:
        return f"q:{self.key}"


@dataclass(frozen=True)
class ActivityList:
    """Show the six activities as buttons."""

    PATTERN = re.compile(r"^acts\Z")

    def data(self) -> str:
        return "acts"


@dataclass(frozen=True)
class ActivityCard:
    """Show one facet of an activity's card, editing the message in place."""

    activity: str
    facet: str = "purpose"

    PATTERN = re.compile(r"^card:([a-z_]{1,30}):([a-z]{1,12})\Z")

    def data(self) -> str:
        return f"card:{self.activity}:{self.facet}"


@dataclass(frozen=True)
class ShowHelp:
    PATTERN = re.compile(r"^help\Z")

    def data(self) -> str:
        return "help"


Button = AskOffered | ActivityList | ActivityCard | ShowHelp


def parse(data: object, kb: KnowledgeBase) -> Button | None:
    """The button behind callback data, or None if this bot never made such data."""
    if not isinstance(data, str) or len(data.encode("utf-8")) > MAX_CALLBACK_BYTES:
        return None
    if m := AskOffered.PATTERN.match(data):
        return AskOffered(m[1])
    if ActivityList.PATTERN.match(data):
        return ActivityList()
    if m := ActivityCard.PATTERN.match(data):
        if m[1] in kb.activity_ids and m[2] in CARD_FACETS:
            return ActivityCard(m[1], m[2])
        return None
    if ShowHelp.PATTERN.match(data):
        return ShowHelp()
    return None



async def stale_button(update: Update, context: object) -> None:
    """Any callback data no handler claimed: forged, or from an older version of the bot."""
    if update.callback_query is not None:
        await update.callback_query.answer(STALE_BUTTON)
