"""Edits to the generated plan in step 8: "2 负责：数字渠道部", "1 目标 10", "3 期限 30天",
"action 2 owner: Digital team", "review weekly", and the same in Traditional script
("1 負責：數位通路部", "復盤 每週"): every rule matches the Simplified view, and what is stored
(an owner) is cut from the original, in the user's script. A value set here is the team's own
(`mark_action_stated`)."""

from __future__ import annotations

import re
from typing import Literal, cast

from assistant.i18n.labels import labels_for
from assistant.interview import parsing as p
from assistant.interview.plan import mark_action_stated
from assistant.interview.say import number_text
from assistant.interview.turn import Turn

_ACTION_NUMBER = re.compile(
    r"^\s*(?:第\s*)?(?:(?:措施|行动|action)\s*#?\s*)?(\d{1,2})\s*(?:条|个|号)?\s*"
    r"(?:措施|行动)?\s*(?:的)?\s*[:：.、)]?\s*",
    re.IGNORECASE,
)
_OWNER = re.compile(
    r"(?:负责部门|负责单位|负责团队|负责方|负责人|负责|owner|由)\s*(?:改成|改为|是|为|换成|to|is)?\s*[:：=]?\s*"
    r"(?P<owner>[^，,；;。]+?)\s*(?:负责)?(?=[，,；;。]|$)",
    re.IGNORECASE,
)
_REVIEW = re.compile(r"复盘|回顾|review|cadence", re.IGNORECASE)


def apply_plan_edits(turn: Turn) -> bool:
    """Apply the edits in the message; True when any was recognised."""
    plan = turn.state.draft.plan
    labels = labels_for(turn.state.lang)
    say = turn.say
    changed = False
    for line in re.split(r"\n|；|;", turn.message):
        seen = p.simplified(line)
        if not seen.strip():
            continue
        if _REVIEW.search(seen) and (cadence := p.parse_cadence(line)):
            kind = cast(Literal["weekly", "monthly", "quarterly"], cadence)
            plan.review_loop.cadence = kind
            turn.echo.append(say("echo_review_cadence", cadence=labels[f"cadence.{kind}"]))
            changed = True
            continue
        number = _ACTION_NUMBER.match(seen)
        if not number:
            continue
        index = int(number[1]) - 1
        if not 0 <= index < len(plan.actions):
            continue
        action, rest, rest_seen = plan.actions[index], line[number.end() :], seen[number.end() :]
        n = index + 1
        owner = _OWNER.search(rest_seen)
        value = rest[owner.start("owner") : owner.end("owner")].strip() if owner else ""
        if value:
            action.owner_department = value
            mark_action_stated(action, "owner")
            turn.echo.append(
                say("echo_plan_change", number=n, field=say("field_owner"), value=value)
            )
            changed = True
        target = p.parse_number_after(rest, "目标值|目标|target")
        if target is not None:
            action.kpi.target = target
            mark_action_stated(action, "kpi.target")
            value = number_text(target)
            turn.echo.append(
                say("echo_plan_change", number=n, field=say("field_target"), value=value)
            )
            changed = True
        baseline = p.parse_number_after(rest, "基线|现状|baseline|now")
        if baseline is not None:
            action.kpi.baseline = baseline
            mark_action_stated(action, "kpi.baseline")
            value = number_text(baseline)
            turn.echo.append(
                say("echo_plan_change", number=n, field=say("field_baseline"), value=value)
            )
            changed = True
        horizon = p.parse_horizon(rest)
        if horizon is not None:
            action.horizon = horizon
            mark_action_stated(action, "horizon")
            value = labels[f"horizon.{horizon}"]
            turn.echo.append(
                say("echo_plan_change", number=n, field=say("field_horizon"), value=value)
            )
            changed = True
        kano = p.parse_kano(rest)
        if kano is not None:
            action.kano = kano
            mark_action_stated(action, "kano")
            value = labels[f"kano.{kano}"]
            turn.echo.append(
                say("echo_plan_change", number=n, field=say("field_kano"), value=value)
            )
            changed = True
    return changed
