"""SessionService: start, titles that follow the goal, duplicate with a "copy" marker, delete
with the checkpoint, and "Finish now" with what is missing said first and no words put in the
user's mouth."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from assistant.embeddings.hash_backend import HashEmbedder
from assistant.retrieval import KnowledgeIndex
from assistant.retrieval.memory_store import MemoryStore
from assistant.services.container import Services
from assistant.services.sessions import SessionService
from assistant.settings import Settings
from assistant.storage import NotFound

GOAL_ZH = "我们是外卖平台，想把差评率从8%降到5%，尤其是配送慢和餐品洒漏。范围从下单到评价。"
GOAL_EN = "We run food delivery and want fewer late-delivery complaints."


@pytest.fixture
def services(settings: Settings) -> Iterator[Services]:
    made = Services(settings, index=KnowledgeIndex(MemoryStore(), HashEmbedder()))
    yield made
    made.close()


@pytest.fixture
def sessions(services: Services) -> SessionService:
    return services.sessions


def test_a_new_session_is_titled_new_interview_then_by_its_goal(sessions: SessionService) -> None:
    started = sessions.start("acme", lang="zh-Hans", industry="restaurant")
    assert sessions.get(started.session_id).title == "新访谈 · 餐饮"
    assert sessions.get(sessions.start("", lang="en").session_id).workspace.name == "default"
    sessions.interview.reply(started.session_id, GOAL_ZH)
    # The goal's first sentence: two sessions of the same industry no longer share a title.
    assert (
        sessions.get(started.session_id).title
        == "我们是外卖平台，想把差评率从8%降到5%，尤其是配送慢和餐…"
    )
    other = sessions.start("acme", lang="zh-Hans", industry="restaurant")
    sessions.interview.reply(other.session_id, "我们是外卖平台，想让骑手准时送达")
    titles = [s.title for s in sessions.list()]
    assert len(set(titles)) == len(titles) == 3
    # The session's record holds it (the list reads no map for it); the map keeps its own.
    summary = sessions.get(other.session_id)
    assert summary.session.title == "我们是外卖平台，想让骑手准时送达"
    assert summary.map is not None and summary.map.title == "外卖客户旅程图"


def test_sessions_stored_with_the_old_shared_title_show_and_get_a_better_one(
    services: Services, sessions: SessionService
) -> None:
    started = sessions.start("acme", lang="zh-Hans")
    sessions.interview.reply(started.session_id, GOAL_ZH)
    services.db.sessions.update_title(started.session_id, "（待补充）客户旅程图")
    assert sessions.get(started.session_id).title == "外卖客户旅程图"  # the map's, meanwhile
    sessions.interview.reply(started.session_id, "上班族：午休点外卖")
    assert sessions.get(started.session_id).title.startswith("我们是外卖平台")


@pytest.mark.parametrize(
    ("lang", "marker"), [("zh-Hans", "（副本）"), ("zh-Hant", "（副本）"), ("en", " (copy)")]
)
def test_a_copy_says_copy_in_the_users_language_and_resumes_where_the_original_stands(
    sessions: SessionService, lang: str, marker: str
) -> None:
    started = sessions.start("acme", lang="en")
    sessions.interview.reply(started.session_id, GOAL_EN)
    copy = sessions.duplicate(started.session_id, lang=lang)  # type: ignore[arg-type]
    assert copy.title == "We run food delivery and want fewer late-delivery complaints" + marker
    assert sessions.interview.current(copy.session.id).step == "personas"
    # The marker stays while the copy's subject does not change …
    sessions.interview.reply(copy.session.id, "Office worker: orders lunch at the desk")
    assert sessions.get(copy.session.id).title == copy.title
    assert sessions.get(started.session_id).title.endswith("complaints")


def test_a_copy_without_a_language_uses_the_sessions(sessions: SessionService) -> None:
    started = sessions.start("acme", lang="zh-Hant")
    copy = sessions.duplicate(started.session_id)
    assert copy.title == "新訪談（副本）"


def test_delete_removes_the_session_its_maps_and_its_checkpoint(
    services: Services, sessions: SessionService
) -> None:
    started = sessions.start("acme", lang="en")
    sessions.interview.reply(started.session_id, GOAL_EN)
    session_id = started.session_id
    map_id = services.db.maps.for_session(session_id)[0].id
    assert sessions.interview.graph.exists(session_id)
    deleted = sessions.delete(session_id)
    assert deleted.session.id == session_id and deleted.title.startswith("We run food delivery")
    assert not sessions.interview.graph.exists(session_id)  # no conversation left behind
    with pytest.raises(NotFound):
        services.db.sessions.get(session_id)
    with pytest.raises(NotFound):
        services.db.maps.get(map_id)
    with pytest.raises(NotFound):
        sessions.delete(session_id)
    # A copy keeps its own conversation when the original goes.
    other = sessions.start("acme", lang="en")
    copy = sessions.duplicate(other.session_id)
    sessions.delete(other.session_id)
    assert sessions.interview.current(copy.session.id).step == "goal"


def test_finish_check_says_what_is_missing_in_the_users_language(
    sessions: SessionService,
) -> None:
    started = sessions.start("acme", lang="zh-Hans")
    sessions.interview.reply(started.session_id, GOAL_ZH)
    sessions.interview.reply(started.session_id, "上班族：午休点外卖")
    check = sessions.finish_check(started.session_id)
    assert check.missing == ["stages", "touchpoints", "emotions", "pain_points"]
    assert check.empty and not check.finished
    assert check.message == "还没有阶段、触点、情绪和痛点：现在结束，旅程图会是空的。"
    english = sessions.finish_check(started.session_id, "en").message
    assert english == (
        "No stages, touchpoints, emotions or pain points yet: if you finish now, the map will be "
        "empty."
    )
    assert sessions.finish_check(started.session_id, "zh-Hant").message == (
        "還沒有階段、觸點、情緒和痛點：現在結束，旅程圖會是空的。"
    )
    sessions.interview.reply(started.session_id, "1,2,3,4,5")  # the suggested stages
    partial = sessions.finish_check(started.session_id)
    assert "stages" not in partial.missing and partial.empty
    sessions.interview.reply(started.session_id, "好")  # the first stage's touchpoints
    partial = sessions.finish_check(started.session_id)
    assert "touchpoints" not in partial.missing and not partial.empty
    assert partial.message.startswith("还没有") and "旅程图会缺这些部分" in partial.message


def test_finish_ends_in_one_turn_without_words_in_the_users_name(
    services: Services, sessions: SessionService
) -> None:
    started = sessions.start("acme", lang="zh-Hans")
    sessions.interview.reply(started.session_id, GOAL_ZH)
    before = sessions.interview.state(started.session_id).transcript
    result = sessions.finish(started.session_id)
    after = sessions.interview.state(started.session_id).transcript
    assert result.finished and result.progress.percent == 100
    assert [e.text for e in after if e.role == "user"] == [GOAL_ZH]
    assert len(after) == len(before) + 1
    assert "完成" not in [e.text for e in after if e.role == "user"]
    assert services.db.sessions.get(started.session_id).status == "finished"
    history = services.db.maps.history(result.map_id or "")
    assert history[-1].note.endswith("review, finished early")
    check = sessions.finish_check(started.session_id)
    assert check.finished and check.message == "这个访谈已经完成了。"
