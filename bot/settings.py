"""Settings read from the environment, shared by every face of the tutor."""
from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from .store import DEFAULT_DATA_DIR, data_dir

TELEGRAM_API = "https://api.telegram.org/bot"


def telegram_token() -> str:
    """The bot token from TELEGRAM_BOT_TOKEN, or from the file TELEGRAM_BOT_TOKEN_FILE names."""
    token = os.environ.get("TELEGRAM_BOT_TOKEN", "").strip()
    if not token and os.environ.get("TELEGRAM_BOT_TOKEN_FILE"):
        try:
            token = Path(os.environ["TELEGRAM_BOT_TOKEN_FILE"]).read_text(encoding="utf-8").strip()
        except OSError:
            token = ""
    return token


class SettingsError(ValueError):
    """A setting has a value the bot cannot use; the message names the variable."""


@dataclass(frozen=True)
class BotSettings:
    token: str
    base_url: str = TELEGRAM_API  # the Bot API server; the token is appended to it
    data_dir: Path = Path(DEFAULT_DATA_DIR)
    webhook_url: str = ""  # empty: long polling
    webhook_secret: str = ""
    webhook_listen: str = "0.0.0.0"
    webhook_port: int = 8443

    @property
    def webhook_path(self) -> str:
        """The path the webhook server listens on: the one in the public URL, so a proxy maps 1:1."""
        return urlsplit(self.webhook_url).path.lstrip("/")

    @classmethod
    def from_env(cls, token: str, webhook_url: str | None = None) -> BotSettings:
        env = os.environ
        webhook_url = (webhook_url if webhook_url is not None else env.get("TELEGRAM_WEBHOOK_URL", "")).strip()
        if webhook_url and urlsplit(webhook_url).scheme not in ("http", "https"):
            raise SettingsError(f"the webhook URL must start with https:// (got {webhook_url!r})")
        port_text = env.get("TELEGRAM_WEBHOOK_PORT", "8443").strip()
        if not port_text.isdigit() or not 0 < int(port_text) < 65536:
            raise SettingsError(f"TELEGRAM_WEBHOOK_PORT must be a port number (got {port_text!r})")
        secret = env.get("TELEGRAM_WEBHOOK_SECRET", "").strip()
        if secret and not all(c.isascii() and (c.isalnum() or c in "_-") for c in secret):
            raise SettingsError("TELEGRAM_WEBHOOK_SECRET may hold only A-Z, a-z, 0-9, _ and -")
        return cls(
            token=token,
            base_url=env.get("TELEGRAM_BASE_URL", "").strip() or TELEGRAM_API,
            data_dir=data_dir(),
            webhook_url=webhook_url,
            # a fresh secret per start is enough: setWebhook hands it to Telegram each time
            webhook_secret=secret or secrets.token_urlsafe(32),
            webhook_listen=env.get("TELEGRAM_WEBHOOK_LISTEN", "").strip() or "0.0.0.0",
            webhook_port=int(port_text),
        )
