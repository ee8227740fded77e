"""The service: which touchpoints a workspace's records are tagged against, and what is stored."""

from __future__ import annotations

from pathlib import Path

from assistant.analytics.lexicon import load_lexicon
from assistant.analytics.pipeline import AnalysisOptions
from assistant.analytics.selection import guess_industry, industry_of
from assistant.analytics.service import AnalyticsService
from assistant.examples import load_example
from assistant.storage import Database
from tests.analytics.conftest import write_csv

BANK = [
    "网点排队等了一个小时",
    "客服热线一直打不通",
    "审批太慢，材料要反复补交",
    "手机银行App老是闪退",
]


def test_the_current_map_is_the_latest_version_of_the_most_recent_map(
    db: Database, service: AnalyticsService, tmp_path: Path
) -> None:
    workspace = db.workspaces.get_or_create("bank")
    bank = load_example("bank-loan.zh-Hans")
    first = db.maps.create(workspace.id, bank)
    db.maps.create(workspace.id, load_example("telecom-service-hall.zh-Hant"))
    renamed = bank.model_copy(deep=True)
    renamed.map.touchpoints[1].name = "客服热线"  # version 2 of the first map, now the latest
    db.maps.save_version(first.id, renamed)
    path = write_csv(tmp_path / "bank.csv", ["反馈"], [[t] for t in BANK])
    result = service.analyze([path], "bank")
    assert result.taxonomy.source == "map" and result.taxonomy.ref == f"map {first.id} v2"
    assert "version 2" in result.taxonomy.how_chosen
    names = [t.name for t in result.touchpoints]
    assert names == [t.name for t in renamed.map.ordered_touchpoints()]
    assert result.touchpoint_named("客服热线").volume == 1  # type: ignore[union-attr]
    assert result.totals.tagged >= 3


def test_without_a_map_the_industry_is_guessed_or_given(
    service: AnalyticsService, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "bank.csv", ["反馈"], [[t] for t in BANK])
    guessed = service.analyze([path], "acme")
    assert guessed.taxonomy.source == "playbook" and guessed.taxonomy.industry == "banking"
    assert guessed.taxonomy.how_chosen.startswith(
        "the banking playbook, guessed: 100% of the first 4"
    )
    given = service.analyze([path], "acme", industry="restaurant")
    assert given.taxonomy.ref == "playbook-restaurant-zh"
    assert given.taxonomy.how_chosen == "the restaurant playbook (as given)"
    assert guessed.taxonomy.guessed and not given.taxonomy.guessed
    english = service.analyze([path], "acme", options=AnalysisOptions(lang="en"))
    assert english.taxonomy.ref == "playbook-banking-en" and english.lang == "en"


def test_industry_words_and_guesses() -> None:
    assert industry_of("餐饮") == "restaurant" and industry_of("Banking") == "banking"
    assert industry_of("aerospace") is None
    assert guess_industry(["送餐太慢，饭都凉了", "汤洒了"], load_lexicon())[0] == "restaurant"
    assert guess_industry([], load_lexicon()) == ("restaurant", 0.0)


def test_results_are_stored_per_workspace_with_the_previous_kept(
    service: AnalyticsService, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "r.csv", ["评价"], [["送餐很快"], ["太慢了"]])
    first = service.analyze([path], "shop", industry="restaurant")
    second = service.analyze([path], "shop", industry="restaurant")
    stored = service.latest("shop")
    assert stored is not None and stored.created_at == second.created_at
    assert service.latest(first.workspace_id) == stored
    folder = service.store.root / first.workspace_id
    assert (folder / "latest.json").exists() and (folder / "previous.json").exists()
    assert service.latest("nobody") is None
