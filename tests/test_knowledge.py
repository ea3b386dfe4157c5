"""The knowledge base: complete, consistent, and every kind of breakage named clearly."""
import subprocess
import sys

import pytest
import yaml

import knowledge
from knowledge import KnowledgeError

CANONICAL = ["plan", "improve", "engage", "design_transition", "obtain_build", "deliver_support"]


def test_six_activities_in_canonical_order(kb):
    assert list(kb.activity_ids) == CANONICAL
    for a in kb.activities:
        assert a.purpose and a.gist and a.key_activities and a.example and a.exam_tips


def test_inputs_and_outputs_are_two_views_of_one_flow_list(kb):
    for a in kb.activity_ids:
        assert kb.inputs_of(a), f"{a} has no inputs"
        assert kb.outputs_of(a), f"{a} has no outputs"
    # every output of one activity is the input of the activity it goes to
    for f in kb.flows:
        if kb.is_activity(f.target):
            assert f in kb.inputs_of(f.target)
        if kb.is_activity(f.source):
            assert f in kb.outputs_of(f.source)


def test_seed_facts_that_notes_md_settles(kb):
    # 000's mislabelled lists: Design and transition sends requirements and specifications to Obtain/build
    assert any("requirements and specifications" in f.item
               for f in kb.flows_between("design_transition", "obtain_build"))
    # Deliver and support receives new and changed products and services FROM Design and transition
    assert any("new and changed products and services" in f.item
               for f in kb.flows_between("design_transition", "deliver_support"))
    # Improve's last output, which lost its bullet
    assert kb.flows_between("improve", "design_transition")
    # D&T's purpose is the official one, not 002's "designing and building"
    assert "quality, costs and time to market" in kb.activity("design_transition").purpose
    # both documents' practices for Obtain/build are kept
    names = {p.name for p in kb.practices_of("obtain_build")}
    assert {"supplier management", "deployment management", "IT asset management"} <= names


def test_required_value_streams_and_incident_scenario(kb):
    assert {"new_service", "incident", "service_request", "change"} <= {v.id for v in kb.value_streams}
    incident = next(s for s in kb.scenarios if s.id == "incident")
    assert set(incident.mainly) == {"engage", "deliver_support"}


def test_concepts_cover_the_eval_topics(kb):
    assert {c.id for c in kb.concepts} == {"svc", "activities", "sequence", "value_stream", "svs", "practices"}


def _edit(folder, name, change):
    path = folder / name
    data = yaml.safe_load(path.read_text())
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False))


@pytest.mark.parametrize(
    "name, change, expected",
    [
        ("flows.yaml", lambda d: d["flows"][3].update(to="desing_transition"),
         ["flows.yaml", "flows[3]", "unknown activity or party id 'desing_transition'"]),
        ("activities.yaml", lambda d: d["activities"][1].update(id="plan"),
         ["activities.yaml", "activities[1]", "duplicate id 'plan'"]),
        ("activities.yaml", lambda d: d["activities"][2].pop("purpose"),
         ["activities.yaml", "activities[2] (id 'engage')", "missing required field 'purpose'"]),
        ("activities.yaml", lambda d: d["activities"][0].update(aliases="plan"),
         ["activities[0] (id 'plan')", "field 'aliases' should be a list, got text"]),
        ("activities.yaml", lambda d: d["activities"][0].update(purpse="typo"),
         ["activities[0] (id 'plan')", "unknown field 'purpse'"]),
        ("scenarios.yaml", lambda d: d["scenarios"][0].update(mainly=["engage", "deliver"]),
         ["scenarios.yaml", "scenarios[0] (id 'incident')", "unknown activity id 'deliver' in 'mainly'"]),
        ("value_streams.yaml", lambda d: d["value_streams"][1]["steps"][0].update(activity="engag"),
         ["value_streams.yaml", "value_streams[1] (id 'incident') step 0", "unknown activity id 'engag'"]),
        ("practices.yaml", lambda d: d["practices"][0].update(supports=[]),
         ["practices.yaml", "practices[0]", "field 'supports' is empty"]),
        ("comparisons.yaml", lambda d: d["comparisons"][0].update(between=["plan", "plan"]),
         ["comparisons.yaml", "comparisons[0]", "two different activities"]),
    ],
)
def test_broken_entries_are_named(kb_copy, name, change, expected):
    _edit(kb_copy, name, change)
    with pytest.raises(KnowledgeError) as err:
        knowledge.load(kb_copy)
    for part in expected:
        assert part in str(err.value)


def test_broken_yaml_names_file_and_line(kb_copy):
    path = kb_copy / "concepts.yaml"
    path.write_text("concepts:\n  - id: svc\n    title: [unclosed\n")
    with pytest.raises(KnowledgeError) as err:
        knowledge.load(kb_copy)
    assert "concepts.yaml" in str(err.value) and "not valid YAML at line" in str(err.value)


def test_missing_file_and_missing_folder(kb_copy, tmp_path):
    (kb_copy / "lexicon.yaml").unlink()
    with pytest.raises(KnowledgeError, match=r"lexicon.yaml: file is missing"):
        knowledge.load(kb_copy)
    with pytest.raises(KnowledgeError, match="is not a folder"):
        knowledge.load(tmp_path / "nowhere")


def test_yaml_tags_are_not_executed(kb_copy):
    path = kb_copy / "lexicon.yaml"
    path.write_text("synonyms: !!python/object/apply:os.system ['echo hacked']\n")
    with pytest.raises(KnowledgeError, match="not valid YAML"):
        knowledge.load(kb_copy)


def test_check_command_exit_status_and_message(kb_copy):
    ok = subprocess.run([sys.executable, "-m", "bot", "check", "--knowledge", str(kb_copy)],
                        capture_output=True, text=True)
    assert ok.returncode == 0 and "6 activities" in ok.stdout
    _edit(kb_copy, "flows.yaml", lambda d: d["flows"][0].update(item=None))
    bad = subprocess.run([sys.executable, "-m", "bot", "check", "--knowledge", str(kb_copy)],
                         capture_output=True, text=True)
    assert bad.returncode == 2
    assert "flows.yaml, flows[0]: missing required field 'item'" in bad.stderr
    assert "Traceback" not in bad.stderr


def test_environment_variable_selects_an_edited_copy(kb_copy):
    _edit(kb_copy, "activities.yaml", lambda d: d["activities"][0].update(gist="An instructor's own gist."))
    env = {"ITIL_TUTOR_KNOWLEDGE": str(kb_copy), "PATH": "/usr/bin:/bin"}
    run = subprocess.run([sys.executable, "-m", "bot", "ask", "tell me about plan"],
                         capture_output=True, text=True, env=env)
    assert "An instructor's own gist." in run.stdout
