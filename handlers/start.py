"""/start and /help: what the tutor is, how to use it here, and buttons to the main features."""
from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.constants import ChatType, ParseMode

from bot.quiz.arguments import find_activity

from . import chat_settings, privacy, quiz_private, scenarios
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
                  "/scenario - a situation: pick the activities mainly involved, then see why",
                  "/settings, /daily - a daily quiz question and weekly recap in a channel you run",
                  "/forgetme - delete everything stored about you"]
    else:
        lines += ["/quiz [n] [activity] - a round of quiz polls for everyone here",
                  "/leaderboard - this chat's scores, this week and all time",
                  "/stopquiz - stop the round (admins, or whoever started it)",
                  "/scenario - a situation for everyone: the first fully right answer wins a point",
                  "/groupstats - which activities the group gets wrong most, with a chart",
                  "/daily HH:MM [time zone] - a quiz question every day (admins; /daily off stops it)",
                  "/settings - the daily question's activities, the weekly leaderboard (admins change them)",
                  "/resetleaderboard - start the scores afresh (admins)"]
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
    if private and payload and await open_deep_link(message, update.effective_user.id, payload, context):
        return
    text = WELCOME if private else WELCOME + "\n\n" + help_text(context.bot.username, private=False)
    await message.reply_text(text, parse_mode=ParseMode.HTML, link_preview_options=NO_PREVIEW,
                             reply_markup=main_menu(context, private), do_quote=False)


async def open_deep_link(message: Message, user_id: int, payload: str, context: TutorContext) -> bool:
    """A t.me/<bot>?start=<payload> link (from a group, a shared result, a study guide) opens what it
    names: quiz, quiz_<activity>, exam, review, progress, scenario, scenario_<kind>, forgetme, settings.
    False for anything else (the plain welcome follows)."""
    kind, _, rest = payload[:64].partition("_")
    wanted = rest.replace("_", " ").replace("-", " ")
    if kind in ("quiz", "practice") or payload in QUIZ_KINDS:
        activity = find_activity(wanted, context.tutor.kb) if wanted else None
        chosen = "practice" if kind in ("quiz", "practice") else kind
        await quiz_private.start_kind(message, user_id, chosen, context, activity=activity)
        return True
    if kind == "scenario":
        await scenarios.start_drill(message, user_id, context, context.drills.find_scenario(wanted) if wanted else None)
        return True
    if payload == "forgetme":
        await privacy.ask_to_forget(message, context)
        return True
    if payload == "settings":
        await chat_settings.settings_command_private(message, user_id, context)
        return True
    return False


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
