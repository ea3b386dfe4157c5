"""Group rounds on Telegram: /quiz in a group, quiz polls scored from poll answers, /stopquiz, /leaderboard.

A round keeps one status message and edits it as it goes (question n of N, the answers so far,
the scores), so a group gets one new message per question, the poll, plus one with the final
scores: well under Telegram's 20 messages a minute per group. Polls are non-anonymous, because a
bot receives poll answers only for those; a poll answer carries no chat, so the store maps each
poll id to its round. Timers are PTB jobs, set again from the store at start-up.
"""
from __future__ import annotations

import logging

from telegram import Update
from telegram.constants import ParseMode, PollLimit, PollType
from telegram.error import BadRequest, Forbidden, TelegramError
from telegram.ext import Application

from bot.quiz.arguments import read_quiz_request
from bot.quiz.bank import Question
from bot.quiz.rounds import ROUND_MAX, Step

from .admins import sender_is_admin
from .ask import text_after_command
from .context import TutorContext, services_of
from .render import NO_PREVIEW, clip

log = logging.getLogger(__name__)

ALREADY_RUNNING = "A quiz round is already running here. Answer its poll, or an admin can /stopquiz."
NOT_ADMIN = "Only the group's admins, or whoever started the round, can stop it."
NOTHING_TO_STOP = "There is no quiz round running here. Start one with /quiz."


def poll_explanation(question: Question) -> str:
    """Telegram shows at most 200 characters and 2 line breaks; the status message carries the rest."""
    text = " ".join(question.explanation.split())
    limit = PollLimit.MAX_EXPLANATION_LENGTH
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


async def group_quiz_command(update: Update, context: TutorContext) -> None:
    message = update.effective_message
    request = read_quiz_request(text_after_command(message), context.tutor.kb, ROUND_MAX)
    if request.problem:
        await message.reply_text(request.problem.replace("/quiz 5", "/quiz 5 (up to 10 in a group)"))
        return
    thread = message.message_thread_id if message.is_topic_message else None
    step = context.quiz.rounds.start(message.chat.id, thread, update.effective_user.id, request.count,
                                     request.activity)
    if step is None:
        await message.reply_text(ALREADY_RUNNING)
        return
    status = await message.reply_text(step.status.to_html(), parse_mode=ParseMode.HTML, do_quote=False,
                                      link_preview_options=NO_PREVIEW)
    context.quiz.rounds.set_status_message(step.round.round_id, status.message_id)
    await _ask(context.application, step)


async def _ask(app: Application, step: Step) -> None:
    """Send the step's poll and set the timer that moves the round on when it closes."""
    rounds = services_of(app).quiz.rounds
    round_, question = step.round, step.question
    try:
        poll = await app.bot.send_poll(
            round_.chat_id, question.text, list(question.options), type=PollType.QUIZ, is_anonymous=False,
            correct_option_ids=[question.correct], explanation=poll_explanation(question),
            open_period=round_.open_period, message_thread_id=round_.thread_id)
    except Forbidden:
        _bot_removed(app, round_.chat_id)
        return
    except TelegramError as exc:
        log.warning("round %s: could not send a poll: %s; ending the round", round_.round_id, exc)
        rounds.stop(round_.chat_id)
        return
    next_at = rounds.poll_sent(round_.round_id, round_.position, poll.poll.id, poll.message_id)
    _schedule(app, round_.round_id, round_.position, next_at - rounds.clock())


def _schedule(app: Application, round_id: int, position: int, seconds: float) -> None:
    app.job_queue.run_once(_poll_closed, when=max(0.0, seconds), data=(round_id, position),
                           name=f"round:{round_id}:{position}")


async def _poll_closed(context: TutorContext) -> None:
    round_id, position = context.job.data
    step = context.quiz.rounds.advance(round_id, position)
    if step is None:  # stopped meanwhile, or another timer moved it on
        return
    await _show_status(context.application, step)
    if step.question is not None:
        await _ask(context.application, step)
    else:
        await _announce_end(context.application, step)


async def _show_status(app: Application, step: Step) -> None:
    if not step.round.message_id:
        return
    try:
        await app.bot.edit_message_text(clip(step.status.to_html()), chat_id=step.round.chat_id,
                                        message_id=step.round.message_id, parse_mode=ParseMode.HTML,
                                        link_preview_options=NO_PREVIEW)
    except Forbidden:
        _bot_removed(app, step.round.chat_id)
    except BadRequest as exc:  # deleted by an admin, or unchanged: the round goes on
        log.info("round %s: status not edited: %s", step.round.round_id, exc)


async def _announce_end(app: Application, step: Step) -> None:
    """The final scores as a new message, so nobody has to scroll up to the status message."""
    try:
        await app.bot.send_message(step.round.chat_id, clip(step.status.to_html()), parse_mode=ParseMode.HTML,
                                   message_thread_id=step.round.thread_id, link_preview_options=NO_PREVIEW)
    except Forbidden:
        _bot_removed(app, step.round.chat_id)
    except TelegramError as exc:
        log.warning("round %s: could not announce the end: %s", step.round.round_id, exc)


def _bot_removed(app: Application, chat_id: int) -> None:
    services = services_of(app)
    services.quiz.rounds.stop(chat_id)
    services.store.chat_removed(chat_id)


async def poll_answer(update: Update, context: TutorContext) -> None:
    """Score one member's answer, to a round's poll or a daily question. Unknown polls, late, repeated
    or retracted answers count nothing."""
    answer = update.poll_answer
    if answer.user is None:  # an anonymous vote (a channel or an anonymous admin): no one to credit
        return
    verdict = context.quiz.rounds.record_answer(answer.poll_id, answer.user.id, answer.user.full_name,
                                                tuple(answer.option_ids))
    if verdict.reason == "unknown_poll":  # not a round's poll: perhaps the group's daily question
        verdict = context.chats.schedule.record_answer(answer.poll_id, answer.user.id, answer.user.full_name,
                                                       tuple(answer.option_ids))
    if verdict.counted:
        context.quiz.coach.learn_from_poll(answer.user.id, verdict.question_id, verdict.correct)
    else:
        log.debug("poll answer to %s not counted: %s", answer.poll_id, verdict.reason)


async def stop_quiz_command(update: Update, context: TutorContext) -> None:
    message = update.effective_message
    rounds = context.quiz.rounds
    round_ = rounds.open_round(message.chat.id)
    if round_ is None:
        await message.reply_text(NOTHING_TO_STOP)
        return
    user = update.effective_user
    if not (user is not None and user.id == round_.started_by) and not await sender_is_admin(message, context):
        await message.reply_text(NOT_ADMIN)
        return
    poll_message = rounds.current_poll_message(round_.round_id)
    step = rounds.stop(message.chat.id)
    if step is None:
        await message.reply_text(NOTHING_TO_STOP)
        return
    if poll_message:
        try:
            await context.bot.stop_poll(message.chat.id, poll_message)
        except BadRequest:
            pass  # closed already
    await _show_status(context.application, step)
    await message.reply_text(clip(step.status.to_html()), parse_mode=ParseMode.HTML, do_quote=False,
                             link_preview_options=NO_PREVIEW)


async def group_only(update: Update, context: TutorContext) -> None:
    await update.effective_message.reply_text(
        "Leaderboards and quiz rounds belong to groups: add me to your study group and send /quiz there. "
        "Here, /quiz practises on your own and /progress shows how you are doing.", do_quote=False)


async def leaderboard_command(update: Update, context: TutorContext) -> None:
    message = update.effective_message
    board = context.quiz.rounds.leaderboard(message.chat.id)
    await message.reply_text(clip(board.to_html()), parse_mode=ParseMode.HTML, do_quote=False,
                             link_preview_options=NO_PREVIEW)


def restore_round_timers(app: Application) -> None:
    """After a restart: move each open round on when its poll closes (at once if that has passed)."""
    rounds = services_of(app).quiz.rounds
    for round_ in rounds.open_rounds():
        if round_.next_at is None:  # stopped between starting a question and sending its poll: send it now
            app.job_queue.run_once(_resend, when=0.0, data=round_.round_id, name=f"round:{round_.round_id}:resend")
        else:
            _schedule(app, round_.round_id, round_.position, round_.next_at - rounds.clock())


async def _resend(context: TutorContext) -> None:
    step = context.quiz.rounds.current_step(context.job.data)
    if step is not None and step.question is not None:
        await _ask(context.application, step)
