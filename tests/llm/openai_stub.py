"""A local OpenAI-compatible HTTP server: real sockets and a real client, canned replies."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class StubReply:
    content: str = "ok"
    status: int = 200
    delay: float = 0.0


@dataclass
class OpenAIStub:
    """Answers POST /v1/chat/completions with scripted replies and records each request."""

    base_url: str = ""
    replies: list[StubReply] = field(default_factory=list)
    requests: list[dict[str, Any]] = field(default_factory=list)
    headers: list[dict[str, str]] = field(default_factory=list)

    def reply(self, content: str = "ok", *, status: int = 200, delay: float = 0.0) -> None:
        self.replies.append(StubReply(content, status, delay))

    def next_reply(self) -> StubReply:
        return self.replies.pop(0) if self.replies else StubReply()


def _handler(stub: OpenAIStub) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            if self.path != "/v1/chat/completions":
                self._send(404, {"error": {"message": f"no route {self.path}"}})
                return
            stub.requests.append(json.loads(body))
            stub.headers.append({k.lower(): v for k, v in self.headers.items()})
            reply = stub.next_reply()
            time.sleep(reply.delay)
            if reply.status != 200:
                self._send(reply.status, {"error": {"message": reply.content, "type": "stub"}})
                return
            self._send(
                200,
                {
                    "id": "chatcmpl-stub",
                    "object": "chat.completion",
                    "created": 0,
                    "model": stub.requests[-1].get("model", "stub"),
                    "choices": [
                        {
                            "index": 0,
                            "message": {"role": "assistant", "content": reply.content},
                            "finish_reason": "stop",
                        }
                    ],
                    "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
                },
            )

        def _send(self, status: int, payload: dict[str, Any]) -> None:
            data = json.dumps(payload).encode()
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (timeout tests): nothing to answer

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


@contextmanager
def serve_openai_stub() -> Iterator[OpenAIStub]:
    """Run the stub on 127.0.0.1 (a free port) for the duration of the block."""
    stub = OpenAIStub()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(stub))
    server.daemon_threads = True
    server.block_on_close = False  # don't wait for a handler still sleeping in a timeout test
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    stub.base_url = f"http://127.0.0.1:{server.server_address[1]}/v1"
    try:
        yield stub
    finally:
        server.shutdown()
        server.server_close()
