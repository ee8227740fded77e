"""Feedback analytics in the web app: the Knowledge page's section (with and without JavaScript,
progress over an event stream, three languages, bad input) and the JSON API (analyse, latest,
chart); the HTML export of a workspace's map carries the analysis."""

from __future__ import annotations

import html
import re

from fastapi.testclient import TestClient

from assistant.examples import load_example
from assistant.services.container import Services
from web.app import create_app
from web.i18n import LANG_COOKIE

from .conftest import HX, SAMPLE_CSV, MakeServices, text_of

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
    assert re.search(r"empty\.csv.*empty file", text)
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
    assert rows(again) == table and "/api/workspaces/acme/analysis/chart.svg" in again


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
    assert "1 个评分不是数字（文本照常分析，评分忽略）（例如 row 4）" in text
    assert "1 行文本为空或只有空白（未分析）（例如 row 7）" in text
    assert "1 行与前面的行完全相同（重复）（例如 row 6）" in text
    assert "8 行，分析 6 行" in text
    assert "每周负面占比：2026-W36 100.0% (1)" in text and "2026-W43 0.0% (1)" in text
    table = rows(section(response.text))
    assert table["送达时间"][5:7] == ["4.67 · NPS -33.3", "-50.0 pp"]
    assert "餐饮行业手册" in text and "推断" not in text  # as chosen, not guessed


def test_analysing_with_htmx_streams_progress_then_the_section(client: TestClient) -> None:
    posted = client.post(
        "/knowledge/analyze",
        data={"workspace": "acme"},
        files=files(("waimai.csv", SAMPLE_CSV.read_bytes())),
        headers=HX,
    )
    assert posted.status_code == 200
    match = re.search(r'sse-connect="(/knowledge/analyses/\w+/stream)"', posted.text)
    assert match and "waimai.csv" in posted.text and "正在分析" in posted.text
    events: list[tuple[str, str]] = []
    with client.stream("GET", match.group(1)) as stream:
        event = ""
        for line in stream.iter_lines():
            if line.startswith("event: "):
                event = line[7:]
            elif line.startswith("data: ") and event:
                events.append((event, line[6:]))
    kinds = [k for k, _ in events]
    assert kinds[-1] == "done" and "progress" in kinds
    done = "\n".join(d for k, d in events if k == "done")
    assert 'id="analysis"' in done and 'data-touchpoint="送达时间"' in done
    assert "touchpoint-bars" in done
    unknown = client.get("/knowledge/analyses/nope/stream")
    assert "event: done" in unknown.text and "job nope" in unknown.text


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
    assert "column '评论' (given for text) not found; available columns: label, review" in shown
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
    assert "big.csv 失败 文件太大（上限 1 MB），没有导入" in text
    assert "分析了 1 个文件中的 200 条记录" in text


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
    assert body["files"][1]["error"] == "empty file"
    assert sum(tp["volume"] for tp in body["touchpoints"]) >= body["totals"]["tagged"]
    assert body["themes"] and len(body["themes"][0]["quotes"]) == 3

    latest = client.get("/api/workspaces/acme/analysis").json()
    assert latest["overall"] == body["overall"] and latest["touchpoints"] == body["touchpoints"]
    stored = services.analytics.latest("acme")
    assert stored is not None and stored.taxonomy.industry == "restaurant"

    chart = client.get("/api/workspaces/acme/analysis/chart.svg?lang=en")
    assert chart.status_code == 200 and chart.headers["content-type"].startswith("image/svg+xml")
    assert "Volume and negative share by touchpoint" in chart.text
    first = body["touchpoints"][0]["name"]
    assert f'data-touchpoint="{first}"' in chart.text


def test_the_api_converts_the_script_on_request(client: TestClient) -> None:
    client.post("/api/workspaces/acme/analyses", files=files(("w.csv", SAMPLE_CSV.read_bytes())))
    simplified = client.get("/api/workspaces/acme/analysis").json()
    traditional = client.get("/api/workspaces/acme/analysis?lang=zh-Hant").json()
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
    assert industry.status_code == 422 and "unknown industry 'mining'" in industry.text
    lang = client.post(
        "/api/workspaces/acme/analyses",
        data={"lang": "fr"},
        files=files(("w.csv", SAMPLE_CSV.read_bytes())),
    )
    assert lang.status_code == 422 and "unknown language 'fr'" in lang.text
    assert client.post("/api/workspaces/acme/analyses").status_code == 422  # no file
    none = client.get("/api/workspaces/nobody/analysis")
    assert none.status_code == 404 and "no analysis in workspace 'nobody'" in none.text
    assert client.get("/api/workspaces/nobody/analysis/chart.svg").status_code == 404


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
