"""Factories for update JSON shaped as Telegram sends it (entities included), for the emulator."""
from __future__ import annotations

import itertools
import re
import time
from typing import Any

from .emulator import ADMIN_RIGHTS, BOT_USER

_ids = itertools.count(1)
ENTITY = re.compile(r"(?P<command>^/\w+(?:@\w+)?)|(?P<mention>@\w{3,})")


def user(user_id: int, first_name: str = "Alex", username: str | None = None, language: str = "en") -> dict:
    u: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": first_name, "language_code": language}
    if username:
        u["username"] = username
    return u


def private_chat(of: dict) -> dict:
    return {"id": of["id"], "type": "private", "first_name": of["first_name"]}


def group(chat_id: int, title: str = "ITIL study group", kind: str = "supergroup", forum: bool = False) -> dict:
    chat: dict[str, Any] = {"id": chat_id, "type": kind, "title": title}
    if forum:
        chat["is_forum"] = True
    return chat


def channel(chat_id: int, title: str = "ITIL daily") -> dict:
    return {"id": chat_id, "type": "channel", "title": title}


def _utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def entities_of(text: str) -> list[dict]:
    """bot_command and mention entities, with offsets in UTF-16 code units as Telegram counts them."""
    out = []
    for m in ENTITY.finditer(text):
        kind = "bot_command" if m["command"] else "mention"
        out.append({"type": kind, "offset": _utf16(text[: m.start()]), "length": _utf16(m[0])})
    return out


def message(chat: dict, sender: dict | None, text: str | None = None, *, thread: int | None = None,
            reply_to: dict | None = None, message_id: int | None = None, **extra: Any) -> dict:
    """The `message` object itself (wrap it with `new`, `edited` or `post`)."""
    msg: dict[str, Any] = {"message_id": message_id or next(_ids), "date": int(time.time()), "chat": chat}
    if sender is not None:
        msg["from"] = sender
    if text is not None:
        msg["text"] = text
        entities = entities_of(text)
        if entities:
            msg["entities"] = entities
    if thread is not None:
        msg["message_thread_id"] = thread
        msg["is_topic_message"] = True
    if reply_to is not None:
        msg["reply_to_message"] = reply_to
    msg.update(extra)
    return msg


def new(msg: dict) -> dict:
    return {"message": msg}


def edited(msg: dict) -> dict:
    return {"edited_message": {**msg, "edit_date": int(time.time())}}


def post(msg: dict) -> dict:
    return {"channel_post": msg}


def text(chat: dict, sender: dict | None, body: str, **kw: Any) -> dict:
    """A new text message update: the most common thing a test sends."""
    return new(message(chat, sender, body, **kw))


def sticker(chat: dict, sender: dict) -> dict:
    return new(message(chat, sender, sticker={
        "file_id": "CAACAgIAAxk", "file_unique_id": "AgAD", "type": "regular", "width": 512, "height": 512,
        "is_animated": False, "is_video": False}))


def tap(sender: dict, bot_message: dict, data: str) -> dict:
    """A press on an inline button under one of the bot's messages."""
    return {"callback_query": {"id": str(next(_ids)), "from": sender, "message": bot_message,
                               "chat_instance": "ci-1", "data": data}}


def inline(sender: dict, query: str) -> dict:
    return {"inline_query": {"id": str(next(_ids)), "from": sender, "query": query, "offset": ""}}


def bot_membership(chat: dict, by: dict, old: str, new_status: str) -> dict:
    """The bot's own status in `chat` changed (added: left -> member; removed: member -> left/kicked)."""
    def member(status: str) -> dict:
        m: dict[str, Any] = {"status": status, "user": BOT_USER}
        if status == "kicked":
            m["until_date"] = 0
        if status == "administrator":
            m.update(ADMIN_RIGHTS)
        return m

    return {"my_chat_member": {"chat": chat, "from": by, "date": int(time.time()),
                               "old_chat_member": member(old), "new_chat_member": member(new_status)}}


def topic_created(chat: dict, sender: dict, thread: int, name: str = "Exam prep") -> dict:
    """The service message that opens a forum topic (its id is the topic's thread id)."""
    return message(chat, sender, message_id=thread, thread=thread,
                   forum_topic_created={"name": name, "icon_color": 7322096})


def poll_answer(poll_id: str, sender: dict, option_ids: list[int]) -> dict:
    """A member's answer to a non-anonymous poll (it names no chat: the bot must know the poll)."""
    return {"poll_answer": {"poll_id": poll_id, "user": sender, "option_ids": option_ids,
                            "option_persistent_ids": [f"opt{i}" for i in option_ids]}}


def poll_state(poll: dict) -> dict:
    """Telegram's news of a poll the bot sent: its counts changed, or it closed (emulator.vote gives it)."""
    return {"poll": poll}


def anonymous_admin_message(chat: dict, body: str) -> dict:
    """A message an anonymous admin sends 'as the group': no user, the group itself as sender_chat."""
    return new(message(chat, {"id": 1087968824, "is_bot": True, "first_name": "Group", "username": "GroupAnonymousBot"},
                       body, sender_chat=chat))
