"""The question bank: big enough, well formed, and every generated answer true by the knowledge base
(checked here straight from the facts, not by re-running the generator's own logic)."""
from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
import yaml

import knowledge
from bot.quiz import build_bank
from bot.quiz.bank import LETTERS
from knowledge import KnowledgeError


@pytest.fixture(scope="module")
def bank(kb):
    return build_bank(kb)


def names(kb):
    return {a.name: a.id for a in kb.activities}


def test_at_least_150_distinct_questions_each_with_an_explanation(bank):
    distinct = {(q.text, q.options) for q in bank.questions}
    assert len(distinct) >= 150
    for q in bank.questions:
        assert q.explanation.strip() and q.text.strip()
        assert 2 <= len(q.options) <= len(LETTERS) and len(set(q.options)) == len(q.options)
        assert 0 <= q.correct < len(q.options)


def test_all_exam_styles_are_present(bank):
    assert {q.style for q in bank.questions} >= {"standard", "negative", "missing_word", "list", "true_false"}
    for q in bank.questions:
        if q.style == "missing_word":
            assert "___" in q.text
        if q.style == "negative":
            assert "NOT" in q.text


def test_the_bank_is_the_same_on_every_build(kb, bank):
    assert build_bank(kb).questions == bank.questions


def test_correct_answers_are_spread_over_the_options(bank):
    positions = [q.correct for q in bank.questions if len(q.options) == 4]
    for index in range(4):
        assert positions.count(index) > len(positions) / 8


def _sends(kb, source, item, target) -> bool:
    return any(f.source == source and f.item == item and f.target == target for f in kb.flows)


QUOTED = re.compile(r"\u201c(.+?)\u201d")


def test_every_generated_answer_is_true_and_every_distractor_false(kb, bank):
    by_name = names(kb)
    checked = 0
    for q in bank.questions:
        if q.kind == "written":
            continue
        checked += 1
        right, wrong = q.options[q.correct], [o for i, o in enumerate(q.options) if i != q.correct]
        if q.kind == "purpose_to_activity":
            assert kb.activity(by_name[right]).purpose in q.text
            assert all(kb.activity(by_name[w]).purpose not in q.text for w in wrong)
        elif q.kind == "activity_to_purpose":
            activity = next(a for a in kb.activities if q.text == f"What is the purpose of {a.name}?")
            assert right == activity.purpose and activity.purpose not in wrong
        elif q.kind == "flow_source":
            item = QUOTED.search(q.text)[1]
            target_name = re.search(r"\u201d to (.+)\?$", q.text)[1]
            target = by_name.get(target_name) or next(p.id for p in kb.parties if p.name == target_name)
            assert _sends(kb, by_name[right], item, target), q.id
            assert not any(_sends(kb, by_name[w], item, target) for w in wrong), q.id
        elif q.kind == "flow_source_all":
            item = QUOTED.search(q.text)[1]
            assert all(_sends(kb, by_name[right], item, t) for t in kb.activity_ids if t != by_name[right])
            assert not any(_sends(kb, by_name[w], item, t) for w in wrong for t in kb.activity_ids)
        elif q.kind == "flow_target":
            item = QUOTED.search(q.text)[1]
            source_name = re.search(r"\u201d from (.+)\?$", q.text)[1]
            source = by_name.get(source_name) or next(p.id for p in kb.parties if p.name == source_name)
            assert _sends(kb, source, item, by_name[right]), q.id
            assert not any(_sends(kb, source, item, by_name[w]) for w in wrong), q.id
        elif q.kind == "practice":
            practice = next(p for p in kb.practices if f"the {p.name} practice" in q.text)
            assert by_name[right] in practice.supports
            assert not any(by_name[w] in practice.supports for w in wrong)
        elif q.kind == "key_activity":
            work = q.text.split("this work: ", 1)[1].rstrip("?")
            assert work in kb.activity(by_name[right]).key_activities
            assert not any(work in kb.activity(by_name[w]).key_activities for w in wrong)
        elif q.kind == "scenario":
            scenario = next(s for s in kb.scenarios if q.text.startswith((s.situation, *s.examples)))
            chosen = {by_name[n] for n in right.split(" + ")}
            assert chosen == set(scenario.mainly)
            for w in wrong:
                others = {by_name[n] for n in w.split(" + ")}
                # a wrong set names an activity that takes no part at all, so nobody can argue for it
                assert others - set(scenario.mainly) - set(scenario.also), (q.id, w)
        elif q.kind == "stream_step":
            stream = next(v for v in kb.value_streams if f"the {v.name} value stream" in q.text)
            what = q.text.split("this step: ", 1)[1].rstrip("?")
            doers = {s.activity for s in stream.steps if s.what == what}
            assert doers == {by_name[right]} and not doers & {by_name[w] for w in wrong}
        elif q.kind in ("not_output", "not_input"):
            activity = next(a for a in kb.activities if q.text.endswith(f"of {a.name}?"))
            flows = kb.outputs_of(activity.id) if q.kind == "not_output" else kb.inputs_of(activity.id)
            items = {f.item for f in flows}
            assert right not in items and all(w in items for w in wrong), q.id
        elif q.kind == "list_inputs":
            statements = re.findall(r"^(\d)\. (.+) receives \u201c(.+)\u201d from (.+)\.$", q.text, re.M)
            assert len(statements) == 4
            truth = {int(n) for n, to, item, source in statements if _sends(kb, by_name[source], item, by_name[to])}
            assert len(truth) == 2
            assert right == " and ".join(str(n) for n in sorted(truth))
        else:
            pytest.fail(f"no check for question kind {q.kind}")
    assert checked >= 150


def test_nothing_is_asked_on_the_contested_points(bank):
    for q in bank.questions:
        text = " ".join((q.text, *q.options)).lower()
        assert "only activity" not in text  # 003's "Improve links to all" claim
        assert "deployment management" not in text or q.kind == "practice"
        assert not re.search(r"\b(first|next) (activity|step)\b", text) or q.style == "true_false"


def test_quiz_dump_prints_the_bank_as_json(bank):
    out = subprocess.run([sys.executable, "-m", "bot.cli", "quiz", "--dump"], capture_output=True, text=True,
                         check=True).stdout
    dumped = json.loads(out)
    assert len(dumped) == len(bank)
    assert set(dumped[0]) == {"id", "question", "options", "correct", "explanation", "activities"}
    assert dumped[0]["options"][dumped[0]["correct"]] == bank.questions[0].answer


def test_a_broken_written_question_is_reported_with_file_and_entry(kb_copy):
    path = kb_copy / "questions.yaml"
    doc = yaml.safe_load(path.read_text())
    doc["questions"][0]["answer"] = "maybe"
    path.write_text(yaml.safe_dump(doc))
    where = r"questions.yaml, questions\[0\] \(id 'tf_fixed_order'\): .*true or false"
    with pytest.raises(KnowledgeError, match=where):
        knowledge.load(kb_copy)
    doc["questions"][0] = {"id": "x", "style": "list", "question": "?", "statements": ["a", "b", "c", "d"],
                           "true_statements": [1, 1], "explanation": "e"}
    path.write_text(yaml.safe_dump(doc))
    with pytest.raises(KnowledgeError, match="two different statement numbers"):
        knowledge.load(kb_copy)
