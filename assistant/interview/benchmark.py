"""Turn latency of the offline interview (no language model), for `cxcoach` to print.

Scripted interviews (zh-Hans banking, en telecom, zh-Hant restaurant) are replayed through the
full service — engine, SQLite checkpoint, map versions in the database — against a memory index
as a fresh install has it (the bundled e5 model, which also tells each message's act, with no
query cache so every message pays for its embedding), or with `lexical` the hash embedder and
rules alone; warmed first so the one-off index build is not counted.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from assistant.domain import Lang
from assistant.retrieval import Retriever

# Each script is a whole interview, from the first answer to "done".
SCRIPTS: dict[Lang, list[str]] = {
    "zh-Hans": [
        "我们想把网点平均等候时长从25分钟降到15分钟，减少个人贷款申请的投诉。范围从咨询到放款。",
        "首次贷款的年轻白领：工作日没空去网点，想全程在手机上办\n个体工商户：没有工资流水",
        "好",
        *["好"] * 6,
        "1：-1 困惑，2：+1 满意，其余：0",
        "1,2",
        "好",
        "好",
        "1 负责：零售信贷部",
        "好",
        "完成",
    ],
    "en": [
        "Cut complaints about broadband installs and service-hall queues; average waiting time "
        "from 25 minutes to 15 minutes. We are a telecom operator.",
        "Young family: just moved in, needs broadband fast",
        "ok",
        *["ok"] * 6,
        "1: -2 frustrated, 2: +1 relieved, rest: 0",
        "1,4",
        "ok",
        "ok",
        "ok",
        "done",
    ],
    "zh-Hant": [
        "我們想減少外賣配送超時的差評，範圍從下單到收餐。",
        "上班族：午休時間短，最怕送晚了",
        "好",
        *["好"] * 6,
        "其餘：-1 焦慮",
        "好",
        "好",
        "好",
        "好",
        "完成",
    ],
}


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def run_interview_benchmark(
    turns: int = 200,
    retriever: Retriever | None = None,
    data_dir: Path | None = None,
    *,
    lexical: bool = False,
) -> dict[str, Any]:
    """Replay scripted interviews until `turns` turns were timed; latency in milliseconds.

    Returns turns, interviews, p50_ms, p95_ms, max_ms, mean_ms, warmup_s (index build and one
    untimed interview that fills the per-process caches: playbooks, methodology citations).
    """
    from assistant.interview.service import InterviewService
    from assistant.retrieval.factory import memory_index
    from assistant.storage import Database

    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="cxcoach-bench-") as tmp:
        folder = data_dir or Path(tmp)
        embedder = None
        if retriever is None:
            index = memory_index(folder, lexical=lexical, cache_queries=False)
            retriever, embedder = index, (None if lexical else index.embedder)
        db = Database(f"sqlite:///{folder / 'bench.db'}")
        service = InterviewService(
            db, retriever, None, folder / "checkpoints.sqlite", embedder=embedder
        )
        try:
            for lang, script in SCRIPTS.items():  # warm-up: one of each, untimed
                session = service.start("benchmark", lang=lang).session_id
                for message in script:
                    service.reply(session, message)
            warmup = time.perf_counter() - started
            timings: list[float] = []
            interviews = 0
            while len(timings) < turns:
                for lang, script in SCRIPTS.items():
                    session = service.start("benchmark", lang=lang).session_id
                    interviews += 1
                    for message in script:
                        begin = time.perf_counter()
                        service.reply(session, message)
                        timings.append((time.perf_counter() - begin) * 1000)
                        if len(timings) >= turns:
                            break
                    if len(timings) >= turns:
                        break
        finally:
            service.close()
            db.dispose()
    return {
        "turns": len(timings),
        "interviews": interviews,
        "p50_ms": round(statistics.median(timings), 1),
        "p95_ms": round(_percentile(timings, 0.95), 1),
        "max_ms": round(max(timings), 1),
        "mean_ms": round(statistics.fmean(timings), 1),
        "warmup_s": round(warmup, 2),
    }
