"""The error handler: log what failed, tell the user briefly, and keep the bot running."""
from __future__ import annotations

import logging

from telegram import Update
from telegram.constants import ChatType
from telegram.error import Forbidden, NetworkError, TelegramError

from .ask import addressed_question
from .context import TutorContext

log = logging.getLogger(__name__)

APOLOGY = "Sorry, something went wrong on my side. Please try again in a moment."


async def on_error(update: object, context: TutorContext) -> None:
    error = context.error
    update_id = update.update_id if isinstance(update, Update) else None
    chat = update.effective_chat if isinstance(update, Update) else None
    if isinstance(error, Forbidden):
        # blocked by the user or removed from the chat: remember it and stop talking there
        if chat is not None:
            context.store.chat_removed(chat.id, chat.type, chat.title or "")
        log.info("update %s: chat %s refuses messages (%s)", update_id, chat.id if chat else "?", error)
        return
    if update is None and isinstance(error, NetworkError):
        # polling hiccups; PTB retries by itself
        log.warning("network problem while fetching updates: %s", error)
        return
    log.error("update %s failed", update_id, exc_info=error)
    if not isinstance(update, Update):
        return
    try:
        if update.callback_query is not None:
            await update.callback_query.answer(APOLOGY)
        elif chat is not None and _was_for_the_bot(update, context):
            await context.bot.send_message(chat.id, APOLOGY,
                                           message_thread_id=_topic_of(update))
    except TelegramError as exc:
        log.warning("update %s: could not send the apology: %s", update_id, exc)


def _was_for_the_bot(update: Update, context: TutorContext) -> bool:
    """Apologise only to someone who spoke to the bot: never in reply to a group's chatter."""
    message = update.effective_message
    if message is None or update.edited_message is not None:
        return False
    if message.chat.type == ChatType.PRIVATE or (message.text or "").startswith("/"):
        return True
    return addressed_question(message, context.bot.id, context.bot.username) is not None


def _topic_of(update: Update) -> int | None:
    message = update.effective_message
    return message.message_thread_id if message is not None and message.is_topic_message else None
