import os
import shutil
from pathlib import Path

import pytest

import knowledge
from bot.engine import Tutor

REPO = Path(__file__).resolve().parent.parent

# PTB 22.8 warns about int durations unless this is set; tests turn warnings into errors
os.environ.setdefault("PTB_TIMEDELTA", "1")


@pytest.fixture(scope="session")
def kb():
    return knowledge.load()


@pytest.fixture(scope="session")
def tutor(kb):
    return Tutor(kb)


@pytest.fixture
def kb_copy(tmp_path):
    """A writable copy of the packaged knowledge folder, for breaking on purpose."""
    target = tmp_path / "knowledge"
    shutil.copytree(knowledge.DEFAULT_DIR, target)
    return target


@pytest.fixture
def emulator():
    from tests.botapi.emulator import BotApiEmulator

    emu = BotApiEmulator().start()
    yield emu
    emu.stop()


@pytest.fixture
def clock():
    """A clock the test moves forward (tests/botapi/harness.py's Clock)."""
    from tests.botapi.harness import Clock

    return Clock()


@pytest.fixture
async def bot(kb, tmp_path, emulator, clock):
    """The real bot on the emulator, on the test's clock, for timers and deadlines."""
    from tests.botapi.harness import running_bot

    async with running_bot(kb, tmp_path, emulator, clock=clock) as harness:
        yield harness


@pytest.fixture
async def telegram(kb, tmp_path, emulator):
    """The real bot, polling a local Bot API emulator; see tests/botapi/harness.py."""
    from tests.botapi.harness import running_bot

    async with running_bot(kb, tmp_path, emulator) as harness:
        yield harness
