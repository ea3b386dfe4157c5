"""Settings read from the environment, shared by every face of the tutor."""
from __future__ import annotations

import os
from pathlib import Path


def telegram_token() -> str:
    """The bot token from TELEGRAM_BOT_TOKEN, or from the file TELEGRAM_BOT_TOKEN_FILE names."""
    token = os.environ.get("TELEGRAM_BOT_TOKEN", "").strip()
    if not token and os.environ.get("TELEGRAM_BOT_TOKEN_FILE"):
        try:
            token = Path(os.environ["TELEGRAM_BOT_TOKEN_FILE"]).read_text(encoding="utf-8").strip()
        except OSError:
            token = ""
    return token

