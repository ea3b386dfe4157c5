"""Drawing specs with matplotlib (object API, Agg canvas: no pyplot state, no display needed).

Sizes are set for a phone: Telegram shows photos up to 1280 px wide and people read them at
about a third of that, so every label is at least 15 pt at 100 dpi and boxes are wide.
Imported only when a picture is first drawn, so start-up does not pay for matplotlib.
"""
from __future__ import annotations

import io
import textwrap

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from .specs import ALSO, MAIN, PLAIN, ChainPicture, MasteryChart

DPI = 100
WIDTH = 120  # drawing units across; one unit is 10 px
UNIT_INCHES = 0.1
FONT = "DejaVu Sans"  # ships with matplotlib, so every machine draws the same glyphs

# one hue per activity, told apart by people with the common colour-vision deficiencies
HUES = {
    "plan": "#2f6db5", "improve": "#7b4fb0", "engage": "#2a8a4a",
    "design_transition": "#c96a12", "obtain_build": "#b03a64", "deliver_support": "#14808a",
}
GREY_FILL, GREY_TEXT, INK, PAPER = "#eceff1", "#8a949c", "#1f2a33", "#ffffff"

# where each activity sits inside the frame: (x, y, width, height) in drawing units, y upwards.
# Not a sequence: Plan and Improve span the chain, the rest sit side by side, with no arrows
# between them, because ITIL gives the activities no fixed order.
CHAIN_HEIGHT = 66
LAYOUT = {
    "plan": (23, 50, 72, 9),
    "engage": (23, 17, 20, 30),
    "design_transition": (46, 38, 49, 9),
    "obtain_build": (46, 27.5, 49, 9),
    "deliver_support": (46, 17, 49, 9),
    "improve": (23, 5, 72, 9),
}
FRAME = (19, 2, 80, 60)
STEP_ROW = 6.2  # height of one value-stream step line below the chain
STEP_FONT, LEGEND_FONT = 16, 15


def _tint(hex_colour: str, share: float) -> tuple[float, float, float]:
    """The colour mixed with white: `share` of the colour."""
    r, g, b = (int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
    return (1 - share + share * r, 1 - share + share * g, 1 - share + share * b)


def _canvas(height_units: float) -> tuple[Figure, object]:
    figure = Figure(figsize=(WIDTH * UNIT_INCHES, height_units * UNIT_INCHES), dpi=DPI, facecolor=PAPER)
    FigureCanvasAgg(figure)
    axes = figure.add_axes((0, 0, 1, 1))
    axes.set_xlim(0, WIDTH)
    axes.set_ylim(0, height_units)
    axes.axis("off")
    return figure, axes


def _png(figure: Figure) -> bytes:
    out = io.BytesIO()
    figure.savefig(out, format="png", dpi=DPI, facecolor=PAPER)
    return out.getvalue()


def draw(picture: ChainPicture | MasteryChart) -> bytes:
    if isinstance(picture, ChainPicture):
        return draw_chain(picture)
    return draw_mastery(picture)


# --- the value chain

def draw_chain(picture: ChainPicture) -> bytes:
    steps_height = len(picture.steps) * STEP_ROW + (4 if picture.steps else 0)
    legend_height = 7 if picture.legend else 0
    title_lines = textwrap.wrap(picture.title, 52) or [""]
    title_height = 5 + 5.5 * len(title_lines)
    height = CHAIN_HEIGHT + steps_height + legend_height + title_height
    figure, ax = _canvas(height)
    base = steps_height + legend_height  # the chain is drawn above the steps and the legend

    ax.text(3, height - 3, "\n".join(title_lines), fontsize=23, fontweight="bold", color=INK, va="top",
            family=FONT, linespacing=1.15)

    fx, fy, fw, fh = FRAME
    ax.add_patch(FancyBboxPatch((fx, base + fy), fw, fh, boxstyle="round,pad=0,rounding_size=3",
                                facecolor="#f7f9fa", edgecolor="#b8c2c9", linewidth=2))
    ax.text(fx + fw / 2, base + fy + fh + 1.2, "Service value chain", fontsize=15, color="#5c6b76",
            ha="center", va="bottom", family=FONT, style="italic")

    # demand and opportunity in, on the left; products, services and value out, on the right
    _side_label(ax, 9, base + 34, "Demand\nand\nopportunity")
    _arrow(ax, (15.5, base + 32), (fx + 3.5, base + 32))
    _side_label(ax, 109.5, base + 34, "Products\nand\nservices")
    _arrow(ax, (fx + fw - 0.5, base + 32), (103.5, base + 32))
    ax.text(109.5, base + 20, "VALUE", fontsize=19, fontweight="bold", color="#2a8a4a", ha="center",
            va="center", family=FONT)
    _arrow(ax, (109.5, base + 27.5), (109.5, base + 23.5))

    for box in picture.boxes:
        if box.activity in LAYOUT:
            _activity(ax, box, base)
    if picture.legend:
        _legend(ax, picture, steps_height + 1.5)
    name_column = 10.5
    what_column = name_column + 2 + max((_width(ax, s.name, bold=True) for s in picture.steps), default=0)
    for i, step in enumerate(picture.steps):
        y = steps_height - 2 - (i + 0.5) * STEP_ROW
        _badge(ax, 6, y, str(step.number), HUES.get(step.activity, INK), radius=2.4, size=14)
        ax.text(name_column, y, step.name, fontsize=STEP_FONT, fontweight="bold", color=INK, va="center",
                family=FONT)
        ax.text(what_column, y, _fit(ax, step.what, WIDTH - 2 - what_column), fontsize=STEP_FONT, color=INK,
                va="center", family=FONT)
    png = _png(figure)
    figure.clear()
    return png


def _activity(ax, box, base: float) -> None:
    x, y, w, h = LAYOUT[box.activity]
    y += base
    hue = HUES.get(box.activity, "#546e7a")
    if box.role in (MAIN, PLAIN):
        face, edge, text, style, weight = hue, hue, PAPER, "solid", "bold"
    elif box.role == ALSO:
        face, edge, text, style, weight = _tint(hue, 0.18), hue, INK, (0, (4, 2)), "bold"
    else:
        face, edge, text, style, weight = GREY_FILL, "#cfd6db", GREY_TEXT, "solid", "normal"
    ax.add_patch(FancyBboxPatch((x, y), w, h, boxstyle="round,pad=0,rounding_size=1.6", facecolor=face,
                                edgecolor=edge, linewidth=3 if box.role == ALSO else 1.5, linestyle=style))
    label = box.name if w > 30 else box.name.replace(" and ", "\nand\n").replace("/", "/\n")
    ax.text(x + w / 2, y + h / 2, label, fontsize=20, fontweight=weight, color=text, ha="center", va="center",
            family=FONT, linespacing=1.1)
    if box.steps:
        numbers = " · ".join(str(n) for n in box.steps)
        width = 2.2 + 1.55 * len(numbers)
        _pill(ax, x + w - width / 2 - 0.6, y + h, numbers, hue, width)


def _pill(ax, cx: float, cy: float, text: str, colour: str, width: float) -> None:
    ax.add_patch(FancyBboxPatch((cx - width / 2, cy - 2.2), width, 4.4, boxstyle="round,pad=0,rounding_size=2.2",
                                facecolor=PAPER, edgecolor=colour, linewidth=2.5, zorder=3))
    ax.text(cx, cy, text, fontsize=15, fontweight="bold", color=colour, ha="center", va="center", family=FONT,
            zorder=4)


def _badge(ax, cx: float, cy: float, text: str, colour: str, radius: float, size: int) -> None:
    ax.add_patch(FancyBboxPatch((cx - radius, cy - radius), 2 * radius, 2 * radius,
                                boxstyle=f"round,pad=0,rounding_size={radius}", facecolor=colour,
                                edgecolor=colour, zorder=3))
    ax.text(cx, cy, text, fontsize=size, fontweight="bold", color=PAPER, ha="center", va="center", family=FONT,
            zorder=4)


def _side_label(ax, x: float, y: float, text: str) -> None:
    ax.text(x, y, text, fontsize=15, color=INK, ha="center", va="bottom", family=FONT, linespacing=1.1)


def _arrow(ax, start: tuple[float, float], end: tuple[float, float]) -> None:
    ax.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>,head_length=1.1,head_width=0.6",
                                 mutation_scale=14, color="#5c6b76", linewidth=3))


def _legend(ax, picture: ChainPicture, y: float) -> None:
    x = 6
    for role, label in picture.legend:
        if role == MAIN:
            face, edge, style = "#5c6b76", "#5c6b76", "solid"
        elif role == ALSO:
            face, edge, style = _tint("#5c6b76", 0.18), "#5c6b76", (0, (4, 2))
        else:
            face, edge, style = GREY_FILL, "#cfd6db", "solid"
        ax.add_patch(FancyBboxPatch((x, y + 1), 4, 3.2, boxstyle="round,pad=0,rounding_size=0.6", facecolor=face,
                                    edgecolor=edge, linewidth=2, linestyle=style))
        ax.text(x + 5.3, y + 2.6, label, fontsize=LEGEND_FONT, color=INK, va="center", family=FONT)
        x += 5.3 + _width(ax, label, size=LEGEND_FONT) + 3.5
    if picture.steps:
        ax.text(x, y + 2.6, "numbers: the steps, in order", fontsize=LEGEND_FONT, color=INK, va="center",
                family=FONT, style="italic")


def _width(ax, text: str, size: float = 16, bold: bool = False) -> float:
    """How wide `text` is drawn, in drawing units (measured by the renderer, not guessed)."""
    artist = ax.text(0, 0, text, fontsize=size, fontweight="bold" if bold else "normal", family=FONT)
    extent = artist.get_window_extent(renderer=ax.figure.canvas.get_renderer())
    artist.remove()
    return extent.width / DPI / UNIT_INCHES


def _fit(ax, text: str, room: float) -> str:
    """`text`, cut with an ellipsis if it would run past `room` drawing units."""
    if _width(ax, text, STEP_FONT) <= room:
        return text
    while text and _width(ax, text + "…", STEP_FONT) > room:
        text = text[:-1]
    return text.rstrip() + "…"


# --- a learner's mastery

ROW = 9.0
PASS_SHARE = 0.65  # green from the Foundation exam's pass mark up


def draw_mastery(chart: MasteryChart) -> bytes:
    height = 16 + ROW * len(chart.rows) + (8 if chart.footer else 3)
    figure, ax = _canvas(height)
    ax.text(3, height - 3, chart.title, fontsize=23, fontweight="bold", color=INK, va="top", family=FONT)
    left, right = 35, 100  # the bar area, 0 % to 100 %
    top = height - 13
    for i, row in enumerate(chart.rows):
        y = top - (i + 0.5) * ROW
        ax.text(left - 1.5, y, row.name, fontsize=17, color=INK, ha="right", va="center", family=FONT)
        ax.add_patch(FancyBboxPatch((left, y - 2.6), right - left, 5.2, boxstyle="round,pad=0,rounding_size=1",
                                    facecolor=GREY_FILL, edgecolor="none"))
        if not row.seen:
            ax.text(left + 2, y, "not practised yet", fontsize=15, color=GREY_TEXT, va="center", family=FONT,
                    style="italic")
            continue
        share = row.right / row.seen
        colour = "#2a8a4a" if share >= PASS_SHARE else "#c98a12" if share >= 0.5 else "#c0392b"
        ax.add_patch(FancyBboxPatch((left, y - 2.6), max(2.0, share * (right - left)), 5.2,
                                    boxstyle="round,pad=0,rounding_size=1", facecolor=colour, edgecolor="none"))
        ax.text(right + 1.5, y, f"{round(100 * share)} %", fontsize=17, fontweight="bold", color=INK,
                va="center", family=FONT)
        detail = f"{row.right}/{row.seen} right" + (f" · {row.secure} secure" if row.secure is not None else "")
        inside = share * (right - left) > 36
        ax.text(left + 1.5 if inside else left + share * (right - left) + 1.5, y, detail, fontsize=14,
                color=PAPER if inside else INK, va="center", family=FONT)
    x = left + PASS_SHARE * (right - left)
    ax.plot([x, x], [top - ROW * len(chart.rows), top + 1], color="#5c6b76", linewidth=1.5, linestyle=":")
    ax.text(x, top + 1.5, "exam pass mark 65 %", fontsize=13, color="#5c6b76", ha="center", va="bottom",
            family=FONT)
    if chart.footer:
        ax.text(3, 4, chart.footer, fontsize=15, color=INK, va="center", family=FONT)
    png = _png(figure)
    figure.clear()
    return png
