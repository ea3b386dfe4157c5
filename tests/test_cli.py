"""The command line as the eval scorer and a learner use it."""
import json
import os
import subprocess
import sys

import pytest


def run(*args, stdin=None, env=None):
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("TELEGRAM_")}
    full_env.update(env or {})
    return subprocess.run([sys.executable, "-m", "bot", *args], input=stdin, capture_output=True, text=True,
                          env=full_env, timeout=60)


def test_ask_jsonl_answers_every_line_in_order_and_nothing_else():
    questions = ["purpose of plan", "", "xyzzy", "engage vs deliver and support", "é" * 5000]
    out = run("ask", "--jsonl", stdin="\n".join(questions) + "\n")
    assert out.returncode == 0
    lines = out.stdout.splitlines()
    assert len(lines) == len(questions)
    answers = [json.loads(line) for line in lines]
    for a in answers:
        assert set(a) == {"topic", "activities", "confidence", "text"}
        assert 0 <= a["confidence"] <= 1 and isinstance(a["activities"], list) and a["text"]
    assert answers[0]["topic"] == "activity.plan.purpose" and answers[0]["activities"] == ["plan"]
    assert answers[1]["topic"] == answers[2]["topic"] == "unknown"
    assert answers[3]["topic"] == "compare.engage.deliver_support"


def test_ask_json_one_question():
    out = run("ask", "--json", "which activity resolves incidents")
    answer = json.loads(out.stdout)
    assert answer["activities"][0] == "deliver_support"


def test_ask_plain_text():
    out = run("ask", "what", "does", "improve", "send", "to", "plan")
    assert out.returncode == 0
    assert out.stdout.startswith("From Improve to Plan")
    assert "value chain performance information" in out.stdout


def test_ask_without_question_is_a_usage_error():
    out = run("ask")
    assert out.returncode == 2 and "give a question" in out.stderr


def test_no_subcommand_without_token_starts_the_console_and_says_so():
    out = run(stdin="purpose of engage\n/quit\n")
    assert out.returncode == 0
    assert "no TELEGRAM_BOT_TOKEN set, starting the console" in out.stderr
    assert "Purpose of Engage" in out.stdout and "Bye" in out.stdout


def test_unknown_subcommand_is_refused_cleanly():
    out = run("fly")
    assert out.returncode == 2 and "invalid choice" in out.stderr and "Traceback" not in out.stderr


@pytest.mark.parametrize("args", [("check",), ("ask", "purpose of plan")])
def test_broken_knowledge_exits_2_without_traceback(tmp_path, args):
    out = run("--knowledge", str(tmp_path / "missing"), *args)
    assert out.returncode == 2
    assert "knowledge error" in out.stderr and "Traceback" not in out.stderr


def test_bench_prints_figures():
    out = run("bench", "-n", "300")
    assert out.returncode == 0
    assert "start-up:" in out.stdout and "p99" in out.stdout


def test_a_closed_pipe_is_not_a_traceback():
    proc = subprocess.Popen([sys.executable, "-m", "bot", "ask", "--jsonl"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    proc.stdout.close()  # like `| head` exiting before the tutor is done
    _, err = proc.communicate("purpose of plan\n" * 2000, timeout=60)
    assert proc.returncode == 0 and "Traceback" not in err
