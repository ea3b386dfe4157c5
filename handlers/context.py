"""What every handler can reach: the tutor's core services, through a typed context."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from telegram.ext import Application, CallbackContext, ExtBot

from bot.chats import Chats
from bot.engine import Tutor
from bot.pictures import Painter, Picture
from bot.pictures.painter import Recent
from bot.quiz import Quiz
from bot.scenarios import Drills
from bot.store import Store

if TYPE_CHECKING:
    from .admins import AdminCache

SERVICES_KEY = "services"


@dataclass
class Services:
    tutor: Tutor
    store: Store
    quiz: Quiz
    drills: Drills
    chats: Chats
    admins: AdminCache
    painter: Painter = field(default_factory=Painter)
    # Telegram keeps every photo the bot sent: sending its file id again costs no upload
    photo_ids: Recent[Picture, str] = field(default_factory=Recent)


class TutorContext(CallbackContext[ExtBot, dict, dict, dict]):
    """CallbackContext with the core services as typed attributes instead of dict look-ups."""

    @property
    def services(self) -> Services:
        return self.bot_data[SERVICES_KEY]

    @property
    def tutor(self) -> Tutor:
        return self.services.tutor

    @property
    def store(self) -> Store:
        return self.services.store

    @property
    def quiz(self) -> Quiz:
        return self.services.quiz

    @property
    def drills(self) -> Drills:
        return self.services.drills

    @property
    def chats(self) -> Chats:
        return self.services.chats


TutorApp = Application[ExtBot, TutorContext, dict, dict, dict, object]


def services_of(app: Application) -> Services:
    """The core services where there is no context yet (start-up, helpers shared with jobs)."""
    return app.bot_data[SERVICES_KEY]
