"""The terminal face of the tutor: a chat loop over the same core the bot uses."""
from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TextIO

from .engine import Tutor
from .text import MAX_QUESTION_CHARS

WELCOME = (
    "ITIL 4 service value chain tutor (this teaches ITIL 4, not the newer 2026 edition).\n"
    "Ask a question in your own words, for example:\n"
    "  what is the purpose of engage?\n"
    "  what flows from plan to design and transition?\n"
    "  a user reports an outage\n"
    "Type /help for commands, /quit to leave."
)
HELP = (
    "Commands:\n"
    "  /help         this list\n"
    "  /ask <q>      ask a question (here, plain text works too)\n"
    "  /activities   the six value chain activities\n"
    "  /quit         leave (Ctrl-D works too)\n"
    "Anything else is a question about the ITIL 4 service value chain."
)


class Console:
    def __init__(self, tutor: Tutor) -> None:
        self.tutor = tutor
        self._commands: dict[str, Callable[[str], str]] = {
            "/help": lambda _: HELP,
            "/start": lambda _: WELCOME,
            "/activities": self._activities,
            "/ask": self._ask,
        }

    def reply(self, line: str) -> str | None:
        """The tutor's reply to one line; None when the learner wants to leave."""
        line = line.strip()
        if not line:
            return ""
        if line.startswith("/"):
            command, _, rest = line.partition(" ")
            command = command.lower()
            if command in ("/quit", "/exit", "/q"):
                return None
            handler = self._commands.get(command)
            if handler is None:
                return f"I don't know the command {command[:40]}. Type /help for the list."
            return handler(rest)
        return self.tutor.answer(line[:MAX_QUESTION_CHARS]).to_text()

    def _ask(self, question: str) -> str:
        if not question.strip():
            return "Ask like this: /ask what is the purpose of Engage?"
        return self.tutor.answer(question.strip()[:MAX_QUESTION_CHARS]).to_text()

    def _activities(self, _: str) -> str:
        lines = [f"  {a.name}: {a.gist}" for a in self.tutor.kb.activities]
        return "The six activities (in no fixed order):\n" + "\n".join(lines)

    def run(self, stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout, interactive: bool | None = None) -> int:
        if interactive is None:
            interactive = stdin.isatty() and stdout.isatty()
        if interactive:
            _enable_line_editing()
        print(WELCOME, file=stdout)
        while True:
            try:
                line = input("you> ") if interactive else stdin.readline()
            except (EOFError, KeyboardInterrupt):
                print(file=stdout)
                return 0
            if not interactive and line == "":
                return 0
            reply = self.reply(line)
            if reply is None:
                print("Bye, and good luck with the exam!", file=stdout)
                return 0
            if reply:
                print(reply + "\n", file=stdout, flush=True)


def _enable_line_editing() -> None:
    """Arrow keys and history for input(), where the platform has readline."""
    try:
        import readline  # noqa: F401  (importing it is what turns line editing on)
    except ImportError:
        pass
