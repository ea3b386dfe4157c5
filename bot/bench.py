"""`itil-tutor bench`: start-up time and answer latency, printed as figures (not asserted)."""
from __future__ import annotations

import random
import statistics
import time
import tracemalloc

import knowledge

from .engine import Tutor

_EXTRA = [
    "purpse of enage", "D&T vs O/B", "what does engage send to plan", "who receives requirements and specifications",
    "which activity resolves incidents", "the payroll app crashed", "a new starter needs a laptop", "xyzzy",
    "what's the weather today", "are the activities sequential?", "incident resolution value stream",
    "what is the relationship between activities and practices", "how do I bake bread", "obtain bulid inputs",
]


def questions(tutor: Tutor) -> list[str]:
    """A varied question mix from the knowledge base itself, plus typos and chatter."""
    kb = tutor.kb
    out = list(_EXTRA)
    for a in kb.activities:
        out += [f"purpose of {a.name}", f"inputs of {a.name}", f"outputs of {a.name}",
                f"which practices support {a.name}", f"tell me about {a.name}",
                f"which activity {a.key_activities[0]}"]
    for s in kb.scenarios:
        out += list(s.examples)
    return out


def run_benchmark(folder: str | None, n: int) -> int:
    started = time.perf_counter()
    kb = knowledge.load(folder)
    loaded = time.perf_counter()
    tutor = Tutor(kb)
    ready = time.perf_counter()
    print(f"start-up: load {1000 * (loaded - started):.1f} ms + index {1000 * (ready - loaded):.1f} ms "
          f"= {1000 * (ready - started):.1f} ms (target <= 300 ms)")

    pool = questions(tutor)
    rng = random.Random(4)
    # vary each question a little so the typo cache does not make every answer a repeat
    batch = [_vary(rng.choice(pool), rng) for _ in range(n)]
    latencies = []
    for q in batch:
        t0 = time.perf_counter()
        tutor.answer(q)
        latencies.append(time.perf_counter() - t0)
    tracemalloc.start()  # measured on a separate pass: tracing slows every allocation
    for q in batch[:1000]:
        tutor.answer(q)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    latencies.sort()
    ms = [x * 1000 for x in latencies]
    p50, p99 = ms[len(ms) // 2], ms[min(len(ms) - 1, int(len(ms) * 0.99))]
    print(f"answers: {n} questions, p50 {p50:.3f} ms, p99 {p99:.3f} ms, mean {statistics.fmean(ms):.3f} ms, "
          f"max {ms[-1]:.3f} ms (target p99 <= 0.5 ms)")
    print(f"memory: peak {peak / 1e6:.2f} MB traced while answering 1,000 of them")
    _bench_quiz(kb)
    _bench_daily(kb)
    _bench_pictures(kb)
    return 0


def _bench_pictures(kb: knowledge.KnowledgeBase) -> None:
    """Render time per picture: the first draw (matplotlib, PNG encoding) and a cached repeat."""
    from .pictures import Painter, chain_for_scenario, chain_for_stream, chain_with, whole_chain
    from .quiz.views import ActivityMastery, Progress

    t0 = time.perf_counter()
    import matplotlib.backends.backend_agg  # noqa: F401  (loaded once, on the first picture)

    print(f"pictures: matplotlib loads in {1000 * (time.perf_counter() - t0):.0f} ms, once, on the first picture")
    rows = tuple(ActivityMastery(a.name, 10, 3 + i, i % 4, 40) for i, a in enumerate(kb.activities))
    chart = Progress(rows, 60, 33, 4, 1, 1, 70, 3).chart()
    pictures = {
        "whole chain": whole_chain(kb),
        "two activities": chain_with(kb, [kb.activity_ids[2], kb.activity_ids[5]]),
        "value stream (incident)": chain_for_stream(kb, kb.value_streams[1]),
        "scenario (supplier)": chain_for_scenario(kb, kb.scenarios[-1]),
        "mastery chart": chart,
    }
    painter = Painter()
    for label, picture in pictures.items():
        t0 = time.perf_counter()
        png = painter.png(picture)
        drawn = time.perf_counter() - t0
        repeats = 1000
        t0 = time.perf_counter()
        for _ in range(repeats):
            painter.png(picture)
        cached = (time.perf_counter() - t0) / repeats
        print(f"  {label}: {1000 * drawn:.0f} ms drawn, {1e6 * cached:.1f} µs cached, {len(png) / 1000:.0f} kB")


def _bench_quiz(kb: knowledge.KnowledgeBase, learners: int = 200, per_learner: int = 10) -> None:
    """CPU per graded quiz answer: the coach and a real SQLite file (WAL), as the bot runs them."""
    import tempfile
    from pathlib import Path

    from .quiz import build_bank, build_quiz
    from .store import Store

    started = time.perf_counter()
    bank = build_bank(kb)
    built = time.perf_counter()
    print(f"quiz bank: {len(bank)} questions built in {1000 * (built - started):.1f} ms")
    with tempfile.TemporaryDirectory() as folder:
        store = Store(Path(folder) / "bench.sqlite3")
        quiz = build_quiz(kb, store, bank=bank)
        rng = random.Random(7)
        views = [quiz.coach.start_practice(user, user, per_learner) for user in range(1, learners + 1)]
        cpu0, wall0 = time.process_time(), time.perf_counter()
        graded = 0
        for _ in range(per_learner):
            for user, view in enumerate(views, 1):
                choice = rng.randrange(len(view.question.options))
                outcome = quiz.coach.answer(user, view.session_id, view.position, choice)
                graded += 1
                views[user - 1] = outcome.next or view
        cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
        store.close()
    print(f"graded answers: {graded} by {learners} learners, {1000 * cpu / graded:.3f} CPU ms and "
          f"{1000 * wall / graded:.3f} ms wall per answer (core and SQLite, no Telegram)")


def _bench_daily(kb: knowledge.KnowledgeBase, chats_count: int = 2000) -> None:
    """The daily question at scale: setting every timer at start-up, and one morning's posts."""
    import tempfile
    from pathlib import Path

    from .chats import build_chats, read_daily_request
    from .quiz import build_bank
    from .store import Store

    zones = ["Europe/Berlin", "UTC", "America/New_York", "Asia/Kolkata", "UTC+05:30"]
    clock = [1_795_000_000.0]
    with tempfile.TemporaryDirectory() as folder:
        store = Store(Path(folder) / "bench.sqlite3", clock=lambda: clock[0])
        chats = build_chats(kb, store, build_bank(kb), lambda: clock[0], random.Random(3))
        for n in range(chats_count):
            store.see_chat(-1000 - n, "supergroup", f"group {n}")
            chats.manager.set_daily(-1000 - n, read_daily_request(f"{n % 24:02d}:{n % 60:02d} {zones[n % 5]}"))
        t0 = time.perf_counter()
        due = {chat: chats.schedule.next_due(chat) for chat in chats.schedule.scheduled_chats()}
        restored = time.perf_counter() - t0
        t0 = time.perf_counter()
        for chat, when in due.items():
            clock[0] = max(clock[0], when.at)
            posting = chats.schedule.take_due(chat, when.day)
            chats.schedule.sent(posting, f"poll{chat}", 1)
            chats.schedule.next_due(chat)
        posted = time.perf_counter() - t0
        store.close()
    print(f"daily questions: {len(due)} chats' timers set in {1000 * restored:.0f} ms at start-up; "
          f"{1000 * posted / len(due):.2f} ms per post (claim, pick, record, next timer; no Telegram)")


def _vary(question: str, rng: random.Random) -> str:
    words = question.split()
    if len(words) > 1 and rng.random() < 0.5:
        i = rng.randrange(len(words))
        w = words[i]
        if len(w) > 4:
            j = rng.randrange(1, len(w) - 1)
            words[i] = w[:j] + w[j + 1] + w[j] + w[j + 2:]
    return " ".join(words)
