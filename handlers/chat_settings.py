"""A chat's settings on Telegram: /settings with its buttons, /resetleaderboard with a confirmation.

In a group anyone may look at the settings; only its admins may change them (checked on every
tap, through getChatMember). A channel has no members who can send commands, so its admins
manage it from their private chat with the bot: /settings there lists the channels they run.
"""
from __future__ import annotations

import logging

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.constants import ChatType, ParseMode

from bot.chats import ALL_ACTIVITIES, DAILY_OFF, KEEP_ONE, SAVED, TOGGLE_WEEKLY, Panel
from bot.quiz.views import escape

from .admins import NOT_ADMIN, is_admin, sender_is_admin
from .buttons import STALE_BUTTON, ChangeSetting, ChooseChat, ConfirmReset, claim
from .context import TutorContext
from .daily import set_timer
from .render import NO_PREVIEW, clip, edit_quietly

log = logging.getLogger(__name__)

RESET = "rz"
RESET_CONFIRM_SECONDS = 600  # a reset question older than this is not acted on
NO_CHANNELS = ("I'm not in any channel you administer. Add me to your channel as an admin that can post "
               "messages, then send /settings here again. For a group, send /settings in the group.")
NOTHING_TO_RESET = "The leaderboard here is already empty."


def panel_keyboard(panel: Panel, context: TutorContext) -> InlineKeyboardMarkup:
    kb, chat_id, settings = context.tutor.kb, panel.chat.chat_id, panel.settings
    toggles = [InlineKeyboardButton(f"{'✅' if settings.draws_from(a) else '▫️'} {kb.name_of(a)}",
                                    callback_data=ChangeSetting(chat_id, str(i)).data())
               for i, a in enumerate(kb.activity_ids)]
    rows = [toggles[i:i + 2] for i in range(0, len(toggles), 2)]
    if settings.activities:
        rows.append([InlineKeyboardButton("📚 All six activities",
                                          callback_data=ChangeSetting(chat_id, ALL_ACTIVITIES).data())])
    what = "recap" if panel.view.is_channel else "leaderboard"
    weekly = "on ✅" if panel.view.weekly else "off"
    rows.append([InlineKeyboardButton(f"🏆 Weekly {what}: {weekly}",
                                      callback_data=ChangeSetting(chat_id, TOGGLE_WEEKLY).data())])
    last = []
    if settings.daily_at is not None:
        last.append(InlineKeyboardButton("📅 Daily question off",
                                         callback_data=ChangeSetting(chat_id, DAILY_OFF).data()))
    if not panel.view.is_channel:
        last.append(InlineKeyboardButton("🗑 Reset leaderboard", callback_data=ChangeSetting(chat_id, RESET).data()))
    if last:
        rows.append(last)
    return InlineKeyboardMarkup(rows)


async def _show_panel(message: Message, panel: Panel, context: TutorContext, edit: bool = False) -> None:
    text, keyboard = clip(panel.view.to_html()), panel_keyboard(panel, context)
    if edit:
        await edit_quietly(message, text, keyboard)
        return
    await message.reply_text(text, parse_mode=ParseMode.HTML, reply_markup=keyboard, link_preview_options=NO_PREVIEW,
                             do_quote=False)


# --- /settings

async def settings_command(update: Update, context: TutorContext) -> None:
    message = update.effective_message
    if message.chat.type == ChatType.PRIVATE:
        await settings_command_private(message, update.effective_user.id, context)
        return
    panel = context.chats.manager.panel(message.chat.id)
    if panel is not None:
        await _show_panel(message, panel, context)


async def settings_command_private(message: Message, user_id: int, context: TutorContext) -> None:
    manager = context.chats.manager
    channels = [c for c in manager.channels() if await is_admin(context, c.chat_id, user_id)]
    if not channels:
        await message.reply_text(NO_CHANNELS, do_quote=False)
        return
    if len(channels) == 1:
        manager.choose(user_id, channels[0].chat_id)
        await _show_panel(message, manager.panel(channels[0].chat_id, from_private=True), context)
        return
    chosen = manager.chosen(user_id)
    mark = chosen.chat_id if chosen else None
    rows = [[InlineKeyboardButton(f"{'✅ ' if c.chat_id == mark else ''}📢 {c.title or c.chat_id}"[:60],
                                  callback_data=ChooseChat(c.chat_id).data())] for c in channels]
    await message.reply_text("Which channel do you want to set up?", reply_markup=InlineKeyboardMarkup(rows),
                             do_quote=False)


async def choose_button(update: Update, context: TutorContext) -> None:
    query = update.callback_query
    button = await claim(query, context.tutor.kb, ChooseChat)
    if button is None:
        return
    panel = context.chats.manager.panel(button.chat_id, from_private=True)
    if query.message.chat.type != ChatType.PRIVATE or panel is None or not panel.chat.is_active:
        await query.answer(STALE_BUTTON)
        return
    if not await is_admin(context, button.chat_id, query.from_user.id):
        await query.answer(NOT_ADMIN, show_alert=True)
        return
    context.chats.manager.choose(query.from_user.id, button.chat_id)
    await query.answer()
    await _show_panel(query.message, panel, context, edit=True)


async def setting_button(update: Update, context: TutorContext) -> None:
    query = update.callback_query
    button = await claim(query, context.tutor.kb, ChangeSetting)
    if button is None:
        return
    message = query.message
    private = message.chat.type == ChatType.PRIVATE
    if not private and button.chat_id != message.chat.id:  # a group's panel only changes that group
        await query.answer(STALE_BUTTON)
        return
    if not await is_admin(context, button.chat_id, query.from_user.id):
        await query.answer(NOT_ADMIN, show_alert=True)
        return
    if button.action == RESET:
        await query.answer()
        await _ask_reset(message, button.chat_id, context)
        return
    outcome = context.chats.manager.change(button.chat_id, button.action)
    if outcome == KEEP_ONE:
        await query.answer("The daily question needs at least one activity to draw from.", show_alert=True)
        return
    if outcome != SAVED:
        await query.answer(STALE_BUTTON)
        return
    set_timer(context.application, button.chat_id)
    await query.answer("Saved.")
    await _show_panel(message, context.chats.manager.panel(button.chat_id, from_private=private), context, edit=True)


# --- resetting the leaderboard

async def reset_command(update: Update, context: TutorContext) -> None:
    message = update.effective_message
    if not await sender_is_admin(message, context):
        await message.reply_text(NOT_ADMIN)
        return
    await _ask_reset(message, message.chat.id, context)


async def _ask_reset(message: Message, chat_id: int, context: TutorContext) -> None:
    points, members = context.chats.records.points_total(chat_id)
    if not points:
        await message.reply_text(NOTHING_TO_RESET, do_quote=False)
        return
    asked = int(context.store.now())
    keyboard = InlineKeyboardMarkup([[
        InlineKeyboardButton("🗑 Yes, reset it", callback_data=ConfirmReset(chat_id, asked, True).data()),
        InlineKeyboardButton("Keep it", callback_data=ConfirmReset(chat_id, asked, False).data())]])
    await message.reply_text(
        f"Reset this chat's leaderboard? This deletes {points} point{'s' if points != 1 else ''} of {members} "
        f"member{'s' if members != 1 else ''}, this week's and all time, for good. (Everyone's own progress "
        "stays.)", reply_markup=keyboard, do_quote=False)


async def reset_button(update: Update, context: TutorContext) -> None:
    query = update.callback_query
    button = await claim(query, context.tutor.kb, ConfirmReset)
    if button is None:
        return
    if button.chat_id != query.message.chat.id:
        await query.answer(STALE_BUTTON)
        return
    if not await is_admin(context, button.chat_id, query.from_user.id):
        await query.answer(NOT_ADMIN, show_alert=True)
        return
    await query.answer()
    if not button.yes:
        await edit_quietly(query.message, "The leaderboard stays as it is.")
        return
    if context.store.now() - button.asked_at > RESET_CONFIRM_SECONDS:
        await edit_quietly(query.message, "That question has expired, so nothing was reset. "
                                          "Send /resetleaderboard again.")
        return
    points, members = context.chats.manager.reset_leaderboard(button.chat_id)
    log.info("chat %s: leaderboard reset by %s", button.chat_id, query.from_user.id)
    await edit_quietly(query.message, f"🗑 Leaderboard reset by {escape(query.from_user.full_name)}: {points} "
                               f"point{'s' if points != 1 else ''} of {members} member{'s' if members != 1 else ''} "
                               "deleted. A fresh start!")
