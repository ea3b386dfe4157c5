"""What a scenario drill shows, as typed values that render themselves (Telegram HTML, or text for
the terminal). Views carry display names, so rendering needs no knowledge base."""
from __future__ import annotations

from dataclasses import dataclass

from bot.quiz.views import Renders, escape, plain

from .grading import PARTLY, RIGHT, WRONG

ENDINGS = {
    "won": "🏆 {winner} got it first (+1 point).",
    "time": "⏱ Time's up: nobody got it fully right.",
    "replaced": "⏭ A new scenario has started; here is the answer to this one.",
}
VERDICT_LINES = {
    RIGHT: "✅ <b>Fully right!</b>",
    PARTLY: "🟡 <b>Partly right.</b>",
    WRONG: "❌ <b>Not this time.</b>",
}


def verdict_notice(verdict: str) -> str:
    """The verdict as a short plain line, for a notice under the buttons."""
    return plain(VERDICT_LINES[verdict])


@dataclass(frozen=True)
class Choice:
    activity: str
    name: str
    picked: bool


@dataclass(frozen=True)
class DrillPrompt(Renders):
    drill_id: int
    wording: str
    choices: tuple[Choice, ...]
    in_group: bool = False
    closes_in_minutes: int | None = None

    def to_html(self) -> str:
        lines = ["🧩 <b>Scenario</b>", f"<i>{escape(self.wording)}</i>", "",
                 "Which activities are <b>mainly</b> involved? Tap each one you choose, then <b>Submit</b>."]
        if self.in_group:
            lines.append("Everyone picks on their own (the bot confirms each tap to you alone). The first fully "
                         "right answer wins a point; one submission each.")
            if self.closes_in_minutes:
                lines.append(f"The answer is shown after {self.closes_in_minutes} minutes if nobody gets it.")
        return "\n".join(lines)


@dataclass(frozen=True)
class Involvement:
    name: str
    why: str
    mark: str  # how the learner's pick went, for this activity ("" when there was no pick to mark)


@dataclass(frozen=True)
class DrillResult(Renders):
    """The answer to a drill: for one learner's submission (with marks) or for a group at the end."""

    wording: str
    situation: str
    mainly: tuple[Involvement, ...]
    also: tuple[Involvement, ...]
    extra: tuple[str, ...] = ()             # names the learner picked that take no part
    stream: tuple[str, ...] = ()            # the value stream's steps, "Engage: ..."
    stream_name: str = ""
    verdict: str | None = None              # the learner's, for a personal result
    ending: str = ""                        # how a drill ended for everyone: won, time or replaced
    winner: str = ""                        # who won a group drill
    tried: int | None = None                # submissions, in a group drill

    def share_text(self) -> str:
        """A challenge for a friend, from a learner's own result."""
        if self.verdict is None:
            return ""
        boast = "I got it fully right. " if self.verdict == RIGHT else ""
        return f"\u201c{self.wording}\u201d: which ITIL 4 value chain activities are mainly involved? {boast}Try it:"

    def to_html(self) -> str:
        lines = [f"🧩 <b>Scenario</b>: <i>{escape(self.wording)}</i>", ""]
        if self.verdict:
            lines += [VERDICT_LINES[self.verdict], ""]
        if self.ending:
            lines.append(ENDINGS[self.ending].format(winner=f"<b>{escape(self.winner)}</b>"))
            if self.tried is not None:
                lines.append(f"{self.tried} answer{'s' if self.tried != 1 else ''} submitted.")
            lines.append("")
        lines += [f"<i>{escape(self.situation)}</i>", "", "<b>Mainly involved</b>"]
        lines += [f"{i.mark or '•'} <b>{escape(i.name)}</b>: {escape(i.why)}" for i in self.mainly]
        if self.also:
            lines += ["", "<b>May also take part</b> (never marked wrong)"]
            lines += [f"{i.mark or '•'} {escape(i.name)}: {escape(i.why)}" for i in self.also]
        if self.extra:
            lines += ["", "<b>Not part of this situation</b>"]
            lines += [f"➖ {escape(name)}" for name in self.extra]
        if self.stream:
            lines += ["", f"<b>Value stream, in order</b> ({escape(self.stream_name)})"]
            lines += [f"{n}. {escape(step)}" for n, step in enumerate(self.stream, 1)]
        if self.verdict is not None:
            lines += ["", "✅ picked and right · ❌ missed · ☑️ picked, may take part · ➖ picked, takes no part"]
        return "\n".join(lines)
