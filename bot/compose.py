"""Building answers from knowledge-base objects: what each kind of answer says, in one place."""
from __future__ import annotations

from collections import OrderedDict

from knowledge import KnowledgeBase
from knowledge.model import Flow, Scenario, ValueStream

from .answers import UNKNOWN, Answer, Section

WHAT_I_CAN_DO = (
    "the purpose of an activity (\"what is the purpose of Engage?\")",
    "an activity's inputs, outputs or supporting practices (\"outputs of Plan\")",
    "what flows between two activities (\"what does Engage send to Plan?\")",
    "how two activities differ (\"Plan vs Improve\")",
    "which activity does something (\"which activity resolves incidents?\")",
    "value streams and situations (\"a user reports an outage\")",
    "the value chain itself (\"are the activities sequential?\")",
)


class Composer:
    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb

    def name(self, node: str) -> str:
        return self.kb.name_of(node)

    # --- one activity
    def overview(self, a: str, confidence: float) -> Answer:
        act = self.kb.activity(a)
        practices = ", ".join(p.name for p in self.kb.practices_of(a))
        return Answer(
            topic=f"activity.{a}.overview", activities=(a,), confidence=confidence, title=act.name,
            sections=(
                Section((act.gist,)),
                Section((act.purpose,), heading="Purpose"),
                Section(act.key_activities, heading="Key activities", bullets=True),
                Section((practices,), heading="Supporting practices"),
                Section((act.example,), heading="Example"),
                Section(act.exam_tips, heading="Exam tips", bullets=True),
            ),
            suggestions=(f"inputs of {act.name}", f"outputs of {act.name}"))

    def purpose(self, a: str, confidence: float) -> Answer:
        act = self.kb.activity(a)
        return Answer(
            topic=f"activity.{a}.purpose", activities=(a,), confidence=confidence,
            title=f"Purpose of {act.name}",
            sections=(Section((act.purpose,)), Section((act.gist,), heading="In short"),
                      Section(act.exam_tips[:1], heading="Exam tip")),
            suggestions=(f"tell me about {act.name}",))

    def inputs(self, a: str, confidence: float) -> Answer:
        name = self.kb.activity(a).name
        lines = [f"{item}, from {ends}" for item, ends in self._group(self.kb.inputs_of(a), "source", a)]
        return Answer(topic=f"activity.{a}.inputs", activities=(a,), confidence=confidence,
                      title=f"Inputs to {name}",
                      sections=(Section(tuple(lines), heading="What it receives, and from where", bullets=True),),
                      suggestions=(f"outputs of {name}",))

    def outputs(self, a: str, confidence: float) -> Answer:
        name = self.kb.activity(a).name
        lines = [f"{item}, to {ends}" for item, ends in self._group(self.kb.outputs_of(a), "target", a)]
        return Answer(topic=f"activity.{a}.outputs", activities=(a,), confidence=confidence,
                      title=f"Outputs of {name}",
                      sections=(Section(tuple(lines), heading="What it produces, and for whom", bullets=True),),
                      suggestions=(f"inputs of {name}",))

    def practices(self, a: str, confidence: float) -> Answer:
        act = self.kb.activity(a)
        lines = []
        for p in self.kb.practices_of(a):
            others = [self.name(x) for x in p.supports if x != a]
            lines.append(p.name + (f" (also supports {', '.join(others)})" if others else ""))
        return Answer(
            topic=f"activity.{a}.practices", activities=(a,), confidence=confidence,
            title=f"Practices that support {act.name}",
            sections=(Section(tuple(lines), bullets=True),
                      Section(("Practices support activities; one practice can help several activities, "
                               "and one activity draws on several practices.",))))

    def example(self, a: str, confidence: float) -> Answer:
        act = self.kb.activity(a)
        return Answer(topic=f"activity.{a}.example", activities=(a,), confidence=confidence,
                      title=f"{act.name}: an example", sections=(Section((act.example,)),),
                      suggestions=(f"tell me about {act.name}",))

    def _group(self, flows: tuple[Flow, ...], end: str, me: str) -> list[tuple[str, str]]:
        """(item, the activities or parties at the other end), one line per item."""
        by_item: OrderedDict[str, list[str]] = OrderedDict()
        for f in flows:
            by_item.setdefault(f.item, []).append(getattr(f, end))
        others = set(self.kb.activity_ids) - {me}
        out = []
        for item, ends in by_item.items():
            if set(ends) >= others:
                label = "every other activity"
            else:
                label = _join([self.name(e) for e in ends])
            out.append((item, label))
        return out

    # --- two activities
    def flow(self, a: str, b: str, confidence: float) -> Answer:
        items = [f.item for f in self.kb.flows_between(a, b)]
        back = [f.item for f in self.kb.flows_between(b, a)]
        name_a, name_b = self.name(a), self.name(b)
        if items:
            sections = [Section(tuple(items), heading=f"{name_a} sends {name_b}", bullets=True)]
        else:
            sections = [Section((f"The study material lists no direct flow from {name_a} to {name_b}.",))]
        if back:
            sections.append(Section(tuple(back), heading=f"In the other direction, {name_b} sends {name_a}",
                                    bullets=True))
        return Answer(topic=f"flow.{a}.{b}", activities=(a, b), confidence=confidence,
                      title=f"From {name_a} to {name_b}", sections=tuple(sections),
                      suggestions=(f"inputs of {name_b}", f"outputs of {name_a}"))

    def compare(self, a: str, b: str, confidence: float) -> Answer:
        first, second = self.kb.in_canonical_order([a, b])
        name_1, name_2 = self.name(first), self.name(second)
        authored = self.kb.comparison(first, second)
        if authored:
            sections = (Section((authored.summary,)), Section(authored.points, bullets=True),
                        Section((authored.remember,), heading="Remember"))
        else:
            act_1, act_2 = self.kb.activity(first), self.kb.activity(second)
            sections = (Section((f"{name_1}: {act_1.gist}", f"{name_2}: {act_2.gist}"), bullets=True),
                        Section((f"{name_1}'s purpose: {act_1.purpose}", f"{name_2}'s purpose: {act_2.purpose}"),
                                heading="Official purposes", bullets=True))
        return Answer(topic=f"compare.{first}.{second}", activities=(first, second), confidence=confidence,
                      title=f"{name_1} vs {name_2}", sections=sections,
                      suggestions=(f"what does {name_1} send to {name_2}",))

    # --- which activity
    def which(self, a: str, basis: str, reason: str, confidence: float, also: tuple[str, ...] = ()) -> Answer:
        act = self.kb.activity(a)
        lines = [reason] if reason else []
        if also:
            lines.append(f"{_join([self.name(x) for x in also])} also takes part.")
        lines.append(f"Its purpose: {act.purpose}")
        return Answer(topic=f"activity.{a}.{basis}", activities=(a, *also), confidence=confidence,
                      title=f"That is {act.name}", sections=(Section(tuple(lines)),),
                      suggestions=(f"tell me about {act.name}",))

    # --- the chain as a whole
    def value_stream(self, v: ValueStream, confidence: float) -> Answer:
        steps = tuple(f"{self.name(s.activity)}: {s.what}" for s in v.steps)
        sections = [Section((v.summary,)), Section(steps, heading="Steps, in this stream's order", bullets=True)]
        if v.note:
            sections.append(Section((v.note,)))
        sections.append(Section(("Another kind of work combines the activities in another order: "
                                 "the value chain has no fixed sequence.",)))
        return Answer(topic=f"value_stream.{v.id}", activities=v.activity_order, confidence=confidence,
                      title=f"Value stream: {v.name}", sections=tuple(sections))

    def scenario(self, s: Scenario, confidence: float) -> Answer:
        mainly = tuple(f"{self.name(a)}: {s.why[a]}" for a in s.mainly)
        sections = [Section((s.situation,)), Section(mainly, heading="Mainly involved", bullets=True)]
        if s.also:
            also = tuple(f"{self.name(a)}: {s.why[a]}" if a in s.why else self.name(a) for a in s.also)
            sections.append(Section(also, heading="May also take part", bullets=True))
        stream = self.kb.value_stream(s.value_stream) if s.value_stream else None
        if stream:
            order = " -> ".join(self.name(step.activity) for step in stream.steps)
            sections.append(Section((order,), heading=f"Typical value stream ({stream.name})"))
        return Answer(topic=f"scenario.{s.id}", activities=s.mainly, confidence=confidence,
                      title="Activities involved", sections=tuple(sections),
                      suggestions=(f"{stream.name} value stream",) if stream else ())

    def concept(self, concept_id: str, confidence: float) -> Answer:
        c = self.kb.concept(concept_id)
        assert c is not None
        return Answer(topic=f"concept.{c.id}", activities=(), confidence=confidence, title=c.title,
                      sections=(Section((c.text,)),))

    # --- not sure, or out of scope
    def unknown(self, confidence: float, suggestions: tuple[str, ...] = (), out_of_scope: str = "",
                greeting: bool = False, note: str = "") -> Answer:
        if greeting:
            title = "Hello! I'm a tutor for the ITIL 4 service value chain."
        elif out_of_scope:
            title = f"I only teach the ITIL 4 service value chain, so I can't help with {out_of_scope}."
        elif suggestions:
            title = "I'm not sure what you mean."
        else:
            title = "Sorry, I can't answer that: I only know the ITIL 4 service value chain."
        sections = (Section((note,)),) if note else ()
        if not suggestions:
            sections += (Section(WHAT_I_CAN_DO, heading="You can ask me about", bullets=True),)
        return Answer(topic=UNKNOWN, activities=(), confidence=confidence, title=title, sections=sections,
                      suggestions=suggestions)


def _join(names: list[str]) -> str:
    names = list(dict.fromkeys(names))
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]
