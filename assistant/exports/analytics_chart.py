"""The analytics section of the HTML report and its chart: volume and negative share per touchpoint.

The exports do not depend on the analytics package: analytics hands over an `AnalyticsSection`
(plain data). The chart is a pure function of it, with the geometry below (tests recompute bar
heights from these constants): per touchpoint, in journey order, a volume bar scaled to the
largest volume and a negative-share bar scaled to 100 %. Every text is escaped, nothing is
fetched, and the same data always gives the same SVG text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from assistant.domain import Lang
from assistant.exports.svg import GRID, INK, MUTED, _open_svg, esc, num, wrap
from assistant.i18n.labels import Labels
from assistant.text.script import convert_tree

CHART_WIDTH = 960
BAR_LEFT = 72
BAR_RIGHT = 900
BAR_TOP = 48
BAR_HEIGHT = 220
BAR_BOTTOM = BAR_TOP + BAR_HEIGHT
VOLUME_COLOUR = "#2f5d8a"
NEGATIVE_COLOUR = "#c2410c"
NAME_FONT = 12
FEW_RECORDS = 30  # a negative share over fewer records is drawn faint: it is anecdote, not rate


@dataclass(frozen=True)
class TouchpointBar:
    name: str
    stage: str
    volume: int
    negative_share: float | None  # 0..1; None when no record there has a known sentiment


@dataclass(frozen=True)
class ThemeItem:
    label: str
    size: int
    estimated: bool
    quotes: list[str]


@dataclass(frozen=True)
class AnalyticsSection:
    """What the report shows of an analysis of the company's feedback."""

    bars: list[TouchpointBar]
    records: int
    negative_share: float | None
    unassigned: int
    source: str  # which touchpoints the records were tagged against
    files: list[str] = field(default_factory=list)
    themes: list[ThemeItem] = field(default_factory=list)
    created: str = ""


def section_in_script(section: AnalyticsSection, lang: Lang) -> AnalyticsSection:
    """The section's Chinese text in the script of `lang` (a report converted to zh-Hant shows
    the analysis in zh-Hant too); English reports keep the analysis as it was written."""
    if lang == "en":
        return section

    def c(text: str) -> str:
        return str(convert_tree(text, lang))

    return replace(
        section,
        bars=[replace(b, name=c(b.name), stage=c(b.stage)) for b in section.bars],
        source=c(section.source),
        themes=[
            replace(t, label=c(t.label), quotes=[c(q) for q in t.quotes]) for t in section.themes
        ],
    )


def slot_width(count: int) -> float:
    return (BAR_RIGHT - BAR_LEFT) / max(count, 1)


def volume_height(volume: int, largest: int) -> float:
    return BAR_HEIGHT * volume / largest if largest else 0.0


def share_height(share: float | None) -> float:
    return BAR_HEIGHT * (share or 0.0)


def percent(share: float | None) -> str:
    return "—" if share is None else f"{share * 100:.1f}%"


def touchpoint_chart_svg(
    bars: Sequence[TouchpointBar], labels: Labels, *, standalone: bool = False
) -> str:
    """One `<g class="touchpoint">` per touchpoint holding a `rect.volume` and a `rect.negative`
    (each with data-touchpoint and data-value), names under the plot, a volume axis on the left
    and a 0–100 % axis on the right."""
    height = BAR_BOTTOM + 64
    title = labels["analytics_chart"]
    parts = [_open_svg(CHART_WIDTH, height, "chart touchpoint-bars", title, standalone)]
    if not bars:
        parts.append(
            f'<text x="{CHART_WIDTH / 2}" y="{BAR_TOP + BAR_HEIGHT / 2}" text-anchor="middle" '
            f'fill="{MUTED}">{esc(labels["no_items"])}</text></svg>'
        )
        return "".join(parts)
    largest = max(b.volume for b in bars)
    slot = slot_width(len(bars))
    bar_width = slot * 0.34

    # Legend, grid and both axes.
    parts.append(
        f'<rect x="{BAR_LEFT}" y="14" width="12" height="12" fill="{VOLUME_COLOUR}"/>'
        f'<text x="{BAR_LEFT + 18}" y="24" font-size="12">{esc(labels["volume"])}</text>'
        f'<rect x="{BAR_LEFT + 140}" y="14" width="12" height="12" fill="{NEGATIVE_COLOUR}"/>'
        f'<text x="{BAR_LEFT + 158}" y="24" font-size="12">{esc(labels["negative_share"])}</text>'
    )
    for fraction in (0.0, 0.5, 1.0):
        y = BAR_BOTTOM - BAR_HEIGHT * fraction
        dash = "" if fraction == 0 else ' stroke-dasharray="2 4"'
        parts.append(
            f'<line x1="{BAR_LEFT}" x2="{BAR_RIGHT}" y1="{num(y)}" y2="{num(y)}" '
            f'stroke="{GRID if fraction else "#94a3b8"}"{dash}/>'
            f'<text x="{BAR_LEFT - 8}" y="{num(y + 4)}" font-size="11" text-anchor="end" '
            f'fill="{VOLUME_COLOUR}">{round(largest * fraction):,}</text>'
            f'<text x="{BAR_RIGHT + 8}" y="{num(y + 4)}" font-size="11" fill="{NEGATIVE_COLOUR}">'
            f"{round(fraction * 100)}%</text>"
        )

    for index, bar in enumerate(bars):
        left = BAR_LEFT + index * slot
        centre = left + slot / 2
        v_height = volume_height(bar.volume, largest)
        n_height = share_height(bar.negative_share)
        tip = f"{bar.name} · {bar.stage} · {bar.volume:,} · {percent(bar.negative_share)}"
        faint = bar.volume < FEW_RECORDS
        few = " few" if faint else ""
        opacity = ' fill-opacity="0.35"' if faint else ""
        parts.append(
            f'<g class="touchpoint" data-touchpoint="{esc(bar.name)}"><title>{esc(tip)}</title>'
            f'<rect class="bar volume" data-touchpoint="{esc(bar.name)}" '
            f'data-value="{bar.volume}" x="{num(centre - bar_width - 1)}" '
            f'y="{num(BAR_BOTTOM - v_height)}" width="{num(bar_width)}" '
            f'height="{num(v_height)}" fill="{VOLUME_COLOUR}"/>'
            f'<rect class="bar negative{few}" data-touchpoint="{esc(bar.name)}" '
            f'data-value="{"" if bar.negative_share is None else f"{bar.negative_share:.4f}"}" '
            f'x="{num(centre + 1)}" y="{num(BAR_BOTTOM - n_height)}" width="{num(bar_width)}" '
            f'height="{num(n_height)}" fill="{NEGATIVE_COLOUR}"'
            f"{opacity}/>"
        )
        if bar.negative_share is not None and bar.volume:
            parts.append(
                f'<text x="{num(centre + 1 + bar_width / 2)}" y="{num(BAR_BOTTOM - n_height - 4)}"'
                f' font-size="10" text-anchor="middle" fill="{NEGATIVE_COLOUR}">'
                f"{round(bar.negative_share * 100)}</text>"
            )
        lines = wrap(bar.name, (slot - 4) / NAME_FONT, 2)
        spans = "".join(
            f'<tspan x="{num(centre)}" y="{num(BAR_BOTTOM + 18 + i * 15)}">{esc(line)}</tspan>'
            for i, line in enumerate(lines)
        )
        parts.append(
            f'<text font-size="{NAME_FONT}" text-anchor="middle" fill="{INK}">{spans}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)
