"""Web security for every route, present and future: cross-site request forgery, body limits and
response headers, as two ASGI wrappers installed by `create_app` (nothing to do per route).

`RequestGuard`, on every request that changes something (POST, PUT, PATCH, DELETE):

- **Origin.** A browser names the page a request came from in `Origin`; when present it must be
  this app (the `Host` the request was sent to, or the `X-Forwarded-Host` a proxy set — a page on
  another site cannot set that header without a CORS preflight, which this app never grants).
- **Pages** (everything outside `/api/`) also need the CSRF token: a signed random value kept in
  an HttpOnly, SameSite=Lax cookie and sent back in the `X-CSRF-Token` header (htmx, from
  `hx-headers` on `<body>`) or in the `csrf_token` form field (plain forms without JavaScript:
  `web/templating.py` puts the hidden field first in every `<form method="post">` of every
  template, and `app.js` adds it at submit time to a form built some other way). Another site
  can neither read the token nor, thanks to the signature, plant a cookie of its own (cookies are
  shared between ports of localhost).
- **The JSON API** (`/api/…`) has no cookies to forge and is meant for scripts too, so it takes
  no token: it takes JSON bodies only (`application/json`, which no cross-site form or simple
  request can send), plus `multipart/form-data` on the routes that declare file or form fields
  (the upload routes), where the Origin check is the guard.
- **Limits.** A JSON or form body over `max_body_kb` is refused with 413 before it is read
  (declared length) or as soon as it grows past it (chunked); JSON nested deeper than
  `max_json_depth` with 400. Multipart uploads keep their own limit (`max_upload_mb`,
  `web/uploads.py`).

`SecurityHeaders`, outermost (so error pages and static files have them too): the
Content-Security-Policy (scripts only from this site; no framing), `X-Frame-Options: DENY`,
`X-Content-Type-Options: nosniff` and `Referrer-Policy: same-origin`.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import os
import re
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

from starlette.datastructures import Headers, MutableHeaders
from starlette.requests import HTTPConnection, Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger(__name__)

CSRF_COOKIE = "cxcoach_csrf"
CSRF_HEADER = "X-CSRF-Token"
CSRF_FIELD = "csrf_token"
CSRF_COOKIE_MAX_AGE = 365 * 24 * 3600
SECRET_FILE = "csrf-secret"
_STATE_KEY = "csrf_token"

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
JSON_TYPES = ("application/json",)  # and any application/…+json
FORM_TYPES = ("multipart/form-data", "application/x-www-form-urlencoded")
# How far into a multipart body the token field is looked for (it is the form's first field).
MULTIPART_PREFIX = 64 * 1024

# Scripts only from this site: even text that slipped through unescaped could not run. Inline
# style attributes are allowed (the charts and a few bars set widths and colours inline).
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
# Swagger UI (/docs) starts itself with an inline script: there only framing is restricted.
DOCS_CSP = "frame-ancestors 'none'"
HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}


# The token -------------------------------------------------------------------------------------
class Signer:
    """Tokens `nonce.signature`: random, and signed so that a cookie planted by another site
    (or another port of localhost) is not accepted."""

    def __init__(self, secret: bytes) -> None:
        self._secret = secret

    def _sign(self, nonce: str) -> str:
        digest = hmac.new(self._secret, nonce.encode("ascii"), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")

    def new(self) -> str:
        nonce = secrets.token_urlsafe(32)
        return f"{nonce}.{self._sign(nonce)}"

    def valid(self, token: str | None) -> bool:
        if not token or token.count(".") != 1 or len(token) > 200 or not token.isascii():
            return False
        nonce, signature = token.split(".")
        return hmac.compare_digest(signature, self._sign(nonce))


def load_secret(data_dir: Path) -> bytes:
    """The signing key, kept in the data dir (0600) so open pages stay valid across restarts and
    worker processes sharing the dir agree; a key for this process alone if the dir is not
    writable."""
    path = data_dir / SECRET_FILE
    try:
        return bytes.fromhex(path.read_text(encoding="ascii").strip())
    except (OSError, ValueError):
        pass
    key = secrets.token_bytes(32)
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as out:
            out.write(key.hex())
    except FileExistsError:  # another process wrote it first: use theirs
        return bytes.fromhex(path.read_text(encoding="ascii").strip())
    except OSError:
        log.warning("cannot keep the CSRF key in %s: open pages expire on restart", data_dir)
    return key


def csrf_token(request: HTTPConnection) -> str:
    """This request's token, for the page to send back (empty outside `RequestGuard`)."""
    token = request.scope.get("state", {}).get(_STATE_KEY, "")
    return str(token)


# Checks ----------------------------------------------------------------------------------------
def media_type(headers: Headers) -> str:
    return headers.get("content-type", "").split(";", 1)[0].strip().lower()


def is_json(kind: str) -> bool:
    return kind in JSON_TYPES or (kind.startswith("application/") and kind.endswith("+json"))


def own_origins(headers: Headers) -> set[str]:
    """The origins this request counts as its own: the host it was sent to, over http or https
    (a TLS-terminating proxy hands the app plain http)."""
    hosts = {headers.get("host", "")} | {
        h.strip() for h in headers.get("x-forwarded-host", "").split(",")
    }
    return {f"{scheme}://{host.lower()}" for host in hosts if host for scheme in ("http", "https")}


def foreign_origin(headers: Headers) -> str | None:
    """The request's Origin when it is another site's (`null` included); None when it is this
    app's or absent (scripts, curl, and same-origin requests of some older browsers)."""
    origin = headers.get("origin")
    if origin is None:
        return None
    origin = origin.strip().lower().rstrip("/")
    for scheme, default in (("http://", ":80"), ("https://", ":443")):
        if origin.startswith(scheme) and origin.endswith(default):
            origin = origin.removesuffix(default)
    own = own_origins(headers)
    own |= {o.removesuffix(":80") for o in own if o.startswith("http://")}
    own |= {o.removesuffix(":443") for o in own if o.startswith("https://")}
    return None if origin in own else origin


_JSON_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.S)
_JSON_BRACKET = re.compile(rb"[\[\]{}]")


def json_too_deep(body: bytes, limit: int) -> bool:
    """Whether JSON text nests arrays and objects deeper than `limit` (strings are skipped; the
    text is not parsed, so a 100,000-deep body costs no recursion)."""
    depth = 0
    for match in _JSON_BRACKET.finditer(_JSON_STRING.sub(b"", body)):
        if match.group() in (b"[", b"{"):
            depth += 1
            if depth > limit:
                return True
        else:
            depth -= 1
    return False


def form_token(body: bytes) -> str | None:
    """The token field of a url-encoded form body."""
    try:
        fields = parse_qsl(body.decode("latin-1"), keep_blank_values=True)
    except ValueError:
        return None
    return next((value for name, value in fields if name == CSRF_FIELD), None)


_PART_NAME = re.compile(rb'content-disposition:[^\r\n]*\bname="([^"]*)"', re.I)


def multipart_token(prefix: bytes, content_type: str) -> str | None:
    """The token field among the complete parts at the start of a multipart body."""
    match = re.search(r'boundary="?([^";]+)"?', content_type, re.I)
    if not match:
        return None
    delimiter = b"--" + match.group(1).encode("latin-1")
    for part in prefix.split(delimiter)[1:-1]:  # the last piece may be cut short
        head, sep, value = part.partition(b"\r\n\r\n")
        name = _PART_NAME.search(head)
        if sep and name and name.group(1) == CSRF_FIELD.encode():
            return value.removesuffix(b"\r\n").decode("latin-1")
    return None


class BodyTooLarge(Exception):
    pass


async def read_body(receive: Receive, limit: int) -> bytes:
    """The whole body, refused past `limit` bytes (however it is sent)."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


async def read_prefix(receive: Receive, size: int) -> tuple[list[Message], bool]:
    """The first messages of a body, until `size` bytes have come (or the body ended)."""
    messages: list[Message] = []
    got = 0
    while got < size:
        message = await receive()
        messages.append(message)
        if message["type"] != "http.request":
            return messages, True
        got += len(message.get("body", b""))
        if not message.get("more_body", False):
            return messages, True
    return messages, False


def replay(messages: Iterable[Message], receive: Receive) -> Receive:
    """`receive` that gives `messages` again first, then goes on with the real one."""
    pending = list(messages)

    async def replaying() -> Message:
        if pending:
            return pending.pop(0)
        return await receive()

    return replaying


# Refusals --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Refusal:
    """A request turned away: the page (or JSON) says `text_key` in the user's language; `detail`
    is the technical reason, in English, for the API and the log."""

    status: int
    title_key: str
    text_key: str
    detail: str
    variables: Mapping[str, object] = field(default_factory=dict)


def _forbidden(text_key: str, detail: str) -> Refusal:
    return Refusal(403, "error_forbidden_title", text_key, detail)


class RequestGuard:
    """CSRF protection and body limits (see the module docstring); gives every page its token."""

    def __init__(
        self, app: ASGIApp, *, secret: bytes, max_body_bytes: int, max_json_depth: int
    ) -> None:
        self.app = app
        self.signer = Signer(secret)
        self.max_body = max_body_bytes
        self.max_depth = max_json_depth
        self._form_routes: list[tuple[re.Pattern[str], frozenset[str]]] | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        cookie = HTTPConnection(scope).cookies.get(CSRF_COOKIE)
        valid = cookie if self.signer.valid(cookie) else None
        token = valid or self.signer.new()
        scope.setdefault("state", {})[_STATE_KEY] = token
        if valid is None and not scope["path"].startswith(("/api/", "/static/")):
            send = self._setting_cookie(send, token, scope.get("scheme") == "https")
        if scope["method"] in SAFE_METHODS:
            await self.app(scope, receive, send)
            return
        try:
            refusal, receive = await self._check(scope, headers, receive, valid)
        except BodyTooLarge:
            limit = self.max_body >> 10
            refusal = Refusal(
                413,
                "error_body_too_large_title",
                "error_body_too_large_text",
                f"body over {limit} KB",
                {"limit": limit},
            )
        if refusal:
            await _refuse(scope, receive, send, refusal)
            return
        await self.app(scope, receive, send)

    async def _check(
        self, scope: Scope, headers: Headers, receive: Receive, cookie: str | None
    ) -> tuple[Refusal | None, Receive]:
        origin = foreign_origin(headers)
        if origin is not None:
            detail = f"Origin {origin} is not this app's origin"
            return _forbidden("error_origin_text", detail), receive
        kind = media_type(headers)
        declared = headers.get("content-length", "")
        if kind != "multipart/form-data" and declared.isdigit() and int(declared) > self.max_body:
            raise BodyTooLarge
        if scope["path"].startswith("/api/"):
            return await self._check_api(scope, headers, kind, receive)
        candidates = [headers.get(CSRF_HEADER)]
        if kind == "multipart/form-data":
            messages, _ = await read_prefix(receive, MULTIPART_PREFIX)
            prefix = b"".join(m.get("body", b"") for m in messages)
            candidates.append(multipart_token(prefix, headers.get("content-type", "")))
            receive = replay(messages, receive)
        else:
            body = await read_body(receive, self.max_body)
            if kind == "application/x-www-form-urlencoded":
                candidates.append(form_token(body))
            receive = replay([{"type": "http.request", "body": body}], receive)
        if cookie is None or not any(
            c and hmac.compare_digest(c.encode(), cookie.encode()) for c in candidates
        ):
            detail = "CSRF token missing or wrong" if cookie else "CSRF cookie missing or invalid"
            return _forbidden("error_csrf_text", detail), receive
        return None, receive

    async def _check_api(
        self, scope: Scope, headers: Headers, kind: str, receive: Receive
    ) -> tuple[Refusal | None, Receive]:
        declared = headers.get("content-length", "")
        has_body = bool(kind) or "transfer-encoding" in headers or declared not in ("", "0")
        if not has_body:
            return None, receive
        if is_json(kind):
            body = await read_body(receive, self.max_body)
            if json_too_deep(body, self.max_depth):
                detail = f"JSON nested deeper than {self.max_depth} levels"
                refusal = Refusal(
                    400,
                    "error_bad_request_title",
                    "error_json_depth_text",
                    detail,
                    {"limit": self.max_depth},
                )
                return refusal, receive
            return None, replay([{"type": "http.request", "body": body}], receive)
        if kind in FORM_TYPES and self._takes_form(scope):
            return None, receive
        detail = f"Content-Type {kind or '(none)'} is not accepted here"
        return Refusal(415, "error_media_type_title", "error_media_type_text", detail), receive

    def _takes_form(self, scope: Scope) -> bool:
        if self._form_routes is None:  # the app's routes are all there by its first request
            self._form_routes = form_routes(scope.get("app"))
        return any(
            scope["method"] in methods and pattern.match(scope["path"])
            for pattern, methods in self._form_routes
        )

    @staticmethod
    def _setting_cookie(send: Send, token: str, secure: bool) -> Send:
        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                cookie = (
                    f"{CSRF_COOKIE}={token}; Max-Age={CSRF_COOKIE_MAX_AGE}; Path=/; HttpOnly; "
                    f"SameSite=Lax{'; Secure' if secure else ''}"
                )
                MutableHeaders(scope=message).append("set-cookie", cookie)
            await send(message)

        return sending


def form_routes(app: object) -> list[tuple[re.Pattern[str], frozenset[str]]]:
    """The routes that declare form or file fields (the upload routes), from the OpenAPI schema:
    (path pattern, methods)."""
    openapi = getattr(app, "openapi", None)
    schema: dict[str, Any] = openapi() if callable(openapi) else {}
    found = []
    for path, operations in schema.get("paths", {}).items():
        methods = frozenset(
            method.upper()
            for method, operation in operations.items()
            if isinstance(operation, dict)
            and set(operation.get("requestBody", {}).get("content", {})) & set(FORM_TYPES)
        )
        if methods:
            segments = [
                "[^/]+" if part.startswith("{") else re.escape(part) for part in path.split("/")
            ]
            found.append((re.compile("/".join(segments) + "$"), methods))
    return found


async def _refuse(scope: Scope, receive: Receive, send: Send, refusal: Refusal) -> None:
    # Imported here: web.errors renders through web.deps, which imports this module.
    from web.errors import error_response, translate

    request = Request(scope, receive)
    log.info("refused %s %s: %s", scope["method"], scope["path"], refusal.detail)
    text = translate(request, refusal.text_key, **refusal.variables)
    response = error_response(request, refusal.status, refusal.title_key, text, refusal.detail)
    await response(scope, receive, send)


# Headers ---------------------------------------------------------------------------------------
class SecurityHeaders:
    """The security headers on every response, error pages and static files included (a header
    the route set itself is kept)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        docs = scope["path"].startswith("/docs")

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("Content-Security-Policy", DOCS_CSP if docs else CSP)
                for name, value in HEADERS.items():
                    headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, sending)
