"""The scale proxy's listening socket: a thread per connection, at most
``max_connections`` of them; beyond, a 503 answered at once without reading.
"""

from __future__ import annotations

import json
import logging
import sys
import threading
from http.server import ThreadingHTTPServer

_log = logging.getLogger("gold_scale_proxy")


_BUSY = json.dumps({"error": "busy", "message": "too many open connections"}).encode()


class _Server(ThreadingHTTPServer):
    """A thread per connection, at most ``max_connections`` of them; beyond, a 503 at once."""

    daemon_threads = True
    request_queue_size = 128  # socketserver's 5 makes the 6th client wait for a SYN retry

    def __init__(self, address, handler, max_connections: int):
        self._slots = threading.BoundedSemaphore(max(1, max_connections))
        super().__init__(address, handler)

    def handle_error(self, request, client_address):
        """A client that hung up (a page closing its stream) is routine, not a
        traceback on stderr; anything else is logged with its trace."""
        error = sys.exc_info()[1]
        if isinstance(error, (ConnectionResetError, BrokenPipeError)):
            _log.debug("client %s hung up: %s", client_address, error)
            return
        _log.warning("request from %s failed", client_address, exc_info=True)

    def process_request(self, request, client_address):
        if not self._slots.acquire(blocking=False):
            self._refuse_busy(request)
            return
        try:
            super().process_request(request, client_address)
        except Exception:
            self._slots.release()
            raise

    def process_request_thread(self, request, client_address):
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._slots.release()

    def _refuse_busy(self, request) -> None:
        """Answer in the accept thread without waiting on the client, then close."""
        head = (
            "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(_BUSY)}\r\nRetry-After: 1\r\nConnection: close\r\n\r\n"
        )
        try:
            request.setblocking(False)
            request.send(head.encode() + _BUSY)
        except OSError:
            pass
        self.shutdown_request(request)
