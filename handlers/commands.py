"""The bot's command menus (set with setMyCommands at start-up, per chat scope), and unknown commands."""
from __future__ import annotations

import logging

from telegram import Bot, BotCommand, BotCommandScopeAllGroupChats, BotCommandScopeAllPrivateChats, Update
from telegram.constants import ChatType
from telegram.error import TelegramError

from .context import TutorContext

log = logging.getLogger(__name__)

# (command, description): what the menu shows in a private chat, and in groups
PRIVATE_COMMANDS = (
    ("start", "Welcome and main menu"),
    ("ask", "Ask a question about the service value chain"),
    ("activities", "The six value chain activities, as cards"),
    ("quiz", "Practice questions: /quiz [n] [activity]"),
    ("exam", "Timed mock exam: 20 questions, 30 minutes"),
    ("review", "Go over what you got wrong or is due"),
    ("progress", "Your mastery per activity, streak and totals"),
    ("scenario", "A situation: pick the activities involved"),
    ("chain", "A picture of the value chain: /chain [activity|stream]"),
    ("settings", "Set up a channel you run: daily question, recap"),
    ("daily", "A channel's daily question: /daily HH:MM [zone]"),
    ("forgetme", "Delete everything stored about you"),
    ("help", "How to use this tutor"),
)
GROUP_COMMANDS = (
    ("ask", "Ask the tutor a question"),
    ("activities", "The six value chain activities, as cards"),
    ("quiz", "A round of quiz polls for the group"),
    ("leaderboard", "This chat's scores: this week and all time"),
    ("stopquiz", "Stop the running round (admins)"),
    ("scenario", "A situation for the group: first right answer scores"),
    ("chain", "A picture of the value chain: /chain [activity|stream]"),
    ("groupstats", "Where the group stands, with a chart"),
    ("daily", "Daily quiz question: /daily HH:MM [zone] (admins)"),
    ("settings", "This chat's settings (admins change them)"),
    ("resetleaderboard", "Reset this chat's leaderboard (admins)"),
    ("help", "How to use this tutor in a group"),
)
KNOWN = {name for name, _ in PRIVATE_COMMANDS + GROUP_COMMANDS}


def botfather_list() -> str:
    """The list BotFather's /setcommands takes (deploy/botfather-commands.txt holds a copy)."""
    return "".join(f"{name} - {description}\n" for name, description in PRIVATE_COMMANDS)


async def publish_commands(bot: Bot) -> None:
    """Show the menus in Telegram's command list; a failure here must not stop the bot starting."""
    try:
        await bot.set_my_commands([BotCommand(*c) for c in PRIVATE_COMMANDS], scope=BotCommandScopeAllPrivateChats())
        await bot.set_my_commands([BotCommand(*c) for c in GROUP_COMMANDS], scope=BotCommandScopeAllGroupChats())
    except TelegramError as exc:
        log.warning("could not set the command menus: %s", exc)


async def unknown_command(update: Update, context: TutorContext) -> None:
    """In a private chat, or addressed to this bot in a group: say so. A bare unknown command in a
    group may be meant for another bot, so stay quiet."""
    message = update.effective_message
    if message is None or not message.text:
        return
    word = message.text.split(maxsplit=1)[0][1:]
    command, _, addressee = word.partition("@")
    private = message.chat.type == ChatType.PRIVATE
    if not private and addressee.lower() != (context.bot.username or "").lower():
        return
    shown = command[:32] or "that"
    await message.reply_text(f"I don't know the command /{shown}. Send /help to see what I can do, "
                             "or just ask your question." if private else
                             f"I don't know the command /{shown}. Try /help@{context.bot.username}.",
                             do_quote=not private)
