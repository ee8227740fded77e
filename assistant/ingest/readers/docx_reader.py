"""Word documents (.docx): paragraphs grouped under their headings, tables as rows.

Headings are recognised by style ("Heading 2", the Chinese "标题 2" of WPS and localised Word) or
by an outline level. A table's first row is its header when it looks like one; each further row
becomes a record "header：value；…" so that no column's content is lost, located as "table 2 row 3".
Page headers and footers are furniture and are not read. The zip is checked before it is opened
(see dispatch.py); a paragraph is held to the line limit, table rows to the row, column and cell
limits of the file's Guard.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import docx
from docx.oxml.ns import qn
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph

from assistant.ingest.readers.cleanup import normalise_line
from assistant.ingest.readers.columns import is_header, make_header
from assistant.ingest.readers.limits import Guard
from assistant.ingest.readers.model import DOCX, ParsedFile, ReadError, Record

_HEADING_STYLE = re.compile(r"(?:heading|标题|標題)\s*(\d)", re.IGNORECASE)
_TITLE_STYLES = ("title", "标题", "標題")


def _level(paragraph: Paragraph) -> int | None:
    """Heading level (the document title counts as 0), or None for body text."""
    name = (paragraph.style.name if paragraph.style is not None else "") or ""
    if match := _HEADING_STYLE.fullmatch(name.strip()):
        return int(match.group(1))
    if name.strip().lower() in _TITLE_STYLES:
        return 0
    outline = paragraph._p.find(f"{qn('w:pPr')}/{qn('w:outlineLvl')}")
    if outline is not None and (value := outline.get(qn("w:val"))) is not None:
        level = int(value) + 1
        return level if level <= 9 else None  # 9 is "body text" in Word's outline levels
    return None


def _clean(text: str) -> str:
    return "\n".join(filter(None, (normalise_line(line) for line in text.splitlines())))


def _row_cells(row: Any) -> list[str]:
    """Cell texts of a row, a merged cell once (python-docx repeats it for every grid column)."""
    seen: set[int] = set()
    texts = []
    for cell in row.cells:
        if id(cell._tc) in seen:
            continue
        seen.add(id(cell._tc))
        texts.append(_clean(cell.text))
    return texts


def _rows(table: DocxTable, number: int, guard: Guard) -> list[list[str]]:
    """The table's rows, each counted before its cells are read (a row's `w:tc` are its cells)."""
    rows = []
    for n, row in enumerate(table.rows, 1):
        guard.count_row()
        guard.columns(len(row._tr.tc_lst), n, table=str(number))
        cells = _row_cells(row)
        guard.cells(cells, n, table=str(number))
        rows.append(cells)
    return rows


def _table_records(
    table: DocxTable, number: int, guard: Guard
) -> tuple[list[Record], list[tuple[str, str]]]:
    rows = _rows(table, number, guard)
    rows = [row for row in rows if any(row)]
    if not rows:
        return [], []
    header: list[str] | None = None
    if len(rows) > 1 and len(rows[0]) > 1 and is_header(rows[0], rows[1:]):
        header, rows = make_header(rows[0]), rows[1:]
    records, skipped = [], []
    for n, row in enumerate(rows, 1):
        locator = f"table {number} row {n}"
        if header is not None:
            pairs = [
                (header[i] if i < len(header) else f"col{i + 1}", v) for i, v in enumerate(row)
            ]
            fields = {name: value for name, value in pairs if value}
            text = "；".join(f"{name}：{value}" for name, value in pairs if value)
        else:
            fields, text = {}, " | ".join(v for v in row if v)
        if text:
            records.append(Record(text=text, locator=locator, fields=fields))
        else:
            skipped.append((locator, "empty row"))
    return records, skipped


def read_docx(path: Path, guard: Guard | None = None) -> ParsedFile:
    guard = guard or Guard(path.name)
    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises zip, XML, key and value errors for bad files
        raise ReadError(f"corrupt or unreadable DOCX file: {type(exc).__name__}: {exc}") from None
    records: list[Record] = []
    skipped: list[tuple[str, str]] = []
    path_: list[tuple[int, str]] = []
    body: list[str] = []
    tables = 0

    def flush() -> None:
        text = "\n".join(body).strip()
        if text:
            names = [t for lvl, t in path_ if lvl > 0] or [t for _, t in path_]
            locator = "§ " + (" > ".join(names) if names else "(start)")
            heading = path_[-1][1] if path_ else ""
            records.append(Record(text=f"{heading}\n{text}" if heading else text, locator=locator))
        body.clear()

    paragraphs = 0
    for number, child in enumerate(document.element.body.iterchildren(), 1):
        if number % 64 == 0:
            guard.tick()
        if child.tag == qn("w:p"):
            paragraph = Paragraph(child, document)
            paragraphs += 1
            raw = paragraph.text
            guard.paragraph(raw, paragraphs)
            text = _clean(raw)
            level = _level(paragraph)
            if level is not None and text:
                flush()
                path_ = [(lvl, t) for lvl, t in path_ if lvl < level] + [(level, text)]
            elif text:
                body.append(text)
        elif child.tag == qn("w:tbl"):
            flush()
            tables += 1
            table_records, table_skipped = _table_records(DocxTable(child, document), tables, guard)
            records.extend(table_records)
            skipped.extend(table_skipped)
    flush()
    return ParsedFile(records=records, format=DOCX, skipped=skipped)
