"""/start and /help: what the tutor is, how to use it here, and buttons to the main features."""
from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.constants import ChatType, ParseMode

from . import quiz_private
from .buttons import QUIZ_KINDS, ActivityList, AskOffered, QuizStart, ShowHelp
from .context import TutorContext
from .render import NO_PREVIEW

EXAMPLE_QUESTION = "what flows from plan to design and transition?"

WELCOME = (
    "<b>Hi! I'm a tutor for the ITIL 4 service value chain.</b>\n\n"
    "Ask me about its six activities in your own words; typos and abbreviations are fine. For example:\n"
    "• what is the purpose of Engage?\n"
    "• what does Plan send to Improve?\n"
    "• difference between D&amp;T and O/B\n"
    "• a user reports an outage\n\n"
    "<i>This teaches ITIL 4 Foundation, not the newer 2026 edition.</i>"
)


def help_text(bot_username: str, private: bool) -> str:
    at = f"@{bot_username}"
    lines = [
        "<b>How to use me</b>",
        "",
        "/ask &lt;question&gt; - ask about the service value chain",
        "/activities - the six activities as cards: purpose, inputs, outputs, practices, an example",
    ]
    if private:
        lines += ["/quiz [n] [activity] - practice questions, with the explanation after each answer",
                  "/exam - a timed mock exam: 20 questions, 30 minutes, pass mark 65 %",
                  "/review - spaced review of what you got wrong or is due again",
                  "/progress - your mastery per activity, streak and totals",
                  "/scenario - a situation: pick the activities mainly involved, then see why"]
    else:
        lines += ["/quiz [n] [activity] - a round of quiz polls for everyone here",
                  "/leaderboard - this chat's scores, this week and all time",
                  "/stopquiz - stop the round (admins, or whoever started it)",
                  "/scenario - a situation for everyone: the first fully right answer wins a point"]
    lines += ["/chain [activity ... | value stream] - a picture of the value chain, highlighted",
              "/help - this message", ""]
    if private:
        lines.append("Here you can simply type your question.")
    else:
        lines.append(f"In this group I stay quiet unless you use /ask{at} &lt;question&gt;, mention {at} "
                     "in a message, or reply to one of my messages.")
    lines.append(f"In any chat, type {at} and a question to share an answer card.")
    return "\n".join(lines)


def main_menu(context: TutorContext, private: bool) -> InlineKeyboardMarkup:
    example = AskOffered(context.store.offer_question(EXAMPLE_QUESTION))
    share = (InlineKeyboardButton("🔎 Use me in another chat", switch_inline_query="") if private else
             InlineKeyboardButton("🔎 Ask inline", switch_inline_query_current_chat=""))
    rows = [
        [InlineKeyboardButton("📚 The six activities", callback_data=ActivityList().data()),
         InlineKeyboardButton("💡 Try an example", callback_data=example.data())],
        [share, InlineKeyboardButton("❓ Help", callback_data=ShowHelp().data())],
    ]
    if private:
        rows.insert(1, [InlineKeyboardButton("📝 Quiz me", callback_data=QuizStart("practice").data()),
                        InlineKeyboardButton("⏱ Mock exam", callback_data=QuizStart("exam").data())])
    return InlineKeyboardMarkup(rows)


async def start(update: Update, context: TutorContext) -> None:
    message = update.effective_message
    if message is None:
        return
    private = message.chat.type == ChatType.PRIVATE
    payload = (context.args or [""])[0].lower()
    if private and payload in (*QUIZ_KINDS, "quiz"):  # a t.me/<bot>?start=exam link from a group
        await quiz_private.start_kind(message, update.effective_user.id, "practice" if payload == "quiz" else payload,
                                      context)
        return
    text = WELCOME if private else WELCOME + "\n\n" + help_text(context.bot.username, private=False)
    await message.reply_text(text, parse_mode=ParseMode.HTML, link_preview_options=NO_PREVIEW,
                             reply_markup=main_menu(context, private), do_quote=False)


async def _send_help(message: Message, context: TutorContext) -> None:
    private = message.chat.type == ChatType.PRIVATE
    await message.reply_text(help_text(context.bot.username, private), parse_mode=ParseMode.HTML,
                             link_preview_options=NO_PREVIEW, do_quote=False)


async def help_command(update: Update, context: TutorContext) -> None:
    if update.effective_message is not None:
        await _send_help(update.effective_message, context)


async def help_button(update: Update, context: TutorContext) -> None:
    query = update.callback_query
    await query.answer()
    if query.message is not None and query.message.is_accessible:
        await _send_help(query.message, context)
