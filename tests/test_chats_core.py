"""The groups-and-channels core without Telegram: reading times and zones, settings, the schedule's
"never twice, never at an odd hour" rules, weekly posts, group insight and forgetting a learner."""
from __future__ import annotations

import random
from datetime import date, datetime, time

import pytest

from bot.chats import KEEP_ONE, SAVED, UNKNOWN, ChatSettings, build_chats, read_daily_request
from bot.chats.schedule import CATCH_UP, LATE_LIMIT
from bot.chats.timing import due_on, find_zone, local_day, read_clock, week_of
from bot.quiz import build_bank
from bot.store import Store

GROUP, CHANNEL = -1001, -1002
TUESDAY_0700 = datetime.fromisoformat("2026-11-24T07:00:00+00:00").timestamp()
DAY = 86400.0


class Clock:
    def __init__(self, now: float = TUESDAY_0700) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture(scope="module")
def bank(kb):
    return build_bank(kb)


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def store(tmp_path, clock):
    s = Store(tmp_path / "t.sqlite3", clock=clock)
    s.see_chat(GROUP, "supergroup", "Cohort")
    s.see_chat(CHANNEL, "channel", "ITIL daily")
    yield s
    s.close()


@pytest.fixture
def chats(kb, store, bank, clock):
    return build_chats(kb, store, bank, clock, random.Random(7))


# --- reading what admins type

@pytest.mark.parametrize(("text", "expected"), [
    ("08:30", time(8, 30)), ("8:30", time(8, 30)), ("8.30", time(8, 30)), ("20h15", time(20, 15)),
    ("8am", time(8, 0)), ("12am", time(0, 0)), ("12pm", time(12, 0)), ("8:30 pm", time(20, 30)),
    ("23:59", time(23, 59)), ("00:00", time(0, 0)),
])
def test_clock_times_in_the_forms_people_type(text, expected):
    assert read_clock(text) == expected


@pytest.mark.parametrize("text", ["25:00", "9", "soon", "13pm", "8:61", "", "0am", "08:30:00"])
def test_what_is_not_a_clock_time(text):
    assert read_clock(text) is None


@pytest.mark.parametrize(("text", "zone"), [
    ("Europe/Berlin", "Europe/Berlin"), ("europe/berlin", "Europe/Berlin"), ("Berlin", "Europe/Berlin"),
    ("new york", "America/New_York"), ("New_York", "America/New_York"), ("Kolkata", "Asia/Kolkata"),
    ("UTC", "UTC"), ("gmt", "UTC"), ("UTC+2", "UTC+02:00"), ("+05:30", "UTC+05:30"), ("utc-3", "UTC-03:00"),
    ("UTC+0", "UTC"),
])
def test_time_zones_by_name_city_or_offset(text, zone):
    assert find_zone(text) == zone


@pytest.mark.parametrize("text", ["later", "Atlantis/Lost", "UTC+15", "+05:10", "x" * 100, ""])
def test_unknown_time_zones(text):
    assert find_zone(text) is None


def test_a_local_time_stays_put_across_a_daylight_saving_change():
    before = due_on(date(2026, 3, 28), time(8, 30), "Europe/Berlin")   # CET, UTC+1
    after = due_on(date(2026, 3, 30), time(8, 30), "Europe/Berlin")    # CEST, UTC+2
    assert datetime.fromtimestamp(before).astimezone().utcoffset() is not None
    assert before == datetime.fromisoformat("2026-03-28T07:30:00+00:00").timestamp()
    assert after == datetime.fromisoformat("2026-03-30T06:30:00+00:00").timestamp()
    assert after - before == 2 * DAY - 3600


def test_local_day_and_week():
    late_evening_utc = datetime.fromisoformat("2026-11-29T23:30:00+00:00").timestamp()
    assert local_day(late_evening_utc, "UTC") == date(2026, 11, 29)
    assert local_day(late_evening_utc, "Europe/Berlin") == date(2026, 11, 30)  # already Monday there
    assert week_of(date(2026, 11, 30)) == "2026-W49"


@pytest.mark.parametrize(("text", "off", "at", "zone", "problem"), [
    ("off", True, None, None, False),
    ("", False, None, None, False),
    ("08:30", False, time(8, 30), None, False),
    ("8 am Berlin", False, time(8, 0), "Europe/Berlin", False),
    ("19:00 UTC+2", False, time(19, 0), "UTC+02:00", False),
    ("soon", False, None, None, True),
    ("08:30 Atlantis", False, None, None, True),
])
def test_what_follows_daily(text, off, at, zone, problem):
    request = read_daily_request(text)
    assert (request.off, request.at, request.zone, bool(request.problem)) == (off, at, zone, problem)
    assert request.show_only == (text == "")


# --- settings

def test_settings_read_from_a_damaged_store_fall_back_to_their_defaults(kb):
    raw = {"daily_at": 5, "zone": "Mars/Base", "activities": "plan", "weekly": "yes", "thread_id": "7"}
    assert ChatSettings.from_stored(raw, kb.activity_ids) == ChatSettings()
    raw = {"daily_at": "99:00", "activities": ["plan", "nonsense", "engage"]}
    assert ChatSettings.from_stored(raw, kb.activity_ids) == ChatSettings(activities=("plan", "engage"))


def test_settings_survive_a_round_trip_through_the_store(kb, store):
    settings = ChatSettings(time(7, 5), "Asia/Kolkata", 77, ("improve",), True)
    store.update_chat_settings(GROUP, settings.stored())
    assert ChatSettings.from_stored(store.chat(GROUP).settings, kb.activity_ids) == settings
    store.update_chat_settings(GROUP, ChatSettings().stored())
    assert store.chat(GROUP).settings == {}


def test_toggling_activities(kb):
    ids = kb.activity_ids
    all_six = ChatSettings()
    one_out = all_six.with_activity_toggled("plan", ids)
    assert one_out.activities == tuple(a for a in ids if a != "plan")
    assert one_out.with_activity_toggled("plan", ids).activities == ()  # all six again: no filter
    only = ChatSettings(activities=("engage",))
    assert only.with_activity_toggled("engage", ids) == only  # the last one stays
    assert ChatSettings().weekly_on("channel") and not ChatSettings().weekly_on("supergroup")


def test_settings_buttons_through_the_manager(chats, store):
    assert chats.manager.change(GROUP, "wk") == SAVED
    assert store.chat(GROUP).settings == {"weekly": True}
    assert chats.manager.change(GROUP, "0") == SAVED
    assert chats.manager.change(GROUP, "zz") == UNKNOWN
    assert chats.manager.change(12345, "wk") == UNKNOWN  # a chat the bot does not know
    for i in range(1, 5):
        chats.manager.change(GROUP, str(i))
    assert chats.manager.change(GROUP, "5") == KEEP_ONE


# --- the schedule

def turn_on(chats, chat_id=GROUP, text="07:30"):
    return chats.manager.set_daily(chat_id, read_daily_request(text))


def test_a_day_is_claimed_once_whatever_the_timers(chats, clock):
    turn_on(chats)
    due = chats.schedule.next_due(GROUP)
    assert (due.day, due.at) == (date(2026, 11, 24), TUESDAY_0700 + 1800)
    clock.now = due.at
    first = chats.schedule.take_due(GROUP, due.day)
    second = chats.schedule.take_due(GROUP, due.day)  # a second timer for the same day (a restart race)
    assert first.question is not None and second.question is None
    chats.schedule.sent(first, "p1", 10)
    assert chats.schedule.next_due(GROUP).day == date(2026, 11, 25)


def test_a_failed_post_frees_its_day_for_a_retry(chats, clock):
    turn_on(chats)
    clock.now += 1800
    first = chats.schedule.take_due(GROUP, date(2026, 11, 24))
    chats.schedule.failed(first)
    clock.now += 300
    assert chats.schedule.take_due(GROUP, date(2026, 11, 24)).question is not None


def test_never_early_and_never_hours_late(chats, clock):
    turn_on(chats)
    early = chats.schedule.take_due(GROUP, date(2026, 11, 24))
    assert early.early_until == TUESDAY_0700 + 1800 and early.question is None
    clock.now = TUESDAY_0700 + 1800 + LATE_LIMIT + 1
    late = chats.schedule.take_due(GROUP, date(2026, 11, 24))
    assert late.question is None and late.early_until is None


def test_after_a_restart_a_recent_miss_is_caught_up_and_an_old_one_skipped(chats, clock):
    turn_on(chats)
    clock.now = TUESDAY_0700 + 1800 + CATCH_UP - 60
    assert chats.schedule.next_due(GROUP, catch_up=CATCH_UP).day == date(2026, 11, 24)
    assert chats.schedule.next_due(GROUP).day == date(2026, 11, 25)  # without catch-up: tomorrow
    clock.now = TUESDAY_0700 + 1800 + CATCH_UP + 60
    assert chats.schedule.next_due(GROUP, catch_up=CATCH_UP).day == date(2026, 11, 25)


def test_the_weekly_post_comes_on_mondays_once(chats, clock, store):
    store.update_chat_settings(GROUP, {"weekly": True})  # no daily question: the weekly post alone, at 09:00
    due = chats.schedule.next_due(GROUP)
    assert (due.day, due.at) == (date(2026, 11, 30), due_on(date(2026, 11, 30), time(9, 0), "UTC"))
    clock.now = due.at
    first = chats.schedule.take_due(GROUP, due.day)
    assert first.week == "2026-W49" and first.question is None
    assert first.weekly is None  # nothing happened last week: nothing to post
    assert chats.schedule.take_due(GROUP, due.day).week == ""
    assert chats.schedule.next_due(GROUP).day == date(2026, 12, 7)


def test_daily_questions_do_not_repeat_for_weeks(chats, clock, bank):
    turn_on(chats)
    asked = []
    for day in range(40):
        clock.now = TUESDAY_0700 + 1800 + day * DAY
        due = chats.schedule.next_due(GROUP)
        posting = chats.schedule.take_due(GROUP, due.day)
        chats.schedule.sent(posting, f"p{day}", day)
        asked.append(posting.question.id)
    assert len(set(asked)) == 40
    assert len(bank.poll_questions) > 40


def test_answers_to_a_daily_poll(chats, clock, store):
    turn_on(chats)
    clock.now += 1800
    posting = chats.schedule.take_due(GROUP, date(2026, 11, 24))
    chats.schedule.sent(posting, "p1", 10)
    right, wrong = posting.question.correct, (posting.question.correct + 1) % len(posting.question.options)
    assert chats.schedule.record_answer("p1", 1, "Ann", (right,)).counted
    assert chats.schedule.record_answer("p1", 1, "Ann", (wrong,)).reason == "repeat"
    assert chats.schedule.record_answer("p1", 2, "Ben", ()).reason == "retracted"
    assert chats.schedule.record_answer("p1", 2, "Ben", (99,)).reason == "bad_option"
    assert chats.schedule.record_answer("nope", 2, "Ben", (0,)).reason == "unknown_poll"
    assert chats.records.points_total(GROUP) == (1, 1)
    chats.schedule.poll_closed(chats.records.daily_post("p1"), [1] * len(posting.question.options))
    assert chats.schedule.record_answer("p1", 3, "Cy", (right,)).reason == "round_over"


def test_a_channel_gets_an_anonymous_poll_and_a_recap_with_the_counts(chats, clock):
    turn_on(chats, CHANNEL)
    for day in range(7):
        clock.now = TUESDAY_0700 + 1800 + day * DAY
        posting = chats.schedule.take_due(CHANNEL, chats.schedule.next_due(CHANNEL).day)
        assert posting.anonymous and posting.question is not None
        assert (posting.weekly is not None) == (day == 6)  # Monday 30 Nov
        if day == 6:
            assert "23–29 Nov" in posting.weekly.to_text()
            assert "80 % of 5 got it right" in posting.weekly.to_text()
        chats.schedule.sent(posting, f"c{day}", day)
        if day == 0:
            counts = [0] * len(posting.question.options)
            counts[posting.question.correct] = 4
            counts[(posting.question.correct + 1) % len(counts)] = 1
            assert chats.schedule.poll_state("c0", counts, closed=False)
    assert not chats.schedule.poll_state("unknown", [1, 2], closed=True)


def test_leaving_a_chat_turns_its_posts_off(chats, store):
    turn_on(chats)
    store.update_chat_settings(GROUP, {"weekly": True})
    chats.schedule.chat_left(GROUP)
    assert chats.schedule.next_due(GROUP) is None
    assert GROUP not in chats.schedule.scheduled_chats()
    store.chat_removed(CHANNEL, "channel")
    assert chats.schedule.next_due(CHANNEL) is None  # a channel's recap is on by default, but it is gone


# --- insight

def test_group_stats_rank_activities_and_questions(chats, clock, store, bank):
    turn_on(chats)
    for day in range(3):
        clock.now = TUESDAY_0700 + 1800 + day * DAY
        posting = chats.schedule.take_due(GROUP, chats.schedule.next_due(GROUP).day)
        chats.schedule.sent(posting, f"p{day}", day)
        q = posting.question
        for user in range(1, 4):
            choice = q.correct if (day == 0 or user == 1) else (q.correct + 1) % len(q.options)
            chats.schedule.record_answer(f"p{day}", user, f"User {user}", (choice,))
    stats = chats.insight.group_stats(store.chat(GROUP))
    assert (stats.answers, stats.members) == (9, 3)
    assert all(m.wrong == 2 and m.answers == 3 for m in stats.missed)
    assert len(stats.missed) == 2
    chart = stats.chart()
    assert sum(row.seen for row in chart.rows) >= 9


def test_a_weekly_board_counts_only_last_week(chats, clock, store):
    turn_on(chats)
    store.update_chat_settings(GROUP, {"weekly": True})
    clock.now += 1800
    posting = chats.schedule.take_due(GROUP, date(2026, 11, 24))
    chats.schedule.sent(posting, "p1", 1)
    chats.schedule.record_answer("p1", 1, "Ann", (posting.question.correct,))
    board = chats.insight.weekly_post(store.chat(GROUP), chats.schedule.settings(store.chat(GROUP)),
                                      date(2026, 12, 7))
    assert board is None  # the week of 30 Nov - 6 Dec had nothing
    board = chats.insight.weekly_post(store.chat(GROUP), chats.schedule.settings(store.chat(GROUP)),
                                      date(2026, 11, 30))
    assert "🥇 Ann: 1" in board.to_text()


# --- forgetting

def test_forget_user_leaves_nothing_that_names_them_and_keeps_others(chats, clock, store):
    turn_on(chats)
    clock.now += 1800
    posting = chats.schedule.take_due(GROUP, date(2026, 11, 24))
    chats.schedule.sent(posting, "p1", 1)
    for user in (1, 2):
        store.see_user(user, "en")
        chats.schedule.record_answer("p1", user, f"User {user}", (posting.question.correct,))
    store.see_chat(1, "private")
    chats.manager.choose(1, CHANNEL)
    assert store.forget_user(1) >= 4
    db = store.db
    for table in [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]:
        for column in [r[1] for r in db.execute(f"PRAGMA table_info({table})")]:
            if column in ("user_id", "owner", "winner", "started_by", "chat_id"):
                assert db.execute(f"SELECT COUNT(*) FROM {table} WHERE {column} = 1").fetchone() == (0,), table
    assert chats.records.points_total(GROUP) == (1, 1)
