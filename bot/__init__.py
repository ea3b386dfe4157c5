"""The tutor's core: answering, console and CLI. Knows nothing of Telegram."""
from .answers import Answer
from .engine import Tutor

__all__ = ["Answer", "Tutor"]
