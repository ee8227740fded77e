"""Jinja2 with jinja2-fragments: a page and its HTMX partials are one template whose partials
are named blocks, rendered alone when htmx asks (`HX-Request`).

Autoescape is on everywhere. The only markup not escaped here is the SVG of
`assistant/exports/svg.py` (`curve_svg`, `matrix_svg`), which escapes every text it draws.
Macros live in `_ui.html`; a block that calls them imports them `with context` itself, because
a block rendered alone does not run the template's top-level imports.

Every `<form method="post">` of every template gets the CSRF token as its first field, added when
the template is compiled (`CsrfFields`): a form written later needs nothing for it, and works
without JavaScript (web/security.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context
from jinja2.ext import Extension
from jinja2.runtime import Context
from jinja2_fragments import render_blocks
from jinja2_fragments.fastapi import Jinja2Blocks
from markupsafe import Markup

from assistant import __version__
from assistant.domain import LANGS, Action, Citation, JourneyMap
from assistant.exports import DOWNLOADS
from assistant.exports.common import citation_text, kpi_change, signed, with_unit
from assistant.exports.html_export import emotion_class
from assistant.exports.svg import emotion_curve_svg, impact_effort_svg
from assistant.i18n.labels import Labels
from assistant.i18n.reasons import locator, read_reason, skip_reason
from web.security import CSRF_FIELD, csrf_token
from web.views.analytics import change, percent, scores

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"


def static_url(path: str) -> str:
    """Same-origin and versioned, so a new release is never served a stale cached file."""
    return f"/static/{path}?v={__version__}"


def curve_svg(journey: JourneyMap, labels: Labels) -> Markup:
    return Markup(emotion_curve_svg(journey, labels))


def matrix_svg(actions: Sequence[Action], labels: Labels) -> Markup:
    return Markup(impact_effort_svg(list(actions), labels))


def when(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M")


def cite(citation: Citation) -> str:
    return citation_text(citation)


def joined(values: Iterable[Any], sep: str = "; ") -> str:
    return sep.join(str(v) for v in values)


@pass_context
def csrf_field(context: Context) -> Markup:
    """The hidden CSRF token field of a form (added to every post form by `CsrfFields`)."""
    token = context.get("csrf_token") or csrf_token(context["request"])
    return Markup('<input type="hidden" name="{}" value="{}">').format(CSRF_FIELD, token)


# An opening <form …> tag: quoted values and Jinja expressions may hold ">".
_FORM_TAG = re.compile(
    r"""<form\b(?:\{\{.*?\}\}|\{%.*?%\}|"[^"]*"|'[^']*'|[^>"'{]|\{)*>""", re.I | re.S
)
_POST = re.compile(r"""\bmethod\s*=\s*["']?post\b""", re.I)


class CsrfFields(Extension):
    """Puts `{{ csrf_field() }}` right after every `<form method="post">` tag of a template
    source, so the token is the form's first field (first part of a multipart body too)."""

    def preprocess(self, source: str, name: str | None, filename: str | None = None) -> str:
        def add(tag: re.Match[str]) -> str:
            return (
                tag.group(0) + "{{ csrf_field() }}" if _POST.search(tag.group(0)) else tag.group(0)
            )

        return _FORM_TAG.sub(add, source)


def build_environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=[CsrfFields],
    )
    env.globals.update(
        static=static_url,
        langs=LANGS,
        export_formats=tuple(DOWNLOADS.values()),
        signed=signed,
        with_unit=with_unit,
        kpi_change=kpi_change,
        emotion_class=emotion_class,
        curve_svg=curve_svg,
        matrix_svg=matrix_svg,
        when=when,
        cite=cite,
        joined=joined,
        percent=percent,
        change=change,
        scores=scores,
        read_reason=read_reason,
        locator=locator,
        skip_reason=skip_reason,
        csrf_field=csrf_field,
    )
    return env


def build_templates() -> Jinja2Blocks:
    return Jinja2Blocks(env=build_environment())


def render_fragment(
    env: Environment, name: str, blocks: list[str], context: Mapping[str, Any]
) -> str:
    """Blocks of a page as one string (for server-sent events, outside a response)."""
    return render_blocks(env, name, blocks, dict(context))
