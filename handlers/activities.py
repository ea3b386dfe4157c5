"""/activities: the six activities as buttons, and activity cards whose facet buttons edit the
message in place (Purpose, Inputs, Outputs, Practices, Example)."""
from __future__ import annotations

import dataclasses
import logging

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest

from bot.engine import Tutor

from .buttons import CARD_FACETS, STALE_BUTTON, ActivityCard, ActivityList, parse
from .context import TutorContext
from .render import NO_PREVIEW, clip

log = logging.getLogger(__name__)

LIST_TEXT = ("<b>The six activities of the service value chain</b>\n"
             "They follow no fixed order: each value stream combines them its own way.\n"
             "Tap one for its card.")


def list_view(tutor: Tutor) -> tuple[str, InlineKeyboardMarkup]:
    buttons = [InlineKeyboardButton(a.name, callback_data=ActivityCard(a.id).data()) for a in tutor.kb.activities]
    return LIST_TEXT, InlineKeyboardMarkup([buttons[i:i + 2] for i in range(0, len(buttons), 2)])


def card_view(tutor: Tutor, card: ActivityCard) -> tuple[str, InlineKeyboardMarkup]:
    compose = tutor.compose
    build = {"purpose": compose.purpose, "inputs": compose.inputs, "outputs": compose.outputs,
             "practices": compose.practices, "example": compose.example}[card.facet]
    # the facet buttons replace the answer's own suggestions
    answer = dataclasses.replace(build(card.activity, 1.0), suggestions=())
    facets = [InlineKeyboardButton(("▸ " if facet == card.facet else "") + label,
                                   callback_data=ActivityCard(card.activity, facet).data())
              for facet, label in CARD_FACETS.items()]
    keyboard = [facets[:3], facets[3:], [InlineKeyboardButton("« All activities", callback_data=ActivityList().data())]]
    return clip(answer.to_html()), InlineKeyboardMarkup(keyboard)


async def activities_command(update: Update, context: TutorContext) -> None:
    message = update.effective_message
    if message is None:
        return
    text, keyboard = list_view(context.tutor)
    await message.reply_text(text, parse_mode=ParseMode.HTML, reply_markup=keyboard, do_quote=False)


async def card_button(update: Update, context: TutorContext) -> None:
    """ActivityList or ActivityCard buttons: redraw the same message."""
    query = update.callback_query
    button = parse(query.data, context.tutor.kb)
    if isinstance(button, ActivityCard):
        text, keyboard = card_view(context.tutor, button)
    elif isinstance(button, ActivityList):
        text, keyboard = list_view(context.tutor)
    else:
        await query.answer(STALE_BUTTON)
        return
    await query.answer()
    try:
        await query.edit_message_text(text, parse_mode=ParseMode.HTML, reply_markup=keyboard,
                                      link_preview_options=NO_PREVIEW)
    except BadRequest as exc:
        # tapping the facet already shown changes nothing, which Telegram reports as an error
        if "not modified" in exc.message.lower():
            return
        # a message that can no longer be edited (deleted, too old): show the card afresh
        if query.message is None or not query.message.is_accessible:
            raise
        await query.message.reply_text(text, parse_mode=ParseMode.HTML, reply_markup=keyboard,
                                       link_preview_options=NO_PREVIEW, do_quote=False)
