"""Network faults on 127.0.0.1: a server that accepts connections and never answers (a frozen
Redis), and a proxy in front of the real Redis that can go down (connections refused), freeze
(connections accepted, nothing answered) and come back, for every process at once."""

from __future__ import annotations

import contextlib
import socket
import threading
from urllib.parse import urlsplit, urlunsplit


def _listen(port: int = 0) -> socket.socket:
    server = socket.socket()
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", port))
    server.listen(64)
    server.settimeout(0.2)
    return server


class HungServer:
    """Accepts every connection, reads nothing, answers nothing."""

    def __init__(self) -> None:
        self._server = _listen()
        self.port = self._server.getsockname()[1]
        self.accepted: list[socket.socket] = []
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)

    def __enter__(self) -> HungServer:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stopping.set()
        self._thread.join(timeout=5)
        for conn in [*self.accepted, self._server]:
            conn.close()

    def _accept(self) -> None:
        while not self._stopping.is_set():
            try:
                conn, _ = self._server.accept()
            except TimeoutError:
                continue
            self.accepted.append(conn)

    def url(self, path: str = "/0") -> str:
        return f"redis://127.0.0.1:{self.port}{path}"


class RedisProxy:
    """Forwards 127.0.0.1:`port` to the Redis of `upstream_url`; `down()`, `freeze()` and
    `up()` switch what every client of the proxy sees."""

    def __init__(self, upstream_url: str) -> None:
        parts = urlsplit(upstream_url)
        self._upstream = (parts.hostname or "127.0.0.1", parts.port or 6379)
        self._server: socket.socket | None = _listen()
        self.port = self._server.getsockname()[1]
        self.url = urlunsplit(parts._replace(netloc=f"127.0.0.1:{self.port}"))
        self.frozen = False
        self._pairs: list[tuple[socket.socket, socket.socket]] = []
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def down(self) -> None:
        """Redis stopped: open connections drop, new ones are refused."""
        with self._lock:
            if self._server is not None:
                self._server.close()
                self._server = None
        self._drop_all()

    def freeze(self) -> None:
        """Redis frozen: connections are accepted and requests read, but never answered."""
        self.frozen = True
        if self._server is None:
            self._server = _listen(self.port)

    def up(self) -> None:
        """Redis back (connections left from a freeze are dropped: their replies are lost)."""
        if self.frozen:
            self.frozen = False
            self._drop_all()
        with self._lock:
            if self._server is None:
                self._server = _listen(self.port)

    def close(self) -> None:
        self._stopping.set()
        self.down()
        self._thread.join(timeout=5)

    def _drop_all(self) -> None:
        with self._lock:
            pairs, self._pairs = self._pairs, []
        for client, upstream in pairs:
            for conn in (client, upstream):
                with contextlib.suppress(OSError):
                    conn.shutdown(socket.SHUT_RDWR)
                conn.close()

    def _accept(self) -> None:
        while not self._stopping.is_set():
            server = self._server
            if server is None:
                self._stopping.wait(0.05)
                continue
            try:
                client, _ = server.accept()
            except (TimeoutError, OSError):
                continue
            try:
                upstream = socket.create_connection(self._upstream, timeout=2)
            except OSError:
                client.close()
                continue
            upstream.settimeout(None)
            client.settimeout(None)
            with self._lock:
                self._pairs.append((client, upstream))
            for source, target in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, target), daemon=True).start()

    def _pump(self, source: socket.socket, target: socket.socket) -> None:
        while True:
            try:
                data = source.recv(65536)
            except OSError:
                return
            if not data:
                break
            if self.frozen:
                continue  # read, never answered
            try:
                target.sendall(data)
            except OSError:
                return
        for conn in (source, target):
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
