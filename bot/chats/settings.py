"""A chat's settings, typed: read from the store's JSON (tolerating anything odd in it) and written back.

Groups and channels share one set: when the daily question is posted and from which activities,
and whether a weekly post (a group's leaderboard, a channel's recap) goes out on Mondays.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import time
from typing import Any

from .timing import UTC_NAME, find_zone, format_clock, read_clock

WEEKLY_DEFAULT_AT = time(9, 0)  # when a weekly post goes out in a chat with no daily question


@dataclass(frozen=True)
class ChatSettings:
    daily_at: time | None = None       # local time of the daily question; None: off
    zone: str = UTC_NAME               # IANA name or "UTC+05:30"
    thread_id: int | None = None       # the forum topic the daily question goes to
    activities: tuple[str, ...] = ()   # the daily question draws from these; empty: all six
    weekly: bool | None = None         # None: the default for the chat's kind (see weekly_on)

    @classmethod
    def from_stored(cls, raw: dict[str, Any], activity_ids: tuple[str, ...]) -> ChatSettings:
        """Whatever is in the store, made safe: an unreadable value falls back to its default."""
        at = read_clock(raw["daily_at"]) if isinstance(raw.get("daily_at"), str) else None
        zone = raw.get("zone")
        zone = zone if isinstance(zone, str) and find_zone(zone) == zone else UTC_NAME
        thread = raw.get("thread_id")
        activities = raw.get("activities")
        chosen = tuple(a for a in activity_ids if isinstance(activities, list) and a in activities)
        weekly = raw.get("weekly")
        return cls(at, zone, thread if isinstance(thread, int) else None, chosen,
                   weekly if isinstance(weekly, bool) else None)

    def stored(self) -> dict[str, Any]:
        """The changes that write these settings back (None removes a name)."""
        return {"daily_at": format_clock(self.daily_at) if self.daily_at else None,
                "zone": self.zone if self.zone != UTC_NAME else None,
                "thread_id": self.thread_id,
                "activities": list(self.activities) or None,
                "weekly": self.weekly}

    def weekly_on(self, kind: str) -> bool:
        """A channel gets its weekly recap unless turned off; a group's leaderboard is opt-in."""
        return self.weekly if self.weekly is not None else kind == "channel"

    @property
    def post_at(self) -> time:
        return self.daily_at or WEEKLY_DEFAULT_AT

    def with_activity_toggled(self, activity: str, activity_ids: tuple[str, ...]) -> ChatSettings:
        """One activity in or out of the daily question's pool. None chosen means all six, so the
        first tap takes one out of the six; the last one cannot be taken out."""
        chosen = set(self.activities or activity_ids) ^ {activity}
        if not chosen:
            return self
        if chosen == set(activity_ids):
            chosen = set()
        return replace(self, activities=tuple(a for a in activity_ids if a in chosen))

    def draws_from(self, activity: str) -> bool:
        return not self.activities or activity in self.activities


@dataclass(frozen=True)
class DailyRequest:
    """What followed /daily: a time (and zone), "off", nothing (show the setting), or a problem."""

    off: bool = False
    at: time | None = None
    zone: str | None = None
    problem: str = ""

    @property
    def show_only(self) -> bool:
        return not (self.off or self.at or self.problem)


DAILY_USAGE = ("Send /daily HH:MM [time zone], for example /daily 08:30 Europe/Berlin or /daily 19:00 UTC+2; "
               "/daily off stops it.")


def read_daily_request(text: str) -> DailyRequest:
    words = text.split()
    if not words:
        return DailyRequest()
    if words[0].lower() in ("off", "stop", "none", "disable"):
        return DailyRequest(off=True)
    at = read_clock(words[0])
    rest = words[1:]
    if at is None and len(words) > 1 and words[1].lower() in ("am", "pm"):  # "8 am"
        at, rest = read_clock(words[0] + words[1]), words[2:]
    if at is None:
        return DailyRequest(problem=f"I couldn't read \u201c{words[0][:20]}\u201d as a time. {DAILY_USAGE}")
    if not rest:
        return DailyRequest(at=at)
    wanted = " ".join(rest)
    zone = find_zone(wanted)
    if zone is None:
        return DailyRequest(problem=f"I don't know the time zone \u201c{wanted[:40]}\u201d. Use a name like "
                                    "Europe/London, America/New_York or Asia/Kolkata, a city such as Berlin, "
                                    "or an offset such as UTC+2.")
    return DailyRequest(at=at, zone=zone)
