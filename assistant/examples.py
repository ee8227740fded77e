"""The example diagnoses shipped in `knowledge/examples/` (one JSON file per example).

An example's name is its file name without `.json`, e.g. ``bank-loan.zh-Hans``. Files are read
through importlib.resources, so this works from a source checkout and from an installed wheel.
"""

from __future__ import annotations

from importlib.resources.abc import Traversable

import knowledge
from assistant.domain import Diagnosis

EXAMPLES_FOLDER = "examples"
SUFFIX = ".json"


def _folder() -> Traversable:
    return knowledge.root() / EXAMPLES_FOLDER


def _files() -> dict[str, Traversable]:
    folder = _folder()
    if not folder.is_dir():
        return {}
    return {
        entry.name.removesuffix(SUFFIX): entry
        for entry in folder.iterdir()
        if entry.is_file() and entry.name.endswith(SUFFIX)
    }


def list_examples() -> list[str]:
    """Names of the shipped examples, sorted, e.g. ``["bank-loan.zh-Hans", ...]``."""
    return sorted(_files())


def load_example(name: str) -> Diagnosis:
    """Read and validate one example; KeyError naming the available examples if unknown.

    Each call returns a fresh Diagnosis, so callers may modify it freely.
    """
    files = _files()
    entry = files.get(name.removesuffix(SUFFIX))
    if entry is None:
        available = ", ".join(sorted(files)) or "none"
        raise KeyError(f"unknown example {name!r}; available: {available}")
    return Diagnosis.from_json(entry.read_text(encoding="utf-8"))
