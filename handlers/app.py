"""The Telegram bot: build the application over the tutor's core, and run it (polling or webhook)."""
from __future__ import annotations

import logging
import sys

from telegram.error import InvalidToken, TelegramError
from telegram.ext import AIORateLimiter, Application, ApplicationBuilder, ContextTypes

from bot.chats import build_chats
from bot.engine import Tutor
from bot.quiz import build_quiz
from bot.scenarios import build_drills
from bot.settings import BotSettings
from bot.store import DB_NAME, Store
from knowledge import KnowledgeBase

from . import daily, quiz_group, quiz_private, scenarios, wiring
from .admins import AdminCache
from .commands import publish_commands
from .context import SERVICES_KEY, Services, TutorContext
from .logs import configure_logging

log = logging.getLogger(__name__)

# Updates handled at once. Answering is CPU-bound and takes well under a millisecond, so a few
# slots only hide network waits; 256 (concurrent_updates(True)) measured slower than 8-32.
CONCURRENT_UPDATES = 16
RETRIES_AFTER_429 = 3


def build_application(kb: KnowledgeBase, settings: BotSettings, store: Store,
                      rate_limiter: AIORateLimiter | None = None) -> Application:
    app = (
        ApplicationBuilder()
        .token(settings.token)
        .base_url(settings.base_url)
        .context_types(ContextTypes(context=TutorContext))
        .rate_limiter(rate_limiter or AIORateLimiter(max_retries=RETRIES_AFTER_429))
        .concurrent_updates(CONCURRENT_UPDATES)
        .post_init(_on_start)
        .build()
    )
    quiz = build_quiz(kb, store)
    app.bot_data[SERVICES_KEY] = Services(tutor=Tutor(kb), store=store, quiz=quiz, drills=build_drills(kb, store),
                                          chats=build_chats(kb, store, quiz.bank), admins=AdminCache(store.now))
    wiring.register(app)
    return app


async def _on_start(app: Application) -> None:
    log.info("started as @%s", app.bot.username)
    await publish_commands(app.bot)
    # PTB keeps jobs in memory only: set the timers of running exams and rounds again from the store
    quiz_private.restore_exam_timers(app)
    quiz_group.restore_round_timers(app)
    scenarios.restore_drill_timers(app)
    daily.restore_daily_timers(app)


def run_bot(kb: KnowledgeBase, settings: BotSettings) -> int:
    """Run until SIGINT or SIGTERM (both end with status 0)."""
    configure_logging(secrets=[settings.token, settings.webhook_secret])
    store = Store(settings.data_dir / DB_NAME)
    app = build_application(kb, settings, store)
    try:
        if settings.webhook_url:
            log.info("webhook mode: listening on %s:%s", settings.webhook_listen, settings.webhook_port)
            app.run_webhook(listen=settings.webhook_listen, port=settings.webhook_port,
                            url_path=settings.webhook_path, webhook_url=settings.webhook_url,
                            secret_token=settings.webhook_secret, allowed_updates=wiring.ALLOWED_UPDATES)
        else:
            log.info("polling for updates")
            app.run_polling(allowed_updates=wiring.ALLOWED_UPDATES)
    except InvalidToken:
        print("itil-tutor: Telegram rejected the bot token; check TELEGRAM_BOT_TOKEN", file=sys.stderr)
        return 2
    except TelegramError as exc:
        print(f"itil-tutor: could not start the bot: {exc}", file=sys.stderr)
        return 1
    finally:
        store.close()
    log.info("stopped")
    return 0
