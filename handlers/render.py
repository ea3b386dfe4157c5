"""Turning the core's answers into Telegram messages: HTML pieces within the size limit, buttons."""
from __future__ import annotations

import logging

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, LinkPreviewOptions, Message
from telegram.constants import MessageLimit, ParseMode
from telegram.error import BadRequest

from bot.answers import Answer
from bot.store import Store

from .buttons import AskOffered

log = logging.getLogger(__name__)

NO_PREVIEW = LinkPreviewOptions(is_disabled=True)
MAX_BUTTON_LABEL = 60  # longer labels are cut by the apps anyway; keep them readable


def utf16_len(text: str) -> int:
    """Telegram measures message length in UTF-16 code units (an emoji counts two)."""
    return len(text.encode("utf-16-le")) // 2


def split_message(text: str, limit: int = MessageLimit.MAX_TEXT_LENGTH) -> list[str]:
    """Pieces of at most `limit`, cut at blank lines where possible, else at line breaks, else at spaces.

    The HTML the core writes never opens a tag on one line and closes it on another, so any line
    break is a safe place to cut.
    """
    if utf16_len(text) <= limit:
        return [text]
    pieces: list[str] = []
    current = ""
    for unit in _units(text, limit):
        joined = f"{current}{unit}"
        if current and utf16_len(joined.rstrip("\n")) > limit:
            pieces.append(current.rstrip("\n"))
            current = unit
        else:
            current = joined
    if current.strip():
        pieces.append(current.rstrip("\n"))
    return [p for p in pieces if p.strip()]


def _units(text: str, limit: int) -> list[str]:
    """Paragraphs (with their trailing blank line); a paragraph over the limit becomes its lines,
    and a line over the limit becomes words."""
    out: list[str] = []
    paragraphs = text.split("\n\n")
    for i, paragraph in enumerate(paragraphs):
        tail = "\n\n" if i < len(paragraphs) - 1 else ""
        if utf16_len(paragraph) <= limit:
            out.append(paragraph + tail)
            continue
        lines = paragraph.split("\n")
        for j, line in enumerate(lines):
            end = "\n" if j < len(lines) - 1 else tail
            if utf16_len(line) <= limit:
                out.append(line + end)
            else:
                out += _cut_line(line, limit)
                out[-1] += end
    return out


def _cut_line(line: str, limit: int) -> list[str]:
    out, current = [], ""
    step = limit // 2  # a run with no spaces is cut hard; half the limit is safe even in UTF-16
    for word in line.split(" "):
        for piece in [word[k:k + step] for k in range(0, len(word), step)] or [""]:
            candidate = f"{current} {piece}" if current else piece
            if current and utf16_len(candidate) > limit:
                out.append(current + "\n")
                current = piece
            else:
                current = candidate
    out.append(current)
    return out


def clip(text: str, limit: int = MessageLimit.MAX_TEXT_LENGTH) -> str:
    """The first piece of `text`, marked when something was left out (for places with one message)."""
    pieces = split_message(text, limit - 2)
    return pieces[0] if len(pieces) == 1 else pieces[0] + "\n…"


def suggestion_keyboard(answer: Answer, store: Store) -> InlineKeyboardMarkup | None:
    """One button per suggested question; the button carries a short key, not the question."""
    rows = [[InlineKeyboardButton(_label(s), callback_data=AskOffered(store.offer_question(s)).data())]
            for s in answer.suggestions]
    return InlineKeyboardMarkup(rows) if rows else None


def _label(question: str) -> str:
    text = question[0].upper() + question[1:]
    return text if len(text) <= MAX_BUTTON_LABEL else text[: MAX_BUTTON_LABEL - 1] + "…"


async def send_answer(message: Message, answer: Answer, store: Store, *, quote: bool = False,
                      notice: str = "") -> None:
    """Reply to `message` (in its chat and forum topic) with the answer, its suggestions as buttons."""
    text = answer.to_html(list_suggestions=False)
    if notice:
        text = f"<i>{notice}</i>\n\n{text}"
    await send_html(message, text, suggestion_keyboard(answer, store), quote=quote)


async def edit_quietly(message: Message, html_text: str, keyboard: InlineKeyboardMarkup | None = None) -> None:
    """Edit a message in place; if it can no longer be edited (deleted, too old, unchanged), log it and
    go on: what comes next is still sent."""
    try:
        await message.edit_text(clip(html_text), parse_mode=ParseMode.HTML, reply_markup=keyboard,
                                link_preview_options=NO_PREVIEW)
    except BadRequest as exc:
        if "not modified" not in str(exc).lower():
            log.info("could not edit message %s: %s", message.message_id, exc)


async def send_html(message: Message, text: str, keyboard: InlineKeyboardMarkup | None = None, *,
                    quote: bool = False) -> None:
    """Reply with HTML split to Telegram's size limit; the keyboard goes under the last piece."""
    pieces = split_message(text)
    for i, piece in enumerate(pieces):
        last = i == len(pieces) - 1
        await message.reply_text(piece, parse_mode=ParseMode.HTML, link_preview_options=NO_PREVIEW,
                                 do_quote=quote and i == 0, reply_markup=keyboard if last else None)
