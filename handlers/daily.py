"""The daily question and the weekly post on Telegram: /daily, one timer per chat, and poll counts.

Each group or channel with something scheduled has one PTB job named `daily:<chat>`. When it
fires, the core claims the day (and, on Mondays, the week) and says what to send; the job sends
it and sets itself again for the next post. PTB keeps jobs in memory only, so start-up sets every
timer again from the store, and posts missed while the bot was down by up to CATCH_UP still go
out. A group's daily poll is non-anonymous (its answers score on the leaderboard); a channel's
must be anonymous, so Telegram's counts (poll updates) are all the bot learns of it.
"""
from __future__ import annotations

import logging
from datetime import date

from telegram import Update
from telegram.constants import ChatType, ParseMode, PollType
from telegram.error import BadRequest, ChatMigrated, Forbidden, TelegramError
from telegram.ext import Application

from bot.chats import CATCH_UP, Posting, read_daily_request

from .admins import NOT_ADMIN, is_admin, sender_is_admin
from .ask import text_after_command
from .context import TutorContext, services_of
from .pictures import topic_thread
from .quiz_group import poll_explanation
from .render import NO_PREVIEW, clip

log = logging.getLogger(__name__)

TIMER_PREFIX = "daily:"
RETRY_SECONDS = 300.0  # a post that failed for a passing reason is tried again this much later
NO_CHANNEL = ("Here, /daily sets the daily question of a channel you manage: send /settings to choose the "
              "channel first. For a group, send /daily in the group itself.")
CHANNEL_ADMINS_ONLY = "Only the channel's admins can change its daily question, and Telegram says you aren't one."


def timer_name(chat_id: int) -> str:
    return f"{TIMER_PREFIX}{chat_id}"


def cancel_timer(app: Application, chat_id: int) -> None:
    for job in app.job_queue.get_jobs_by_name(timer_name(chat_id)):
        job.schedule_removal()


def set_timer(app: Application, chat_id: int, catch_up: float = 0.0) -> None:
    """(Re)set the chat's one timer for its next post; none when nothing is scheduled."""
    cancel_timer(app, chat_id)
    due = services_of(app).chats.schedule.next_due(chat_id, catch_up)
    if due is not None:
        _wake_at(app, chat_id, due.day, due.at)


def _wake_at(app: Application, chat_id: int, day: date, at: float) -> None:
    clock = services_of(app).chats.schedule.clock
    app.job_queue.run_once(_due, when=max(0.0, at - clock()), data=(chat_id, day.isoformat()),
                           name=timer_name(chat_id))


def restore_daily_timers(app: Application) -> None:
    for chat_id in services_of(app).chats.schedule.scheduled_chats():
        set_timer(app, chat_id, catch_up=CATCH_UP)


def chat_moved(app: Application, old_id: int, new_id: int) -> None:
    """A group became a supergroup under a new id: its history and schedule follow it."""
    log.info("chat %s is now %s", old_id, new_id)
    services = services_of(app)
    services.store.move_chat(old_id, new_id)
    services.admins.forget_chat(old_id)
    cancel_timer(app, old_id)
    set_timer(app, new_id, catch_up=CATCH_UP)


def bot_removed(app: Application, chat_id: int) -> None:
    """The bot is no longer in the chat: its scheduled posts stop for good (until an admin sets them again)."""
    services = services_of(app)
    cancel_timer(app, chat_id)
    services.chats.schedule.chat_left(chat_id)
    services.admins.forget_chat(chat_id)


async def _due(context: TutorContext) -> None:
    chat_id, day = context.job.data
    app = context.application
    schedule = context.chats.schedule
    posting = schedule.take_due(chat_id, date.fromisoformat(day))
    if posting.early_until is not None:  # the timer fired early (clock drift): sleep on
        _wake_at(app, chat_id, posting.day, posting.early_until)
        return
    if posting.chat is None:  # the bot has left the chat
        return
    retry = False
    try:
        if posting.weekly is not None and not await _send_weekly(context, posting):
            schedule.failed(posting, daily=False)
            retry = True
        if posting.question is not None:
            await _close_earlier_polls(context, posting)
            if not await _send_question(context, posting):
                schedule.failed(posting, weekly=False)
                retry = True
    except ChatMigrated as exc:  # the group became a supergroup: carry on there, today's post included
        schedule.failed(posting)
        chat_moved(app, chat_id, exc.new_chat_id)
        return
    except Forbidden:
        log.info("daily post: removed from chat %s", chat_id)
        schedule.failed(posting)
        context.store.chat_removed(chat_id, posting.chat.kind, posting.chat.title)
        bot_removed(app, chat_id)
        return
    if retry:
        _wake_at(app, chat_id, posting.day, schedule.clock() + RETRY_SECONDS)
    else:
        set_timer(app, chat_id)


async def _send_weekly(context: TutorContext, posting: Posting) -> bool:
    try:
        await _send_in_topic(context, posting, lambda thread: context.bot.send_message(
            posting.chat.chat_id, clip(posting.weekly.to_html()), parse_mode=ParseMode.HTML,
            message_thread_id=thread, link_preview_options=NO_PREVIEW))
    except (Forbidden, ChatMigrated):  # the caller deals with these
        raise
    except TelegramError as exc:
        log.warning("chat %s: weekly post not sent: %s", posting.chat.chat_id, exc)
        return False
    return True


async def _send_question(context: TutorContext, posting: Posting) -> bool:
    question = posting.question
    try:
        message = await _send_in_topic(context, posting, lambda thread: context.bot.send_poll(
            posting.chat.chat_id, question.text, list(question.options), type=PollType.QUIZ,
            is_anonymous=posting.anonymous, correct_option_ids=[question.correct],
            explanation=poll_explanation(question), message_thread_id=thread))
    except (Forbidden, ChatMigrated):  # the caller deals with these
        raise
    except TelegramError as exc:
        log.warning("chat %s: daily question not sent: %s", posting.chat.chat_id, exc)
        return False
    context.chats.schedule.sent(posting, message.poll.id, message.message_id)
    return True


async def _send_in_topic(context: TutorContext, posting: Posting, send):
    """Send into the chosen forum topic; if the topic was deleted, into the chat's general topic from now on."""
    thread = posting.settings.thread_id if posting.chat.kind != ChatType.CHANNEL else None
    try:
        return await send(thread)
    except BadRequest as exc:
        if thread is None or "thread" not in str(exc).lower():
            raise
        log.info("chat %s: topic %s is gone; posting to the general topic", posting.chat.chat_id, thread)
        context.store.update_chat_settings(posting.chat.chat_id, {"thread_id": None})
        return await send(None)


async def _close_earlier_polls(context: TutorContext, posting: Posting) -> None:
    """Yesterday's poll closes when today's comes, so its results are final (and Telegram sends its counts)."""
    schedule = context.chats.schedule
    for post in posting.to_close:
        try:
            poll = await context.bot.stop_poll(post.chat_id, post.message_id)
        except BadRequest:  # closed already, or deleted by an admin
            schedule.poll_closed(post)
            continue
        schedule.poll_closed(post, [option.voter_count for option in poll.options])


# --- /daily

async def daily_command(update: Update, context: TutorContext) -> None:
    """/daily HH:MM [zone] or /daily off (admins); /daily alone shows what is set.
    In a private chat it changes the channel chosen with /settings."""
    message = update.effective_message
    user = update.effective_user
    request = read_daily_request(text_after_command(message))
    manager = context.chats.manager
    if message.chat.type == ChatType.PRIVATE:
        channel = manager.chosen(user.id)
        if channel is None:
            await message.reply_text(NO_CHANNEL, do_quote=False)
            return
        if not await is_admin(context, channel.chat_id, user.id):
            await message.reply_text(CHANNEL_ADMINS_ONLY, do_quote=False)
            return
        target, thread = channel.chat_id, None
    else:
        target, thread = message.chat.id, topic_thread(message)
        if request.show_only:
            await _reply(message, manager.daily_shown(target).to_html())
            return
        if not await sender_is_admin(message, context):
            await message.reply_text(NOT_ADMIN)
            return
    if request.problem:
        await message.reply_text(request.problem, do_quote=message.chat.type != ChatType.PRIVATE)
        return
    if request.show_only:
        await _reply(message, manager.daily_shown(target).to_html())
        return
    shown = manager.set_daily(target, request, thread)
    set_timer(context.application, target)
    await _reply(message, shown.to_html())


async def _reply(message, html_text: str) -> None:
    await message.reply_text(html_text, parse_mode=ParseMode.HTML, link_preview_options=NO_PREVIEW,
                             do_quote=message.chat.type != ChatType.PRIVATE)


# --- what Telegram reports about the polls

async def poll_update(update: Update, context: TutorContext) -> None:
    """A poll's counts changed or it closed: for a daily poll, keep them (a channel's only score)."""
    poll = update.poll
    context.chats.schedule.poll_state(poll.id, [option.voter_count for option in poll.options], poll.is_closed)
