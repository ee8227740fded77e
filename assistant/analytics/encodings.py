"""Text files that mix encodings (a UTF-8 export with GBK rows pasted in, two exports joined).

The ingestion readers stop at the first byte that does not decode in the file's encoding, which is
right for a knowledge base but loses the rest of a feedback export. Before analysing, a text file
is checked in one streaming pass; if some lines do not decode, a UTF-8 copy is written in which
each such line is decoded in the first encoding that takes it (UTF-8, GB18030, Big5), and the
number of lines per encoding is reported. Bytes no encoding takes become U+FFFD and are counted.
Line breaks are kept, so row numbers still point into the original file.
"""

from __future__ import annotations

import codecs
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from assistant.ingest.readers import ReadError
from assistant.ingest.readers.encoding import sniff_encoding
from assistant.ingest.readers.model import CSV, TEXT
from assistant.ingest.readers.sniff import sniff_format

FALLBACKS = ("utf-8", "gb18030", "big5")
_BLOCK = 1 << 20
SNIFF_BYTES = 8192


@dataclass
class Readable:
    """The path to read (the file itself, or a UTF-8 copy) and what was done to get it."""

    path: Path
    note: str = ""  # in English, for logs; a reader is told from the figures below
    primary: str = ""  # the codec most lines are in, when lines were re-encoded one by one
    lines_by_codec: Counter[str] = field(default_factory=Counter)
    replaced_lines: int = 0
    temporary: bool = False

    def cleanup(self) -> None:
        if self.temporary:
            self.path.unlink(missing_ok=True)


def decodes_fully(path: Path, codec: str) -> bool:
    decoder = codecs.getincrementaldecoder(codec)(errors="strict")
    try:
        with path.open("rb") as handle:
            while block := handle.read(_BLOCK):
                decoder.decode(block)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _decode_line(raw: bytes, primary: str) -> tuple[str, str | None]:
    for codec in (primary, *FALLBACKS):
        try:
            return raw.decode(codec), codec
        except UnicodeDecodeError:
            continue
    return raw.decode(primary, errors="replace"), None


def readable(path: Path) -> Readable:
    """The file as something the streaming readers can read to the end."""
    with path.open("rb") as handle:
        head = handle.read(SNIFF_BYTES)
    try:
        kind = sniff_format(path, head)
    except ReadError:  # binary, legacy Office…: the table reader says why; nothing to re-encode
        return Readable(path)
    if kind not in (CSV, TEXT):  # XLSX, PDF, DOCX, JSON: not a text table, nothing to re-encode
        return Readable(path)
    try:
        codec = sniff_encoding(path)
    except ReadError:
        codec = "utf-8"  # not even the start decodes cleanly: every line finds its own codec
    if codec.startswith(("utf-16", "utf-32")) or decodes_fully(path, codec):
        return Readable(path)
    primary = "utf-8" if codec == "utf-8-sig" else codec
    result = Readable(path, temporary=True, primary=primary)
    with (
        path.open("rb") as source,
        tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", newline="", suffix=path.suffix, delete=False
        ) as copy,
    ):
        result.path = Path(copy.name)
        for raw in source:
            text, used = _decode_line(raw, primary)
            if used is None:
                result.replaced_lines += 1
            else:
                result.lines_by_codec[used] += 1
            copy.write(text)
    others = {c: n for c, n in result.lines_by_codec.items() if c != primary}
    parts = [f"{n:,} lines in {c}" for c, n in sorted(others.items())]
    if result.replaced_lines:
        parts.append(f"{result.replaced_lines:,} lines with undecodable bytes (shown as �)")
    result.note = (
        f"mixed encodings: mostly {primary}, but " + ", ".join(parts) + "; each line was read "
        "in its own encoding"
    )
    return result
