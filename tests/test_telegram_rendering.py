"""Pieces of the Telegram adapter that need no bot: message splitting and callback data parsing."""
from __future__ import annotations

import random

import pytest

from handlers.buttons import MAX_CALLBACK_BYTES, ActivityCard, ActivityList, AskOffered, ShowHelp, parse
from handlers.render import split_message, utf16_len


def test_short_text_is_one_piece():
    assert split_message("<b>Plan</b>\n\nshort") == ["<b>Plan</b>\n\nshort"]


def test_split_prefers_blank_lines():
    text = "\n\n".join(["a" * 60, "b" * 60, "c" * 60])
    assert split_message(text, limit=130) == ["a" * 60 + "\n\n" + "b" * 60, "c" * 60]


@pytest.mark.parametrize("seed", range(40))
def test_split_never_exceeds_the_limit_and_loses_nothing(seed):
    rng = random.Random(seed)
    words = ["".join(rng.choice("ab😀 \n") for _ in range(rng.randint(0, 40))) for _ in range(rng.randint(1, 300))]
    text = rng.choice(["\n", "\n\n", " ", ""]).join(words)
    limit = rng.choice([40, 100, 4096])
    pieces = split_message(text, limit)
    assert all(utf16_len(p) <= limit for p in pieces)
    assert "".join(text.split()) == "".join("".join(pieces).split())


def test_emoji_count_double_towards_the_limit():
    assert utf16_len("😀") == 2
    assert all(utf16_len(p) <= 10 for p in split_message("😀" * 12, limit=10))


def test_every_button_kind_round_trips(kb):
    for button in (AskOffered("0123456789ab"), ActivityList(), ActivityCard("design_transition", "practices"),
                   ShowHelp()):
        data = button.data()
        assert len(data.encode()) <= MAX_CALLBACK_BYTES
        assert parse(data, kb) == button


@pytest.mark.parametrize("data", [
    None, 42, "", "q:XYZ", "q:0123456789abc", "card:plan", "card:plan:purpose:x", "card:nothere:purpose",
    "card:plan:everything", "acts ", "help\n", "é" * 40,
])
def test_data_the_bot_never_made_is_rejected(kb, data):
    assert parse(data, kb) is None
