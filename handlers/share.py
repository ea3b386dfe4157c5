"""Share buttons: Telegram's share link opens the user's chat picker with a message and a link
that starts this bot (t.me/<bot>?start=...), so a friend lands in the same kind of test."""
from __future__ import annotations

from urllib.parse import urlencode

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

SHARE_LABEL = "📤 Share"


def start_link(bot_username: str, payload: str = "") -> str:
    return f"https://t.me/{bot_username}" + (f"?start={payload}" if payload else "")


def share_button(bot_username: str, text: str, payload: str) -> InlineKeyboardButton:
    query = urlencode({"url": start_link(bot_username, payload), "text": text})
    return InlineKeyboardButton(SHARE_LABEL, url=f"https://t.me/share/url?{query}")


def private_chat_keyboard(bot_username: str, payload: str) -> InlineKeyboardMarkup:
    """For what happens one to one: a button from a group into the private chat, opening `payload` there."""
    button = InlineKeyboardButton("Open the private chat", url=start_link(bot_username, payload))
    return InlineKeyboardMarkup([[button]])
