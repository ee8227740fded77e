"""Which text encoding a file is in: UTF-8 (with or without BOM), GB18030, Big5, UTF-16/32 (BOM).

Strict UTF-8 is tried first: it almost never decodes other encodings by accident, while
charset-normalizer, asked about short Chinese samples, may answer cp949 or johab. Chinese guesses
are widened to the codec that decodes the most (gb2312/gbk → gb18030, big5 → cp950 where
needed). Every choice is verified by decoding strictly; bytes that do not decode are reported
with their offset instead of being turned into mojibake.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, Final

import charset_normalizer

from assistant.ingest.readers.model import ReadError

SAMPLE_BYTES: Final = 1 << 20
_BLOCK: Final = 1 << 20

_BOMS: Final = (  # longest first: the UTF-32-LE BOM starts with the UTF-16-LE one
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CHINESE: Final = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "gb18030": "gb18030",
    "hz": "gb18030",
    "big5": "big5",
    "cp950": "big5",
    "big5hkscs": "big5",
}
# Big5 has vendor variants; cp950 (Windows) and HKSCS add characters plain big5 lacks.
_VARIANTS: Final = {"big5": ("big5", "cp950", "big5hkscs"), "gb18030": ("gb18030",)}
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)

# Frequent characters of Chinese text in both scripts: a wrong CJK codec yields rare ones.
_COMMON: Final = frozenset(
    "的一是不了在人有我他这這个個们們中来來上大为為和国國地到以说說时時要就出会會可也你对對生能"
    "而子那得于於着著下自之年过過发發后後作里裡用道行所然家种種事成方多经經么麼去法学學如都同现"
    "現没沒动動面起看定天分还還进進好小部其些主样樣理心她本前开開但因只从從想实實日军軍者意无無"
    "力它与與长長把机機十民第公此已工使情明性知全三又关關点點正业業外将將两兩高间間由问問很最重"
    "并並物手应應战戰向头頭文体體政美相见見被利什二等产產或新己制制身果加西斯月话話合回特代内內"
    "信表化老给給世位次度门門任常先海通教儿兒原东東声聲提立及比员員解水名真论論处處走义義各入几"
    "幾口认認条條平系气氣题題活尔爾更别別打女变變四神总總何电電数數安少报報才结結反受目太量再感"
    "建务務做接必场場件计計管期市直德资資命山金指克许許统統区區保至队隊形社便空决決治展马馬科司"
    "五基眼书書非则則听聽白却界达達光放强強即像难難且权權思王象完设設式色路记記南品住告类類求据"
    "據程北边邊死张張该該交规規万萬取拉格望觉覺术術领領共确確传傳师師观觀清今切院让讓识識候带帶"
    "导導争爭运運笑飞飛风風步改收根干干快送餐服客户戶款单單退换換态態度慢味吃员號号店购購买買卖賣"
    # the vocabulary of customer feedback, so that short reviews are judged right too
    "评評价價差质質投诉訴配骑騎等饭飯菜满滿排钟鐘钱錢货貨流包装裝热熱冷凉涼咸鹹香辣贵貴便宜错錯"
)


def bom_codec(head: bytes) -> str | None:
    return next((codec for bom, codec in _BOMS if head.startswith(bom)), None)


def sniff_encoding(path: Path) -> str:
    """The codec of a text file, judged on its first megabyte (and, if that is all ASCII, on the
    first block that is not, so a large file with its Chinese further down is still judged on
    Chinese)."""
    with path.open("rb") as handle:
        sample = handle.read(SAMPLE_BYTES)
        at_end = len(sample) < SAMPLE_BYTES
        if sample.isascii() and not at_end:
            for block in iter(lambda: handle.read(_BLOCK), b""):
                if not block.isascii():
                    # Start at a line break: a newline is never inside a multi-byte character.
                    cut = block.find(b"\n")
                    sample += b"\n" + block[cut + 1 :]
                    break
            at_end = True  # the judged sample ends where a block ended; decode it as final below
    return detect_encoding(sample, final=at_end)


def detect_encoding(sample: bytes, *, final: bool = True) -> str:
    """The codec for these bytes (`final`: the sample is the whole file, so it may not end in the
    middle of a character)."""
    if codec := bom_codec(sample):
        return codec
    if _decodes(sample, "utf-8", final):
        return "utf-8"
    if _looks_like_damaged_utf8(sample):
        raise undecodable(sample, "utf-8")
    return _chinese(sample, final)


def _chinese(sample: bytes, final: bool) -> str:
    """GB18030 or Big5. Most byte pairs decode in both, so the question is which decoding is
    Chinese: charset-normalizer's answer stands unless the other decoding has clearly more
    common characters (it misjudges a few characters, e.g. GBK "很好" as Big5 "竭疑")."""
    best = charset_normalizer.from_bytes(sample).best()
    guess = _CHINESE.get(best.encoding.replace("_", "").lower(), "") if best else ""
    decodable = {f: c for f in ("gb18030", "big5") if (c := _variant(sample, f, final))}
    shares = {codec: _common_share(sample, codec) for codec in decodable.values()}
    if shares:
        top = max(shares, key=lambda codec: shares[codec])
        if guess in decodable and shares[decodable[guess]] >= shares[top] - 0.2:
            return decodable[guess]
        if shares[top] >= 0.25:
            return top
    raise ReadError(
        "not UTF-8, GB18030 or Big5 text"
        + (f" (looks like {best.encoding})" if best else "")
        + f"; {_first_bad(sample)} — save the file as UTF-8 and try again",
        "unknown_encoding",
    )


def _variant(sample: bytes, family: str, final: bool) -> str | None:
    return next((c for c in _VARIANTS[family] if _decodes(sample, c, final)), None)


def _decodes(data: bytes, codec: str, final: bool) -> bool:
    try:
        codecs.getincrementaldecoder(codec)(errors="strict").decode(data, final=final)
    except UnicodeDecodeError:
        return False
    return True


def _looks_like_damaged_utf8(sample: bytes) -> bool:
    """Valid UTF-8 sequences covering most non-ASCII bytes: a UTF-8 file with a few bad bytes,
    not GBK or Big5 (whose byte pairs seldom form UTF-8 sequences)."""
    high = sum(1 for b in sample if b >= 0x80)
    covered = sum(len(m) for m in _UTF8_SEQUENCE.findall(sample))
    return high > 0 and covered / high >= 0.9


def _common_share(sample: bytes, codec: str) -> float:
    text = codecs.getincrementaldecoder(codec)(errors="ignore").decode(sample)
    han = [ch for ch in text if "\u3400" <= ch <= "\u9fff"]
    return sum(ch in _COMMON for ch in han) / len(han) if han else 0.0


def _first_bad(sample: bytes) -> str:
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as exc:
        return f"as UTF-8, byte offset {exc.start} does not decode"
    return "it does not decode"


def undecodable(data: bytes, codec: str, base: int = 0) -> ReadError:
    """The error for bytes that do not decode in `codec` (data starting at file offset `base`)."""
    decoder = codecs.getincrementaldecoder(codec)(errors="strict")
    try:
        decoder.decode(data, final=True)
    except UnicodeDecodeError as exc:
        # exc.object is the tail of `data` the decoder saw (a BOM is not part of it).
        at = len(data) - len(exc.object) + exc.start
        return _bad_bytes(base + at, data[at : at + 4], codec)
    return ReadError(f"text does not decode as {codec}", "undecodable", codec=codec)


def _bad_bytes(offset: int, raw: bytes, codec: str) -> ReadError:
    return ReadError(
        f"undecodable bytes at byte offset {offset} ({raw.hex(' ')}) in {codec} text: "
        "the file is damaged or mixes encodings",
        "undecodable", codec=codec,
    )  # fmt: skip


def undecodable_in_file(path: Path, codec: str) -> ReadError:
    """Find the first byte of the file that does not decode (after a decode error in a stream,
    whose position the text layer does not tell)."""
    decoder = codecs.getincrementaldecoder(codec)(errors="strict")
    offset = 0
    with path.open("rb") as handle:
        for block in _blocks(handle):
            offset += len(block)
            try:
                decoder.decode(block)
            except UnicodeDecodeError as exc:
                # exc.object ends where this block ends: bytes held over from before + the block.
                at = offset - len(exc.object) + exc.start
                return _bad_bytes(at, exc.object[exc.start : exc.start + 4], codec)
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError as exc:
            return _bad_bytes(offset - len(exc.object) + exc.start, exc.object[exc.start :], codec)
    return ReadError(f"text does not decode as {codec}", "undecodable", codec=codec)


def _blocks(handle: BinaryIO) -> Iterator[bytes]:
    while block := handle.read(_BLOCK):
        yield block


def decode(data: bytes) -> tuple[str, str]:
    """The whole of a (bounded) file decoded: (text, codec). Raises ReadError with the offset of
    the first bad byte."""
    codec = detect_encoding(data[:SAMPLE_BYTES], final=len(data) <= SAMPLE_BYTES)
    try:
        return data.decode(codec), codec
    except UnicodeDecodeError:
        raise undecodable(data, codec) from None
