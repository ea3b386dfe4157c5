"""`itil-tutor` as a real process against the emulator: long polling, webhook mode with its secret
token, clean stops on SIGTERM and Ctrl-C, a rejected token, and no token in the logs."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time

import pytest

from tests.botapi import updates as u
from tests.botapi.emulator import BotApiEmulator
from tests.conftest import REPO

ALICE = u.user(3001, "Alice")
DM = u.private_chat(ALICE)


def start_bot(emulator: BotApiEmulator, data_dir, *args: str, **env: str) -> subprocess.Popen:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("TELEGRAM_")}
    environment.update({"TELEGRAM_BOT_TOKEN": emulator.token, "TELEGRAM_BASE_URL": emulator.base_url,
                        "TUTOR_DATA_DIR": str(data_dir), "PYTHONUNBUFFERED": "1", **env})
    return subprocess.Popen([sys.executable, "-m", "bot", *args], cwd=REPO, env=environment,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def stop(proc: subprocess.Popen, sig: int = signal.SIGTERM) -> tuple[int, str]:
    proc.send_signal(sig)
    try:
        _, err = proc.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        _, err = proc.communicate()
        pytest.fail(f"the bot did not stop on {signal.Signals(sig).name}:\n{err}")
    return proc.returncode, err


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_polling_bot_answers_then_stops_cleanly_without_logging_the_token(emulator, tmp_path, sig):
    proc = start_bot(emulator, tmp_path)
    try:
        emulator.wait_for("setMyCommands", count=2, timeout=30)
        emulator.push(u.text(DM, ALICE, "what is the purpose of improve"))
        reply = emulator.wait_for("sendMessage", timeout=15)[0]
        assert reply.params["text"].startswith("<b>Purpose of Improve</b>")
    finally:
        status, err = stop(proc, sig)
    assert status == 0, err
    assert "Traceback" not in err
    assert emulator.token not in err
    assert emulator.token.split(":")[1] not in err
    assert (tmp_path / "tutor.sqlite3").exists()


def test_rejected_token_is_reported_plainly(tmp_path):
    emulator = BotApiEmulator(token="999:the-real-one").start()
    try:
        env = {**os.environ, "TELEGRAM_BOT_TOKEN": "999:a-wrong-one", "TELEGRAM_BASE_URL": emulator.base_url,
               "TUTOR_DATA_DIR": str(tmp_path)}
        done = subprocess.run([sys.executable, "-m", "bot"], cwd=REPO, env=env, capture_output=True, text=True,
                              timeout=60)
    finally:
        emulator.stop()
    assert done.returncode == 2
    assert "rejected the bot token" in done.stderr
    assert "Traceback" not in done.stderr
    assert "a-wrong-one" not in done.stderr


def test_unusable_data_directory_is_reported_plainly(emulator, tmp_path):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the data directory should be")
    proc = start_bot(emulator, blocker / "data")
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 2
    assert "cannot open the data file" in err
    assert "Traceback" not in err


def test_webhook_mode_accepts_only_requests_with_the_secret_token(emulator, tmp_path):
    port = free_port()
    url = f"http://127.0.0.1:{port}/telegram-hook"
    proc = start_bot(emulator, tmp_path, "--webhook-url", url,
                     TELEGRAM_WEBHOOK_LISTEN="127.0.0.1", TELEGRAM_WEBHOOK_PORT=str(port))
    try:
        emulator.wait_for("setWebhook", timeout=30)
        assert emulator.webhook["url"] == url
        secret = emulator.webhook["secret_token"]
        assert secret and len(secret) >= 32

        question = u.text(DM, ALICE, "inputs of obtain/build")
        assert _post_when_listening(emulator, question, secret=None) == 403
        assert emulator.post_to_webhook(question, secret="guessed-" + secret[:8]) == 403
        time.sleep(0.3)
        assert emulator.calls_to("sendMessage") == []

        assert emulator.post_to_webhook(question) == 200
        reply = emulator.wait_for("sendMessage", timeout=15)[0]
        assert reply.params["text"].startswith("<b>Inputs to Obtain/build</b>")
    finally:
        status, err = stop(proc)
    assert status == 0, err
    assert "Traceback" not in err
    assert emulator.token not in err and secret not in err


def test_webhook_mode_without_a_token_says_what_is_missing(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("TELEGRAM_")}
    done = subprocess.run([sys.executable, "-m", "bot", "--webhook-url", "https://tutor.example.org/hook"],
                          cwd=REPO, env={**env, "TUTOR_DATA_DIR": str(tmp_path)}, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 2
    assert "needs a bot token" in done.stderr


def _post_when_listening(emulator: BotApiEmulator, update: dict, secret: str | None) -> int:
    """The webhook server may still be binding just after setWebhook: retry refused connections."""
    deadline = time.monotonic() + 10
    while True:
        try:
            return emulator.post_to_webhook(update, secret=secret)
        except ConnectionRefusedError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def test_token_can_come_from_a_file(emulator, tmp_path):
    token_file = tmp_path / "token"
    token_file.write_text(emulator.token + "\n")
    proc = start_bot(emulator, tmp_path, TELEGRAM_BOT_TOKEN="", TELEGRAM_BOT_TOKEN_FILE=str(token_file))
    try:
        emulator.wait_for("setMyCommands", count=2, timeout=30)
    finally:
        status, err = stop(proc)
    assert status == 0, err
    assert emulator.token not in err
