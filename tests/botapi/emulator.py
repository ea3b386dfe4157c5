"""A local stand-in for the Telegram Bot API, for end-to-end tests with no network.

An HTTP server on 127.0.0.1 that the unmodified bot reaches through TELEGRAM_BASE_URL. Tests push
real update JSON, which the bot fetches with getUpdates (or which is POSTed to its webhook); every
method the bot calls is recorded with its parameters. It checks what Telegram checks where a bug
would hide (message length after HTML parsing, unbalanced or unsupported tags, 64-byte callback
data, editing a message into itself, writing to a chat that removed the bot), and it can answer
with a 429 and retry_after like Telegram's flood control.
"""
from __future__ import annotations

import copy
import email.parser
import email.policy
import hashlib
import html
import json
import re
import struct
import sys
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.error import HTTPError, URLError
from urllib.parse import parse_qsl
from urllib.request import Request, urlopen

TOKEN = "123456789:TEST-token-for-the-emulator_xyz"
BOT_USER = {"id": 123456789, "is_bot": True, "first_name": "ITIL Tutor", "username": "itil_tutor_bot",
            "can_join_groups": True, "can_read_all_group_messages": False, "supports_inline_queries": True}

# parameters Telegram documents as JSON-serialised objects
JSON_PARAMS = {"reply_markup", "entities", "results", "commands", "scope", "link_preview_options",
               "reply_parameters", "allowed_updates", "button", "options", "media", "correct_option_ids"}
INT_PARAMS = {"chat_id", "message_id", "message_thread_id", "cache_time", "offset", "limit", "timeout",
              "open_period", "correct_option_id", "user_id"}
BOOL_PARAMS = {"is_anonymous", "allows_multiple_answers", "is_closed", "allows_revoting", "members_only",
               "show_alert"}
ALLOWED_TAGS = {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre", "span",
                "tg-spoiler", "blockquote", "tg-emoji"}
TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)([^<>]*)>")
# what an administrator's ChatMember carries besides its status (Bot API 9.x)
ADMIN_RIGHTS = {"can_be_edited": False, "is_anonymous": False, "can_manage_chat": True, "can_delete_messages": True,
                "can_manage_video_chats": True, "can_restrict_members": True, "can_promote_members": False,
                "can_change_info": True, "can_invite_users": True, "can_post_stories": True, "can_edit_stories": True,
                "can_delete_stories": True, "can_post_messages": True, "can_edit_messages": True}


class ApiError(Exception):
    def __init__(self, status: int, description: str, retry_after: int | None = None,
                 parameters: dict[str, Any] | None = None) -> None:
        super().__init__(description)
        self.status, self.description, self.retry_after = status, description, retry_after
        self.parameters = parameters


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    status: int = 200
    result: Any = None
    at: float = field(default_factory=time.monotonic)

    @property
    def ok(self) -> bool:
        return self.status == 200


def plain_text_of(text: str, parse_mode: str | None) -> str:
    """The text as users see it; raises ApiError where Telegram would refuse the markup."""
    if (parse_mode or "").upper() != "HTML":
        return text
    stack: list[str] = []
    for m in TAG.finditer(text):
        closing, name = m[1] == "/", m[2].lower()
        if name not in ALLOWED_TAGS:
            raise ApiError(400, f"Bad Request: can't parse entities: Unsupported start tag \"{name}\"")
        if closing:
            if not stack or stack.pop() != name:
                raise ApiError(400, f"Bad Request: can't parse entities: Unmatched end tag \"{name}\"")
        else:
            stack.append(name)
    if stack:
        raise ApiError(400, f"Bad Request: can't parse entities: Can't find end tag corresponding to \"{stack[-1]}\"")
    stripped = TAG.sub("", text)
    if "<" in stripped:
        raise ApiError(400, "Bad Request: can't parse entities: Unexpected < in the text")
    return html.unescape(stripped)


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


class BotApiEmulator:
    def __init__(self, token: str = TOKEN, bot_user: dict[str, Any] | None = None) -> None:
        self.token = token
        self.bot_user = dict(bot_user or BOT_USER)
        self.calls: list[Call] = []
        self.chats: dict[int, dict[str, Any]] = {}
        self.messages: dict[tuple[int, int], dict[str, Any]] = {}  # what the bot has sent, as it stands now
        self.removed_from: set[int] = set()
        self.migrated: dict[int, int] = {}  # old group id -> its supergroup's id
        self.dropped: set[int] = set()  # update ids discarded because the bot's allowed_updates excludes them
        self.webhook: dict[str, Any] = {}
        self.commands: dict[str, list[dict[str, Any]]] = {}  # scope type -> commands
        self.polls: dict[str, dict[str, Any]] = {}  # poll id -> the poll as sent (with its chat and message)
        self.members: dict[tuple[int, int], str] = {}  # (chat, user) -> status for getChatMember
        self.anonymous_admins: set[tuple[int, int]] = set()  # (chat, user): admins who post as the group
        self.files: dict[str, bytes] = {}  # file id -> the photo the bot uploaded
        self._next_poll_id = 7_000_000
        self._updates: list[dict[str, Any]] = []
        self._next_update_id = 1000
        self._next_message_id: dict[int, int] = {}
        self._failures: dict[str, list[ApiError]] = {}
        self._cond = threading.Condition()
        self._server: ThreadingHTTPServer | None = None
        self._stopping = False

    # --- lifetime
    def start(self) -> BotApiEmulator:
        emulator = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive, as Telegram's servers do

            def do_POST(self) -> None:
                emulator._serve(self)

            do_GET = do_POST

            def log_message(self, *args: Any) -> None:  # keep test output quiet
                pass

        self._server = _Server(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._server.serve_forever, args=(0.05,), name="bot-api-emulator", daemon=True).start()
        return self

    def stop(self) -> None:
        with self._cond:
            self._stopping = True
            self._cond.notify_all()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    @property
    def base_url(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_address[1]}/bot"

    # --- what tests do
    def push(self, update: dict[str, Any]) -> dict[str, Any]:
        """Queue an update for getUpdates; returns it with its update_id."""
        with self._cond:
            update = {"update_id": self._next_update_id, **update}
            self._next_update_id += 1
            self._learn_chats(update)
            self._updates.append(update)
            self._cond.notify_all()
        return update

    def post_to_webhook(self, update: dict[str, Any], secret: str | None = "from-setWebhook") -> int:
        """Deliver an update as Telegram does in webhook mode; returns the bot's HTTP status."""
        with self._cond:
            update = {"update_id": self._next_update_id, **update}
            self._next_update_id += 1
            self._learn_chats(update)
        headers = {"Content-Type": "application/json"}
        if secret == "from-setWebhook":
            secret = self.webhook.get("secret_token")
        if secret is not None:
            headers["X-Telegram-Bot-Api-Secret-Token"] = secret
        request = Request(self.webhook["url"], data=json.dumps(update).encode(), headers=headers, method="POST")
        try:
            with urlopen(request, timeout=10) as response:
                return response.status
        except HTTPError as exc:
            return exc.code
        except URLError as exc:
            if isinstance(exc.reason, OSError):
                raise exc.reason from None  # e.g. ConnectionRefusedError while the bot starts
            raise

    def fail_next(self, method: str, status: int = 429, retry_after: int | None = 1,
                  description: str | None = None) -> None:
        """Answer the next call of `method` with an error (by default flood control's 429)."""
        if description is None:
            description = f"Too Many Requests: retry after {retry_after}" if status == 429 else "Bad Request"
        with self._cond:
            self._failures.setdefault(method, []).append(ApiError(status, description, retry_after))

    def set_member(self, chat_id: int, user_id: int, status: str, anonymous: bool = False) -> None:
        """What getChatMember answers for this user (member unless set: administrator, creator...);
        `anonymous` for an admin who stays hidden behind the group's name."""
        with self._cond:
            self.members[(chat_id, user_id)] = status
            if anonymous:
                self.anonymous_admins.add((chat_id, user_id))
            else:
                self.anonymous_admins.discard((chat_id, user_id))

    def vote(self, poll_id: str, option: int, voters: int = 1) -> dict[str, Any]:
        """Readers vote in a poll the bot sent; returns the poll as a `poll` update would carry it."""
        with self._cond:
            poll = self.polls[poll_id]
            poll["options"][option]["voter_count"] += voters
            poll["total_voter_count"] += voters
            message = self.messages[(poll["chat_id"], poll["message_id"])]
            message["poll"] = {k: v for k, v in poll.items() if k not in ("chat_id", "message_id")}
            return copy.deepcopy(message["poll"])

    def migrate(self, old_id: int, new_id: int) -> None:
        """The group becomes a supergroup with a new id: writing to the old id is refused, naming the new one."""
        with self._cond:
            self.migrated[old_id] = new_id
            self.chats[new_id] = {**self.chats[old_id], "id": new_id, "type": "supergroup"}

    def remove_bot_from(self, chat_id: int) -> None:
        with self._cond:
            self.removed_from.add(chat_id)

    def calls_to(self, method: str, ok_only: bool = True) -> list[Call]:
        with self._cond:
            return [c for c in self.calls if c.method == method and (c.ok or not ok_only)]

    def wait_for(self, method: str, count: int = 1, timeout: float = 10.0) -> list[Call]:
        """Block until the bot has made `count` successful calls of `method` (for bots in another process)."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                found = [c for c in self.calls if c.method == method and c.ok]
                if len(found) >= count:
                    return found
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"the bot made {len(found)} {method} calls, expected {count}")
                self._cond.wait(left)

    # --- the HTTP side
    def _serve(self, request: BaseHTTPRequestHandler) -> None:
        m = re.fullmatch(r"/bot([^/]+)/(\w+)", request.path.split("?")[0])
        length = int(request.headers.get("Content-Length") or 0)
        body = request.rfile.read(length) if length else b""
        if not m:
            self._respond(request, 404, {"ok": False, "error_code": 404, "description": "Not Found"})
            return
        token, method = m[1], m[2]
        params = _parse_body(request.headers.get("Content-Type", ""), body)
        call = Call(method, params)
        try:
            if token != self.token:
                raise ApiError(401, "Unauthorized")
            with self._cond:
                failures = self._failures.get(method)
                if failures:
                    raise failures.pop(0)
            if method == "getUpdates":
                result = self._get_updates(params)
            else:
                with self._cond:
                    result = self._call(method, params)
            call.result = copy.deepcopy(result)  # as it was then: later edits change the stored message
            payload: dict[str, Any] = {"ok": True, "result": result}
        except ApiError as err:
            call.status = err.status
            payload = {"ok": False, "error_code": err.status, "description": err.description}
            if err.retry_after is not None and err.status == 429:
                payload["parameters"] = {"retry_after": err.retry_after}
            if err.parameters:
                payload["parameters"] = err.parameters
        if method != "getUpdates" or not call.ok or call.result:
            with self._cond:
                self.calls.append(call)
                self._cond.notify_all()
        self._respond(request, call.status, payload)

    @staticmethod
    def _respond(request: BaseHTTPRequestHandler, status: int, payload: dict[str, Any]) -> None:
        data = json.dumps(payload).encode()
        try:
            request.send_response(status)
            request.send_header("Content-Type", "application/json")
            request.send_header("Content-Length", str(len(data)))
            request.end_headers()
            request.wfile.write(data)
        except OSError:
            pass  # the bot hung up (a long poll cancelled at shutdown)

    def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        limit = int(params.get("limit") or 100)
        deadline = time.monotonic() + min(float(params.get("timeout") or 0), 5.0)
        with self._cond:
            while True:
                self._updates = [u for u in self._updates if u["update_id"] >= offset]
                allowed = params.get("allowed_updates")
                if allowed:  # like Telegram, drop kinds the bot did not ask for
                    self.dropped.update(u["update_id"] for u in self._updates if not any(k in u for k in allowed))
                    self._updates = [u for u in self._updates if any(k in u for k in allowed)]
                    self._cond.notify_all()
                ready = self._updates
                if ready or time.monotonic() >= deadline or self._stopping:
                    return ready[:limit]
                self._cond.wait(max(0.0, deadline - time.monotonic()))

    def _call(self, method: str, p: dict[str, Any]) -> Any:
        simple = {"getMe": lambda: self.bot_user, "sendChatAction": lambda: True, "close": lambda: True,
                  "logOut": lambda: True, "deleteMessage": lambda: True}
        if method in simple:
            return simple[method]()
        handler = getattr(self, f"_m_{method}", None)
        if handler is None:
            raise ApiError(404, "Not Found: method not found")
        return handler(p)

    def _m_deleteWebhook(self, p: dict[str, Any]) -> bool:
        self.webhook = {}
        return True

    def _m_setWebhook(self, p: dict[str, Any]) -> bool:
        self.webhook = {"url": p["url"], "secret_token": p.get("secret_token"),
                        "allowed_updates": p.get("allowed_updates")}
        return True

    def _m_getWebhookInfo(self, p: dict[str, Any]) -> dict[str, Any]:
        return {"url": self.webhook.get("url", ""), "has_custom_certificate": False, "pending_update_count": 0}

    def _m_setMyCommands(self, p: dict[str, Any]) -> bool:
        scope = (p.get("scope") or {"type": "default"})["type"]
        self.commands[scope] = p["commands"]
        return True

    def _m_deleteMyCommands(self, p: dict[str, Any]) -> bool:
        self.commands.pop((p.get("scope") or {"type": "default"})["type"], None)
        return True

    def _m_sendMessage(self, p: dict[str, Any]) -> dict[str, Any]:
        chat = self._writable_chat(p["chat_id"])
        text = self._checked_text(p)
        self._check_markup(p.get("reply_markup"))
        message = self._new_message(chat, p, text=text)
        if p.get("reply_markup") and "inline_keyboard" in p["reply_markup"]:
            message["reply_markup"] = p["reply_markup"]
        return message

    def _new_message(self, chat: dict[str, Any], p: dict[str, Any], **content: Any) -> dict[str, Any]:
        """A message from the bot in `chat` (in the forum topic `p` names), kept for later edits."""
        message_id = self._next_message_id.get(chat["id"], 5000) + 1
        self._next_message_id[chat["id"]] = message_id
        message = {"message_id": message_id, "date": int(time.time()), "chat": chat, **content}
        if chat["type"] == "channel":  # a channel post shows the channel as its author
            message["sender_chat"] = chat
        else:
            message["from"] = self.bot_user
        if p.get("message_thread_id"):
            message["message_thread_id"] = p["message_thread_id"]
            message["is_topic_message"] = bool(chat.get("is_forum"))
        self.messages[(chat["id"], message_id)] = message
        return message

    def _m_editMessageText(self, p: dict[str, Any]) -> dict[str, Any] | bool:
        text = self._checked_text(p)
        self._check_markup(p.get("reply_markup"))
        if "inline_message_id" in p:
            return True
        message = self._bot_message(p)
        markup = p.get("reply_markup")
        if message["text"] == text and message.get("reply_markup") == markup:
            raise ApiError(400, "Bad Request: message is not modified: specified new message content and reply "
                                "markup are exactly the same as a current content and reply markup of the message")
        message["text"] = text
        message["edit_date"] = int(time.time())
        if markup:
            message["reply_markup"] = markup
        else:
            message.pop("reply_markup", None)
        return message

    def _m_sendPhoto(self, p: dict[str, Any]) -> dict[str, Any]:
        """A photo by upload (PNG or JPEG, as Telegram checks them) or by the file id of an earlier one."""
        chat = self._writable_chat(p["chat_id"])
        photo = p.get("photo")
        if isinstance(photo, str) and photo.startswith("attach://"):
            photo = p.get(photo.removeprefix("attach://"))
        if isinstance(photo, bytes):
            width, height = image_size(photo)
            if len(photo) > 10 * 1024 * 1024:
                raise ApiError(400, "Bad Request: PHOTO_SAVE_FILE_INVALID")
            if width + height > 10000 or max(width, height) > 20 * min(width, height):
                raise ApiError(400, "Bad Request: PHOTO_INVALID_DIMENSIONS")
            file_id = f"photo-{len(self.files) + 1}-{hashlib.sha1(photo).hexdigest()[:10]}"
            self.files[file_id] = photo
        elif isinstance(photo, str) and photo in self.files:
            file_id = photo
            width, height = image_size(self.files[file_id])
        else:
            raise ApiError(400, "Bad Request: wrong file identifier/HTTP URL specified")
        caption = plain_text_of(str(p.get("caption") or ""), p.get("parse_mode"))
        if utf16_len(caption) > 1024:
            raise ApiError(400, "Bad Request: message caption is too long")
        self._check_markup(p.get("reply_markup"))
        # Telegram keeps sizes scaled to at most 1280 px on the long side; the largest comes last
        scale = min(1.0, 1280 / max(width, height))
        sizes = [{"file_id": f"{file_id}-s", "file_unique_id": f"{file_id}-us", "width": round(width * scale / 4),
                  "height": round(height * scale / 4)},
                 {"file_id": file_id, "file_unique_id": f"u{file_id}", "width": round(width * scale),
                  "height": round(height * scale), "file_size": len(self.files[file_id])}]
        extra: dict[str, Any] = {"caption": caption} if caption else {}
        if p.get("reply_markup") and "inline_keyboard" in p["reply_markup"]:
            extra["reply_markup"] = p["reply_markup"]
        return self._new_message(chat, p, photo=sizes, **extra)

    def _m_sendPoll(self, p: dict[str, Any]) -> dict[str, Any]:
        """A poll as Telegram checks it (PollLimit) and returns it, with Bot API 9.6's fields."""
        chat = self._writable_chat(p["chat_id"])
        question = str(p.get("question", ""))
        options = [o["text"] if isinstance(o, dict) else str(o) for o in p.get("options") or []]
        if not 1 <= len(question) <= 300:
            raise ApiError(400, "Bad Request: poll question length must not exceed 300")
        if not 2 <= len(options) <= 12 or any(not 1 <= len(o) <= 100 for o in options):
            raise ApiError(400, "Bad Request: poll options must be 2-12 of 1-100 characters")
        explanation = p.get("explanation") or ""
        if len(explanation) > 200 or explanation.count("\n") > 2:
            raise ApiError(400, "Bad Request: explanation is too long or has too many line feeds")
        anonymous = p.get("is_anonymous", True)
        if chat["type"] == "channel" and not anonymous:
            raise ApiError(400, "Bad Request: polls can't be sent to channel chats non-anonymously")
        quiz = p.get("type") == "quiz"
        correct = p.get("correct_option_ids")
        if correct is None and p.get("correct_option_id") is not None:
            correct = [p["correct_option_id"]]
        if quiz and (not correct or any(not 0 <= c < len(options) for c in correct)):
            raise ApiError(400, "Bad Request: wrong correct option for a quiz poll")
        period = p.get("open_period")
        if period is not None and not 5 <= int(period) <= 600:
            raise ApiError(400, "Bad Request: open_period must be between 5 and 600")
        self._next_poll_id += 1
        poll = {"id": str(self._next_poll_id), "question": question,
                "options": [{"text": o, "voter_count": 0, "persistent_id": f"opt{i}"} for i, o in enumerate(options)],
                "total_voter_count": 0, "is_closed": False, "is_anonymous": anonymous,
                "type": "quiz" if quiz else "regular", "allows_multiple_answers": False,
                "allows_revoting": False, "members_only": False}
        if quiz:
            poll["correct_option_ids"] = correct
        if explanation:
            poll["explanation"] = explanation
        if period is not None:
            poll["open_period"] = int(period)
        message = self._new_message(chat, p, poll=poll)
        self.polls[poll["id"]] = {**poll, "chat_id": chat["id"], "message_id": message["message_id"]}
        return message

    def _m_stopPoll(self, p: dict[str, Any]) -> dict[str, Any]:
        message = self._bot_message(p)
        poll = message.get("poll")
        if poll is None:
            raise ApiError(400, "Bad Request: message with poll to stop not found")
        if poll["is_closed"]:
            raise ApiError(400, "Bad Request: poll has already been closed")
        poll["is_closed"] = True
        self.polls[poll["id"]]["is_closed"] = True
        return copy.deepcopy(poll)

    def _m_getChatMember(self, p: dict[str, Any]) -> dict[str, Any]:
        chat_id, user_id = int(p["chat_id"]), int(p["user_id"])
        self._writable_chat(chat_id)
        status = self.members.get((chat_id, user_id), "member")
        member: dict[str, Any] = {"status": status, "user": {"id": user_id, "is_bot": False, "first_name": "User"}}
        anonymous = (chat_id, user_id) in self.anonymous_admins
        if status == "administrator":
            member.update({**ADMIN_RIGHTS, "is_anonymous": anonymous})
        elif status == "creator":
            member["is_anonymous"] = anonymous
        return member

    def _m_editMessageReplyMarkup(self, p: dict[str, Any]) -> dict[str, Any]:
        self._check_markup(p.get("reply_markup"))
        message = self._bot_message(p)
        message["reply_markup"] = p.get("reply_markup")
        return message

    def _m_answerCallbackQuery(self, p: dict[str, Any]) -> bool:
        if len(p.get("text") or "") > 200:
            raise ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
        return True

    def _m_answerInlineQuery(self, p: dict[str, Any]) -> bool:
        results = p.get("results") or []
        if len(results) > 50:
            raise ApiError(400, "Bad Request: RESULTS_TOO_MUCH")
        ids = [r["id"] for r in results]
        if len(set(ids)) != len(ids) or any(not 0 < len(i.encode()) <= 64 for i in ids):
            raise ApiError(400, "Bad Request: RESULT_ID_INVALID")
        for r in results:
            content = r.get("input_message_content") or {}
            if utf16_len(plain_text_of(content.get("message_text", ""), content.get("parse_mode"))) > 4096:
                raise ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
        return True

    # --- checks Telegram makes
    def _writable_chat(self, chat_id: Any) -> dict[str, Any]:
        chat_id = int(chat_id)
        if chat_id in self.removed_from:
            chat = self.chats.get(chat_id, {})
            raise ApiError(403, "Forbidden: bot was blocked by the user" if chat.get("type") == "private"
                           else "Forbidden: bot was kicked from the group chat")
        if chat_id in self.migrated:
            raise ApiError(400, "Bad Request: group chat was upgraded to a supergroup chat",
                           parameters={"migrate_to_chat_id": self.migrated[chat_id]})
        if chat_id not in self.chats:
            raise ApiError(400, "Bad Request: chat not found")
        return self.chats[chat_id]

    @staticmethod
    def _checked_text(p: dict[str, Any]) -> str:
        text = plain_text_of(str(p.get("text", "")), p.get("parse_mode"))
        if not text.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        if utf16_len(text) > 4096:
            raise ApiError(400, "Bad Request: message is too long")
        return text

    @staticmethod
    def _check_markup(markup: dict[str, Any] | None) -> None:
        for row in (markup or {}).get("inline_keyboard", []):
            for button in row:
                data = button.get("callback_data")
                if data is not None and not 1 <= len(data.encode()) <= 64:
                    raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
                url = button.get("url")
                if url is not None and not re.match(r"^(https?|tg)://[^\s]+$", url):
                    raise ApiError(400, "Bad Request: BUTTON_URL_INVALID")

    def _bot_message(self, p: dict[str, Any]) -> dict[str, Any]:
        key = (int(p["chat_id"]), int(p["message_id"]))
        if key not in self.messages:
            raise ApiError(400, "Bad Request: message to edit not found")
        return self.messages[key]

    def _learn_chats(self, value: Any) -> None:
        """Remember every chat an update mentions, so the bot may write to it."""
        if isinstance(value, dict):
            chat = value.get("chat")
            if isinstance(chat, dict) and "id" in chat and "type" in chat:
                self.chats[chat["id"]] = chat
            for v in value.values():
                self._learn_chats(v)
        elif isinstance(value, list):
            for v in value:
                self._learn_chats(v)


def image_size(data: bytes) -> tuple[int, int]:
    """Width and height of a PNG or JPEG, or the error Telegram gives for anything else."""
    if data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR":
        return struct.unpack(">II", data[16:24])
    if data[:2] == b"\xff\xd8":
        i = 2
        while i + 9 < len(data):
            marker, length = data[i + 1], struct.unpack(">H", data[i + 2:i + 4])[0]
            if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
                height, width = struct.unpack(">HH", data[i + 5:i + 9])
                return width, height
            i += 2 + length
    raise ApiError(400, "Bad Request: IMAGE_PROCESS_FAILED")


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # the default backlog of 5 resets connections under load

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):  # a bot hanging up is not news
            super().handle_error(request, client_address)


def _parse_body(content_type: str, body: bytes) -> dict[str, Any]:
    if not body:
        return {}
    if content_type.startswith("application/json"):
        return json.loads(body)
    if content_type.startswith("multipart/form-data"):
        message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
            b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + body)
        raw: dict[str, Any] = {}
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            payload = part.get_payload(decode=True)
            raw[name] = payload if part.get_filename() else payload.decode()
    else:
        raw = dict(parse_qsl(body.decode(), keep_blank_values=True))
    params: dict[str, Any] = {}
    for name, value in raw.items():
        if name in JSON_PARAMS and isinstance(value, str):
            value = json.loads(value)
        elif name in INT_PARAMS and isinstance(value, str) and re.fullmatch(r"-?\d+", value):
            value = int(value)
        elif name in BOOL_PARAMS and isinstance(value, str):
            value = value.lower() == "true"
        params[name] = value
    return params
