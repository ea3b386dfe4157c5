"""When a chat's scheduled posts are due, and what they are: the daily question and the weekly post.

A face (the Telegram bot) keeps one timer per chat. It asks `next_due` when to wake, and at that
time `take_due` for what to send, which claims the day (and on Mondays the week) in the store
first, so nothing is ever posted twice, whatever timers a restart or a change of settings leaves.
The face reports back: `sent`, or `failed` to free the claim for a retry.
"""
from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from ..quiz.bank import Question, QuestionBank
from ..quiz.rounds import PollVerdict, score_poll_answer
from ..store import ChatRecord, Store
from .insight import Insight
from .records import ChatRecords, DailyPost
from .settings import ChatSettings
from .timing import due_on, local_day, week_of
from .views import ChannelRecap, WeeklyBoard

# a timer may fire a little early (clocks differ): up to this much is "on time"
EARLY_TOLERANCE = 1.0
# a post more than this late (the bot was down) is skipped rather than sent at an odd hour
LATE_LIMIT = 3 * 3600.0
# after a restart, a post missed by up to this much is still sent
CATCH_UP = 2 * 3600.0
RECENT_QUESTIONS = 60  # a daily question does not come back before this many others


@dataclass(frozen=True)
class Due:
    day: date
    at: float


@dataclass(frozen=True)
class Posting:
    """What to send now for a chat's timer (each part already claimed in the store)."""

    chat: ChatRecord | None = None
    settings: ChatSettings = field(default_factory=ChatSettings)
    day: date | None = None
    early_until: float | None = None      # fired early: wake again then, send nothing now
    weekly: WeeklyBoard | ChannelRecap | None = None
    week: str = ""                        # the claimed week (to release if sending fails)
    question: Question | None = None      # the daily question
    to_close: tuple[DailyPost, ...] = field(default=())  # earlier daily polls to stop first

    @property
    def anonymous(self) -> bool:
        """Channels allow only anonymous polls, so their answers credit no one."""
        return self.chat is not None and self.chat.kind == "channel"


class Schedule:
    def __init__(self, bank: QuestionBank, store: Store, records: ChatRecords, insight: Insight,
                 activity_ids: tuple[str, ...], clock: Callable[[], float] | None = None,
                 rng: random.Random | None = None) -> None:
        self.bank, self.store, self.records, self.insight = bank, store, records, insight
        self.activity_ids = activity_ids
        self.clock = clock or store.now
        self.rng = rng or random.Random()

    def settings(self, chat: ChatRecord) -> ChatSettings:
        return ChatSettings.from_stored(chat.settings, self.activity_ids)

    def scheduled_chats(self) -> list[int]:
        """Chats with something to post (for the timers set at start-up)."""
        return [c.chat_id for c in self.store.active_chats_with_settings()
                if self._anything_on(c, self.settings(c))]

    @staticmethod
    def _anything_on(chat: ChatRecord, settings: ChatSettings) -> bool:
        return chat.kind != "private" and (settings.daily_at is not None or settings.weekly_on(chat.kind))

    def next_due(self, chat_id: int, catch_up: float = 0.0) -> Due | None:
        """The next time the chat has something to post, or None. With `catch_up`, a post missed by up
        to that many seconds counts as due now (after a restart)."""
        chat = self.store.chat(chat_id)
        if chat is None or not chat.is_active:
            return None
        settings = self.settings(chat)
        if not self._anything_on(chat, settings):
            return None
        now = self.clock()
        today = local_day(now, settings.zone)
        posted = self.records.posted_days(chat_id, (today - timedelta(days=1)).isoformat())
        for offset in range(-1, 9):  # from yesterday (a catch-up across midnight) to next week's Monday
            day = today + timedelta(days=offset)
            at = due_on(day, settings.post_at, settings.zone)
            if at < now - catch_up:
                continue
            if self._work_on(chat, settings, day, posted):
                return Due(day, at)
        return None

    def _work_on(self, chat: ChatRecord, settings: ChatSettings, day: date, posted: set[str]) -> bool:
        if settings.daily_at is not None and day.isoformat() not in posted:
            return True
        return (day.weekday() == 0 and settings.weekly_on(chat.kind)
                and not self.records.week_claimed(chat.chat_id, week_of(day)))

    def take_due(self, chat_id: int, day: date) -> Posting:
        """What to post now for the chat's `day`; claims it. Nothing if it is not (or no longer) due."""
        chat = self.store.chat(chat_id)
        if chat is None or not chat.is_active:
            return Posting()
        settings = self.settings(chat)
        if not self._anything_on(chat, settings):
            return Posting(chat, settings)
        at = due_on(day, settings.post_at, settings.zone)
        now = self.clock()
        if now < at - EARLY_TOLERANCE:
            return Posting(chat, settings, day, early_until=at)
        if now > at + LATE_LIMIT:
            return Posting(chat, settings, day)
        weekly, week = None, ""
        if day.weekday() == 0 and settings.weekly_on(chat.kind) and self.records.claim_week(chat_id, week_of(day)):
            week = week_of(day)
            weekly = self.insight.weekly_post(chat, settings, day)
        question = None
        if settings.daily_at is not None:
            candidate = self._pick_question(chat_id, settings)
            if candidate is not None and self.records.claim_day(chat_id, day.isoformat(), candidate.id):
                question = candidate
        to_close = tuple(self.records.open_daily_posts(chat_id)) if question is not None else ()
        return Posting(chat, settings, day, weekly=weekly, week=week, question=question, to_close=to_close)

    def _pick_question(self, chat_id: int, settings: ChatSettings) -> Question | None:
        chosen = set(settings.activities)
        pool = [q for q in self.bank.poll_questions if not chosen or chosen & set(q.activities)]
        if not pool:
            return None
        recent = set(self.records.recent_questions(chat_id, min(RECENT_QUESTIONS, len(pool) - 1)))
        fresh = [q for q in pool if q.id not in recent] or pool
        return self.rng.choice(fresh)

    # --- reports from the face
    def sent(self, posting: Posting, poll_id: str, message_id: int) -> None:
        self.records.daily_sent(posting.chat.chat_id, posting.day.isoformat(), poll_id, message_id)

    def failed(self, posting: Posting, daily: bool = True, weekly: bool = True) -> None:
        """Sending failed for a reason that may pass: free the claims so the next timer can try again."""
        if daily and posting.question is not None:
            self.records.release_day(posting.chat.chat_id, posting.day.isoformat())
        if weekly and posting.week:
            self.records.release_week(posting.chat.chat_id, posting.week)

    def poll_closed(self, post: DailyPost, option_voters: list[int] | None = None) -> None:
        if option_voters is None:
            self.records.close_daily(post.poll_id)
        else:
            self.poll_state(post.poll_id, option_voters, closed=True)

    def poll_state(self, poll_id: str, option_voters: list[int], closed: bool) -> bool:
        """Telegram's counts for a daily poll (how a channel's readers did); False if not a daily poll."""
        post = self.records.daily_post(poll_id)
        question = self.bank.get(post.question_id) if post else None
        if question is None or len(option_voters) != len(question.options):
            return False
        return self.records.poll_counts(poll_id, sum(option_voters), option_voters[question.correct], closed)

    def record_answer(self, poll_id: str, user_id: int, name: str, option_ids: tuple[int, ...]) -> PollVerdict:
        """A member's answer to a group's daily poll: counted once, with a point if right."""
        post = self.records.daily_post(poll_id)
        if post is None:
            return PollVerdict(False, "unknown_poll")
        if post.closed:
            return PollVerdict(False, "round_over")
        return score_poll_answer(self.bank.get(post.question_id), user_id, option_ids,
                                 lambda choice, correct: self.records.record_daily_answer(post, user_id, name, choice,
                                                                                          correct))

    def chat_left(self, chat_id: int) -> None:
        """The bot was removed: its scheduled posts stop, and stay off if it is added again."""
        if self.store.chat(chat_id) is not None:
            self.store.update_chat_settings(chat_id, {"daily_at": None, "weekly": False})
