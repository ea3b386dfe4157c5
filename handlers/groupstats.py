"""/groupstats: where a group stands, from every answer its members gave in rounds and daily
questions: the activities it gets wrong most, as text and as a chart."""
from __future__ import annotations

from telegram import Update

from .context import TutorContext
from .pictures import reply_picture
from .render import send_html

IN_GROUPS_ONLY = ("/groupstats shows how a study group is doing, so it works in groups: send it there. "
                  "Here, /progress shows how you are doing.")


async def groupstats_command(update: Update, context: TutorContext) -> None:
    message = update.effective_message
    chat = context.store.chat(message.chat.id)
    if chat is None:
        return
    stats = context.chats.insight.group_stats(chat)
    await send_html(message, stats.to_html())
    chart = stats.chart()
    if chart is not None:
        await reply_picture(message, context, chart)


async def private_groupstats(update: Update, context: TutorContext) -> None:
    await update.effective_message.reply_text(IN_GROUPS_ONLY, do_quote=False)
