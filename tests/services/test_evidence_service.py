"""EvidenceService: the customer's words behind an element's record references, looked up in the
element's own workspace only, and the records list with its filters and pages."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.analytics.pipeline import reference
from assistant.embeddings.hash_backend import HashEmbedder
from assistant.retrieval import KnowledgeIndex
from assistant.retrieval.memory_store import MemoryStore
from assistant.services.container import Services
from assistant.services.evidence import parse_ref, record_ref, trim_quote
from assistant.services.sources import delete_source
from assistant.settings import Settings
from assistant.storage import NotFound
from assistant.text.script import is_simplified_only
from tests.conftest import write_reviews

SAMPLE = Path(__file__).resolve().parents[1] / "web" / "data" / "waimai_sample.csv"


@pytest.fixture
def services(settings: Settings) -> Iterator[Services]:
    made = Services(settings, index=KnowledgeIndex(MemoryStore(), HashEmbedder()))
    yield made
    made.close()


def reviews(path: Path) -> dict[int, str]:
    """Data row number (1-based, header excluded) → the review as written in the file."""
    with path.open(encoding="utf-8", newline="") as handle:
        return {n: row["review"] for n, row in enumerate(csv.DictReader(handle), 1)}


def test_an_analysed_pain_points_references_read_as_the_customers_wrote_them(
    services: Services,
) -> None:
    services.ingest.ingest([SAMPLE], "waimai")
    result = services.analytics.analyze([SAMPLE], "waimai")
    worst = max(result.touchpoints, key=lambda t: t.negative)
    refs = worst.negative_refs[:18]  # what the interview puts on a data-backed pain point
    assert len(refs) == 18

    evidence = services.evidence.evidence("waimai", refs)

    written = reviews(SAMPLE)
    assert evidence.workspace == "waimai" and evidence.count == 18 and evidence.missing == 0
    assert all(r.status == "found" for r in evidence.refs)
    assert [r.ref for r in evidence.refs] == refs
    assert len(evidence.quotes) == 3
    for quote in evidence.quotes:
        assert quote.ref in refs and quote.in_records
        row = int(quote.ref.rpartition("=")[2])
        assert quote.locator == f"row {row}" and quote.source == "waimai_sample.csv"
        whole = " ".join(written[row].split())
        assert quote.text == whole or (quote.trimmed and quote.text[:-1] in whole)
    assert len({q.text for q in evidence.quotes}) == 3
    # Read directly above; once the records list has been opened, from the kept records: alike.
    services.evidence.records("waimai")
    assert services.evidence.evidence("waimai", refs) == evidence


def test_references_whose_file_is_gone_are_reported_one_by_one(
    services: Services, tmp_path: Path
) -> None:
    kept = write_reviews(tmp_path / "reviews.csv", "骑手态度很差，还把汤洒了", "送餐慢了一个小时")
    gone = write_reviews(tmp_path / "old_survey.csv", "等了四十分钟才到")
    services.ingest.ingest([kept, gone], "acme")
    workspace = services.db.workspaces.get_or_create("acme")
    source = next(s for s in services.db.sources.list(workspace.id) if s.filename == gone.name)
    delete_source(services.db, services.index, source.id)

    evidence = services.evidence.evidence(
        "acme", ["old_survey.csv#row=1", "reviews.csv#row=2", "reviews.csv#row=9"]
    )

    assert evidence.count == 3 and evidence.missing == 2
    assert [(r.ref, r.status) for r in evidence.refs] == [
        ("old_survey.csv#row=1", "source_missing"),
        ("reviews.csv#row=2", "found"),
        ("reviews.csv#row=9", "record_missing"),
    ]
    assert [q.text for q in evidence.quotes] == ["送餐慢了一个小时"]
    nothing = services.evidence.evidence("acme", ["old_survey.csv#row=1"])
    assert nothing.quotes == [] and nothing.missing == 1


def test_a_file_only_analysed_is_quoted_from_the_analysis(services: Services) -> None:
    result = services.analytics.analyze([SAMPLE], "waimai")
    worst = max(result.touchpoints, key=lambda t: t.negative)
    quoted = {q.ref: q.text for q in worst.negative_quotes}
    refs = worst.negative_refs[:18]
    assert set(quoted) & set(refs)

    evidence = services.evidence.evidence("waimai", refs)

    assert evidence.quotes and all(not q.in_records for q in evidence.quotes)
    assert all(quoted[q.ref].startswith(q.text.rstrip("…")) for q in evidence.quotes)
    assert evidence.analysed_at == result.created_at
    statuses = {r.ref: r.status for r in evidence.refs}
    assert all(statuses[ref] == "analysis" for ref in set(quoted) & set(refs))
    assert "source_missing" in statuses.values()  # the file itself was never ingested
    assert evidence.missing == sum(1 for s in statuses.values() if s == "source_missing")


def test_a_reference_never_reads_another_workspaces_record(
    services: Services, tmp_path: Path
) -> None:
    a_dir, b_dir = tmp_path / "a", tmp_path / "b"
    a_dir.mkdir()
    b_dir.mkdir()
    services.ingest.ingest([write_reviews(a_dir / "reviews.csv", "门店排队太久")], "north")
    services.ingest.ingest(
        [
            write_reviews(b_dir / "reviews.csv", "南区的外卖包装破了"),
            write_reviews(b_dir / "tickets.csv", "南区客服一直不回电话"),
        ],
        "south",
    )
    services.analytics.analyze([b_dir / "tickets.csv"], "south")

    north = services.evidence.evidence("north", ["reviews.csv#row=1", "tickets.csv#row=1"])
    south = services.evidence.evidence("south", ["reviews.csv#row=1"])

    assert [q.text for q in north.quotes] == ["门店排队太久"]
    assert [r.status for r in north.refs] == ["found", "source_missing"]
    assert [q.text for q in south.quotes] == ["南区的外卖包装破了"]
    listed = services.evidence.records("north", refs=["tickets.csv#row=1"])
    assert listed.rows == [] and [m.ref for m in listed.missing] == ["tickets.csv#row=1"]
    assert services.evidence.records("north", q="南区").total == 0
    assert [r.text for r in services.evidence.records("north").rows] == ["门店排队太久"]


def test_records_filtered_by_file_words_and_references_a_page_at_a_time(
    services: Services, tmp_path: Path
) -> None:
    tickets = write_reviews(tmp_path / "tickets.csv", "外卖送错地址", "退款三天还没到账")
    services.ingest.ingest([SAMPLE, tickets], "waimai")

    everything = services.evidence.records("waimai", per_page=20)
    assert everything.all_records == everything.total == 202
    assert (everything.pages, everything.first, everything.last) == (11, 1, 20)
    assert [(s.name, s.records) for s in everything.sources] == [
        ("tickets.csv", 2),
        ("waimai_sample.csv", 200),
    ]
    assert services.evidence.records("waimai", per_page=20, page=99).page == 11

    only_tickets = services.evidence.records("waimai", source="tickets.csv")
    assert [r.ref for r in only_tickets.rows] == ["tickets.csv#row=1", "tickets.csv#row=2"]

    written = reviews(SAMPLE)
    late = services.evidence.records("waimai", q="配送 慢")
    expected = [n for n, text in written.items() if "配送" in text and "慢" in text]
    assert expected and [r.ref for r in late.rows] == [
        f"waimai_sample.csv#row={n}" for n in expected
    ]
    # A reader typing Traditional finds the Simplified records, and the same ones.
    assert (
        services.evidence.records("waimai", q="外賣").total
        == (services.evidence.records("waimai", q="外卖").total)
        > 0
    )

    wanted = ["waimai_sample.csv#row=7", "tickets.csv#row=2", "waimai_sample.csv#row=3"]
    by_refs = services.evidence.records("waimai", refs=wanted)
    assert [r.ref for r in by_refs.rows] == wanted  # the element's order
    assert by_refs.rows[1].text == "退款三天还没到账" and by_refs.rows[1].fields == {"label": "0"}


def test_a_long_section_is_one_record_and_quotes_are_cut_at_a_sentence(
    services: Services, tmp_path: Path
) -> None:
    sentence = "顾客投诉外卖超时的时候，客服要先道歉，再说明原因，并给出补偿方案。"
    policy = tmp_path / "policy.md"
    policy.write_text(f"# 客服规范\n\n## 超时处理\n\n{sentence * 30}\n", encoding="utf-8")
    services.ingest.ingest([policy], "acme")

    evidence = services.evidence.evidence("acme", ["policy.md#§ 超时处理"])
    (quote,) = evidence.quotes
    assert quote.trimmed and quote.text.endswith("。…") and len(quote.text) <= 141
    assert quote.text.startswith("超时处理" + sentence)

    listed = services.evidence.records("acme")
    assert [(r.ref, r.locator) for r in listed.rows] == [("policy.md#§ 超时处理", "§ 超时处理")]
    assert listed.rows[0].text.count(sentence) == 30
    assert services.evidence.evidence("acme", ["policy.md#§ 超时处理"]) == evidence


def test_trimming_keeps_whole_sentences_or_words() -> None:
    review = "送餐太慢了，足足等了一个半小时。饭菜都凉了，汤也洒了一半。" * 5
    text, cut = trim_quote(review, 40)
    assert cut and text == "送餐太慢了，足足等了一个半小时。饭菜都凉了，汤也洒了一半。…"
    english = "The courier left the bag at the wrong door and never answered the phone " * 3
    text, cut = trim_quote(english, 60)
    assert cut and text == "The courier left the bag at the wrong door and never…"
    assert trim_quote("  好吃，\n很快  ") == ("好吃， 很快", False)
    # A quote stays in the customer's script: nothing is converted.
    assert any(is_simplified_only(c) for c in trim_quote("这家店的骑手态度很好")[0])


def test_references_are_written_as_analytics_writes_them() -> None:
    for source, locator in [("reviews.csv", "row 42"), ("book.xlsx", "Sheet2 row 5")]:
        ref = record_ref(source, locator)
        assert ref == reference(source, locator)
        assert parse_ref(ref) == (source, locator)
    assert record_ref("manual.pdf", "page 3") == "manual.pdf#page 3"
    assert parse_ref("a#b.csv#row=2", ["a#b.csv"]) == ("a#b.csv", "row 2")


def test_an_unknown_workspace_says_which(services: Services) -> None:
    with pytest.raises(NotFound) as raised:
        services.evidence.records("nowhere")
    assert (raised.value.what, raised.value.ident) == ("workspace", "nowhere")
