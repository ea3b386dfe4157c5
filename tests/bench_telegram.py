"""Throughput and CPU per update through the whole Telegram stack, beside a minimal echo bot.

    python -m tests.bench_telegram [-n 1000] [--rounds 3]

Both bots are python-telegram-bot applications built the same way (same request stack, rate
limiter and concurrency) and poll a Bot API emulator running in a separate process, so the CPU
measured here is the bot process's own: PTB, HTTP, our handlers, the store and the tutor. The
rate limiter is set to no limit for both: with Telegram's 30 messages a second the figure would
measure the limiter. Prints figures; asserts nothing (machines here are shared and noisy).
"""
from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import statistics
import tempfile
import time
from pathlib import Path

os.environ.setdefault("PTB_TIMEDELTA", "1")

from telegram import Update
from telegram.ext import AIORateLimiter, ApplicationBuilder, MessageHandler, TypeHandler, filters

import knowledge
from bot.bench import questions
from bot.engine import Tutor
from bot.settings import BotSettings
from bot.store import DB_NAME, Store
from handlers import wiring
from handlers.app import CONCURRENT_UPDATES, build_application
from tests.botapi import updates as u
from tests.botapi.emulator import TOKEN, BotApiEmulator


def _serve_emulator(texts: list[str], port_out, stop_event) -> None:
    emulator = BotApiEmulator().start()
    for i, text in enumerate(texts):
        person = u.user(10_000 + i % 500, f"Learner {i % 500}")
        emulator.push(u.text(u.private_chat(person), person, text))
    port_out.put(emulator.base_url)
    stop_event.wait()
    emulator.stop()


def _unlimited() -> AIORateLimiter:
    return AIORateLimiter(overall_max_rate=0, group_max_rate=0)


def _echo_app(base_url: str):
    async def echo(update: Update, context) -> None:
        await update.effective_message.reply_text(update.effective_message.text)

    app = (ApplicationBuilder().token(TOKEN).base_url(base_url).rate_limiter(_unlimited())
           .concurrent_updates(CONCURRENT_UPDATES).build())
    app.add_handler(MessageHandler(filters.TEXT, echo))
    return app


def _tutor_app(base_url: str, data_dir: Path):
    settings = BotSettings(token=TOKEN, base_url=base_url, data_dir=data_dir)
    store = Store(data_dir / DB_NAME)
    return build_application(knowledge.load(), settings, store, rate_limiter=_unlimited()), store


async def _drive(app, n: int) -> tuple[float, float]:
    """Poll until n updates are handled; (wall seconds, CPU seconds) from first to last."""
    done = 0
    finished = asyncio.Event()
    first: list[float] = []

    async def count(update: Update, context) -> None:
        nonlocal done
        if not first:
            first.extend([time.perf_counter(), time.process_time()])
        done += 1
        if done >= n:
            finished.set()

    app.add_handler(TypeHandler(Update, count), group=10_000)
    async with app:
        await app.start()
        wall0, cpu0 = time.perf_counter(), time.process_time()
        await app.updater.start_polling(allowed_updates=wiring.ALLOWED_UPDATES)
        await asyncio.wait_for(finished.wait(), timeout=600)
        wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
        await app.updater.stop()
        await app.stop()
    return wall, cpu


def run_one(kind: str, texts: list[str]) -> tuple[float, float]:
    ctx = multiprocessing.get_context("spawn")
    port_out, stop_event = ctx.Queue(), ctx.Event()
    child = ctx.Process(target=_serve_emulator, args=(texts, port_out, stop_event), daemon=True)
    child.start()
    base_url = port_out.get(timeout=60)
    try:
        if kind == "echo":
            return asyncio.run(_drive(_echo_app(base_url), len(texts)))
        with tempfile.TemporaryDirectory() as tmp:
            app, store = _tutor_app(base_url, Path(tmp))
            try:
                return asyncio.run(_drive(app, len(texts)))
            finally:
                store.close()
    finally:
        stop_event.set()
        child.join(timeout=10)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=1000, help="questions per bot per round (default %(default)s)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds per bot; the median is shown")
    args = parser.parse_args()
    pool = questions(Tutor(knowledge.load()))
    texts = [pool[i % len(pool)] for i in range(args.n)]
    results: dict[str, list[tuple[float, float]]] = {"echo": [], "tutor": []}
    for _ in range(args.rounds):
        for kind in results:  # alternate, so drift in machine load hits both alike
            results[kind].append(run_one(kind, texts))
    print(f"Telegram stack: {args.n} free-text questions per bot, {args.rounds} rounds (median), "
          f"Bot API emulator in a separate process")
    print(f"{'':10} {'updates/s':>10} {'CPU ms/update':>14}")
    cpu_ms = {}
    for kind, runs in results.items():
        rate = statistics.median(args.n / wall for wall, _ in runs)
        cpu_ms[kind] = statistics.median(cpu * 1000 / args.n for _, cpu in runs)
        print(f"{kind + ' bot':10} {rate:>10.0f} {cpu_ms[kind]:>14.2f}")
    print(f"tutor / echo CPU per update: {cpu_ms['tutor'] / cpu_ms['echo']:.2f}x (target: at most 1.5x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
