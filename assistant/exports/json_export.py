"""JSON export: the whole Diagnosis (map + plan) as readable UTF-8, indented by two.

Computed fields are written too (each action's `priority`), for readers of the file; the domain
model drops and recomputes them on input, so the export loads back with
`Diagnosis.model_validate_json`.
"""

from __future__ import annotations

import json

from assistant.domain import Diagnosis


def render_json(diagnosis: Diagnosis) -> str:
    data = diagnosis.model_dump(mode="json")
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
