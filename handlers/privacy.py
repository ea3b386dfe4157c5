"""/forgetme: delete everything kept about the learner who asks, after they confirm.

It happens in the private chat only: a confirmation button in a group could be tapped by the
wrong person's thumb, and the answer would tell the group what was stored. In a group the
command points to the private chat (t.me/<bot>?start=forgetme).
"""
from __future__ import annotations

import logging

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.constants import ParseMode

from .buttons import ConfirmForget, claim
from .context import TutorContext
from .render import edit_quietly
from .share import private_chat_keyboard

log = logging.getLogger(__name__)

CONFIRM_SECONDS = 600
ASK = ("<b>Delete all your data?</b>\n\n"
       "This deletes, in every chat: your quizzes, mock exams and answers, your review schedule, streak and "
       "progress, your scenario drills, your answers to group quiz polls and your points on every group's "
       "leaderboard, and the channel you chose to manage here. Rounds you started in a group stay, without "
       "your name. It cannot be undone.")
IN_PRIVATE = ("Your data is personal, so I delete it in our private chat, where only you see what is deleted. "
              "Tap below, then confirm there.")


async def forgetme_command(update: Update, context: TutorContext) -> None:
    await ask_to_forget(update.effective_message, context)


async def ask_to_forget(message: Message, context: TutorContext) -> None:
    asked = int(context.store.now())
    keyboard = InlineKeyboardMarkup([[
        InlineKeyboardButton("🗑 Yes, delete everything", callback_data=ConfirmForget(asked, True).data()),
        InlineKeyboardButton("Keep it", callback_data=ConfirmForget(asked, False).data())]])
    await message.reply_text(ASK, parse_mode=ParseMode.HTML, reply_markup=keyboard, do_quote=False)


async def forgetme_in_group(update: Update, context: TutorContext) -> None:
    await update.effective_message.reply_text(IN_PRIVATE,
                                              reply_markup=private_chat_keyboard(context.bot.username, "forgetme"))


async def forget_button(update: Update, context: TutorContext) -> None:
    query = update.callback_query
    button = await claim(query, context.tutor.kb, ConfirmForget)
    if button is None:
        return
    await query.answer()
    if query.message.chat.id != query.from_user.id:  # only ever sent in the asker's private chat
        return
    if not button.yes:
        await edit_quietly(query.message, "Nothing was deleted.")
        return
    if context.store.now() - button.asked_at > CONFIRM_SECONDS:
        await edit_quietly(query.message, "That question has expired, so nothing was deleted. Send /forgetme again.")
        return
    user_id = query.from_user.id
    removed = context.store.forget_user(user_id)
    log.info("forgot a user (%s rows)", removed)
    await edit_quietly(query.message, "🗑 Done: everything I kept about you is deleted. If you write to me again, I "
                               "start from scratch (I note only that you use the bot, and your language).")
