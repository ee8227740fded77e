"""The hostile corpus, generated at run time in a temporary folder (nothing binary is committed):
broken, encrypted, bomb-like, mis-encoded, oddly named, huge and scripted files, and hostile
requests (oversized and deeply nested JSON, wrong content types, another site's Origin, a missing
or forged CSRF token, …). Bombs unpack big but stay small on disk; the one-line CSV is written on
the fly."""

from __future__ import annotations

import io
import json
import os
import random
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import docx
import openpyxl
from pypdf import PdfWriter

from tests.ingest.conftest import (
    docx_bytes,
    encrypted_office_bytes,
    legacy_xls_bytes,
    minimal_pdf,
    png_bytes,
    xlsx_bytes,
)
from tests.ingest.test_limits import bomb_zip
from tests.reliability.server import JOB_TIMEOUT_S

# What one hostile file or request may take, end to end: the job's own time limit (the suite
# sets CXCOACH_JOB_TIMEOUT to 20 s, server.py) and some slack; the ~48 MB files take a few
# seconds more to upload.
BUDGET_S = JOB_TIMEOUT_S + 10.0
BIG_BUDGET_S = JOB_TIMEOUT_S + 40.0
XSS = '<script>alert("xss-probe")</script>'
XSS_IMG = '<img src=x onerror=alert("xss-probe")>'
RAW_SCRIPT_PROBES = ('<script>alert("xss-probe")', "onerror=alert(")

REVIEWS = [
    ("送餐太慢了，等了一个多小时饭都凉了", "2"),
    ("味道不错，分量也足，下次还点这家", "5"),
    ("骑手态度很好，还帮忙把垃圾带下楼", "4"),
    ("少送了一份米饭，联系客服半天没人理", "1"),
]
REVIEWS_HANT = [
    ("送餐太慢了，等了一個多小時飯都涼了", "2"),
    ("味道不錯，份量也足，下次還點這家", "5"),
    ("外送員態度很好，還幫忙把垃圾帶下樓", "4"),
]


def reviews_csv(rows: list[tuple[str, str]] = REVIEWS, header: str = "评论,评分") -> str:
    return header + "\n" + "".join(f"{text},{score}\n" for text, score in rows)


@dataclass(frozen=True)
class HostileFile:
    """One file: where it is on disk (what the CLI gets), the name an upload gives it (which may
    be one no file system allows), and what it is, for the report."""

    path: Path
    what: str
    upload_name: str = ""
    budget_s: float = BUDGET_S
    cli: bool = True  # sent through `cxcoach ingest` and `cxcoach analyze`
    upload: bool = True  # sent through the API and the Knowledge page

    @property
    def name(self) -> str:
        return self.upload_name or self.path.name


# Builders ---------------------------------------------------------------------------------------
def _write(path: Path, data: bytes | str, encoding: str = "utf-8") -> Path:
    path.write_bytes(data.encode(encoding) if isinstance(data, str) else data)
    return path


def one_line_csv(path: Path, megabytes: int) -> Path:
    """`megabytes` MB of comma-separated reviews with no line break at all, written in pieces."""
    piece = ("送餐太慢了,骑手态度很好,味道不错," * 1_000).encode()  # ~48 KB
    with path.open("wb") as handle:
        written = 0
        while written < megabytes << 20:
            handle.write(piece)
            written += len(piece)
    return path


def replace_part(source: bytes, part: str, write: Callable[[Any], None], path: Path) -> Path:
    """A copy of an Office file with `part` written anew by `write(handle)`, streamed."""
    with (
        zipfile.ZipFile(io.BytesIO(source)) as original,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out,
    ):
        for item in original.infolist():
            if item.filename != part:
                out.writestr(item, original.read(item))
        with out.open(part, "w") as handle:
            write(handle)
    return path


def tall_sheet(rows: int) -> Callable[[Any], None]:
    """A worksheet of `rows` numbered rows: varied enough to pack only ~10:1."""

    def write(handle: Any) -> None:
        ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
        handle.write(f'<worksheet xmlns="{ns}"><sheetData>'.encode())
        handle.write(b'<row r="1"><c r="A1" t="inlineStr"><is><t>comment</t></is></c></row>')
        block = []
        for r in range(2, rows + 2):
            block.append(
                f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>review {r * 7919 % 100003}'
                f'</t></is></c><c r="B{r}"><v>{r % 5 + 1}</v></c></row>'
            )
            if len(block) == 5_000:
                handle.write("".join(block).encode())
                block = []
        handle.write(("".join(block) + "</sheetData></worksheet>").encode())

    return write


def encrypted_looking_zip(source: bytes) -> bytes:
    """The zip with the 'encrypted' flag set on every entry (what a password-protected zip
    says of itself), contents untouched."""
    data = bytearray(source)
    for signature, flag_at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = 0
        while (found := data.find(signature, start)) != -1:
            data[found + flag_at] |= 0x01
            start = found + 4
    return bytes(data)


def many_parts_xlsx(path: Path, parts: int) -> Path:
    path.write_bytes(xlsx_bytes({"反馈": [["评论"], ["很好"]]}))
    with zipfile.ZipFile(path, "a") as archive:
        for n in range(parts):
            archive.writestr(f"customXml/item{n}.xml", "<x/>")
    return path


def far_cell_xlsx(path: Path) -> Path:
    """Two rows of data and one cell at the last row Excel allows: a million rows to walk."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["评论", "评分"])
    sheet.append(["送餐很快", 5])
    sheet.cell(row=1_048_576, column=1, value="最后一行")
    book.save(path)
    return path


def lying_dimension_xlsx(path: Path) -> Path:
    """A sheet that claims A1:XFD1048576 and holds three rows."""

    def write(handle: Any) -> None:
        ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
        handle.write(
            f'<worksheet xmlns="{ns}"><dimension ref="A1:XFD1048576"/><sheetData>'
            '<row r="1"><c r="A1" t="inlineStr"><is><t>评论</t></is></c></row>'
            '<row r="2"><c r="A2" t="inlineStr"><is><t>送餐太慢</t></is></c></row>'
            "</sheetData></worksheet>".encode()
        )

    return replace_part(xlsx_bytes({"Sheet1": [["x"]]}), "xl/worksheets/sheet1.xml", write, path)


def wide_xlsx(path: Path, columns: int) -> Path:
    path.write_bytes(xlsx_bytes({"宽表": [["评论", *range(columns)], ["很好", *range(columns)]]}))
    return path


def docx_wide_table(path: Path, columns: int) -> Path:
    document = docx.Document()
    document.add_paragraph("客服手册")
    document.add_table(rows=2, cols=columns)
    document.save(str(path))
    return path


def encrypted_pdf() -> bytes:
    writer = PdfWriter(clone_from=io.BytesIO(minimal_pdf(["Refunds wait five days."])))
    writer.encrypt("secret")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def lying_page_count_pdf() -> bytes:
    """One page that says the document has a million."""
    return minimal_pdf(["Refunds wait five days."]).replace(b"/Count 1", b"/Count 1000000")


def nested_json(depth: int) -> str:
    return "[" * depth + '"很好"' + "]" * depth


# The files --------------------------------------------------------------------------------------
def hostile_files(folder: Path) -> list[HostileFile]:
    """Write the corpus into `folder` (fast: a few seconds, ~110 MB of it the two files of
    ~48–51 MB that test the size limits) and describe each file."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(14)
    f = folder
    xlsx = xlsx_bytes({"反馈": [["评论", "评分"], *[[t, int(s)] for t, s in REVIEWS]]})
    docx_ok = docx_bytes()
    files: list[HostileFile] = []

    def add(path: Path, what: str, **kwargs: Any) -> None:
        files.append(HostileFile(path, what, **kwargs))

    # Empty, binary, truncated, encrypted
    for name in ("empty.csv", "empty.xlsx", "empty.docx", "empty.pdf", "empty.json"):
        add(_write(f / name, b""), "an empty file")
    add(_write(f / "blank.txt", "  \n\n\t \n"), "whitespace only")
    add(_write(f / "random.csv", rng.randbytes(64 << 10)), "64 KB of random bytes named .csv")
    add(_write(f / "random.bin", rng.randbytes(4 << 10)), "random bytes, unknown extension")
    add(_write(f / "image.csv", png_bytes()), "a PNG image named .csv")
    add(_write(f / "program.xlsx", b"\x7fELF" + rng.randbytes(8 << 10)), "an executable as .xlsx")
    add(_write(f / "truncated.xlsx", xlsx[: len(xlsx) // 2]), "an XLSX cut in half")
    add(_write(f / "truncated.docx", docx_ok[: len(docx_ok) // 2]), "a DOCX cut in half")
    pdf = minimal_pdf(["Refunds wait five days.", "Riders call ahead."])
    add(_write(f / "truncated.pdf", pdf[: len(pdf) // 2]), "a PDF cut in half")
    add(_write(f / "garbage.pdf", b"%PDF-1.7\n" + rng.randbytes(16 << 10)), "a PDF header, noise")
    add(_write(f / "zip-as.csv", xlsx), "an XLSX named .csv")
    add(_write(f / "pdf-as.docx", pdf), "a PDF named .docx")
    add(_write(f / "password.xlsx", encrypted_office_bytes()), "a password-protected workbook")
    add(_write(f / "legacy.xls", legacy_xls_bytes()), "an Excel 97 workbook")
    add(_write(f / "encrypted-zip.xlsx", encrypted_looking_zip(xlsx)), "an XLSX flagged encrypted")
    add(
        _write(f / "encrypted-zip.docx", encrypted_looking_zip(docx_ok)), "a DOCX flagged encrypted"
    )
    add(_write(f / "locked.pdf", encrypted_pdf()), "a PDF with a user password")
    # Bombs
    add(
        bomb_zip(xlsx, "xl/sharedStrings.xml", 300, f / "shared-strings-bomb.xlsx"),
        "shared strings unpacking to 300 MB",
    )
    add(
        bomb_zip(xlsx, "xl/sharedStrings.xml", 5, f / "ratio-bomb.xlsx"),
        "one part packed 1000:1",
    )
    add(
        replace_part(xlsx, "xl/worksheets/sheet1.xml", tall_sheet(250_000), f / "tall.xlsx"),
        "250,000 rows",
    )
    add(far_cell_xlsx(f / "far-cell.xlsx"), "a cell at row 1,048,576")
    add(lying_dimension_xlsx(f / "lying-dimension.xlsx"), "claims 16384 × 1048576 cells")
    add(many_parts_xlsx(f / "many-parts.xlsx", 10_050), "10,050 zip entries")
    add(bomb_zip(docx_ok, "word/document.xml", 300, f / "docx-bomb.docx"), "a DOCX bomb")
    add(_write(f / "many-pages.pdf", minimal_pdf([f"Page {i}." for i in range(600)])), "600 pages")
    add(_write(f / "lying-count.pdf", lying_page_count_pdf()), "a PDF claiming 1,000,000 pages")
    sparse = f / "sparse-51mb.csv"
    with sparse.open("wb") as handle:
        handle.truncate(51 << 20)  # over the 50 MB upload limit, a few KB on disk
    add(sparse, "51 MB of NUL bytes (over the size limit)", budget_s=BIG_BUDGET_S)
    # Encodings
    add(_write(f / "gbk.csv", reviews_csv(), "gbk"), "GBK")
    add(
        _write(f / "gb18030.txt", "顾客说：𠮷野家的饭凉了，䶮字也有。\n" * 20, "gb18030"), "GB18030"
    )
    add(_write(f / "big5.csv", reviews_csv(REVIEWS_HANT, "評論,評分"), "big5"), "Big5")
    add(_write(f / "utf16-bom.csv", reviews_csv(), "utf-16"), "UTF-16 with a BOM")
    add(_write(f / "utf16le.csv", reviews_csv(), "utf-16-le"), "UTF-16LE without a BOM")
    add(
        _write(f / "utf16be.txt", "退款要等五天。\n客服很耐心。\n", "utf-16-be"), "UTF-16BE, no BOM"
    )
    mixed = reviews_csv().encode("utf-8") + "客服回电太晚,1\n电话打不通,1\n".encode("gbk")
    add(_write(f / "mixed.csv", mixed), "UTF-8 then GBK in one file")
    add(
        _write(f / "cp1252.csv", "comment,score\nCafé crème froid,2\nNaïve waiter,3\n", "cp1252"),
        "Windows-1252",
    )
    add(_write(f / "nul-bytes.csv", "评论,评分\n送餐\x00太慢,1\n很好,5\n"), "NUL bytes inside")
    add(_write(f / "bom-only.csv", b"\xef\xbb\xbf"), "a UTF-8 BOM and nothing else")
    # Huge lines, cells, columns, rows
    add(one_line_csv(f / "one-line-48mb.csv", 48), "a 48 MB CSV of one line", budget_s=BIG_BUDGET_S)
    add(_write(f / "long-line.txt", "第一行\n" + "很" * 1_500_000 + "\n"), "a 1.5M-character line")
    add(_write(f / "huge-cell.csv", "评论,评分\n很好,5\n" + "慢" * 150_000 + ",1\n"), "a 150k cell")
    huge_cell = xlsx_bytes({"反馈": [["评论", "评分"], ["慢" * 150_000, 1]]})
    add(_write(f / "huge-cell.xlsx", huge_cell), "an XLSX cell of 150k characters")
    header = ",".join(["评论", *(f"c{i}" for i in range(1_000))])
    add(_write(f / "wide.csv", header + "\n" + "很好" + ",1" * 1_000 + "\n"), "1,001 columns")
    add(wide_xlsx(f / "wide.xlsx", 600), "an XLSX of 601 columns")
    add(docx_wide_table(f / "wide-table.docx", 600), "a DOCX table of 600 columns")
    add(_write(f / "many-rows.csv", "评论,评分\n" + "送餐很快,5\n" * 250_000), "250,000 rows")
    add(
        _write(f / "open-quote.csv", '评论,评分\n"送餐太慢,1\n' + "很好,5\n" * 200_000),
        "a quote never closed",
    )
    add(_write(f / "deep.json", nested_json(100_000)), "JSON nested 100,000 deep")
    add(
        _write(
            f / "keys.json",
            "[" + ",".join(f'{{"review":"好","k{i}":1}}' for i in range(5_000)) + "]",
        ),
        "JSON records with 5,000 different keys",
    )
    add(_write(f / "broken.jsonl", '{"review": "很好"}\n{"review": \n{}\n'), "broken JSON lines")
    # Script in cells
    script_rows = [
        XSS,
        XSS_IMG,
        '=HYPERLINK("http://evil.example","点我领券")',
        "+cmd|' /C calc'!A0",
        "@SUM(1+1)*cmd|' /C calc'!A0",
        "-2+3+cmd|' /C calc'!A0",
    ]
    add(
        _write(
            f / "script.csv",
            "评论,评分\n"
            + "".join(f'"{r.replace(chr(34), chr(34) * 2)} 送餐太慢",1\n' for r in script_rows),
        ),
        "<script>, onerror and formulas in cells",
    )
    book = xlsx_bytes({"反馈": [["评论", "评分"], *[[f"{r} 送餐太慢", 1] for r in script_rows]]})
    add(_write(f / "script.xlsx", book), "formulas and markup in XLSX cells")
    add(
        _write(f / "script.md", f"# 手册 {XSS}\n\n[点我](javascript:alert(1)) {XSS_IMG}\n"),
        "script in Markdown",
    )
    add(
        _write(f / "script.json", json.dumps([{"review": XSS}, {"review": XSS_IMG}])),
        "script in JSON records",
    )
    # Names: traversal and control characters (the upload name is the hostile one)
    ok = reviews_csv()
    for disk, upload, what in (
        ("traversal.csv", "../../../escape-canary.csv", "a ../ path in the upload name"),
        ("backslash.csv", "..\\..\\windows-canary.csv", "a ..\\ path in the upload name"),
        ("absolute.csv", "/etc/cron.d/absolute-canary.csv", "an absolute upload name"),
        ("nul-name.csv", "good.csv\x00.exe", "a NUL byte in the upload name"),
        ("dots.csv", "...", "a name of dots"),
        ("bell\x07esc\x1b[31mred.csv", "", "control characters in the file name"),
        ("new\nline.csv", "", "a line break in the file name"),
        ("\u202ecsv.exe", "", "a right-to-left override in the file name"),
        ("..hidden.csv", "", "a leading-dots name"),
        ("长" * 80 + ".csv", "", "a 244-byte file name"),
    ):
        add(_write(f / disk, ok), what, upload_name=upload)
    # Paths only the command line can be given
    (f / "a-folder.csv").mkdir(exist_ok=True)
    add(f / "a-folder.csv", "a folder", upload=False)
    fifo = f / "pipe.csv"
    if not fifo.exists():
        os.mkfifo(fifo)
    add(fifo, "a named pipe (reading it would block)", upload=False)
    add(Path("/dev/zero"), "/dev/zero", upload=False)
    add(f / "missing.csv", "a file that does not exist", upload=False)
    return files


# Hostile requests -------------------------------------------------------------------------------
@dataclass(frozen=True)
class HostileRequest:
    """One request: `send(client, ctx)` returns the response; `expect` the statuses that count as
    a clear refusal (or answer)."""

    name: str
    send: Callable[[Any, dict[str, str]], Any]
    expect: tuple[int, ...]
    budget_s: float = BUDGET_S
    extra: dict[str, Any] = field(default_factory=dict)


def _chunked(size: int) -> Iterator[bytes]:
    sent = 0
    yield b'{"question": "'
    while sent < size:
        yield b"a" * 65536
        sent += 65536
    yield b'"}'


def hostile_requests() -> list[HostileRequest]:
    """Requests a script or another site could send. `ctx` has a real `session_id`, `map_id`
    and the CSRF token of a page (`token`)."""
    from tests.reliability.client import csrf_token

    evil = {"Origin": "https://evil.example"}
    json_h = {"Content-Type": "application/json"}
    big = json.dumps({"workspace": "w", "pad": "x" * (2 << 20)})

    def api(method: str, url: str, **kw: Any) -> Callable[[Any, dict[str, str]], Any]:
        def send(client: Any, ctx: dict[str, str]) -> Any:
            return client.request(method, url.format(**ctx), **kw)

        return send

    def page(url: str, token: str | None, **kw: Any) -> Callable[[Any, dict[str, str]], Any]:
        def send(client: Any, ctx: dict[str, str]) -> Any:
            headers = dict(kw.get("headers", {}))
            if token == "page":
                headers["X-CSRF-Token"] = csrf_token(client)
            elif token:
                headers["X-CSRF-Token"] = token
            rest = {k: v for k, v in kw.items() if k != "headers"}
            return client.post(url.format(**ctx), headers=headers, **rest)

        return send

    upload = {"files": ("reviews.csv", reviews_csv().encode(), "text/csv")}
    twenty_one = [("files", (f"r{i}.csv", b"a\n", "text/csv")) for i in range(21)]
    R = HostileRequest
    return [
        R("JSON body of 2 MB", api("POST", "/api/sessions", content=big, headers=json_h), (413,)),
        R(
            "chunked JSON body of 2 MB",
            api("POST", "/api/ask", content=_chunked(2 << 20), headers=json_h),
            (413,),
        ),
        R(
            "JSON nested 100,000 deep",
            api("POST", "/api/sessions", content=nested_json(100_000), headers=json_h),
            (400,),
        ),
        R(
            "JSON nested 40 deep",
            api(
                "POST",
                "/api/ask",
                content=json.dumps({"question": json.loads(nested_json(40))}),
                headers=json_h,
            ),
            (400,),
        ),
        R(
            "API body as text/plain",
            api(
                "POST",
                "/api/ask",
                content=b'{"question":"hi"}',
                headers={"Content-Type": "text/plain"},
            ),
            (415,),
        ),
        R(
            "API body as XML",
            api(
                "POST",
                "/api/sessions",
                content=b"<workspace>w</workspace>",
                headers={"Content-Type": "application/xml"},
            ),
            (415,),
        ),
        R("API body as a form", api("POST", "/api/ask", data={"question": "hi"}), (415,)),
        R(
            "API body without a type",
            api(
                "POST",
                "/api/sessions/{session_id}/turns",
                content=b'{"message":"hi"}',
                headers={"Content-Type": ""},
            ),
            (415,),
        ),
        R("API multipart where JSON is due", api("POST", "/api/ask", files=upload), (415,)),
        R(
            "malformed JSON",
            api("POST", "/api/ask", content=b'{"question": "hi",', headers=json_h),
            (422, 400),
        ),
        R(
            "JSON not UTF-8",
            api("POST", "/api/ask", content='{"question": "退款"}'.encode("gbk"), headers=json_h),
            (422, 400),
        ),
        R("JSON array for an object", api("POST", "/api/sessions", json=[1, 2]), (422,)),
        R(
            "JSON null body",
            api("POST", "/api/sessions/{session_id}/turns", content=b"null", headers=json_h),
            (422,),
        ),
        R(
            "question of 100,000 characters",
            api("POST", "/api/ask", json={"question": "退款" * 50_000}),
            (422,),
        ),
        R(
            "answer of 500,000 characters",
            api("POST", "/api/sessions/{session_id}/turns", json={"message": "送餐慢" * 160_000}),
            (200, 413, 422),
        ),
        R(
            "workspace named ../../etc",
            api("POST", "/api/sessions", json={"workspace": "../../etc"}),
            (201, 422),
        ),
        R(
            "workspace of control characters",
            api("POST", "/api/sessions", json={"workspace": "\x00\x1b[2J"}),
            (201, 422),
        ),
        R(
            "workspace of 10,000 characters",
            api("POST", "/api/sessions", json={"workspace": "w" * 10_000}),
            (201, 422),
        ),
        R("unknown industry", api("POST", "/api/sessions", json={"industry": "<script>"}), (422,)),
        R(
            "another site's Origin on the API",
            api("POST", "/api/sessions", json={}, headers=evil),
            (403,),
        ),
        R(
            "Origin null on the API upload",
            api("POST", "/api/workspaces/w/sources", files=upload, headers={"Origin": "null"}),
            (403,),
        ),
        R(
            "another site's form post, token and all",
            page("/sessions", "page", data={"workspace": "w"}, headers=evil),
            (403,),
        ),
        R(
            "a page post without the token",
            page("/sessions", None, data={"workspace": "w"}),
            (403,),
        ),
        R(
            "a page post with a forged token",
            page("/sessions/{session_id}/delete", "bm9uY2U.c2lnbmF0dXJl"),
            (403,),
        ),
        R("an upload without the token", page("/knowledge/upload", None, files=upload), (403,)),
        R(  # 20 files at most in one upload, on the API as on the pages
            "21 files in one API upload",
            api("POST", "/api/workspaces/w/sources", files=twenty_one),
            (413,),
        ),
        R(
            "21 files in one page upload",
            page("/knowledge/upload", "page", files=twenty_one),
            (413,),
        ),
        R(
            "multipart without a boundary",
            api(
                "POST",
                "/api/workspaces/w/sources",
                content=b"--x\r\n",
                headers={"Content-Type": "multipart/form-data"},
            ),
            (400, 422),
        ),
        R(
            "an upload with no file",
            api(
                "POST", "/api/workspaces/w/sources", files={"other": ("x.txt", b"x", "text/plain")}
            ),
            (422,),
        ),
        R("an id of 10,000 characters", api("GET", "/api/sessions/" + "a" * 10_000), (404,)),
        R("a NUL in a path", api("GET", "/maps/%00%2e%2e"), (404,)),
        R(
            "a traversal in a workspace path",
            api("GET", "/api/workspaces/..%2F..%2Fetc%2Fpasswd/sources"),
            (200, 404, 422),
        ),
        R("an unknown export format", api("GET", "/api/maps/{map_id}/export/exe"), (404, 422)),
        R(
            "a chart in an unknown language",
            api("GET", "/api/workspaces/w/analyses/latest/chart.svg?lang=xx"),
            (404, 422),
        ),
        R(
            "a version that is not a number",
            api("GET", "/api/maps/{map_id}/versions/NaN"),
            (404, 422),
        ),
        R(
            "a diff of versions far away",
            api("GET", "/api/maps/{map_id}/diff?a=-1&b=99999999"),
            (404, 422),
        ),
        R(
            "a stream of an unknown turn",
            api("GET", "/sessions/{session_id}/turns/x/stream"),
            (200,),
        ),
        R("a stream of an unknown job", api("GET", "/knowledge/jobs/nope/stream"), (200,)),
        R(
            "an unknown practice scenario",
            api(
                "POST",
                "/api/practice/roleplays",
                json={"workspace": "w", "trainee": "小王", "scenario": "<script>"},
            ),
            (404, 400, 422),
        ),
        R(
            "an Ask page with script in the question",
            api("GET", "/ask", params={"q": XSS, "workspace": XSS}),
            (200,),
        ),
        R(
            "a language cookie of markup",
            api("GET", "/", headers={"Cookie": "cxcoach_lang=%3Cscript%3E"}),
            (200,),
        ),
    ]
