"""One learner's practice: quizzes, timed mock exams, spaced review and progress.

The same calls serve the Telegram bot and the terminal. Everything is in the store as soon as it
happens, so a restart loses nothing: the next answer after it is graded against the stored session.
An answer names the session and the position it was given for; one for another learner's session,
an old position or a closed session is refused, never counted.
"""
from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import ClassVar

from knowledge import KnowledgeBase

from .bank import QuestionBank
from .records import Card, QuizRecords, Session
from .views import (
    ActivityMastery,
    ExamAnswered,
    Feedback,
    NothingDue,
    Progress,
    QuestionView,
    ScenarioTally,
    SessionResult,
)

PRACTICE_DEFAULT, PRACTICE_MAX = 5, 20
EXAM_QUESTIONS, EXAM_MINUTES = 20, 30
REVIEW_MAX = 10
# Leitner boxes: a wrong answer goes back to box 1 (due at once); a right one moves up a box
BOX_INTERVALS = {1: 0.0, 2: 1 * 86400.0, 3: 3 * 86400.0, 4: 7 * 86400.0, 5: 21 * 86400.0}
SECURE_BOX = 3
SPECIAL_STYLES = ("negative", "missing_word", "list")  # an exam has at least one of each


@dataclass(frozen=True)
class Refused:
    """An answer that was not counted, and why (for a short notice, never a crash)."""

    reason: str  # not_yours, over, already, unknown

    MESSAGES: ClassVar[dict[str, str]] = {
        "not_yours": "This quiz belongs to someone else. Start your own with /quiz.",
        "over": "This quiz is over. Start a new one with /quiz.",
        "already": "You have already answered this question.",
        "unknown": "I no longer know this quiz. Start a new one with /quiz.",
    }

    @property
    def message(self) -> str:
        return self.MESSAGES[self.reason]


@dataclass(frozen=True)
class Graded:
    """A counted answer: what to show for it, then the next question or the result."""

    shown: Feedback | ExamAnswered
    next: QuestionView | None
    result: SessionResult | None


@dataclass(frozen=True)
class TimedOut:
    result: SessionResult


class Coach:
    def __init__(self, kb: KnowledgeBase, bank: QuestionBank, records: QuizRecords,
                 clock: Callable[[], float] | None = None, rng: random.Random | None = None) -> None:
        self.kb, self.bank, self.records = kb, bank, records
        self.clock = clock or records.now
        self.rng = rng or random.Random()

    # --- starting
    def start_practice(self, user_id: int, chat_id: int, count: int | None = None,
                       activity: str | None = None) -> QuestionView:
        count = max(1, min(count or PRACTICE_DEFAULT, PRACTICE_MAX))
        pool = self.bank.about(activity)
        cards = self.records.cards(user_id)
        # unseen questions first, then the ones in the lowest boxes; random within each
        self.rng.shuffle(pool)
        pool.sort(key=lambda q: (q.id in cards, cards[q.id].box if q.id in cards else 0))
        return self._begin(user_id, chat_id, "practice", [q.id for q in pool[:count]], None)

    def start_exam(self, user_id: int, chat_id: int) -> QuestionView:
        return self._begin(user_id, chat_id, "exam", self._exam_questions(),
                           self.clock() + EXAM_MINUTES * 60)

    def start_review(self, user_id: int, chat_id: int) -> QuestionView | NothingDue:
        now = self.clock()
        cards = [c for c in self.records.cards(user_id).values() if self.bank.get(c.question_id)]
        due = sorted((c for c in cards if c.due_at <= now), key=lambda c: (c.box, c.due_at))
        if not due:
            upcoming = min((c.due_at for c in cards), default=None)
            return NothingDue(len(cards), None if upcoming is None else upcoming - now)
        return self._begin(user_id, chat_id, "review", [c.question_id for c in due[:REVIEW_MAX]], None)

    def _exam_questions(self) -> list[str]:
        """20 questions spread over the six activities and the concepts, using every exam style."""
        chosen: list[str] = []
        for style in SPECIAL_STYLES:
            candidates = [q for q in self.bank.questions if q.style == style]
            if candidates:
                chosen.append(self.rng.choice(candidates).id)
        groups = [[q for q in self.bank.questions if (q.activities[:1] or ("",))[0] == a]
                  for a in (*self.kb.activity_ids, "")]
        quota = EXAM_QUESTIONS // len(groups) + 1
        picked = []
        for group in groups:
            group = [q.id for q in group if q.id not in chosen]
            picked += self.rng.sample(group, min(quota, len(group)))
        self.rng.shuffle(picked)
        chosen += picked[: EXAM_QUESTIONS - len(chosen)]
        self.rng.shuffle(chosen)
        return chosen

    def _begin(self, user_id: int, chat_id: int, kind: str, question_ids: list[str],
               deadline: float | None) -> QuestionView:
        session = self.records.create_session(user_id, chat_id, kind, question_ids, deadline)
        return self.view(session)

    # --- during
    def open_session(self, user_id: int) -> Session | None:
        return self.records.open_session_of(user_id)

    def session(self, session_id: int) -> Session | None:
        return self.records.session(session_id)

    def view(self, session: Session) -> QuestionView:
        question = self.bank.get(session.question_ids[session.position])
        topic = ", ".join(self.kb.name_of(a) for a in question.activities[:2]) if question else ""
        return QuestionView(session.session_id, session.kind, session.position, session.total, question,
                            session.deadline, self.clock(), topic)

    def remember_message(self, session_id: int, message_id: int) -> None:
        self.records.set_session_message(session_id, message_id)

    def answer(self, user_id: int, session_id: int, position: int, choice: int) -> Graded | TimedOut | Refused:
        session = self.records.session(session_id)
        if session is None:
            return Refused("unknown")
        if session.user_id != user_id:
            return Refused("not_yours")
        if not session.is_open:
            return Refused("over")
        if position != session.position:
            return Refused("already")
        if session.deadline is not None and self.clock() > session.deadline:
            result = self.expire(session_id)
            return TimedOut(result) if result else Refused("over")
        question = self.bank.get(session.question_ids[position])
        if question is None or not 0 <= choice < len(question.options):
            # the knowledge base changed under a stored quiz, or the choice was forged
            return Refused("unknown")
        correct = choice == question.correct
        last = position + 1 >= session.total
        if not self.records.record_answer(session, question.id, choice, correct, finishes=last):
            return Refused("already")  # another tap on the same question got in first
        self._learn(user_id, question.id, correct)
        score = session.score + int(correct)
        shown = (ExamAnswered(position, session.total, choice) if session.kind == "exam"
                 else Feedback(session.kind, position, session.total, question, choice, score))
        after = self.records.session(session_id)
        if last:
            return Graded(shown, None, self.result(after))
        return Graded(shown, self.view(after), None)

    def stop(self, user_id: int) -> SessionResult | None:
        session = self.records.open_session_of(user_id)
        if session is None or not self.records.end_session(session.session_id, "stopped"):
            return None
        return self.result(self.records.session(session.session_id))

    def expire(self, session_id: int) -> SessionResult | None:
        """An exam's time ran out (a timer, or an answer after the deadline): close and grade it, once."""
        session = self.records.session(session_id)
        if session is None or session.deadline is None or self.clock() < session.deadline:
            return None
        if not self.records.end_session(session_id, "timed_out"):
            return None
        return self.result(self.records.session(session_id))

    def open_exams(self) -> list[Session]:
        """Exams still running, for the timers a restart must set again."""
        return self.records.open_exams()

    # --- results and progress
    def result(self, session: Session) -> SessionResult:
        answers = {p: (q, choice, ok) for p, q, choice, ok in self.records.answers(session.session_id)}
        tally: dict[str, list[int]] = {}
        missed = []
        stopped = session.outcome == "stopped"  # judged on what was answered; the rest was never seen
        for position, qid in enumerate(session.question_ids):
            if stopped and position not in answers:
                continue
            question = self.bank.get(qid)
            _, choice, ok = answers.get(position, (qid, None, False))
            if question is None:
                continue
            for a in question.activities or ("",):
                right_asked = tally.setdefault(a, [0, 0])
                right_asked[0] += ok
                right_asked[1] += 1
            if not ok:
                missed.append((question, choice))
        per_activity = tuple((self.kb.name_of(a) if a else "The value chain as a whole", *tally[a])
                             for a in (*self.kb.activity_ids, "") if a in tally)
        minutes = ((session.ended_at or self.clock()) - session.started_at) / 60
        return SessionResult(session.kind, session.outcome or "finished", session.score, session.total,
                             len(answers), per_activity, tuple(missed), minutes)

    def _learn(self, user_id: int, question_id: str, correct: bool) -> None:
        now = self.clock()
        card = self.records.card(user_id, question_id) or Card(question_id, 1, now, 0, 0)
        box = min(card.box + 1, max(BOX_INTERVALS)) if correct else 1
        self.records.save_card(user_id, Card(question_id, box, now + BOX_INTERVALS[box], card.seen + 1,
                                             card.right + int(correct)))
        self.records.studied_on(user_id, study_day(now))

    def learn_from_poll(self, user_id: int, question_id: str, correct: bool) -> None:
        """A group poll answer counts in the learner's own progress too."""
        self._learn(user_id, question_id, correct)

    def progress(self, user_id: int, scenarios: ScenarioTally | None = None) -> Progress:
        cards = {qid: c for qid, c in self.records.cards(user_id).items() if self.bank.get(qid)}
        now = self.clock()
        rows = []
        for a in self.kb.activities:
            mine = [c for qid, c in cards.items() if a.id in self.bank.get(qid).activities]
            rows.append(ActivityMastery(a.name, sum(c.seen for c in mine), sum(c.right for c in mine),
                                        sum(c.box >= SECURE_BOX for c in mine), len(self.bank.about(a.id))))
        exams = self.records.exam_history(user_id)
        passed = [s for s, t in exams if t and s / t >= 0.65]
        best = max((round(100 * s / t) for s, t in exams if t), default=None)
        return Progress(tuple(rows), sum(c.seen for c in cards.values()), sum(c.right for c in cards.values()),
                        _streak(self.records.study_days(user_id), now), len(exams), len(passed), best,
                        sum(c.due_at <= now for c in cards.values()), scenarios or ScenarioTally())


def study_day(moment: float) -> str:
    return datetime.fromtimestamp(moment, UTC).date().isoformat()


def _streak(days: list[str], now: float) -> int:
    """Days in a row with at least one answer, ending today or yesterday (UTC)."""
    have = set(days)
    day = datetime.fromtimestamp(now, UTC).date()
    if day.isoformat() not in have:
        day -= timedelta(days=1)
    streak = 0
    while day.isoformat() in have:
        streak += 1
        day -= timedelta(days=1)
    return streak
