"""The ingestion pipeline end to end: files → index → sources, with bad files in the batch."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.ingest import IngestService
from assistant.services.container import Services
from assistant.settings import Settings

REVIEWS = "label,review\n1,很快，好吃，味道足\n0,配送太慢了，骑手迟到一个小时\n0,汤洒了一地，包装太差\n1,\n"


@pytest.fixture
def services(settings: Settings) -> Services:
    return Services(settings)


def write(path: Path, content: str | bytes, encoding: str = "utf-8") -> Path:
    if isinstance(content, str):
        content = content.encode(encoding)
    path.write_bytes(content)
    return path


def test_a_batch_with_bad_files_still_ingests_the_good_ones(
    services: Services, tmp_path: Path
) -> None:
    good = write(tmp_path / "reviews.csv", REVIEWS)
    gbk = write(tmp_path / "tickets.csv", "工单,渠道\n营业厅排队太久,门店\n", encoding="gbk")
    empty = write(tmp_path / "empty.csv", "")
    binary = write(tmp_path / "photo.csv", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    missing = tmp_path / "nope.txt"
    summary = services.ingest.ingest([good, empty, gbk, binary, missing], "acme")
    by_name = {Path(r.path).name: r for r in summary.results}
    assert by_name["reviews.csv"].status == "added" and by_name["reviews.csv"].records == 3
    assert by_name["reviews.csv"].skipped == (("row 4", by_name["reviews.csv"].skipped[0][1]),)
    assert by_name["reviews.csv"].columns == {"text": "review", "label": "label"}
    assert by_name["tickets.csv"].status == "added" and by_name["tickets.csv"].encoding
    assert by_name["empty.csv"].status == "failed" and "empty" in by_name["empty.csv"].reason
    assert by_name["photo.csv"].status == "failed" and "binary" in by_name["photo.csv"].reason
    assert by_name["nope.txt"].reason == "no such file"
    assert summary.records_added == 4 and summary.count("failed") == 3

    workspace = services.db.workspaces.get_or_create("acme")
    hits = services.index.search("骑手迟到", kind="company", workspace=workspace.id, k=3)
    assert hits[0].chunk.text == "配送太慢了，骑手迟到一个小时"
    assert (hits[0].citation.source, hits[0].citation.section) == ("reviews.csv", "row 2")
    assert hits[0].chunk.extra["label"] == "0"
    sources = {s.filename: s for s in services.db.sources.list(workspace.id)}
    assert sources["reviews.csv"].status == "ok" and sources["reviews.csv"].record_count == 3
    assert sources["empty.csv"].status == "failed" and "empty" in sources["empty.csv"].error
    gbk_hit = services.index.search("排队", kind="company", workspace=workspace.id, k=1)[0]
    assert gbk_hit.chunk.text == "营业厅排队太久"


def test_reingesting_adds_nothing_and_a_changed_file_replaces_its_records(
    services: Services, tmp_path: Path
) -> None:
    path = write(tmp_path / "reviews.csv", REVIEWS)
    services.ingest.ingest([path], "w")
    workspace_id = services.db.workspaces.get_or_create("w").id
    before = services.index.count(workspace_id)
    again = services.ingest.ingest([path], "w")
    assert again.results[0].status == "unchanged"
    assert services.index.count(workspace_id) == before == 3

    write(path, "label,review\n0,新版本只有这一条：客服不回消息\n")
    changed = services.ingest.ingest([path], "w")
    assert changed.results[0].status == "replaced"
    texts = {
        h.chunk.text
        for h in services.index.search("客服 配送 汤", kind="company", workspace=workspace_id, k=10)
    }
    assert texts == {"新版本只有这一条：客服不回消息"}
    assert [s.filename for s in services.db.sources.list(workspace_id)] == ["reviews.csv"]


def test_a_broken_new_version_keeps_the_good_old_one(services: Services, tmp_path: Path) -> None:
    path = write(tmp_path / "reviews.csv", REVIEWS)
    services.ingest.ingest([path], "w")
    write(path, bytes(range(256)) * 4)  # binary now: unreadable
    result = services.ingest.ingest([path], "w").results[0]
    assert result.status == "failed"
    workspace_id = services.db.workspaces.get_or_create("w").id
    assert services.index.count(workspace_id) == 3
    (source,) = services.db.sources.list(workspace_id)
    assert source.status == "ok" and source.record_count == 3


def test_an_embedding_failure_leaves_nothing_behind(
    services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("embedding server went away")

    monkeypatch.setattr(services.embedder, "embed_passages", broken)
    result = services.ingest.ingest([write(tmp_path / "r.csv", REVIEWS)], "w").results[0]
    assert result.status == "failed" and "embedding server went away" in result.reason
    workspace_id = services.db.workspaces.get_or_create("w").id
    assert services.index.count(workspace_id) == 0
    assert services.db.sources.list(workspace_id) == []


def test_markdown_sop_is_chunked_by_heading(services: Services, tmp_path: Path) -> None:
    sop = (
        "# 退款SOP\n## 受理\n核对订单号。确认退款原因。\n## 退款时限\n原路退回，3个工作日内到账。\n"
    )
    service: IngestService = services.ingest
    result = service.ingest([write(tmp_path / "sop.md", sop)], "w").results[0]
    assert result.status == "added" and result.format == "markdown"
    workspace_id = services.db.workspaces.get_or_create("w").id
    hit = services.index.search("退款多久到账", kind="company", workspace=workspace_id, k=1)[0]
    assert "3个工作日" in hit.chunk.text and "退款时限" in hit.citation.section
