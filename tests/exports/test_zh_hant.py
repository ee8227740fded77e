"""Every export format in zh-Hant reads as Taiwan writes it: no Simplified-only character and none
of the forms the Taiwan glossary forbids (客戶, 改進計劃, 運營商, 賬單, 覆盤 …), whatever script the
map was written in; and the labels say what the glossary says."""

from __future__ import annotations

import io
import re
import zipfile

import pytest

from assistant.domain import Diagnosis
from assistant.examples import list_examples, load_example
from assistant.exports import (
    DOWNLOADS,
    AnalyticsSection,
    ThemeItem,
    TouchpointBar,
    export_diagnosis,
)
from assistant.i18n.labels import labels_for
from assistant.text.lang import simplified_only_chars
from assistant.text.script import glossary_violations

# The company's feedback analysis as a Simplified-script workspace stores it.
ANALYTICS = AnalyticsSection(
    bars=[
        TouchpointBar("送达时间", "配送上菜", 400, 0.62),
        TouchpointBar("账单与发票", "评价售后", 120, 0.4),
    ],
    records=520,
    negative_share=0.55,
    unassigned=12,
    source="餐饮行业手册",
    files=["waimai_300.csv"],
    themes=[ThemeItem("客户反馈送餐太慢", 80, False, ["骑手送餐太慢了，等了一个多小时"])],
    created="2026-11-02",
)


def texts(result_content: bytes, filename: str) -> list[tuple[str, str]]:
    """(file name, text) of an export, or of each file of the zip."""
    if not filename.endswith(".zip"):
        return [(filename, result_content.decode("utf-8-sig"))]
    with zipfile.ZipFile(io.BytesIO(result_content)) as archive:
        return [(n, archive.read(n).decode("utf-8-sig")) for n in archive.namelist()]


def diagnoses(diagnosis: Diagnosis) -> list[Diagnosis]:
    """The test map (Simplified) and every shipped Chinese example."""
    examples = [load_example(n) for n in list_examples() if n.endswith(("zh-Hans", "zh-Hant"))]
    return [diagnosis, *examples]


@pytest.mark.parametrize("fmt", list(DOWNLOADS))
def test_every_format_in_traditional_has_no_simplified_and_no_forbidden_wording(
    diagnosis: Diagnosis, fmt: str
) -> None:
    for source in diagnoses(diagnosis):
        result = export_diagnosis(source, fmt, "zh-Hant", analytics=ANALYTICS)  # type: ignore[arg-type]
        for name, text in texts(result.content, result.filename):
            if name.endswith(".json"):
                continue  # the data as stored, for programs (citation titles as the corpus has them)
            # File names and record references keep the name of the file they came from; a
            # label the chart cuts short (客戶經… for 客戶經理) is checked whole in its <title>.
            shown = re.sub(r"[^\s>]*…", "", text.replace("waimai_300.csv", ""))
            assert not simplified_only_chars(shown), (source.map.title, name)
            if source.map.lang == "zh-Hant":
                continue  # written in Traditional by its team: their words stay as they typed them
            violations = glossary_violations(shown)
            assert not violations, (source.map.title, name, violations)


def test_the_report_uses_the_glossary_words(diagnosis: Diagnosis) -> None:
    html = export_diagnosis(diagnosis, "html", "zh-Hant", analytics=ANALYTICS).content.decode()
    assert "顧客旅程診斷報告" in html and "改善計畫" in html and "復盤機制" in html
    assert "帳單與發票" in html and "顧客回饋送餐太慢" in html  # analytics content converted too
    labels = labels_for("zh-Hant")
    assert (labels["channel"], labels["frontstage"], labels["prov.suggested"]) == (
        "管道",
        "前台",
        "助理建議",
    )
