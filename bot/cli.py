"""`itil-tutor`: the command line. Subcommands ask, console, quiz, diagram, check and bench; no subcommand
starts the Telegram bot when a token is configured, else the console."""
from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence

import knowledge
from knowledge import KnowledgeBase, KnowledgeError

from .console import Console
from .engine import Tutor
from .text import MAX_QUESTION_CHARS


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="itil-tutor", description="ITIL 4 service value chain tutor.")
    parser.add_argument("--knowledge", metavar="DIR",
                        help=f"knowledge folder to use instead of the packaged one (env {knowledge.ENV_VAR})")
    parser.add_argument("--webhook-url", metavar="URL",
                        help="run the Telegram bot behind this public HTTPS URL instead of long polling "
                             "(env TELEGRAM_WEBHOOK_URL)")
    sub = parser.add_subparsers(dest="command")
    ask = sub.add_parser("ask", help="answer one question, or one per line with --jsonl")
    ask.add_argument("question", nargs="*", help="the question")
    ask.add_argument("--json", action="store_true", help="print the answer as one JSON object")
    ask.add_argument("--jsonl", action="store_true", help="read questions on stdin, write one JSON answer a line")
    sub.add_parser("console", help="chat with the tutor in the terminal")
    quiz = sub.add_parser("quiz", help="practise in the terminal, or print the question bank with --dump")
    quiz.add_argument("--dump", action="store_true", help="print every question as a JSON list, for review")
    diagram = sub.add_parser("diagram", help="save a PNG of the value chain, activities highlighted or a value "
                                             "stream numbered")
    diagram.add_argument("activity", nargs="*", help="activities to highlight (names, aliases, d&t ...)")
    diagram.add_argument("--stream", metavar="ID", help="a value stream to number, by id (e.g. incident)")
    diagram.add_argument("--scenario", metavar="ID", help="a scenario's activities (mainly and may take part)")
    diagram.add_argument("-o", "--output", metavar="FILE.png", default="value-chain.png",
                         help="where to write the picture (default %(default)s)")
    check = sub.add_parser("check", help="validate a knowledge folder and say what it holds")
    check.add_argument("--knowledge", dest="check_knowledge", metavar="DIR")
    bench = sub.add_parser("bench", help="measure start-up time and answer latency")
    bench.add_argument("-n", type=int, default=10_000, help="questions to answer (default %(default)s)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    try:
        return _main(argv)
    except BrokenPipeError:
        # the reader went away (`itil-tutor check | head`): stop quietly, as other Unix tools do
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        return 130


def _main(argv: Sequence[str] | None) -> int:
    args = build_parser().parse_args(argv)
    folder = getattr(args, "check_knowledge", None) or args.knowledge
    try:
        kb = knowledge.load(folder)
    except KnowledgeError as exc:
        print(f"itil-tutor: knowledge error: {exc}", file=sys.stderr)
        return 2
    if args.command == "check":
        return _check(kb)
    if args.command == "ask":
        return _ask(Tutor(kb), args)
    if args.command == "bench":
        from .bench import run_benchmark

        return run_benchmark(folder, args.n)
    if args.command == "console":
        return _console(kb)
    if args.command == "quiz":
        return _quiz(kb, args)
    if args.command == "diagram":
        return _diagram(kb, args)
    return _default(kb, args.webhook_url)


def _console(kb: KnowledgeBase, first_line: str = "") -> int:
    """The terminal chat, with the quiz when the data store opens (answering works without it)."""
    from .pictures import Painter
    from .quiz import build_quiz
    from .scenarios import build_drills
    from .store import Store, StoreError

    try:
        store = Store.open_default()
    except StoreError as exc:
        print(f"itil-tutor: {exc}; the quiz is off, questions still work", file=sys.stderr)
        return Console(Tutor(kb), painter=Painter().png).run()
    try:
        console = Console(Tutor(kb), build_quiz(kb, store), build_drills(kb, store), Painter().png)
        return console.run(first_line=first_line)
    finally:
        store.close()


def _diagram(kb: KnowledgeBase, args: argparse.Namespace) -> int:
    from .pictures import Painter, chain_for_scenario, chain_for_stream
    from .pictures.requests import chain_for_request

    if sum(bool(x) for x in (args.activity, args.stream, args.scenario)) > 1:
        print("itil-tutor diagram: give activities, --stream or --scenario, not several", file=sys.stderr)
        return 2
    if args.stream:
        stream = kb.value_stream(args.stream)
        if stream is None:
            known = ", ".join(v.id for v in kb.value_streams)
            print(f"itil-tutor diagram: no value stream {args.stream!r}; known: {known}", file=sys.stderr)
            return 2
        picture = chain_for_stream(kb, stream)
    elif args.scenario:
        scenario = next((s for s in kb.scenarios if s.id == args.scenario), None)
        if scenario is None:
            known = ", ".join(s.id for s in kb.scenarios)
            print(f"itil-tutor diagram: no scenario {args.scenario!r}; known: {known}", file=sys.stderr)
            return 2
        picture = chain_for_scenario(kb, scenario)
    else:
        picture, problem = chain_for_request(" , ".join(args.activity), kb)
        if problem:
            print(f"itil-tutor diagram: {problem}", file=sys.stderr)
            return 2
    try:
        with open(args.output, "wb") as out:
            out.write(Painter().png(picture))
    except OSError as exc:
        print(f"itil-tutor diagram: cannot write {args.output}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    print(f"{args.output}: {picture.title}")
    return 0


def _quiz(kb: KnowledgeBase, args: argparse.Namespace) -> int:
    if args.dump:
        from .quiz import build_bank

        json.dump([q.to_json() for q in build_bank(kb).questions], sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return 0
    return _console(kb, first_line="/quiz")


def _check(kb: KnowledgeBase) -> int:
    print(f"knowledge folder {kb.source} is valid:")
    print(f"  {len(kb.activities)} activities: {', '.join(a.id for a in kb.activities)}")
    print(f"  {len(kb.parties)} outside parties, {len(kb.flows)} flows (after expanding 'all')")
    for a in kb.activities:
        print(f"    {a.name}: {len(kb.inputs_of(a.id))} inputs, {len(kb.outputs_of(a.id))} outputs, "
              f"{len(kb.practices_of(a.id))} practices")
    print(f"  {len(kb.practices)} practices, {len(kb.comparisons)} comparisons, "
          f"{len(kb.value_streams)} value streams, {len(kb.scenarios)} scenarios, {len(kb.concepts)} concepts")
    return 0


def _ask(tutor: Tutor, args: argparse.Namespace) -> int:
    if args.jsonl:
        for line in sys.stdin:
            answer = tutor.answer(line.strip()[:MAX_QUESTION_CHARS])
            sys.stdout.write(json.dumps(answer.to_json(), ensure_ascii=False) + "\n")
            sys.stdout.flush()
        return 0
    question = " ".join(args.question).strip()
    if not question:
        print("itil-tutor ask: give a question, or use --jsonl to read them from stdin", file=sys.stderr)
        return 2
    answer = tutor.answer(question)
    print(json.dumps(answer.to_json(), ensure_ascii=False) if args.json else answer.to_text())
    return 0


def _default(kb: KnowledgeBase, webhook_url: str | None) -> int:
    from .settings import BotSettings, SettingsError, telegram_token
    from .store import StoreError

    token = telegram_token()
    if not token:
        if webhook_url or os.environ.get("TELEGRAM_WEBHOOK_URL"):
            print("itil-tutor: webhook mode needs a bot token: set TELEGRAM_BOT_TOKEN", file=sys.stderr)
            return 2
        print("itil-tutor: no TELEGRAM_BOT_TOKEN set, starting the console chat", file=sys.stderr)
        return _console(kb)
    try:
        settings = BotSettings.from_env(token, webhook_url)
    except SettingsError as exc:
        print(f"itil-tutor: {exc}", file=sys.stderr)
        return 2
    from handlers.app import run_bot

    print("itil-tutor: Telegram token found, starting the Telegram bot", file=sys.stderr)
    try:
        return run_bot(kb, settings)
    except StoreError as exc:
        print(f"itil-tutor: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
