"""Trainees, courses and attempts: stored per workspace, read back only through it."""

from __future__ import annotations

import pytest

from assistant.storage import Database, InvalidName, NotFound


def test_a_trainee_is_found_by_name_within_a_workspace(db: Database) -> None:
    acme = db.workspaces.get_or_create("acme")
    other = db.workspaces.get_or_create("other")
    first = db.practice.trainee(acme.id, "  王  小明 ")
    assert first.name == "王 小明"
    assert db.practice.trainee(acme.id, "王 小明").id == first.id
    assert db.practice.trainee(other.id, "王 小明").id != first.id  # same name, another company
    with pytest.raises(InvalidName):
        db.practice.trainee(acme.id, "   ")
    with pytest.raises(NotFound):
        db.practice.get_trainee(other.id, first.id)


def test_attempts_are_read_back_only_through_their_workspace(db: Database) -> None:
    acme = db.workspaces.get_or_create("acme")
    other = db.workspaces.get_or_create("other")
    amy = db.practice.trainee(acme.id, "Amy")
    attempt = db.practice.add_attempt(
        acme.id, amy.id, "roleplay", "queue-anger-bank", "en", {"a": 1}
    )
    assert attempt.status == "active" and attempt.total is None
    with pytest.raises(NotFound):
        db.practice.get_attempt(other.id, attempt.id)
    with pytest.raises(NotFound):
        db.practice.update_attempt(other.id, attempt.id, {"b": 2}, total=90, finished=True)
    with pytest.raises(NotFound):  # a trainee of another workspace cannot be written for
        db.practice.add_attempt(other.id, amy.id, "quiz", "mot-01", "en", {})
    done = db.practice.update_attempt(
        acme.id, attempt.id, {"b": 2}, total=90, result={"outcome": "calmed"}, finished=True
    )
    assert (done.status, done.total, done.result, done.state) == (
        "finished", 90, {"outcome": "calmed"}, {"b": 2},
    )  # fmt: skip
    assert db.practice.attempts(other.id) == []
    assert [a.id for a in db.practice.attempts(acme.id, kind="roleplay")] == [attempt.id]


def test_a_course_keeps_its_assignments_and_roster_and_can_be_changed(db: Database) -> None:
    acme = db.workspaces.get_or_create("acme")
    amy, bo = (db.practice.trainee(acme.id, n) for n in ("Amy", "Bo"))
    course = db.practice.save_course(
        acme.id, "Night shift", scenario_ids=["a", "b", "a"], quiz_topics=["mot"],
        mapping_cases=[], trainee_ids=[bo.id, amy.id],
    )  # fmt: skip
    assert course.scenario_ids == ("a", "b") and course.trainee_ids == (amy.id, bo.id)
    changed = db.practice.save_course(
        acme.id, "Night shift 2", scenario_ids=["c"], quiz_topics=[], mapping_cases=["bank"],
        trainee_ids=[amy.id], course_id=course.id,
    )  # fmt: skip
    assert db.practice.get_course(acme.id, course.id) == changed
    assert changed.name == "Night shift 2" and changed.trainee_ids == (amy.id,)
    assert [c.id for c in db.practice.courses_of(acme.id, bo.id)] == []
    other = db.workspaces.get_or_create("other")
    with pytest.raises(NotFound):
        db.practice.get_course(other.id, course.id)


def test_deleting_a_workspace_removes_its_trainees_courses_and_attempts(db: Database) -> None:
    acme = db.workspaces.get_or_create("acme")
    amy = db.practice.trainee(acme.id, "Amy")
    db.practice.add_attempt(acme.id, amy.id, "quiz", "mot-01", "en", {}, finished=True)
    db.practice.save_course(
        acme.id, "C", scenario_ids=[], quiz_topics=[], mapping_cases=[], trainee_ids=[amy.id]
    )
    db.workspaces.delete(acme.id)
    again = db.workspaces.get_or_create("acme")
    assert db.practice.trainees(again.id) == [] and db.practice.courses(again.id) == []
