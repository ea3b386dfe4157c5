"""The answering engine: from a learner's free-text question to one Answer.

`Tutor.answer()` reads the question (typos fixed, activities found, cue words spotted) and
tries the interpretations from the most specific to the most general. Each interpretation
returns an Answer with a confidence, or None; below CONFIDENT the tutor says it is unsure
and offers the closest things it can answer instead of guessing.
"""
from __future__ import annotations

from collections.abc import Callable

from rapidfuzz import fuzz, process, utils

from knowledge import KnowledgeBase

from .answers import Answer
from .compose import Composer
from .lookup import PhraseIndex
from .reading import CUES, Reader, Reading, contains
from .text import FUNCTION_WORDS, GENERIC_WORDS, STOP_WORDS, normalise, phrase_stems, stem, tokens

CONFIDENT = 0.5  # answers below this are replaced by "not sure, did you mean ..."
_GREETINGS = frozenset(
    "hi hello hey hiya yo howdy greetings good morning afternoon evening day night thanks thank cheers bye goodbye"
    .split())
_TO_WORDS = ("to", "into", "for")
_DIRECTION_WORDS = frozenset({"to", "from", "into"})


class Tutor:
    """Answers questions about the ITIL 4 service value chain from one knowledge base."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.reader = Reader(kb)
        self.compose = Composer(kb)
        canon = self.reader.canonical
        profiles = [(a.id, text, frozenset(_content(canon(text))))
                    for a in kb.activities for text in (a.purpose, a.gist, *a.key_activities)]
        self._profiles = PhraseIndex(profiles)
        self._activity_words: dict[str, set[str]] = {}
        for activity_id, _, stems in profiles:
            self._activity_words.setdefault(activity_id, set()).update(stems)
        self._items = PhraseIndex((f, f.item, frozenset(_meaningful_stems(canon(f.item)))) for f in kb.flows)
        self._practices = [(p, [phrase_stems(n) for n in (p.name, *p.aliases)]) for p in kb.practices]
        # phrases as stems, once each: 'request' and 'requests' are one piece of evidence
        self._scenario_words = [(s, list(dict.fromkeys(phrase_stems(w) for w in s.words))) for s in kb.scenarios]
        self._streams = [(v, [phrase_stems(n) for n in (v.name, *v.aliases)]) for v in kb.value_streams]
        self._concepts = [(c, [_meaningful(p) for p in c.asked_as]) for c in kb.concepts]
        self._out_of_scope = [(o, [phrase_stems(p) for p in o.asked_as]) for o in kb.out_of_scope]
        self._catalog = self._build_catalog()
        self._domain_stems = self._profiles.vocabulary() | self._items.vocabulary()

    # ------------------------------------------------------------------ entry point
    def answer(self, question: str) -> Answer:
        reading = self.reader.read(question)
        if not reading.words:
            return self.compose.unknown(1.0)
        if set(reading.words) <= _GREETINGS | STOP_WORDS and reading.words[0] in _GREETINGS:
            return self.compose.unknown(1.0, greeting=True)
        interpretations: list[Callable[[Reading], Answer | None]] = [
            self._value_stream, self._out_of_scope_topic, self._two_activities, self._which_activity,
            self._sequence_question, self._one_activity, self._concept, self._scenario, self._description,
        ]
        tried: list[Answer] = []
        for interpret in interpretations:
            found = interpret(reading)
            if found is None:
                continue
            if found.confidence >= CONFIDENT:
                return found
            tried.append(found)
        return self._not_sure(reading, tried)

    # ------------------------------------------------------------------ interpretations
    def _out_of_scope_topic(self, r: Reading) -> Answer | None:
        if r.strong:
            return None
        plain = r.plain_stems
        for topic, phrases in self._out_of_scope:
            if any(contains(plain, p) for p in phrases):
                return self.compose.unknown(0.9, out_of_scope=topic.topic,
                                            suggestions=("what is the service value chain",))
        if not r.is_which_question():
            practice = self._by_practice(r)
            if practice is not None and self._is_about_practice(r):
                # "what is incident management?": a practice, not the value chain; say where it fits
                return self.compose.unknown(0.9, out_of_scope="the practices in detail",
                                            note=practice.sections[0].lines[0],
                                            suggestions=(self._question_for(practice),))
        return None

    def _value_stream(self, r: Reading) -> Answer | None:
        asks_stream = r.has_phrase("value stream") or r.has_phrase("value streams")
        for stream, names in self._streams:
            for name in names:
                if not contains(r.stems, name):
                    continue
                if asks_stream or (len(name) >= 2 and self._coverage(r, set(name)) >= 0.6):
                    return self.compose.value_stream(stream, 0.9 if asks_stream else 0.75)
        if asks_stream and len(_content_of(r)) > 2:
            scenario, score = self._best_scenario(r)
            if scenario and scenario.value_stream and score >= 1:
                stream = self.kb.value_stream(scenario.value_stream)
                assert stream is not None
                return self.compose.value_stream(stream, 0.7)
        return None

    def _two_activities(self, r: Reading) -> Answer | None:
        named = r.named_activities(strong_only=True)
        if len(named) < 2:
            return None
        a, b = named[0], named[1]
        sure = 0.95 - 0.05 * r.corrections - 0.1 * (len(named) > 2)
        flow_words = r.has("flow") or r.has("receive") or r.has("send")
        if r.has("compare") or ("between" in r.words and not flow_words):
            return self.compose.compare(a, b, sure)
        mention = {m.activity: m for m in r.strong}
        if flow_words or _DIRECTION_WORDS & set(r.words):
            before_a, before_b = r.word_before(mention[a].start), r.word_before(mention[b].start)
            if before_a == "from" or before_b in _TO_WORDS:
                source, target = a, b
            elif before_b == "from" or before_a in _TO_WORDS:
                source, target = b, a
            elif r.has("receive") and not r.has("send"):
                source, target = b, a  # "what does B receive ... A" names the receiver first
            else:
                source, target = a, b
            return self.compose.flow(source, target, sure)
        if r.is_which_question():
            return None
        # "plan and improve": both readings are plausible, so offer both
        flow = self.compose.flow(a, b, 0.3)
        compare = self.compose.compare(a, b, 0.3)
        return compare if r.has_phrase("and") and len(r.words) <= 4 else flow

    def _which_activity(self, r: Reading) -> Answer | None:
        if not r.is_which_question():
            return None
        practice = self._by_practice(r)
        if practice is not None:
            return practice  # a practice named outright decides it
        desc = self._description_stems(r)
        candidates = [c for c in (self._by_flow(r), self._by_profile(desc)) if c]
        if not candidates:
            return None
        best = max(candidates, key=lambda c: c.confidence)
        scenario, score = self._best_scenario(r)
        asks_involvement = bool({"involved", "involve", "activities", "part"} & set(r.words))
        if scenario and score >= 1.5 and (best.confidence < CONFIDENT or asks_involvement):
            return self.compose.scenario(scenario, min(0.95, 0.5 + 0.15 * score))
        return best

    def _sequence_question(self, r: Reading) -> Answer | None:
        """'Are the activities sequential?', 'does Plan always come first?': before any one-activity reading."""
        if r.has("inputs") or r.has("outputs") or r.has("purpose") or r.has("practices"):
            return None
        if self._best_concept(r, only="sequence")[1] >= 1:
            return self.compose.concept("sequence", 0.85)
        return None

    def _one_activity(self, r: Reading) -> Answer | None:
        named = r.named_activities()
        if len(named) != 1:
            return None
        a = named[0]
        sure = (0.95 if r.strong else 0.7) - 0.08 * r.corrections
        unexplained = self._unexplained(r)
        sure -= 0.15 * len(unexplained)
        words = set(r.words)
        if r.has("practices"):
            return self.compose.practices(a, sure)
        if (r.has("inputs") or "into" in words) and not r.has("outputs"):
            return self.compose.inputs(a, sure)
        if r.has("outputs") or "out" in words or (r.has("send") and not r.has("receive")):
            return self.compose.outputs(a, sure)
        if r.has("receive"):
            return self.compose.inputs(a, sure)
        if r.has("purpose") or r.words[-1] in ("for", "do") or r.has_phrase("does it do"):
            return self.compose.purpose(a, sure)
        if self._best_scenario(r)[1] >= 1.5:
            return None  # "planning a new email service" describes a situation
        if unexplained:
            sure = min(sure, 0.4)  # "how do I plan a wedding": the name alone, among words we don't know
        return self.compose.overview(a, sure)

    def _concept(self, r: Reading) -> Answer | None:
        concept, score = self._best_concept(r)
        if concept is None:
            return None
        coverage = score / max(len(_content_of(r)), 1)
        return self.compose.concept(concept, min(0.95, 0.35 + 0.6 * coverage))

    def _scenario(self, r: Reading) -> Answer | None:
        scenario, score = self._best_scenario(r)
        if scenario is None:
            return None
        runner_up = self._best_scenario(r, excluding=scenario.id)[1]
        # two situations equally likely ('upgrade' vs 'laptop'): unsure, and offer both
        confidence = 0.3 + 0.25 * score - 0.35 * (runner_up / score)
        return self.compose.scenario(scenario, min(0.95, confidence))

    def _description(self, r: Reading) -> Answer | None:
        """A purpose or job described without naming the activity ('ensures a shared vision')."""
        desc = self._description_stems(r)
        if r.strong or len(desc) < 2:
            return None
        found = self._by_profile(desc)
        if found is None:
            return None
        return self.compose.which(found.activities[0], "purpose", "", found.confidence - 0.1)

    # ------------------------------------------------------------------ which-activity lookups
    def _description_stems(self, r: Reading) -> set[str]:
        """The describing words of a which-question: no stop words, no flow end-points."""
        skip = _endpoint_positions(r)
        return {s for i, (w, s) in enumerate(zip(r.words, r.stems)) if i not in skip and w not in STOP_WORDS}

    def _is_about_practice(self, r: Reading) -> bool:
        """True when a practice's name is nearly all the question says ('what is incident management?')."""
        plain = r.plain_stems
        for _, names in self._practices:
            for name in names:
                for i in range(len(plain) - len(name) + 1):
                    if tuple(plain[i:i + len(name)]) == name:
                        rest = plain[:i] + plain[i + len(name):]
                        words = r.words[:i] + r.words[i + len(name):]
                        other = [s for w, s in zip(words, rest) if w not in STOP_WORDS and s != "practic"]
                        return len(other) <= 1
        return False

    def _by_practice(self, r: Reading) -> Answer | None:
        plain = r.plain_stems
        for practice, names in self._practices:
            if any(contains(plain, n) and (len(n) >= 2 or len(n[0]) >= 3) for n in names):
                first, *others = practice.supports
                reason = f"{practice.name.capitalize()} is a practice that supports " + \
                    " and ".join(self.kb.name_of(x) for x in practice.supports) + "."
                return self.compose.which(first, "practices", reason, 0.9, tuple(others))
        return None

    def _by_flow(self, r: Reading) -> Answer | None:
        receiving, sending = r.has("receive"), r.has("send")
        if receiving == sending:
            return None
        ends = {r.word_before(m.start): m.activity for m in r.strong}
        skip = _endpoint_positions(r)
        query = {s for i, (w, s) in enumerate(zip(r.words, r.stems))
                 if i not in skip and w not in FUNCTION_WORDS and w not in ("activity", "activities", "one")}
        query -= CUES["receive"] | CUES["send"] | CUES["which"]
        hits = self._items.search(query, limit=20)
        hits = [h for h in hits if ("to" not in ends or h.key.target == ends["to"])
                and ("from" not in ends or h.key.source == ends["from"])]
        if not hits or hits[0].score < 0.45:
            return None
        top = hits[0]
        same = [h.key for h in hits if h.text == top.text and h.score == top.score]
        answer_ids = [f.target if receiving else f.source for f in same]
        answer_ids = [x for x in dict.fromkeys(answer_ids) if self.kb.is_activity(x)]
        if not answer_ids:
            return None
        first, *others = answer_ids
        flow = same[0]
        if receiving:
            reason = f"{self.kb.name_of(first)} receives {flow.item} from {self.kb.name_of(flow.source)}."
        else:
            reason = f"{self.kb.name_of(first)} sends {flow.item} to {self.kb.name_of(flow.target)}."
        confidence = min(0.95, 0.35 + 0.6 * top.score) - 0.1 * len(others)
        basis = "inputs" if receiving else "outputs"
        return self.compose.which(first, basis, reason, confidence, tuple(others[:2]))

    def _by_profile(self, desc: set[str]) -> Answer | None:
        hits = self._profiles.search(desc, limit=30)
        if not hits:
            return None
        best: dict[str, float] = {}
        reason: dict[str, str] = {}
        for h in hits:
            recall = self._profiles.recall(desc, self._activity_words[h.key])
            score = 0.6 * h.score + 0.4 * recall
            if score > best.get(h.key, 0):
                best[h.key], reason[h.key] = score, h.text
        ranked = sorted(best.items(), key=lambda kv: -kv[1])
        top_id, top = ranked[0]
        second = ranked[1][1] if len(ranked) > 1 else 0.0
        foreign = len([s for s in desc if s not in self._domain_stems]) / len(desc)
        # "write me a poem about cats" shares one word with a purpose: mostly foreign words, no answer
        confidence = min(0.95, 0.25 + top + (top - second)) * (1 - foreign)
        if top < 0.3:
            confidence = min(confidence, 0.4)
        why = f"It is the activity that covers: {reason[top_id]}"
        return self.compose.which(top_id, "purpose", why, confidence)

    # ------------------------------------------------------------------ helpers
    def _best_scenario(self, r: Reading, excluding: str = ""):
        key = ("scenario", excluding)
        if key not in r.memo:
            r.memo[key] = self._score_scenarios(r, excluding)
        return r.memo[key]

    def _score_scenarios(self, r: Reading, excluding: str):
        scores = [(0.0, None)]
        # "forgot my password" should match "forgot password": also try without determiners
        compact = [s for w, s in zip(r.words, r.plain_stems) if w not in _DETERMINERS]
        for scenario, phrases in self._scenario_words:
            if scenario.id == excluding:
                continue
            score = 0.0
            for phrase in phrases:
                if contains(r.plain_stems, phrase) or contains(compact, phrase):
                    score += max(1.0, 0.75 * len([w for w in phrase if w not in STOP_WORDS]))
            scores.append((score, scenario))
        score, scenario = max(scores, key=lambda s: s[0])
        if scenario is None:
            return None, 0.0
        return (scenario, score) if score > 0 else (None, 0.0)

    def _second_scenario(self, r: Reading):
        best = self._best_scenario(r)[0]
        return self._best_scenario(r, excluding=best.id)[0] if best else None

    def _best_concept(self, r: Reading, only: str | None = None):
        """The concept whose phrasing the question holds most of; words like 'value chain' count half."""
        present = set(r.stems) | set(r.plain_stems)
        best, best_score = None, 0.0
        for concept, phrases in self._concepts:
            if only and concept.id != only:
                continue
            for phrase in phrases:
                score = sum(0.5 if s in _GENERIC_STEMS else 1.0 for s in phrase)
                if phrase and set(phrase) <= present and score > best_score:
                    best, best_score = concept.id, score
        return best, best_score

    def _coverage(self, r: Reading, explained: set[str]) -> float:
        content = _content_of(r)
        return len([s for s in content if s in explained]) / max(len(content), 1)

    def _unexplained(self, r: Reading) -> list[str]:
        """Content words outside the activity names that no cue or knowledge-base word explains."""
        inside = {i for m in r.mentions for i in range(m.start, m.end)}
        return [s for i, (w, s) in enumerate(zip(r.words, r.stems))
                if i not in inside and w not in STOP_WORDS and s not in _CUE_STEMS and s not in self._domain_stems]

    def _not_sure(self, r: Reading, tried: list[Answer]) -> Answer:
        suggestions: list[str] = []
        for answer in sorted(tried, key=lambda a: -a.confidence):
            if answer.confidence >= 0.2 and not answer.is_unknown:
                suggestions.append(self._question_for(answer))
        for scenario in (self._best_scenario(r)[0], self._second_scenario(r)):
            if scenario is not None:
                suggestions.append(scenario.examples[0] if scenario.examples else scenario.situation)
        if any(s in self._domain_stems for s in r.stems) or r.mentions:
            for text, _, _ in process.extract(normalise(r.text), self._catalog, scorer=fuzz.token_set_ratio,
                                              processor=utils.default_process, limit=6, score_cutoff=70):
                suggestions.append(text)
        suggestions = list(dict.fromkeys(suggestions))[:3]
        return self.compose.unknown(0.2 if suggestions else 0.1, suggestions=tuple(suggestions))

    def _question_for(self, answer: Answer) -> str:
        """A question that would get `answer` for sure, to offer as 'did you mean'."""
        parts = answer.topic.split(".")
        names = [self.kb.name_of(a) for a in answer.activities]
        kind = parts[0]
        if kind == "activity":
            facet = parts[2]
            return {"overview": f"tell me about {names[0]}", "purpose": f"what is the purpose of {names[0]}",
                    "inputs": f"inputs of {names[0]}", "outputs": f"outputs of {names[0]}",
                    "practices": f"practices that support {names[0]}"}[facet]
        if kind == "flow":
            return f"what does {self.kb.name_of(parts[1])} send to {self.kb.name_of(parts[2])}"
        if kind == "compare":
            return f"{self.kb.name_of(parts[1])} vs {self.kb.name_of(parts[2])}"
        if kind == "value_stream":
            stream = self.kb.value_stream(parts[1])
            return f"{stream.name} value stream" if stream else answer.title
        if kind == "scenario":
            scenario = next(s for s in self.kb.scenarios if s.id == parts[1])
            return scenario.examples[0] if scenario.examples else scenario.situation
        concept = self.kb.concept(parts[1])
        return f"what is {concept.title.lower()}" if concept else answer.title

    def _build_catalog(self) -> list[str]:
        out = []
        for a in self.kb.activities:
            out += [f"what is the purpose of {a.name}", f"inputs of {a.name}", f"outputs of {a.name}",
                    f"practices that support {a.name}", f"tell me about {a.name}"]
        for c in self.kb.comparisons:
            out.append(f"{self.kb.name_of(c.between[0])} vs {self.kb.name_of(c.between[1])}")
        out += [f"{v.name} value stream" for v in self.kb.value_streams]
        out += ["what is the service value chain", "what are the six activities", "are the activities sequential",
                "what is a value stream"]
        return out


def _endpoint_positions(r: Reading) -> set[int]:
    """Positions of activity names that end a flow ('to Plan', 'from Engage'), not describe the activity."""
    return {i for m in r.strong if r.word_before(m.start) in ("to", "from") for i in range(m.start, m.end)}


def _content(stems: list[str]) -> list[str]:
    return [s for s in stems if s not in _STOP_STEMS]


def _content_of(r: Reading) -> list[str]:
    """The question's stems that carry meaning, domain words like 'service' included."""
    return [s for w, s in zip(r.words, r.stems) if w not in FUNCTION_WORDS]


def _meaningful(phrase: str) -> list[str]:
    return [stem(w) for w in tokens(phrase) if w not in _GLUE]


def _meaningful_stems(stems: list[str]) -> list[str]:
    return [s for s in stems if s not in _FUNCTION_STEMS]


_GLUE = frozenset("a an the of to in on into is are do does what how which".split())
_STOP_STEMS = frozenset(stem(w) for w in STOP_WORDS)
_FUNCTION_STEMS = frozenset(stem(w) for w in FUNCTION_WORDS)
_GENERIC_STEMS = frozenset(stem(w) for w in GENERIC_WORDS)
_CUE_STEMS = frozenset().union(*CUES.values())
_DETERMINERS = frozenset("a an the my our your his her their its this that some".split())
