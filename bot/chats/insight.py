"""What a group's answers say about it: /groupstats, and the weekly posts (a group's leaderboard,
a channel's recap of the week's daily questions)."""
from __future__ import annotations

from collections import Counter
from datetime import date, time, timedelta

from knowledge import KnowledgeBase

from ..quiz.bank import QuestionBank
from ..quiz.views import Standing
from ..store import ChatRecord
from .records import ChatRecords
from .settings import ChatSettings
from .timing import due_on
from .views import ActivityTally, ChannelRecap, GroupStats, MissedQuestion, RecapItem, WeeklyBoard, period

MISSED_SHOWN = 3
MISSED_MIN_ANSWERS = 2   # one wrong answer says little about a question
WEAKEST_MIN_ANSWERS = 3  # nor about an activity
MIDNIGHT = time(0, 0)


class Insight:
    def __init__(self, kb: KnowledgeBase, bank: QuestionBank, records: ChatRecords) -> None:
        self.kb, self.bank, self.records = kb, bank, records

    def tallies(self, answers: list[tuple[str, int, bool]]) -> tuple[ActivityTally, ...]:
        """Right and total answers per activity, in the chain's order (a question on two counts for both)."""
        right: Counter[str] = Counter()
        total: Counter[str] = Counter()
        for question_id, _, correct in answers:
            question = self.bank.get(question_id)
            for activity in question.activities if question else ():
                total[activity] += 1
                right[activity] += correct
        return tuple(ActivityTally(self.kb.name_of(a), right[a], total[a]) for a in self.kb.activity_ids)

    def group_stats(self, chat: ChatRecord) -> GroupStats:
        answers = [a for a in self.records.chat_answers(chat.chat_id) if self.bank.get(a[0]) is not None]
        wrong: Counter[str] = Counter(q for q, _, ok in answers if not ok)
        asked: Counter[str] = Counter(q for q, _, _ in answers)
        missed = []
        for question_id, misses in sorted(wrong.items(), key=lambda kv: (-kv[1] / asked[kv[0]], -kv[1], kv[0])):
            if asked[question_id] >= MISSED_MIN_ANSWERS and len(missed) < MISSED_SHOWN:
                question = self.bank.get(question_id)
                missed.append(MissedQuestion(question.text, question.answer, misses, asked[question_id]))
        return GroupStats(chat.title, self.tallies(answers), len(answers), len({u for _, u, _ in answers}),
                          tuple(missed))

    def weekly_post(self, chat: ChatRecord, settings: ChatSettings, day: date) -> WeeklyBoard | ChannelRecap | None:
        """The post for the Monday `day`, about the seven days before it; None if that week was empty."""
        first, last = day - timedelta(days=7), day - timedelta(days=1)
        if chat.kind == "channel":
            items = []
            for post in self.records.daily_posts_between(chat.chat_id, first.isoformat(), last.isoformat()):
                question = self.bank.get(post.question_id)
                if question is not None:
                    items.append(RecapItem(question.text, question.answer, post.voters, post.right_voters))
            return ChannelRecap(period(first, last), tuple(items)) if items else None
        since, until = due_on(first, MIDNIGHT, settings.zone), due_on(day, MIDNIGHT, settings.zone)
        standings = tuple(Standing(name, points)
                          for name, points in self.records.points_between(chat.chat_id, since, until))
        weakest = self._weakest(self.tallies(self.records.chat_answers(chat.chat_id, since, until)))
        if not standings and not weakest:
            return None
        return WeeklyBoard(period(first, last), standings, weakest)

    @staticmethod
    def _weakest(tallies: tuple[ActivityTally, ...]) -> str:
        tried = [t for t in tallies if t.answers >= WEAKEST_MIN_ANSWERS]
        if not tried:
            return ""
        worst = min(tried, key=lambda t: (t.share, -t.answers))
        return f"{worst.name} ({round(100 * worst.share)} % right of {worst.answers} answers)"
