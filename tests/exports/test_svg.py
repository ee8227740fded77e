from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable

import pytest

from assistant.domain import Diagnosis
from assistant.domain.plan import priority_bucket
from assistant.exports import svg
from assistant.i18n.labels import labels_for

LABELS = labels_for("zh-Hans")


def curve(d: Diagnosis, **kwargs: bool) -> ET.Element:
    return ET.fromstring(svg.emotion_curve_svg(d.map, LABELS, **kwargs))


def circles(root: ET.Element) -> list[ET.Element]:
    return list(root.iter("circle"))


def expected_y(score: int) -> float:
    """Recomputed from the geometry constants: +2 at PLOT_TOP, −2 at PLOT_TOP + PLOT_HEIGHT."""
    return svg.PLOT_TOP + (2 - score) / 4 * svg.PLOT_HEIGHT


def test_one_circle_per_touchpoint_with_an_emotion(any_diagnosis: Diagnosis) -> None:
    root = curve(any_diagnosis)
    with_emotion = [t for t in any_diagnosis.map.ordered_touchpoints() if t.emotion]
    points = circles(root)
    assert len(points) == len(with_emotion) == 5
    assert [c.get("data-touchpoint") for c in points] == [t.id for t in with_emotion]


def test_points_sit_at_the_score_height_left_to_right(diagnosis: Diagnosis) -> None:
    points = circles(curve(diagnosis))
    ordered = diagnosis.map.ordered_touchpoints()
    count = len(ordered)
    slot = (svg.PLOT_RIGHT - svg.PLOT_LEFT) / count
    for c in points:
        tp = next(t for t in ordered if t.id == c.get("data-touchpoint"))
        assert tp.emotion is not None
        assert int(c.get("data-score", "x")) == tp.emotion.score
        assert float(c.get("cy", "nan")) == pytest.approx(expected_y(tp.emotion.score), abs=0.01)
        index = ordered.index(tp)
        assert float(c.get("cx", "nan")) == pytest.approx(
            svg.PLOT_LEFT + (index + 0.5) * slot, abs=0.01
        )
    xs = [float(c.get("cx", "nan")) for c in points]
    assert xs == sorted(xs) and len(set(xs)) == len(xs)
    assert [float(c.get("cy", "nan")) for c in points] == [
        pytest.approx(expected_y(s)) for s in (1, 0, -1, -2, 1)
    ]
    assert expected_y(2) == svg.PLOT_TOP and expected_y(-2) == svg.PLOT_BOTTOM


def test_moment_of_truth_is_drawn_distinctly(diagnosis: Diagnosis) -> None:
    by_id = {c.get("data-touchpoint"): c for c in circles(curve(diagnosis))}
    mot, plain = by_id["t4"], by_id["t3"]
    assert "mot" in (mot.get("class") or "") and "mot" not in (plain.get("class") or "")
    assert float(mot.get("r", "0")) > float(plain.get("r", "0"))
    assert mot.get("stroke") != plain.get("stroke")


def test_touchpoint_without_emotion_is_skipped_and_noted(diagnosis: Diagnosis) -> None:
    root = curve(diagnosis)
    assert "t5" not in {c.get("data-touchpoint") for c in circles(root)}
    path = next(p for p in root.iter("path") if p.get("class") == "curve")
    assert (path.get("d") or "").count("L") == 4  # 5 points, 4 segments
    note = next(t for t in root.iter("text") if t.get("class") == "missing-note")
    assert note.text == "未记录情绪：在线客服咨询"


def test_stages_are_labelled_bands(diagnosis: Diagnosis) -> None:
    root = curve(diagnosis)
    bands = [r for r in root.iter("rect") if r.get("class") == "stage-band"]
    assert len(bands) == 4
    texts = "".join(root.itertext())
    for n, stage in enumerate(diagnosis.map.stages, start=1):
        assert f"{n}. {stage.name}" in texts
    for tp in diagnosis.map.touchpoints:
        assert tp.name in texts


def test_text_is_escaped(
    diagnosis: Diagnosis, with_script: Callable[[Diagnosis], Diagnosis]
) -> None:
    text = svg.emotion_curve_svg(with_script(diagnosis).map, LABELS)
    assert "<script>" not in text
    assert "&lt;script&gt;" in text
    ET.fromstring(text)  # still well-formed


def test_deterministic_and_namespace_only_when_standalone(diagnosis: Diagnosis) -> None:
    inline = svg.emotion_curve_svg(diagnosis.map, LABELS)
    assert inline == svg.emotion_curve_svg(diagnosis.map, LABELS)
    assert "http" not in inline
    standalone = svg.emotion_curve_svg(diagnosis.map, LABELS, standalone=True)
    assert standalone.startswith('<svg xmlns="http://www.w3.org/2000/svg"')


def test_empty_map_draws_a_message(diagnosis: Diagnosis) -> None:
    data = diagnosis.model_dump(exclude_computed_fields=True)
    data["map"]["touchpoints"] = []
    data["map"]["pain_points"] = []
    data["map"]["opportunities"] = []
    data["plan"]["actions"] = []
    root = curve(Diagnosis.model_validate(data))
    assert circles(root) == []
    assert "暂无记录" in "".join(root.itertext())


def test_matrix_places_each_action_in_its_quadrant(diagnosis: Diagnosis) -> None:
    root = ET.fromstring(svg.impact_effort_svg(diagnosis.plan.actions, LABELS))
    markers = {c.get("data-action"): c for c in root.iter("circle")}
    assert list(markers) == ["a1", "a2", "a3"]
    split_x = svg.effort_x(2.5)
    split_y = svg.impact_y(2.5)
    for action in diagnosis.plan.actions:
        c = markers[action.id]
        x, y = float(c.get("cx", "nan")), float(c.get("cy", "nan"))
        assert x == pytest.approx(svg.effort_x(action.effort))
        assert y == pytest.approx(svg.impact_y(action.impact))
        high_impact, high_effort = y < split_y, x > split_x
        bucket = priority_bucket(5 if high_impact else 1, 5 if high_effort else 1)
        assert bucket == action.priority
    texts = "".join(root.itertext())
    for label in ("快速见效", "重大项目", "填充任务", "重新考虑", "影响", "投入"):
        assert label in texts


def test_matrix_spreads_actions_that_share_a_cell(diagnosis: Diagnosis) -> None:
    twins = [
        a.model_copy(update={"id": f"x{i}"}) for i, a in enumerate([diagnosis.plan.actions[0]] * 3)
    ]
    root = ET.fromstring(svg.impact_effort_svg(twins, LABELS))
    positions = {(c.get("cx"), c.get("cy")) for c in root.iter("circle")}
    assert len(positions) == 3


def test_wrap_fits_and_ellipsises() -> None:
    assert svg.wrap("订单进度追踪", 10) == ["订单进度追踪"]
    assert svg.wrap("订单进度追踪", 3) == ["订单进", "度追踪"]
    assert svg.wrap("订单进度追踪与通知", 3) == ["订单进", "度追…"]
    assert svg.wrap("Home feed recommendations", 8) == ["Home feed", "recommendatio…"]
