"""Group rounds: a chat answers a few quiz polls together, scored from each member's poll answer.

A face (the Telegram bot) sends the polls and calls back here: `poll_sent` when a poll is out,
`record_answer` for each answer, `advance` when the poll's time is up. The rules live here: one
round per chat, an answer counts once, only for a poll of an open round and only in time.
"""
from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from .bank import Question, QuestionBank
from .records import QuizRecords, Round
from .views import Leaderboard, RoundStatus, Standing

ROUND_DEFAULT, ROUND_MAX = 5, 10
OPEN_SECONDS = 30  # how long each poll stays open (Telegram allows 5 to 600)
GRACE_SECONDS = 2  # answers that cross the poll's closing on the wire still count
PAUSE_SECONDS = 3  # between a poll closing and the next one, so the result can be seen


@dataclass(frozen=True)
class PollVerdict:
    counted: bool
    reason: str  # counted, unknown_poll, round_over, late, repeat, retracted, bad_option
    user_id: int = 0
    question_id: str = ""
    correct: bool = False


@dataclass(frozen=True)
class Step:
    """What the round does next: ask `question` (position) or, when it is None, show the end."""

    round: Round
    question: Question | None
    status: RoundStatus


def score_poll_answer(question: Question | None, user_id: int, option_ids: tuple[int, ...],
                      record: Callable[[int, bool], bool]) -> PollVerdict:
    """The end every poll answer goes through (rounds and daily questions): a valid choice, recorded
    once by `record(choice, correct)`, which says False for a repeat."""
    if not option_ids:
        return PollVerdict(False, "retracted")  # quiz polls cannot be retracted; ignore if it comes
    choice = option_ids[0]
    if question is None or not 0 <= choice < len(question.options):
        return PollVerdict(False, "bad_option")
    correct = choice == question.correct
    if not record(choice, correct):
        return PollVerdict(False, "repeat")
    return PollVerdict(True, "counted", user_id, question.id, correct)


class Rounds:
    def __init__(self, bank: QuestionBank, records: QuizRecords, clock: Callable[[], float] | None = None,
                 rng: random.Random | None = None) -> None:
        self.bank, self.records = bank, records
        self.clock = clock or records.now
        self.rng = rng or random.Random()

    def start(self, chat_id: int, thread_id: int | None, started_by: int, count: int | None = None,
              activity: str | None = None, open_seconds: int = OPEN_SECONDS) -> Step | None:
        """The round's first step, or None if the chat already has a round going."""
        if self.records.open_round(chat_id) is not None:
            return None
        count = max(1, min(count or ROUND_DEFAULT, ROUND_MAX))
        pool = [q for q in self.bank.poll_questions if activity is None or activity in q.activities]
        chosen = self.rng.sample(pool, min(count, len(pool)))
        started = self.records.create_round(chat_id, thread_id, started_by, [q.id for q in chosen], open_seconds)
        return None if started is None else self._step(started)

    def open_round(self, chat_id: int) -> Round | None:
        return self.records.open_round(chat_id)

    def open_rounds(self) -> list[Round]:
        return self.records.open_rounds()

    def round(self, round_id: int) -> Round | None:
        return self.records.round(round_id)

    def set_status_message(self, round_id: int, message_id: int) -> None:
        self.records.set_round_message(round_id, message_id)

    def poll_sent(self, round_id: int, position: int, poll_id: str, message_id: int) -> float:
        """Record the poll for the question at `position`; returns when the round should move on."""
        round_ = self.records.round(round_id)
        now = self.clock()
        closes_at = now + round_.open_period
        next_at = closes_at + PAUSE_SECONDS
        self.records.poll_sent(round_id, position, poll_id, round_.question_ids[position], message_id, closes_at,
                               next_at)
        return next_at

    def record_answer(self, poll_id: str, user_id: int, name: str, option_ids: tuple[int, ...]) -> PollVerdict:
        poll = self.records.round_poll(poll_id)
        if poll is None:
            return PollVerdict(False, "unknown_poll")
        round_ = self.records.round(poll.round_id)
        if round_ is None or not round_.is_open or round_.position != poll.position:
            return PollVerdict(False, "round_over")
        if option_ids and self.clock() > poll.closes_at + GRACE_SECONDS:
            return PollVerdict(False, "late")
        return score_poll_answer(self.bank.get(poll.question_id), user_id, option_ids,
                                 lambda choice, correct: self.records.record_poll_answer(poll, user_id, name, choice,
                                                                                         correct))

    def advance(self, round_id: int, from_position: int) -> Step | None:
        """The poll at `from_position` is closed: the next step, or None if the round moved on already."""
        round_ = self.records.round(round_id)
        if round_ is None or not round_.is_open or not self.records.move_round_on(round_id, from_position):
            return None
        round_ = self.records.round(round_id)
        if round_.position >= len(round_.question_ids):
            self.records.end_round(round_id)
            return self._step(self.records.round(round_id), finished=True)
        return self._step(round_)

    def stop(self, chat_id: int) -> Step | None:
        round_ = self.records.open_round(chat_id)
        if round_ is None or not self.records.end_round(round_.round_id):
            return None
        return self._step(self.records.round(round_.round_id), stopped=True)

    def current_step(self, round_id: int) -> Step | None:
        """Where an open round stands (after a restart, to ask its current question again)."""
        round_ = self.records.round(round_id)
        return self._step(round_) if round_ is not None and round_.is_open else None

    def current_poll_message(self, round_id: int) -> int | None:
        polls = self.records.round_polls(round_id)
        return polls[-1].message_id if polls else None

    def _step(self, round_: Round, finished: bool = False, stopped: bool = False) -> Step:
        done = finished or stopped
        question = None if done else self.bank.get(round_.question_ids[round_.position])
        answered = []
        for poll in self.records.round_polls(round_.round_id):
            q = self.bank.get(poll.question_id)
            if q is not None and (done or poll.position < round_.position):
                answered.append((q, self.records.poll_right_answers(poll.poll_id)))
        standings = tuple(Standing(name, points) for _, name, points in self.records.round_standings(round_.round_id))
        status = RoundStatus(round_.position, len(round_.question_ids), round_.open_period, standings,
                             finished=finished, stopped=stopped, answers=tuple(answered))
        return Step(round_, question, status)

    def leaderboard(self, chat_id: int) -> Leaderboard:
        now = datetime.fromtimestamp(self.clock(), UTC)
        monday = (now - timedelta(days=now.weekday())).replace(hour=0, minute=0, second=0, microsecond=0)
        week = self.records.leaderboard(chat_id, monday.timestamp())
        ever = self.records.leaderboard(chat_id, None)
        return Leaderboard(tuple(Standing(n, p) for n, p in week), tuple(Standing(n, p) for n, p in ever))
