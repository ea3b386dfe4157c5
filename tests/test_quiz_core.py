"""The quiz core without Telegram: the store's upgrade, the coach's rules, group rounds, the console."""
from __future__ import annotations

import io
import sqlite3

import pytest

from bot.console import Console
from bot.quiz import build_quiz
from bot.quiz.bank import LETTERS
from bot.quiz.coach import EXAM_MINUTES, EXAM_QUESTIONS, Graded, Refused, TimedOut
from bot.quiz.views import pass_mark
from bot.store import MIGRATIONS, Store

DAY = 86400.0


class FakeClock:
    def __init__(self, now: float = 1_790_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def quiz(kb, tmp_path, clock):
    store = Store(tmp_path / "t.sqlite3", clock=clock)
    yield build_quiz(kb, store)
    store.close()


def test_a_version_1_data_file_is_upgraded_and_keeps_its_data(tmp_path):
    path = tmp_path / "old.sqlite3"
    db = sqlite3.connect(path)
    db.executescript(MIGRATIONS[0])
    db.execute("INSERT INTO users VALUES (7, 1.0, 2.0, 'de')")
    db.execute("PRAGMA user_version = 1")
    db.commit()
    db.close()
    store = Store(path)
    try:
        assert store.schema_version == len(MIGRATIONS) == 4
        assert store.user(7).language == "de"
        assert store.db.execute("SELECT COUNT(*) FROM scenario_drills").fetchone() == (0,)
        assert store.db.execute("SELECT COUNT(*) FROM daily_posts").fetchone() == (0,)
    finally:
        store.close()


def right(view):
    return view.question.correct


def test_pass_mark_is_65_percent_rounded_up():
    assert pass_mark(40) == 26 and pass_mark(20) == 13 and pass_mark(5) == 4


def test_exam_uses_every_style_and_spreads_over_the_activities(quiz, kb):
    view = quiz.coach.start_exam(1, 1)
    session = quiz.coach.session(view.session_id)
    questions = [quiz.bank.get(q) for q in session.question_ids]
    assert len(questions) == EXAM_QUESTIONS == len(set(session.question_ids))
    assert {"negative", "missing_word", "list"} <= {q.style for q in questions}
    for activity in kb.activity_ids:
        assert any(activity in q.activities for q in questions)
    assert session.deadline == session.started_at + EXAM_MINUTES * 60


def test_leitner_boxes_and_streak(quiz, clock):
    view = quiz.coach.start_practice(1, 1, 1)
    qid = view.question.id
    quiz.coach.answer(1, view.session_id, 0, (right(view) + 1) % len(view.question.options))
    assert quiz.coach.records.cards(1)[qid].box == 1  # wrong: due again at once
    clock.now += DAY
    view = quiz.coach.start_review(1, 1)
    assert view.question.id == qid
    quiz.coach.answer(1, view.session_id, 0, right(view))
    card = quiz.coach.records.cards(1)[qid]
    assert card.box == 2 and card.due_at == clock.now + DAY
    assert quiz.coach.progress(1).streak == 2
    clock.now += 3 * DAY
    assert quiz.coach.progress(1).streak == 0


def test_only_the_open_question_of_ones_own_session_counts(quiz):
    view = quiz.coach.start_practice(1, 1, 2)
    assert quiz.coach.answer(2, view.session_id, 0, 0) == Refused("not_yours")
    assert quiz.coach.answer(1, view.session_id, 1, 0) == Refused("already")
    assert quiz.coach.answer(1, 10**9, 0, 0) == Refused("unknown")
    assert quiz.coach.answer(1, view.session_id, 0, 99) == Refused("unknown")
    assert isinstance(quiz.coach.answer(1, view.session_id, 0, 0), Graded)
    assert quiz.coach.answer(1, view.session_id, 0, 0) == Refused("already")
    newer = quiz.coach.start_practice(1, 1, 2)  # a new quiz closes the old one
    assert quiz.coach.answer(1, view.session_id, 1, 0) == Refused("over")
    assert isinstance(quiz.coach.answer(1, newer.session_id, 0, 0), Graded)


def test_exam_after_the_deadline_is_graded_once(quiz, clock):
    view = quiz.coach.start_exam(1, 1)
    clock.now += EXAM_MINUTES * 60 + 1
    outcome = quiz.coach.answer(1, view.session_id, 0, right(view))
    assert isinstance(outcome, TimedOut) and outcome.result.outcome == "timed_out"
    assert outcome.result.score == 0 and outcome.result.answered == 0
    assert quiz.coach.expire(view.session_id) is None


def test_group_round_rules(quiz, clock):
    rounds = quiz.rounds
    step = rounds.start(-5, None, 1, 2)
    assert rounds.start(-5, None, 2) is None  # one round per chat
    assert rounds.start(-6, None, 2) is not None  # another chat is free
    rounds.poll_sent(step.round.round_id, 0, "p1", 100)
    q = step.question
    assert rounds.record_answer("p1", 1, "Ann", (q.correct,)).counted
    assert rounds.record_answer("p1", 1, "Ann", (q.correct,)).reason == "repeat"
    assert rounds.record_answer("nope", 1, "Ann", (0,)).reason == "unknown_poll"
    assert rounds.record_answer("p1", 2, "Ben", (99,)).reason == "bad_option"
    clock.now += 60
    assert rounds.record_answer("p1", 3, "Cy", (q.correct,)).reason == "late"
    nxt = rounds.advance(step.round.round_id, 0)
    assert rounds.advance(step.round.round_id, 0) is None  # a second timer for the same poll does nothing
    assert nxt.question is not None and nxt.status.standings[0].name == "Ann"
    assert rounds.record_answer("p1", 4, "Di", (q.correct,)).reason == "round_over"
    board = rounds.leaderboard(-5)
    assert [(s.name, s.points) for s in board.all_time] == [("Ann", 1)]
    clock.now += 8 * DAY
    assert rounds.leaderboard(-5).week == () and rounds.leaderboard(-5).all_time


def test_console_quiz_session(kb, tutor, tmp_path):
    store = Store(tmp_path / "c.sqlite3")
    quiz = build_quiz(kb, store)
    console = Console(tutor, quiz)
    first = console.reply("/quiz 2 plan")
    assert "Quiz · question 1 of 2" in first and "Answer with A/B" in first  # A/B for true or false
    session = quiz.coach.open_session(0)
    view = quiz.coach.view(session)
    assert "Answer with" in console.reply("K")  # a letter beyond the options
    after = console.reply(LETTERS[view.question.correct].lower())
    assert "Right!" in after and "question 2 of 2" in after
    assert "Quiz result" in console.reply("a")
    assert "Answered 2" in console.reply("/progress")
    assert "nothing to stop" in console.reply("/stop")
    assert "Mock exam · question 1 of 20" in console.reply("/exam")
    assert "stopped after 0 of 20" in console.reply("/stop")
    out = io.StringIO()
    assert Console(tutor).run(stdin=io.StringIO("/quiz\n"), stdout=out, interactive=False) == 0
    assert "needs the data store" in out.getvalue()
    store.close()
