"""The Telegram face of the tutor: a thin adapter from updates to the core in `bot` and `knowledge`."""
import os

# Set before telegram is imported anywhere: PTB 22.8 then reports durations (RetryAfter's
# retry_after among them) as timedeltas instead of warning on every 429.
os.environ.setdefault("PTB_TIMEDELTA", "1")
