"""Study groups and channels end to end, through the Bot API emulator on a clock the tests move:
the daily question (once a day, across restarts, stopping on removal), admins and non-admins,
channels set up from a private chat, weekly posts, /groupstats, the leaderboard reset, deep
links, share buttons and /forgetme."""
from __future__ import annotations

import asyncio
from datetime import datetime
from urllib.parse import parse_qs, urlsplit

import pytest

from bot.quiz import build_bank
from bot.quiz.bank import LETTERS
from bot.store import DB_NAME, Store
from handlers.admins import ADMIN_TTL
from handlers.buttons import STALE_BUTTON
from tests.botapi import updates as u
from tests.botapi.harness import running_bot, sent

ALICE = u.user(3001, "Alice")    # the group's admin
BOB = u.user(3002, "Bob")        # a member
CAROL = u.user(3003, "Carol")    # a member
DM, BOB_DM = u.private_chat(ALICE), u.private_chat(BOB)
GROUP = u.group(-100300400, "Foundation cohort")
FORUM = u.group(-100300500, "Study forum", forum=True)
CHANNEL = u.channel(-100300600, "ITIL daily")

TUESDAY_0700 = datetime.fromisoformat("2026-11-24T07:00:00+00:00").timestamp()
DAY = 86400


@pytest.fixture(scope="module")
def bank(kb):
    return build_bank(kb)


@pytest.fixture
def admin(emulator):
    emulator.set_member(GROUP["id"], ALICE["id"], "administrator")
    emulator.set_member(FORUM["id"], ALICE["id"], "creator")


def buttons_of(call) -> list[dict]:
    markup = call.params.get("reply_markup") or {}
    return [b for row in markup.get("inline_keyboard", []) for b in row]


def button(call, label_part: str) -> dict:
    return next(b for b in buttons_of(call) if label_part in b["text"])


def daily_jobs(bot, chat_id: int) -> list:
    return [j for j in bot.app.job_queue.jobs() if j.name == f"daily:{chat_id}"]


def notice(calls) -> dict:
    notes = sent(calls, "answerCallbackQuery")
    assert len(notes) == 1
    return notes[0].params


async def calls_made(emulator, method: str, count: int, timeout: float = 10.0) -> None:
    """Wait (without blocking the bot's event loop) until the bot has made `count` calls of `method`."""
    for _ in range(int(timeout / 0.02)):
        if len(emulator.calls_to(method)) >= count:
            return
        await asyncio.sleep(0.02)
    raise TimeoutError(f"expected {count} {method} calls, got {len(emulator.calls_to(method))}")


async def set_daily(bot, text: str, chat=GROUP, who=ALICE, **kw) -> str:
    return (await bot.reply_to(u.text(chat, who, text, **kw))).result["text"]


async def next_day(bot, clock, days: int = 1):
    """Let `days` days pass, running the daily timers each morning; returns the calls of the last."""
    calls = []
    for _ in range(days):
        clock.advance(DAY)
        calls = await bot.run_jobs("daily:")
    return calls


def poll_of(calls) -> dict:
    polls = sent(calls, "sendPoll")
    assert len(polls) == 1, f"expected one poll, got {len(polls)}"
    return polls[0].result["poll"] | {"message_id": polls[0].result["message_id"]}


async def vote(bot, poll: dict, who: dict, right: bool):
    choice = poll["correct_option_ids"][0]
    if not right:
        choice = (choice + 1) % len(poll["options"])
    return await bot.send(u.poll_answer(poll["id"], who, [choice]))


# --- the daily question in a group

async def test_the_daily_question_comes_once_at_its_time_and_scores(bot, emulator, clock, admin):
    clock.set(TUESDAY_0700)
    reply = await set_daily(bot, "/daily 08:30 Europe/Berlin")  # 07:30 UTC in November
    assert "every day at 08:30 (Europe/Berlin)" in reply and "today at 08:30" in reply

    assert not sent(await bot.run_jobs("daily:"), "sendPoll")  # half an hour early: nothing
    assert daily_jobs(bot, GROUP["id"])                         # ... and the timer is still set
    clock.advance(30 * 60)
    calls = await bot.run_jobs("daily:")
    poll_call = sent(calls, "sendPoll")[0]
    assert poll_call.params["chat_id"] == GROUP["id"]
    assert poll_call.params["type"] == "quiz" and poll_call.params["is_anonymous"] is False
    poll = poll_of(calls)

    # the same morning again (a second timer, a changed setting): no second poll
    assert not sent(await bot.run_jobs("daily:"), "sendPoll")
    again = await set_daily(bot, "/daily 08:30 Europe/Berlin")
    assert "tomorrow at 08:30" in again
    assert not sent(await bot.run_jobs("daily:"), "sendPoll")
    assert len(daily_jobs(bot, GROUP["id"])) == 1

    await vote(bot, poll, BOB, right=True)
    await vote(bot, poll, CAROL, right=False)
    await vote(bot, poll, BOB, right=False)  # a second answer changes nothing
    board = (await bot.reply_to(u.text(GROUP, CAROL, "/leaderboard"))).result["text"]
    assert "🥇 Bob: 1" in board and "Carol" not in board

    calls = await next_day(bot, clock)
    stopped = sent(calls, "stopPoll")
    assert [c.params["message_id"] for c in stopped] == [poll["message_id"]]  # yesterday's closes
    assert poll_of(calls)["question"] != poll["question"]


async def test_a_member_sees_the_setting_but_cannot_change_it(bot, emulator, clock, admin):
    clock.set(TUESDAY_0700)
    shown = await set_daily(bot, "/daily", who=BOB)
    assert "is off" in shown
    refused = await set_daily(bot, "/daily 08:00", who=BOB)
    assert "only this chat's admins" in refused
    assert await set_daily(bot, "/daily off", who=BOB) == refused
    # Telegram was asked once; the answer is remembered for a while
    assert len(emulator.calls_to("getChatMember")) == 1
    assert not daily_jobs(bot, GROUP["id"])

    problem = await set_daily(bot, "/daily 25:00")
    assert "couldn't read" in problem and "/daily HH:MM" in problem
    unknown_zone = await set_daily(bot, "/daily 08:00 Atlantis/Lost")
    assert "don't know the time zone" in unknown_zone


async def test_an_anonymous_admin_is_an_admin(bot, emulator, clock):
    clock.set(TUESDAY_0700)
    reply = (await bot.reply_to(u.anonymous_admin_message(GROUP, "/daily 19:00 UTC+2"))).result["text"]
    assert "every day at 19:00 (UTC+02:00)" in reply and "today at 19:00" in reply
    assert not emulator.calls_to("getChatMember")  # sent as the group: nothing to ask

    # on a settings button an anonymous admin taps as themselves, and Telegram vouches for them
    panel = await bot.reply_to(u.text(GROUP, BOB, "/settings"))
    emulator.set_member(GROUP["id"], CAROL["id"], "administrator", anonymous=True)
    calls = await bot.send(u.tap(CAROL, panel.result, button(panel, "Weekly leaderboard")["callback_data"]))
    assert notice(calls).get("text") == "Saved."
    assert "Weekly leaderboard: on" in sent(calls, "editMessageText")[0].result["text"]

    calls = await bot.send(u.tap(BOB, panel.result, button(panel, "Weekly leaderboard")["callback_data"]))
    assert "only this chat's admins" in notice(calls)["text"] and notice(calls)["show_alert"] is True
    assert not sent(calls, "editMessageText")


async def test_the_admin_check_is_remembered_for_a_few_minutes(bot, emulator, clock, admin):
    clock.set(TUESDAY_0700)
    await set_daily(bot, "/daily 08:00")
    await set_daily(bot, "/daily 09:00")
    assert len(emulator.calls_to("getChatMember")) == 1
    emulator.set_member(GROUP["id"], ALICE["id"], "member")  # demoted
    clock.advance(ADMIN_TTL + 1)
    assert "only this chat's admins" in await set_daily(bot, "/daily 10:00")
    assert len(emulator.calls_to("getChatMember")) == 2


async def test_the_schedule_survives_restarts_and_catches_up(kb, tmp_path, emulator, clock):
    emulator.set_member(GROUP["id"], ALICE["id"], "administrator")
    clock.set(TUESDAY_0700)
    async with running_bot(kb, tmp_path, emulator, clock=clock) as bot:
        await set_daily(bot, "/daily 07:30")
    clock.advance(3600)  # the bot was down at 07:30 and is back at 08:00: still worth posting
    async with running_bot(kb, tmp_path, emulator, clock=clock) as bot:
        await calls_made(emulator, "sendPoll", 1)
        await asyncio.sleep(0.2)
        assert len(daily_jobs(bot, GROUP["id"])) == 1  # tomorrow's
    async with running_bot(kb, tmp_path, emulator, clock=clock) as bot:  # a third start, the same day
        await asyncio.sleep(0.3)
        assert len(emulator.calls_to("sendPoll")) == 1
    clock.advance(DAY + 4 * 3600)  # down past Wednesday's post by four hours: skipped, not sent at noon
    async with running_bot(kb, tmp_path, emulator, clock=clock) as bot:
        await asyncio.sleep(0.3)
        assert len(emulator.calls_to("sendPoll")) == 1
        clock.advance(DAY - 4 * 3600)  # Thursday, 07:30
        assert len(sent(await bot.run_jobs("daily:"), "sendPoll")) == 1


async def test_removing_the_bot_stops_the_daily_question(bot, emulator, clock, admin):
    clock.set(TUESDAY_0700)
    await set_daily(bot, "/daily 07:30")
    assert daily_jobs(bot, GROUP["id"])
    await bot.send(u.bot_membership(GROUP, ALICE, "member", "kicked"))
    emulator.remove_bot_from(GROUP["id"])
    assert not daily_jobs(bot, GROUP["id"])
    clock.advance(3600)
    assert not await bot.run_jobs("daily:")
    # added again later: the old schedule does not come back by itself
    emulator.removed_from.discard(GROUP["id"])
    await bot.send(u.bot_membership(GROUP, ALICE, "left", "member"))
    panel = (await bot.reply_to(u.text(GROUP, ALICE, "/settings"))).result["text"]
    assert "Daily question: off" in panel
    assert not daily_jobs(bot, GROUP["id"])


async def test_a_chat_that_refuses_the_post_is_left_alone(bot, emulator, clock, admin):
    clock.set(TUESDAY_0700)
    await set_daily(bot, "/daily 07:30")
    emulator.remove_bot_from(GROUP["id"])  # kicked, and the update never came
    clock.advance(3600)
    calls = await bot.run_jobs("daily:")
    assert [c.status for c in calls if c.method == "sendPoll"] == [403]
    assert not daily_jobs(bot, GROUP["id"])
    assert not bot.store.chat(GROUP["id"]).is_active


async def test_a_passing_failure_is_retried_and_posts_once(bot, emulator, clock, admin):
    clock.set(TUESDAY_0700)
    await set_daily(bot, "/daily 07:30")
    clock.advance(3600)
    emulator.fail_next("sendPoll", status=500, description="Internal Server Error")
    calls = await bot.run_jobs("daily:")
    assert not sent(calls, "sendPoll")
    clock.advance(300)
    assert len(sent(await bot.run_jobs("daily:"), "sendPoll")) == 1
    assert not sent(await bot.run_jobs("daily:"), "sendPoll")


async def test_the_daily_question_goes_to_the_topic_it_was_set_in(bot, emulator, clock, admin):
    clock.set(TUESDAY_0700)
    reply = await set_daily(bot, "/daily 07:30", chat=FORUM, thread=77)
    assert "in this topic" in reply
    clock.advance(3600)
    poll_call = sent(await bot.run_jobs("daily:"), "sendPoll")[0]
    assert poll_call.params["message_thread_id"] == 77


async def test_the_settings_panel_chooses_the_activities(bot, emulator, clock, admin, bank):
    clock.set(TUESDAY_0700)
    await set_daily(bot, "/daily 07:30")
    panel = await bot.reply_to(u.text(GROUP, ALICE, "/settings"))
    assert "Questions from: all six activities" in panel.result["text"]
    assert all(b["text"].startswith("✅") for b in buttons_of(panel)[:6])
    # untick five, one by one: only Engage is left
    current = panel
    for name in ("Plan", "Improve", "Design and transition", "Obtain/build", "Deliver and support"):
        calls = await bot.send(u.tap(ALICE, current.result, button(current, name)["callback_data"]))
        current = sent(calls, "editMessageText")[0]
    assert "Questions from: Engage." in current.result["text"]
    calls = await bot.send(u.tap(ALICE, current.result, button(current, "Engage")["callback_data"]))
    assert "at least one activity" in notice(calls)["text"]  # the last one stays
    clock.advance(3600)
    question = sent(await bot.run_jobs("daily:"), "sendPoll")[0].params["question"]
    assert "engage" in next(q for q in bank.poll_questions if q.text == question).activities

    calls = await bot.send(u.tap(ALICE, current.result, button(current, "All six")["callback_data"]))
    current = sent(calls, "editMessageText")[0]
    assert "all six activities" in current.result["text"]
    calls = await bot.send(u.tap(ALICE, current.result, button(current, "Daily question off")["callback_data"]))
    assert "Daily question: off" in sent(calls, "editMessageText")[0].result["text"]
    assert not daily_jobs(bot, GROUP["id"])


# --- weekly posts

async def test_a_group_that_opts_in_gets_a_weekly_leaderboard(bot, emulator, clock, admin):
    clock.set(TUESDAY_0700)
    await set_daily(bot, "/daily 08:00")
    panel = await bot.reply_to(u.text(GROUP, ALICE, "/settings"))
    assert "Weekly leaderboard: off" in panel.result["text"]
    await bot.send(u.tap(ALICE, panel.result, button(panel, "Weekly leaderboard")["callback_data"]))
    clock.advance(3600)
    tuesday = poll_of(await bot.run_jobs("daily:"))
    await vote(bot, tuesday, BOB, right=True)
    await vote(bot, tuesday, CAROL, right=False)
    wednesday = poll_of(await next_day(bot, clock))
    await vote(bot, wednesday, CAROL, right=True)
    await vote(bot, wednesday, BOB, right=True)
    for _ in range(4):  # Thursday to Sunday: polls, no weekly post
        calls = await next_day(bot, clock)
        assert not sent(calls) and len(sent(calls, "sendPoll")) == 1
    monday = await next_day(bot, clock)
    weekly = sent(monday)
    assert len(weekly) == 1 and len(sent(monday, "sendPoll")) == 1
    text = weekly[0].result["text"]
    assert "Last week's leaderboard (23–29 Nov)" in text
    assert "🥇 Bob: 2" in text and "🥈 Carol: 1" in text
    assert not sent(await bot.run_jobs("daily:"))  # once


async def test_a_group_gets_no_weekly_post_unless_it_opts_in(bot, emulator, clock, admin):
    clock.set(TUESDAY_0700)
    await set_daily(bot, "/daily 08:00")
    clock.advance(3600)
    poll = poll_of(await bot.run_jobs("daily:"))
    await vote(bot, poll, BOB, right=True)
    assert not sent(await next_day(bot, clock, days=6))  # through Monday: polls only


# --- channels

async def test_a_channel_is_set_up_from_a_private_chat_and_gets_an_anonymous_poll_and_a_recap(
        bot, emulator, clock):
    clock.set(TUESDAY_0700 - 2 * 3600)
    await bot.send(u.text(DM, ALICE, "/start"))
    emulator.set_member(CHANNEL["id"], ALICE["id"], "creator")
    calls = await bot.send(u.bot_membership(CHANNEL, ALICE, "left", "administrator"))
    hello = sent(calls)[0]
    assert hello.params["chat_id"] == ALICE["id"] and "ITIL daily" in hello.result["text"]

    calls = await bot.send(u.tap(ALICE, hello.result, button(hello, "Set up")["callback_data"]))
    panel = sent(calls, "editMessageText")[0].result["text"]
    assert "Settings for 📢 ITIL daily" in panel and "Weekly recap of the week's questions: on" in panel

    reply = await set_daily(bot, "/daily 07:00 Berlin", chat=DM)  # 06:00 UTC
    assert "Daily question for ITIL daily: every day at 07:00 (Europe/Berlin)" in reply

    # someone who runs no channel cannot reach it
    assert "not in any channel you administer" in await set_daily(bot, "/settings", chat=BOB_DM, who=BOB)
    assert "choose the channel first" in await set_daily(bot, "/daily 08:00", chat=BOB_DM, who=BOB)

    clock.advance(3600)
    calls = await bot.run_jobs("daily:")
    poll_call = sent(calls, "sendPoll")[0]
    assert poll_call.params["chat_id"] == CHANNEL["id"] and poll_call.params["is_anonymous"] is True
    poll = poll_of(calls)
    right = poll["correct_option_ids"][0]
    emulator.vote(poll["id"], right, 3)
    await bot.send(u.poll_state(emulator.vote(poll["id"], (right + 1) % len(poll["options"]), 1)))

    await next_day(bot, clock, days=5)  # to Sunday
    monday = await next_day(bot, clock)
    recap = sent(monday)[0]
    assert recap.params["chat_id"] == CHANNEL["id"]
    text = recap.result["text"]
    assert "The week's questions (23–29 Nov)" in text
    assert "75 % of 4 got it right" in text and text.count("no votes") == 5
    assert len(sent(monday, "sendPoll")) == 1


async def test_a_channel_admin_with_several_channels_chooses_one(bot, emulator, clock):
    other = u.channel(-100300700, "ITIL weekly")
    await bot.send(u.text(DM, ALICE, "/start"))
    for chat in (CHANNEL, other):
        emulator.set_member(chat["id"], ALICE["id"], "administrator")
        await bot.send(u.bot_membership(chat, ALICE, "left", "administrator"))
    choice = await bot.reply_to(u.text(DM, ALICE, "/settings"))
    assert "Which channel" in choice.result["text"]
    calls = await bot.send(u.tap(ALICE, choice.result, button(choice, "ITIL weekly")["callback_data"]))
    assert "Settings for 📢 ITIL weekly" in sent(calls, "editMessageText")[0].result["text"]
    assert "ITIL weekly" in await set_daily(bot, "/daily 09:00", chat=DM)
    # Bob taps Alice's choice (forged): not his channel
    calls = await bot.send(u.tap(BOB, choice.result, button(choice, "ITIL daily")["callback_data"]))
    assert "only this chat's admins" in notice(calls)["text"]


# --- the leaderboard reset, /groupstats

async def points_for_bob_and_carol(bot, clock):
    await set_daily(bot, "/daily 07:30")
    clock.advance(3600)
    poll = poll_of(await bot.run_jobs("daily:"))
    await vote(bot, poll, BOB, right=True)
    await vote(bot, poll, CAROL, right=False)
    return poll


async def test_an_admin_resets_the_leaderboard_after_confirming(bot, emulator, clock, admin):
    clock.set(TUESDAY_0700)
    await points_for_bob_and_carol(bot, clock)
    assert "only this chat's admins" in await set_daily(bot, "/resetleaderboard", who=BOB)

    ask = await bot.reply_to(u.text(GROUP, ALICE, "/resetleaderboard"))
    assert "deletes 1 point of 1 member" in ask.result["text"]
    calls = await bot.send(u.tap(BOB, ask.result, button(ask, "Yes")["callback_data"]))
    assert "only this chat's admins" in notice(calls)["text"]
    calls = await bot.send(u.tap(ALICE, ask.result, button(ask, "Keep")["callback_data"]))
    assert "stays as it is" in sent(calls, "editMessageText")[0].result["text"]
    assert "Bob: 1" in await set_daily(bot, "/leaderboard")

    old = await bot.reply_to(u.text(GROUP, ALICE, "/resetleaderboard"))
    clock.advance(601)
    calls = await bot.send(u.tap(ALICE, old.result, button(old, "Yes")["callback_data"]))
    assert "expired" in sent(calls, "editMessageText")[0].result["text"]
    assert "Bob: 1" in await set_daily(bot, "/leaderboard")

    ask = await bot.reply_to(u.text(GROUP, ALICE, "/resetleaderboard"))
    calls = await bot.send(u.tap(ALICE, ask.result, button(ask, "Yes")["callback_data"]))
    assert "reset by Alice: 1 point of 1 member deleted" in sent(calls, "editMessageText")[0].result["text"]
    assert "No points in this chat yet" in await set_daily(bot, "/leaderboard")
    assert "already empty" in await set_daily(bot, "/resetleaderboard")


async def test_groupstats_shows_what_the_group_gets_wrong_with_a_chart(bot, emulator, clock, admin):
    clock.set(TUESDAY_0700)
    calls = await bot.send(u.text(GROUP, BOB, "/groupstats"))
    assert "No answers in this chat yet" in sent(calls)[0].result["text"] and not sent(calls, "sendPhoto")

    # questions on Engage only: some bank questions (the list style) concern no single activity
    bot.store.update_chat_settings(GROUP["id"], {"activities": ["engage"]})
    await points_for_bob_and_carol(bot, clock)
    calls = await bot.send(u.text(GROUP, BOB, "/groupstats"))
    text = sent(calls)[0].result["text"]
    assert "2 answers from 2 members" in text and "Engage: 50 % wrong (1 of 2)" in text
    photo = sent(calls, "sendPhoto")[0]
    assert photo.params["chat_id"] == GROUP["id"]
    assert "in groups" in (await bot.reply_to(u.text(DM, ALICE, "/groupstats"))).result["text"]


# --- deep links and sharing

def question_of(bank, call):
    text = call.result["text"]
    return max((q for q in bank.questions if q.text in text
                and all(f"{LETTERS[i]}) {o}" in text for i, o in enumerate(q.options))), key=lambda q: len(q.text))


@pytest.mark.parametrize("payload", ["quiz_engage", "quiz_enagage", "practice_engage"])
async def test_a_deep_link_starts_a_quiz_on_its_activity(telegram, bank, payload):
    first = await telegram.reply_to(u.text(DM, ALICE, f"/start {payload}"))
    assert "engage" in question_of(bank, first).activities


async def test_deep_links_open_what_they_name(telegram):
    exam = await telegram.send(u.text(DM, ALICE, "/start exam"))
    assert "Mock exam" in sent(exam)[0].result["text"]
    drill = await telegram.reply_to(u.text(DM, BOB, "/start scenario_incident"))
    assert "Scenario" in drill.result["text"]
    forget = await telegram.reply_to(u.text(DM, CAROL, "/start forgetme"))
    assert "Delete all your data?" in forget.result["text"]
    welcome = await telegram.reply_to(u.text(u.private_chat(u.user(3009)), u.user(3009), "/start x" * 30))
    assert "tutor for the ITIL 4 service value chain" in welcome.result["text"]


async def test_results_carry_a_share_button_with_a_link_back(telegram, bank):
    question = await telegram.reply_to(u.text(DM, ALICE, "/quiz 1"))
    q = question_of(bank, question)
    tap = next(b for b in buttons_of(question) if b["text"] == LETTERS[q.correct])
    calls = await telegram.send(u.tap(ALICE, question.result, tap["callback_data"]))
    result = next(c for c in sent(calls) if "result" in c.result["text"])
    share = button(result, "Share")
    parts = urlsplit(share["url"])
    assert (parts.netloc, parts.path) == ("t.me", "/share/url")
    query = parse_qs(parts.query)
    assert query["url"] == ["https://t.me/itil_tutor_bot?start=quiz"]
    assert "1 of 1 right" in query["text"][0]


# --- /forgetme

def rows_naming(path, user_id: int) -> dict[str, int]:
    """Every table and column that still holds `user_id`."""
    store = Store(path)
    try:
        found = {}
        tables = [r[0] for r in store.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        for table in tables:
            for column in [r[1] for r in store.db.execute(f"PRAGMA table_info({table})")]:
                n = store.db.execute(f"SELECT COUNT(*) FROM {table} WHERE {column} = ?", (user_id,)).fetchone()[0]
                if n:
                    found[f"{table}.{column}"] = n
        return found
    finally:
        store.close()


async def test_forgetme_deletes_a_learners_data_everywhere_after_confirming(bot, emulator, clock, tmp_path):
    clock.set(TUESDAY_0700)
    emulator.set_member(GROUP["id"], CAROL["id"], "administrator")
    # Alice practises alone, answers a daily poll in a group, does a drill and manages a channel
    question = await bot.reply_to(u.text(DM, ALICE, "/quiz 1"))
    await bot.send(u.tap(ALICE, question.result, buttons_of(question)[0]["callback_data"]))
    drill = await bot.reply_to(u.text(DM, ALICE, "/scenario"))
    await bot.send(u.tap(ALICE, drill.result, buttons_of(drill)[0]["callback_data"]))
    await bot.send(u.tap(ALICE, drill.result, button(drill, "Submit")["callback_data"]))
    await set_daily(bot, "/daily 07:30", who=CAROL)
    clock.advance(3600)
    poll = poll_of(await bot.run_jobs("daily:"))
    await vote(bot, poll, ALICE, right=True)
    await vote(bot, poll, BOB, right=True)
    emulator.set_member(CHANNEL["id"], ALICE["id"], "creator")
    await bot.send(u.bot_membership(CHANNEL, ALICE, "left", "administrator"))
    await bot.send(u.text(DM, ALICE, "/settings"))
    path = tmp_path / DB_NAME
    assert len(rows_naming(path, ALICE["id"])) >= 6

    pointer = await bot.reply_to(u.text(GROUP, ALICE, "/forgetme"))
    assert button(pointer, "private chat")["url"] == "https://t.me/itil_tutor_bot?start=forgetme"

    ask = await bot.reply_to(u.text(DM, ALICE, "/forgetme"))
    calls = await bot.send(u.tap(ALICE, ask.result, button(ask, "Keep")["callback_data"]))
    assert "Nothing was deleted" in sent(calls, "editMessageText")[0].result["text"]
    assert rows_naming(path, ALICE["id"])

    ask = await bot.reply_to(u.text(DM, ALICE, "/forgetme"))
    calls = await bot.send(u.tap(ALICE, ask.result, button(ask, "Yes")["callback_data"]))
    assert "everything I kept about you is deleted" in sent(calls, "editMessageText")[0].result["text"]
    assert rows_naming(path, ALICE["id"]) == {}
    assert "🥇 Bob: 1" in await set_daily(bot, "/leaderboard", who=BOB)  # others keep theirs
    progress = (await bot.reply_to(u.text(DM, ALICE, "/progress"))).result["text"]
    assert progress.startswith("No answers yet")


# --- forged and stale buttons

@pytest.mark.parametrize("data", ["cf:-999:wk", "cf:{group}:zz", "cf:{group}:9", "rz:-999:1:y", "cc:{group}",
                                  "cf:{group}", "fg:notanumber:y"])
async def test_forged_settings_buttons_change_nothing(bot, emulator, admin, data):
    panel = await bot.reply_to(u.text(GROUP, ALICE, "/settings"))
    calls = await bot.send(u.tap(ALICE, panel.result, data.format(group=GROUP["id"])))
    assert notice(calls).get("text") == STALE_BUTTON
    assert not sent(calls, "editMessageText") and not sent(calls)
    assert bot.store.chat(GROUP["id"]).settings == {}


async def test_a_forget_button_in_a_group_deletes_nothing(bot, emulator, clock, admin):
    clock.set(TUESDAY_0700)
    await points_for_bob_and_carol(bot, clock)
    panel = await bot.reply_to(u.text(GROUP, BOB, "/settings"))
    calls = await bot.send(u.tap(BOB, panel.result, f"fg:{int(clock())}:y"))
    assert not sent(calls, "editMessageText")
    assert "Bob: 1" in await set_daily(bot, "/leaderboard", who=BOB)


# --- a group that becomes a supergroup (Telegram gives it a new id)

OLD_GROUP = u.group(-4001, "Small cohort", kind="group")
NEW_ID = -100400100


async def test_a_group_upgraded_to_a_supergroup_keeps_its_daily_question_and_points(bot, emulator, clock):
    emulator.set_member(OLD_GROUP["id"], ALICE["id"], "creator")
    clock.set(TUESDAY_0700)
    await set_daily(bot, "/daily 07:30", chat=OLD_GROUP)
    clock.advance(3600)
    poll = poll_of(await bot.run_jobs("daily:"))
    await vote(bot, poll, BOB, right=True)
    emulator.migrate(OLD_GROUP["id"], NEW_ID)
    await bot.send(u.new(u.message(OLD_GROUP, ALICE, migrate_to_chat_id=NEW_ID)))
    assert not daily_jobs(bot, OLD_GROUP["id"]) and daily_jobs(bot, NEW_ID)
    new_group = u.group(NEW_ID, "Small cohort")
    assert "🥇 Bob: 1" in await set_daily(bot, "/leaderboard", chat=new_group, who=BOB)
    calls = await next_day(bot, clock)
    assert sent(calls, "sendPoll")[0].params["chat_id"] == NEW_ID


async def test_a_post_refused_because_the_group_moved_goes_to_its_new_id(bot, emulator, clock):
    emulator.set_member(OLD_GROUP["id"], ALICE["id"], "creator")
    clock.set(TUESDAY_0700)
    await set_daily(bot, "/daily 07:30", chat=OLD_GROUP)
    emulator.migrate(OLD_GROUP["id"], NEW_ID)  # and the service message never came
    clock.advance(3600)
    await bot.run_jobs("daily:")
    await calls_made(emulator, "sendPoll", 1)  # the new id's timer, due at once
    polls = emulator.calls_to("sendPoll")
    assert [c.params["chat_id"] for c in polls] == [NEW_ID]
    assert not bot.store.chat(OLD_GROUP["id"]).is_active
