"""Fixture files for the reader tests, generated in tmp_path at test time (no committed binaries).

- text files in any encoding (`write_text`), with the Chinese reviews of `REVIEWS`;
- XLSX (openpyxl) and DOCX (python-docx) documents;
- PDFs written by hand (one Helvetica text object per page, a valid xref), encrypted with pypdf;
- an encrypted Office file: a minimal but valid OLE compound file whose directory names the
  `EncryptionInfo` and `EncryptedPackage` streams, which is what Excel writes for a workbook
  with a password (msoffcrypto, which could write a real one, is not a dependency);
- a PNG image, and a small cxcoach Diagnosis built with the domain model.
"""

from __future__ import annotations

import io
import struct
import zlib
from collections.abc import Callable
from pathlib import Path

import docx
import openpyxl
import pytest
from pypdf import PdfWriter

from assistant.domain import (
    Action,
    BusinessContext,
    Diagnosis,
    Emotion,
    GoalScope,
    ImprovementPlan,
    JourneyMap,
    KPITarget,
    PainPoint,
    Stage,
    Touchpoint,
)

SHARED = Path(__file__).resolve().parents[3] / "shared"
WAIMAI = SHARED / "data" / "waimai_10k.csv"
SEED_ARTICLE = SHARED / "seeds" / "003_923a84d372e40c01.txt"

# (text, score, label, date, channel) — Simplified Chinese with a fullwidth comma inside a review.
REVIEWS: list[tuple[str, str, str, str, str]] = [
    ("送餐太慢了，等了一个多小时饭都凉了", "2", "负面", "2024-03-01", "美团"),
    ("味道不错，分量也足，下次还点这家", "5", "正面", "2024-03-02", "饿了么"),
    ("骑手态度很好，还帮忙把垃圾带下楼", "4", "正面", "2024-03-02", "App"),
    ("少送了一份米饭，联系客服半天没人理", "1", "负面", "2024-03-03", "电话"),
]
HEADER = ["评论内容", "评分", "情感", "日期", "渠道"]

# The same in Traditional Chinese, for Big5 (which has no Simplified characters).
REVIEWS_HANT: list[tuple[str, str]] = [
    ("送餐太慢了，等了一個多小時飯都涼了", "2"),
    ("味道不錯，份量也足，下次還點這家", "5"),
    ("外送員態度很好，還幫忙把垃圾帶下樓", "4"),
]
HEADER_HANT = ["評論", "評分"]

WriteText = Callable[[str, str, str], Path]
WriteBytes = Callable[[str, bytes], Path]


def csv_text(header: list[str], rows: list[tuple[str, ...]], sep: str = ",") -> str:
    return "\n".join(sep.join(r) for r in [tuple(header), *rows]) + "\n"


@pytest.fixture
def write_text(tmp_path: Path) -> WriteText:
    """write_text(name, text, encoding) → path."""

    def write(name: str, text: str, encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        path.write_bytes(text.encode(encoding))
        return path

    return write


@pytest.fixture
def write_bytes(tmp_path: Path) -> WriteBytes:
    def write(name: str, data: bytes) -> Path:
        path = tmp_path / name
        path.write_bytes(data)
        return path

    return write


@pytest.fixture
def reviews_csv() -> str:
    return csv_text(HEADER, REVIEWS)


# --- PDF ---------------------------------------------------------------------------------------


def minimal_pdf(pages: list[str]) -> bytes:
    """A valid PDF with one Helvetica text object per page (ASCII lines); "" is a page without
    text, like a scanned image."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>"
        % (" ".join(f"{4 + 2 * i} 0 R" for i in range(len(pages))).encode(), len(pages)),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    for i, text in enumerate(pages):
        shows = " ".join(f"({line}) Tj T*" for line in text.split("\n"))
        stream = f"BT /F1 12 Tf 72 720 Td 14 TL {shows} ET".encode("latin-1") if text else b""
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % (5 + 2 * i)
        )
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


PDF_PAGES = [
    "Annual CX report\nRefund requests wait five days on average.\n1",
    "Annual CX report\nRiders call customers before arrival.\n2",
    "Annual CX report\nThe hotline queue is the top complaint.\n3",
]


@pytest.fixture
def pdf_file(write_bytes: WriteBytes) -> Path:
    return write_bytes("report.pdf", minimal_pdf(PDF_PAGES))


@pytest.fixture
def encrypted_pdf(write_bytes: WriteBytes) -> Path:
    writer = PdfWriter(clone_from=io.BytesIO(minimal_pdf(PDF_PAGES)))
    writer.encrypt("secret")
    out = io.BytesIO()
    writer.write(out)
    return write_bytes("locked.pdf", out.getvalue())


@pytest.fixture
def owner_only_pdf(write_bytes: WriteBytes) -> Path:
    """Encrypted with an owner password only: anyone can open it."""
    writer = PdfWriter(clone_from=io.BytesIO(minimal_pdf(PDF_PAGES)))
    writer.encrypt(user_password="", owner_password="owner")
    out = io.BytesIO()
    writer.write(out)
    return write_bytes("restricted.pdf", out.getvalue())


# --- Office ------------------------------------------------------------------------------------


def xlsx_bytes(sheets: dict[str, list[list[object]]]) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture
def reviews_xlsx(write_bytes: WriteBytes) -> Path:
    rows: list[list[object]] = [list(HEADER)]
    rows += [
        [text, int(score), label, date, channel] for text, score, label, date, channel in REVIEWS
    ]
    return write_bytes("reviews.xlsx", xlsx_bytes({"反馈": rows}))


def docx_bytes() -> bytes:
    document = docx.Document()
    document.add_heading("客服手册", level=0)
    document.add_paragraph("本手册说明外卖客服的处理原则。")
    document.add_heading("退款流程", level=1)
    document.add_paragraph("顾客申请退款后，客服须在 2 小时内联系顾客。")
    document.add_paragraph("超过 24 小时未处理的退款自动升级给主管。")
    document.add_heading("催单", level=2)
    document.add_paragraph("骑手超时 15 分钟，主动致电顾客说明原因。")
    table = document.add_table(rows=3, cols=3)
    for r, row in enumerate(
        [["环节", "问题", "措施"], ["配送", "超时", "补发优惠券"], ["售后", "漏送", "立即补送"]]
    ):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    document.add_heading("投诉升级", level=1)
    document.add_paragraph("三次以上投诉的顾客由专人回访。")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.fixture
def docx_file(write_bytes: WriteBytes) -> Path:
    return write_bytes("manual.docx", docx_bytes())


def ole_bytes(streams: tuple[str, str]) -> bytes:
    """An OLE compound file (CFB v3, 512-byte sectors) holding two empty streams: header, one FAT
    sector, one directory sector."""
    free, end, fat_sector, no_stream = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(16)
    header += struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + bytes(6)
    header += struct.pack("<IIIIIIIII", 0, 1, 1, 0, 0x1000, end, 0, end, 0)
    header += struct.pack("<109I", 0, *([free] * 108))
    fat = struct.pack("<128I", fat_sector, end, *([free] * 126))

    def entry(name: str, kind: int, child: int = no_stream, right: int = no_stream) -> bytes:
        encoded = (name + "\0").encode("utf-16-le") if name else b""
        return (
            encoded.ljust(64, b"\0")
            + struct.pack("<HBB", len(encoded), kind, 1)
            + struct.pack("<III", no_stream, right, child)
            + bytes(16 + 4 + 8 + 8)
            + struct.pack("<IQ", end, 0)
        )

    first, second = streams
    directory = (
        entry("Root Entry", 5, child=1) + entry(first, 2, right=2) + entry(second, 2) + entry("", 0)
    )
    return header + fat + directory


def encrypted_office_bytes() -> bytes:
    """What Excel writes for a workbook with a password: OLE, not zip, with these two streams."""
    return ole_bytes(("EncryptionInfo", "EncryptedPackage"))


def legacy_xls_bytes() -> bytes:
    """An Excel 97-2003 workbook as the sniffer sees it: OLE with a Workbook stream."""
    return ole_bytes(("Workbook", "\x05SummaryInformation"))


def png_bytes() -> bytes:
    """A real 1×1 PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
        + chunk(b"IEND", b"")
    )


# --- cxcoach map -------------------------------------------------------------------------------


def tiny_diagnosis() -> Diagnosis:
    journey = JourneyMap(
        title="外卖配送旅程",
        goal=GoalScope(goal="降低配送差评率", scope="从下单到收餐"),
        context=BusinessContext(industry="餐饮外卖", product_or_service="外卖订餐"),
        stages=[Stage(id="s1", name="下单"), Stage(id="s2", name="配送")],
        touchpoints=[
            Touchpoint(id="t1", stage_id="s1", name="结算页", channel="App", mode="online"),
            Touchpoint(
                id="t3",
                stage_id="s2",
                name="骑手送达",
                channel="骑手",
                category="service",
                customer_action="下楼取餐",
                emotion=Emotion(score=-1, label="着急", quote="怎么还没到"),
                moment_of_truth=True,
            ),
        ],
        pain_points=[
            PainPoint(
                id="p2", stage_id="s2", touchpoint_id="t3", description="高峰期送餐超时", severity=4
            )
        ],
    )
    plan = ImprovementPlan(
        actions=[
            Action(
                id="a1",
                title="高峰期增派骑手",
                pain_point_ids=["p2"],
                impact=4,
                effort=2,
                owner_department="配送运营部",
                kpi=KPITarget(name="超时率", unit="%", baseline=18, target=8),
            )
        ]
    )
    return Diagnosis(map=journey, plan=plan)
