"""Inline mode: `@botname <question>` in any chat offers answer cards to share."""
from __future__ import annotations

import hashlib

from telegram import InlineQueryResultArticle, InlineQueryResultsButton, InputTextMessageContent, Update
from telegram.constants import InlineQueryLimit, ParseMode

from bot.answers import Answer
from bot.text import MAX_QUESTION_CHARS

from .context import TutorContext
from .render import NO_PREVIEW, clip

MAX_RESULTS = 6
CACHE_SECONDS = 300  # answers depend only on the question, so Telegram may reuse them for everyone


def result_for(answer: Answer) -> InlineQueryResultArticle:
    summary = next((line for s in answer.sections for line in s.lines if line), "")
    return InlineQueryResultArticle(
        id=hashlib.blake2s(answer.topic.encode(), digest_size=16).hexdigest(),
        title=answer.title[:100],
        description=summary[:120],
        input_message_content=InputTextMessageContent(clip(answer.to_html()), parse_mode=ParseMode.HTML,
                                                      link_preview_options=NO_PREVIEW),
    )


def answers_for(question: str, context: TutorContext) -> list[Answer]:
    """The answer, then the answers to its suggestions; for an empty query, the six activities."""
    tutor = context.tutor
    if not question:
        return [tutor.compose.overview(a.id, 1.0) for a in tutor.kb.activities]
    answer = tutor.answer(question)
    found = [] if answer.is_unknown else [answer]
    found += [tutor.answer(s) for s in answer.suggestions]
    unique: dict[str, Answer] = {}
    for a in found:
        if not a.is_unknown:
            unique.setdefault(a.topic, a)
    return list(unique.values())[:MAX_RESULTS]


async def inline_query(update: Update, context: TutorContext) -> None:
    query = update.inline_query
    if query is None:
        return
    question = " ".join(query.query.split())[:MAX_QUESTION_CHARS]
    results = [result_for(a) for a in answers_for(question, context)][: InlineQueryLimit.RESULTS]
    # with nothing to offer, a button into the private chat explains what the bot can answer
    button = None if results else InlineQueryResultsButton(text="No answer yet: open the tutor",
                                                           start_parameter="inline")
    await query.answer(results, cache_time=CACHE_SECONDS, button=button)
