"""An interview in a process of its own, for the kill-and-resume test.

    python -m tests.interview.driver DATA_DIR [SESSION_ID]

Starts a session (or resumes SESSION_ID), prints one JSON line for it, then reads one
JSON-encoded message per line from stdin and prints one JSON line per turn. The knowledge base
is left empty to keep the process quick to start: persistence is what is under test.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from assistant.interview.service import InterviewService, TurnResult
from assistant.storage import Database
from tests.interview.fakes import EmptyRetriever


def emit(result: TurnResult) -> None:
    line = {
        "session_id": result.session_id,
        "step": result.step,
        "finished": result.finished,
        "draft": result.draft.model_dump(mode="json"),
    }
    sys.stdout.write(json.dumps(line, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def main() -> None:
    data_dir = Path(sys.argv[1])
    db = Database(f"sqlite:///{data_dir / 'cxcoach.db'}")
    service = InterviewService(db, EmptyRetriever(), None, data_dir / "checkpoints.sqlite")
    if len(sys.argv) > 2:
        result = service.current(sys.argv[2])
    else:
        result = service.start("acme", lang="zh-Hans")
    emit(result)
    for line in sys.stdin:
        result = service.reply(result.session_id, json.loads(line))
        emit(result)
    service.close()


if __name__ == "__main__":
    main()
