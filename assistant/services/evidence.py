"""Evidence you can read: the customer's own words behind a data-backed element, and the records
of a workspace, listed with filters and pages. The web app (the map's details, the records page,
the JSON API) and `cxcoach records` call it alike.

A data-backed element (provenance `data`) carries references to company records:
"waimai_300.csv#row=12" (a table row, written as analytics writes them), "book.xlsx#Sheet2!row=5",
or the file, '#' and the reader's locator for any other record ("policy.md#§ 退款流程",
"manual.pdf#page 3"). A reference is looked up in the workspace that owns the element, and only
there:

1. the workspace's index (its own collection, so another workspace's file of the same name is
   never read): the ingested record, its chunks joined;
2. the workspace's latest feedback analysis, which keeps a few quoted records per touchpoint,
   theme and the records about no touchpoint (a file that was analysed but never ingested);
3. else it is reported, reference by reference, never as an error: the file is not (or no
   longer) in the workspace — deleted, or never added — or the file has no such record (a newer
   version replaced it).

Quotes stay as the customer wrote them (never converted to the reader's script); they are
trimmed at a sentence or clause end, so a long review still reads as a sentence.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field

from assistant.retrieval import Chunk, KnowledgeIndex
from assistant.storage import Database, NotFound, WorkspaceRecord
from assistant.text.script import to_simplified, to_traditional

if TYPE_CHECKING:  # the analytics package is imported only when an analysis is read
    from assistant.analytics.result import AnalysisResult

AnalysisLookup = Callable[[str], "AnalysisResult | None"]
"""The latest feedback analysis of a workspace (by id), or None."""

QUOTES = 3  # the top quotes an element shows
QUOTE_CHARS = 140  # a quote longer than this is trimmed
READABLE = (6, 300)  # quotes of this many characters are shown before shorter or longer ones
PER_PAGE = 50
MAX_PER_PAGE = 200
MAX_QUERY_CHARS = 200
CACHED_WORKSPACES = 8
QUOTED_PARTS = 3  # chunks of a long record read to quote it

RefStatus = Literal["found", "analysis", "source_missing", "record_missing"]
"""found: an ingested record · analysis: quoted by the workspace's latest analysis ·
source_missing: no such file in the workspace (deleted, or never added) · record_missing: the
file is there, the record is not (a newer version of the file replaced it)."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RecordRef(_Model):
    """One reference of an element, looked up in its workspace."""

    ref: str
    source: str = Field(description="The file the reference names")
    locator: str = Field(description="Where in the file: 'row 12', 'Sheet2 row 5', 'page 3'…")
    status: RefStatus

    @property
    def found(self) -> bool:
        return self.status in ("found", "analysis")


class EvidenceQuote(_Model):
    """The customer's own words, as written, trimmed to a readable length."""

    ref: str
    source: str
    locator: str
    text: str
    trimmed: bool = Field(description="Text was cut; the records list has the whole record")
    in_records: bool = Field(description="An ingested record (else quoted by an analysis)")


class ElementEvidence(_Model):
    """What one data-backed element stands on: the template `_evidence.html` renders it."""

    workspace: str = Field(description="The workspace's name (for the records list link)")
    count: int = Field(description="Distinct record references of the element")
    quotes: list[EvidenceQuote]
    refs: list[RecordRef] = Field(description="Every reference, in the element's order")
    missing: int = Field(description="References that could not be found")
    analysed_at: datetime | None = Field(
        None, description="When the analysis that quoted some of them ran"
    )


class RecordRow(_Model):
    ref: str
    source: str
    locator: str
    text: str = Field(description="The whole record, as written")
    fields: dict[str, str] = Field(
        default_factory=dict, description="Table columns: score, date, label, channel…"
    )


class SourceCount(_Model):
    name: str
    records: int


class RecordsPage(_Model):
    """One page of a workspace's records, with the filters that made it."""

    workspace: str
    rows: list[RecordRow]
    total: int = Field(description="Records matching the filters")
    all_records: int = Field(description="Records in the workspace")
    page: int
    pages: int
    per_page: int
    source: str = ""
    q: str = ""
    refs: list[str] = Field(default_factory=list)
    sources: list[SourceCount] = Field(description="The workspace's files, for the filter")
    missing: list[RecordRef] = Field(
        default_factory=list, description="With `refs`: those that are no record here"
    )

    @property
    def first(self) -> int:
        """Number of the first row shown (1-based; 0 when none)."""
        return (self.page - 1) * self.per_page + 1 if self.rows else 0

    @property
    def last(self) -> int:
        return (self.page - 1) * self.per_page + len(self.rows)


# References -------------------------------------------------------------------------------------
_ROW_LOCATOR = re.compile(r"^(?:(?P<sheet>.+?) )?row (?P<n>\d+)$")
_ROW_FRAGMENT = re.compile(r"^(?:(?P<sheet>.+)!)?row=(?P<n>\d+)$")
_PART = re.compile(r"^(?P<base>.+) \((?P<n>\d+)\)$")  # "row 12 (2)": the 2nd chunk of a record


def record_ref(source: str, locator: str) -> str:
    """ "row 42" → "reviews.csv#row=42", "Sheet2 row 5" → "book.xlsx#Sheet2!row=5" (as
    `analytics.pipeline.reference` writes them); any other locator follows the '#' as it is."""
    if row := _ROW_LOCATOR.match(locator):
        sheet = row.group("sheet")
        return f"{source}#{sheet}!row={row.group('n')}" if sheet else f"{source}#row={row['n']}"
    return f"{source}#{locator}"


def parse_ref(ref: str, known_sources: Iterable[str] = ()) -> tuple[str, str]:
    """(file, locator) of a reference; a known file name wins over the first '#' (a file name
    may hold one)."""
    named = [s for s in known_sources if ref.startswith(f"{s}#")]
    if named:
        source = max(named, key=len)
        fragment = ref[len(source) + 1 :]
    else:
        source, _, fragment = ref.partition("#")
    if row := _ROW_FRAGMENT.match(fragment):
        sheet = row.group("sheet")
        return source, f"{sheet} row {row['n']}" if sheet else f"row {row['n']}"
    return source, fragment


# Quotes -------------------------------------------------------------------------------------------
_SENTENCE_END = "。！？!?；;…"
_CLAUSE_END = "，,、：: "


def trim_quote(text: str, limit: int = QUOTE_CHARS) -> tuple[str, bool]:
    """The text with its whitespace collapsed, cut to `limit` characters at the last sentence end
    (or clause end, or word) in the second half, with "…"; and whether it was cut."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat, False
    head = flat[:limit]
    for ends, keep in ((_SENTENCE_END, True), (_CLAUSE_END, False)):
        cut = max(head.rfind(ch) for ch in ends)
        if cut >= limit // 2:
            kept = head[: cut + 1] if keep else head[:cut]
            return kept.rstrip(_CLAUSE_END) + "…", True
    return head[: limit - 1].rstrip() + "…", True


def _readable(text: str) -> bool:
    return READABLE[0] <= len(text.strip()) <= READABLE[1]


# Text search ------------------------------------------------------------------------------------
def search_terms(q: str) -> list[tuple[str, ...]]:
    """Each word of the query with its forms in both scripts, lower-cased: a word matches when
    one of its forms does (a zh-Hant reader finds Simplified records, and the other way)."""
    terms = []
    for word in q[:MAX_QUERY_CHARS].split():
        forms = {word.lower(), to_simplified(word).lower(), to_traditional(word).lower()}
        terms.append(tuple(sorted(forms, key=len, reverse=True)))
    return terms


def _matches(lowered: str, terms: Sequence[tuple[str, ...]]) -> bool:
    return all(any(form in lowered for form in forms) for forms in terms)


def highlight(text: str, q: str) -> list[tuple[str, bool]]:
    """`text` in pieces, each marked True where a word of the query matches (for <mark>)."""
    terms = [form for forms in search_terms(q) for form in forms if form]
    if not terms:
        return [(text, False)]
    lowered = text.lower()
    if len(lowered) != len(text):  # a character whose lower case is longer: no marks
        return [(text, False)]
    pattern = re.compile("|".join(re.escape(t) for t in sorted(set(terms), key=len, reverse=True)))
    pieces: list[tuple[str, bool]] = []
    last = 0
    for match in pattern.finditer(lowered):
        if match.start() > last:
            pieces.append((text[last : match.start()], False))
        pieces.append((text[match.start() : match.end()], True))
        last = match.end()
    if last < len(text):
        pieces.append((text[last:], False))
    return pieces


# The records of a workspace ----------------------------------------------------------------------
@dataclass(frozen=True)
class _Records:
    rows: tuple[RecordRow, ...]
    lowered: tuple[str, ...]  # each row's text, lower-cased, for the text filter
    by_ref: dict[str, int]
    sources: tuple[SourceCount, ...]


def _ordinal(chunk: Chunk) -> int:
    """Chunks are numbered within their file at ingestion ("<file key>:<n>")."""
    tail = chunk.id.rpartition(":")[2]
    return int(tail) if tail.isdigit() else 0


def _join(parts: Sequence[str]) -> str:
    text = parts[0]
    for part in parts[1:]:
        text += ("" if text and not text[-1].isascii() else " ") + part
    return text


def _records_of(chunks: Iterable[Chunk], files: dict[str, str]) -> _Records:
    """Records from the index's chunks of the listed files (`files`: content hash → name): a
    record cut into chunks ("row 12 (1)", "row 12 (2)") is one record again."""
    ordered = sorted(
        (c for c in chunks if c.source_id in files),
        key=lambda c: (files[c.source_id], c.source_id, _ordinal(c)),
    )
    groups: list[tuple[str, str, list[Chunk]]] = []  # (file, record locator, its chunks)
    for chunk in ordered:
        source = files[chunk.source_id]
        part = _PART.match(chunk.section)
        if part and part["n"] != "1" and groups:
            last_source, last_base, parts = groups[-1]
            if (
                (last_source, last_base) == (source, part["base"])
                and _PART.match(parts[-1].section) is not None
                and len(parts) + 1 == int(part["n"])
            ):
                parts.append(chunk)
                continue
        groups.append((source, part["base"] if part else chunk.section, [chunk]))
    rows = tuple(
        RecordRow(
            ref=record_ref(source, locator),
            source=source,
            locator=locator,
            text=_join([c.text for c in parts]),
            fields=dict(parts[0].extra),
        )
        for source, base, parts in groups
        # A lone "(1)" was no part: a heading may end so.
        for locator in [base if len(parts) > 1 else parts[0].section]
    )
    counts: dict[str, int] = {}
    for row in rows:
        counts[row.source] = counts.get(row.source, 0) + 1
    return _Records(
        rows=rows,
        lowered=tuple(r.text.lower() for r in rows),
        by_ref={r.ref: i for i, r in reversed(list(enumerate(rows)))},
        sources=tuple(SourceCount(name=n, records=k) for n, k in counts.items()),
    )


def _analysis_quotes(result: AnalysisResult) -> dict[str, str]:
    """ref → the record's text, for every record the analysis quotes."""
    quoted: dict[str, str] = {}
    for touchpoint in result.touchpoints:
        for quote in touchpoint.negative_quotes:
            quoted.setdefault(quote.ref, quote.text)
    for theme in result.themes:
        for quote in theme.quotes:
            quoted.setdefault(quote.ref, quote.text)
    for quote in result.unassigned.samples:
        quoted.setdefault(quote.ref, quote.text)
    return quoted


@dataclass(frozen=True)
class _Key:
    """What a workspace's kept records were read from: its collection, that collection's size
    and its files (content hash, name); another process ingesting or deleting changes it."""

    collection: str
    count: int
    files: tuple[tuple[str, str], ...]


class EvidenceService:
    """Quotes for an element's references, and a workspace's records list.

    The records of a workspace are read from its index collection once and kept while neither
    the collection's size nor the workspace's files change (another process may ingest)."""

    def __init__(
        self, db: Database, index: KnowledgeIndex, analyses: AnalysisLookup | None = None
    ) -> None:
        self.db = db
        self.index = index
        self.analyses = analyses
        self._cache: OrderedDict[_Key, _Records] = OrderedDict()
        self._lock = threading.Lock()

    # Workspaces -------------------------------------------------------------------------------
    def workspace(self, name_or_id: str) -> WorkspaceRecord:
        """The workspace by name (or id); NotFound says which name was asked for."""
        known = self.db.workspaces.list()
        for record in known:
            if record.name == name_or_id:
                return record
        for record in known:
            if record.id == name_or_id:
                return record
        raise NotFound(f"no workspace {name_or_id!r}", what="workspace", ident=name_or_id)

    def _files(self, workspace: WorkspaceRecord) -> dict[str, str]:
        """The workspace's indexed files: content hash → file name."""
        sources = self.db.sources.list(workspace.id)
        return {s.content_hash: s.filename for s in sources if s.status == "ok"}

    def _kept(self, workspace: WorkspaceRecord) -> _Records | _Key:
        """The workspace's records if they are kept (or there are none), else the key to keep
        them under once read."""
        files = self._files(workspace)
        name = self.index.workspace_name(workspace.id)
        if not files or name not in self.index.store.names():
            return _records_of((), {})
        count = self.index.store.collection(name).count()
        key = _Key(name, count, tuple(sorted(files.items())))
        with self._lock:
            kept = self._cache.get(key)
            if kept is not None:
                self._cache.move_to_end(key)
        return key if kept is None else kept

    def _records(self, workspace: WorkspaceRecord) -> _Records:
        """All records of the workspace, kept while its collection and files stay the same."""
        key = self._kept(workspace)
        if isinstance(key, _Records):
            return key
        collection = self.index.store.collection(key.collection)
        records = _records_of((chunk for chunk, _ in collection.load_all()), dict(key.files))
        with self._lock:
            self._cache[key] = records
            while len(self._cache) > CACHED_WORKSPACES:
                self._cache.popitem(last=False)
        return records

    def _records_at(self, workspace: WorkspaceRecord, refs: Sequence[str]) -> _Records:
        """The records `refs` name: the kept ones, else read from the index directly (not the
        whole collection: 12,000 records take seconds to load, an element's 20 milliseconds);
        a long record comes with its first QUOTED_PARTS chunks, enough to quote it."""
        key = self._kept(workspace)
        if isinstance(key, _Records):
            return key
        files = dict(key.files)
        sections: set[str] = set()
        for ref in refs:
            _, locator = parse_ref(ref, files.values())
            sections |= {locator, *(f"{locator} ({n})" for n in range(1, QUOTED_PARTS + 1))}
        return _records_of(self.index.chunks_at(workspace.id, sorted(sections)), files)

    # Evidence of one element ------------------------------------------------------------------
    def evidence(
        self, workspace: str, refs: Sequence[str], *, quotes: int = QUOTES
    ) -> ElementEvidence:
        """The top `quotes` quotes of the records `refs` name, each reference's status, and how
        many there are; `workspace` is the element's own (name or id)."""
        record = self.workspace(workspace)
        wanted = list(dict.fromkeys(r.strip() for r in refs if r.strip()))
        records = self._records_at(record, wanted)
        texts: dict[str, tuple[str, bool]] = {}  # ref → (text, in the records)
        for ref in wanted:
            if ref in records.by_ref:
                texts[ref] = (records.rows[records.by_ref[ref]].text, True)
        analysed_at = None
        result = self.analyses(record.id) if len(texts) < len(wanted) and self.analyses else None
        if result is not None:
            quoted = _analysis_quotes(result)
            for ref in wanted:
                if ref not in texts and ref in quoted:
                    texts[ref] = (quoted[ref], False)
                    analysed_at = result.created_at
        files = sorted(set(self._files(record).values()))
        looked_up = [self._status(ref, texts, files) for ref in wanted]
        return ElementEvidence(
            workspace=record.name,
            count=len(wanted),
            quotes=self._top_quotes(looked_up, texts, quotes),
            refs=looked_up,
            missing=sum(1 for r in looked_up if not r.found),
            analysed_at=analysed_at,
        )

    @staticmethod
    def _status(ref: str, texts: dict[str, tuple[str, bool]], files: list[str]) -> RecordRef:
        source, locator = parse_ref(ref, files)
        status: RefStatus
        if ref in texts:
            status = "found" if texts[ref][1] else "analysis"
        else:
            status = "record_missing" if source in files else "source_missing"
        return RecordRef(ref=ref, source=source, locator=locator, status=status)

    @staticmethod
    def _top_quotes(
        looked_up: list[RecordRef], texts: dict[str, tuple[str, bool]], limit: int
    ) -> list[EvidenceQuote]:
        found = [r for r in looked_up if r.found and texts[r.ref][0].strip()]
        # Readable lengths first, then the element's own order; one quote per distinct text.
        found.sort(key=lambda r: not _readable(texts[r.ref][0]))
        picked: list[EvidenceQuote] = []
        seen: set[str] = set()
        for ref in found:
            text, in_records = texts[ref.ref]
            shown, trimmed = trim_quote(text)
            if shown in seen:
                continue
            seen.add(shown)
            picked.append(
                EvidenceQuote(
                    ref=ref.ref,
                    source=ref.source,
                    locator=ref.locator,
                    text=shown,
                    trimmed=trimmed,
                    in_records=in_records,
                )
            )
            if len(picked) == limit:
                break
        return picked

    # The records list -------------------------------------------------------------------------
    def records(
        self,
        workspace: str,
        *,
        source: str = "",
        q: str = "",
        refs: Sequence[str] = (),
        page: int = 1,
        per_page: int = PER_PAGE,
    ) -> RecordsPage:
        """The workspace's records (name or id), filtered by file, by words of the text (all
        of them, in either script) and by references (an element's: in the element's order,
        with those that are no record here in `missing`); one page of them."""
        record = self.workspace(workspace)
        records = self._records(record)
        source, q = source.strip(), " ".join(q.split())[:MAX_QUERY_CHARS]
        wanted = list(dict.fromkeys(r.strip() for r in refs if r.strip()))
        if wanted:
            positions = [records.by_ref[r] for r in wanted if r in records.by_ref]
        else:
            positions = list(range(len(records.rows)))
        if source:
            positions = [i for i in positions if records.rows[i].source == source]
        terms = search_terms(q)
        if terms:
            positions = [i for i in positions if _matches(records.lowered[i], terms)]
        per_page = min(max(per_page, 1), MAX_PER_PAGE)
        pages = max(1, -(-len(positions) // per_page))
        page = min(max(page, 1), pages)
        shown = positions[(page - 1) * per_page : page * per_page]
        files = sorted(set(self._files(record).values()))
        missing = [self._status(r, {}, files) for r in wanted if r not in records.by_ref]
        return RecordsPage(
            workspace=record.name,
            rows=[records.rows[i] for i in shown],
            total=len(positions),
            all_records=len(records.rows),
            page=page,
            pages=pages,
            per_page=per_page,
            source=source,
            q=q,
            refs=wanted,
            sources=list(records.sources),
            missing=missing,
        )
