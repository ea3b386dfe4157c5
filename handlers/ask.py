"""Questions: /ask, any text in a private chat, mentions and replies in groups, suggestion buttons."""
from __future__ import annotations

from telegram import ForceReply, Message, MessageEntity, Update
from telegram.constants import ChatType

from bot.text import MAX_QUESTION_CHARS

from .buttons import STALE_BUTTON, AskOffered, parse
from .context import TutorContext
from .pictures import picture_for_answer
from .render import send_answer

ASK_PROMPT = "What would you like to know about the service value chain? Reply to this message with your question."
TEXT_ONLY = ("I can only read text. Type your question, for example: what is the purpose of Engage?")
LONG_NOTICE = f"That's a long message, so I read only its first {MAX_QUESTION_CHARS} characters."


async def answer_question(message: Message, text: str, context: TutorContext) -> None:
    """Answer `text` in reply to `message`: quoted in groups, so the asker sees it was for them."""
    question = " ".join(text.split())
    clipped = len(question) > MAX_QUESTION_CHARS
    answer = context.tutor.answer(question[:MAX_QUESTION_CHARS])
    await send_answer(message, answer, context.store, quote=message.chat.type != ChatType.PRIVATE,
                      notice=LONG_NOTICE if clipped else "")
    await picture_for_answer(message, answer, context)


async def prompt_for_question(message: Message) -> None:
    # selective: in a group only the asker's app opens the reply field
    await message.reply_text(ASK_PROMPT, do_quote=message.chat.type != ChatType.PRIVATE,
                             reply_markup=ForceReply(selective=True, input_field_placeholder="Your question"))


async def _answer_or_prompt(message: Message, question: str, context: TutorContext) -> None:
    """Addressed to the bot: answer the question, or ask for one when there is none."""
    if question:
        await answer_question(message, question, context)
    else:
        await prompt_for_question(message)


async def ask_command(update: Update, context: TutorContext) -> None:
    message = update.effective_message
    if message is None or not message.text:
        return
    await _answer_or_prompt(message, text_after_command(message), context)


async def private_text(update: Update, context: TutorContext) -> None:
    """In a private chat every text message is a question."""
    message = update.effective_message
    if message is not None and message.text:
        await answer_question(message, message.text, context)


async def private_non_text(update: Update, context: TutorContext) -> None:
    message = update.effective_message
    if message is not None:
        await message.reply_text(TEXT_ONLY, do_quote=False)


async def group_text(update: Update, context: TutorContext) -> None:
    """In a group, answer only messages addressed to the bot; ordinary chatter is left alone."""
    message = update.effective_message
    if message is None or not message.text:
        return
    question = addressed_question(message, context.bot.id, context.bot.username)
    if question is not None:
        await _answer_or_prompt(message, question, context)


async def offered_question(update: Update, context: TutorContext) -> None:
    """A 'did you mean' or 'you could also ask' button: answer that question in the same chat."""
    query = update.callback_query
    button = parse(query.data, context.tutor.kb)
    question = context.store.offered_question(button.key) if isinstance(button, AskOffered) else None
    if question is None or query.message is None or not query.message.is_accessible:
        await query.answer(STALE_BUTTON)
        return
    await query.answer()
    answer = context.tutor.answer(question)
    await send_answer(query.message, answer, context.store)
    await picture_for_answer(query.message, answer, context)


def addressed_question(message: Message, bot_id: int, bot_username: str | None) -> str | None:
    """The question in a group message meant for the bot, "" when it is addressed but empty, None
    when it is not for the bot. Addressed means: it mentions the bot, or it replies to the bot's own
    message (in a forum, every message 'replies' to the topic's first post, which does not count)."""
    text = message.text or ""
    username = (bot_username or "").lower()
    mentioned = False
    for entity, value in message.parse_entities([MessageEntity.MENTION, MessageEntity.TEXT_MENTION]).items():
        is_bot = (value.lower() == f"@{username}" if entity.type == MessageEntity.MENTION
                  else entity.user is not None and entity.user.id == bot_id)
        if is_bot:
            mentioned = True
            text = text.replace(value, " ", 1)
    replied = message.reply_to_message
    replies_to_bot = (replied is not None and replied.from_user is not None and replied.from_user.id == bot_id
                      and replied.forum_topic_created is None)
    if not (mentioned or replies_to_bot):
        return None
    return " ".join(text.split())


def text_after_command(message: Message) -> str:
    """The text after the leading /command (keeping its line breaks, unlike context.args)."""
    text = message.text or ""
    for entity in message.entities:
        if entity.type == MessageEntity.BOT_COMMAND and entity.offset == 0:
            return text[len(message.parse_entity(entity)):].strip()
    return text.partition(" ")[2].strip()
