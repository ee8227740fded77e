"""Inline SVG charts: the emotion curve across the journey and the impact/effort matrix.

Pure functions that return SVG text. All geometry is computed here from the constants below
(tests recompute point positions from them); there are no scripts and no external references,
and every piece of text is XML-escaped, so the HTML renderer may embed the result as markup.
Pass `standalone=True` for a file of its own (adds the SVG namespace).
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from html import escape

from assistant.domain import Action, JourneyMap
from assistant.domain.plan import HIGH_EFFORT, HIGH_IMPACT
from assistant.exports.common import (
    BUCKET_COLOURS,
    EMOTION_COLOURS,
    NO_EMOTION_COLOUR,
    one_line,
    signed,
)
from assistant.i18n.labels import Labels

FONT_STACK = (
    "system-ui, -apple-system, 'Segoe UI', 'PingFang SC', 'Hiragino Sans GB', "
    "'Microsoft YaHei', 'Noto Sans CJK SC', 'Source Han Sans SC', 'WenQuanYi Micro Hei', "
    "sans-serif"
)
INK, MUTED, GRID = "#1f2937", "#64748b", "#e2e8f0"
# A white outline behind small labels keeps them legible where they cross the curve.
HALO = ' stroke="#fff" stroke-width="3" stroke-linejoin="round" paint-order="stroke"'

# Emotion curve geometry: one slot per touchpoint across the plot; score −2..+2 maps linearly to
# PLOT_BOTTOM..PLOT_TOP (+2 at the top).
CURVE_WIDTH = 960
PLOT_LEFT = 64
PLOT_RIGHT = 944
PLOT_TOP = 96
PLOT_HEIGHT = 200
PLOT_BOTTOM = PLOT_TOP + PLOT_HEIGHT
POINT_RADIUS = 6
MOT_RADIUS = 9
LABEL_FONT = 12

# Impact/effort matrix geometry: effort 1..5 left → right, impact 1..5 bottom → top.
MATRIX_LEFT = 64
MATRIX_TOP = 20
MATRIX_PLOT = 360
MATRIX_WIDTH = MATRIX_LEFT + MATRIX_PLOT + 16
MATRIX_HEIGHT = MATRIX_TOP + MATRIX_PLOT + 56
MARKER_RADIUS = 13


def point_x(index: int, count: int) -> float:
    """Centre of the `index`-th of `count` touchpoint slots."""
    return PLOT_LEFT + (index + 0.5) * (PLOT_RIGHT - PLOT_LEFT) / count


def score_y(score: int) -> float:
    return PLOT_TOP + (2 - score) * PLOT_HEIGHT / 4


def effort_x(effort: float) -> float:
    return MATRIX_LEFT + (effort - 0.5) / 5 * MATRIX_PLOT


def impact_y(impact: float) -> float:
    return MATRIX_TOP + (5.5 - impact) / 5 * MATRIX_PLOT


def num(value: float) -> str:
    """Coordinates with at most two decimals, no trailing zeros: deterministic text."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def esc(text: str) -> str:
    return escape(text, quote=True)


# -- text fitting ------------------------------------------------------------------------------
_TOKENS = re.compile(r"[0-9A-Za-z'’.\-]+|\s+|.")


def _width(text: str) -> float:
    """Approximate width in ems: CJK and full-width characters 1, others about half."""
    return sum(1.0 if unicodedata.east_asian_width(c) in "WF" else 0.56 for c in text)


def _ellipsize(text: str, max_em: float) -> str:
    while text and _width(text + "…") > max_em:
        text = text[:-1]
    return text.rstrip() + "…"


def wrap(text: str, max_em: float, max_lines: int = 2) -> list[str]:
    """Greedy line breaking (Latin words kept whole where they fit), ellipsis on overflow."""
    max_em = max(max_em, 1.5)
    lines: list[str] = []
    line = ""
    for token in _TOKENS.findall(one_line(text)):
        if not line and token.isspace():
            continue
        if not line or _width(line + token) <= max_em:
            line += token
            continue
        lines.append(line.rstrip())
        line = "" if token.isspace() else token
    if line.strip():
        lines.append(line.rstrip())
    fitted: list[str] = []
    for piece in lines:
        while _width(piece) > max_em:
            cut = max(1, next(i for i in range(len(piece), 0, -1) if _width(piece[:i]) <= max_em))
            fitted.append(piece[:cut])
            piece = piece[cut:]
        fitted.append(piece)
    if len(fitted) > max_lines:
        fitted = [*fitted[: max_lines - 1], _ellipsize(fitted[max_lines - 1], max_em)]
    return fitted


def _text_block(
    lines: list[str], x: float, y: float, *, size: int, attrs: str = "", line_gap: float = 1.25
) -> str:
    spans = "".join(
        f'<tspan x="{num(x)}" y="{num(y + i * size * line_gap)}">{esc(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    return f'<text font-size="{size}" text-anchor="middle"{attrs}>{spans}</text>'


def _open_svg(width: int, height: int, css_class: str, title: str, standalone: bool) -> str:
    ns = ' xmlns="http://www.w3.org/2000/svg"' if standalone else ""
    return (
        f'<svg{ns} class="{css_class}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{esc(title)}" font-family="{esc(FONT_STACK)}" fill="{INK}">'
        f"<title>{esc(title)}</title>"
    )


# -- emotion curve -----------------------------------------------------------------------------
def emotion_curve_svg(journey: JourneyMap, labels: Labels, *, standalone: bool = False) -> str:
    """The emotion of every touchpoint in journey order, stages as labelled bands.

    Each touchpoint with an emotion is one `<circle data-touchpoint=… data-score=…>` (moments of
    truth: larger, dark ring, ★ above); touchpoints without one keep their slot, are left out of
    the line and are listed in a note under the chart.
    """
    touchpoints = journey.ordered_touchpoints()
    missing = [t.name for t in touchpoints if t.emotion is None]
    height = PLOT_BOTTOM + 66 + (26 if missing else 0)
    parts = [
        _open_svg(CURVE_WIDTH, height, "chart emotion-curve", labels["emotion_curve"], standalone)
    ]
    count = len(touchpoints)
    if count == 0:
        parts.append(
            f'<text x="{CURVE_WIDTH / 2}" y="{num(score_y(0))}" text-anchor="middle" '
            f'fill="{MUTED}">{esc(labels["no_items"])}</text></svg>'
        )
        return "".join(parts)
    slot = (PLOT_RIGHT - PLOT_LEFT) / count
    index = {t.id: i for i, t in enumerate(touchpoints)}

    # Stage bands, labelled, with dashed separators between them.
    band_top, band_bottom = 14.0, PLOT_BOTTOM + 58.0
    shown = [s for s in journey.stages if journey.touchpoints_of(s.id)]
    for n, stage in enumerate(shown):
        members = journey.touchpoints_of(stage.id)
        x0 = PLOT_LEFT + index[members[0].id] * slot
        x1 = PLOT_LEFT + (index[members[-1].id] + 1) * slot
        fill = "#f1f5f9" if n % 2 == 0 else "#ffffff"
        parts.append(
            f'<rect class="stage-band" x="{num(x0)}" y="{num(band_top)}" width="{num(x1 - x0)}" '
            f'height="{num(band_bottom - band_top)}" fill="{fill}"/>'
        )
        number = journey.stages.index(stage) + 1
        title = wrap(f"{number}. {stage.name}", (x1 - x0 - 12) / 13, 2)
        parts.append(
            f"<g><title>{esc(stage.name)}</title>"
            + _text_block(
                title,
                (x0 + x1) / 2,
                band_top + 18,
                size=13,
                attrs=' font-weight="600" fill="#334155"',
            )
            + "</g>"
        )
        if n > 0:
            parts.append(
                f'<line x1="{num(x0)}" x2="{num(x0)}" y1="{num(band_top)}" '
                f'y2="{num(band_bottom)}" stroke="#cbd5e1" stroke-dasharray="4 4"/>'
            )

    # Score grid with a colour key on the axis.
    for score in range(2, -3, -1):
        y = score_y(score)
        dash = "" if score == 0 else ' stroke-dasharray="2 4"'
        colour = "#94a3b8" if score == 0 else GRID
        parts.append(
            f'<line x1="{PLOT_LEFT}" x2="{PLOT_RIGHT}" y1="{num(y)}" y2="{num(y)}" '
            f'stroke="{colour}"{dash}/>'
            f'<rect x="{PLOT_LEFT - 8}" y="{num(y - PLOT_HEIGHT / 8)}" width="4" '
            f'height="{num(PLOT_HEIGHT / 4)}" fill="{EMOTION_COLOURS[score]}"/>'
            f'<text x="{PLOT_LEFT - 14}" y="{num(y + 4)}" font-size="12" text-anchor="end" '
            f'fill="{MUTED}">{signed(score)}</text>'
        )

    # The line through the touchpoints that have an emotion.
    points = [
        (point_x(index[t.id], count), score_y(t.emotion.score), t)
        for t in touchpoints
        if t.emotion is not None
    ]
    if len(points) > 1:
        path = " ".join(
            f"{'M' if i == 0 else 'L'}{num(x)} {num(y)}" for i, (x, y, _) in enumerate(points)
        )
        parts.append(
            f'<path class="curve" d="{path}" fill="none" stroke="#334155" stroke-width="2.5" '
            'stroke-linejoin="round" stroke-linecap="round"/>'
        )

    for x, y, tp in points:
        assert tp.emotion is not None
        emotion = tp.emotion
        mot = tp.moment_of_truth
        tip = f"{tp.name} · {signed(emotion.score)} {emotion.label}".strip()
        if mot:
            tip += f" · ★ {labels['moment_of_truth']}"
        circle = (
            f'<circle class="point{" mot" if mot else ""}" data-touchpoint="{esc(tp.id)}" '
            f'data-score="{emotion.score}" cx="{num(x)}" cy="{num(y)}" '
            f'r="{MOT_RADIUS if mot else POINT_RADIUS}" fill="{EMOTION_COLOURS[emotion.score]}" '
            + ('stroke="#111827" stroke-width="3"/>' if mot else 'stroke="#fff" stroke-width="2"/>')
        )
        extra = ""
        label_y = y - (MOT_RADIUS if mot else POINT_RADIUS) - 7
        if mot:
            extra += (
                f'<text x="{num(x)}" y="{num(label_y)}" font-size="14" text-anchor="middle" '
                f'fill="#b45309">★</text>'
            )
            label_y -= 15
        if emotion.label:
            extra += _text_block(
                wrap(emotion.label, (slot - 6) / 11, 1),
                x,
                label_y,
                size=11,
                attrs=f' fill="{MUTED}"{HALO}',
            )
        parts.append(f"<g><title>{esc(tip)}</title>{circle}{extra}</g>")

    # Touchpoint names under the plot; those without an emotion greyed and marked on the axis.
    for i, tp in enumerate(touchpoints):
        x = point_x(i, count)
        lines = wrap(tp.name, (slot - 6) / LABEL_FONT, 2)
        if tp.emotion is None:
            attrs = f' fill="{MUTED}" font-style="italic"'
            parts.append(
                f"<g><title>{esc(tp.name)} · {esc(labels['emotion_missing'])}</title>"
                f'<rect class="missing" x="{num(x - 5)}" y="{num(score_y(0) - 5)}" width="10" '
                f'height="10" fill="#fff" stroke="{NO_EMOTION_COLOUR}" stroke-width="2" '
                f'stroke-dasharray="2 2"/></g>'
            )
        else:
            weight = ' font-weight="700"' if tp.moment_of_truth else ""
            attrs = f' fill="{INK}"{weight}'
        parts.append(
            f"<g><title>{esc(tp.name)}</title>"
            + _text_block(lines, x, PLOT_BOTTOM + 32, size=LABEL_FONT, attrs=attrs)
            + "</g>"
        )

    if missing:
        note = f"{labels['emotion_missing']}{labels['colon']}{labels['list_sep'].join(missing)}"
        parts.append(
            f'<text class="missing-note" x="{PLOT_LEFT}" y="{num(band_bottom + 24)}" '
            f'font-size="12" fill="{MUTED}">{esc(note)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


# -- impact / effort matrix --------------------------------------------------------------------
def _offsets(actions: list[Action]) -> dict[str, tuple[float, float]]:
    """Actions sharing a cell are spread on a small circle so every marker stays visible."""
    cells: dict[tuple[int, int], list[str]] = defaultdict(list)
    for action in actions:
        cells[(action.effort, action.impact)].append(action.id)
    offsets: dict[str, tuple[float, float]] = {}
    # Fixed unit vectors (no trigonometry): at most 8 actions share a cell before overlapping.
    ring = [(-1, 0), (1, 0), (0, -1), (0, 1), (-0.7, -0.7), (0.7, 0.7), (0.7, -0.7), (-0.7, 0.7)]
    for ids in cells.values():
        for k, action_id in enumerate(ids):
            dx, dy = (0.0, 0.0) if len(ids) == 1 else ring[k % len(ring)]
            offsets[action_id] = (dx * 16, dy * 16)
    return offsets


def impact_effort_svg(actions: list[Action], labels: Labels, *, standalone: bool = False) -> str:
    """The 2×2 prioritisation matrix; each action a numbered marker (numbers = plan order)."""
    parts = [_open_svg(MATRIX_WIDTH, MATRIX_HEIGHT, "chart matrix", labels["matrix"], standalone)]
    split_x, split_y = effort_x(HIGH_EFFORT - 0.5), impact_y(HIGH_IMPACT - 0.5)
    left, top = MATRIX_LEFT, MATRIX_TOP
    right, bottom = MATRIX_LEFT + MATRIX_PLOT, MATRIX_TOP + MATRIX_PLOT
    quadrants = (
        ("quick_win", left, top, split_x, split_y, "#e8f5e9", "start"),
        ("major_project", split_x, top, right, split_y, "#e3f2fd", "end"),
        ("fill_in", left, split_y, split_x, bottom, "#f3f4f6", "start"),
        ("reconsider", split_x, split_y, right, bottom, "#fdecea", "end"),
    )
    for bucket, x0, y0, x1, y1, fill, anchor in quadrants:
        tx = x0 + 8 if anchor == "start" else x1 - 8
        parts.append(
            f'<rect x="{num(x0)}" y="{num(y0)}" width="{num(x1 - x0)}" height="{num(y1 - y0)}" '
            f'fill="{fill}"/>'
            f'<text x="{num(tx)}" y="{num(y0 + 18)}" font-size="12" font-weight="700" '
            f'text-anchor="{anchor}" fill="{BUCKET_COLOURS[bucket]}">'
            f"{esc(labels[f'bucket.{bucket}'])}</text>"
        )
    parts.append(
        f'<rect x="{left}" y="{top}" width="{MATRIX_PLOT}" height="{MATRIX_PLOT}" fill="none" '
        f'stroke="#cbd5e1"/>'
        f'<line x1="{num(split_x)}" x2="{num(split_x)}" y1="{top}" y2="{bottom}" stroke="#94a3b8"/>'
        f'<line x1="{left}" x2="{right}" y1="{num(split_y)}" y2="{num(split_y)}" stroke="#94a3b8"/>'
    )
    for value in range(1, 6):
        parts.append(
            f'<text x="{num(effort_x(value))}" y="{bottom + 16}" font-size="11" '
            f'text-anchor="middle" fill="{MUTED}">{value}</text>'
            f'<text x="{left - 8}" y="{num(impact_y(value) + 4)}" font-size="11" '
            f'text-anchor="end" fill="{MUTED}">{value}</text>'
        )
    mid_x, mid_y = left + MATRIX_PLOT / 2, top + MATRIX_PLOT / 2
    parts.append(
        f'<text x="{num(mid_x)}" y="{bottom + 40}" font-size="13" font-weight="600" '
        f'text-anchor="middle" fill="#334155">{esc(labels["effort"])} →</text>'
        f'<text transform="translate({left - 34} {num(mid_y)}) rotate(-90)" font-size="13" '
        f'font-weight="600" text-anchor="middle" fill="#334155">{esc(labels["impact"])} →</text>'
    )
    offsets = _offsets(actions)
    for number, action in enumerate(actions, start=1):
        dx, dy = offsets[action.id]
        x, y = effort_x(action.effort) + dx, impact_y(action.impact) + dy
        parts.append(
            f"<g><title>{number}. {esc(action.title)}</title>"
            f'<circle class="action" data-action="{esc(action.id)}" '
            f'data-impact="{action.impact}" data-effort="{action.effort}" cx="{num(x)}" '
            f'cy="{num(y)}" r="{MARKER_RADIUS}" fill="{BUCKET_COLOURS[action.priority]}" '
            f'stroke="#fff" stroke-width="2"/>'
            f'<text x="{num(x)}" y="{num(y + 4)}" font-size="12" font-weight="700" '
            f'text-anchor="middle" fill="#fff">{number}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)
