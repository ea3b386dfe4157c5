"""Callback data: what each inline button carries, built and parsed in one place.

Telegram returns callback data exactly as the bot sent it, but anyone can forge it with a custom
client, and old messages keep old buttons. So every kind of button has one strict pattern, and a
parser that returns a typed value only for data this bot could have made; anything else is stale.
Callback data is limited to 64 bytes: keys are short, questions are stored (bot.store) not carried.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TypeVar

from telegram import CallbackQuery, Update

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


@dataclass(frozen=True)
class QuizAnswer:
    """An answer in a private quiz: the session and question it was shown for, and the option.

    The owner is not in the data: the core checks the tapping user against the session's owner,
    so forged data naming someone else's session is refused there."""

    session: int
    position: int
    choice: int

    PATTERN = re.compile(r"^qa:(\d{1,12}):(\d{1,3}):(\d{1,2})\Z")

    def data(self) -> str:
        return f"qa:{self.session}:{self.position}:{self.choice}"


@dataclass(frozen=True)
class QuizStop:
    session: int

    PATTERN = re.compile(r"^qs:(\d{1,12})\Z")

    def data(self) -> str:
        return f"qs:{self.session}"


QUIZ_KINDS = ("practice", "exam", "review", "progress")


@dataclass(frozen=True)
class QuizStart:
    """Start a quiz, a mock exam or a review, or show progress (the buttons under a result)."""

    kind: str

    PATTERN = re.compile(r"^qz:([a-z]{1,10})\Z")

    def data(self) -> str:
        return f"qz:{self.kind}"


@dataclass(frozen=True)
class DrillToggle:
    """Pick or unpick one activity (by its index in the canonical order) in a scenario drill."""

    drill: int
    activity: int

    PATTERN = re.compile(r"^dt:(\d{1,12}):(\d{1,2})\Z")

    def data(self) -> str:
        return f"dt:{self.drill}:{self.activity}"


@dataclass(frozen=True)
class DrillSubmit:
    drill: int

    PATTERN = re.compile(r"^ds:(\d{1,12})\Z")

    def data(self) -> str:
        return f"ds:{self.drill}"


@dataclass(frozen=True)
class DrillStart:
    """Another scenario, please."""

    PATTERN = re.compile(r"^dn\Z")

    def data(self) -> str:
        return "dn"


@dataclass(frozen=True)
class ChooseChat:
    """In a private chat: manage this channel's settings from here."""

    chat_id: int

    PATTERN = re.compile(r"^cc:(-\d{1,16})\Z")

    def data(self) -> str:
        return f"cc:{self.chat_id}"


SETTING_ACTIONS = ("all", "wk", "off", "rz")  # besides an activity's index (see bot.chats.manage)


@dataclass(frozen=True)
class ChangeSetting:
    """A button on a chat's settings panel; the chat is named, as a channel's panel sits in a private chat."""

    chat_id: int
    action: str

    PATTERN = re.compile(r"^cf:(-\d{1,16}):(\d|[a-z]{2,3})\Z")

    def data(self) -> str:
        return f"cf:{self.chat_id}:{self.action}"


@dataclass(frozen=True)
class ConfirmReset:
    """Yes or no to resetting a chat's leaderboard; `asked_at` lets an old question expire."""

    chat_id: int
    asked_at: int
    yes: bool

    PATTERN = re.compile(r"^rz:(-\d{1,16}):(\d{1,12}):([yn])\Z")

    def data(self) -> str:
        return f"rz:{self.chat_id}:{self.asked_at}:{'y' if self.yes else 'n'}"


@dataclass(frozen=True)
class ConfirmForget:
    """Yes or no to /forgetme; always about the user who taps, never about an id in the data."""

    asked_at: int
    yes: bool

    PATTERN = re.compile(r"^fg:(\d{1,12}):([yn])\Z")

    def data(self) -> str:
        return f"fg:{self.asked_at}:{'y' if self.yes else 'n'}"


B = TypeVar("B")

Button = (AskOffered | ActivityList | ActivityCard | ShowHelp | QuizAnswer | QuizStop | QuizStart | DrillToggle
          | DrillSubmit | DrillStart | ChooseChat | ChangeSetting | ConfirmReset | ConfirmForget)


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
    if m := QuizAnswer.PATTERN.match(data):
        return QuizAnswer(int(m[1]), int(m[2]), int(m[3]))
    if m := QuizStop.PATTERN.match(data):
        return QuizStop(int(m[1]))
    if m := QuizStart.PATTERN.match(data):
        return QuizStart(m[1]) if m[1] in QUIZ_KINDS else None
    if m := DrillToggle.PATTERN.match(data):
        return DrillToggle(int(m[1]), int(m[2])) if int(m[2]) < len(kb.activities) else None
    if m := DrillSubmit.PATTERN.match(data):
        return DrillSubmit(int(m[1]))
    if DrillStart.PATTERN.match(data):
        return DrillStart()
    if m := ChooseChat.PATTERN.match(data):
        return ChooseChat(int(m[1]))
    if m := ChangeSetting.PATTERN.match(data):
        action = m[2]
        if (action.isdigit() and int(action) < len(kb.activities)) or action in SETTING_ACTIONS:
            return ChangeSetting(int(m[1]), action)
        return None
    if m := ConfirmReset.PATTERN.match(data):
        return ConfirmReset(int(m[1]), int(m[2]), m[3] == "y")
    if m := ConfirmForget.PATTERN.match(data):
        return ConfirmForget(int(m[1]), m[2] == "y")
    return None


async def claim(query: CallbackQuery, kb: KnowledgeBase, kind: type[B]) -> B | None:
    """The `kind` of button behind a tap, on a message the bot can still edit; else None, after
    telling the user the button has expired (forged data, an old message, another bot version)."""
    button = parse(query.data, kb)
    if isinstance(button, kind) and query.message is not None and query.message.is_accessible:
        return button
    await query.answer(STALE_BUTTON)
    return None


async def stale_button(update: Update, context: object) -> None:
    """Any callback data no handler claimed: forged, or from an older version of the bot."""
    if update.callback_query is not None:
        await update.callback_query.answer(STALE_BUTTON)
