"""Fail early, naming the port, when one the platform needs is already taken."""

from __future__ import annotations

import socket
import sys


def busy(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return True
    return False


def main(ports: list[str]) -> int:
    taken = [int(p) for p in ports if busy(int(p))]
    for port in taken:
        print(
            f"error: port {port} is already in use. Stop what runs there "
            f"(e.g. `ss -ltnp 'sport = :{port}'` shows it) or pick another port "
            "(EDGE_PORT, AUTH_PORT, NOTIFICATION_PORT, FEEDBACK_PORT).",
            file=sys.stderr,
        )
    return 1 if taken else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
