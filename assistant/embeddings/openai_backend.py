"""OpenAI-compatible embedding endpoints (OpenAI, DashScope, vLLM, LM Studio, Ollama's /v1)."""

from __future__ import annotations

from collections.abc import Sequence

import httpx

from assistant.embeddings.base import EmbeddingError, Vectors, normalise

BATCH = 64


class OpenAIEmbedder:
    def __init__(self, base_url: str, model: str, api_key: str = "", timeout: float = 60.0) -> None:
        self.id = f"openai:{model}@{base_url}"
        self._model = model
        self._client = httpx.Client(
            base_url=base_url,
            timeout=timeout,
            headers={"Authorization": f"Bearer {api_key}"} if api_key else {},
        )
        self.dim = len(self.embed_passages(["dimension probe"])[0])

    def embed_queries(self, texts: Sequence[str]) -> Vectors:
        return self.embed_passages(texts)

    def embed_passages(self, texts: Sequence[str]) -> Vectors:
        rows: list[list[float]] = []
        for start in range(0, len(texts), BATCH):
            batch = list(texts[start : start + BATCH])
            try:
                response = self._client.post(
                    "/embeddings", json={"model": self._model, "input": batch}
                )
                response.raise_for_status()
                data = sorted(response.json()["data"], key=lambda item: item["index"])
            except (httpx.HTTPError, KeyError, ValueError) as exc:
                raise EmbeddingError(f"embedding endpoint {self.id} failed: {exc}") from None
            rows.extend(item["embedding"] for item in data)
        return normalise(rows)
