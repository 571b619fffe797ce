"""The ASGI application (`okrflow/asgi.py` exposes it; `okrflow serve` runs it in gunicorn's ASGI
worker): the pages as ever, and the rooms' live streams as async views that hold no thread while
they stay open.

Django's ASGI handler reads a request's whole body before any middleware runs, so a body the
request-limits middleware (okrflow/ops/request_limits.py) refuses by its headers — chunked, with no
Content-Length (411), or declaring more than the page takes (413) — would first be waited for (a
client that never sends it holds the request open) or read. `application` hands Django an empty
body for those, and the middleware answers as it does under WSGI, with its translated page.
"""

from types import SimpleNamespace

from django.core.asgi import get_asgi_application

from okrflow.ops.request_limits import body_limit

django_application = get_asgi_application()


def _refused_by_headers(scope) -> bool:
    headers = dict(scope.get("headers") or ())
    length = headers.get(b"content-length")
    if length is None:
        return b"transfer-encoding" in headers
    try:
        declared = int(length)
    except ValueError:
        return False
    return declared > body_limit(SimpleNamespace(path_info=scope.get("path", "")))


async def application(scope, receive, send):
    if scope["type"] == "http" and _refused_by_headers(scope):
        given = False

        async def empty_body():
            # The empty body once; after it Django only listens for the client going away, so
            # whatever of the real body still arrives is dropped unread.
            nonlocal given
            if not given:
                given = True
                return {"type": "http.request", "body": b"", "more_body": False}
            while True:
                message = await receive()
                if message["type"] != "http.request":
                    return message

        return await django_application(scope, empty_body, send)
    return await django_application(scope, receive, send)
