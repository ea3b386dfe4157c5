"""Questions generated from the knowledge base: every fact that has one right answer among the
activities becomes a question, with distractors that are wrong by the knowledge base.

A distractor must be unambiguously wrong, not merely absent: an activity that sends "improvement
opportunities" is no fair distractor for one that sends "continual improvement opportunities". So
each generator drops a distractor that has a fact close in wording to the right one (CONFUSABLE).
Every choice is seeded by the question's id, so the bank is the same on every start.
"""
from __future__ import annotations

import itertools
import random
from collections import defaultdict
from collections.abc import Iterator

from rapidfuzz import fuzz, utils

from knowledge import KnowledgeBase

from .bank import Question, pair_options, shuffled

OPTIONS = 4  # the Foundation exam's A-D
CONFUSABLE = 80  # rapidfuzz token_set_ratio at or above which two facts read as the same thing


def generated_questions(kb: KnowledgeBase) -> Iterator[Question]:
    for make in (purpose_to_activity, activity_to_purpose, flow_sources, flow_targets, practices,
                 key_activities, scenarios, stream_steps, not_inputs_or_outputs, flow_statements):
        yield from make(kb)


def _similar(a: str, b: str) -> bool:
    return fuzz.token_set_ratio(a, b, processor=utils.default_process) >= CONFUSABLE


def _slug(text: str) -> str:
    return "_".join(utils.default_process(text).split())


def _activity_question(kb: KnowledgeBase, qid: str, kind: str, text: str, correct: str, candidates: list[str],
                       explanation: str, about: tuple[str, ...], activities: tuple[str, ...] = ()) -> Question | None:
    """A question whose options are activity names: the right one and three of `candidates`."""
    candidates = [c for c in kb.activity_ids if c in candidates and c != correct]
    if len(candidates) < OPTIONS - 1:
        return None
    rng = random.Random(qid)
    wrong = rng.sample(candidates, OPTIONS - 1)
    options, index = shuffled(kb.name_of(correct), [kb.name_of(w) for w in wrong], rng)
    return Question(qid, "standard", text, options, index, explanation, activities or (correct,), kind, about)


def purpose_to_activity(kb: KnowledgeBase) -> Iterator[Question]:
    for a in kb.activities:
        q = _activity_question(
            kb, f"purpose_of:{a.id}", "purpose_to_activity",
            f"Which value chain activity has this purpose? \u201c{a.purpose}\u201d",
            a.id, list(kb.activity_ids), f"That is the purpose of {a.name}. {a.gist}", (a.id,))
        if q:
            yield q


def activity_to_purpose(kb: KnowledgeBase) -> Iterator[Question]:
    for a in kb.activities:
        qid = f"purpose:{a.id}"
        rng = random.Random(qid)
        others = rng.sample([o.purpose for o in kb.activities if o.id != a.id], OPTIONS - 1)
        options, index = shuffled(a.purpose, others, rng)
        yield Question(qid, "standard", f"What is the purpose of {a.name}?", options, index,
                       f"{a.name}: {a.gist}", (a.id,), "activity_to_purpose", (a.id,))


def _targets_by_source_item(kb: KnowledgeBase) -> dict[tuple[str, str], set[str]]:
    grouped: dict[tuple[str, str], set[str]] = defaultdict(set)
    for f in kb.flows:
        grouped[(f.source, f.item)].add(f.target)
    return grouped


def _sends_to_all(kb: KnowledgeBase, source: str, targets: set[str]) -> bool:
    return kb.is_activity(source) and set(kb.activity_ids) - {source} <= targets


def flow_sources(kb: KnowledgeBase) -> Iterator[Question]:
    """'Which activity sends X to Y?' (or 'to every other activity')."""
    by_item_target: dict[tuple[str, str], set[str]] = defaultdict(set)
    to_all: dict[str, set[str]] = defaultdict(set)
    for (source, item), targets in _targets_by_source_item(kb).items():
        if not kb.is_activity(source):
            continue
        if _sends_to_all(kb, source, targets):
            to_all[item].add(source)
            continue
        for target in targets:
            by_item_target[(item, target)].add(source)
    for item, sources in sorted(to_all.items()):
        fair = [a for a in kb.activity_ids if a not in sources and not any(
            _similar(item, f.item) for f in kb.outputs_of(a))]
        correct = sorted(sources)[0]
        q = _activity_question(
            kb, f"sends_to_all:{_slug(item)}", "flow_source_all",
            f"Which activity sends \u201c{item}\u201d to every other value chain activity?",
            correct, fair, f"{kb.name_of(correct)} sends {item} to all the other activities.", (item,))
        if q:
            yield q
    for (item, target), sources in sorted(by_item_target.items()):
        correct = sorted(sources)[0]
        fair = [a for a in kb.activity_ids if a != target and a not in sources and not any(
            _similar(item, f.item) for f in kb.flows_between(a, target))]
        q = _activity_question(
            kb, f"sends:{_slug(item)}:{target}", "flow_source",
            f"Which activity sends \u201c{item}\u201d to {kb.name_of(target)}?",
            correct, fair, f"{kb.name_of(correct)} sends {item} to {kb.name_of(target)}.", (item, target),
            (correct,) + ((target,) if kb.is_activity(target) else ()))
        if q:
            yield q


def flow_targets(kb: KnowledgeBase) -> Iterator[Question]:
    """'Which activity receives X from Y?' for flows that go to a few activities, not to all."""
    for (source, item), targets in sorted(_targets_by_source_item(kb).items()):
        receivers = [t for t in targets if kb.is_activity(t)]
        if not receivers or _sends_to_all(kb, source, targets):
            continue
        correct = sorted(receivers)[0]
        fair = [a for a in kb.activity_ids if a != source and a not in targets and not any(
            _similar(item, f.item) for f in kb.flows_between(source, a))]
        q = _activity_question(
            kb, f"receives:{_slug(item)}:{source}", "flow_target",
            f"Which activity receives \u201c{item}\u201d from {kb.name_of(source)}?",
            correct, fair, f"{kb.name_of(source)} sends {item} to "
            f"{_names(kb, kb.in_canonical_order(receivers))}.", (source, item),
            (correct,) + ((source,) if kb.is_activity(source) else ()))
        if q:
            yield q


def practices(kb: KnowledgeBase) -> Iterator[Question]:
    for p in kb.practices:
        correct = p.supports[0]
        q = _activity_question(
            kb, f"practice:{p.id}", "practice",
            f"In the study material, the {p.name} practice supports which value chain activity?",
            correct, [a for a in kb.activity_ids if a not in p.supports],
            f"{p.name[0].upper()}{p.name[1:]} supports {_names(kb, p.supports)}. Practices support "
            "activities, many to many.", (p.id,))
        if q:
            yield q


def key_activities(kb: KnowledgeBase) -> Iterator[Question]:
    for a in kb.activities:
        for work in a.key_activities:
            fair = [o.id for o in kb.activities if o.id != a.id and not _similar(work, o.purpose)
                    and not any(_similar(work, k) for k in o.key_activities)]
            q = _activity_question(
                kb, f"work:{a.id}:{_slug(work)}", "key_activity",
                f"Which value chain activity includes this work: {work}?",
                a.id, fair, f"{work[0].upper()}{work[1:]} is part of {a.name}. {a.gist}", (a.id, work))
            if q:
                yield q


def scenarios(kb: KnowledgeBase) -> Iterator[Question]:
    """A situation and the set of activities mainly involved. Each wrong set holds an activity
    that takes no part at all, since one that 'may take part' could be argued for."""
    for s in kb.scenarios:
        outsiders = set(kb.activity_ids) - set(s.mainly) - set(s.also)
        if not outsiders:
            continue
        mainly = frozenset(s.mainly)
        for n, situation in enumerate((s.situation, *s.examples)):
            qid = f"scenario:{s.id}:{n}"
            rng = random.Random(qid)
            wrong_sets = [set(c) for c in itertools.combinations(kb.activity_ids, len(mainly))
                          if set(c) & outsiders]
            rng.shuffle(wrong_sets)
            wrong_sets.sort(key=lambda c: -len(c & mainly))  # the most tempting first
            if len(wrong_sets) < OPTIONS - 1:
                continue
            options, index = shuffled(_set_label(kb, mainly), [_set_label(kb, c) for c in wrong_sets[:OPTIONS - 1]],
                                      rng)
            which = "activity is" if len(mainly) == 1 else "activities are"
            why = " ".join(f"{kb.name_of(a)} {s.why[a]}" for a in s.mainly)
            yield Question(qid, "standard", f"{situation} Which {which} mainly involved?", options, index,
                           why, tuple(kb.in_canonical_order(mainly)), "scenario", (s.id,))


def stream_steps(kb: KnowledgeBase) -> Iterator[Question]:
    for v in kb.value_streams:
        for n, step in enumerate(v.steps):
            fair = [a for a in kb.activity_ids if not any(
                _similar(step.what, other.what) for other in v.steps if other.activity == a)]
            q = _activity_question(
                kb, f"stream:{v.id}:{n}", "stream_step",
                f"In the {v.name} value stream, which activity does this step: {step.what}?",
                step.activity, fair, f"In {v.name}, {kb.name_of(step.activity)} does this: {step.what}. "
                "A value stream is one path through the activities, not a fixed order.", (v.id, str(n)))
            if q:
                yield q


def not_inputs_or_outputs(kb: KnowledgeBase) -> Iterator[Question]:
    """'Which of these is NOT an output (input) of X?': three real ones and one that is not."""
    for a in kb.activities:
        for direction in ("output", "input"):
            own = sorted({f.item for f in (kb.outputs_of(a.id) if direction == "output" else kb.inputs_of(a.id))})
            foreign = sorted({f.item for f in kb.flows} - set(own))
            foreign = [i for i in foreign if not any(_similar(i, o) for o in own)]
            for variant in (1, 2):
                qid = f"not_{direction}:{a.id}:{variant}"
                rng = random.Random(qid)
                if len(own) < OPTIONS - 1 or not foreign:
                    continue
                odd = rng.choice(foreign)
                options, index = shuffled(odd, rng.sample(own, OPTIONS - 1), rng)
                yield Question(qid, "negative", f"Which of these is NOT an {direction} of {a.name}?", options,
                               index, f"\u201c{odd}\u201d is not an {direction} of {a.name}.", (a.id,),
                               f"not_{direction}", (a.id,))


def flow_statements(kb: KnowledgeBase) -> Iterator[Question]:
    """List questions: four statements about what an activity receives, two of them true."""
    senders: dict[str, set[str]] = defaultdict(set)
    for f in kb.flows:
        senders[f.item].add(f.source)
    for a in kb.activities:
        inputs = [f for f in kb.inputs_of(a.id) if kb.is_activity(f.source)]
        for variant in (1, 2):
            qid = f"list_inputs:{a.id}:{variant}"
            rng = random.Random(qid)
            true = rng.sample(inputs, 2)
            # a false statement: a real item this activity never gets from that sender, nor anything like it
            false = []
            for f in rng.sample(list(kb.flows), len(kb.flows)):
                sender = f.source
                if not kb.is_activity(sender) or sender == a.id or len(false) == 2:
                    continue
                if any(_similar(f.item, g.item) for g in kb.flows_between(sender, a.id)):
                    continue
                if any(f.item == x[1] for x in false) or any(f.item == t.item for t in true):
                    continue
                false.append((sender, f.item))
            if len(false) < 2:
                continue
            statements = [(t.source, t.item, True) for t in true] + [(s, i, False) for s, i in false]
            rng.shuffle(statements)
            true_pair = tuple(n for n, st in enumerate(statements, 1) if st[2])
            options, index = pair_options(true_pair, rng)
            lines = "\n".join(f"{n}. {a.name} receives \u201c{item}\u201d from {kb.name_of(src)}."
                              for n, (src, item, _) in enumerate(statements, 1))
            truth = "; ".join(f"{kb.name_of(src)} sends {item} to {a.name}" for src, item, ok in statements if ok)
            yield Question(qid, "list", f"Which two statements are correct?\n{lines}", options, index,
                           f"True: {truth}.", (a.id,), "list_inputs", (a.id,))


def _set_label(kb: KnowledgeBase, ids) -> str:
    """A set of activities as one option: "+" joins them, since names such as "Deliver and support" hold "and"."""
    return " + ".join(kb.name_of(a) for a in kb.in_canonical_order(ids))


def _names(kb: KnowledgeBase, ids) -> str:
    names = [kb.name_of(i) for i in ids]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
