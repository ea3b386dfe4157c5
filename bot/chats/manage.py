"""What a chat's admins change: the daily question's time and activities, the weekly post, the
leaderboard, and (for a channel, from a private chat) which chat they are managing.

Whether someone is an admin is for the face to check (it asks Telegram); everything here assumes
they are.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta

from knowledge import KnowledgeBase

from ..store import ChatRecord, Store
from .records import ChatRecords
from .settings import ChatSettings, DailyRequest
from .timing import due_on, local_day
from .views import DailySet, SettingsView, when

# what a settings button may do (the face puts these in its callback data)
ALL_ACTIVITIES, TOGGLE_WEEKLY, DAILY_OFF = "all", "wk", "off"
# what a change came to
SAVED, KEEP_ONE, UNKNOWN = "saved", "keep_one", "unknown"


@dataclass(frozen=True)
class Panel:
    """A chat's settings as stored and as shown: the face builds its buttons from `settings`."""

    chat: ChatRecord
    settings: ChatSettings
    view: SettingsView


class Manager:
    def __init__(self, kb: KnowledgeBase, store: Store, records: ChatRecords,
                 clock: Callable[[], float] | None = None) -> None:
        self.kb, self.store, self.records = kb, store, records
        self.clock = clock or store.now

    def settings(self, chat: ChatRecord) -> ChatSettings:
        return ChatSettings.from_stored(chat.settings, self.kb.activity_ids)

    def panel(self, chat_id: int, from_private: bool = False) -> Panel | None:
        chat = self.store.chat(chat_id)
        if chat is None or chat.kind == "private":
            return None
        settings = self.settings(chat)
        points, members = self.records.points_total(chat_id)
        view = SettingsView(chat.title, chat.kind, settings.daily_at, settings.zone, settings.thread_id is not None,
                            self.next_daily(chat_id, settings), tuple(self.kb.name_of(a) for a in settings.activities),
                            settings.weekly_on(chat.kind), points, members, from_private)
        return Panel(chat, settings, view)

    def next_daily(self, chat_id: int, settings: ChatSettings) -> str:
        """When the next daily question comes ("tomorrow at 08:30"), or "" when it is off."""
        if settings.daily_at is None:
            return ""
        now = self.clock()
        today = local_day(now, settings.zone)
        posted = self.records.posted_days(chat_id, today.isoformat())
        day: date = today
        while day.isoformat() in posted or due_on(day, settings.daily_at, settings.zone) < now:
            day += timedelta(days=1)
        return when(day, settings.daily_at, today)

    def set_daily(self, chat_id: int, request: DailyRequest, thread_id: int | None = None) -> DailySet:
        """Turn the daily question on at a time (keeping the zone unless one is given), or off."""
        chat = self.store.chat(chat_id)
        settings = self.settings(chat)
        if request.off:
            settings = replace(settings, daily_at=None)
        elif request.at is not None:
            settings = replace(settings, daily_at=request.at, zone=request.zone or settings.zone, thread_id=thread_id)
        self._save(chat_id, settings)
        return self._daily_set(chat, settings)

    def daily_shown(self, chat_id: int) -> DailySet:
        chat = self.store.chat(chat_id)
        return self._daily_set(chat, self.settings(chat))

    def _daily_set(self, chat: ChatRecord, settings: ChatSettings) -> DailySet:
        return DailySet(chat.title, settings.daily_at, settings.zone, self.next_daily(chat.chat_id, settings),
                        in_topic=settings.thread_id is not None)

    def change(self, chat_id: int, action: str) -> str:
        """A settings button: an activity's index toggles it, or ALL_ACTIVITIES, TOGGLE_WEEKLY, DAILY_OFF.
        Returns SAVED, KEEP_ONE (the last activity cannot go) or UNKNOWN (forged, or from an older bot)."""
        chat = self.store.chat(chat_id)
        if chat is None or not chat.is_active or chat.kind == "private":
            return UNKNOWN
        settings = self.settings(chat)
        ids = self.kb.activity_ids
        if action == ALL_ACTIVITIES:
            settings = replace(settings, activities=())
        elif action == TOGGLE_WEEKLY:
            settings = replace(settings, weekly=not settings.weekly_on(chat.kind))
        elif action == DAILY_OFF:
            settings = replace(settings, daily_at=None)
        elif action.isdigit() and int(action) < len(ids):
            toggled = settings.with_activity_toggled(ids[int(action)], ids)
            if toggled == settings:
                return KEEP_ONE
            settings = toggled
        else:
            return UNKNOWN
        self._save(chat_id, settings)
        return SAVED

    def _save(self, chat_id: int, settings: ChatSettings) -> None:
        self.store.update_chat_settings(chat_id, settings.stored())

    def reset_leaderboard(self, chat_id: int) -> tuple[int, int]:
        """Delete the chat's points; returns what they were (points, members)."""
        return self.records.reset_points(chat_id)

    def choose(self, user_id: int, chat_id: int) -> None:
        self.records.choose_chat(user_id, chat_id)

    def chosen(self, user_id: int) -> ChatRecord | None:
        """The channel the user manages from their private chat, while the bot is still in it."""
        chat_id = self.records.chosen_chat(user_id)
        chat = self.store.chat(chat_id) if chat_id is not None else None
        return chat if chat is not None and chat.is_active else None

    def channels(self) -> list[ChatRecord]:
        """Channels the bot is in (the face keeps those where the user is an admin)."""
        return self.store.active_chats("channel")
