"""The tutor's embedded storage: one SQLite file in the data directory.

Every face of the tutor (Telegram, console) keeps what it must remember here, behind methods
named for what they mean. The schema carries a version (SQLite's `user_version`); each entry in
MIGRATIONS upgrades it by one step, so an old data file is brought up to date at start-up and a
newer one is refused rather than misread.
"""
from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DATA_DIR_ENV = "TUTOR_DATA_DIR"
DEFAULT_DATA_DIR = "data"
DB_NAME = "tutor.sqlite3"


class StoreError(Exception):
    """The data file cannot be opened or is from a newer version of the tutor."""


# One entry per schema version, applied in order; never edit a released step, add a new one.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE users (
        user_id     INTEGER PRIMARY KEY,
        first_seen  REAL NOT NULL,
        last_seen   REAL NOT NULL,
        language    TEXT NOT NULL DEFAULT ''
    );
    CREATE TABLE chats (
        chat_id     INTEGER PRIMARY KEY,
        kind        TEXT NOT NULL,
        title       TEXT NOT NULL DEFAULT '',
        first_seen  REAL NOT NULL,
        last_seen   REAL NOT NULL,
        removed_at  REAL,
        settings    TEXT NOT NULL DEFAULT '{}'
    );
    -- questions offered as buttons: callback data holds only the short key
    CREATE TABLE offered_questions (
        key         TEXT PRIMARY KEY,
        question    TEXT NOT NULL
    );
    """,
    """
    -- one learner's quiz, exam or review; `position` is the next question to answer
    CREATE TABLE quiz_sessions (
        session_id  INTEGER PRIMARY KEY AUTOINCREMENT,
        user_id     INTEGER NOT NULL,
        chat_id     INTEGER NOT NULL,
        kind        TEXT NOT NULL,
        questions   TEXT NOT NULL,
        position    INTEGER NOT NULL DEFAULT 0,
        score       INTEGER NOT NULL DEFAULT 0,
        started_at  REAL NOT NULL,
        deadline    REAL,
        ended_at    REAL,
        outcome     TEXT,
        message_id  INTEGER
    );
    CREATE INDEX quiz_sessions_open ON quiz_sessions (user_id) WHERE ended_at IS NULL;
    -- the primary key is what makes a double tap count once
    CREATE TABLE quiz_answers (
        session_id  INTEGER NOT NULL,
        position    INTEGER NOT NULL,
        question_id TEXT NOT NULL,
        choice      INTEGER,
        correct     INTEGER NOT NULL,
        answered_at REAL NOT NULL,
        PRIMARY KEY (session_id, position)
    );
    -- spaced repetition: one Leitner card per learner and question
    CREATE TABLE learner_cards (
        user_id     INTEGER NOT NULL,
        question_id TEXT NOT NULL,
        box         INTEGER NOT NULL,
        due_at      REAL NOT NULL,
        seen        INTEGER NOT NULL,
        right       INTEGER NOT NULL,
        last_at     REAL NOT NULL,
        PRIMARY KEY (user_id, question_id)
    );
    CREATE TABLE learner_days (
        user_id     INTEGER NOT NULL,
        day         TEXT NOT NULL,
        PRIMARY KEY (user_id, day)
    );
    -- a group's round of quiz polls; at most one open per chat
    CREATE TABLE quiz_rounds (
        round_id    INTEGER PRIMARY KEY AUTOINCREMENT,
        chat_id     INTEGER NOT NULL,
        thread_id   INTEGER,
        started_by  INTEGER NOT NULL,
        questions   TEXT NOT NULL,
        position    INTEGER NOT NULL DEFAULT 0,
        open_period INTEGER NOT NULL,
        started_at  REAL NOT NULL,
        next_at     REAL,
        ended_at    REAL,
        message_id  INTEGER
    );
    CREATE UNIQUE INDEX quiz_rounds_one_open ON quiz_rounds (chat_id) WHERE ended_at IS NULL;
    CREATE TABLE round_polls (
        poll_id     TEXT PRIMARY KEY,
        round_id    INTEGER NOT NULL,
        position    INTEGER NOT NULL,
        question_id TEXT NOT NULL,
        message_id  INTEGER NOT NULL,
        closes_at   REAL NOT NULL
    );
    CREATE TABLE poll_answers (
        poll_id     TEXT NOT NULL,
        user_id     INTEGER NOT NULL,
        choice      INTEGER NOT NULL,
        correct     INTEGER NOT NULL,
        answered_at REAL NOT NULL,
        PRIMARY KEY (poll_id, user_id)
    );
    -- a chat's leaderboard: one row per point earned, so "this week" is a range query
    CREATE TABLE chat_points (
        chat_id     INTEGER NOT NULL,
        user_id     INTEGER NOT NULL,
        name        TEXT NOT NULL,
        points      INTEGER NOT NULL,
        earned_at   REAL NOT NULL,
        reason      TEXT NOT NULL,
        UNIQUE (reason, user_id)
    );
    CREATE INDEX chat_points_by_chat ON chat_points (chat_id, earned_at);
    """,
    """
    -- a scenario drill: one learner's in a private chat (owner set), the whole chat's in a group
    CREATE TABLE scenario_drills (
        drill_id    INTEGER PRIMARY KEY AUTOINCREMENT,
        chat_id     INTEGER NOT NULL,
        thread_id   INTEGER,
        owner       INTEGER,
        scenario_id TEXT NOT NULL,
        wording     TEXT NOT NULL,
        started_at  REAL NOT NULL,
        closes_at   REAL,
        ended_at    REAL,
        winner      INTEGER,
        message_id  INTEGER
    );
    CREATE INDEX scenario_drills_open ON scenario_drills (chat_id) WHERE ended_at IS NULL;
    -- each learner's picks on a drill: a bit per activity, flipped in SQL so taps never race;
    -- submitted once, and then graded
    CREATE TABLE drill_picks (
        drill_id     INTEGER NOT NULL,
        user_id      INTEGER NOT NULL,
        picks        INTEGER NOT NULL DEFAULT 0,
        submitted_at REAL,
        verdict      TEXT,
        PRIMARY KEY (drill_id, user_id)
    );
    CREATE INDEX drill_picks_by_user ON drill_picks (user_id) WHERE submitted_at IS NOT NULL;
    """,
    """
    -- a chat's scheduled posts: one row per chat and local day, so a day is never posted twice;
    -- voters and right_voters are the poll's counts as Telegram last reported them
    CREATE TABLE daily_posts (
        chat_id      INTEGER NOT NULL,
        day          TEXT NOT NULL,
        question_id  TEXT NOT NULL,
        poll_id      TEXT,
        message_id   INTEGER,
        posted_at    REAL NOT NULL,
        voters       INTEGER NOT NULL DEFAULT 0,
        right_voters INTEGER NOT NULL DEFAULT 0,
        closed       INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (chat_id, day)
    );
    CREATE UNIQUE INDEX daily_posts_by_poll ON daily_posts (poll_id);
    -- a group's weekly leaderboard or a channel's weekly recap: once per chat and week
    CREATE TABLE weekly_posts (
        chat_id     INTEGER NOT NULL,
        week        TEXT NOT NULL,
        posted_at   REAL NOT NULL,
        PRIMARY KEY (chat_id, week)
    );
    -- the chat (a channel) an admin chose to manage from their private chat with the bot
    CREATE TABLE managed_chats (
        user_id     INTEGER PRIMARY KEY,
        chat_id     INTEGER NOT NULL,
        chosen_at   REAL NOT NULL
    );
    """,
)


@dataclass(frozen=True)
class UserRecord:
    user_id: int
    first_seen: float
    last_seen: float
    language: str


@dataclass(frozen=True)
class ChatRecord:
    chat_id: int
    kind: str  # private, group, supergroup or channel
    title: str
    first_seen: float
    last_seen: float
    removed_at: float | None
    settings: dict[str, Any]

    @property
    def is_active(self) -> bool:
        """False once the bot was removed from the chat (or the user blocked it)."""
        return self.removed_at is None


def data_dir() -> Path:
    return Path(os.environ.get(DATA_DIR_ENV) or DEFAULT_DATA_DIR)


# how often "last seen" is written for someone active: every update would be a write per message
SEEN_WRITE_INTERVAL = 600.0


class Store:
    """SQLite behind plain methods. One connection, used from one thread (the event loop's)."""

    def __init__(self, path: Path | str, clock: Callable[[], float] = time.time) -> None:
        self.path = Path(path)
        self._clock = clock
        self._seen: dict[tuple[str, int], tuple[float, str]] = {}  # (table, id) -> (written at, what)
        self._offered: set[str] = set()
        try:
            if str(path) != ":memory:":
                self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(str(path), isolation_level=None)
            self._db.execute("PRAGMA busy_timeout = 5000")
            self._db.execute("PRAGMA journal_mode = WAL")
            # NORMAL is durable across application crashes in WAL mode; only power loss can
            # drop the last transactions, which for study progress is an acceptable trade
            self._db.execute("PRAGMA synchronous = NORMAL")
            self._migrate()
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"cannot open the data file {self.path}: {exc}") from exc

    @classmethod
    def open_default(cls) -> Store:
        return cls(data_dir() / DB_NAME)

    def close(self) -> None:
        self._db.close()

    # --- schema
    @property
    def schema_version(self) -> int:
        return self._db.execute("PRAGMA user_version").fetchone()[0]

    def _migrate(self) -> None:
        current = self.schema_version
        if current > len(MIGRATIONS):
            raise StoreError(f"the data file has schema version {current}, newer than this tutor knows "
                             f"({len(MIGRATIONS)}); upgrade the tutor or point {DATA_DIR_ENV} elsewhere")
        for version in range(current, len(MIGRATIONS)):
            with self.transaction():
                for statement in _statements(MIGRATIONS[version]):
                    self._db.execute(statement)
                self._db.execute(f"PRAGMA user_version = {version + 1}")

    # --- for the core's own record keepers (bot.quiz.records): one connection, one clock
    @property
    def db(self) -> sqlite3.Connection:
        return self._db

    def transaction(self) -> _Transaction:
        return _Transaction(self._db)

    def now(self) -> float:
        return self._clock()

    # --- users and chats
    def _recently_written(self, table: str, row_id: int, what: str, now: float) -> bool:
        last = self._seen.get((table, row_id))
        if last is not None and last[1] == what and now - last[0] < SEEN_WRITE_INTERVAL:
            return True
        if len(self._seen) > 100_000:  # a bound on memory for very busy bots
            self._seen.clear()
        self._seen[(table, row_id)] = (now, what)
        return False

    def see_user(self, user_id: int, language: str | None = None) -> None:
        now = self._clock()
        if self._recently_written("users", user_id, language or "", now):
            return
        self._db.execute(
            "INSERT INTO users (user_id, first_seen, last_seen, language) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (user_id) DO UPDATE SET last_seen = excluded.last_seen, "
            "language = CASE WHEN excluded.language = '' THEN users.language ELSE excluded.language END",
            (user_id, now, now, language or ""))

    def user(self, user_id: int) -> UserRecord | None:
        row = self._db.execute("SELECT user_id, first_seen, last_seen, language FROM users WHERE user_id = ?",
                               (user_id,)).fetchone()
        return UserRecord(*row) if row else None

    def see_chat(self, chat_id: int, kind: str, title: str = "") -> None:
        """Record that the bot is in this chat (again): a chat seen after removal is active again."""
        now = self._clock()
        if self._recently_written("chats", chat_id, f"{kind}\n{title}", now):
            return
        self._db.execute(
            "INSERT INTO chats (chat_id, kind, title, first_seen, last_seen) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT (chat_id) DO UPDATE SET kind = excluded.kind, title = excluded.title, "
            "last_seen = excluded.last_seen, removed_at = NULL",
            (chat_id, kind, title or "", now, now))

    def chat_removed(self, chat_id: int, kind: str = "group", title: str = "") -> None:
        """The bot was removed from the chat, or the user blocked it: keep the record, stop sending."""
        now = self._clock()
        self._seen.pop(("chats", chat_id), None)
        self._db.execute(
            "INSERT INTO chats (chat_id, kind, title, first_seen, last_seen, removed_at) VALUES (?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (chat_id) DO UPDATE SET removed_at = excluded.removed_at, last_seen = excluded.last_seen",
            (chat_id, kind, title or "", now, now, now))

    def _chats(self, where: str, params: tuple = ()) -> list[ChatRecord]:
        rows = self._db.execute("SELECT chat_id, kind, title, first_seen, last_seen, removed_at, settings FROM chats "
                                f"WHERE {where}", params).fetchall()
        return [ChatRecord(*row[:6], settings=_json_dict(row[6])) for row in rows]

    def chat(self, chat_id: int) -> ChatRecord | None:
        found = self._chats("chat_id = ?", (chat_id,))
        return found[0] if found else None

    def set_chat_setting(self, chat_id: int, name: str, value: Any) -> None:
        self.update_chat_settings(chat_id, {name: value})

    def update_chat_settings(self, chat_id: int, changes: dict[str, Any]) -> dict[str, Any]:
        """Merge `changes` into the chat's settings (a value of None removes the name); returns them all."""
        with self.transaction():
            row = self._db.execute("SELECT settings FROM chats WHERE chat_id = ?", (chat_id,)).fetchone()
            if row is None:
                raise KeyError(f"unknown chat {chat_id}")
            settings = _json_dict(row[0])
            for name, value in changes.items():
                if value is None:
                    settings.pop(name, None)
                else:
                    settings[name] = value
            self._db.execute("UPDATE chats SET settings = ? WHERE chat_id = ?", (json.dumps(settings), chat_id))
        return settings

    def move_chat(self, old_id: int, new_id: int, kind: str = "supergroup") -> None:
        """A group became a supergroup (Telegram gives it a new id): its settings, points, rounds,
        drills and scheduled posts move to the new id; the old one is marked gone."""
        now = self._clock()
        with self.transaction():
            row = self._db.execute("SELECT title, first_seen, settings FROM chats WHERE chat_id = ?",
                                   (old_id,)).fetchone()
            title, first_seen, settings = row if row else ("", now, "{}")
            self._db.execute(
                "INSERT INTO chats (chat_id, kind, title, first_seen, last_seen, settings) VALUES (?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (chat_id) DO UPDATE SET settings = excluded.settings, removed_at = NULL",
                (new_id, kind, title, first_seen, now, settings))
            for table in ("chat_points", "daily_posts", "weekly_posts", "quiz_rounds", "scenario_drills",
                          "managed_chats"):
                self._db.execute(f"UPDATE OR IGNORE {table} SET chat_id = ? WHERE chat_id = ?", (new_id, old_id))
            self._db.execute("UPDATE chats SET removed_at = ?, settings = '{}' WHERE chat_id = ?", (now, old_id))
        self._seen.pop(("chats", old_id), None)
        self._seen.pop(("chats", new_id), None)

    def active_chats_with_settings(self) -> list[ChatRecord]:
        """Chats the bot is still in that have any settings (the scheduler's start-up list)."""
        return self._chats("removed_at IS NULL AND settings NOT IN ('', '{}')")

    def active_chats(self, kind: str, limit: int = 50) -> list[ChatRecord]:
        """The chats of one kind the bot is in, most recently seen first."""
        return self._chats("removed_at IS NULL AND kind = ? ORDER BY last_seen DESC LIMIT ?", (kind, limit))

    # --- privacy
    def forget_user(self, user_id: int) -> int:
        """Delete everything kept about one learner, in every chat; returns how many rows went.

        Group records that others share (a round they started, a drill they won) stay, without
        their id; everything that is theirs alone is deleted."""
        statements = (
            "DELETE FROM quiz_answers WHERE session_id IN (SELECT session_id FROM quiz_sessions WHERE user_id = ?)",
            "DELETE FROM quiz_sessions WHERE user_id = ?",
            "DELETE FROM learner_cards WHERE user_id = ?",
            "DELETE FROM learner_days WHERE user_id = ?",
            "DELETE FROM poll_answers WHERE user_id = ?",
            "DELETE FROM chat_points WHERE user_id = ?",
            "DELETE FROM drill_picks WHERE drill_id IN (SELECT drill_id FROM scenario_drills WHERE owner = ?)",
            "DELETE FROM scenario_drills WHERE owner = ?",
            "DELETE FROM drill_picks WHERE user_id = ?",
            "UPDATE scenario_drills SET winner = NULL WHERE winner = ?",
            "UPDATE quiz_rounds SET started_by = 0 WHERE started_by = ?",
            "DELETE FROM managed_chats WHERE user_id = ?",
            "DELETE FROM chats WHERE chat_id = ? AND kind = 'private'",
            "DELETE FROM users WHERE user_id = ?",
        )
        removed = 0
        with self.transaction():
            for sql in statements:
                removed += self._db.execute(sql, (user_id,)).rowcount
        self._seen.pop(("users", user_id), None)
        self._seen.pop(("chats", user_id), None)
        return removed

    # --- questions behind buttons
    def offer_question(self, question: str) -> str:
        """A short, stable key for a question shown as a button (callback data holds 64 bytes)."""
        key = hashlib.blake2s(question.encode("utf-8"), digest_size=6).hexdigest()
        if key not in self._offered:
            self._db.execute("INSERT OR IGNORE INTO offered_questions (key, question) VALUES (?, ?)",
                             (key, question))
            self._offered.add(key)
        return key

    def offered_question(self, key: str) -> str | None:
        row = self._db.execute("SELECT question FROM offered_questions WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None


class _Transaction:
    """BEGIN IMMEDIATE ... COMMIT, rolled back on any exception (the connection is in autocommit)."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def __enter__(self) -> None:
        self._db.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type, exc, tb) -> None:
        self._db.execute("ROLLBACK" if exc_type else "COMMIT")


def _statements(script: str) -> list[str]:
    """Split a migration into statements, so it runs inside one transaction (executescript commits)."""
    lines = [line for line in script.splitlines() if not line.strip().startswith("--")]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]


def _json_dict(text: str) -> dict[str, Any]:
    try:
        value = json.loads(text)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}
