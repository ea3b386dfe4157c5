"""Scenario drills on Telegram: /scenario, the activity toggles, Submit, and the group timer.

In a private chat the drill message shows the learner's picks (✅) and is edited on every tap.
In a group the buttons are shared, so each member's picks are private: a tap is confirmed in a
notice only they see, and the message stays as it is until the drill ends. The result comes with a
picture of the chain: the activities involved highlighted, the value stream's steps numbered.
"""
from __future__ import annotations

import logging

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.constants import ChatType, ParseMode
from telegram.error import BadRequest, Forbidden, TelegramError
from telegram.ext import Application

from bot.pictures import chain_for_scenario
from bot.scenarios import RIGHT, Drill, DrillPrompt, DrillRefused, DrillResult, Submitted, Toggled
from bot.scenarios.views import verdict_notice

from .ask import text_after_command
from .buttons import DrillStart, DrillSubmit, DrillToggle, QuizStart, claim
from .context import TutorContext, services_of
from .pictures import send_picture, topic_thread
from .render import NO_PREVIEW, clip
from .share import share_button

log = logging.getLogger(__name__)



def drill_keyboard(prompt: DrillPrompt) -> InlineKeyboardMarkup:
    buttons = [InlineKeyboardButton(f"✅ {c.name}" if c.picked and not prompt.in_group else c.name,
                                    callback_data=DrillToggle(prompt.drill_id, i).data())
               for i, c in enumerate(prompt.choices)]
    rows = [buttons[i:i + 2] for i in range(0, len(buttons), 2)]
    rows.append([InlineKeyboardButton("📨 Submit", callback_data=DrillSubmit(prompt.drill_id).data())])
    return InlineKeyboardMarkup(rows)


def after_drill_keyboard(in_group: bool, share: InlineKeyboardButton | None = None) -> InlineKeyboardMarkup:
    another = InlineKeyboardButton("🧩 Another scenario", callback_data=DrillStart().data())
    if in_group:  # progress is personal: in a group it would show one member's to everyone
        return InlineKeyboardMarkup([[another]])
    rows = [[another, InlineKeyboardButton("📈 Progress", callback_data=QuizStart("progress").data())]]
    if share is not None:
        rows.append([share])
    return InlineKeyboardMarkup(rows)


# --- starting

async def scenario_command(update: Update, context: TutorContext) -> None:
    """/scenario, or /scenario KIND ("/scenario incident") for a situation of that kind."""
    message = update.effective_message
    wanted = text_after_command(message)
    scenario_id = context.drills.find_scenario(wanted) if wanted else None
    if wanted and scenario_id is None:
        kinds = ", ".join(context.drills.scenario_names)
        await message.reply_text(f"I don't know that kind of situation. Send /scenario for a random one, or "
                                 f"name one of: {kinds}.", do_quote=message.chat.type != ChatType.PRIVATE)
        return
    await start_drill(message, update.effective_user.id, context, scenario_id)


async def start_button(update: Update, context: TutorContext) -> None:
    query = update.callback_query
    if await claim(query, context.tutor.kb, DrillStart) is None:
        return
    await query.answer()
    await start_drill(query.message, query.from_user.id, context)


async def start_drill(message: Message, user_id: int, context: TutorContext, scenario_id: str | None = None) -> None:
    in_group = message.chat.type != ChatType.PRIVATE
    started = context.drills.start(message.chat.id, topic_thread(message), None if in_group else user_id,
                                   scenario_id)
    for old, reveal in started.replaced:  # one drill at a time per chat (and topic): show the last one's answer
        await _edit_drill(context.bot, old, reveal)
    sent = await message.reply_text(started.prompt.to_html(), parse_mode=ParseMode.HTML, do_quote=False,
                                    reply_markup=drill_keyboard(started.prompt))
    context.drills.remember_message(started.drill.drill_id, sent.message_id)
    if started.drill.closes_at is not None:
        _schedule(context.application, started.drill.drill_id, started.drill.closes_at - context.drills.clock())


# --- the buttons under a drill

async def toggle_button(update: Update, context: TutorContext) -> None:
    query = update.callback_query
    button = await claim(query, context.tutor.kb, DrillToggle)
    if button is None:
        return
    outcome = context.drills.toggle(button.drill, query.from_user.id, query.message.chat.id, button.activity)
    if isinstance(outcome, DrillRefused):
        await query.answer(outcome.message)
        return
    assert isinstance(outcome, Toggled)
    if outcome.prompt.in_group:
        picked = ", ".join(outcome.picked_names) or "nothing yet"
        await query.answer(f"Your picks: {picked}"[:200])
        return
    await query.answer()
    try:
        await query.message.edit_reply_markup(drill_keyboard(outcome.prompt))
    except BadRequest as exc:  # two quick taps can leave the markup as it was
        if "not modified" not in str(exc).lower():
            log.info("could not update drill %s: %s", button.drill, exc)


async def submit_button(update: Update, context: TutorContext) -> None:
    query = update.callback_query
    button = await claim(query, context.tutor.kb, DrillSubmit)
    if button is None:
        return
    outcome = context.drills.submit(button.drill, query.from_user.id, query.message.chat.id,
                                    query.from_user.full_name)
    if isinstance(outcome, DrillRefused):
        await query.answer(outcome.message)
        return
    assert isinstance(outcome, Submitted)
    if outcome.drill.is_group:
        await _group_submission(query, outcome, context)
        return
    await query.answer(verdict_notice(outcome.verdict))
    await _edit_drill(context.bot, outcome.drill, outcome.personal)
    await send_picture(context.services, context.bot, outcome.drill.chat_id, outcome.drill.thread_id,
                       chain_for_scenario(context.tutor.kb, outcome.scenario),
                       "The activities mainly involved, highlighted; dashed ones may also take part.",
                       after_drill_keyboard(in_group=False, share=_share(context, outcome)))


def _share(context: TutorContext, outcome: Submitted) -> InlineKeyboardButton | None:
    text = outcome.personal.share_text()
    return share_button(context.bot.username, text, f"scenario_{outcome.scenario.id}") if text else None


async def _group_submission(query, outcome: Submitted, context: TutorContext) -> None:
    if outcome.won:
        await query.answer("🏆 Fully right, and first! +1 point.")
        _cancel(context.application, outcome.drill.drill_id)
        await _reveal(context, outcome.drill, outcome.ended)
        return
    if outcome.verdict == RIGHT:  # right, but someone's submission closed the drill a moment before
        await query.answer("✅ Fully right, but someone got there first.")
        return
    grade = outcome.grade
    mainly = len(grade.right) + len(grade.missed)
    parts = [f"{len(grade.right)} of {mainly} mainly involved"]
    if grade.extra:
        parts.append(f"{len(grade.extra)} that take no part")
    notice = (f"{verdict_notice(outcome.verdict)} You picked {', '.join(parts)}. "
              "The answer comes when someone gets it fully right or time runs out.")
    await query.answer(notice[:200], show_alert=True)


# --- ending group drills

async def _reveal(context: TutorContext, drill: Drill, result: DrillResult | None) -> None:
    """Edit the group's drill message into the answer, and send the picture under it."""
    if result is None:
        return
    await _edit_drill(context.bot, drill, result)
    scenario = context.drills.scenario_of(drill)
    if scenario is not None:
        await send_picture(context.services, context.bot, drill.chat_id, drill.thread_id,
                           chain_for_scenario(context.tutor.kb, scenario), reply_to=drill.message_id,
                           keyboard=after_drill_keyboard(drill.is_group))


async def _edit_drill(bot, drill: Drill, result: DrillResult) -> None:
    if not drill.message_id:
        return
    try:
        await bot.edit_message_text(clip(result.to_html()), chat_id=drill.chat_id, message_id=drill.message_id,
                                    parse_mode=ParseMode.HTML, link_preview_options=NO_PREVIEW)
    except BadRequest as exc:
        if "not modified" not in str(exc).lower():
            log.info("could not edit drill %s: %s", drill.drill_id, exc)


def _schedule(app: Application, drill_id: int, seconds: float) -> None:
    app.job_queue.run_once(drill_time_up, when=max(0.0, seconds), data=drill_id, name=f"drill:{drill_id}")


def _cancel(app: Application, drill_id: int) -> None:
    for job in app.job_queue.get_jobs_by_name(f"drill:{drill_id}"):
        job.schedule_removal()


def restore_drill_timers(app: Application) -> None:
    drills = services_of(app).drills
    for drill in drills.timed_drills():
        _schedule(app, drill.drill_id, drill.closes_at - drills.clock())


async def drill_time_up(context: TutorContext) -> None:
    ended = context.drills.expire(context.job.data)
    if ended is None:  # won, replaced, or the bot left the chat
        return
    drill, result = ended
    try:
        await _reveal(context, drill, result)
    except Forbidden:
        context.store.chat_removed(drill.chat_id)
    except TelegramError as exc:
        log.warning("could not reveal drill %s: %s", drill.drill_id, exc)
