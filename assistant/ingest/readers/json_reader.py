"""JSON and JSON Lines: a cxcoach map export, or records in a list, read like a table.

Company exports wrap their records in different ways — a bare list, {"data": [...]},
{"data": {"list": [...]}} — so the largest list of objects within a few levels is taken. Objects
become rows (keys are the columns) and go through the same column detection as CSV. Records,
keys (columns), cells and JSON Lines lines are held to the file's Guard; a JSON document itself
may be one long line (minified exports are).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from assistant.ingest.readers.cxmap_reader import is_cxcoach_map, parse_cxcoach_map
from assistant.ingest.readers.limits import Guard
from assistant.ingest.readers.model import JSON, ColumnOverrides, ParsedFile, ReadError, Record
from assistant.ingest.readers.tabular import Table

JSON_LINES_SUFFIXES = (".jsonl", ".ndjson", ".jsonlines")
_LIST_KEYS = ("data", "records", "items", "rows", "reviews", "comments", "results", "list")
_MAX_DEPTH = 3
TOO_DEEP = "JSON nested too deeply to read (arrays or objects inside each other thousands deep)"


def looks_like_json(text: str) -> bool:
    return text.lstrip("\ufeff \t\r\n")[:1] in ("{", "[")


def parse_json(
    text: str,
    encoding: str,
    *,
    json_lines: bool,
    columns: ColumnOverrides | None,
    guard: Guard | None = None,
) -> ParsedFile:
    guard = guard or Guard("")
    text = text.lstrip("\ufeff")
    if json_lines:
        return _table(_json_lines(text, guard), encoding, columns, "line", guard)
    try:
        data = json.loads(text)
    except RecursionError:  # nested deeper than Python's stack: no company export is
        raise ReadError(TOO_DEEP, "json_too_deep") from None
    except json.JSONDecodeError as exc:
        lines = [ln for ln in text.splitlines() if ln.strip()]
        if len(lines) > 1 and exc.msg == "Extra data":  # one object per line, without .jsonl
            return _table(_json_lines(text, guard), encoding, columns, "line", guard)
        raise ReadError(
            f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        ) from None
    if is_cxcoach_map(data):
        return parse_cxcoach_map(data, encoding)
    items = _items(data)
    guard.records(len(items))
    if items and all(isinstance(item, str) for item in items):
        for n, item in enumerate(items, 1):
            guard.cells([item], n)
        records = [Record(text=s.strip(), locator=f"item {n}") for n, s in enumerate(items, 1)]
        skipped = [(r.locator, "empty text") for r in records if not r.text]
        return ParsedFile([r for r in records if r.text], JSON, encoding, skipped=skipped)
    objects = [(n, item) for n, item in enumerate(items, 1) if isinstance(item, dict)]
    if not objects:
        raise ReadError("no records in JSON: expected a list of objects (or of strings)")
    return _table(iter(objects), encoding, columns, "row", guard)


def _json_lines(text: str, guard: Guard) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, object) of each non-blank line."""
    for number, line in enumerate(text.splitlines(), 1):
        guard.line(line, number)
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except RecursionError:
            raise ReadError(TOO_DEEP, "json_too_deep") from None
        except json.JSONDecodeError as exc:
            raise ReadError(
                f"invalid JSON at line {number}, column {exc.colno}: {exc.msg}"
            ) from None
        yield number, value if isinstance(value, dict) else {"value": value}


def _items(data: Any, depth: int = 0) -> list[Any]:
    """The records of a JSON document: the list itself, or the largest list of objects found
    under an object (preferring the usual names), or the object alone as one record."""
    if isinstance(data, list):
        return data
    if not isinstance(data, dict):
        return [data] if isinstance(data, str) else []
    lists = []
    for key, value in data.items():
        if isinstance(value, list) and any(isinstance(v, dict | str) for v in value):
            lists.append((key.lower() in _LIST_KEYS, len(value), value))
        elif isinstance(value, dict) and depth < _MAX_DEPTH:
            nested = _items(value, depth + 1)
            if nested and nested != [value]:
                lists.append((key.lower() in _LIST_KEYS, len(nested), nested))
    if lists:
        return max(lists, key=lambda found: (found[0], found[1]))[2]
    return [data]


def _cell(value: Any) -> str:
    if value is None or value == [] or value == {}:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if isinstance(value, int | float):
        return str(value)
    return json.dumps(value, ensure_ascii=False)


def _table(
    objects: Iterator[tuple[int, dict[str, Any]]],
    encoding: str,
    columns: ColumnOverrides | None,
    row_word: str,
    guard: Guard,
) -> ParsedFile:
    numbered = []
    keys: dict[str, None] = {}  # the columns, in order of first appearance
    for n, obj in objects:
        guard.count_row()
        keys.update(dict.fromkeys(obj))
        guard.columns(len(keys), n)
        numbered.append((n, obj))
    header = list(keys)
    rows = [[_cell(obj.get(key)) for key in header] for _, obj in numbered]
    for (n, _), row in zip(numbered, rows, strict=True):
        guard.cells(row, n)
    numbers = [n for n, _ in numbered]  # JSON Lines are cited by their line in the file
    table = Table(
        rows,
        columns=columns,
        header=[str(h) for h in header],
        locate=lambda n: f"{row_word} {numbers[n - 1]}",
    )
    records = list(table.records())
    return ParsedFile(records, JSON, encoding, mapping=table.mapping, skipped=table.skipped)
