"""Telegram adapter: parses updates, calls the tutor's core, renders replies."""
