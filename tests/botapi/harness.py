"""Running the real bot in-process against the emulator, one update at a time."""
from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from telegram import Update
from telegram.ext import AIORateLimiter, Application, TypeHandler

from bot.settings import BotSettings
from bot.store import DB_NAME, Store
from handlers import wiring
from handlers.app import build_application
from knowledge import KnowledgeBase

from .emulator import BotApiEmulator, Call


class Clock:
    """The time the bot's store and quiz see: real time plus what a test has skipped forward."""

    def __init__(self) -> None:
        self.skipped = 0.0

    def __call__(self) -> float:
        return time.time() + self.skipped

    def advance(self, seconds: float) -> None:
        self.skipped += seconds

    def set(self, moment: float) -> None:
        """Jump to a moment (a Unix time): for what depends on the date and hour, like a daily post."""
        self.skipped = moment - time.time()


def sent(calls: list[Call], method: str = "sendMessage") -> list[Call]:
    """The successful calls of one Bot API method among `calls`."""
    return [c for c in calls if c.method == method and c.ok]


class BotHarness:
    """Push an update, wait until the bot has finished with it, get back what it called.

    Completion is observed by one extra handler in a group after all of the bot's own: PTB runs
    the groups of one update in order, so when it runs, every handler of the bot (and the error
    handler) is done with that update. It only records; the bot's handlers are untouched."""

    def __init__(self, emulator: BotApiEmulator, app: Application, store: Store) -> None:
        self.emulator, self.app, self.store = emulator, app, store
        self._done: set[int] = set()
        self.last_update_id = 0
        app.add_handler(TypeHandler(Update, self._mark_done), group=10_000)

    async def _mark_done(self, update: Update, context: Any) -> None:
        self._done.add(update.update_id)

    async def send(self, update: dict[str, Any], timeout: float = 15.0) -> list[Call]:
        """Deliver `update`; return the Bot API calls the bot made while handling it."""
        start = len(self.emulator.calls)
        update_id = self.last_update_id = self.emulator.push(update)["update_id"]
        deadline = time.monotonic() + timeout
        while update_id not in self._done and update_id not in self.emulator.dropped:
            if time.monotonic() > deadline:
                raise TimeoutError(f"the bot did not finish update {update_id}")
            await asyncio.sleep(0.005)
        return [c for c in self.emulator.calls[start:] if c.method != "getUpdates"]

    async def run_jobs(self, prefix: str) -> list[Call]:
        """Run the bot's scheduled jobs whose name starts with `prefix` now, as if their time had come
        (pair with Clock.advance: the core checks the time itself); returns the calls they made."""
        start = len(self.emulator.calls)
        for job in self.app.job_queue.jobs():
            if job.name and job.name.startswith(prefix):
                job.schedule_removal()
                await job.run(self.app)
        return [c for c in self.emulator.calls[start:] if c.method != "getUpdates"]

    async def reply_to(self, update: dict[str, Any]) -> Call:
        """Deliver `update` and return the one message the bot sent in answer."""
        sent = [c for c in await self.send(update) if c.method == "sendMessage" and c.ok]
        assert len(sent) == 1, f"expected one message, got {[c.params.get('text') for c in sent]}"
        return sent[0]


@contextlib.asynccontextmanager
async def running_bot(kb: KnowledgeBase, data_dir: Path, emulator: BotApiEmulator,
                      rate_limiter: AIORateLimiter | None = None,
                      clock: Clock | None = None) -> AsyncIterator[BotHarness]:
    """The production application, polling the emulator, as `itil-tutor` runs it."""
    settings = BotSettings(token=emulator.token, base_url=emulator.base_url, data_dir=data_dir)
    store = Store(data_dir / DB_NAME, clock=clock or time.time)
    app = build_application(kb, settings, store, rate_limiter=rate_limiter)
    harness = BotHarness(emulator, app, store)
    try:
        async with app:  # initialize (getMe) ... shutdown
            if app.post_init:  # run_polling would call it; starting by hand, so do it here
                await app.post_init(app)
            await app.start()
            await app.updater.start_polling(poll_interval=0.0, allowed_updates=wiring.ALLOWED_UPDATES)
            try:
                yield harness
            finally:
                await app.updater.stop()
                await app.stop()
    finally:
        store.close()
