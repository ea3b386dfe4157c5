"""The answer object every face of the tutor shows, and its two renderings."""
from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Any

UNKNOWN = "unknown"


@dataclass(frozen=True)
class Section:
    """A block of an answer: an optional heading, then lines (shown as bullets when `bullets`)."""

    lines: tuple[str, ...]
    heading: str = ""
    bullets: bool = False


@dataclass(frozen=True)
class Answer:
    topic: str
    activities: tuple[str, ...]
    confidence: float
    title: str
    sections: tuple[Section, ...] = ()
    suggestions: tuple[str, ...] = field(default=())  # questions the learner may have meant or ask next

    @property
    def is_unknown(self) -> bool:
        return self.topic == UNKNOWN

    def to_text(self) -> str:
        parts = [self.title]
        for section in self.sections:
            block = [f"{section.heading}:"] if section.heading else []
            block += [f"  - {line}" if section.bullets else line for line in section.lines]
            parts.append("\n".join(block))
        if self.suggestions:
            parts.append("\n".join([f"{self.suggestions_heading}:", *(f"  - {s}" for s in self.suggestions)]))
        return "\n\n".join(parts)

    @property
    def suggestions_heading(self) -> str:
        return "Did you mean" if self.is_unknown else "You could also ask"

    def to_html(self, list_suggestions: bool = True) -> str:
        """Telegram-flavoured HTML: only <b> and <i>, every piece of text escaped, and no tag spanning a
        line break (so a long answer can be split at any line). Without `list_suggestions` only their
        heading is written: the caller shows the suggestions as buttons."""
        esc = html.escape
        parts = [f"<b>{esc(self.title)}</b>"]
        for section in self.sections:
            block = [f"<i>{esc(section.heading)}</i>"] if section.heading else []
            block += [f"• {esc(line)}" if section.bullets else esc(line) for line in section.lines]
            parts.append("\n".join(block))
        if self.suggestions:
            listed = [f"• {esc(s)}" for s in self.suggestions] if list_suggestions else []
            parts.append("\n".join([f"<i>{self.suggestions_heading}:</i>", *listed]))
        return "\n\n".join(parts)

    def to_json(self) -> dict[str, Any]:
        return {
            "topic": self.topic,
            "activities": list(self.activities),
            "confidence": round(self.confidence, 3),
            "text": self.to_text(),
        }
