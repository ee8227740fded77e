"""The guided interview: nine steps from goal to plan, building a journey map and an
improvement plan, with or without a language model, persistent across restarts.

Interfaces call `assistant.interview.service.InterviewService` (its `TurnResult` is what they
show); `run_interview_benchmark` is in `assistant.interview.benchmark`. This package module
stays light on purpose: analytics imports `Evidence` from here without loading LangGraph.

Modules, one concern each: steps (the nine steps and their questions), state and draft (what
is checkpointed), parsing/vocabulary/rules (reading answers by rule), extraction (what an answer
says, also the model's schemas), apply (into the map, with provenance), commands (corrections
and navigation), suggestions (playbook, data and retrieval), methodology (why, cited), plan and
plan_edits (the improvement plan), replies (what is said), engine (one turn), llm_brain and
llm_guard (the model, and keeping it honest), graph (LangGraph + SQLite checkpoints), service.
"""

from assistant.interview.evidence import Evidence, EvidenceMetric, EvidenceProvider
from assistant.interview.steps import STEP_IDS, StepId

__all__ = ["STEP_IDS", "Evidence", "EvidenceMetric", "EvidenceProvider", "StepId"]
