"""What a group or channel is shown: its settings, the weekly posts, and /groupstats, as typed views."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

from ..pictures.specs import MasteryChart, MasteryRow
from ..quiz.views import Renders, Standing, escape, leaderboard_lines
from .timing import format_clock


def when(day: date, at: time, today: date) -> str:
    """'today at 08:30', 'tomorrow at 08:30' or 'Mon 30 Nov at 08:30'."""
    clock = format_clock(at)
    if day == today:
        return f"today at {clock}"
    if (day - today).days == 1:
        return f"tomorrow at {clock}"
    return f"{day:%a} {day.day} {day:%b} at {clock}"


def period(first: date, last: date) -> str:
    """'16–22 Nov' or '30 Nov – 6 Dec'."""
    if first.month == last.month:
        return f"{first.day}–{last.day} {last:%b}"
    return f"{first.day} {first:%b} – {last.day} {last:%b}"


@dataclass(frozen=True)
class SettingsView(Renders):
    title: str
    kind: str                      # group, supergroup or channel
    daily_at: time | None
    zone: str
    in_topic: bool
    next_post: str                 # "tomorrow at 08:30", or "" when nothing is scheduled
    activities: tuple[str, ...]    # names; empty: all six
    weekly: bool
    points: int = 0
    members: int = 0
    from_private: bool = False     # shown in the admin's private chat (a channel's settings)

    @property
    def is_channel(self) -> bool:
        return self.kind == "channel"

    def to_html(self) -> str:
        where = "📢 " if self.is_channel else ""
        lines = [f"<b>⚙️ Settings for {where}{escape(self.title or 'this chat')}</b>", ""]
        if self.daily_at:
            topic = ", in this topic" if self.in_topic else ""
            lines.append(f"📅 Daily question: every day at {format_clock(self.daily_at)} ({escape(self.zone)})"
                         f"{topic}. Next: {self.next_post}.")
        else:
            lines.append("📅 Daily question: off.")
        lines.append("📚 Questions from: " + (", ".join(escape(a) for a in self.activities) if self.activities
                                              else "all six activities") + ".")
        what = "recap of the week's questions" if self.is_channel else "leaderboard"
        if self.weekly:
            at = format_clock(self.daily_at) if self.daily_at else "09:00"
            lines.append(f"🏆 Weekly {what}: on, Mondays at {at} ({escape(self.zone)}).")
        else:
            lines.append(f"🏆 Weekly {what}: off.")
        if not self.is_channel:
            lines.append(f"🔢 Leaderboard: {self.points} point{'s' if self.points != 1 else ''} "
                         f"for {self.members} member{'s' if self.members != 1 else ''} (/leaderboard).")
        lines.append("")
        if self.from_private:
            lines.append("Set the time here with /daily HH:MM [time zone], e.g. /daily 08:30 Europe/Berlin; "
                         "/daily off stops it. The buttons change the rest.")
        else:
            lines.append("Admins: /daily HH:MM [time zone] sets the time (e.g. /daily 08:30 Europe/Berlin), "
                         "/daily off stops it; the buttons change the rest.")
        return "\n".join(lines)


@dataclass(frozen=True)
class DailySet(Renders):
    """The answer to /daily: what is now scheduled (or that it is off)."""

    title: str
    daily_at: time | None
    zone: str
    next_post: str
    in_topic: bool = False

    def to_html(self) -> str:
        if self.daily_at is None:
            return f"📅 The daily question in {escape(self.title)} is off. /daily HH:MM turns it on again."
        topic = " in this topic" if self.in_topic else ""
        return (f"📅 Daily question for {escape(self.title)}: every day at {format_clock(self.daily_at)} "
                f"({escape(self.zone)}){topic}. The first one comes {self.next_post}.\n"
                "/settings chooses the activities it draws from; /daily off stops it.")


@dataclass(frozen=True)
class WeeklyBoard(Renders):
    """A group's weekly post: last week's leaderboard and the activity it found hardest."""

    period: str
    standings: tuple[Standing, ...]
    weakest: str = ""            # "Improve (45 % right of 20 answers)"

    def to_html(self) -> str:
        lines = [f"<b>🏆 Last week's leaderboard ({self.period})</b>", *leaderboard_lines(self.standings)]
        if self.weakest:
            lines.append(f"\nThe group's weakest activity last week: {escape(self.weakest)}.")
        lines.append("\nA new week starts now. /quiz for a round, /groupstats for where the group stands.")
        return "\n".join(lines)


@dataclass(frozen=True)
class RecapItem:
    question: str
    answer: str
    voters: int
    right: int


@dataclass(frozen=True)
class ChannelRecap(Renders):
    """A channel's weekly post: the week's daily questions with their answers and how readers did."""

    period: str
    items: tuple[RecapItem, ...]

    def to_html(self) -> str:
        lines = [f"<b>📅 The week's questions ({self.period})</b>"]
        for n, item in enumerate(self.items, 1):
            score = (f"{round(100 * item.right / item.voters)} % of {item.voters} got it right" if item.voters
                     else "no votes")
            lines.append(f"\n{n}. {escape(_short(item.question))}\n→ <b>{escape(item.answer)}</b> · {score}")
        voted = [i for i in self.items if i.voters]
        if len(voted) > 1:
            hardest = min(voted, key=lambda i: i.right / i.voters)
            lines.append(f"\nThe hardest: question {self.items.index(hardest) + 1}. A new question comes tomorrow.")
        return "\n".join(lines)


def _short(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


@dataclass(frozen=True)
class ActivityTally:
    name: str
    right: int
    answers: int

    @property
    def share(self) -> float:
        return self.right / self.answers if self.answers else 0.0


@dataclass(frozen=True)
class MissedQuestion:
    question: str
    answer: str
    wrong: int
    answers: int


@dataclass(frozen=True)
class GroupStats(Renders):
    title: str
    activities: tuple[ActivityTally, ...]   # in the chain's order
    answers: int
    members: int
    missed: tuple[MissedQuestion, ...] = ()

    def to_html(self) -> str:
        if not self.answers:
            return ("No answers in this chat yet, so nothing to show. Start a round with /quiz, or ask an admin "
                    "to set a daily question with /daily.")
        lines = [f"<b>📊 How {escape(self.title or 'this group')} is doing</b>",
                 f"{self.answers} answer{'s' if self.answers != 1 else ''} from {self.members} "
                 f"member{'s' if self.members != 1 else ''}, in quiz rounds and daily questions.",
                 "\n<b>Most often wrong first</b>"]
        tried = sorted((a for a in self.activities if a.answers), key=lambda a: (a.share, -a.answers))
        for a in tried:
            lines.append(f"{_dot(a.share)} {escape(a.name)}: {round(100 * (1 - a.share))} % wrong "
                         f"({a.answers - a.right} of {a.answers})")
        untried = [a.name for a in self.activities if not a.answers]
        if untried:
            lines.append("Not asked yet: " + ", ".join(escape(n) for n in untried) + ".")
        if self.missed:
            lines.append("\n<b>Questions the group missed most</b>")
            for m in self.missed:
                lines.append(f"• {escape(_short(m.question, 120))}\n  → {escape(m.answer)} "
                             f"({m.wrong} of {m.answers} wrong)")
        if tried and tried[0].share < 0.65:
            lines.append(f"\nTip: /quiz 5 {escape(tried[0].name.split()[0].lower())} for a round on the weakest.")
        return "\n".join(lines)

    def chart(self) -> MasteryChart | None:
        if not self.answers:
            return None
        rows = tuple(MasteryRow(a.name, a.right, a.answers) for a in self.activities)
        return MasteryChart(f"{self.title or 'This group'}: % right per activity"[:60], rows,
                            f"{self.answers} answers from {self.members} member{'s' if self.members != 1 else ''}")


def _dot(share: float) -> str:
    return "🟢" if share >= 0.65 else "🟡" if share >= 0.5 else "🔴"
