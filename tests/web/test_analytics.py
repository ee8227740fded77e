"""Feedback analytics in the web app: the Knowledge page's section (with and without JavaScript,
progress over an event stream, three languages, bad input) and the JSON API (analyse, latest,
chart); the HTML export of a workspace's map carries the analysis."""

from __future__ import annotations

import html
import re
import tempfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

from fastapi.testclient import TestClient
from starlette.requests import Request

from assistant.examples import load_example
from assistant.services.container import Services
from web.app import create_app
from web.deps import Page
from web.i18n import LANG_COOKIE
from web.jobs import AnalysedFile, AnalysisJob, IngestJob, Jobs

from .conftest import HX, SAMPLE_CSV, MakeServices, sse_events, text_of

# A survey export with an NPS score, a date and a channel, and the problems real exports have:
# a score that is no number, an empty text, a row repeated exactly.
SURVEY = "\n".join(
    [
        "日期,渠道,NPS,意见",
        "2026-09-03,App,2,骑手送餐太慢了，等了一个多小时",
        "2026-09-10,App,3,送餐超时，饭都凉了",
        "2026-09-12,电话,9,客服很耐心，退款很快",
        "2026-10-02,App,n/a,包装破了，汤洒了一袋子",
        "2026-10-05,App,1,送错了餐，少了一份米饭",
        "2026-10-05,App,1,送错了餐，少了一份米饭",
        "2026-10-08,App,8,",
        "2026-10-20,电话,10,味道很好，分量足，下次还点",
    ]
).encode("utf-8")


def files(*items: tuple[str, bytes]) -> list[tuple[str, tuple[str, bytes, str]]]:
    return [("files", (name, content, "text/csv")) for name, content in items]


def section(html: str) -> str:
    start = html.index('id="analysis"')
    return html[start : html.index("</section>", start)]


def rows(html: str) -> dict[str, list[str]]:
    """Touchpoint name → the visible cells of its row in the touchpoint table."""
    found = {}
    for name, row in re.findall(r'<tr data-touchpoint="([^"]+)"[^>]*>(.*?)</tr>', html, re.S):
        found[name] = [text_of(c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
    return found


def test_analysing_without_javascript_shows_the_section(
    client: TestClient, services: Services
) -> None:
    response = client.post(
        "/knowledge/analyze",
        data={"workspace": "acme"},
        files=files(("waimai.csv", SAMPLE_CSV.read_bytes()), ("empty.csv", b"")),
    )
    assert response.status_code == 200
    shown = section(response.text)
    text = text_of(shown)
    stored = services.analytics.latest("acme")
    assert stored is not None and stored.totals.analysed == 200
    # What was read and how: the columns found, the file that failed and why.
    assert "分析了 2 个文件中的 200 条记录" in text
    assert "文本 = review" in text and "正负面标签 = label" in text
    assert re.search(r"empty\.csv.*文件是空的", text)
    assert "餐饮行业手册（按记录内容推断的行业）" in text and "标签 200 条" in text
    overall = f"{stored.overall.negative_share * 100:.1f}%"
    assert re.search(rf"data-negative-overall>{re.escape(overall)}<", shown)
    # The chart and the touchpoint table agree with the stored result.
    assert re.search(r'<svg[^>]*class="chart touchpoint-bars"', shown)
    table = rows(shown)
    assert set(table) == {tp.name for tp in stored.touchpoints}
    late = stored.touchpoint_named("送达时间")
    assert late is not None and late.volume > 0
    assert table["送达时间"][:5] == [
        late.stage, "送达时间", f"{late.volume:,}",
        f"{late.share_of_records * 100:.1f}%", f"{late.negative_share * 100:.1f}%",  # type: ignore[operator]
    ]  # fmt: skip
    assert late.issues[0].label in table["送达时间"][-1]
    # Themes with their quotes and record references; the records about no touchpoint.
    theme = stored.themes[0]
    assert theme.label in text and theme.quotes[0].text in text
    assert re.search(r"waimai\.csv#row=\d+", text)
    assert f"{stored.unassigned.count} 条记录" in text
    # The page shows the stored analysis later too.
    again = section(client.get("/knowledge?workspace=acme").text)
    assert rows(again) == table and "/api/workspaces/acme/analyses/latest/chart.svg" in again


def test_scores_dates_channels_and_bad_cells_are_shown(client: TestClient) -> None:
    response = client.post(
        "/knowledge/analyze",
        data={"workspace": "survey", "industry": "restaurant"},
        files=files(("survey.csv", SURVEY)),
    )
    text = text_of(section(response.text))
    assert "文本 = 意见" in text and "评分（NPS、CSAT、星级） = NPS" in text
    assert "日期 = 日期" in text and "渠道 = 渠道" in text
    assert "评分量表 0–10 (NPS)" in text
    assert "1 个评分不是数字（文本照常分析，评分忽略）（例如 第 4 行）" in text
    assert "1 行文本为空或只有空白（未分析）（例如 第 7 行）" in text
    assert "1 行与前面的行完全相同（重复）（例如 第 6 行）" in text
    assert "8 行，分析 6 行" in text
    assert "每周负面占比：2026-W36 100.0% (1)" in text and "2026-W43 0.0% (1)" in text
    table = rows(section(response.text))
    assert table["送达时间"][5:7] == ["4.67 · NPS -33.3", "-50.0 个百分点"]
    assert "餐饮行业手册" in text and "推断" not in text  # as chosen, not guessed


def events_of(
    lines: Iterator[str], on_event: Callable[[str, str], None] | None = None
) -> list[tuple[str, str]]:
    """(event, data) pairs of a server-sent event stream; `on_event` sees each as it arrives."""
    found: list[tuple[str, str]] = []
    for event, data in sse_events(lines):
        found.append((event, data))
        if on_event:
            on_event(event, data)
    return found


def test_analysing_with_htmx_streams_progress_then_the_section(client: TestClient) -> None:
    # Hold the job queue, so the analysis is seen queued, then reading, then done.
    queue: Jobs = client.app.state.jobs  # type: ignore[attr-defined]
    gate = threading.Event()
    queue.submit(
        IngestJob(id="gate", workspace="other", files=[]), gate.wait, Path(tempfile.mkdtemp())
    )
    posted = client.post(
        "/knowledge/analyze",
        data={"workspace": "acme"},
        files=files(("waimai.csv", SAMPLE_CSV.read_bytes())),
        headers=HX,
    )
    assert posted.status_code == 200
    match = re.search(
        r'sse-connect="(/knowledge/analyses/\w+/stream\?workspace=acme)"', posted.text
    )
    assert match and "waimai.csv" in posted.text and "正在分析" in posted.text
    with client.stream("GET", match.group(1)) as stream:
        events = events_of(stream.iter_lines(), lambda kind, data: gate.set())
    kinds = [k for k, _ in events]
    assert kinds[0] == "progress" and kinds[-1] == "done"
    assert "waimai.csv" in events[0][1] and "排队中" in events[0][1]  # queued behind the gate
    done = events[-1][1]
    assert 'id="analysis"' in done and 'data-touchpoint="送达时间"' in done
    assert "touchpoint-bars" in done


def test_the_progress_reads_rows_in_every_language(client: TestClient) -> None:
    job = AnalysisJob(
        id="j", workspace="acme", files=[AnalysedFile("w.csv", "reading", 1200, {"text": "review"})]
    )
    expected = {"zh-Hans": "已读 1,200 行", "zh-Hant": "已讀 1,200 列", "en": "1,200 rows read"}
    role = {"zh-Hans": "文本 = review", "zh-Hant": "文字 = review", "en": "Text = review"}
    app = client.app
    scope = {"type": "http", "method": "GET", "path": "/knowledge", "query_string": b"",
             "headers": [], "app": app, "scheme": "http", "server": ("test", 80)}  # fmt: skip
    for lang, words in expected.items():
        page = Page(Request(scope), app.state.services, lang)  # type: ignore[attr-defined]
        shown = text_of(
            page.fragment("knowledge.html", ["analysis_progress"], {"analysis_job": job})
        )
        assert words in shown and role[lang] in shown, (lang, shown)


def test_a_lost_job_is_said_inside_the_section_it_replaces(client: TestClient) -> None:
    analysis = client.get("/knowledge/analyses/nope/stream?workspace=acme").text
    [(kind, data)] = events_of(iter(analysis.splitlines()))
    assert kind == "done" and data.startswith('<section id="analysis"')  # the form's target stays
    assert "服务器上找不到这个任务" in data
    ingest = client.get("/knowledge/jobs/nope/stream?workspace=acme").text
    [(kind, data)] = events_of(iter(ingest.splitlines()))
    assert kind == "done" and data.startswith('<section id="ingest-results"')
    assert "服务器上找不到这个任务" in data


def test_the_section_in_traditional_script_and_in_english(client: TestClient) -> None:
    client.post(
        "/knowledge/analyze",
        data={"workspace": "acme"},
        files=files(("w.csv", SAMPLE_CSV.read_bytes())),
    )
    client.cookies.set(LANG_COOKIE, "zh-Hant")
    hant = text_of(section(client.get("/knowledge?workspace=acme").text))
    assert "整體負面占比" in hant and "送達時間" in hant and "送达时间" not in hant
    assert "回饋資料分析" in client.get("/knowledge?workspace=acme").text
    client.cookies.set(LANG_COOKIE, "en")
    english = client.get("/knowledge?workspace=acme").text
    shown = text_of(section(english))
    assert "Negative share overall" in shown and "200 records analysed from 1 file(s)" in shown
    assert "Feedback analytics" in english and "Column names (optional)" in english
    assert "送达时间" in shown  # the touchpoints keep the language they were tagged in


def test_bad_input_on_the_page_is_explained_and_keeps_the_last_analysis(
    client: TestClient, services: Services
) -> None:
    nothing = client.post("/knowledge/analyze", data={"workspace": "acme"}, headers=HX)
    assert "请先选择至少一个表格文件" in nothing.text
    client.post(
        "/knowledge/analyze",
        data={"workspace": "acme"},
        files=files(("w.csv", SAMPLE_CSV.read_bytes())),
    )
    before = services.analytics.latest("acme")
    wrong = client.post(
        "/knowledge/analyze",
        data={"workspace": "acme", "text": "评论"},
        files=files(("w.csv", SAMPLE_CSV.read_bytes())),
        headers=HX,
    )
    assert wrong.status_code == 200
    job = re.search(r'sse-connect="([^"]+)"', wrong.text)
    assert job
    done = client.get(job.group(1)).text
    shown = html.unescape(text_of(done))
    assert "没有可分析的记录，之前保存的分析保持不变" in shown
    assert "w.csv 失败 找不到指定为“文本”的列“评论”；文件中的列：label, review" in shown
    assert services.analytics.latest("acme") == before
    industry = client.post(
        "/knowledge/analyze",
        data={"workspace": "acme", "industry": "mining"},
        files=files(("w.csv", SAMPLE_CSV.read_bytes())),
    )
    assert "没有这个行业的手册，可选：banking, telecom" in industry.text


def test_a_file_over_the_limit_is_refused_and_the_others_analysed(
    make_services: MakeServices,
) -> None:
    client = TestClient(create_app(services=make_services(max_upload_mb=1)))
    big = b"text\n" + ("送餐太慢了，等了很久" * 40 + "\n").encode() * 1000
    response = client.post(
        "/knowledge/analyze",
        data={"workspace": "acme"},
        files=files(("big.csv", big), ("w.csv", SAMPLE_CSV.read_bytes())),
    )
    text = text_of(section(response.text))
    assert re.search(r"big\.csv · 0 行，分析 0 行 文件太大（上限 1 MB），没有导入", text)
    assert "分析了 2 个文件中的 200 条记录" in text
    stored = client.get("/api/workspaces/acme/analyses/latest").json()
    assert [f["name"] for f in stored["files"]] == ["w.csv", "big.csv"]
    assert stored["totals"]["failed_files"] == 1


def test_the_api_analyses_stores_and_serves_the_result(
    client: TestClient, services: Services
) -> None:
    response = client.post(
        "/api/workspaces/acme/analyses",
        data={"text": "review", "label": "label", "industry": "restaurant", "lang": "en"},
        files=files(("waimai.csv", SAMPLE_CSV.read_bytes()), ("empty.csv", b"")),
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["workspace"] == "acme" and body["lang"] == "en"
    assert body["taxonomy"]["ref"] == "playbook-restaurant-en"
    assert body["totals"]["analysed"] == 200 and body["totals"]["failed_files"] == 1
    assert [f["name"] for f in body["files"]] == ["waimai.csv", "empty.csv"]
    assert body["files"][0]["mapping"] == {"text": "review", "label": "label"}
    assert body["files"][1]["error"] == "empty file" and body["files"][1]["error_code"] == "empty"
    assert sum(tp["volume"] for tp in body["touchpoints"]) >= body["totals"]["tagged"]
    assert body["themes"] and len(body["themes"][0]["quotes"]) == 3

    latest = client.get("/api/workspaces/acme/analyses/latest").json()
    assert latest["overall"] == body["overall"] and latest["touchpoints"] == body["touchpoints"]
    stored = services.analytics.latest("acme")
    assert stored is not None and stored.taxonomy.industry == "restaurant"

    chart = client.get("/api/workspaces/acme/analyses/latest/chart.svg?lang=en")
    assert chart.status_code == 200 and chart.headers["content-type"].startswith("image/svg+xml")
    assert "Volume and negative share by touchpoint" in chart.text
    first = body["touchpoints"][0]["name"]
    assert f'data-touchpoint="{first}"' in chart.text


def test_the_api_converts_the_script_on_request(client: TestClient) -> None:
    client.post("/api/workspaces/acme/analyses", files=files(("w.csv", SAMPLE_CSV.read_bytes())))
    simplified = client.get("/api/workspaces/acme/analyses/latest").json()
    traditional = client.get("/api/workspaces/acme/analyses/latest?lang=zh-Hant").json()
    names = [tp["name"] for tp in traditional["touchpoints"]]
    assert "送达时间" in [tp["name"] for tp in simplified["touchpoints"]]
    assert "送達時間" in names and "送达时间" not in names
    assert traditional["files"] == simplified["files"]  # file names and refs stay as they are


def test_the_api_explains_bad_input(client: TestClient) -> None:
    missing = client.post(
        "/api/workspaces/acme/analyses",
        data={"text": "评论"},
        files=files(("w.csv", SAMPLE_CSV.read_bytes())),
    )
    assert missing.status_code == 422
    detail = missing.json()["detail"]
    assert detail["message"] == "no record could be analysed"
    assert detail["files"][0]["error"].startswith("column '评论' (given for text) not found")
    industry = client.post(
        "/api/workspaces/acme/analyses",
        data={"industry": "mining"},
        files=files(("w.csv", SAMPLE_CSV.read_bytes())),
    )
    assert industry.status_code == 422
    assert industry.json()["detail"]["message"].startswith("unknown industry 'mining'; one of")
    lang = client.post(
        "/api/workspaces/acme/analyses",
        data={"lang": "fr"},
        files=files(("w.csv", SAMPLE_CSV.read_bytes())),
    )
    assert lang.status_code == 422
    assert lang.json()["detail"]["message"].startswith("unknown language 'fr'")
    bad_name = client.post(
        "/api/workspaces/%20/analyses", files=files(("w.csv", SAMPLE_CSV.read_bytes()))
    )
    assert bad_name.status_code == 422 and "a workspace needs a name" in bad_name.text
    assert client.post("/api/workspaces/acme/analyses").status_code == 422  # no file
    none = client.get("/api/workspaces/nobody/analyses/latest")
    assert none.status_code == 404 and "no analysis in workspace 'nobody'" in none.text
    assert client.get("/api/workspaces/nobody/analyses/latest/chart.svg").status_code == 404


def test_a_maps_html_report_carries_its_workspaces_analysis(
    client: TestClient, services: Services
) -> None:
    workspace = services.db.workspaces.get_or_create("acme")
    bank = services.db.maps.create(workspace.id, load_example("bank-loan.zh-Hans"))
    before = client.get(f"/maps/{bank.id}/export/html").text
    assert '<section id="analytics">' not in before
    client.post(
        "/api/workspaces/acme/analyses",
        data={"industry": "restaurant"},
        files=files(("w.csv", SAMPLE_CSV.read_bytes())),
    )
    report = client.get(f"/maps/{bank.id}/export/html").text
    assert '<section id="analytics">' in report and "客户反馈数据分析" in report
    assert "送达时间" in report and "touchpoint-bars" in report
    hant = client.get(f"/api/maps/{bank.id}/export/html?lang=zh-Hant").text
    assert "送達時間" in hant and "送达时间" not in hant
    markdown = client.get(f"/api/maps/{bank.id}/export/md").text
    assert "送达时间" not in markdown  # only the HTML report has the section


def test_hostile_names_and_text_are_shown_as_text(client: TestClient, services: Services) -> None:
    from .conftest import XSS_IMG, XSS_SCRIPT

    complaints = ("送餐太慢了，等了一个小时", "汤洒了一袋子", "少送了一份米饭")
    rows = "\n".join(f"{XSS_SCRIPT}{c} {n},0" for n in range(10) for c in complaints)
    content = f"<b>意见</b>,label\n{rows}\n".encode()
    response = client.post(
        "/knowledge/analyze",
        data={"workspace": "acme", "industry": "restaurant"},
        files=files((f"{XSS_IMG}.csv", content)),
    )
    shown = section(response.text)
    assert services.analytics.latest("acme") is not None
    assert XSS_SCRIPT not in response.text and XSS_IMG not in response.text
    assert "<b>意见</b>" not in response.text
    assert "&lt;b&gt;意见&lt;/b&gt;" in shown  # the column name, escaped
    assert "&lt;img src=x onerror=alert(1)&gt;.csv" in shown  # the file name, escaped
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in shown  # the quotes, escaped


def test_uploads_are_removed_once_analysed(client: TestClient, services: Services) -> None:
    uploads = services.settings.data_dir / "uploads"
    client.post(
        "/knowledge/analyze",
        data={"workspace": "acme"},
        files=files(("w.csv", SAMPLE_CSV.read_bytes())),
    )
    client.post("/api/workspaces/acme/analyses", files=files(("w.csv", SAMPLE_CSV.read_bytes())))
    client.post(
        "/api/workspaces/acme/analyses",
        data={"text": "nope"},
        files=files(("w.csv", SAMPLE_CSV.read_bytes())),
    )
    assert uploads.is_dir() and list(uploads.iterdir()) == []


def test_an_unknown_industry_analyses_and_stores_nothing(
    client: TestClient, services: Services
) -> None:
    response = client.post(
        "/knowledge/analyze",
        data={"workspace": "acme", "industry": "mining"},
        files=files(("w.csv", SAMPLE_CSV.read_bytes())),
    )
    assert "没有这个行业的手册" in response.text
    assert services.analytics.latest("acme") is None
    assert "acme" not in [w.name for w in services.db.workspaces.list()]


def test_how_a_file_was_read_is_said_in_the_readers_language(client: TestClient) -> None:
    mixed = "评分,评价\n5,送餐很快\n".encode() + "1,太慢了\n".encode("gbk") + "1,汤洒了\n".encode()
    client.post("/knowledge/analyze", data={"workspace": "acme"}, files=files(("m.csv", mixed)))
    client.cookies.set(LANG_COOKIE, "zh-Hant")
    hant = text_of(section(client.get("/knowledge?workspace=acme").text))
    assert "編碼混雜：大部分是 utf-8，另有 1 行是 gb18030" in hant and "utf-8（已轉碼）" in hant
    assert "mixed encodings" not in hant and "re-encoded" not in hant
    client.cookies.set(LANG_COOKIE, "en")
    english = text_of(section(client.get("/knowledge?workspace=acme").text))
    assert "mixed encodings: mostly utf-8, but 1 lines in gb18030" in english
