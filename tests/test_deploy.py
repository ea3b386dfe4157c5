"""The files in deploy/ agree with the code they deploy."""
from __future__ import annotations

import re

import yaml

from handlers.commands import botfather_list
from tests.conftest import REPO

DEPLOY = REPO / "deploy"
SETTINGS = ("TELEGRAM_BOT_TOKEN", "TELEGRAM_BOT_TOKEN_FILE", "TUTOR_DATA_DIR", "TELEGRAM_BASE_URL",
            "TELEGRAM_WEBHOOK_URL", "TELEGRAM_WEBHOOK_LISTEN", "TELEGRAM_WEBHOOK_PORT", "TELEGRAM_WEBHOOK_SECRET")


def test_botfather_list_matches_the_commands_the_bot_registers():
    assert (DEPLOY / "botfather-commands.txt").read_text(encoding="utf-8") == botfather_list()


def test_every_setting_the_code_reads_is_documented():
    code = "".join(p.read_text(encoding="utf-8") for p in (REPO / "bot").glob("*.py"))
    read = set(re.findall(r"\b(?:TELEGRAM|TUTOR)_[A-Z_]+\b", code)) - {"TELEGRAM_API"}
    assert read == set(SETTINGS)
    example = (DEPLOY / ".env.example").read_text(encoding="utf-8")
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for name in SETTINGS:
        assert name in example, name
        assert name in readme, name


def test_compose_file_builds_from_the_dockerfile_and_keeps_data_in_a_volume():
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))
    service = compose["services"]["tutor"]
    assert (DEPLOY / service["build"]["context"] / service["build"]["dockerfile"]).resolve() == \
        (DEPLOY / "Dockerfile").resolve()
    assert any(v.endswith(":/data") for v in service["volumes"])


def test_dockerfile_runs_as_a_non_root_user_with_a_data_volume():
    dockerfile = (DEPLOY / "Dockerfile").read_text(encoding="utf-8")
    assert re.search(r"^USER (?!root)\w+", dockerfile, re.M)
    assert "VOLUME" in dockerfile and "TUTOR_DATA_DIR=/data" in dockerfile
