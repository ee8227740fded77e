"""Company data ingestion: readers per format, and the pipeline into a workspace's index."""

from assistant.ingest.pipeline import (
    FileResult,
    IngestProgress,
    IngestService,
    IngestSummary,
    file_hash,
)

__all__ = ["FileResult", "IngestProgress", "IngestService", "IngestSummary", "file_hash"]
