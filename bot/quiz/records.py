"""The quiz's rows in the store: sessions, answers, Leitner cards, study days, group rounds and points.

Only SQL lives here; what the rows mean is decided in bot.quiz.coach and bot.quiz.rounds. Every
"count it once" rule is a primary key or unique constraint, so a double tap, a repeated update or
two handlers racing can never count an answer twice.
"""
from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass

from bot.store import Store


@dataclass(frozen=True)
class Session:
    session_id: int
    user_id: int
    chat_id: int
    kind: str
    question_ids: tuple[str, ...]
    position: int
    score: int
    started_at: float
    deadline: float | None
    ended_at: float | None
    outcome: str | None
    message_id: int | None

    @property
    def is_open(self) -> bool:
        return self.ended_at is None

    @property
    def total(self) -> int:
        return len(self.question_ids)


@dataclass(frozen=True)
class Card:
    question_id: str
    box: int
    due_at: float
    seen: int
    right: int


@dataclass(frozen=True)
class Round:
    round_id: int
    chat_id: int
    thread_id: int | None
    started_by: int
    question_ids: tuple[str, ...]
    position: int
    open_period: int
    started_at: float
    next_at: float | None
    ended_at: float | None
    message_id: int | None

    @property
    def is_open(self) -> bool:
        return self.ended_at is None


@dataclass(frozen=True)
class RoundPoll:
    poll_id: str
    round_id: int
    position: int
    question_id: str
    message_id: int
    closes_at: float
    chat_id: int


_SESSION = ("session_id, user_id, chat_id, kind, questions, position, score, started_at, deadline, ended_at, "
            "outcome, message_id")
_ROUND = ("round_id, chat_id, thread_id, started_by, questions, position, open_period, started_at, next_at, "
          "ended_at, message_id")


def _session(row) -> Session:
    return Session(row[0], row[1], row[2], row[3], tuple(json.loads(row[4])), *row[5:])


def _round(row) -> Round:
    return Round(row[0], row[1], row[2], row[3], tuple(json.loads(row[4])), *row[5:])


class QuizRecords:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.db = store.db

    def now(self) -> float:
        return self.store.now()

    # --- sessions
    def open_session_of(self, user_id: int) -> Session | None:
        row = self.db.execute(f"SELECT {_SESSION} FROM quiz_sessions WHERE user_id = ? AND ended_at IS NULL "
                              "ORDER BY session_id DESC LIMIT 1", (user_id,)).fetchone()
        return _session(row) if row else None

    def session(self, session_id: int) -> Session | None:
        row = self.db.execute(f"SELECT {_SESSION} FROM quiz_sessions WHERE session_id = ?", (session_id,)).fetchone()
        return _session(row) if row else None

    def open_exams(self) -> list[Session]:
        rows = self.db.execute(f"SELECT {_SESSION} FROM quiz_sessions WHERE ended_at IS NULL AND deadline IS NOT NULL")
        return [_session(r) for r in rows]

    def create_session(self, user_id: int, chat_id: int, kind: str, question_ids: list[str],
                       deadline: float | None) -> Session:
        now = self.now()
        with self.store.transaction():
            # one open session per learner: a new quiz ends the old one
            self.db.execute("UPDATE quiz_sessions SET ended_at = ?, outcome = 'stopped' "
                            "WHERE user_id = ? AND ended_at IS NULL", (now, user_id))
            cursor = self.db.execute(
                "INSERT INTO quiz_sessions (user_id, chat_id, kind, questions, started_at, deadline) "
                "VALUES (?, ?, ?, ?, ?, ?)", (user_id, chat_id, kind, json.dumps(question_ids), now, deadline))
        return self.session(cursor.lastrowid)

    def set_session_message(self, session_id: int, message_id: int) -> None:
        self.db.execute("UPDATE quiz_sessions SET message_id = ? WHERE session_id = ?", (message_id, session_id))

    def record_answer(self, session: Session, question_id: str, choice: int, correct: bool,
                      finishes: bool) -> bool:
        """Store the answer at the session's current position; False if that position was answered already."""
        now = self.now()
        with self.store.transaction():
            moved = self.db.execute(
                "UPDATE quiz_sessions SET position = position + 1, score = score + ?, "
                "ended_at = CASE WHEN ? THEN ? ELSE ended_at END, "
                "outcome = CASE WHEN ? THEN 'finished' ELSE outcome END "
                "WHERE session_id = ? AND position = ? AND ended_at IS NULL",
                (int(correct), finishes, now, finishes, session.session_id, session.position)).rowcount
            if not moved:
                return False
            self.db.execute("INSERT INTO quiz_answers (session_id, position, question_id, choice, correct, "
                            "answered_at) VALUES (?, ?, ?, ?, ?, ?)",
                            (session.session_id, session.position, question_id, choice, int(correct), now))
        return True

    def end_session(self, session_id: int, outcome: str) -> bool:
        """Close an open session; False if it was closed already (by an answer, a timer or a new quiz)."""
        return bool(self.db.execute("UPDATE quiz_sessions SET ended_at = ?, outcome = ? "
                                    "WHERE session_id = ? AND ended_at IS NULL",
                                    (self.now(), outcome, session_id)).rowcount)

    def answers(self, session_id: int) -> list[tuple[int, str, int | None, bool]]:
        rows = self.db.execute("SELECT position, question_id, choice, correct FROM quiz_answers "
                               "WHERE session_id = ? ORDER BY position", (session_id,))
        return [(p, q, c, bool(ok)) for p, q, c, ok in rows]

    def exam_history(self, user_id: int) -> list[tuple[int, int]]:
        """(score, total) of every exam the learner finished or ran out of time on."""
        rows = self.db.execute("SELECT score, questions FROM quiz_sessions WHERE user_id = ? AND kind = 'exam' "
                               "AND outcome IN ('finished', 'timed_out')", (user_id,))
        return [(score, len(json.loads(questions))) for score, questions in rows]

    # --- spaced repetition and study days
    def cards(self, user_id: int) -> dict[str, Card]:
        rows = self.db.execute("SELECT question_id, box, due_at, seen, right FROM learner_cards WHERE user_id = ?",
                               (user_id,))
        return {r[0]: Card(*r) for r in rows}

    def card(self, user_id: int, question_id: str) -> Card | None:
        row = self.db.execute("SELECT question_id, box, due_at, seen, right FROM learner_cards "
                              "WHERE user_id = ? AND question_id = ?", (user_id, question_id)).fetchone()
        return Card(*row) if row else None

    def save_card(self, user_id: int, card: Card) -> None:
        self.db.execute(
            "INSERT INTO learner_cards (user_id, question_id, box, due_at, seen, right, last_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (user_id, question_id) DO UPDATE SET box = excluded.box, "
            "due_at = excluded.due_at, seen = excluded.seen, right = excluded.right, last_at = excluded.last_at",
            (user_id, card.question_id, card.box, card.due_at, card.seen, card.right, self.now()))

    def studied_on(self, user_id: int, day: str) -> None:
        self.db.execute("INSERT OR IGNORE INTO learner_days (user_id, day) VALUES (?, ?)", (user_id, day))

    def study_days(self, user_id: int) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT day FROM learner_days WHERE user_id = ? ORDER BY day DESC "
                                              "LIMIT 400", (user_id,))]

    # --- group rounds
    def open_round(self, chat_id: int) -> Round | None:
        row = self.db.execute(f"SELECT {_ROUND} FROM quiz_rounds WHERE chat_id = ? AND ended_at IS NULL",
                              (chat_id,)).fetchone()
        return _round(row) if row else None

    def round(self, round_id: int) -> Round | None:
        row = self.db.execute(f"SELECT {_ROUND} FROM quiz_rounds WHERE round_id = ?", (round_id,)).fetchone()
        return _round(row) if row else None

    def open_rounds(self) -> list[Round]:
        return [_round(r) for r in self.db.execute(f"SELECT {_ROUND} FROM quiz_rounds WHERE ended_at IS NULL")]

    def create_round(self, chat_id: int, thread_id: int | None, started_by: int, question_ids: list[str],
                     open_period: int) -> Round | None:
        """A new round, or None if the chat has one open (the unique index decides, race-free)."""
        try:
            with self.store.transaction():
                cursor = self.db.execute(
                    "INSERT INTO quiz_rounds (chat_id, thread_id, started_by, questions, open_period, started_at) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    (chat_id, thread_id, started_by, json.dumps(question_ids), open_period, self.now()))
        except sqlite3.IntegrityError:  # the one-open-round index: another round got in first
            return None
        return self.round(cursor.lastrowid)

    def set_round_message(self, round_id: int, message_id: int) -> None:
        self.db.execute("UPDATE quiz_rounds SET message_id = ? WHERE round_id = ?", (message_id, round_id))

    def poll_sent(self, round_id: int, position: int, poll_id: str, question_id: str, message_id: int,
                  closes_at: float, next_at: float) -> None:
        with self.store.transaction():
            self.db.execute("INSERT OR REPLACE INTO round_polls (poll_id, round_id, position, question_id, "
                            "message_id, closes_at) VALUES (?, ?, ?, ?, ?, ?)",
                            (poll_id, round_id, position, question_id, message_id, closes_at))
            self.db.execute("UPDATE quiz_rounds SET next_at = ? WHERE round_id = ?", (next_at, round_id))

    def move_round_on(self, round_id: int, from_position: int) -> bool:
        """Advance past `from_position`; False if someone else (a timer, /stopquiz) already did."""
        return bool(self.db.execute("UPDATE quiz_rounds SET position = position + 1, next_at = NULL "
                                    "WHERE round_id = ? AND position = ? AND ended_at IS NULL",
                                    (round_id, from_position)).rowcount)

    def end_round(self, round_id: int) -> bool:
        return bool(self.db.execute("UPDATE quiz_rounds SET ended_at = ?, next_at = NULL "
                                    "WHERE round_id = ? AND ended_at IS NULL", (self.now(), round_id)).rowcount)

    def round_poll(self, poll_id: str) -> RoundPoll | None:
        row = self.db.execute("SELECT p.poll_id, p.round_id, p.position, p.question_id, p.message_id, p.closes_at, "
                              "r.chat_id FROM round_polls p JOIN quiz_rounds r USING (round_id) WHERE p.poll_id = ?",
                              (poll_id,)).fetchone()
        return RoundPoll(*row) if row else None

    def round_polls(self, round_id: int) -> list[RoundPoll]:
        rows = self.db.execute("SELECT p.poll_id, p.round_id, p.position, p.question_id, p.message_id, p.closes_at, "
                               "r.chat_id FROM round_polls p JOIN quiz_rounds r USING (round_id) "
                               "WHERE p.round_id = ? ORDER BY p.position", (round_id,))
        return [RoundPoll(*r) for r in rows]

    def record_poll_answer(self, poll: RoundPoll, user_id: int, name: str, choice: int, correct: bool) -> bool:
        """Count one answer to a round's poll, and its point; False if this user had answered already."""
        now = self.now()
        with self.store.transaction():
            added = self.db.execute("INSERT OR IGNORE INTO poll_answers (poll_id, user_id, choice, correct, "
                                    "answered_at) VALUES (?, ?, ?, ?, ?)",
                                    (poll.poll_id, user_id, choice, int(correct), now)).rowcount
            if added and correct:
                self.add_points(poll.chat_id, user_id, name, 1, f"poll:{poll.poll_id}")
        return bool(added)

    def poll_right_answers(self, poll_id: str) -> int:
        return self.db.execute("SELECT COUNT(*) FROM poll_answers WHERE poll_id = ? AND correct = 1",
                               (poll_id,)).fetchone()[0]

    def round_standings(self, round_id: int) -> list[tuple[int, str, int]]:
        rows = self.db.execute(
            "SELECT r.chat_id, a.user_id, SUM(a.correct) AS points FROM poll_answers a "
            "JOIN round_polls p USING (poll_id) JOIN quiz_rounds r USING (round_id) "
            "WHERE p.round_id = ? GROUP BY a.user_id HAVING points > 0 ORDER BY points DESC, MIN(a.answered_at)",
            (round_id,)).fetchall()
        return [(user_id, self._latest_name(chat_id, user_id), points) for chat_id, user_id, points in rows]

    # --- points and leaderboards
    def add_points(self, chat_id: int, user_id: int, name: str, points: int, reason: str) -> bool:
        return bool(self.db.execute("INSERT OR IGNORE INTO chat_points (chat_id, user_id, name, points, earned_at, "
                                    "reason) VALUES (?, ?, ?, ?, ?, ?)",
                                    (chat_id, user_id, name, points, self.now(), reason)).rowcount)

    def leaderboard(self, chat_id: int, since: float | None, limit: int = 10) -> list[tuple[str, int]]:
        rows = self.db.execute(
            "SELECT user_id, SUM(points) AS total, MAX(earned_at) FROM chat_points "
            "WHERE chat_id = ? AND earned_at >= ? GROUP BY user_id ORDER BY total DESC, MIN(earned_at) LIMIT ?",
            (chat_id, since or 0.0, limit)).fetchall()
        return [(self._latest_name(chat_id, user_id), total) for user_id, total, _ in rows]

    def _latest_name(self, chat_id: int, user_id: int) -> str:
        row = self.db.execute("SELECT name FROM chat_points WHERE chat_id = ? AND user_id = ? "
                              "ORDER BY earned_at DESC LIMIT 1", (chat_id, user_id)).fetchone()
        return row[0] if row else f"user {user_id}"
