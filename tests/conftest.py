import shutil
from pathlib import Path

import pytest

import knowledge
from bot.engine import Tutor

REPO = Path(__file__).resolve().parent.parent


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
