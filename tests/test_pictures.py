"""The pictures: real PNGs of the right size, that change with what they highlight, drawn once."""
from __future__ import annotations

import io
import subprocess
import sys

import pytest
from PIL import Image

from bot.pictures import (
    MasteryChart,
    MasteryRow,
    Painter,
    chain_for_scenario,
    chain_for_stream,
    chain_with,
    for_answer_topic,
    whole_chain,
)
from bot.pictures.drawing import DPI, HUES, LAYOUT, UNIT_INCHES
from bot.pictures.specs import ALSO, MAIN, OFF

UNIT_PX = DPI * UNIT_INCHES  # drawing units to pixels


@pytest.fixture(scope="module")
def painter():
    return Painter()


def image(painter, picture) -> Image.Image:
    png = painter.png(picture)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    return Image.open(io.BytesIO(png)).convert("RGB")


def box_colour(img: Image.Image, activity: str, legend_and_steps_px: float) -> tuple[int, int, int]:
    """The colour inside an activity's box, near its left edge (away from the label and badges)."""
    x, y, _, h = LAYOUT[activity]
    px = round((x + 1.5) * UNIT_PX)
    py = round(img.height - legend_and_steps_px - (y + h / 2) * UNIT_PX)
    return img.getpixel((px, py))


def hex_rgb(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))


def near(a, b, tolerance=12) -> bool:
    return all(abs(x - y) <= tolerance for x, y in zip(a, b, strict=True))


def test_the_whole_chain_is_a_phone_sized_png_with_every_activity_in_its_colour(painter, kb):
    img = image(painter, whole_chain(kb))
    assert img.width == 1200 and 700 <= img.height <= 900
    for a in kb.activity_ids:
        assert near(box_colour(img, a, 0), hex_rgb(HUES[a])), a


def test_highlighting_changes_the_picture_where_the_activity_is(painter, kb):
    engage = chain_with(kb, ["engage"])
    plan = chain_with(kb, ["plan"])
    legend_px = 0  # bright against grey: no legend under these
    img_engage, img_plan = image(painter, engage), image(painter, plan)
    assert img_engage.size == img_plan.size
    assert near(box_colour(img_engage, "engage", legend_px), hex_rgb(HUES["engage"]))
    assert near(box_colour(img_plan, "engage", legend_px), (0xEC, 0xEF, 0xF1))  # greyed out
    assert near(box_colour(img_plan, "plan", legend_px), hex_rgb(HUES["plan"]))
    assert img_engage.tobytes() != img_plan.tobytes()


def test_a_value_stream_numbers_its_steps_and_lists_them_below(painter, kb):
    incident = chain_for_stream(kb, kb.value_stream("incident"))
    request = chain_for_stream(kb, kb.value_stream("service_request"))
    numbers = {b.activity: b.steps for b in incident.boxes}
    assert numbers["engage"] == (1, 6) and numbers["deliver_support"] == (2, 5) and numbers["improve"] == (7,)
    assert numbers["plan"] == () and {b.activity for b in incident.boxes if b.role == OFF} == {"plan"}
    tall, short = image(painter, incident), image(painter, request)
    assert tall.width == short.width == 1200
    assert tall.height - short.height == pytest.approx(4 * 6.2 * UNIT_PX, abs=2)  # four more step lines


def test_a_scenario_highlights_what_is_mainly_involved_and_tints_what_may_take_part(painter, kb):
    incident = next(s for s in kb.scenarios if s.id == "incident")
    picture = chain_for_scenario(kb, incident)
    roles = {b.activity: b.role for b in picture.boxes}
    assert roles == {"engage": MAIN, "deliver_support": MAIN, "obtain_build": ALSO, "design_transition": ALSO,
                     "improve": ALSO, "plan": OFF}
    assert [role for role, _ in picture.legend] == [MAIN, ALSO, OFF]
    assert len(picture.steps) == len(kb.value_stream("incident").steps)
    img = image(painter, picture)
    assert img.width == 1200 and img.height > 1100


def test_the_mastery_chart_draws_bars_as_long_as_the_share_right(painter):
    rows = (MasteryRow("Plan", 19, 20, 4, 40), MasteryRow("Improve", 1, 4, 0, 40), MasteryRow("Engage", 0, 0, 0, 40))
    img = image(painter, MasteryChart("Your mastery per activity", rows, "footer"))
    assert img.width == 1200 and 400 < img.height < 800
    top = 130  # pixels: the bars start under the title
    at_90_percent = round((35 + 0.9 * 65) * UNIT_PX)
    plan_y, improve_y = round(top + 0.5 * 90), round(top + 1.5 * 90)
    assert near(img.getpixel((at_90_percent, plan_y)), hex_rgb("#2a8a4a"))   # 95 %: green, past 90 %
    assert near(img.getpixel((at_90_percent, improve_y)), (0xEC, 0xEF, 0xF1))  # 25 %: the grey track there


def test_each_distinct_picture_is_drawn_once(kb):
    painter = Painter(capacity=2)
    first = painter.png(whole_chain(kb))
    assert painter.png(whole_chain(kb)) is first  # an equal spec, built again, is the same picture
    assert (painter.drawn, painter.reused) == (1, 1)
    painter.png(chain_with(kb, ["plan"]))
    painter.png(chain_with(kb, ["improve"]))  # over capacity: the least recently used goes
    painter.png(whole_chain(kb))
    assert painter.drawn == 4


def test_answers_about_streams_and_situations_get_a_picture_and_others_do_not(kb, tutor):
    assert for_answer_topic(kb, tutor.answer("incident value stream").topic).title.startswith("Value stream")
    situation = for_answer_topic(kb, tutor.answer("the payroll app crashed for the whole finance team").topic)
    assert situation is not None and "engage" in situation.highlighted
    assert for_answer_topic(kb, tutor.answer("purpose of plan").topic) is None
    assert for_answer_topic(kb, "value_stream.nonexistent") is None


def size_of(path) -> tuple[int, int]:
    with Image.open(path) as img:
        return img.size


def run_cli(*args, cwd):
    return subprocess.run([sys.executable, "-m", "bot", "diagram", *args], capture_output=True, text=True, cwd=cwd)


def test_diagram_command_writes_pngs_and_refuses_unknown_names(tmp_path):
    from tests.conftest import REPO as env_cwd

    out = tmp_path / "engage.png"
    done = run_cli("enage", "d&s", "-o", str(out), cwd=env_cwd)
    assert done.returncode == 0, done.stderr
    assert "Engage + Deliver and support" in done.stdout
    assert size_of(out)[0] == 1200
    stream = tmp_path / "incident.png"
    assert run_cli("--stream", "incident", "-o", str(stream), cwd=env_cwd).returncode == 0
    assert size_of(stream)[1] > size_of(out)[1]
    for args in (("bananas",), ("--stream", "nope"), ("--scenario", "nope"), ("plan", "--stream", "incident")):
        failed = run_cli(*args, "-o", str(tmp_path / "x.png"), cwd=env_cwd)
        assert failed.returncode == 2 and "itil-tutor diagram:" in failed.stderr and "Traceback" not in failed.stderr
    assert not (tmp_path / "x.png").exists()
