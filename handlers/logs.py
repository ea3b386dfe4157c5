"""Logging for the bot process, with secrets kept out of every line, tracebacks included."""
from __future__ import annotations

import logging
from collections.abc import Iterable

from telegram.error import InvalidToken


class RedactingFormatter(logging.Formatter):
    def __init__(self, fmt: str, secrets: Iterable[str]) -> None:
        super().__init__(fmt)
        self._secrets = [s for s in secrets if s]

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        for secret in self._secrets:
            text = text.replace(secret, "[redacted]")
        return text


class QuietKnownFailures(logging.Filter):
    """A rejected token is explained in one line by the caller; PTB's traceback of it helps no one."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and _caused_by(record.exc_info[1], InvalidToken):
            record.exc_info = None
        return True


def _caused_by(exc: BaseException | None, kind: type[BaseException]) -> bool:
    while exc is not None:
        if isinstance(exc, kind):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def configure_logging(secrets: Iterable[str], level: int = logging.INFO) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s", secrets))
    handler.addFilter(QuietKnownFailures())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # httpx logs every request URL at INFO, and Bot API URLs contain the token
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
