"""CSV export: one row per touchpoint in journey order, for spreadsheets.

Encoded as UTF-8 with a BOM so Excel detects the encoding of Chinese text; rows end in CRLF.
Written through `csv_safe`: text cells that a spreadsheet would read as a formula (starting with
= + - @, a tab or a CR) get a leading apostrophe; the emotion score stays a bare number.
"""

from __future__ import annotations

import csv
import io

from assistant.domain import Diagnosis, Lang
from assistant.exports import csv_safe
from assistant.exports.common import provenance_text
from assistant.i18n.labels import labels_for

COLUMNS = (
    "stage",
    "touchpoint",
    "channel",
    "mode",
    "category",
    "customer_action",
    "frontstage",
    "backstage",
    "support",
    "emotion_score",
    "emotion_label",
    "quote",
    "moment_of_truth",
    "pain_points",
    "provenance",
)


def render_csv(diagnosis: Diagnosis, lang: Lang) -> bytes:
    journey = diagnosis.map
    labels = labels_for(lang)
    buffer = io.StringIO(newline="")
    writer = csv_safe.writer(buffer, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow([labels[column] for column in COLUMNS])
    for touchpoint in journey.ordered_touchpoints():
        emotion = touchpoint.emotion
        pains = [
            f"{p.description} ({p.severity}/5 {labels[f'severity.{p.severity}']})"
            for p in journey.pain_points
            if p.touchpoint_id == touchpoint.id
        ]
        cells = [
            journey.stage(touchpoint.stage_id).name,
            touchpoint.name,
            touchpoint.channel,
            labels[f"mode.{touchpoint.mode}"],
            labels[f"category.{touchpoint.category}"] if touchpoint.category else "",
            touchpoint.customer_action,
            touchpoint.frontstage,
            touchpoint.backstage,
            touchpoint.support,
        ]
        writer.writerow(
            [
                *cells,
                emotion.score if emotion else "",  # a number: stays one, "-2" included
                emotion.label if emotion else "",
                emotion.quote if emotion else "",
                labels["yes"] if touchpoint.moment_of_truth else labels["no"],
                "\n".join(pains),
                provenance_text(labels, touchpoint.provenance),
            ]
        )
    return buffer.getvalue().encode("utf-8-sig")
