"""The Telegram bot end to end: real update JSON in, through python-telegram-bot and the bot's
handlers, over HTTP to the local Bot API emulator, whose recorded calls are what users would see."""
from __future__ import annotations

import asyncio

import pytest
import yaml

import knowledge
from handlers.buttons import STALE_BUTTON
from handlers.errors import APOLOGY
from tests.botapi import updates as u
from tests.botapi.emulator import BOT_USER
from tests.botapi.harness import running_bot, sent

ALICE = u.user(1001, "Alice", language="de")
BOB = u.user(1002, "Bob")
DM = u.private_chat(ALICE)
GROUP = u.group(-100200300, "ITIL Foundation cohort")
FORUM = u.group(-100400500, "Study forum", forum=True)
BOT = "@" + BOT_USER["username"]


def buttons_of(call):
    return [b for row in call.params.get("reply_markup", {}).get("inline_keyboard", []) for b in row]


def bot_message(call) -> dict:
    """The message the bot sent, as the emulator returned it (for tapping its buttons, replying to it)."""
    return call.result


# --- private chats

async def test_private_question_is_answered_with_suggestions_as_buttons(telegram):
    call = await telegram.reply_to(u.text(DM, ALICE, "purpse of enage?"))
    assert call.params["chat_id"] == ALICE["id"]
    assert call.params["parse_mode"] == "HTML"
    assert call.params["text"].startswith("<b>Purpose of Engage</b>")
    assert "stakeholder" in call.result["text"]
    assert "reply_parameters" not in call.params  # no quoting in a one-to-one chat
    labels = [b["text"] for b in buttons_of(call)]
    assert labels == ["Tell me about Engage"]


async def test_tapping_a_suggestion_answers_it(telegram):
    first = await telegram.reply_to(u.text(DM, ALICE, "inputs of plan"))
    button = buttons_of(first)[0]
    assert button["text"] == "Outputs of Plan"
    calls = await telegram.send(u.tap(ALICE, bot_message(first), button["callback_data"]))
    assert [c.method for c in calls] == ["answerCallbackQuery", "sendMessage"]
    assert sent(calls)[0].params["text"].startswith("<b>Outputs of Plan</b>")


async def test_not_sure_offers_did_you_mean_buttons(telegram):
    call = await telegram.reply_to(u.text(DM, ALICE, "plan thing improve"))
    assert "not sure" in call.result["text"]
    assert "Did you mean" in call.result["text"]
    assert len(buttons_of(call)) >= 2


async def test_start_shows_welcome_and_buttons_to_main_features(telegram):
    call = await telegram.reply_to(u.text(DM, ALICE, "/start"))
    assert "tutor for the ITIL 4 service value chain" in call.result["text"]
    labels = [b["text"] for b in buttons_of(call)]
    assert any("six activities" in label for label in labels)
    assert any("example" in label.lower() for label in labels)
    assert any("switch_inline_query" in b for b in buttons_of(call))
    example = next(b for b in buttons_of(call) if "example" in b["text"].lower())
    calls = await telegram.send(u.tap(ALICE, bot_message(call), example["callback_data"]))
    assert sent(calls)[0].result["text"].startswith("From Plan to Design and transition")


async def test_help_lists_commands(telegram):
    call = await telegram.reply_to(u.text(DM, ALICE, "/help"))
    for command in ("/ask", "/activities", "/help"):
        assert command in call.result["text"]


async def test_commands_are_registered_for_private_and_group_chats(telegram):
    commands = telegram.emulator.commands
    assert {c["command"] for c in commands["all_private_chats"]} >= {"start", "help", "ask", "activities"}
    assert {c["command"] for c in commands["all_group_chats"]} >= {"ask", "help", "activities"}


async def test_users_and_chats_are_stored(telegram):
    await telegram.reply_to(u.text(DM, ALICE, "plan vs improve"))
    assert telegram.store.user(ALICE["id"]).language == "de"
    assert telegram.store.chat(ALICE["id"]).kind == "private"


async def test_non_text_in_private_gets_a_friendly_hint(telegram):
    call = await telegram.reply_to(u.sticker(DM, ALICE))
    assert "only read text" in call.result["text"]


async def test_ask_without_a_question_prompts_for_one_and_the_reply_is_answered(telegram):
    prompt = await telegram.reply_to(u.text(DM, ALICE, "/ask"))
    assert prompt.params["reply_markup"]["force_reply"] is True
    answer = await telegram.reply_to(u.text(DM, ALICE, "outputs of deliver and support",
                                            reply_to=bot_message(prompt)))
    assert answer.result["text"].startswith("Outputs of Deliver and support")


async def test_unknown_command_in_private(telegram):
    call = await telegram.reply_to(u.text(DM, ALICE, "/frobnicate now"))
    assert "I don't know the command /frobnicate" in call.result["text"]


async def test_huge_junk_message_gets_one_short_reply(telegram):
    junk = ("zq" * 7 + " ") * 512
    call = await telegram.reply_to(u.text(DM, ALICE, junk[:4096]))
    text = call.result["text"]
    assert "long message" in text
    assert "zqzq" not in text  # the junk is not echoed back
    assert len(text) < 1500


async def test_html_special_characters_are_escaped(telegram):
    call = await telegram.reply_to(u.text(DM, ALICE, "what does D&T send to O/B <b>?"))
    # the emulator refuses unbalanced or unknown tags, so an accepted message is well-formed HTML
    assert call.ok
    assert "Design and transition" in call.result["text"]


# --- groups

async def test_group_chatter_is_ignored(telegram):
    for text in ("morning all", "what does engage do?", "anyone revising tonight?"):
        assert await telegram.send(u.text(GROUP, BOB, text)) == []


async def test_group_ask_addressed_to_the_bot_is_answered_as_a_reply(telegram):
    update = u.text(GROUP, BOB, f"/ask{BOT} what flows from plan to design & transition?")
    call = await telegram.reply_to(update)
    assert call.params["chat_id"] == GROUP["id"]
    assert call.params["reply_parameters"]["message_id"] == update["message"]["message_id"]
    assert call.result["text"].startswith("From Plan to Design and transition")


async def test_group_command_for_another_bot_is_ignored(telegram):
    assert await telegram.send(u.text(GROUP, BOB, "/ask@some_other_bot purpose of plan")) == []
    assert await telegram.send(u.text(GROUP, BOB, "/frobnicate")) == []


async def test_unknown_command_addressed_to_the_bot_in_a_group(telegram):
    call = await telegram.reply_to(u.text(GROUP, BOB, f"/frobnicate{BOT}"))
    assert "I don't know the command /frobnicate" in call.result["text"]


async def test_mention_is_answered_and_other_mentions_ignored(telegram):
    call = await telegram.reply_to(u.text(GROUP, BOB, f"{BOT} which activity resolves incidents?"))
    assert "Deliver and support" in call.result["text"]
    assert await telegram.send(u.text(GROUP, BOB, "@carol which activity resolves incidents?")) == []


async def test_reply_to_the_bot_is_answered_but_not_replies_to_people(telegram):
    first = await telegram.reply_to(u.text(GROUP, BOB, f"/ask{BOT} purpose of improve"))
    follow_up = await telegram.reply_to(u.text(GROUP, ALICE, "and its outputs?", reply_to=bot_message(first)))
    assert follow_up.params["chat_id"] == GROUP["id"]
    people = u.message(GROUP, BOB, "see you later")
    assert await telegram.send(u.text(GROUP, ALICE, "purpose of plan", reply_to=people)) == []


async def test_forum_topic_answers_stay_in_the_topic(telegram):
    call = await telegram.reply_to(u.text(FORUM, BOB, f"/ask{BOT} plan vs improve", thread=77))
    assert call.params["message_thread_id"] == 77
    follow_up = await telegram.reply_to(u.text(FORUM, ALICE, "and engage?", thread=77, reply_to=bot_message(call)))
    assert follow_up.params["message_thread_id"] == 77


async def test_forum_topic_opened_by_the_bot_does_not_make_every_message_a_question(telegram):
    header = u.topic_created(FORUM, BOT_USER, thread=88)
    assert await telegram.send(u.text(FORUM, BOB, "who's in tonight?", thread=88, reply_to=header)) == []


async def test_sticker_in_a_group_is_ignored(telegram):
    assert await telegram.send(u.sticker(GROUP, BOB)) == []


async def test_edited_messages_and_channel_posts_are_not_requested(telegram):
    assert await telegram.send(u.edited(u.message(DM, ALICE, "purpose of plan"))) == []
    assert await telegram.send(u.post(u.message(u.channel(-100999), None, "purpose of plan"))) == []


async def test_added_to_a_group_greets_and_removed_is_recorded_silently(telegram):
    added = await telegram.reply_to(u.bot_membership(GROUP, BOB, "left", "member"))
    assert "/ask" + BOT in added.result["text"]
    assert telegram.store.chat(GROUP["id"]).is_active
    calls = await telegram.send(u.bot_membership(GROUP, BOB, "member", "kicked"))
    assert calls == []
    assert not telegram.store.chat(GROUP["id"]).is_active


async def test_a_chat_that_removed_the_bot_is_recorded_and_the_bot_carries_on(telegram):
    telegram.emulator.remove_bot_from(GROUP["id"])
    calls = await telegram.send(u.text(GROUP, BOB, f"/ask{BOT} purpose of plan"))
    assert [c.status for c in calls if c.method == "sendMessage"] == [403]  # tried once, no apology
    assert not telegram.store.chat(GROUP["id"]).is_active
    assert (await telegram.reply_to(u.text(DM, ALICE, "purpose of plan"))).ok


# --- activity cards

async def test_activity_cards_edit_the_message_in_place(telegram):
    listing = await telegram.reply_to(u.text(DM, ALICE, "/activities"))
    names = [b["text"] for b in buttons_of(listing)]
    assert names == ["Plan", "Improve", "Engage", "Design and transition", "Obtain/build", "Deliver and support"]
    message = bot_message(listing)

    async def tap(data):
        calls = await telegram.send(u.tap(ALICE, message, data))
        assert not sent(calls), "a card button must not send a new message"
        return calls

    engage = next(b for b in buttons_of(listing) if b["text"] == "Engage")
    calls = await tap(engage["callback_data"])
    edit = sent(calls, "editMessageText")[0]
    assert edit.params["message_id"] == message["message_id"]
    assert edit.result["text"].startswith("Purpose of Engage")
    facets = [b["text"] for b in buttons_of(edit)]
    assert facets[:5] == ["▸ Purpose", "Inputs", "Outputs", "Practices", "Example"]

    inputs = next(b for b in buttons_of(edit) if b["text"] == "Inputs")
    edit = sent(await tap(inputs["callback_data"]), "editMessageText")[0]
    assert edit.result["text"].startswith("Inputs to Engage")
    assert "▸ Inputs" in [b["text"] for b in buttons_of(edit)]

    # tapping the facet already shown: Telegram says "not modified"; the user sees nothing odd
    calls = await tap(inputs["callback_data"])
    assert [c.method for c in calls if c.ok] == ["answerCallbackQuery"]
    assert all(c.params.get("text") != APOLOGY for c in calls)

    back = next(b for b in buttons_of(edit) if "All activities" in b["text"])
    edit = sent(await tap(back["callback_data"]), "editMessageText")[0]
    assert edit.result["text"].startswith("The six activities")
    assert telegram.emulator.messages[(DM["id"], message["message_id"])]["text"].startswith("The six activities")


@pytest.mark.parametrize("data", [
    "card:hacked:purpose", "card:engage:secrets", "q:000000000000", "q:../../etc", "drop table", "x" * 64,
    "card:engage:purpose:extra",
])
async def test_forged_or_stale_button_data_gets_a_short_notice_only(telegram, data):
    listing = await telegram.reply_to(u.text(DM, ALICE, "/activities"))
    calls = await telegram.send(u.tap(ALICE, bot_message(listing), data))
    assert [c.method for c in calls] == ["answerCallbackQuery"]
    assert calls[0].params["text"] == STALE_BUTTON


async def test_every_button_fits_telegrams_64_byte_limit(telegram):
    for text in ("/start", "/activities", "plan thing improve", "tell me about obtain/build"):
        call = await telegram.reply_to(u.text(DM, ALICE, text))
        for b in buttons_of(call):
            assert "callback_data" not in b or len(b["callback_data"].encode()) <= 64


# --- inline mode

async def test_inline_query_offers_answer_cards(telegram):
    calls = await telegram.send(u.inline(ALICE, "purpose of engage"))
    results = sent(calls, "answerInlineQuery")[0].params["results"]
    assert results[0]["title"] == "Purpose of Engage"
    assert results[0]["input_message_content"]["parse_mode"] == "HTML"
    assert len({r["id"] for r in results}) == len(results)


async def test_empty_inline_query_offers_the_six_activities(telegram):
    calls = await telegram.send(u.inline(ALICE, ""))
    results = sent(calls, "answerInlineQuery")[0].params["results"]
    assert [r["title"] for r in results] == [a.name for a in knowledge.load().activities]


async def test_inline_query_with_nothing_to_offer_points_to_the_private_chat(telegram):
    calls = await telegram.send(u.inline(ALICE, "how do I bake bread"))
    params = sent(calls, "answerInlineQuery")[0].params
    assert params["results"] == []
    assert params["button"]["start_parameter"] == "inline"


# --- Telegram's rules and failures

async def test_flood_control_429_is_waited_out_and_the_message_sent_once(telegram):
    telegram.emulator.fail_next("sendMessage", status=429, retry_after=1)
    calls = await telegram.send(u.text(DM, ALICE, "purpose of plan"))
    attempts = [c for c in calls if c.method == "sendMessage"]
    assert [c.status for c in attempts] == [429, 200]
    assert attempts[1].at - attempts[0].at >= 1.0
    assert attempts[1].result["text"].startswith("Purpose of Plan")


async def test_an_error_in_a_handler_gets_an_apology_and_the_bot_keeps_going(telegram, monkeypatch, caplog):
    tutor = telegram.app.bot_data["services"].tutor
    real_answer = tutor.answer

    def broken(question):
        if "explode" in question:
            raise RuntimeError("boom in the core")
        return real_answer(question)

    monkeypatch.setattr(tutor, "answer", broken)
    update = u.text(DM, ALICE, "please explode")
    call = await telegram.reply_to(update)
    assert call.params["text"] == APOLOGY
    assert "boom" not in call.params["text"]
    logged = [r for r in caplog.records if r.levelname == "ERROR" and r.exc_info]
    assert logged and logged[0].exc_info[0] is RuntimeError
    assert f"update {telegram.last_update_id} failed" == logged[0].getMessage()
    assert (await telegram.reply_to(u.text(DM, ALICE, "purpose of plan"))).result["text"].startswith("Purpose")


async def test_long_answers_are_split_to_fit_telegrams_limit(kb_copy, tmp_path, emulator):
    path = kb_copy / "activities.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    doc["activities"][0]["example"] = " ".join(
        f"Step {i}: the service desk logs, checks and routes the request." for i in range(120))
    path.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")
    kb = knowledge.load(kb_copy)
    first = kb.activities[0]
    async with running_bot(kb, tmp_path, emulator) as telegram:
        calls = await telegram.send(u.text(DM, ALICE, f"tell me about {first.name}"))
    pieces = sent(calls)
    assert len(pieces) >= 2
    assert all(len(p.result["text"]) <= 4096 for p in pieces)
    assert all("reply_markup" not in p.params for p in pieces[:-1]) and buttons_of(pieces[-1])
    joined = "".join(p.result["text"] for p in pieces)
    assert joined.count("Step ") == 120


async def test_concurrent_questions_are_all_answered_once(telegram):
    people = [u.user(2000 + i, f"Learner {i}") for i in range(30)]
    for person in people:
        telegram.emulator.push(u.text(u.private_chat(person), person, "outputs of engage"))
    for _ in range(400):
        if len(telegram.emulator.calls_to("sendMessage")) >= len(people):
            break
        await asyncio.sleep(0.01)
    replies = telegram.emulator.calls_to("sendMessage")
    assert sorted(c.params["chat_id"] for c in replies) == [p["id"] for p in people]


async def test_a_card_whose_message_cannot_be_edited_is_sent_afresh(telegram):
    listing = await telegram.reply_to(u.text(DM, ALICE, "/activities"))
    message = bot_message(listing)
    del telegram.emulator.messages[(DM["id"], message["message_id"])]  # deleted meanwhile
    calls = await telegram.send(u.tap(ALICE, message, "card:plan:outputs"))
    assert [c.status for c in calls if c.method == "editMessageText"] == [400]
    assert sent(calls)[0].result["text"].startswith("Outputs of Plan")


async def test_a_store_failure_never_reaches_the_user(telegram, monkeypatch):
    import sqlite3

    def locked(*args, **kwargs):
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(telegram.store, "see_chat", locked)
    assert await telegram.send(u.text(GROUP, BOB, "just chatting")) == []
    call = await telegram.reply_to(u.text(GROUP, BOB, f"/ask{BOT} purpose of plan"))
    assert call.result["text"].startswith("Purpose of Plan")


async def test_a_failure_while_reading_group_chatter_stays_silent(telegram, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("handlers.ask.addressed_question", broken)
    assert await telegram.send(u.text(GROUP, BOB, "just chatting")) == []
