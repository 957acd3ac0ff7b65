"""An SMTP server that accepts connections and never says a word (no greeting, no reply).

Used to show that code creation does not wait for SMTP: the notification service must answer
from its outbox while its delivery worker sits in a connection that never speaks.
"""

from __future__ import annotations

import argparse
import socket
import threading


class StallServer:
    """Listens on 127.0.0.1:`port` (0: an ephemeral one) and holds every connection open, silent."""

    def __init__(self, port: int = 0) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", port))
        self.sock.listen(128)
        self.port: int = self.sock.getsockname()[1]
        self.accepted = 0
        self._held: list[socket.socket] = []
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.accepted += 1
            self._held.append(conn)

    def start(self) -> StallServer:
        self._thread.start()
        return self

    def close(self) -> None:
        self.sock.close()
        for conn in self._held:
            conn.close()

    def __enter__(self) -> StallServer:
        return self.start()

    def __exit__(self, *_: object) -> None:
        self.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=2525)
    args = parser.parse_args()
    server = StallServer(args.port).start()
    print(f"stalling SMTP on 127.0.0.1:{server.port}; Ctrl-C stops", flush=True)
    threading.Event().wait()


if __name__ == "__main__":
    main()
