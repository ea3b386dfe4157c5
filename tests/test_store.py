"""The SQLite store: created on first start, versioned, WAL, and honest about files it cannot use."""
from __future__ import annotations

import sqlite3

import pytest

from bot.store import DB_NAME, MIGRATIONS, Store, StoreError


def test_first_start_creates_the_file_at_the_current_schema_version_in_wal_mode(tmp_path):
    store = Store(tmp_path / "new" / DB_NAME)
    assert (tmp_path / "new" / DB_NAME).exists()
    assert store.schema_version == len(MIGRATIONS)
    assert store._db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_what_is_stored_survives_a_restart(tmp_path):
    store = Store(tmp_path / DB_NAME)
    store.see_user(7, "pt-br")
    store.see_chat(-100, "supergroup", "Cohort 5")
    store.set_chat_setting(-100, "daily", "09:00")
    key = store.offer_question("inputs of plan")
    store.close()

    again = Store(tmp_path / DB_NAME)
    assert again.user(7).language == "pt-br"
    chat = again.chat(-100)
    assert (chat.kind, chat.title, chat.settings) == ("supergroup", "Cohort 5", {"daily": "09:00"})
    assert again.offered_question(key) == "inputs of plan"


def test_first_seen_is_kept_and_an_unknown_language_does_not_erase_a_known_one(tmp_path):
    times = iter([100.0, 200.0])
    store = Store(tmp_path / DB_NAME, clock=lambda: next(times))
    store.see_user(7, "de")
    store.see_user(7, None)
    user = store.user(7)
    assert (user.first_seen, user.last_seen, user.language) == (100.0, 200.0, "de")


def test_removal_is_recorded_and_cleared_when_the_bot_is_back(tmp_path):
    store = Store(tmp_path / DB_NAME)
    store.see_chat(-5, "group", "G")
    store.chat_removed(-5)
    assert not store.chat(-5).is_active
    store.see_chat(-5, "group", "G")
    assert store.chat(-5).is_active


def test_offered_question_keys_are_short_stable_and_unknown_keys_are_none(tmp_path):
    store = Store(tmp_path / DB_NAME)
    key = store.offer_question("what does Engage send to Plan")
    assert key == store.offer_question("what does Engage send to Plan")
    assert len(key) == 12
    assert store.offered_question("0" * 12) is None


def test_an_older_file_is_migrated(tmp_path):
    path = tmp_path / DB_NAME
    sqlite3.connect(path).close()  # version 0: an empty file from before any schema
    assert Store(path).schema_version == len(MIGRATIONS)


def test_a_file_from_a_newer_tutor_is_refused(tmp_path):
    path = tmp_path / DB_NAME
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    db.close()
    with pytest.raises(StoreError, match="newer than this tutor knows"):
        Store(path)


def test_a_file_that_is_not_a_database_is_refused_plainly(tmp_path):
    path = tmp_path / DB_NAME
    path.write_bytes(b"this is not SQLite" * 100)
    with pytest.raises(StoreError, match="cannot open the data file"):
        Store(path)


def test_a_setting_for_an_unknown_chat_is_an_error(tmp_path):
    with pytest.raises(KeyError):
        Store(tmp_path / DB_NAME).set_chat_setting(42, "daily", "09:00")


def test_an_active_user_is_not_rewritten_on_every_message_but_changes_are_kept(tmp_path):
    now = [1000.0]
    store = Store(tmp_path / DB_NAME, clock=lambda: now[0])
    store.see_user(7, "en")
    now[0] += 5
    store.see_user(7, "en")
    assert store.user(7).last_seen == 1000.0  # a message a few seconds later needs no write
    store.see_user(7, "fr")
    assert store.user(7).language == "fr"  # a change is written at once
    now[0] += 3600
    store.see_user(7, "fr")
    assert store.user(7).last_seen == now[0]
