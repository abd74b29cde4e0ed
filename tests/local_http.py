"""A local HTTP server on 127.0.0.1 and a free port, serving in a thread for the length of a block:
what the tests' fake outside services (`fake_notify`, `fake_fhir`) share."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@contextmanager
def local_http(handler: type[BaseHTTPRequestHandler]) -> Iterator[int]:
    """Serve `handler` until the block ends; yields the port."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()
