"""Quiz mode end to end: private quizzes, mock exams, restarts, group rounds of quiz polls, and
answers that must not count (stale, forged, late, repeated), through the Bot API emulator."""
from __future__ import annotations

import re

import pytest

from bot.quiz import build_bank
from bot.quiz.bank import LETTERS
from bot.quiz.rounds import GRACE_SECONDS, OPEN_SECONDS, PAUSE_SECONDS
from bot.store import DB_NAME, Store
from handlers.admins import NOT_ADMIN_TTL
from handlers.buttons import STALE_BUTTON
from tests.botapi import updates as u
from tests.botapi.harness import running_bot, sent

ALICE = u.user(2001, "Alice")
BOB = u.user(2002, "Bob")
CAROL = u.user(2003, "Carol")
DM = u.private_chat(ALICE)
BOB_DM = u.private_chat(BOB)
GROUP = u.group(-100700800, "Foundation cohort")
FORUM = u.group(-100900100, "Study forum", forum=True)


@pytest.fixture(scope="module")
def bank(kb):
    return build_bank(kb)


def buttons_of(call):
    return [b for row in (call.params.get("reply_markup") or {}).get("inline_keyboard", []) for b in row]


def answer_buttons(call):
    return [b for b in buttons_of(call) if b["callback_data"].startswith("qa:")]


def question_in(bank, text: str):
    """The bank's question a message shows (the longest question text the message contains)."""
    found = [q for q in bank.questions
             if q.text in text and all(f"{LETTERS[i]}) {o}" in text for i, o in enumerate(q.options))]
    assert found, f"no question found in {text[:200]!r}"
    return max(found, key=lambda q: len(q.text))


def button_for(bank, call, right: bool):
    q = question_in(bank, call.result["text"])
    index = q.correct if right else (q.correct + 1) % len(q.options)
    return next(b for b in answer_buttons(call) if b["text"] == LETTERS[index])


def callback_notice(calls) -> str:
    notes = sent(calls, "answerCallbackQuery")
    assert len(notes) == 1
    return notes[0].params.get("text", "")


async def tap(bot, who, call, button):
    return await bot.send(u.tap(who, call.result, button["callback_data"]))


# --- private practice

async def test_private_quiz_right_then_wrong_with_feedback_edited_in_place(bot, bank):
    first = await bot.reply_to(u.text(DM, ALICE, "/quiz 2"))
    assert "question 1 of 2" in first.result["text"]
    assert [b["text"] for b in answer_buttons(first)] == list(LETTERS[: len(answer_buttons(first))])
    assert any(b["text"].endswith("Stop") for b in buttons_of(first))

    calls = await tap(bot, ALICE, first, button_for(bank, first, right=True))
    assert callback_notice(calls) == "✅ Right!"
    edit = sent(calls, "editMessageText")[0]
    assert edit.params["message_id"] == first.result["message_id"]
    assert "Right!" in edit.result["text"]
    assert question_in(bank, first.result["text"]).explanation in edit.result["text"]
    assert "reply_markup" not in edit.result  # answered: its buttons are gone
    second = sent(calls)[0]
    assert "question 2 of 2" in second.result["text"]

    calls = await tap(bot, ALICE, second, button_for(bank, second, right=False))
    assert callback_notice(calls) == "❌ Not quite."
    edit = sent(calls, "editMessageText")[0]
    q = question_in(bank, second.result["text"])
    assert f"The answer is {LETTERS[q.correct]})" in edit.result["text"]
    result = sent(calls)[0].result["text"]
    assert "Quiz result: 1 of 2 (50 %)" in result
    assert "will come back in /review" in result


async def test_double_tap_counts_once(bot, bank):
    first = await bot.reply_to(u.text(DM, ALICE, "/quiz 2"))
    right = button_for(bank, first, right=True)
    await tap(bot, ALICE, first, right)
    again = await tap(bot, ALICE, first, right)
    assert callback_notice(again) == "You have already answered this question."
    assert [c.method for c in again] == ["answerCallbackQuery"]
    progress = await bot.reply_to(u.text(DM, ALICE, "/progress"))
    assert "Answered 1, right 1" in progress.result["text"]


async def test_nobody_can_answer_someone_elses_quiz_even_with_forged_data(bot, bank):
    first = await bot.reply_to(u.text(DM, ALICE, "/quiz 3"))
    data = button_for(bank, first, right=True)["callback_data"]
    # Bob replays Alice's button data from his own chat
    forged = await bot.send(u.tap(BOB, {**first.result, "chat": BOB_DM}, data))
    assert callback_notice(forged) == "This quiz belongs to someone else. Start your own with /quiz."
    assert not sent(forged, "editMessageText") and not sent(forged)
    for junk in ("qa:999999:0:0", "qa:1:0", "qa:x:0:1", "qa:1:0:1;DROP", "qz:hack", "qs:abc", "qa:" + "9" * 60):
        calls = await bot.send(u.tap(ALICE, first.result, junk))
        assert callback_notice(calls) in (STALE_BUTTON, "I no longer know this quiz. Start a new one with /quiz.")
        assert not sent(calls) and not sent(calls, "editMessageText")
    session, position, _ = data[3:].split(":")
    out_of_range = await bot.send(u.tap(ALICE, first.result, f"qa:{session}:{position}:11"))
    assert not sent(out_of_range, "editMessageText")
    # Alice's quiz is untouched: her real answer still counts
    calls = await tap(bot, ALICE, first, button_for(bank, first, right=True))
    assert callback_notice(calls) == "✅ Right!"


async def test_stop_button_ends_the_quiz_and_later_taps_are_refused(bot, bank):
    first = await bot.reply_to(u.text(DM, ALICE, "/quiz 3 engage"))
    assert "Engage" in first.result["text"]
    stop = next(b for b in buttons_of(first) if b["text"].endswith("Stop"))
    calls = await tap(bot, ALICE, first, stop)
    assert "stopped after 0 of 3" in sent(calls)[0].result["text"]
    late = await tap(bot, ALICE, first, button_for(bank, first, right=True))
    assert callback_notice(late) == "This quiz is over. Start a new one with /quiz."


async def test_bad_quiz_arguments_get_a_plain_answer(bot):
    assert "between 1 and 20" in (await bot.reply_to(u.text(DM, ALICE, "/quiz 500"))).result["text"]
    assert "don't know the activity" in (await bot.reply_to(u.text(DM, ALICE, "/quiz bananas"))).result["text"]


async def test_review_brings_back_what_was_wrong_and_progress_shows_it(bot, bank):
    nothing = await bot.reply_to(u.text(DM, ALICE, "/review"))
    assert "Nothing to review yet" in nothing.result["text"]
    first = await bot.reply_to(u.text(DM, ALICE, "/quiz 1 plan"))
    missed = question_in(bank, first.result["text"])
    await tap(bot, ALICE, first, button_for(bank, first, right=False))
    review = await bot.reply_to(u.text(DM, ALICE, "/review"))
    assert "Review · question 1 of 1" in review.result["text"]
    assert question_in(bank, review.result["text"]).id == missed.id
    calls = await tap(bot, ALICE, review, button_for(bank, review, right=True))
    assert "Right!" in sent(calls, "editMessageText")[0].result["text"]
    later = await bot.reply_to(u.text(DM, ALICE, "/review"))
    assert "next card is due in 1 day" in later.result["text"]
    progress = (await bot.reply_to(u.text(DM, ALICE, "/progress"))).result["text"]
    assert "Answered 2, right 1 (50 %)" in progress
    assert "Streak: 1 day in a row" in progress
    assert re.search(r"Plan: 50 % right", progress)


# --- mock exams

async def test_exam_finished_with_results_per_activity(bot, bank):
    calls = await bot.send(u.text(DM, ALICE, "/exam"))
    intro, question = sent(calls)
    assert "20 questions, 30 minutes, pass mark 65 %" in intro.result["text"]
    assert "⏱ 30 min left" in question.result["text"] or "⏱ 29 min left" in question.result["text"]
    current = question
    for n in range(20):
        right = n % 4 != 0  # 15 of 20 right
        calls = await tap(bot, ALICE, current, button_for(bank, current, right=right))
        assert callback_notice(calls).startswith("Answer ")
        edit = sent(calls, "editMessageText")[0]
        assert edit.params["message_id"] == question.result["message_id"]  # one message for the whole exam
        if n < 19:
            assert f"question {n + 2} of 20" in edit.result["text"]
            assert "Right!" not in edit.result["text"]  # no answers during an exam
            current = edit
    result = sent(calls)[0].result["text"]
    assert "Mock exam result: 15 of 20 (75 %)" in result
    assert "Pass: the pass mark is 13 of 20" in result
    assert "By activity" in result and "Engage:" in result
    assert "To go over" in result
    progress = (await bot.reply_to(u.text(DM, ALICE, "/progress"))).result["text"]
    assert "Mock exams: 1 taken, 1 passed, best 75 %" in progress


async def test_exam_timed_out_by_its_timer(bot, bank, clock):
    calls = await bot.send(u.text(DM, ALICE, "/exam"))
    question = sent(calls)[1]
    await tap(bot, ALICE, question, button_for(bank, question, right=True))
    clock.advance(31 * 60)
    calls = await bot.run_jobs("exam:")
    assert "Time's up" in sent(calls, "editMessageText")[0].result["text"]
    result = sent(calls)[0].result["text"]
    assert "Time's up." in result and "19 question(s) were left unanswered" in result
    assert "Mock exam result: 1 of 20 (5 %)" in result and "Not a pass yet" in result
    late = await tap(bot, ALICE, question, button_for(bank, question, right=True))
    assert "over" in callback_notice(late)


async def test_exam_answer_after_the_deadline_ends_it(bot, bank, clock):
    question = sent(await bot.send(u.text(DM, ALICE, "/exam")))[1]
    clock.advance(30 * 60 + 1)
    calls = await tap(bot, ALICE, question, button_for(bank, question, right=True))
    assert callback_notice(calls) == "Time's up!"
    assert "Mock exam result: 0 of 20" in sent(calls)[0].result["text"]
    assert not await bot.run_jobs("exam:")  # the timer finds it graded already: nothing twice


# --- restarts

async def test_quiz_survives_a_restart(kb, tmp_path, emulator, bank, clock):
    async with running_bot(kb, tmp_path, emulator, clock=clock) as before:
        first = await before.reply_to(u.text(DM, ALICE, "/quiz 2"))
        calls = await tap(before, ALICE, first, button_for(bank, first, right=True))
        second = sent(calls)[0]
    async with running_bot(kb, tmp_path, emulator, clock=clock) as after:
        calls = await tap(after, ALICE, second, button_for(bank, second, right=True))
        assert callback_notice(calls) == "✅ Right!"
        assert "Quiz result: 2 of 2 (100 %)" in sent(calls)[0].result["text"]
        again = await tap(after, ALICE, first, button_for(bank, first, right=True))
        assert "over" in callback_notice(again)


async def test_exam_deadline_passed_while_the_bot_was_down(kb, tmp_path, emulator, bank, clock):
    async with running_bot(kb, tmp_path, emulator, clock=clock) as before:
        sent(await before.send(u.text(DM, ALICE, "/exam")))
    clock.advance(45 * 60)
    done = len(emulator.calls_to("sendMessage"))
    async with running_bot(kb, tmp_path, emulator, clock=clock):
        results = emulator.wait_for("sendMessage", done + 1)
        assert "Time's up." in results[-1].result["text"]


# --- group rounds

async def start_round(bot, chat=GROUP, who=ALICE, text="/quiz 2", **kw):
    calls = await bot.send(u.text(chat, who, text, **kw))
    status, polls = sent(calls), sent(calls, "sendPoll")
    assert len(status) == 1 and len(polls) == 1
    return status[0], polls[0]


def poll_of(call):
    return call.result["poll"]


async def close_poll(bot, clock):
    clock.advance(OPEN_SECONDS + PAUSE_SECONDS + 1)
    return await bot.run_jobs("round:")


async def test_group_round_scores_poll_answers_and_shows_a_leaderboard(bot, bank, clock):
    status, poll_call = await start_round(bot)
    assert "Quiz round · question 1 of 2" in status.result["text"]
    p = poll_call.params
    assert p["type"] == "quiz" and p["is_anonymous"] is False and p["open_period"] == OPEN_SECONDS
    options = [o["text"] if isinstance(o, dict) else o for o in p["options"]]
    asked = next(q for q in bank.questions if q.text == p["question"] and list(q.options) == options)
    assert p["correct_option_ids"] == [asked.correct]
    assert len(p.get("explanation", "")) <= 200
    poll = poll_of(poll_call)
    right = poll["correct_option_ids"][0]
    wrong = (right + 1) % len(poll["options"])

    assert await bot.send(u.poll_answer(poll["id"], ALICE, [right])) == []  # answers are silent
    await bot.send(u.poll_answer(poll["id"], BOB, [wrong]))
    await bot.send(u.poll_answer(poll["id"], ALICE, [wrong]))  # a second answer: ignored
    await bot.send(u.poll_answer("unknown-poll", CAROL, [0]))  # a poll the bot does not know
    await bot.send(u.poll_answer(poll["id"], CAROL, []))  # a retraction

    calls = await close_poll(bot, clock)
    edit = sent(calls, "editMessageText")[0]
    assert edit.params["message_id"] == status.result["message_id"]
    assert "question 2 of 2" in edit.result["text"] and "Alice: 1" in edit.result["text"]
    second = sent(calls, "sendPoll")[0]
    late = await bot.send(u.poll_answer(poll["id"], CAROL, [right]))  # to the closed first poll
    assert late == []
    poll2 = poll_of(second)
    await bot.send(u.poll_answer(poll2["id"], ALICE, poll2["correct_option_ids"]))
    await bot.send(u.poll_answer(poll2["id"], BOB, poll2["correct_option_ids"]))

    calls = await close_poll(bot, clock)
    final = sent(calls)[0].result["text"]
    assert "Quiz round over!" in final
    assert re.search(r"🥇 Alice: 2\n🥈 Bob: 1", final)
    assert "Carol" not in final
    assert not sent(calls, "sendPoll")

    board = (await bot.reply_to(u.text(GROUP, CAROL, "/leaderboard"))).result["text"]
    assert "This week" in board and "🥇 Alice: 2" in board and "All time" in board
    # Alice's poll answers count in her own progress too
    progress = (await bot.reply_to(u.text(u.private_chat(ALICE), ALICE, "/progress"))).result["text"]
    assert "Answered 2, right 2" in progress


async def test_one_round_per_chat_and_who_may_stop_it(bot, emulator, clock):
    await start_round(bot)
    busy = await bot.reply_to(u.text(GROUP, BOB, "/quiz"))
    assert "already running" in busy.result["text"]
    refused = await bot.reply_to(u.text(GROUP, BOB, "/stopquiz"))
    assert "Only the group's admins" in refused.result["text"]
    emulator.set_member(GROUP["id"], BOB["id"], "administrator")
    clock.advance(NOT_ADMIN_TTL + 1)  # Telegram is asked again once the "not an admin" answer is stale
    calls = await bot.send(u.text(GROUP, BOB, "/stopquiz"))
    assert sent(calls, "stopPoll")
    assert "Quiz round stopped." in sent(calls)[0].result["text"]
    assert "no quiz round running" in (await bot.reply_to(u.text(GROUP, BOB, "/stopquiz"))).result["text"]
    assert not await bot.run_jobs("round:")  # the stopped round's timer does nothing


async def test_anonymous_admin_and_the_starter_can_stop_a_round(bot):
    await start_round(bot, who=CAROL)
    calls = await bot.send(u.anonymous_admin_message(GROUP, "/stopquiz"))
    assert "Quiz round stopped." in sent(calls)[0].result["text"]
    await start_round(bot, who=CAROL)
    calls = await bot.send(u.text(GROUP, CAROL, "/stopquiz"))
    assert "Quiz round stopped." in sent(calls)[0].result["text"]


async def test_round_in_a_forum_topic_stays_in_the_topic(bot, clock):
    _, poll_call = await start_round(bot, chat=FORUM, text="/quiz 1", thread=77)
    assert poll_call.params["message_thread_id"] == 77
    calls = await close_poll(bot, clock)
    assert sent(calls)[0].params["message_thread_id"] == 77


async def test_round_survives_a_restart(kb, tmp_path, emulator, clock):
    async with running_bot(kb, tmp_path, emulator, clock=clock) as before:
        _, poll_call = await start_round(before)
        poll = poll_of(poll_call)
    clock.advance(OPEN_SECONDS + PAUSE_SECONDS + 1)
    polls = len(emulator.calls_to("sendPoll"))
    async with running_bot(kb, tmp_path, emulator, clock=clock) as after:
        emulator.wait_for("sendPoll", polls + 1)  # the restored timer moved the round on
        assert await after.send(u.poll_answer(poll["id"], ALICE, [0])) == []


async def test_personal_commands_in_a_group_point_to_the_private_chat(bot):
    call = await bot.reply_to(u.text(GROUP, ALICE, "/exam"))
    link = buttons_of(call)[0]["url"]
    assert link == "https://t.me/itil_tutor_bot?start=exam"
    start = await bot.send(u.text(DM, ALICE, "/start exam"))
    assert "Mock exam" in sent(start)[0].result["text"]


async def test_group_poll_questions_respect_telegram_limits(bank):
    for q in bank.poll_questions:
        assert len(q.text) <= 300 and all(len(o) <= 100 for o in q.options)


async def test_removal_update_ends_the_round_and_its_timer_sends_nothing(bot, clock):
    await start_round(bot)
    await bot.send(u.bot_membership(GROUP, ALICE, "member", "left"))
    calls = await close_poll(bot, clock)
    assert not sent(calls) and not sent(calls, "sendPoll")


async def test_removed_from_group_mid_round_ends_it_quietly(bot, emulator, clock, tmp_path):
    await start_round(bot)
    emulator.remove_bot_from(GROUP["id"])
    await close_poll(bot, clock)
    store = Store(tmp_path / DB_NAME)
    try:
        assert store.chat(GROUP["id"]).removed_at is not None
    finally:
        store.close()
    assert GRACE_SECONDS < OPEN_SECONDS
