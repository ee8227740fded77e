"""A temp SQLite database, and small Diagnosis objects to save in it.

Set CXCOACH_TEST_DATABASE_URL to a throw-away PostgreSQL database to run the repository tests
there too (its tables are dropped after each test).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.domain import (
    Action,
    BusinessContext,
    Diagnosis,
    Emotion,
    GoalScope,
    ImprovementPlan,
    JourneyMap,
    KPITarget,
    PainPoint,
    Stage,
    Touchpoint,
)
from assistant.storage import Database
from assistant.storage.tables import Base

POSTGRES_URL = os.environ.get("CXCOACH_TEST_DATABASE_URL", "")


def make_diagnosis(title: str = "Branch account opening") -> Diagnosis:
    """3 stages with a touchpoint each, one pain point and one action."""
    stages = [
        Stage(id="s1", name="Arrive"),
        Stage(id="s2", name="Wait"),
        Stage(id="s3", name="Open account"),
    ]
    touchpoints = [
        Touchpoint(id="t1", stage_id="s1", name="Ticket machine", channel="branch"),
        Touchpoint(
            id="t2",
            stage_id="s2",
            name="Waiting area",
            emotion=Emotion(score=-2, label="annoyed", quote="I waited forty minutes"),
            moment_of_truth=True,
        ),
        Touchpoint(id="t3", stage_id="s3", name="Counter", channel="teller"),
    ]
    pain = PainPoint(
        id="p1", stage_id="s2", touchpoint_id="t2", description="Long queue", severity=4
    )
    action = Action(
        id="a1",
        title="Online pre-booking",
        pain_point_ids=["p1"],
        impact=4,
        effort=2,
        owner_department="Retail operations",
        kpi=KPITarget(name="average wait", unit="min", baseline=40, target=15),
    )
    return Diagnosis(
        map=JourneyMap(
            title=title,
            lang="en",
            goal=GoalScope(goal="Cut waiting time", scope="From arrival to account opened"),
            context=BusinessContext(industry="banking", product_or_service="current account"),
            stages=stages,
            touchpoints=touchpoints,
            pain_points=[pain],
        ),
        plan=ImprovementPlan(actions=[action]),
    )


def make_chinese_diagnosis() -> Diagnosis:
    return Diagnosis(
        map=JourneyMap(
            title="银行网点开户旅程",
            lang="zh-Hans",
            goal=GoalScope(goal="降低客户投诉率", scope="从进门取号到开户完成"),
            context=BusinessContext(
                industry="银行", product_or_service="借记卡开户", company="某银行"
            ),
            stages=[
                Stage(id="s1", name="取号"),
                Stage(id="s2", name="等候"),
                Stage(id="s3", name="办理"),
            ],
            touchpoints=[
                Touchpoint(id="t1", stage_id="s1", name="取号机", channel="网点"),
                Touchpoint(
                    id="t2",
                    stage_id="s2",
                    name="等候区",
                    emotion=Emotion(score=-2, label="焦虑", quote="「等了四十分钟，还没轮到我！」"),
                ),
                Touchpoint(id="t3", stage_id="s3", name="柜台", frontstage="柜员核对身份證"),
            ],
            pain_points=[
                PainPoint(
                    id="p1",
                    stage_id="s2",
                    touchpoint_id="t2",
                    description="排队时间过长",
                    severity=5,
                )
            ],
        ),
        plan=ImprovementPlan(
            actions=[
                Action(
                    id="a1",
                    title="线上预约取号",
                    pain_point_ids=["p1"],
                    impact=5,
                    effort=2,
                    owner_department="零售运营部",
                    kpi=KPITarget(name="平均排队时长", unit="分钟", baseline=40, target=15),
                )
            ]
        ),
    )


def grown(diagnosis: Diagnosis, n: int) -> Diagnosis:
    """`diagnosis` with n more stages, each with a touchpoint and a pain point, and n actions."""
    data = diagnosis.model_dump(mode="json", exclude_computed_fields=True)
    journey, plan = data["map"], data["plan"]
    for i in range(1, n + 1):
        stage = f"extra{i}"
        journey["stages"].append({"id": stage, "name": f"Extra stage {i}"})
        journey["touchpoints"].append({"id": f"{stage}-t", "stage_id": stage, "name": "Call"})
        journey["pain_points"].append(
            {"id": f"{stage}-p", "stage_id": stage, "description": "Slow", "severity": 2}
        )
        action = dict(plan["actions"][0], id=f"{stage}-a", pain_point_ids=[f"{stage}-p"])
        plan["actions"].append(action)
    return Diagnosis.model_validate(data)


@pytest.fixture
def diagnosis() -> Diagnosis:
    return make_diagnosis()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'data' / 'cxcoach.db'}"


@pytest.fixture
def sqlite_db(sqlite_url: str) -> Iterator[Database]:
    db = Database(sqlite_url)
    yield db
    db.dispose()


@pytest.fixture(params=["sqlite", "postgresql"] if POSTGRES_URL else ["sqlite"])
def db(request: pytest.FixtureRequest, sqlite_url: str) -> Iterator[Database]:
    """The repository tests run on SQLite, and on PostgreSQL too when one is configured."""
    if request.param == "sqlite":
        database = Database(sqlite_url)
        yield database
        database.dispose()
        return
    database = Database(POSTGRES_URL)
    try:
        yield database
    finally:
        Base.metadata.drop_all(database.engine)
        database.dispose()
