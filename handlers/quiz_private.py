"""Private practice on Telegram: /quiz, /exam, /review, /progress and the answer buttons.

A question is one message with a button per option. A quiz or review answer edits that message
into the feedback (with the explanation) and sends the next question below it; a mock exam edits
one message from question to question, as a timed paper would, and shows no answer until the end.
In groups these commands (apart from /quiz, see quiz_group) point to the private chat.
"""
from __future__ import annotations

import logging

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.constants import ChatType, ParseMode
from telegram.error import BadRequest, Forbidden, TelegramError
from telegram.ext import Application

from bot.quiz.arguments import read_quiz_request
from bot.quiz.bank import LETTERS
from bot.quiz.coach import PRACTICE_MAX, Graded, Refused, TimedOut
from bot.quiz.views import ExamAnswered, Feedback, NothingDue, QuestionView, SessionResult

from .ask import text_after_command
from .buttons import STALE_BUTTON, QuizAnswer, QuizStart, QuizStop, claim, parse
from .context import TutorContext, services_of
from .pictures import reply_picture
from .render import NO_PREVIEW, clip, edit_quietly, send_html
from .share import private_chat_keyboard, share_button

log = logging.getLogger(__name__)

PRIVATE_ONLY = ("Mock exams, reviews and progress are one to one, so they happen in our private chat. "
                "Tap below to open it.")


def question_keyboard(view: QuestionView) -> InlineKeyboardMarkup:
    letters = [InlineKeyboardButton(LETTERS[i], callback_data=QuizAnswer(view.session_id, view.position, i).data())
               for i in range(len(view.question.options))]
    rows = [letters[i:i + 4] for i in range(0, len(letters), 4)]
    rows.append([InlineKeyboardButton("⏹ Stop", callback_data=QuizStop(view.session_id).data())])
    return InlineKeyboardMarkup(rows)


def after_result_keyboard(result: SessionResult | None = None, bot_username: str = "") -> InlineKeyboardMarkup:
    first = ([InlineKeyboardButton("🔁 Review mistakes", callback_data=QuizStart("review").data())]
             if result is not None and result.missed else [])
    rows = [
        [*first, InlineKeyboardButton("📝 Another quiz", callback_data=QuizStart("practice").data())],
        [InlineKeyboardButton("⏱ Mock exam", callback_data=QuizStart("exam").data()),
         InlineKeyboardButton("📈 Progress", callback_data=QuizStart("progress").data())],
    ]
    boast = result.share_text() if result is not None and bot_username else ""
    if boast:
        rows.append([share_button(bot_username, boast, result.share_start)])
    return InlineKeyboardMarkup(rows)


async def send_question(message: Message, view: QuestionView, context: TutorContext) -> Message:
    sent = await message.reply_text(clip(view.to_html()), parse_mode=ParseMode.HTML, do_quote=False,
                                    link_preview_options=NO_PREVIEW, reply_markup=question_keyboard(view))
    context.quiz.coach.remember_message(view.session_id, sent.message_id)
    return sent


async def send_result(message: Message, result: SessionResult) -> None:
    await send_html(message, result.to_html(), after_result_keyboard(result, message.get_bot().username))


# --- commands (private chats)

async def quiz_command(update: Update, context: TutorContext) -> None:
    message = update.effective_message
    request = read_quiz_request(text_after_command(message), context.tutor.kb, PRACTICE_MAX)
    if request.problem:
        await message.reply_text(request.problem, do_quote=False)
        return
    view = context.quiz.coach.start_practice(update.effective_user.id, message.chat.id, request.count,
                                             request.activity)
    await send_question(message, view, context)


async def exam_command(update: Update, context: TutorContext) -> None:
    await start_kind(update.effective_message, update.effective_user.id, "exam", context)


async def review_command(update: Update, context: TutorContext) -> None:
    await start_kind(update.effective_message, update.effective_user.id, "review", context)


async def progress_command(update: Update, context: TutorContext) -> None:
    await start_kind(update.effective_message, update.effective_user.id, "progress", context)


async def start_kind(message: Message, user_id: int, kind: str, context: TutorContext,
                     activity: str | None = None) -> None:
    coach = context.quiz.coach
    if kind == "progress":
        progress = coach.progress(user_id, context.drills.tally(user_id))
        await send_html(message, progress.to_html(), after_result_keyboard())
        chart = progress.chart()
        if chart is not None:
            await reply_picture(message, context, chart)
        return
    if kind == "exam":
        view = coach.start_exam(user_id, message.chat.id)
        await message.reply_text(
            "<b>Mock exam</b>: 20 questions, 30 minutes, pass mark 65 % (13 of 20), as in the Foundation exam. "
            "No answers are shown until the end. Good luck!", parse_mode=ParseMode.HTML, do_quote=False)
        await send_question(message, view, context)
        schedule_exam_timer(context.application, view.session_id, message.chat.id, view.deadline - coach.clock())
        return
    started = coach.start_review(user_id, message.chat.id) if kind == "review" else \
        coach.start_practice(user_id, message.chat.id, activity=activity)
    if isinstance(started, NothingDue):
        await message.reply_text(started.to_text(), do_quote=False, reply_markup=after_result_keyboard())
        return
    await send_question(message, started, context)


async def start_button(update: Update, context: TutorContext) -> None:
    query = update.callback_query
    button = await claim(query, context.tutor.kb, QuizStart)
    if button is None:
        return
    await query.answer()
    await start_kind(query.message, query.from_user.id, button.kind, context)


async def elsewhere(update: Update, context: TutorContext) -> None:
    """/exam, /review or /progress in a group: these are personal, so offer the private chat."""
    message = update.effective_message
    command = (message.text or "/quiz").split(maxsplit=1)[0][1:].partition("@")[0].lower()
    await message.reply_text(PRIVATE_ONLY, do_quote=True,
                             reply_markup=private_chat_keyboard(context.bot.username, command))


# --- buttons under a question

async def answer_button(update: Update, context: TutorContext) -> None:
    query = update.callback_query
    button = await claim(query, context.tutor.kb, QuizAnswer)
    if button is None:
        return
    outcome = context.quiz.coach.answer(query.from_user.id, button.session, button.position, button.choice)
    if isinstance(outcome, Refused):
        await query.answer(outcome.message)
        return
    message = query.message
    if isinstance(outcome, TimedOut):
        await query.answer("Time's up!")
        await edit_quietly(message, "⏱ Time's up: the exam is over. Your result is below.")
        await send_result(message, outcome.result)
        return
    assert isinstance(outcome, Graded)
    shown = outcome.shown
    if isinstance(shown, ExamAnswered):
        await query.answer(f"Answer {LETTERS[shown.choice]} recorded.")
        if outcome.next is not None:  # one message, edited from question to question
            await edit_quietly(message, outcome.next.to_html(), question_keyboard(outcome.next))
            return
        await edit_quietly(message, "Exam complete: your result is below.")
    else:
        assert isinstance(shown, Feedback)
        await query.answer("✅ Right!" if shown.correct else "❌ Not quite.")
        await edit_quietly(message, shown.to_html())
    if outcome.next is not None:
        await send_question(message, outcome.next, context)
    else:
        await send_result(message, outcome.result)


async def stop_button(update: Update, context: TutorContext) -> None:
    query = update.callback_query
    button = parse(query.data, context.tutor.kb)
    session = context.quiz.coach.session(button.session) if isinstance(button, QuizStop) else None
    if session is None or session.user_id != query.from_user.id or not session.is_open \
            or query.message is None or not query.message.is_accessible:
        await query.answer(Refused("over").message if session is not None else STALE_BUTTON)
        return
    result = context.quiz.coach.stop(query.from_user.id)
    await query.answer("Stopped.")
    await edit_quietly(query.message, "⏹ Stopped.")
    if result is not None:
        await send_result(query.message, result)


# --- exam timers: PTB's JobQueue, set again from the store at start-up

def schedule_exam_timer(app: Application, session_id: int, chat_id: int, seconds: float) -> None:
    app.job_queue.run_once(exam_time_up, when=max(0.0, seconds), data=(session_id, chat_id),
                           name=f"exam:{session_id}")


def restore_exam_timers(app: Application) -> None:
    coach = services_of(app).quiz.coach
    for session in coach.open_exams():
        schedule_exam_timer(app, session.session_id, session.chat_id, session.deadline - coach.clock())


async def exam_time_up(context: TutorContext) -> None:
    session_id, chat_id = context.job.data
    session = context.quiz.coach.session(session_id)
    result = context.quiz.coach.expire(session_id)
    if result is None:  # answered to the end, stopped, or the clock says not yet
        return
    try:
        if session is not None and session.message_id:
            try:
                await context.bot.edit_message_text("⏱ Time's up: the exam is over. Your result is below.",
                                                    chat_id=chat_id, message_id=session.message_id)
            except BadRequest:
                pass
        await context.bot.send_message(chat_id, clip(result.to_html()), parse_mode=ParseMode.HTML,
                                       reply_markup=after_result_keyboard(result, context.bot.username),
                                       link_preview_options=NO_PREVIEW)
    except Forbidden:
        context.store.chat_removed(chat_id, ChatType.PRIVATE)
    except TelegramError as exc:
        log.warning("could not send the result of exam %s: %s", session_id, exc)
