"""Scenario drills: a situation, the learner picks the activities mainly involved, then submits.

In a private chat a drill is the learner's own and ends when they submit. In a group everyone
picks on their own; the first fully right submission wins the chat a point for that member and
ends the drill, and so does the timer if nobody gets there. Everything is in the store as soon as
it happens, so a restart loses nothing. Nothing here knows Telegram.
"""
from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from knowledge import KnowledgeBase
from knowledge.model import Scenario

from ..quiz.arguments import closest
from ..quiz.coach import study_day
from ..quiz.records import QuizRecords
from ..quiz.views import ScenarioTally
from .grading import PARTLY, RIGHT, Grade, grade
from .records import Drill, DrillRecords
from .views import Choice, DrillPrompt, DrillResult, Involvement

GROUP_OPEN_MINUTES = 10


@dataclass(frozen=True)
class DrillRefused:
    reason: str  # not_yours, over, already, unknown, empty

    MESSAGES: ClassVar[dict[str, str]] = {
        "not_yours": "This scenario belongs to someone else. Start your own with /scenario.",
        "over": "This scenario is over. Start a new one with /scenario.",
        "already": "You have submitted your answer to this one already.",
        "unknown": "I no longer know this scenario. Start a new one with /scenario.",
        "empty": "Pick at least one activity first.",
    }

    @property
    def message(self) -> str:
        return self.MESSAGES[self.reason]


@dataclass(frozen=True)
class Toggled:
    prompt: DrillPrompt  # with this learner's picks marked
    picked_names: tuple[str, ...]


@dataclass(frozen=True)
class Submitted:
    verdict: str
    grade: Grade
    personal: DrillResult          # this learner's graded answer
    ended: DrillResult | None      # the group drill's reveal, when this submission won it
    won: bool
    drill: Drill
    scenario: Scenario


@dataclass(frozen=True)
class Started:
    prompt: DrillPrompt
    drill: Drill
    replaced: list[tuple[Drill, DrillResult]]  # open drills in the same place, now ended and revealed


class Drills:
    def __init__(self, kb: KnowledgeBase, records: DrillRecords, points: QuizRecords,
                 clock: Callable[[], float] | None = None, rng: random.Random | None = None) -> None:
        self.kb, self.records, self.points = kb, records, points
        self.clock = clock or records.now
        self.rng = rng or random.Random()
        self._scenarios = {s.id: s for s in kb.scenarios}

    # --- starting
    def start(self, chat_id: int, thread_id: int | None, owner: int | None,
              scenario_id: str | None = None) -> Started:
        """A new drill (a random scenario and wording unless one is asked for). In a group `owner`
        is None: anyone may answer. Open drills in the same chat and topic end first."""
        replaced = [(d, self._reveal(d, "replaced")) for d in self.records.open_drills(chat_id, thread_id)
                    if self.records.end(d.drill_id)]
        scenario = self._scenarios.get(scenario_id or "") or self.rng.choice(self.kb.scenarios)
        wording = self.rng.choice(scenario.examples or (scenario.situation,))
        closes_at = self.clock() + 60 * GROUP_OPEN_MINUTES if owner is None else None
        drill = self.records.create(chat_id, thread_id, owner, scenario.id, wording, closes_at)
        return Started(self._prompt(drill, 0), drill, [(d, r) for d, r in replaced if r is not None])

    def find_scenario(self, text: str) -> str | None:
        """The scenario a learner names ("incident", "service request", "suplier"), if any."""
        return closest(text, {s.id.replace("_", " "): s.id for s in self.kb.scenarios})

    @property
    def scenario_names(self) -> list[str]:
        return [s.id.replace("_", " ") for s in self.kb.scenarios]

    def remember_message(self, drill_id: int, message_id: int) -> None:
        self.records.set_message(drill_id, message_id)

    def drill(self, drill_id: int) -> Drill | None:
        return self.records.drill(drill_id)

    def scenario_of(self, drill: Drill) -> Scenario | None:
        return self._scenarios.get(drill.scenario_id)

    # --- picking and submitting
    def toggle(self, drill_id: int, user_id: int, chat_id: int, activity_index: int) -> Toggled | DrillRefused:
        drill, refused = self._playable(drill_id, user_id, chat_id)
        if refused:
            return refused
        if not 0 <= activity_index < len(self.kb.activities):
            return DrillRefused("unknown")
        picks = self.records.toggle(drill.drill_id, user_id, 1 << activity_index)
        if picks is None:
            return DrillRefused("already")
        chosen = self._names(picks)
        return Toggled(self._prompt(drill, picks), chosen)

    def open_drill(self, chat_id: int) -> Drill | None:
        drills = self.records.open_drills(chat_id, None)
        return drills[-1] if drills else None

    def answer(self, drill_id: int, user_id: int, chat_id: int, name: str,
               activities: list[str]) -> Submitted | DrillRefused:
        """Pick these activities and submit, in one step (the terminal's way to answer)."""
        drill, refused = self._playable(drill_id, user_id, chat_id)
        if refused:
            return refused
        picks = sum(1 << i for i, a in enumerate(self.kb.activity_ids) if a in activities)
        self.records.set_picks(drill.drill_id, user_id, picks)
        return self.submit(drill_id, user_id, chat_id, name)

    def submit(self, drill_id: int, user_id: int, chat_id: int, name: str) -> Submitted | DrillRefused:
        drill, refused = self._playable(drill_id, user_id, chat_id)
        if refused:
            return refused
        picks, submitted = self.records.picks(drill.drill_id, user_id)
        if submitted:
            return DrillRefused("already")
        if not picks:
            return DrillRefused("empty")
        scenario = self._scenarios[drill.scenario_id]
        chosen = {a for i, a in enumerate(self.kb.activity_ids) if picks >> i & 1}
        graded = grade(scenario, chosen, self.kb.activity_ids)
        if not self.records.submit(drill.drill_id, user_id, picks, graded.verdict):
            return DrillRefused("already")  # a second tap, or picks changed under this one
        self.points.studied_on(user_id, study_day(self.clock()))
        won = False
        ended = None
        if drill.is_group:
            if graded.verdict == RIGHT and self.records.end(drill.drill_id, winner=user_id):
                won = True
                self.points.add_points(drill.chat_id, user_id, name, 1, f"scenario:{drill.drill_id}")
                ended = self._reveal(drill, "won", winner_name=name)
        else:
            self.records.end(drill.drill_id)
        personal = self._result(drill, scenario, graded)
        return Submitted(graded.verdict, graded, personal, ended, won, drill, scenario)

    def _playable(self, drill_id: int, user_id: int, chat_id: int) -> tuple[Drill | None, DrillRefused | None]:
        drill = self.records.drill(drill_id)
        if drill is None or drill.chat_id != chat_id:
            return None, DrillRefused("unknown")
        if drill.owner is not None and drill.owner != user_id:
            return None, DrillRefused("not_yours")
        if not drill.is_open:
            return None, DrillRefused("over")
        if drill.scenario_id not in self._scenarios:  # the knowledge base changed since
            return None, DrillRefused("unknown")
        return drill, None

    # --- ending group drills
    def expire(self, drill_id: int) -> tuple[Drill, DrillResult] | None:
        """The group drill's time is up: end it and reveal; None if it had ended already."""
        drill = self.records.drill(drill_id)
        if drill is None or not drill.is_open or (drill.closes_at or 0) > self.clock():
            return None
        if not self.records.end(drill_id):
            return None
        result = self._reveal(drill, "time")
        return (drill, result) if result else None

    def timed_drills(self) -> list[Drill]:
        return self.records.timed_drills()

    def chat_left(self, chat_id: int) -> None:
        self.records.chat_left(chat_id)

    # --- progress
    def tally(self, user_id: int) -> ScenarioTally:
        results = self.records.learner_results(user_id)
        mastered = {s for s, v in results if v == RIGHT}
        tried_ids = list(dict.fromkeys(s for s, _ in results))
        to_master = tuple(self._scenarios[s].situation for s in tried_ids if s not in mastered and s in self._scenarios)
        return ScenarioTally(len(results), sum(v == RIGHT for _, v in results), sum(v == PARTLY for _, v in results),
                             to_master)

    # --- views
    def _names(self, picks: int) -> tuple[str, ...]:
        return tuple(a.name for i, a in enumerate(self.kb.activities) if picks >> i & 1)

    def _prompt(self, drill: Drill, picks: int) -> DrillPrompt:
        choices = tuple(Choice(a.id, a.name, bool(picks >> i & 1)) for i, a in enumerate(self.kb.activities))
        return DrillPrompt(drill.drill_id, drill.wording, choices, drill.is_group,
                           GROUP_OPEN_MINUTES if drill.is_group else None)

    def _result(self, drill: Drill, scenario: Scenario, graded: Grade | None = None, ending: str = "",
                winner: str = "") -> DrillResult:
        def mark(a: str) -> str:
            if graded is None:
                return ""
            if a in graded.right:
                return "✅"
            if a in graded.missed:
                return "❌"
            return "☑️" if a in graded.allowed else ""

        name = self.kb.name_of
        stream = self.kb.value_stream(scenario.value_stream) if scenario.value_stream else None
        return DrillResult(
            wording=drill.wording, situation=scenario.situation,
            mainly=tuple(Involvement(name(a), scenario.why.get(a, ""), mark(a)) for a in scenario.mainly),
            also=tuple(Involvement(name(a), scenario.why.get(a, ""), mark(a)) for a in scenario.also),
            extra=tuple(name(a) for a in graded.extra) if graded else (),
            stream=tuple(f"{name(s.activity)}: {s.what}" for s in stream.steps) if stream else (),
            stream_name=stream.name if stream else "",
            verdict=graded.verdict if graded else None, ending=ending, winner=winner,
            tried=self.records.submission_count(drill.drill_id) if ending and drill.is_group else None)

    def _reveal(self, drill: Drill, ending: str, winner_name: str = "") -> DrillResult | None:
        """The answer for everyone, when a drill ends."""
        scenario = self._scenarios.get(drill.scenario_id)
        if scenario is None:
            return None
        return self._result(drill, scenario, ending=ending, winner=winner_name)
