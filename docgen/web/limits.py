"""The bytes a request may send, counted as they arrive (a Content-Length header can be left out or
lie, and a chunked body has none): over the limit, 413 before the app reads a byte of it."""

from __future__ import annotations

FORM_BYTES = 2_000_000
UPLOAD_BYTES = 62_000_000          # up to three 20 MB files (plan, results, units) and the form around them
UPLOAD_PATHS = ("/du-thao/nhap", "/danh-sach", "/ke-hoach-con", "/bao-cao")


class BodyLimit:
    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD"):
            return await self.app(scope, receive, send)
        limit = UPLOAD_BYTES if scope["path"] in UPLOAD_PATHS else FORM_BYTES
        messages, size = [], 0
        while True:
            message = await receive()
            messages.append(message)
            size += len(message.get("body", b""))
            if size > limit:
                return await _refuse(send, limit)
            if message["type"] != "http.request" or not message.get("more_body"):
                break

        async def replay():
            return messages.pop(0) if messages else await receive()

        return await self.app(scope, replay, send)


async def _refuse(send, limit: int) -> None:
    body = f"Dữ liệu gửi lên quá lớn (tối đa {limit // 1_000_000} MB)".encode("utf-8")
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode()),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})
