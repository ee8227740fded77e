"""The latest analysis of each workspace, as JSON under the data dir (analytics/<workspace id>/).

Kept as a file rather than a table: it is one document, read whole by the interview and the
exports, and replaced by the next run; the previous one is kept as `previous.json`.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from pydantic import ValidationError

from assistant.analytics.result import AnalysisResult

LATEST = "latest.json"
PREVIOUS = "previous.json"


class AnalysisStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    def _folder(self, workspace_id: str) -> Path:
        safe = "".join(ch for ch in workspace_id if ch.isalnum() or ch in "-_") or "workspace"
        return self.root / safe

    def save(self, result: AnalysisResult) -> Path:
        folder = self._folder(result.workspace_id)
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / LATEST
        if target.exists():
            os.replace(target, folder / PREVIOUS)
        # Written beside and renamed: a reader never sees half a file.
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=folder, suffix=".tmp", delete=False
        ) as handle:
            handle.write(result.model_dump_json(indent=2))
        os.replace(handle.name, target)
        return target

    def latest(self, workspace_id: str) -> AnalysisResult | None:
        path = self._folder(workspace_id) / LATEST
        try:
            return AnalysisResult.model_validate_json(path.read_text(encoding="utf-8"))
        except (FileNotFoundError, ValidationError, ValueError):
            return None
