"""Clock time in a chat's time zone: reading "08:30" and "Europe/Berlin", and when the next post is due.

Times are stored as the admin typed them (local "HH:MM" and a zone name), never as UTC, so a
daily question stays at 08:30 on both sides of a daylight-saving change.
"""
from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from rapidfuzz import fuzz, process, utils

UTC_NAME = "UTC"
_CLOCK = re.compile(r"^(\d{1,2})(?:[:.h](\d{2}))?\s*(am|pm)?$", re.IGNORECASE)
_OFFSET = re.compile(r"^(?:utc|gmt)?\s*([+-])(\d{1,2})(?::?(\d{2}))?$", re.IGNORECASE)
ZONE_CUTOFF = 90  # rapidfuzz WRatio on a city name: "berlin" and "new york" pass, "later" does not


def read_clock(text: str) -> time | None:
    """08:30, 8:30, 8.30, 20h15, 8am, 8:30 pm; None for anything else (25:00, "soon")."""
    m = _CLOCK.match(text.strip())
    if not m:
        return None
    hour, minute, half = int(m[1]), int(m[2] or 0), (m[3] or "").lower()
    if half:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half == "pm" else 0)
    elif m[2] is None:  # a bare number is too easy to mistype: "/daily 9" could be anything
        return None
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def format_clock(value: time) -> str:
    return f"{value.hour:02d}:{value.minute:02d}"


@cache
def _zones_by_key() -> dict[str, str]:
    """Lower-case IANA names and their cities ("new york") -> the IANA name."""
    names: dict[str, str] = {}
    for name in sorted(available_timezones()):
        if name.startswith(("Etc/", "SystemV/", "posix/", "right/")) or "/" not in name:
            continue
        names.setdefault(name.lower(), name)
        names.setdefault(name.rsplit("/", 1)[1].replace("_", " ").lower(), name)
    return names


def find_zone(text: str) -> str | None:
    """An IANA zone ("Europe/Berlin", "berlin", "New York") or a fixed offset ("UTC+2", "+05:30")."""
    wanted = " ".join(text.strip().replace("_", " ").split())
    if not wanted or len(wanted) > 60:
        return None
    if wanted.lower() in ("utc", "gmt", "z"):
        return UTC_NAME
    if m := _OFFSET.match(wanted.replace(" ", "")):
        hours, minutes = int(m[2]), int(m[3] or 0)
        if hours > 14 or minutes not in (0, 15, 30, 45):
            return None
        return UTC_NAME if hours == minutes == 0 else f"UTC{m[1]}{hours:02d}:{minutes:02d}"
    keys = _zones_by_key()
    exact = keys.get(wanted.lower()) or keys.get(wanted.lower().replace(" ", "_"))
    if exact:
        return exact
    found = process.extractOne(wanted, list(keys), scorer=fuzz.WRatio, processor=utils.default_process,
                               score_cutoff=ZONE_CUTOFF)
    return keys[found[0]] if found else None


@cache
def zone(name: str) -> tzinfo:
    """The tzinfo of a stored zone name; UTC if the name is no longer known (an old tzdata)."""
    m = _OFFSET.match(name)
    if m:
        offset = timedelta(hours=int(m[2]), minutes=int(m[3] or 0))
        return timezone(offset if m[1] == "+" else -offset, name)
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def local_day(moment: float, zone_name: str) -> date:
    return datetime.fromtimestamp(moment, zone(zone_name)).date()


def due_on(day: date, at: time, zone_name: str) -> float:
    """The instant `at` o'clock happens on `day` in the zone (a time skipped by a DST change: an hour later)."""
    return datetime.combine(day, at, tzinfo=zone(zone_name)).timestamp()


def week_of(day: date) -> str:
    """An ISO week label ("2026-W48"): the weekly post's claim key."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"
