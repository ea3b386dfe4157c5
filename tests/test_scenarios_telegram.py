"""Scenario drills and pictures end to end, through the Bot API emulator: drills answered fully
right, partly right and wrong, toggles, forged buttons, group drills won or timed out, and the
photos sent with results, value-stream answers, /chain and /progress."""
from __future__ import annotations

import io

from PIL import Image

from bot.scenarios import GROUP_OPEN_MINUTES
from handlers.buttons import STALE_BUTTON
from tests.botapi import updates as u
from tests.botapi.harness import running_bot, sent

ALICE = u.user(2101, "Alice")
BOB = u.user(2102, "Bob")
CAROL = u.user(2103, "Carol")
DM = u.private_chat(ALICE)
BOB_DM = u.private_chat(BOB)
GROUP = u.group(-100710810, "Foundation cohort")
FORUM = u.group(-100910110, "Study forum", forum=True)


def buttons_of(markup):
    return [b for row in (markup or {}).get("inline_keyboard", []) for b in row]


def notice(calls) -> str:
    notes = sent(calls, "answerCallbackQuery")
    assert len(notes) == 1
    return notes[0].params.get("text", "")


def png_of(emulator, photo_call) -> Image.Image:
    """The picture a sendPhoto call delivered (an upload, or the file id of an earlier upload)."""
    file_id = photo_call.result["photo"][-1]["file_id"]
    return Image.open(io.BytesIO(emulator.files[file_id]))


class Drill:
    """One drill message as a user sees it, with its buttons by label."""

    def __init__(self, call):
        self.call = call
        self.message = call.result
        markup = call.params["reply_markup"]
        self.buttons = {b["text"].removeprefix("✅ "): b["callback_data"] for b in buttons_of(markup)}

    async def tap(self, bot, who, label):
        return await bot.send(u.tap(who, self.message, self.buttons[label]))


async def start(bot, chat, who, kind="incident") -> Drill:
    calls = await bot.send(u.text(chat, who, f"/scenario {kind}"))
    prompts = [c for c in sent(calls) if "Scenario" in c.params["text"]]
    assert len(prompts) == 1
    return Drill(prompts[0])


def situation_examples(kb, scenario_id):
    scenario = next(s for s in kb.scenarios if s.id == scenario_id)
    return scenario.examples


# --- private drills

async def test_private_drill_fully_right_with_reasons_stream_and_picture(bot, kb, emulator):
    drill = await start(bot, DM, ALICE, "incident")
    assert drill.message["text"].splitlines()[1] in situation_examples(kb, "incident")
    assert list(drill.buttons) == [a.name for a in kb.activities] + ["📨 Submit"]

    calls = await drill.tap(bot, ALICE, "Engage")
    marked = sent(calls, "editMessageReplyMarkup")[0].params["reply_markup"]
    assert [b["text"] for b in buttons_of(marked)][:3] == ["Plan", "Improve", "✅ Engage"]
    calls = await drill.tap(bot, ALICE, "Deliver and support")
    marked = sent(calls, "editMessageReplyMarkup")[0].params["reply_markup"]
    assert {b["text"] for b in buttons_of(marked)} >= {"✅ Engage", "✅ Deliver and support"}

    calls = await drill.tap(bot, ALICE, "📨 Submit")
    assert notice(calls) == "✅ Fully right!"
    result = sent(calls, "editMessageText")[0].params["text"]
    assert "Fully right" in result
    assert "✅ <b>Engage</b>: takes the report from the user" in result
    assert "✅ <b>Deliver and support</b>" in result
    assert "May also take part" in result and "Obtain/build" in result
    assert "1. Engage: the user reports the incident" in result and "7. Improve: learn from the incident" in result
    photo = sent(calls, "sendPhoto")
    assert len(photo) == 1
    assert "Another scenario" in str(photo[0].params["reply_markup"])
    image = png_of(emulator, photo[0])
    assert image.format == "PNG" and image.width == 1200 and image.height > 1000  # chain plus 7 numbered steps

    # the drill is over: another tap is refused politely, and the result counts in /progress
    calls = await drill.tap(bot, ALICE, "Plan")
    assert notice(calls) == "This scenario is over. Start a new one with /scenario."
    calls = await bot.send(u.text(DM, ALICE, "/progress"))
    assert "Scenario drills: 1 done, 1 fully right, 0 partly." in sent(calls)[0].params["text"]


async def test_partly_right_marks_missed_and_extra_and_wrong_says_so(bot):
    drill = await start(bot, DM, ALICE, "supplier")  # mainly Engage and Obtain/build
    await drill.tap(bot, ALICE, "Engage")
    await drill.tap(bot, ALICE, "Deliver and support")  # takes no part with a supplier
    calls = await drill.tap(bot, ALICE, "📨 Submit")
    assert notice(calls) == "🟡 Partly right."
    result = sent(calls, "editMessageText")[0].params["text"]
    assert "✅ <b>Engage</b>" in result and "❌ <b>Obtain/build</b>" in result
    assert "Not part of this situation</b>\n➖ Deliver and support" in result

    drill = await start(bot, DM, ALICE, "strategy")  # mainly Plan
    await drill.tap(bot, ALICE, "Obtain/build")
    calls = await drill.tap(bot, ALICE, "📨 Submit")
    assert notice(calls) == "❌ Not this time."
    result = sent(calls, "editMessageText")[0].params["text"]
    assert "❌ <b>Plan</b>" in result and "➖ Obtain/build" in result

    calls = await bot.send(u.text(DM, ALICE, "/progress"))
    text = sent(calls)[0].params["text"]
    assert "Scenario drills: 2 done, 0 fully right, 1 partly." in text
    assert "Not yet fully right:" in text


async def test_a_may_take_part_pick_is_not_marked_wrong(bot):
    drill = await start(bot, DM, ALICE, "incident")
    for label in ("Engage", "Deliver and support", "Obtain/build"):  # Obtain/build may supply a part
        await drill.tap(bot, ALICE, label)
    calls = await drill.tap(bot, ALICE, "📨 Submit")
    assert notice(calls) == "✅ Fully right!"
    assert "☑️ Obtain/build" in sent(calls, "editMessageText")[0].params["text"]


async def test_toggling_twice_unpicks_and_an_empty_submit_is_refused(bot):
    drill = await start(bot, DM, ALICE, "change")
    await drill.tap(bot, ALICE, "Plan")
    calls = await drill.tap(bot, ALICE, "Plan")
    labels = [b["text"] for b in buttons_of(sent(calls, "editMessageReplyMarkup")[0].params["reply_markup"])]
    assert not any(label.startswith("✅") for label in labels)
    calls = await drill.tap(bot, ALICE, "📨 Submit")
    assert notice(calls) == "Pick at least one activity first."
    assert not sent(calls, "editMessageText")
    # still open: picking and submitting now works
    await drill.tap(bot, ALICE, "Design and transition")
    await drill.tap(bot, ALICE, "Deliver and support")
    calls = await drill.tap(bot, ALICE, "📨 Submit")
    assert notice(calls) == "✅ Fully right!"


async def test_forged_and_stale_drill_buttons_are_refused_without_a_crash(bot):
    drill = await start(bot, DM, ALICE, "incident")
    toggle = drill.buttons["Engage"]
    drill_id = toggle.split(":")[1]
    # Bob replays Alice's button data under a message in his own chat
    bob_drill = await start(bot, BOB_DM, BOB, "change")
    for data in (toggle, f"ds:{drill_id}"):
        calls = await bot.send(u.tap(BOB, bob_drill.message, data))
        assert notice(calls) == "I no longer know this scenario. Start a new one with /scenario."
    # junk: an index past the six activities, an unknown drill, malformed data
    for data, expected in ((f"dt:{drill_id}:6", STALE_BUTTON), (f"dt:{drill_id}:99", STALE_BUTTON),
                           ("dt:999999:0", "I no longer know this scenario. Start a new one with /scenario."),
                           ("ds:999999", "I no longer know this scenario. Start a new one with /scenario."),
                           ("dt:x:1", STALE_BUTTON), ("dt:1", STALE_BUTTON), ("ds:-1", STALE_BUTTON)):
        calls = await bot.send(u.tap(ALICE, drill.message, data))
        assert notice(calls) == expected, data
        assert not sent(calls, "editMessageReplyMarkup") and not sent(calls, "editMessageText")
    # nothing Bob did touched Alice's picks
    calls = await drill.tap(bot, ALICE, "📨 Submit")
    assert notice(calls) == "Pick at least one activity first."


async def test_double_submit_is_graded_once(bot, kb):
    drill = await start(bot, DM, ALICE, "incident")
    await drill.tap(bot, ALICE, "Engage")
    await drill.tap(bot, ALICE, "Deliver and support")
    first = await drill.tap(bot, ALICE, "📨 Submit")
    second = await drill.tap(bot, ALICE, "📨 Submit")
    assert notice(first) == "✅ Fully right!"
    assert notice(second) == "This scenario is over. Start a new one with /scenario."
    assert not sent(second, "sendPhoto")
    calls = await bot.send(u.text(DM, ALICE, "/progress"))
    assert "Scenario drills: 1 done" in sent(calls)[0].params["text"]


async def test_unknown_kind_of_situation_gets_a_list(bot):
    calls = await bot.send(u.text(DM, ALICE, "/scenario weddings"))
    assert sent(calls)[0].params["text"].startswith("I don't know that kind of situation.")
    drill = await start(bot, DM, ALICE, "suplier")  # a typo still finds it
    assert "Obtain/build" in drill.buttons


# --- groups

async def test_group_drill_first_fully_right_wins_a_point(bot, kb, emulator):
    drill = await start(bot, GROUP, ALICE, "service_request")  # mainly Engage, Obtain/build, Deliver and support
    assert "first fully right answer wins a point" in drill.message["text"]
    # picks are private in a group: a tap is confirmed to the tapper alone, the message is not edited
    calls = await drill.tap(bot, BOB, "Engage")
    assert notice(calls) == "Your picks: Engage"
    assert not sent(calls, "editMessageReplyMarkup")
    calls = await drill.tap(bot, BOB, "📨 Submit")
    note = sent(calls, "answerCallbackQuery")[0].params
    assert note["show_alert"] is True and note["text"].startswith("🟡 Partly right. You picked 1 of 3")
    calls = await drill.tap(bot, BOB, "Obtain/build")
    assert notice(calls) == "You have submitted your answer to this one already."

    for label in ("Engage", "Obtain/build", "Deliver and support"):
        await drill.tap(bot, ALICE, label)
    calls = await drill.tap(bot, ALICE, "📨 Submit")
    assert notice(calls) == "🏆 Fully right, and first! +1 point."
    reveal = sent(calls, "editMessageText")[0].params["text"]
    assert "🏆 <b>Alice</b> got it first (+1 point)." in reveal and "2 answers submitted." in reveal
    photo = sent(calls, "sendPhoto")[0]
    assert photo.params["reply_parameters"]["message_id"] == drill.message["message_id"]
    assert [b["text"] for b in buttons_of(photo.params["reply_markup"])] == ["🧩 Another scenario"]
    calls = await bot.send(u.tap(CAROL, photo.result, "dn"))  # anyone may start the next one
    assert any("Scenario" in c.params["text"] for c in sent(calls))
    calls = await bot.send(u.text(GROUP, BOB, "/scenario service request"))  # and the next after that
    assert png_of(emulator, photo).width == 1200

    for label in ("Engage", "📨 Submit"):
        calls = await drill.tap(bot, CAROL, label)
        assert notice(calls) == "This scenario is over. Start a new one with /scenario."
    board = sent(await bot.send(u.text(GROUP, ALICE, "/leaderboard")))[0].params["text"]
    assert "Alice: 1" in board and "Bob" not in board
    # the timer of a won drill sends nothing
    assert not sent(await bot.run_jobs("drill:"), "editMessageText")


async def test_group_drill_times_out_and_reveals_the_answer_in_its_topic(bot, clock):
    await bot.send(u.topic_created(FORUM, ALICE, thread=55))
    calls = await bot.send(u.text(FORUM, ALICE, "/scenario feedback", thread=55))
    drill = Drill(sent(calls)[0])
    assert drill.call.params["message_thread_id"] == 55
    await drill.tap(bot, BOB, "Plan")
    await drill.tap(bot, BOB, "📨 Submit")
    clock.advance(60 * GROUP_OPEN_MINUTES + 1)
    calls = await bot.run_jobs("drill:")
    reveal = sent(calls, "editMessageText")[0].params["text"]
    assert "⏱ Time's up: nobody got it fully right." in reveal and "1 answer submitted." in reveal
    assert "<b>Engage</b>" in reveal and "<b>Improve</b>" in reveal
    photo = sent(calls, "sendPhoto")
    assert len(photo) == 1 and photo[0].params["message_thread_id"] == 55


async def test_a_drill_timer_that_fires_early_does_nothing(bot, clock):
    await start(bot, GROUP, ALICE, "incident")
    clock.advance(60 * GROUP_OPEN_MINUTES - 5)
    assert not sent(await bot.run_jobs("drill:"), "editMessageText")


async def test_a_new_drill_in_a_group_reveals_the_unfinished_one(bot):
    first = await start(bot, GROUP, ALICE, "incident")
    calls = await bot.send(u.text(GROUP, BOB, "/scenario change"))
    edited = sent(calls, "editMessageText")
    assert edited and edited[0].params["message_id"] == first.message["message_id"]
    assert "A new scenario has started; here is the answer to this one." in edited[0].params["text"]
    assert "0 answers submitted." in edited[0].params["text"]
    calls = await first.tap(bot, CAROL, "Engage")
    assert notice(calls) == "This scenario is over. Start a new one with /scenario."


async def test_removed_from_the_group_mid_drill_sends_nothing_later(bot, emulator, clock):
    await start(bot, GROUP, ALICE, "incident")
    await bot.send(u.bot_membership(GROUP, ALICE, "member", "left"))
    emulator.remove_bot_from(GROUP["id"])
    clock.advance(60 * GROUP_OPEN_MINUTES + 1)
    calls = await bot.run_jobs("drill:")
    assert not [c for c in calls if c.method in ("editMessageText", "sendPhoto", "sendMessage")]


async def test_group_drill_timer_is_set_again_after_a_restart(kb, tmp_path, emulator, clock):
    async with running_bot(kb, tmp_path, emulator, clock=clock) as bot:
        drill = await start(bot, GROUP, ALICE, "strategy")
    async with running_bot(kb, tmp_path, emulator, clock=clock) as bot:
        names = [job.name for job in bot.app.job_queue.jobs()]
        assert any(name and name.startswith("drill:") for name in names)
        clock.advance(60 * GROUP_OPEN_MINUTES + 1)
        calls = await bot.run_jobs("drill:")
        edited = sent(calls, "editMessageText")
        assert edited[0].params["message_id"] == drill.message["message_id"]
        assert "Time's up" in edited[0].params["text"]


# --- pictures with answers, /chain and /progress

async def test_value_stream_answer_comes_with_its_numbered_picture(bot, emulator):
    calls = await bot.send(u.text(DM, ALICE, "what is the incident value stream?"))
    assert "Value stream: incident resolution" in sent(calls)[0].params["text"]
    photos = sent(calls, "sendPhoto")
    assert len(photos) == 1
    incident = png_of(emulator, photos[0])
    assert incident.size[0] == 1200 and incident.size[1] > 1000

    # the same picture again goes by file id (no second upload); another stream is another picture
    calls = await bot.send(u.text(DM, ALICE, "incident value stream"))
    again = sent(calls, "sendPhoto")[0]
    assert isinstance(again.params["photo"], str) and again.params["photo"] == photos[0].result["photo"][-1]["file_id"]
    calls = await bot.send(u.text(DM, ALICE, "service request value stream"))
    other = png_of(emulator, sent(calls, "sendPhoto")[0])
    assert other.size[1] < incident.size[1]  # three steps listed, not seven


async def test_answers_that_are_not_about_a_stream_or_situation_have_no_picture(bot):
    calls = await bot.send(u.text(DM, ALICE, "what is the purpose of engage?"))
    assert sent(calls) and not sent(calls, "sendPhoto")
    calls = await bot.send(u.text(DM, ALICE, "asdf qwerty"))
    assert not sent(calls, "sendPhoto")


async def test_chain_command_whole_highlighted_and_bad_names(bot, emulator):
    calls = await bot.send(u.text(DM, ALICE, "/chain"))
    photo = sent(calls, "sendPhoto")[0]
    assert "no fixed order" in photo.result["caption"]
    whole = png_of(emulator, photo)
    calls = await bot.send(u.text(DM, ALICE, "/chain enage d&s"))
    highlighted = png_of(emulator, sent(calls, "sendPhoto")[0])
    assert whole.width == highlighted.width and whole.tobytes() != highlighted.tobytes()
    calls = await bot.send(u.text(DM, ALICE, "/chain bananas"))
    assert not sent(calls, "sendPhoto")
    assert sent(calls)[0].params["text"].startswith("I don't know “bananas”.")


async def test_chain_in_a_forum_topic_stays_in_the_topic(bot):
    await bot.send(u.topic_created(FORUM, ALICE, thread=77))
    calls = await bot.send(u.text(FORUM, ALICE, "/chain change", thread=77))
    photo = sent(calls, "sendPhoto")[0]
    assert photo.params["message_thread_id"] == 77


async def test_progress_comes_with_a_mastery_chart_once_there_are_answers(bot, emulator):
    calls = await bot.send(u.text(DM, ALICE, "/progress"))
    assert not sent(calls, "sendPhoto")  # nothing to chart yet
    calls = await bot.send(u.text(DM, ALICE, "/quiz 1"))
    question = sent(calls)[0]
    button = next(b for b in buttons_of(question.params["reply_markup"]) if b["callback_data"].startswith("qa:"))
    await bot.send(u.tap(ALICE, question.result, button["callback_data"]))
    calls = await bot.send(u.text(DM, ALICE, "/progress"))
    chart = png_of(emulator, sent(calls, "sendPhoto")[0])
    assert chart.width == 1200 and 500 < chart.height < 1000
