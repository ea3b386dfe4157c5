"""Who is an admin of a chat: asked of Telegram (getChatMember) and remembered for a few minutes.

Settings buttons are tapped in bursts (six activities in a row), and /settings in a private chat
checks every channel the bot is in: without the cache each tap would be a round trip. A demoted
admin keeps their rights for at most ADMIN_TTL seconds; a promoted one waits at most NOT_ADMIN_TTL.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from telegram import Message
from telegram.constants import ChatMemberStatus
from telegram.error import TelegramError

from .context import TutorContext

log = logging.getLogger(__name__)

ADMIN_TTL = 300.0
NOT_ADMIN_TTL = 30.0  # shorter: someone just promoted should not wait five minutes to be let in
ADMIN_STATUSES = {ChatMemberStatus.OWNER, ChatMemberStatus.ADMINISTRATOR}
CACHE_LIMIT = 10_000  # entries; past this, expired ones are dropped (then the oldest)
NOT_ADMIN = "Sorry, only this chat's admins can change that. Ask one of them, or see /settings for what is set."


@dataclass
class AdminCache:
    clock: Callable[[], float]
    _entries: dict[tuple[int, int], tuple[bool, float]] = field(default_factory=dict)

    def get(self, chat_id: int, user_id: int) -> bool | None:
        entry = self._entries.get((chat_id, user_id))
        if entry is None or entry[1] <= self.clock():
            return None
        return entry[0]

    def put(self, chat_id: int, user_id: int, admin: bool) -> None:
        if len(self._entries) >= CACHE_LIMIT:
            now = self.clock()
            self._entries = {k: v for k, v in self._entries.items() if v[1] > now}
            while len(self._entries) >= CACHE_LIMIT:
                self._entries.pop(next(iter(self._entries)))
        self._entries[(chat_id, user_id)] = (admin, self.clock() + (ADMIN_TTL if admin else NOT_ADMIN_TTL))

    def forget_chat(self, chat_id: int) -> None:
        self._entries = {k: v for k, v in self._entries.items() if k[0] != chat_id}


async def is_admin(context: TutorContext, chat_id: int, user_id: int) -> bool:
    """Whether the user is the chat's owner or an admin (an anonymous admin is still an admin)."""
    cache = context.services.admins
    known = cache.get(chat_id, user_id)
    if known is not None:
        return known
    try:
        member = await context.bot.get_chat_member(chat_id, user_id)
    except TelegramError as exc:  # not in the chat any more, or Telegram is unwell: not proven an admin
        log.info("could not check admin status of %s in %s: %s", user_id, chat_id, exc)
        return False
    admin = member.status in ADMIN_STATUSES
    cache.put(chat_id, user_id, admin)
    return admin


async def sender_is_admin(message: Message, context: TutorContext) -> bool:
    """Whether a group message comes from an admin. A message sent 'as the group' comes from an
    anonymous admin: Telegram shows it from the group itself (sender_chat), hiding who it was."""
    if message.sender_chat is not None and message.sender_chat.id == message.chat.id:
        return True
    if message.from_user is None or message.from_user.is_bot:
        return False
    return await is_admin(context, message.chat.id, message.from_user.id)
