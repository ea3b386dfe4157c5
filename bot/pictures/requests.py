"""Reading what someone asks to see: "/chain incident", "/chain engage d&t", `diagram plan improve`."""
from __future__ import annotations

import re

from knowledge import KnowledgeBase

from ..quiz.arguments import activities_named
from .specs import ChainPicture, chain_for_stream, chain_with, whole_chain


def stream_named(text: str, kb: KnowledgeBase):
    folded = " ".join(re.sub(r"\bvalue stream\b", " ", text.lower().replace("_", " ")).split())
    for stream in kb.value_streams:
        if folded in {stream.id.replace("_", " "), stream.name.lower(), *(a.lower() for a in stream.aliases)}:
            return stream
    return None


def chain_for_request(text: str, kb: KnowledgeBase) -> tuple[ChainPicture | None, str]:
    """The picture asked for, or a short explanation of what could not be read."""
    if not text.strip():
        return whole_chain(kb), ""
    stream = stream_named(text, kb)
    if stream is not None:
        return chain_for_stream(kb, stream), ""
    activities, unknown = activities_named(text, kb)
    if unknown:
        streams = ", ".join(s.id.replace("_", " ") for s in kb.value_streams)
        return None, (f"I don't know \u201c{unknown[:40]}\u201d. Name activities (engage, plan, d&t ...) "
                      f"or a value stream ({streams}).")
    return chain_with(kb, activities), ""
