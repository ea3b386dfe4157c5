"""1,000 learners answering at once, through the whole Telegram stack, with nothing lost or counted twice.

    python -m tests.bench_quiz [-n 1000]

Private: n learners each start a one-question quiz; then every answer tap arrives at once, with a
second tap from every third learner (a double tap). Group: a round's poll gets n members' answers at
once, with repeats. The run then counts what the store holds and what the learners were told, and
prints the figures; it exits non-zero if any answer was lost or counted twice. Timings include the
emulator, which runs in this process; `itil-tutor bench` gives the core's own CPU per graded answer.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("PTB_TIMEDELTA", "1")

from telegram.ext import AIORateLimiter

import knowledge
from bot.store import DB_NAME
from tests.botapi import updates as u
from tests.botapi.emulator import BotApiEmulator
from tests.botapi.harness import running_bot


async def _calls(emulator: BotApiEmulator, method: str, count: int, timeout: float = 300.0):
    """Wait without blocking the event loop (the bot runs on it too) for `count` calls of `method`."""
    deadline = time.monotonic() + timeout
    while len(found := emulator.calls_to(method)) < count:
        if time.monotonic() > deadline:
            raise TimeoutError(f"{len(found)} {method} calls, expected {count}")
        await asyncio.sleep(0.02)
    return found


def _unlimited() -> AIORateLimiter:
    return AIORateLimiter(overall_max_rate=0, group_max_rate=0)


async def _private(n: int, emulator: BotApiEmulator, kb, folder: Path) -> bool:
    async with running_bot(kb, folder, emulator, rate_limiter=_unlimited()):
        learners = [u.user(50_000 + i, f"Learner {i}") for i in range(n)]
        before = len(emulator.calls_to("sendMessage"))
        for person in learners:
            emulator.push(u.text(u.private_chat(person), person, "/quiz 1"))
        questions = (await _calls(emulator, "sendMessage", before + n))[before:]
        taps = []
        for call in questions:
            person = next(p for p in learners if p["id"] == call.params["chat_id"])
            data = call.params["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
            taps.append(u.tap(person, call.result, data))
        doubles = taps[::3]
        answered_before = len(emulator.calls_to("answerCallbackQuery"))
        cpu0, wall0 = time.process_time(), time.perf_counter()
        for update in taps + doubles:
            emulator.push(update)
        notices = (await _calls(emulator, "answerCallbackQuery",
                                answered_before + len(taps) + len(doubles)))[answered_before:]
        cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
        await asyncio.sleep(0.5)  # let the last result messages go out
    db = sqlite3.connect(folder / DB_NAME)
    answers = db.execute("SELECT COUNT(*), COUNT(DISTINCT session_id) FROM quiz_answers").fetchone()
    finished = db.execute("SELECT COUNT(*) FROM quiz_sessions WHERE outcome = 'finished'").fetchone()[0]
    cards = db.execute("SELECT COALESCE(SUM(seen), 0) FROM learner_cards").fetchone()[0]
    db.close()
    graded = sum(n_.params.get("text", "") in ("✅ Right!", "❌ Not quite.") for n_ in notices)
    # a second tap finds the one-question quiz already over: refused either way, never graded
    refusals = ("You have already answered this question.", "This quiz is over. Start a new one with /quiz.")
    repeats = sum(n_.params.get("text", "") in refusals for n_ in notices)
    print(f"private: {n} learners tapped at once (+{len(doubles)} double taps) in {wall:.2f} s wall, "
          f"{1000 * cpu / len(taps):.2f} CPU ms per tap incl. emulator and PTB")
    print(f"  graded {graded}, refused as repeats {repeats}; store: {answers[0]} answers in {answers[1]} sessions, "
          f"{finished} quizzes finished, {cards} card reviews")
    return graded == n and repeats == len(doubles) and answers == (n, n) and finished == n and cards == n


async def _group(n: int, emulator: BotApiEmulator, kb, folder: Path) -> bool:
    group = u.group(-100123123, "Big cohort")
    starter = u.user(1, "Host")
    async with running_bot(kb, folder, emulator, rate_limiter=_unlimited()) as bot:
        await bot.send(u.text(group, starter, "/quiz 1"))
        poll = emulator.calls_to("sendPoll")[-1].result["poll"]
        right = poll["correct_option_ids"][0]
        members = [u.user(60_000 + i, f"Member {i}") for i in range(n)]
        answers = [u.poll_answer(poll["id"], m, [right if i % 2 else (right + 1) % len(poll["options"])])
                   for i, m in enumerate(members)]
        repeats = answers[::4]
        wall0 = time.perf_counter()
        last = None
        for update in answers + repeats:
            last = emulator.push(update)
        while last["update_id"] not in bot._done:
            await asyncio.sleep(0.01)
        wall = time.perf_counter() - wall0
    db = sqlite3.connect(folder / DB_NAME)
    counted = db.execute("SELECT COUNT(*), SUM(correct) FROM poll_answers").fetchone()
    points = db.execute("SELECT COALESCE(SUM(points), 0) FROM chat_points WHERE chat_id = ?",
                        (group["id"],)).fetchone()[0]
    db.close()
    print(f"group: {n} poll answers at once (+{len(repeats)} repeats) in {wall:.2f} s; store: {counted[0]} counted, "
          f"{points} points for {counted[1]} right answers")
    return counted[0] == n and points == counted[1] == n // 2


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=1000, help="simulated learners (default %(default)s)")
    args = parser.parse_args()
    kb = knowledge.load()
    ok = True
    for scenario in (_private, _group):
        emulator = BotApiEmulator().start()
        try:
            with tempfile.TemporaryDirectory() as folder:
                ok &= asyncio.run(scenario(args.n, emulator, kb, Path(folder)))
        finally:
            emulator.stop()
    print("no answer lost or counted twice" if ok else "MISMATCH: an answer was lost or counted twice")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
