"""Groups and channels as communities: the daily question and weekly posts on a schedule, the
admins' settings, and what the group's answers say about it. Nothing here knows Telegram."""
from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from knowledge import KnowledgeBase

from ..quiz.bank import QuestionBank
from ..store import Store
from .insight import Insight
from .manage import ALL_ACTIVITIES, DAILY_OFF, KEEP_ONE, SAVED, TOGGLE_WEEKLY, UNKNOWN, Manager, Panel
from .records import ChatRecords, DailyPost
from .schedule import CATCH_UP, Due, Posting, Schedule
from .settings import DAILY_USAGE, ChatSettings, DailyRequest, read_daily_request
from .views import ChannelRecap, DailySet, GroupStats, SettingsView, WeeklyBoard


@dataclass
class Chats:
    schedule: Schedule
    insight: Insight
    manager: Manager
    records: ChatRecords


def build_chats(kb: KnowledgeBase, store: Store, bank: QuestionBank, clock: Callable[[], float] | None = None,
                rng: random.Random | None = None) -> Chats:
    clock = clock or store.now
    records = ChatRecords(store)
    insight = Insight(kb, bank, records)
    return Chats(Schedule(bank, store, records, insight, kb.activity_ids, clock, rng), insight,
                 Manager(kb, store, records, clock), records)


__all__ = ["ALL_ACTIVITIES", "CATCH_UP", "DAILY_OFF", "DAILY_USAGE", "KEEP_ONE", "SAVED", "TOGGLE_WEEKLY", "UNKNOWN",
           "ChannelRecap", "ChatRecords", "ChatSettings", "Chats", "DailyPost", "DailyRequest", "DailySet", "Due",
           "GroupStats", "Manager", "Panel", "Posting", "Schedule", "SettingsView", "WeeklyBoard", "build_chats",
           "read_daily_request"]
