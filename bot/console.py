"""The terminal face of the tutor: a chat loop over the same core the bot uses."""
from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TextIO

from .engine import Tutor
from .pictures.requests import chain_for_request
from .quiz import Quiz
from .quiz.arguments import activities_named, read_quiz_request
from .quiz.bank import LETTERS
from .quiz.coach import PRACTICE_MAX, Graded, Refused, TimedOut
from .quiz.views import QuestionView
from .scenarios import DrillRefused, Drills
from .text import MAX_QUESTION_CHARS

# the terminal has one learner; Telegram user ids are positive, so 0 never collides with one
CONSOLE_LEARNER = 0
NO_STORE = "The quiz needs the data store, which this console was started without."
PICTURE_FILE = "value-chain.png"

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
    "  /quiz [n] [activity]  practice questions (answer with a letter)\n"
    "  /exam         a timed mock exam: 20 questions, 30 minutes, pass mark 65 %\n"
    "  /review       go over what you got wrong or is due again\n"
    "  /progress     your mastery per activity, streak and totals\n"
    "  /scenario [kind]  a situation: name the activities mainly involved\n"
    "  /chain [activities | value stream]  save a picture of the value chain as value-chain.png\n"
    "  /stop         end the quiz, exam or scenario in progress\n"
    "  /quit         leave (Ctrl-D works too)\n"
    "Anything else is a question about the ITIL 4 service value chain."
)


class Console:
    def __init__(self, tutor: Tutor, quiz: Quiz | None = None, drills: Drills | None = None,
                 painter: Callable[[object], bytes] | None = None) -> None:
        self.tutor = tutor
        self.quiz = quiz
        self.drills = drills
        self.painter = painter
        self._commands: dict[str, Callable[[str], str]] = {
            "/help": lambda _: HELP,
            "/start": lambda _: WELCOME,
            "/activities": self._activities,
            "/ask": self._ask,
            "/chain": self._chain,
        }
        quiz_commands = {"/quiz": self._quiz, "/exam": self._exam, "/review": self._review,
                         "/progress": self._progress, "/stop": self._stop, "/scenario": self._scenario}
        for command, handler in quiz_commands.items():
            self._commands[command] = handler if quiz is not None else (lambda _: NO_STORE)

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
        choice = self._choice(line)
        if choice is not None:
            return self._answer(choice)
        drill = self.drills.open_drill(CONSOLE_LEARNER) if self.drills else None
        picks = self._picks(line) if drill is not None else None
        if picks is not None:
            return self._submit(drill.drill_id, picks)
        return self.tutor.answer(line[:MAX_QUESTION_CHARS]).to_text()

    # --- the quiz, on the same core as the bot's
    def _show(self, view: QuestionView) -> str:
        letters = "/".join(LETTERS[: len(view.question.options)])
        return f"{view.to_text()}\n\nAnswer with {letters}, or /stop."

    def _quiz(self, rest: str) -> str:
        request = read_quiz_request(rest, self.tutor.kb, PRACTICE_MAX)
        if request.problem:
            return request.problem
        return self._show(self.quiz.coach.start_practice(CONSOLE_LEARNER, CONSOLE_LEARNER, request.count,
                                                         request.activity))

    def _exam(self, _: str) -> str:
        return self._show(self.quiz.coach.start_exam(CONSOLE_LEARNER, CONSOLE_LEARNER))

    def _review(self, _: str) -> str:
        started = self.quiz.coach.start_review(CONSOLE_LEARNER, CONSOLE_LEARNER)
        return self._show(started) if isinstance(started, QuestionView) else started.to_text()

    def _progress(self, _: str) -> str:
        tally = self.drills.tally(CONSOLE_LEARNER) if self.drills else None
        return self.quiz.coach.progress(CONSOLE_LEARNER, tally).to_text()

    def _stop(self, _: str) -> str:
        result = self.quiz.coach.stop(CONSOLE_LEARNER)
        if result:
            return result.to_text()
        drill = self.drills.open_drill(CONSOLE_LEARNER) if self.drills else None
        if drill is not None and self.drills.records.end(drill.drill_id):
            return "Scenario stopped. Send /scenario for another."
        return "There is nothing to stop. Start with /quiz or /scenario."

    # --- scenario drills: the situation, then the learner types the activities
    def _scenario(self, rest: str) -> str:
        if self.drills is None:
            return NO_STORE
        scenario_id = self.drills.find_scenario(rest) if rest.strip() else None
        if rest.strip() and scenario_id is None:
            return ("I don't know that kind of situation. Send /scenario for a random one, or name one of: "
                    + ", ".join(self.drills.scenario_names) + ".")
        started = self.drills.start(CONSOLE_LEARNER, None, CONSOLE_LEARNER, scenario_id)
        options = "\n".join(f"  {i}. {c.name}" for i, c in enumerate(started.prompt.choices, 1))
        return (f"Scenario\n{started.prompt.wording}\n\nWhich activities are mainly involved?\n{options}\n\n"
                "Answer with their numbers or names (for example: 3 6, or engage, deliver and support), or /stop.")

    def _picks(self, line: str) -> list[str] | None:
        """The activities a line names (an answer to the open scenario); None if it is something else."""
        if len(line) > 120:
            return None
        words = line.replace(",", " ").split()
        ids = self.tutor.kb.activity_ids
        if words and all(w.isdigit() for w in words):
            if not all(1 <= int(w) <= len(ids) for w in words):
                return None
            return [ids[int(w) - 1] for w in words]
        named, unknown = activities_named(line, self.tutor.kb)
        return named if named and not unknown else None

    def _submit(self, drill_id: int, picks: list[str]) -> str:
        outcome = self.drills.answer(drill_id, CONSOLE_LEARNER, CONSOLE_LEARNER, "you", picks)
        if isinstance(outcome, DrillRefused):
            return outcome.message
        text = outcome.personal.to_text()
        if outcome.scenario.value_stream:
            text += f"\n\nSee the value stream drawn: /chain {outcome.scenario.value_stream.replace('_', ' ')}"
        return text

    # --- pictures, saved to a file (a terminal cannot show them)
    def _chain(self, rest: str) -> str:
        picture, problem = chain_for_request(rest[:200], self.tutor.kb)
        if problem:
            return problem
        if self.painter is None:
            return "Pictures are off in this console."
        try:
            with open(PICTURE_FILE, "wb") as out:
                out.write(self.painter(picture))
        except OSError as exc:
            return f"Could not save the picture: {exc.strerror or exc}."
        return f"Saved {picture.title!r} as {PICTURE_FILE} in this folder."

    def _choice(self, line: str) -> int | None:
        """A letter answering the open quiz's question; None when the line is not an answer."""
        if self.quiz is None or len(line) != 1 or line.upper() not in LETTERS:
            return None
        session = self.quiz.coach.open_session(CONSOLE_LEARNER)
        return LETTERS.index(line.upper()) if session is not None else None

    def _answer(self, choice: int) -> str:
        session = self.quiz.coach.open_session(CONSOLE_LEARNER)
        view = self.quiz.coach.view(session)
        if view.question is not None and choice >= len(view.question.options):
            return f"Answer with {'/'.join(LETTERS[: len(view.question.options)])}, or /stop."
        return self._grade(session.session_id, session.position, choice)

    def _grade(self, session_id: int, position: int, choice: int) -> str:
        outcome = self.quiz.coach.answer(CONSOLE_LEARNER, session_id, position, choice)
        if isinstance(outcome, Refused):
            return outcome.message
        if isinstance(outcome, TimedOut):
            return outcome.result.to_text()
        assert isinstance(outcome, Graded)
        parts = [outcome.shown.to_text()]
        if outcome.next is not None:
            parts.append(self._show(outcome.next))
        if outcome.result is not None:
            parts.append(outcome.result.to_text())
        return "\n\n".join(parts)

    def _ask(self, question: str) -> str:
        if not question.strip():
            return "Ask like this: /ask what is the purpose of Engage?"
        return self.tutor.answer(question.strip()[:MAX_QUESTION_CHARS]).to_text()

    def _activities(self, _: str) -> str:
        lines = [f"  {a.name}: {a.gist}" for a in self.tutor.kb.activities]
        return "The six activities (in no fixed order):\n" + "\n".join(lines)

    def run(self, stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout, interactive: bool | None = None,
            first_line: str = "") -> int:
        if interactive is None:
            interactive = stdin.isatty() and stdout.isatty()
        if interactive:
            _enable_line_editing()
        print(WELCOME, file=stdout)
        if first_line:
            print(self.reply(first_line) + "\n", file=stdout, flush=True)
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
