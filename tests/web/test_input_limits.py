"""The input limits on the web paths: the Knowledge page and the JSON API ingest and analyse
through the same services as the CLI, so a hostile upload fails alone, with its reason in the
page's language, and the good file beside it goes in."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from tests.web.conftest import SAMPLE_CSV, MakeServices, text_of
from web.app import create_app

ONE_LINE = ("送餐太慢了,骑手态度很好," * 2_000).encode()  # 50,000 characters, no line break


def files(*items: tuple[str, bytes]) -> list[tuple[str, tuple[str, bytes, str]]]:
    return [("files", (name, content, "text/csv")) for name, content in items]


@pytest.fixture
def client(make_services: MakeServices) -> TestClient:
    return TestClient(create_app(services=make_services(max_line_chars=1_000)))


def test_the_api_refuses_a_long_line_and_ingests_the_good_file(client: TestClient) -> None:
    response = client.post(
        "/api/workspaces/acme/sources",
        files=files(("one-line.csv", ONE_LINE), ("waimai.csv", SAMPLE_CSV.read_bytes())),
    )
    assert response.status_code == 200, response.text
    bad, good = response.json()["results"]
    assert (good["name"], good["status"], good["records"]) == ("waimai.csv", "added", 200)
    assert bad["status"] == "failed"
    assert bad["reason"] == (
        "one-line.csv: line 1 is longer than 1,000 characters, the limit set by "
        "CXCOACH_MAX_LINE_CHARS (raise it to read this file)"
    )


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("zh-Hans", "one-line.csv 第 1 行超过 1,000 个字符（上限由 CXCOACH_MAX_LINE_CHARS 设定"),
        ("zh-Hant", "one-line.csv 第 1 列超過 1,000 個字元（上限由 CXCOACH_MAX_LINE_CHARS 設定"),
        ("en", "one-line.csv: line 1 is longer than 1,000 characters, the limit set by"),
    ],
)
def test_the_page_says_why_in_its_language(client: TestClient, lang: str, expected: str) -> None:
    client.cookies.set("cxcoach_lang", lang)
    response = client.post(
        "/knowledge/upload",
        data={"workspace": "acme"},
        files=files(("one-line.csv", ONE_LINE), ("waimai.csv", SAMPLE_CSV.read_bytes())),
    )
    assert response.status_code == 200
    results = response.text[response.text.index('id="ingest-results"') :]
    rows = re.findall(r'<tr data-status="(\w+)">\s*<td><b>([^<]+)</b>', results)
    assert rows == [("failed", "one-line.csv"), ("added", "waimai.csv")]
    assert expected in text_of(results)


def test_the_analysis_api_refuses_it_too(client: TestClient) -> None:
    response = client.post(
        "/api/workspaces/acme/analyses",
        data={"industry": "restaurant"},
        files=files(("one-line.csv", ONE_LINE), ("waimai.csv", SAMPLE_CSV.read_bytes())),
    )
    assert response.status_code == 200, response.text
    bad, good = response.json()["files"]
    assert good["analysed"] == 200 and not good["error"]
    assert bad["error_code"] == "line_too_long" and bad["rows"] == 0
    assert bad["error_params"]["setting"] == "CXCOACH_MAX_LINE_CHARS"


def twenty_one() -> list[tuple[str, tuple[str, bytes, str]]]:
    return files(*[(f"门店{i:02d}.csv", SAMPLE_CSV.read_bytes()) for i in range(21)])


@pytest.mark.parametrize("route", ["/api/workspaces/acme/sources", "/api/workspaces/acme/analyses"])
def test_the_api_refuses_more_than_twenty_files_and_reads_none(
    client: TestClient, route: str
) -> None:
    response = client.post(route, files=twenty_one())
    assert response.status_code == 413
    assert response.json()["detail"] == "at most 20 files in one upload (21 sent)"
    assert client.get("/api/workspaces/acme/sources").json() == []  # nothing half-done


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("zh-Hans", "一次最多上传 20 个文件，这次选了 21 个：请分几次上传。"),
        ("zh-Hant", "一次最多上傳 20 個檔案，這次選了 21 個：請分幾次上傳。"),
        ("en", "At most 20 files in one upload, and 21 were chosen"),
    ],
)
@pytest.mark.parametrize("route", ["/knowledge/upload", "/knowledge/analyze"])
def test_the_pages_say_how_many_files_fit_in_their_language(
    client: TestClient, lang: str, expected: str, route: str
) -> None:
    client.cookies.set("cxcoach_lang", lang)
    response = client.post(route, data={"workspace": "acme"}, files=twenty_one())
    assert response.status_code == 413  # refused; the page (htmx swaps it too) says why
    assert expected in text_of(response.text)
    assert "Too many files" not in response.text
    assert client.get("/api/workspaces/acme/sources").json() == []
