"""The rows behind a chat's scheduled posts, its managers and its insight. Only SQL lives here.

"Never twice" rules are primary keys: a chat's day in daily_posts and its week in weekly_posts
are claimed before anything is sent, so two timers (a restart racing a late job) cannot both post.
"""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from bot.store import Store


@dataclass(frozen=True)
class DailyPost:
    chat_id: int
    day: str
    question_id: str
    poll_id: str | None
    message_id: int | None
    posted_at: float
    voters: int
    right_voters: int
    closed: bool


_POST = "chat_id, day, question_id, poll_id, message_id, posted_at, voters, right_voters, closed"


def _post(row) -> DailyPost:
    return DailyPost(*row[:8], closed=bool(row[8]))


class ChatRecords:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.db = store.db

    # --- the daily question
    def claim_day(self, chat_id: int, day: str, question_id: str) -> bool:
        """Reserve the chat's post for `day`; False if it was posted (or is being posted) already."""
        try:
            self.db.execute("INSERT INTO daily_posts (chat_id, day, question_id, posted_at) VALUES (?, ?, ?, ?)",
                            (chat_id, day, question_id, self.store.now()))
        except sqlite3.IntegrityError:
            return False
        return True

    def release_day(self, chat_id: int, day: str) -> None:
        """Sending failed: free the day so a retry may post it."""
        self.db.execute("DELETE FROM daily_posts WHERE chat_id = ? AND day = ? AND poll_id IS NULL", (chat_id, day))

    def daily_sent(self, chat_id: int, day: str, poll_id: str, message_id: int) -> None:
        self.db.execute("UPDATE daily_posts SET poll_id = ?, message_id = ? WHERE chat_id = ? AND day = ?",
                        (poll_id, message_id, chat_id, day))

    def posted_days(self, chat_id: int, since_day: str) -> set[str]:
        return {r[0] for r in self.db.execute("SELECT day FROM daily_posts WHERE chat_id = ? AND day >= ?",
                                              (chat_id, since_day))}

    def daily_post(self, poll_id: str) -> DailyPost | None:
        row = self.db.execute(f"SELECT {_POST} FROM daily_posts WHERE poll_id = ?", (poll_id,)).fetchone()
        return _post(row) if row else None

    def open_daily_posts(self, chat_id: int) -> list[DailyPost]:
        rows = self.db.execute(f"SELECT {_POST} FROM daily_posts WHERE chat_id = ? AND closed = 0 "
                               "AND poll_id IS NOT NULL ORDER BY day", (chat_id,))
        return [_post(r) for r in rows]

    def daily_posts_between(self, chat_id: int, first_day: str, last_day: str) -> list[DailyPost]:
        rows = self.db.execute(f"SELECT {_POST} FROM daily_posts WHERE chat_id = ? AND day BETWEEN ? AND ? "
                               "AND poll_id IS NOT NULL ORDER BY day", (chat_id, first_day, last_day))
        return [_post(r) for r in rows]

    def recent_questions(self, chat_id: int, limit: int) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT question_id FROM daily_posts WHERE chat_id = ? "
                                              "ORDER BY day DESC LIMIT ?", (chat_id, limit))]

    def poll_counts(self, poll_id: str, voters: int, right_voters: int, closed: bool) -> bool:
        return bool(self.db.execute("UPDATE daily_posts SET voters = ?, right_voters = ?, closed = MAX(closed, ?) "
                                    "WHERE poll_id = ?", (voters, right_voters, int(closed), poll_id)).rowcount)

    def close_daily(self, poll_id: str) -> None:
        self.db.execute("UPDATE daily_posts SET closed = 1 WHERE poll_id = ?", (poll_id,))

    def record_daily_answer(self, post: DailyPost, user_id: int, name: str, choice: int, correct: bool) -> bool:
        """One member's answer to a daily poll, and its point; False if they had answered already."""
        with self.store.transaction():
            added = self.db.execute("INSERT OR IGNORE INTO poll_answers (poll_id, user_id, choice, correct, "
                                    "answered_at) VALUES (?, ?, ?, ?, ?)",
                                    (post.poll_id, user_id, choice, int(correct), self.store.now())).rowcount
            if added and correct:
                self.db.execute("INSERT OR IGNORE INTO chat_points (chat_id, user_id, name, points, earned_at, "
                                "reason) VALUES (?, ?, ?, 1, ?, ?)",
                                (post.chat_id, user_id, name, self.store.now(), f"daily:{post.poll_id}"))
        return bool(added)

    # --- weekly posts
    def claim_week(self, chat_id: int, week: str) -> bool:
        try:
            self.db.execute("INSERT INTO weekly_posts (chat_id, week, posted_at) VALUES (?, ?, ?)",
                            (chat_id, week, self.store.now()))
        except sqlite3.IntegrityError:
            return False
        return True

    def release_week(self, chat_id: int, week: str) -> None:
        self.db.execute("DELETE FROM weekly_posts WHERE chat_id = ? AND week = ?", (chat_id, week))

    def week_claimed(self, chat_id: int, week: str) -> bool:
        return self.db.execute("SELECT 1 FROM weekly_posts WHERE chat_id = ? AND week = ?",
                               (chat_id, week)).fetchone() is not None

    # --- points
    def points_between(self, chat_id: int, since: float, until: float, limit: int = 10) -> list[tuple[str, int]]:
        rows = self.db.execute(
            "SELECT user_id, SUM(points) AS total FROM chat_points WHERE chat_id = ? AND earned_at >= ? "
            "AND earned_at < ? GROUP BY user_id ORDER BY total DESC, MIN(earned_at) LIMIT ?",
            (chat_id, since, until, limit)).fetchall()
        return [(self._latest_name(chat_id, user_id), total) for user_id, total in rows]

    def _latest_name(self, chat_id: int, user_id: int) -> str:
        row = self.db.execute("SELECT name FROM chat_points WHERE chat_id = ? AND user_id = ? "
                              "ORDER BY earned_at DESC LIMIT 1", (chat_id, user_id)).fetchone()
        return row[0] if row else f"user {user_id}"

    def points_total(self, chat_id: int) -> tuple[int, int]:
        """(points, members with points) in the chat, all time."""
        row = self.db.execute("SELECT COALESCE(SUM(points), 0), COUNT(DISTINCT user_id) FROM chat_points "
                              "WHERE chat_id = ?", (chat_id,)).fetchone()
        return row[0], row[1]

    def reset_points(self, chat_id: int) -> tuple[int, int]:
        """Delete the chat's leaderboard; returns what it held (points, members)."""
        with self.store.transaction():
            held = self.points_total(chat_id)
            self.db.execute("DELETE FROM chat_points WHERE chat_id = ?", (chat_id,))
        return held

    # --- what the chat's members answered (group rounds and daily polls)
    def chat_answers(self, chat_id: int, since: float = 0.0,
                     until: float = float("inf")) -> list[tuple[str, int, bool]]:
        """(question id, user id, right) for every counted poll answer in the chat in [since, until)."""
        rows = self.db.execute(
            "SELECT p.question_id, a.user_id, a.correct FROM poll_answers a JOIN round_polls p USING (poll_id) "
            "JOIN quiz_rounds r USING (round_id) WHERE r.chat_id = ? AND a.answered_at >= ? AND a.answered_at < ? "
            "UNION ALL "
            "SELECT d.question_id, a.user_id, a.correct FROM poll_answers a JOIN daily_posts d USING (poll_id) "
            "WHERE d.chat_id = ? AND a.answered_at >= ? AND a.answered_at < ?",
            (chat_id, since, until, chat_id, since, until))
        return [(q, u, bool(ok)) for q, u, ok in rows]

    # --- who manages which channel from their private chat
    def choose_chat(self, user_id: int, chat_id: int) -> None:
        self.db.execute("INSERT INTO managed_chats (user_id, chat_id, chosen_at) VALUES (?, ?, ?) "
                        "ON CONFLICT (user_id) DO UPDATE SET chat_id = excluded.chat_id, "
                        "chosen_at = excluded.chosen_at", (user_id, chat_id, self.store.now()))

    def chosen_chat(self, user_id: int) -> int | None:
        row = self.db.execute("SELECT chat_id FROM managed_chats WHERE user_id = ?", (user_id,)).fetchone()
        return row[0] if row else None
