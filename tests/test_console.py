"""A whole console session driven through stdin, as a learner would type it."""
import io

from bot.console import Console


def session(tutor, *lines):
    out = io.StringIO()
    code = Console(tutor).run(stdin=io.StringIO("\n".join(lines) + "\n"), stdout=out, interactive=False)
    return code, out.getvalue()


def test_a_short_study_session(tutor):
    code, out = session(tutor, "/help", "what is the purpose of engage?", "", "engage vs deliver & support",
                        "/activities", "/frobnicate", "/quit", "this line is never read")
    assert code == 0
    assert "ITIL 4 service value chain tutor" in out  # welcome
    assert "/activities" in out and "/quit" in out  # help
    assert "Purpose of Engage" in out and "good understanding of stakeholder needs" in out
    assert "Engage vs Deliver and support" in out
    assert "Obtain/build:" in out  # the activity list
    assert "I don't know the command /frobnicate" in out
    assert out.rstrip().endswith("Bye, and good luck with the exam!")
    assert "never read" not in out


def test_end_of_input_ends_the_session_quietly(tutor):
    code, out = session(tutor, "tell me about improve")
    assert code == 0 and "Improve" in out


def test_garbage_does_not_break_the_session(tutor):
    code, out = session(tutor, "\x00\x1b[31m", "😀" * 300, "x" * 100_000, "purpose of plan")
    assert code == 0 and "Purpose of Plan" in out


def test_ask_command_works_as_in_telegram(tutor):
    code, out = session(tutor, "/ask outputs of improve", "/ask")
    assert code == 0
    assert "Outputs of Improve" in out
    assert "Ask like this: /ask" in out
