"""The scenario drills' rows in the store. Only SQL lives here; bot.scenarios.drills decides what
they mean. Picks are a bit per activity so a toggle is one atomic UPDATE, and a learner submits
once per drill (the row's `submitted_at`), so a double tap is graded once."""
from __future__ import annotations

from dataclasses import dataclass

from bot.store import Store


@dataclass(frozen=True)
class Drill:
    drill_id: int
    chat_id: int
    thread_id: int | None
    owner: int | None  # the learner, in a private chat; None when the whole group plays
    scenario_id: str
    wording: str
    started_at: float
    closes_at: float | None
    ended_at: float | None
    winner: int | None
    message_id: int | None

    @property
    def is_open(self) -> bool:
        return self.ended_at is None

    @property
    def is_group(self) -> bool:
        return self.owner is None


_DRILL = ("drill_id, chat_id, thread_id, owner, scenario_id, wording, started_at, closes_at, ended_at, winner, "
          "message_id")


class DrillRecords:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.db = store.db

    def now(self) -> float:
        return self.store.now()

    def drill(self, drill_id: int) -> Drill | None:
        row = self.db.execute(f"SELECT {_DRILL} FROM scenario_drills WHERE drill_id = ?", (drill_id,)).fetchone()
        return Drill(*row) if row else None

    def open_drills(self, chat_id: int, thread_id: int | None) -> list[Drill]:
        rows = self.db.execute(f"SELECT {_DRILL} FROM scenario_drills WHERE chat_id = ? AND ended_at IS NULL "
                               "AND thread_id IS ?", (chat_id, thread_id))
        return [Drill(*r) for r in rows]

    def timed_drills(self) -> list[Drill]:
        """Open drills with a closing time: the group drills whose timers start-up must set again."""
        rows = self.db.execute(f"SELECT {_DRILL} FROM scenario_drills WHERE ended_at IS NULL "
                               "AND closes_at IS NOT NULL")
        return [Drill(*r) for r in rows]

    def create(self, chat_id: int, thread_id: int | None, owner: int | None, scenario_id: str, wording: str,
               closes_at: float | None) -> Drill:
        cursor = self.db.execute(
            "INSERT INTO scenario_drills (chat_id, thread_id, owner, scenario_id, wording, started_at, closes_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)", (chat_id, thread_id, owner, scenario_id, wording, self.now(), closes_at))
        return self.drill(cursor.lastrowid)

    def set_message(self, drill_id: int, message_id: int) -> None:
        self.db.execute("UPDATE scenario_drills SET message_id = ? WHERE drill_id = ?", (message_id, drill_id))

    def end(self, drill_id: int, winner: int | None = None) -> bool:
        """Close an open drill (with its winner); False if something else closed it first."""
        return bool(self.db.execute("UPDATE scenario_drills SET ended_at = ?, winner = ? "
                                    "WHERE drill_id = ? AND ended_at IS NULL",
                                    (self.now(), winner, drill_id)).rowcount)

    def chat_left(self, chat_id: int) -> None:
        """End every open drill in a chat the bot has left; their timers then find nothing to do."""
        self.db.execute("UPDATE scenario_drills SET ended_at = ? WHERE chat_id = ? AND ended_at IS NULL",
                        (self.now(), chat_id))

    # --- picks
    def toggle(self, drill_id: int, user_id: int, bit: int) -> int | None:
        """Flip one pick; the picks after it, or None if this learner has submitted already."""
        # SQLite has no XOR: (a | b) - (a & b) flips the bit
        self.db.execute("INSERT INTO drill_picks (drill_id, user_id, picks) VALUES (?, ?, ?) "
                        "ON CONFLICT (drill_id, user_id) DO UPDATE SET "
                        "picks = (picks | excluded.picks) - (picks & excluded.picks) WHERE submitted_at IS NULL",
                        (drill_id, user_id, bit))
        row = self.db.execute("SELECT picks, submitted_at FROM drill_picks WHERE drill_id = ? AND user_id = ?",
                              (drill_id, user_id)).fetchone()
        return row[0] if row[1] is None else None

    def set_picks(self, drill_id: int, user_id: int, picks: int) -> None:
        """All picks at once (the terminal types them in one line); nothing changes after submitting."""
        self.db.execute("INSERT INTO drill_picks (drill_id, user_id, picks) VALUES (?, ?, ?) "
                        "ON CONFLICT (drill_id, user_id) DO UPDATE SET picks = excluded.picks "
                        "WHERE submitted_at IS NULL", (drill_id, user_id, picks))

    def picks(self, drill_id: int, user_id: int) -> tuple[int, bool]:
        """(picks, submitted already)."""
        row = self.db.execute("SELECT picks, submitted_at FROM drill_picks WHERE drill_id = ? AND user_id = ?",
                              (drill_id, user_id)).fetchone()
        return (row[0], row[1] is not None) if row else (0, False)

    def submit(self, drill_id: int, user_id: int, picks: int, verdict: str) -> bool:
        """Record the graded submission; False if this learner had submitted already."""
        return bool(self.db.execute("UPDATE drill_picks SET submitted_at = ?, verdict = ? WHERE drill_id = ? "
                                    "AND user_id = ? AND picks = ? AND submitted_at IS NULL",
                                    (self.now(), verdict, drill_id, user_id, picks)).rowcount)

    def submission_count(self, drill_id: int) -> int:
        return self.db.execute("SELECT COUNT(*) FROM drill_picks WHERE drill_id = ? AND submitted_at IS NOT NULL",
                               (drill_id,)).fetchone()[0]

    def learner_results(self, user_id: int) -> list[tuple[str, str]]:
        """(scenario id, verdict) of every drill the learner submitted, oldest first."""
        rows = self.db.execute("SELECT d.scenario_id, p.verdict FROM drill_picks p JOIN scenario_drills d "
                               "USING (drill_id) WHERE p.user_id = ? AND p.submitted_at IS NOT NULL "
                               "ORDER BY p.submitted_at", (user_id,))
        return [(s, v) for s, v in rows]
