"""The ITIL 4 service value chain as validated data. Imports nothing else of this project."""
from .loader import DEFAULT_DIR, ENV_VAR, KnowledgeError, knowledge_dir, load
from .model import KnowledgeBase

__all__ = ["DEFAULT_DIR", "ENV_VAR", "KnowledgeBase", "KnowledgeError", "knowledge_dir", "load"]
