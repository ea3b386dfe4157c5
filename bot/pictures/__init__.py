"""Pictures: the service value chain with activities highlighted and value-stream steps numbered,
and a learner's mastery chart. Specs are plain values; the painter draws them to PNG and caches."""
from .painter import Painter
from .specs import (
    ChainPicture,
    MasteryChart,
    MasteryRow,
    Picture,
    chain_for_scenario,
    chain_for_stream,
    chain_with,
    for_answer_topic,
    whole_chain,
)

__all__ = ["ChainPicture", "MasteryChart", "MasteryRow", "Painter", "Picture", "chain_for_scenario",
           "chain_for_stream", "chain_with", "for_answer_topic", "whole_chain"]
