"""Which users and chats the bot knows, and its own membership: added, removed, blocked."""
from __future__ import annotations

import logging
import sqlite3

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update, User
from telegram.constants import ChatMemberStatus, ChatType, ParseMode
from telegram.error import Forbidden, TelegramError

from bot.quiz.views import escape

from . import daily
from .buttons import ChooseChat
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


async def chat_migrated(update: Update, context: TutorContext) -> None:
    """A group became a supergroup: Telegram says so in the old group, naming the new id."""
    message = update.effective_message
    if message is not None and message.migrate_to_chat_id:
        daily.chat_moved(context.application, message.chat.id, message.migrate_to_chat_id)


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
        daily.bot_removed(context.application, chat.id)  # no more daily questions or weekly posts
        log.info("removed from %s chat %s", chat.type, chat.id)
        return
    context.store.see_chat(chat.id, chat.type, chat.title or "")
    if chat.type == ChatType.CHANNEL:
        if new == ChatMemberStatus.ADMINISTRATOR and old != ChatMemberStatus.ADMINISTRATOR:
            log.info("made an admin of channel %s", chat.id)
            await _offer_channel_settings(change.from_user, chat.id, chat.title or "your channel", context)
        return
    if old in GONE and chat.type in (ChatType.GROUP, ChatType.SUPERGROUP):
        log.info("added to %s chat %s", chat.type, chat.id)
        await context.bot.send_message(
            chat.id,
            "Hello! I'm a tutor for the ITIL 4 service value chain. Ask me with "
            f"/ask@{context.bot.username} followed by your question, mention me, or reply to my messages. "
            f"/quiz@{context.bot.username} starts a round of quiz polls; /help@{context.bot.username} shows the rest.")


async def _offer_channel_settings(admin: User | None, chat_id: int, title: str, context: TutorContext) -> None:
    """Tell whoever made the bot a channel's admin how to set it up. Telegram lets a bot write to a
    user only once they have started it, so this may be refused: /settings is then how they find out."""
    if admin is None or admin.is_bot:
        return
    try:
        await context.bot.send_message(
            admin.id, f"Thanks for adding me to 📢 {escape(title)}! I can post a daily ITIL 4 quiz question there "
            "and, on Mondays, a recap of the week's questions. Tap below (or send /settings) to set it up.",
            parse_mode=ParseMode.HTML, reply_markup=InlineKeyboardMarkup(
                [[InlineKeyboardButton("⚙️ Set up the channel", callback_data=ChooseChat(chat_id).data())]]))
    except Forbidden:
        log.info("could not write to the admin who added the bot to a channel (they have not started it)")
    except TelegramError as exc:
        log.warning("could not write to the admin who added the bot to a channel: %s", exc)
