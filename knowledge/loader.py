"""Load the knowledge base from YAML and validate it.

Every problem is reported as one KnowledgeError naming the file, the entry and what is wrong,
so an instructor editing a copy of the YAML can fix it without reading Python.
"""
from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import yaml

from .model import (
    ALL,
    QUESTION_STYLES,
    Activity,
    Comparison,
    Concept,
    Flow,
    KnowledgeBase,
    OutOfScope,
    Party,
    Practice,
    Scenario,
    Step,
    ValueStream,
    WrittenQuestion,
)

DEFAULT_DIR = Path(__file__).resolve().parent / "data"
ENV_VAR = "ITIL_TUTOR_KNOWLEDGE"
FILES = (
    "activities.yaml",
    "flows.yaml",
    "practices.yaml",
    "comparisons.yaml",
    "value_streams.yaml",
    "scenarios.yaml",
    "concepts.yaml",
    "lexicon.yaml",
    "questions.yaml",
)
_ID = re.compile(r"^[a-z][a-z0-9_]*$")
# libyaml's safe loader where PyYAML was built with it: the same safe subset, several times faster
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class KnowledgeError(Exception):
    """A problem in one knowledge file, with the file and entry it is in."""

    def __init__(self, file: Path | str, entry: str, problem: str) -> None:
        self.file, self.entry, self.problem = str(file), entry, problem
        where = f"{self.file}, {entry}" if entry else self.file
        super().__init__(f"{where}: {problem}")


def knowledge_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The folder to load: the one given, else $ITIL_TUTOR_KNOWLEDGE, else the packaged one."""
    chosen = explicit or os.environ.get(ENV_VAR) or DEFAULT_DIR
    return Path(chosen).expanduser()


class _Entry:
    """One mapping in a file; its accessors raise KnowledgeError naming file and entry."""

    def __init__(self, file: Path, label: str, data: Any, fields: Iterable[str]) -> None:
        self.file, self.label = file, label
        if not isinstance(data, dict):
            self.fail(f"should be a mapping of fields, got {_kind(data)}")
        if isinstance(data.get("id"), str):
            self.label = f"{label} (id {data['id']!r})"
        unknown = sorted(set(map(str, data)) - set(fields))
        if unknown:
            self.fail(f"unknown field {unknown[0]!r} (allowed: {', '.join(fields)})")
        self.data = data

    def fail(self, problem: str) -> None:
        raise KnowledgeError(self.file, self.label, problem)

    def text(self, key: str, required: bool = True) -> str:
        value = self.data.get(key)
        if value is None:
            if required:
                self.fail(f"missing required field {key!r}")
            return ""
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            self.fail(f"field {key!r} should be text, got {_kind(value)}")
        text = " ".join(str(value).split())
        if required and not text:
            self.fail(f"field {key!r} is empty")
        return text

    def texts(self, key: str, required: bool = True) -> tuple[str, ...]:
        value = self.data.get(key)
        if value is None:
            if required:
                self.fail(f"missing required field {key!r}")
            return ()
        if not isinstance(value, list):
            self.fail(f"field {key!r} should be a list, got {_kind(value)}")
        out = []
        for n, item in enumerate(value):
            if isinstance(item, bool) or not isinstance(item, (str, int, float)) or not str(item).strip():
                self.fail(f"item {n} of {key!r} should be non-empty text, got {_kind(item)}")
            out.append(" ".join(str(item).split()))
        if required and not out:
            self.fail(f"field {key!r} is empty")
        return tuple(out)

    def ident(self, key: str = "id") -> str:
        value = self.text(key)
        if not _ID.match(value):
            self.fail(f"{key} {value!r} should be lower-case letters, digits and underscores")
        return value

    def ref(self, key: str, known: Iterable[str], what: str = "activity id", required: bool = True) -> str:
        value = self.text(key, required)
        if value or required:
            _check_known(self, key, value, known, what)
        return value

    def refs(self, key: str, known: Iterable[str], what: str = "activity id", required: bool = True) -> tuple[str, ...]:
        values = self.texts(key, required)
        for value in values:
            _check_known(self, key, value, known, what)
        return values


def _check_known(entry: _Entry, key: str, value: str, known: Iterable[str], what: str) -> None:
    known = list(known)
    if value not in known:
        entry.fail(f"unknown {what} {value!r} in {key!r} (known: {', '.join(known)})")


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    return {dict: "a mapping", list: "a list", str: "text", bool: "true/false"}.get(type(value), type(value).__name__)


def _read(folder: Path, name: str, key: str) -> list[Any]:
    path = folder / name
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise KnowledgeError(path, "", "file is missing") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise KnowledgeError(path, "", f"cannot be read: {exc}") from None
    try:
        doc = yaml.load(raw, Loader=_SAFE_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise KnowledgeError(path, "", f"is not valid YAML{where}: {problem}") from None
    if not isinstance(doc, dict) or key not in doc:
        raise KnowledgeError(path, "", f"should be a mapping with a top-level {key!r} list")
    items = doc[key]
    if not isinstance(items, list):
        raise KnowledgeError(path, key, f"should be a list, got {_kind(items)}")
    return items


def _entries(folder: Path, name: str, key: str, fields: Iterable[str]) -> list[_Entry]:
    fields = tuple(fields)
    return [_Entry(folder / name, f"{key}[{n}]", item, fields) for n, item in enumerate(_read(folder, name, key))]


def _unique(entries: list[_Entry], values: list[Any], what: str = "id") -> None:
    seen: dict[Any, str] = {}
    for entry, value in zip(entries, values):
        if value in seen:
            entry.fail(f"duplicate {what} {value!r} (first used by {seen[value]})")
        seen[value] = entry.label


def _build(entries: list[_Entry], make: Callable[[_Entry], Any]) -> tuple[Any, ...]:
    return tuple(make(e) for e in entries)


def load(folder: str | os.PathLike[str] | None = None) -> KnowledgeBase:
    """Load and validate the knowledge base in `folder` (see knowledge_dir for the default)."""
    folder = knowledge_dir(folder)
    if not folder.is_dir():
        raise KnowledgeError(folder, "", "is not a folder of knowledge files")

    act_entries = _entries(folder, "activities.yaml", "activities",
                           ("id", "name", "aliases", "purpose", "gist", "key_activities", "example", "exam_tips"))
    activities = _build(act_entries, lambda e: Activity(
        id=e.ident(), name=e.text("name"), aliases=e.texts("aliases"), purpose=e.text("purpose"),
        gist=e.text("gist"), key_activities=e.texts("key_activities"), example=e.text("example"),
        exam_tips=e.texts("exam_tips")))
    if not activities:
        raise KnowledgeError(folder / "activities.yaml", "activities", "lists no activity")
    _unique(act_entries, [a.id for a in activities])
    ids = [a.id for a in activities]

    party_entries = _entries(folder, "activities.yaml", "outside_parties", ("id", "name"))
    parties = _build(party_entries, lambda e: Party(id=e.ident(), name=e.text("name")))
    _unique(act_entries + party_entries, ids + [p.id for p in parties])
    nodes = ids + [p.id for p in parties]

    flows = _load_flows(folder, ids, nodes)

    prac_entries = _entries(folder, "practices.yaml", "practices", ("id", "name", "aliases", "supports"))
    practices = _build(prac_entries, lambda e: Practice(
        id=e.ident(), name=e.text("name"), aliases=e.texts("aliases", required=False),
        supports=e.refs("supports", ids)))
    _unique(prac_entries, [p.id for p in practices])

    cmp_entries = _entries(folder, "comparisons.yaml", "comparisons", ("between", "summary", "points", "remember"))
    comparisons = _build(cmp_entries, lambda e: _comparison(e, ids))
    _unique(cmp_entries, [frozenset(c.between) for c in comparisons], "pair")

    vs_entries = _entries(folder, "value_streams.yaml", "value_streams",
                          ("id", "name", "aliases", "summary", "steps", "note"))
    streams = _build(vs_entries, lambda e: _value_stream(e, ids))
    _unique(vs_entries, [v.id for v in streams])

    sc_entries = _entries(folder, "scenarios.yaml", "scenarios",
                          ("id", "situation", "mainly", "also", "why", "words", "examples", "value_stream"))
    scenarios = _build(sc_entries, lambda e: _scenario(e, ids, [v.id for v in streams]))
    _unique(sc_entries, [s.id for s in scenarios])

    con_entries = _entries(folder, "concepts.yaml", "concepts", ("id", "title", "asked_as", "text"))
    concepts = _build(con_entries, lambda e: Concept(
        id=e.ident(), title=e.text("title"), asked_as=e.texts("asked_as"), text=e.text("text")))
    _unique(con_entries, [c.id for c in concepts])
    oos_entries = _entries(folder, "concepts.yaml", "out_of_scope", ("topic", "asked_as"))
    out_of_scope = _build(oos_entries, lambda e: OutOfScope(topic=e.text("topic"), asked_as=e.texts("asked_as")))

    synonyms = _load_synonyms(folder)

    q_entries = _entries(folder, "questions.yaml", "questions",
                         ("id", "style", "question", "correct", "wrong", "statements", "true_statements", "answer",
                          "explanation", "activities"))
    questions = _build(q_entries, lambda e: _written_question(e, ids))
    _unique(q_entries, [q.id for q in questions])
    return KnowledgeBase(
        source=str(folder), activities=activities, parties=parties, flows=flows, practices=practices,
        comparisons=comparisons, value_streams=streams, scenarios=scenarios, concepts=concepts,
        out_of_scope=out_of_scope, synonyms=synonyms, questions=questions)


def _load_flows(folder: Path, ids: list[str], nodes: list[str]) -> tuple[Flow, ...]:
    flows: list[Flow] = []
    first_seen: dict[Flow, str] = {}
    for entry in _entries(folder, "flows.yaml", "flows", ("from", "item", "to")):
        item = entry.text("item")
        sources, targets = _ends(entry, "from", nodes), _ends(entry, "to", nodes)
        entry.label = f"{entry.label} ({item})"
        if sources is None and targets is None:
            entry.fail("'from' and 'to' cannot both be 'all'")
        for source in sources or ids:
            for target in targets or ids:
                if source == target:
                    continue
                if source not in ids and target not in ids:
                    entry.fail(f"flow from {source!r} to {target!r} does not touch any activity")
                flow = Flow(source, item, target)
                if flow in first_seen:
                    entry.fail(f"repeats the flow {source} -> {target} already given by {first_seen[flow]}")
                first_seen[flow] = entry.label
                flows.append(flow)
    return tuple(flows)


def _ends(entry: _Entry, key: str, nodes: list[str]) -> list[str] | None:
    """The ids one end of a flow names; None means 'all activities'."""
    value = entry.data.get(key)
    if value == ALL:
        return None
    if isinstance(value, str):
        _check_known(entry, key, value, nodes, "activity or party id")
        return [value]
    return list(entry.refs(key, nodes, "activity or party id"))


def _comparison(entry: _Entry, ids: list[str]) -> Comparison:
    between = entry.refs("between", ids)
    if len(between) != 2 or between[0] == between[1]:
        entry.fail("'between' should name two different activities")
    return Comparison(between=(between[0], between[1]), summary=entry.text("summary"),
                      points=entry.texts("points"), remember=entry.text("remember"))


def _value_stream(entry: _Entry, ids: list[str]) -> ValueStream:
    raw_steps = entry.data.get("steps")
    if not isinstance(raw_steps, list) or not raw_steps:
        entry.fail("field 'steps' should be a non-empty list of {activity, what}")
    steps = []
    for n, raw in enumerate(raw_steps):
        step = _Entry(entry.file, f"{entry.label} step {n}", raw, ("activity", "what"))
        steps.append(Step(activity=step.ref("activity", ids), what=step.text("what")))
    return ValueStream(id=entry.ident(), name=entry.text("name"), aliases=entry.texts("aliases", required=False),
                       summary=entry.text("summary"), steps=tuple(steps), note=entry.text("note", required=False))


def _scenario(entry: _Entry, ids: list[str], stream_ids: list[str]) -> Scenario:
    mainly, also = entry.refs("mainly", ids), entry.refs("also", ids, required=False)
    both = set(mainly) & set(also)
    if both:
        entry.fail(f"{sorted(both)[0]!r} is in both 'mainly' and 'also'")
    why = entry.data.get("why")
    if not isinstance(why, dict):
        entry.fail(f"field 'why' should map activity ids to reasons, got {_kind(why)}")
    reasons = _Entry(entry.file, f"{entry.label} why", why, ids)
    missing = [a for a in mainly if a not in why]
    if missing:
        entry.fail(f"'why' gives no reason for {missing[0]!r}")
    return Scenario(
        id=entry.ident(), situation=entry.text("situation"), mainly=mainly, also=also,
        why={a: reasons.text(a) for a in why}, words=entry.texts("words"),
        examples=entry.texts("examples", required=False),
        value_stream=entry.ref("value_stream", stream_ids, "value stream id", required=False) or None)


def _written_question(entry: _Entry, ids: list[str]) -> WrittenQuestion:
    style = entry.text("style")
    if style not in QUESTION_STYLES:
        entry.fail(f"unknown style {style!r} (known: {', '.join(QUESTION_STYLES)})")
    common = dict(id=entry.ident(), style=style, question=entry.text("question"),
                  explanation=entry.text("explanation"), activities=entry.refs("activities", ids, required=False))
    allowed = {"list": {"statements", "true_statements"}, "true_false": {"answer"}}.get(style, {"correct", "wrong"})
    extra = sorted(k for k in ("correct", "wrong", "statements", "true_statements", "answer")
                   if k in entry.data and k not in allowed)
    if extra:
        entry.fail(f"field {extra[0]!r} does not belong in a {style} question (it takes {', '.join(sorted(allowed))})")
    if style == "true_false":
        answer = entry.data.get("answer")
        if not isinstance(answer, bool):
            entry.fail("field 'answer' should be true or false")
        return WrittenQuestion(**common, answer=answer)
    if style == "list":
        statements = entry.texts("statements")
        if len(statements) != 4:
            entry.fail(f"a list question has 4 statements, this one has {len(statements)}")
        true = entry.data.get("true_statements")
        if (not isinstance(true, list) or len(true) != 2 or len(set(true)) != 2
                or not all(isinstance(n, int) and not isinstance(n, bool) and 1 <= n <= 4 for n in true)):
            entry.fail("field 'true_statements' should list two different statement numbers from 1 to 4")
        return WrittenQuestion(**common, statements=statements, true_statements=tuple(sorted(true)))
    correct, wrong = entry.text("correct"), entry.texts("wrong")
    if len(wrong) > 11:
        entry.fail("a question has at most 12 options, so at most 11 'wrong' ones")
    if correct in wrong or len(set(wrong)) != len(wrong):
        entry.fail("the options should all be different")
    return WrittenQuestion(**common, correct=correct, wrong=wrong)


def _load_synonyms(folder: Path) -> tuple[tuple[str, ...], ...]:
    path = folder / "lexicon.yaml"
    groups: list[tuple[str, ...]] = []
    owner: dict[str, int] = {}
    for n, group in enumerate(_read(folder, "lexicon.yaml", "synonyms")):
        label = f"synonyms[{n}]"
        if not isinstance(group, list) or len(group) < 2:
            raise KnowledgeError(path, label, "should be a list of at least two words")
        words = []
        for word in group:
            if not isinstance(word, str) or len(word.split()) != 1:
                raise KnowledgeError(path, label, f"{word!r} should be a single word")
            word = word.lower()
            if word in owner:
                raise KnowledgeError(path, label, f"{word!r} is already in synonyms[{owner[word]}]")
            owner[word] = n
            words.append(word)
        groups.append(tuple(words))
    return tuple(groups)
