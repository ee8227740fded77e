"""Analytics fixtures: a service on a temp database, small hand-made files, and the real data."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from assistant.analytics.lexicon import load_lexicon
from assistant.analytics.pipeline import AnalysisOptions
from assistant.analytics.result import AnalysisResult
from assistant.analytics.service import AnalyticsService
from assistant.analytics.tagger import Tagger
from assistant.analytics.taxonomy import Taxonomy, taxonomy_from_playbook
from assistant.embeddings import Embedder
from assistant.embeddings.hash_backend import HashEmbedder
from assistant.playbooks import load_playbook
from assistant.storage import Database

HERE = Path(__file__).parent
TAGGING_SAMPLE = HERE / "tagging_sample.csv"
WAIMAI = Path(__file__).resolve().parents[3] / "shared" / "data" / "waimai_10k.csv"

needs_waimai = pytest.mark.skipif(not WAIMAI.exists(), reason="needs ../shared/data/waimai_10k.csv")

Analyze = Callable[..., AnalysisResult]


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = Database(f"sqlite:///{tmp_path / 'cxcoach.db'}")
    yield database
    database.dispose()


def make_service(db: Database, folder: Path, embedder: Embedder | None = None) -> AnalyticsService:
    return AnalyticsService(db, folder, (lambda: embedder) if embedder is not None else None)


@pytest.fixture
def service(db: Database, tmp_path: Path) -> AnalyticsService:
    """Lexicon only (no embedder): themes are named by issue."""
    return make_service(db, tmp_path / "analytics")


@pytest.fixture
def hashed_service(db: Database, tmp_path: Path) -> AnalyticsService:
    """With the lexical hash embedder: semantic fallback and clustering run, instantly."""
    return make_service(db, tmp_path / "analytics", HashEmbedder())


@pytest.fixture
def analyze(service: AnalyticsService, tmp_path: Path) -> Analyze:
    """Write `content` to a file and analyse it into workspace "shop" (restaurant playbook)."""

    def run(
        content: str | bytes,
        name: str = "reviews.csv",
        *,
        industry: str | None = "restaurant",
        **options: Any,
    ) -> AnalysisResult:
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return service.analyze(
            [path],
            "shop",
            options=AnalysisOptions(**options),
            industry=industry,
        )

    return run


@pytest.fixture(scope="session")
def restaurant() -> Taxonomy:
    return taxonomy_from_playbook(load_playbook("restaurant"))


@pytest.fixture(scope="session")
def lexical_tagger(restaurant: Taxonomy) -> Tagger:
    return Tagger(restaurant, load_lexicon(), None)


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    import csv

    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path
