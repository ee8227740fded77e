"""Which taxonomy a workspace's records are tagged against.

The workspace's current journey map — the latest version of its most recently updated map — when
it has touchpoints; otherwise the industry playbook: the one named (`--industry`), the map's own
industry, or the playbook whose touchpoints the first records talk about most.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from assistant.analytics.lexicon import Lexicon, fold
from assistant.analytics.linking import link_topics
from assistant.analytics.taxonomy import Taxonomy, taxonomy_from_map, taxonomy_from_playbook
from assistant.domain import JourneyMap, Lang
from assistant.ingest.readers import ColumnOverrides, InputLimits, ReadError, open_table
from assistant.playbooks import INDUSTRIES, PlaybookLang, load_playbook, playbook_lang
from assistant.storage import Database

PEEK_ROWS = 500
DEFAULT_INDUSTRY = "restaurant"

# What a map's free-text industry ("餐饮", "外卖", "Banking") means among the playbooks.
INDUSTRY_WORDS: dict[str, tuple[str, ...]] = {
    "restaurant": ("restaurant", "餐饮", "餐廳", "餐厅", "外卖", "外賣", "food", "dining", "饭店"),
    "banking": ("bank", "银行", "銀行", "贷款", "貸款", "loan", "finance", "金融"),
    "telecom": ("telecom", "运营商", "電信", "电信", "移动", "联通", "carrier", "mobile"),
    "ecommerce": (
        "ecommerce",
        "e-commerce",
        "电商",
        "電商",
        "网购",
        "online shop",
        "retail online",
    ),
    "retail": ("retail", "零售", "超市", "门店", "store", "supermarket"),
    "hotel": ("hotel", "酒店", "宾馆", "民宿", "hospitality"),
    "insurance": ("insurance", "保险", "保險", "理赔"),
    "healthcare": ("health", "医院", "醫院", "医疗", "醫療", "hospital", "clinic", "诊所"),
}


@dataclass(frozen=True)
class Choice:
    taxonomy: Taxonomy
    how: str  # shown to the user: why these touchpoints
    guessed: bool = False  # the industry was guessed from the records


def industry_of(text: str) -> str | None:
    folded = fold(text)
    if folded in INDUSTRIES:
        return folded
    for industry, words in INDUSTRY_WORDS.items():
        if any(fold(w) in folded for w in words):
            return industry
    return None


def peek_texts(
    paths: Sequence[Path],
    columns: ColumnOverrides | None,
    limits: InputLimits | None = None,
    limit: int = PEEK_ROWS,
) -> list[str]:
    """The first texts of the first readable files (for guessing the industry). A file over the
    input limits is passed over here, and refused with the reason when it is analysed."""
    texts: list[str] = []
    for path in paths:
        try:
            with open_table(Path(path), columns=columns, limits=limits) as stream:
                texts.extend(r.text for r in itertools.islice(stream, limit - len(texts)))
        except (ReadError, OSError, UnicodeDecodeError):
            continue
        if len(texts) >= limit:
            break
    return texts


def guess_industry(texts: Sequence[str], lexicon: Lexicon) -> tuple[str, float]:
    """The playbook whose touchpoints most of these texts are tagged with by the lexicon, and
    that share; the restaurant playbook when nothing matches."""
    if not texts:
        return DEFAULT_INDUSTRY, 0.0
    folded = [fold(t) for t in texts]
    scored = []
    for order, industry in enumerate(INDUSTRIES):
        taxonomy = taxonomy_from_playbook(load_playbook(industry))
        links = link_topics(taxonomy, lexicon.topics)
        topics = [lexicon.topic(topic_id) for topic_id in links.by_topic]
        hits = sum(1 for f in folded if any(t.matches(f) for t in topics))
        scored.append((hits / len(folded), -order, industry))
    share, _, industry = max(scored)
    return (industry, share) if share > 0 else (DEFAULT_INDUSTRY, 0.0)


def current_map(db: Database, workspace_id: str) -> tuple[JourneyMap, str, int] | None:
    maps = db.maps.list(workspace_id)
    if not maps:
        return None
    latest = max(maps, key=lambda m: (m.updated_at, m.created_at, m.id))
    diagnosis, version = db.maps.latest(latest.id)
    return diagnosis.map, latest.id, version


def choose_taxonomy(
    db: Database,
    workspace_id: str,
    *,
    industry: str | None,
    lang: Lang,
    sample: Sequence[str],
    lexicon: Lexicon,
) -> Choice:
    found = current_map(db, workspace_id)
    note = ""
    if found is not None:
        journey, map_id, version = found
        if journey.touchpoints and industry is None:
            return Choice(
                taxonomy_from_map(journey, map_id, version),
                f"the workspace's journey map '{journey.title}' (version {version})",
            )
        if not journey.touchpoints:
            note = f"; the map '{journey.title}' has no touchpoints yet"
        industry = industry or industry_of(journey.context.industry)
    language: PlaybookLang = playbook_lang(lang)
    if industry is not None:
        taxonomy = taxonomy_from_playbook(load_playbook(industry, language))
        return Choice(taxonomy, f"the {industry} playbook (as given){note}")
    guessed, share = guess_industry(sample, lexicon)
    taxonomy = taxonomy_from_playbook(load_playbook(guessed, language))
    how = (
        f"the {guessed} playbook, guessed: {share:.0%} of the first {len(sample)} records talk "
        f"about its touchpoints (choose with --industry){note}"
    )
    return Choice(taxonomy, how, guessed=True)
