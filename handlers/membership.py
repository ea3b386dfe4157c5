"""Which users and chats the bot knows, and its own membership: added, removed, blocked."""
from __future__ import annotations

import logging
import sqlite3

from telegram import Update
from telegram.constants import ChatMemberStatus, ChatType

from .context import TutorContext

log = logging.getLogger(__name__)

GONE = {ChatMemberStatus.LEFT, ChatMemberStatus.BANNED}


async def track(update: Update, context: TutorContext) -> None:
    """Runs first for every update: remember the user (language) and the chat (kind, title).
    Best effort: if the disk is full or the file locked, the question is still answered."""
    user, chat = update.effective_user, update.effective_chat
    try:
        if user is not None and not user.is_bot:
            context.store.see_user(user.id, user.language_code)
        if chat is not None and update.my_chat_member is None:
            context.store.see_chat(chat.id, chat.type, chat.title or "")
    except sqlite3.Error as exc:
        log.warning("update %s: could not record the user or chat: %s", update.update_id, exc)


async def bot_membership(update: Update, context: TutorContext) -> None:
    """The bot was added to or removed from a chat (or blocked/unblocked in private)."""
    change = update.my_chat_member
    if change is None:
        return
    chat = change.chat
    old, new = change.old_chat_member.status, change.new_chat_member.status
    if new in GONE:
        # recorded, never retried: sending to a chat the bot has left only earns errors
        context.store.chat_removed(chat.id, chat.type, chat.title or "")
        context.quiz.rounds.stop(chat.id)  # its timer then finds the round over and sends nothing
        context.drills.chat_left(chat.id)  # likewise for a scenario drill's timer
        log.info("removed from %s chat %s", chat.type, chat.id)
        return
    context.store.see_chat(chat.id, chat.type, chat.title or "")
    if old in GONE and chat.type in (ChatType.GROUP, ChatType.SUPERGROUP):
        log.info("added to %s chat %s", chat.type, chat.id)
        await context.bot.send_message(
            chat.id,
            "Hello! I'm a tutor for the ITIL 4 service value chain. Ask me with "
            f"/ask@{context.bot.username} followed by your question, mention me, or reply to my messages. "
            f"/quiz@{context.bot.username} starts a round of quiz polls; /help@{context.bot.username} shows the rest.")
