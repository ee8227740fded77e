"""Cleaning extracted and scanned text: page furniture, pinyin inserts, whitespace.

Scanned articles and text copied out of document sites carry noise that would otherwise be indexed
and cited: page numbers on lines of their own, running headers ("报告标题_第3页") repeated on every
page, ruby-style pinyin after characters ("體驗(yàn)"), OCR spaces between Chinese characters. Only
noise that is unambiguous is removed; the Chinese text itself is left as it is.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import Final

_ZERO_WIDTH = re.compile("[\u200b-\u200d\u2060\ufeff]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")  # keeps \t \n \f \r
_SPACES = re.compile("[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_CJK = "\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef"
_CJK_GAP = re.compile(f"(?<=[{_CJK}]) (?=[{_CJK}])")

# A parenthesised pinyin syllable with a tone mark right after a character: "驗(yàn)". Plain words in
# parentheses ("(app)", "(ESG)") carry no tone marks and stay.
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_PINYIN = re.compile(rf"(?<=\S)[(（][a-zü]*[{_TONED}][a-zü]*[)）]")

# Lines that are nothing but a page number: "12", "- 12 -", "Page 3", "3 / 42", "第 3 页", "第3頁共9頁".
_PAGE_NUMBER = re.compile(
    r"[-–—~\s]*\d{1,3}[-–—~\s]*"
    r"|(?:page|p\.?|pg\.?)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?"
    r"|\d{1,4}\s*/\s*\d{1,4}"
    r"|第\s*\d{1,4}\s*[页頁](?:\s*[,，/]?\s*共\s*\d{1,4}\s*[页頁])?",
    re.IGNORECASE,
)
_DIGITS = re.compile(r"\d+")
_PAGE_WORD = re.compile(r"[页頁]|\bpage\b|\bp\.|\bpg\b", re.IGNORECASE)

_SENTENCE_END = re.compile(r"[。！？!?；;]$|[a-z]\.$")

MIN_REPEATS: Final = 3  # a running header shows on at least this many pages
EDGE_LINES: Final = 2  # how far from a page's top or bottom furniture sits


def is_blank(text: str) -> bool:
    """Nothing but whitespace (ideographic spaces and byte order marks included)."""
    return not text.replace("\ufeff", "").strip()


def _may_be_furniture(line: str) -> bool:
    """Headers and footers are titles and numbers, not sentences."""
    line = line.strip()
    return bool(line) and len(line) <= 120 and not _SENTENCE_END.search(line)


def normalise_line(line: str, *, keep_indent: bool = False) -> str:
    """One line with zero-width and control characters gone, runs of spaces (ideographic ones
    too) made one, and OCR spaces between Chinese characters removed."""
    line = _CONTROL.sub("", _ZERO_WIDTH.sub("", line))
    indent = ""
    if keep_indent:  # Markdown: indentation nests lists and marks code
        stripped = line.lstrip(" \t")
        indent = line[: len(line) - len(stripped)]
        line = stripped
    line = _SPACES.sub(" ", line).strip()
    return indent + _CJK_GAP.sub("", line) if line else ""


def strip_pinyin(text: str) -> str:
    return _PINYIN.sub("", text)


def is_page_number(line: str) -> bool:
    return bool(_PAGE_NUMBER.fullmatch(line.strip()))


def _shape(line: str) -> str:
    """The line with its numbers blanked: page headers with changing page numbers look alike."""
    return _DIGITS.sub("#", line.strip())


def furniture(pages: list[list[str]]) -> set[str]:
    """Lines that are page furniture rather than content.

    - a numbered line that mentions the page ("客戶體驗提升路徑_第3頁") and recurs with different
      numbers at least three times;
    - when page breaks are known (PDF pages, form feeds in text): a line at the top or bottom of
      at least half of the pages (and at least three), with or without a changing number.
    """
    found: set[str] = set()
    numbers: defaultdict[str, set[str]] = defaultdict(set)
    lines_of: defaultdict[str, set[str]] = defaultdict(set)
    for page in pages:
        for line in page:
            runs = _DIGITS.findall(line)
            if len(runs) == 1 and _may_be_furniture(line) and _PAGE_WORD.search(line):
                numbers[_shape(line)].add(runs[0])
                lines_of[_shape(line)].add(line.strip())
    for shape, seen in numbers.items():
        if len(seen) >= MIN_REPEATS:
            found |= lines_of[shape]
    if len(pages) >= MIN_REPEATS:
        edges: Counter[str] = Counter()
        originals: defaultdict[str, set[str]] = defaultdict(set)
        for page in pages:
            content = [line.strip() for line in page if line.strip()]
            edge = {
                ln for ln in content[:EDGE_LINES] + content[-EDGE_LINES:] if _may_be_furniture(ln)
            }
            for line in edge:
                edges[_shape(line)] += 1
                originals[_shape(line)].add(line)
        needed = max(MIN_REPEATS, (len(pages) + 1) // 2)
        for shape, count in edges.items():
            if count >= needed:
                found |= originals[shape]
    return found


def clean_pages(pages: list[str], *, keep_indent: bool = False) -> list[str]:
    """Each page's text cleaned: lines normalised, pinyin inserts, page numbers and furniture
    removed, runs of blank lines made one."""
    split = [
        [normalise_line(strip_pinyin(line), keep_indent=keep_indent) for line in page.split("\n")]
        for page in pages
    ]
    drop = furniture(split)
    cleaned = []
    for page in split:
        kept = [
            ln
            for ln in page
            if not ln.strip() or (ln.strip() not in drop and not is_page_number(ln))
        ]
        cleaned.append(re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip("\n"))
    return cleaned


def clean_text(text: str, *, keep_indent: bool = False) -> str:
    """A whole text file cleaned; form feeds are its page breaks."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    pages = clean_pages(text.split("\f"), keep_indent=keep_indent)
    return "\n\n".join(page for page in pages if page.strip())
