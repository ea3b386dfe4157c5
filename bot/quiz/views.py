"""What the quiz shows a learner, as typed values that render themselves.

Each view renders to Telegram HTML; `to_text` strips that for the terminal, so both faces say the
same thing. Views carry the display names they need, so rendering needs no knowledge base.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from ..pictures.specs import MasteryChart, MasteryRow
from .bank import LETTERS, Question

PASS_RATIO = 0.65  # the Foundation exam: 26 of 40
_TAG = re.compile(r"</?[a-z]+>")


def escape(text: str) -> str:
    return html.escape(text, quote=False)


def plain(html_text: str) -> str:
    return html.unescape(_TAG.sub("", html_text))


class Renders:
    def to_html(self) -> str:
        raise NotImplementedError

    def to_text(self) -> str:
        return plain(self.to_html())


KIND_TITLES = {"practice": "Quiz", "exam": "Mock exam", "review": "Review"}


def minutes_left(deadline: float, now: float) -> str:
    left = max(0.0, deadline - now)
    if left < 60:
        return "under a minute left"
    return f"{int(left // 60)} min left"


def _options(question: Question, marks: dict[int, str] | None = None) -> str:
    marks = marks or {}
    return "\n".join(f"{marks.get(i, '')}{LETTERS[i]}) {escape(o)}" for i, o in enumerate(question.options))


def _header(kind: str, position: int, total: int) -> str:
    return f"<b>{KIND_TITLES.get(kind, 'Quiz')} · question {position + 1} of {total}</b>"


@dataclass(frozen=True)
class QuestionView(Renders):
    session_id: int
    kind: str
    position: int
    total: int
    question: Question
    deadline: float | None = None
    now: float = 0.0
    topic: str = ""

    def to_html(self) -> str:
        head = _header(self.kind, self.position, self.total)
        if self.topic:
            head += f" · {escape(self.topic)}"
        if self.deadline is not None:
            head += f"\n⏱ {minutes_left(self.deadline, self.now)}"
        return f"{head}\n\n{escape(self.question.text)}\n\n{_options(self.question)}"


@dataclass(frozen=True)
class Feedback(Renders):
    """A graded answer, with the explanation (practice and review show it at once)."""

    kind: str
    position: int
    total: int
    question: Question
    choice: int
    score: int

    @property
    def correct(self) -> bool:
        return self.choice == self.question.correct

    def to_html(self) -> str:
        q = self.question
        marks = {q.correct: "✅ "}
        if not self.correct:
            marks[self.choice] = "❌ "
        verdict = ("<b>Right!</b>" if self.correct else
                   f"<b>Not quite.</b> The answer is {LETTERS[q.correct]}) {escape(q.answer)}.")
        head = _header(self.kind, self.position, self.total)
        return f"{head}\n\n{escape(q.text)}\n\n{_options(q, marks)}\n\n{verdict}\n<i>{escape(q.explanation)}</i>"


@dataclass(frozen=True)
class ExamAnswered(Renders):
    """In an exam the answer is recorded without feedback, as in the real one."""

    position: int
    total: int
    choice: int

    def to_html(self) -> str:
        return f"Answer {LETTERS[self.choice]} recorded for question {self.position + 1} of {self.total}."


@dataclass(frozen=True)
class SessionResult(Renders):
    kind: str
    outcome: str  # finished, timed_out or stopped
    score: int
    total: int
    answered: int
    per_activity: tuple[tuple[str, int, int], ...]  # (activity name, right, asked)
    missed: tuple[tuple[Question, int | None], ...] = ()  # question and the choice made (None: unanswered)
    minutes: float = 0.0

    @property
    def passed(self) -> bool:
        return self.total > 0 and self.score >= pass_mark(self.total)

    def share_text(self) -> str:
        """What a learner's share button says about this result ("" for a stopped one: nothing to boast)."""
        if self.outcome == "stopped" or not self.total:
            return ""
        percent = round(100 * self.score / self.total)
        if self.kind == "exam":
            verdict = " and passed" if self.passed else ""
            return (f"I scored {self.score}/{self.total} ({percent} %) on an ITIL 4 Foundation mock exam{verdict}. "
                    "Can you beat it?")
        return f"I got {self.score} of {self.total} right in an ITIL 4 service value chain quiz. Your turn!"

    @property
    def share_start(self) -> str:
        """The /start payload the shared link opens: the same kind of test."""
        return "exam" if self.kind == "exam" else "quiz"

    def to_html(self) -> str:
        title = KIND_TITLES.get(self.kind, "Quiz")
        lines = []
        if self.outcome == "timed_out":
            lines.append(f"⏱ <b>Time's up.</b> {self.total - self.answered} question(s) were left unanswered "
                         "and count as wrong.")
        if self.outcome == "stopped":
            lines.append(f"<b>{title} stopped</b> after {self.answered} of {self.total} question(s): "
                         f"{self.score} right.")
        else:
            percent = round(100 * self.score / self.total) if self.total else 0
            lines.append(f"<b>{title} result: {self.score} of {self.total} ({percent} %)</b>")
        if self.kind == "exam" and self.outcome != "stopped":
            mark = pass_mark(self.total)
            lines.append(f"{'✅ Pass' if self.passed else '❌ Not a pass yet'}: the pass mark is {mark} of "
                         f"{self.total} (65 %, as in the Foundation exam). Time taken: {self.minutes:.0f} min.")
        if self.per_activity and self.kind != "review":
            lines.append("\n<b>By activity</b>")
            lines += [f"{_bar(right, asked)} {escape(name)}: {right}/{asked}"
                      for name, right, asked in self.per_activity]
        if self.missed and self.kind == "exam":
            lines.append("\n<b>To go over</b>")
            for q, _choice in self.missed[:10]:
                lines.append(f"• {escape(_short(q.text))}\n  → {LETTERS[q.correct]}) {escape(q.answer)}")
            if len(self.missed) > 10:
                lines.append(f"…and {len(self.missed) - 10} more.")
        wrong = sum(choice is not None for _, choice in self.missed)
        if wrong:
            lines.append(f"\nThe {wrong} you got wrong will come back in /review.")
        return "\n".join(lines)


def pass_mark(total: int) -> int:
    return -(-int(total * PASS_RATIO * 100) // 100)  # ceiling without float surprises: 20 -> 13, 40 -> 26


def _short(text: str, limit: int = 120) -> str:
    first = text.split("\n")[0]
    return first if len(first) <= limit else first[: limit - 1] + "…"


def _bar(right: int, asked: int, width: int = 5) -> str:
    filled = round(width * right / asked) if asked else 0
    return "▰" * filled + "▱" * (width - filled)


@dataclass(frozen=True)
class NothingDue(Renders):
    cards: int
    next_due_in: float | None  # seconds

    def to_html(self) -> str:
        if not self.cards:
            return "Nothing to review yet. Answer a few questions with /quiz first; the ones you miss come back here."
        when = _duration(self.next_due_in or 0)
        return f"Nothing is due for review right now. The next card is due in {when}. Try /quiz meanwhile."


def _duration(seconds: float) -> str:
    if seconds < 3600:
        return f"{max(1, round(seconds / 60))} min"
    if seconds < 20 * 3600:
        return f"{round(seconds / 3600)} h"
    days = max(1, round(seconds / 86400))
    return f"{days} day{'s' if days > 1 else ''}"


@dataclass(frozen=True)
class ActivityMastery:
    name: str
    seen: int
    right: int
    secure: int  # questions in Leitner box 3 or higher
    available: int  # questions the bank has on this activity


@dataclass(frozen=True)
class ScenarioTally:
    """A learner's scenario drills, for /progress."""

    tried: int = 0
    right: int = 0
    partly: int = 0
    to_master: tuple[str, ...] = ()  # situations not yet answered fully right

    def lines(self) -> list[str]:
        if not self.tried:
            return ["Scenario drills: none yet (/scenario)."]
        out = [f"Scenario drills: {self.tried} done, {self.right} fully right, {self.partly} partly."]
        if self.to_master:
            out.append("Not yet fully right: " + "; ".join(escape(s.rstrip(".")) for s in self.to_master[:4]) + ".")
        return out


@dataclass(frozen=True)
class Progress(Renders):
    activities: tuple[ActivityMastery, ...]
    answered: int
    correct: int
    streak: int
    exams: int
    exams_passed: int
    best_exam: int | None
    due_now: int
    scenarios: ScenarioTally = ScenarioTally()

    def to_html(self) -> str:
        if not self.answered and not self.scenarios.tried:
            return ("No answers yet. Start with /quiz (or /exam for a timed mock exam, or /scenario for a "
                    "situation to work through), then come back here.")
        percent = round(100 * self.correct / self.answered) if self.answered else 0
        lines = ["<b>Your progress</b>",
                 f"Answered {self.answered}, right {self.correct} ({percent} %)." if self.answered
                 else "No quiz answers yet: try /quiz.",
                 f"Streak: {self.streak} day{'s' if self.streak != 1 else ''} in a row." if self.streak
                 else "Streak: none today yet.",
                 "\n<b>Mastery by activity</b>"]
        for a in self.activities:
            if a.seen:
                lines.append(f"{_bar(a.right, a.seen)} {escape(a.name)}: {round(100 * a.right / a.seen)} % right, "
                             f"{a.secure} of {a.available} questions secure")
            else:
                lines.append(f"{_bar(0, 0)} {escape(a.name)}: not practised yet (/quiz {a.name.split()[0].lower()})")
        if self.exams:
            lines.append(f"\nMock exams: {self.exams} taken, {self.exams_passed} passed, best {self.best_exam} %.")
        lines += ["", *self.scenarios.lines()]
        lines.append(f"\n{self.due_now} card(s) due for /review." if self.due_now else "\nNothing due for /review.")
        return "\n".join(lines)

    def chart(self) -> MasteryChart | None:
        """The bar chart sent with /progress, or None before there is anything to draw."""
        if not self.answered:
            return None
        rows = tuple(MasteryRow(a.name, a.right, a.seen, a.secure, a.available) for a in self.activities)
        footer = [f"{self.correct} of {self.answered} right overall"]
        if self.scenarios.tried:
            footer.append(f"scenario drills: {self.scenarios.right} of {self.scenarios.tried} fully right")
        if self.streak:
            footer.append(f"streak: {self.streak} day{'s' if self.streak != 1 else ''}")
        return MasteryChart("Your mastery per activity", rows, " · ".join(footer))


@dataclass(frozen=True)
class Standing:
    name: str
    points: int


@dataclass(frozen=True)
class Leaderboard(Renders):
    week: tuple[Standing, ...]
    all_time: tuple[Standing, ...]

    def to_html(self) -> str:
        if not self.all_time:
            return "No points in this chat yet. Start a round with /quiz."
        return "\n".join(["<b>Leaderboard</b>", "\n<b>This week</b>", *leaderboard_lines(self.week),
                          "\n<b>All time</b>", *leaderboard_lines(self.all_time)])


def leaderboard_lines(rows: tuple[Standing, ...]) -> list[str]:
    if not rows:
        return ["No points yet this week."]
    medals = ["🥇", "🥈", "🥉"]
    return [f"{medals[i] if i < 3 else f'{i + 1}.'} {escape(r.name)}: {r.points}" for i, r in enumerate(rows)]


@dataclass(frozen=True)
class RoundStatus(Renders):
    """The one message a group round keeps editing: where the round is, and the scores so far."""

    position: int
    total: int
    open_seconds: int
    standings: tuple[Standing, ...]
    finished: bool = False
    stopped: bool = False
    answers: tuple[tuple[Question, int], ...] = field(default=())  # (question, how many got it right)

    def to_html(self) -> str:
        if self.finished or self.stopped:
            head = "<b>Quiz round stopped.</b>" if self.stopped else "<b>Quiz round over!</b>"
            lines = [head, f"{self.total} question(s)."]
        else:
            lines = [f"<b>Quiz round · question {self.position + 1} of {self.total}</b>",
                     f"Answer in the poll below; each is open for {self.open_seconds} s."]
        if self.answers:
            lines.append("\n<b>Answers</b>")
            for n, (q, right) in enumerate(self.answers, 1):
                lines.append(f"{n}. {escape(_short(q.text, 90))}\n   → {escape(q.answer)} ({right} right)")
                if len(q.explanation) > 200:  # the poll could show only part of it
                    lines.append(f"   <i>{escape(q.explanation)}</i>")
        lines.append("\n<b>Scores</b>" if self.standings else "\nNo correct answers yet.")
        lines += leaderboard_lines(self.standings)[:10]
        if self.finished or self.stopped:
            lines.append("\nSee /leaderboard for this week and all time.")
        return "\n".join(lines)
