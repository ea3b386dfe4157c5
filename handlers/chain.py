"""/chain: a picture of the service value chain, whole or highlighted as asked."""
from __future__ import annotations

from telegram import Update
from telegram.constants import ChatType

from bot.pictures.requests import chain_for_request

from .ask import text_after_command
from .context import TutorContext
from .pictures import reply_picture

CHAIN_CAPTION = (
    "<b>The ITIL 4 service value chain</b>\n"
    "Demand and opportunity come in; the six activities turn them into products and services that "
    "create value. The activities have no fixed order: each kind of work (a value stream) combines "
    "them in its own order.\n"
    "Try /chain incident for a value stream, or /chain engage plan to highlight activities.")


async def chain_command(update: Update, context: TutorContext) -> None:
    """/chain, /chain ACTIVITY ..., /chain STREAM: the chain, highlighted as asked."""
    message = update.effective_message
    kb = context.tutor.kb
    wanted = text_after_command(message)[:200]
    picture, problem = chain_for_request(wanted, kb)
    if problem:
        await message.reply_text(problem, do_quote=message.chat.type != ChatType.PRIVATE)
        return
    caption = CHAIN_CAPTION if not wanted else ""
    await reply_picture(message, context, picture, caption)
