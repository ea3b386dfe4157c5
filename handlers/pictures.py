"""Sending pictures: the value chain with an answer's activities highlighted, and charts.

A picture is drawn once (the core's painter caches the PNG) in a worker thread, so the event loop
keeps answering while matplotlib draws. After the first upload Telegram keeps the photo, and the
same picture is sent again by its file id.
"""
from __future__ import annotations

import asyncio
import logging

from telegram import InlineKeyboardMarkup, Message, ReplyParameters
from telegram.constants import ChatType, ParseMode
from telegram.error import BadRequest, TelegramError

from bot.answers import Answer
from bot.pictures import Picture, for_answer_topic

from .context import Services, TutorContext

log = logging.getLogger(__name__)

def topic_thread(message: Message) -> int | None:
    return message.message_thread_id if message.is_topic_message else None


async def send_picture(services: Services, bot, chat_id: int, thread_id: int | None, picture: Picture,
                       caption: str = "", keyboard: InlineKeyboardMarkup | None = None,
                       reply_to: int | None = None) -> Message | None:
    """Send `picture` as a photo with an HTML caption; None (logged) if it could not be sent."""
    # the picture belongs under the message it explains, but still comes if that one was deleted
    replying = ReplyParameters(reply_to, allow_sending_without_reply=True) if reply_to else None
    kwargs = dict(caption=caption or None, parse_mode=ParseMode.HTML if caption else None,
                  reply_markup=keyboard, message_thread_id=thread_id, reply_parameters=replying)
    file_id = services.photo_ids.get(picture)
    if file_id is not None:
        try:
            return await bot.send_photo(chat_id, file_id, **kwargs)
        except BadRequest as exc:  # Telegram forgot the file: upload it again
            log.info("photo file id no longer valid (%s); uploading again", exc)
            services.photo_ids.pop(picture)
    png = await asyncio.to_thread(services.painter.png, picture)
    try:
        sent = await bot.send_photo(chat_id, png, filename="value-chain.png", **kwargs)
    except TelegramError as exc:
        log.warning("could not send a picture to %s: %s", chat_id, exc)
        return None
    if sent.photo:
        services.photo_ids.put(picture, sent.photo[-1].file_id)
    return sent


async def reply_picture(message: Message, context: TutorContext, picture: Picture, caption: str = "",
                        keyboard: InlineKeyboardMarkup | None = None) -> Message | None:
    reply_to = message.message_id if message.chat.type != ChatType.PRIVATE else None
    return await send_picture(context.services, context.bot, message.chat.id, topic_thread(message), picture,
                              caption, keyboard, reply_to=reply_to)


async def picture_for_answer(message: Message, answer: Answer, context: TutorContext) -> None:
    """Value-stream and situation answers come with the chain, their steps numbered."""
    picture = for_answer_topic(context.tutor.kb, answer.topic)
    if picture is not None:
        await reply_picture(message, context, picture)
