"""Knowledge: several files per upload, per-file results, progress over an event stream, the
source list with record counts and errors, deleting a source (its records leave the index),
upload size limits — pages and JSON API."""

from __future__ import annotations

import re
import time

from fastapi.testclient import TestClient

from assistant.services.container import Services
from web.app import create_app
from web.jobs import IngestJob

from .conftest import HX, SAMPLE_CSV, MakeServices, text_of

GUIDE = "# 排队规范\n\n顾客排队超过二十分钟时，值班主管要主动致歉并加开窗口。\n".encode()


def files(*items: tuple[str, bytes]) -> list[tuple[str, tuple[str, bytes, str]]]:
    return [("files", (name, content, "application/octet-stream")) for name, content in items]


def workspace_id(services: Services, name: str) -> str:
    return services.db.workspaces.get_or_create(name).id


def test_upload_several_files_without_javascript(client: TestClient, services: Services) -> None:
    response = client.post(
        "/knowledge/upload",
        data={"workspace": "acme"},
        files=files(
            ("waimai_sample.csv", SAMPLE_CSV.read_bytes()),
            ("queue.md", GUIDE),
            ("empty.csv", b""),
        ),
    )
    assert response.status_code == 200
    results = response.text[response.text.index('id="ingest-results"') :]
    rows = re.findall(r'<tr data-status="(\w+)">\s*<td><b>([^<]+)</b>', results)
    assert rows == [("added", "waimai_sample.csv"), ("added", "queue.md"), ("failed", "empty.csv")]
    assert ">200<" in results  # records of the sample
    assert "识别出的列" in results and "文本 = review" in results
    listed = services.db.sources.list(workspace_id(services, "acme"))
    assert {(s.filename, s.status) for s in listed} == {
        ("waimai_sample.csv", "ok"),
        ("queue.md", "ok"),
        ("empty.csv", "failed"),
    }
    page = client.get("/knowledge?workspace=acme").text
    sources = text_of(page[page.index('id="sources"') :])
    assert "waimai_sample.csv" in sources and "200" in sources and "失败" in sources


def test_upload_with_htmx_streams_progress_then_results(client: TestClient) -> None:
    posted = client.post(
        "/knowledge/upload",
        data={"workspace": "acme"},
        files=files(("waimai_sample.csv", SAMPLE_CSV.read_bytes()), ("queue.md", GUIDE)),
        headers=HX,
    )
    assert posted.status_code == 200
    match = re.search(r'sse-connect="(/knowledge/jobs/\w+/stream\?workspace=acme)"', posted.text)
    assert match and "waimai_sample.csv" in posted.text and "<progress" in posted.text
    events: list[tuple[str, str]] = []
    with client.stream("GET", match.group(1)) as stream:
        event = ""
        for line in stream.iter_lines():
            if line.startswith("event: "):
                event = line[7:]
            elif line.startswith("data: ") and event:
                events.append((event, line[6:]))
    kinds = [k for k, _ in events]
    assert kinds[-1] == "done"
    done = "\n".join(d for k, d in events if k == "done")
    assert 'data-status="added"' in done and "queue.md" in done
    assert re.search(r'id="sources"[^>]*hx-swap-oob="true"', done)


def test_same_file_again_is_unchanged(client: TestClient) -> None:
    upload = files(("queue.md", GUIDE))
    client.post("/knowledge/upload", data={"workspace": "acme"}, files=upload)
    again = client.post("/knowledge/upload", data={"workspace": "acme"}, files=upload).text
    assert 'data-status="unchanged"' in again and "没有变化" in again


def test_delete_source_removes_its_records_from_the_index(
    client: TestClient, services: Services
) -> None:
    client.post(
        "/knowledge/upload",
        data={"workspace": "acme"},
        files=files(("waimai_sample.csv", SAMPLE_CSV.read_bytes()), ("queue.md", GUIDE)),
    )
    ws = workspace_id(services, "acme")
    before = services.index.count(ws)
    sample = next(s for s in services.db.sources.list(ws) if s.filename == "waimai_sample.csv")
    response = client.post(f"/knowledge/sources/{sample.id}/delete", headers=HX)
    assert response.status_code == 200
    assert "已删除“waimai_sample.csv”" in response.text
    assert "waimai_sample.csv</b>" not in response.text and "queue.md" in response.text
    assert [s.filename for s in services.db.sources.list(ws)] == ["queue.md"]
    assert services.index.count(ws) == before - 200
    hits = services.index.search("没有送水", kind="company", workspace=ws)
    assert all(h.chunk.source != "waimai_sample.csv" for h in hits)
    assert client.post(f"/knowledge/sources/{sample.id}/delete", headers=HX).status_code == 404


def test_a_file_over_the_limit_fails_alone(make_services: MakeServices) -> None:
    services = make_services(max_upload_mb=1)
    client = TestClient(create_app(services=services))
    big = b"label,review\n" + b"1,\xe5\xa5\xbd\xe5\x90\x83\n" * 140_000  # ~1.4 MB
    response = client.post(
        "/knowledge/upload",
        data={"workspace": "acme"},
        files=files(("big.csv", big), ("queue.md", GUIDE)),
    )
    assert response.status_code == 200
    assert re.search(r'data-status="failed">\s*<td><b>big.csv</b>', response.text)
    assert "文件太大（上限 1 MB），没有导入" in response.text
    assert 'data-status="added"' in response.text  # queue.md went on


def test_a_request_over_the_limit_is_refused(make_services: MakeServices) -> None:
    services = make_services(max_upload_mb=1)
    client = TestClient(create_app(services=services))
    huge = b"x" * (21 << 20)  # more than 20 files at the 1 MB limit
    response = client.post(
        "/knowledge/upload", data={"workspace": "acme"}, files=files(("huge.txt", huge))
    )
    assert response.status_code == 413
    assert "上传的文件太大" in response.text and "每个文件最大 1 MB" in response.text
    for api in ("/api/workspaces/acme/sources", "/api/workspaces/acme/analyses"):
        refused = client.post(api, files=files(("huge.txt", huge)))
        assert refused.status_code == 413, api
        assert "1 MB" in refused.json()["detail"]  # refused before the body was parsed
    uploads = services.settings.data_dir / "uploads"
    assert not uploads.exists() or list(uploads.iterdir()) == []


def test_no_file_chosen(client: TestClient) -> None:
    response = client.post("/knowledge/upload", data={"workspace": "acme"}, headers=HX)
    assert "请先选择要上传的文件" in response.text


def test_upload_names_are_made_safe(client: TestClient, services: Services) -> None:
    client.post(
        "/knowledge/upload",
        data={"workspace": "acme"},
        files=files(("../../etc/评价.md", GUIDE), ("a\\b\\评价.md", GUIDE + b"more")),
    )
    names = sorted(s.filename for s in services.db.sources.list(workspace_id(services, "acme")))
    assert names == ["评价 (2).md", "评价.md"]


def test_ingest_api(client: TestClient, services: Services) -> None:
    response = client.post(
        "/api/workspaces/acme/sources", files=files(("waimai_sample.csv", SAMPLE_CSV.read_bytes()))
    )
    assert response.status_code == 200
    (result,) = response.json()["results"]
    assert result["status"] == "added" and result["records"] == 200
    assert result["columns"]["text"] == "review"
    sources = client.get("/api/workspaces/acme/sources").json()
    assert [(s["filename"], s["record_count"]) for s in sources] == [("waimai_sample.csv", 200)]
    assert "acme" in client.get("/api/workspaces").json()
    assert client.delete(f"/api/sources/{sources[0]['id']}").status_code == 204
    assert client.get("/api/workspaces/acme/sources").json() == []
    assert services.index.count(workspace_id(services, "acme")) == 0


def test_jobs_run_in_the_background(client: TestClient) -> None:
    """The htmx upload answers before indexing is done; the job then finishes on its own."""
    posted = client.post(
        "/knowledge/upload",
        data={"workspace": "acme"},
        files=files(("queue.md", GUIDE)),
        headers=HX,
    )
    job_id = re.search(r"/knowledge/jobs/(\w+)/stream", posted.text)
    assert job_id
    jobs = client.app.state.jobs  # type: ignore[attr-defined]
    job = jobs.get(job_id.group(1), IngestJob, "acme")
    deadline = time.monotonic() + 10
    while not job.finished and time.monotonic() < deadline:
        time.sleep(0.05)
    assert job.finished and job.files[0].result.status == "added"
