"""Runs the mongoeco wire-protocol server (a MongoDB stand-in for tests) on an ephemeral port.

Run with the stand-in's own interpreter (see mongo_standin.sh). Prints `PORT <n>` once listening,
then serves until terminated.
"""

from __future__ import annotations

import asyncio
import signal
import sys


async def main() -> None:
    from mongoeco.wire import AsyncMongoEcoProxyServer

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    async with AsyncMongoEcoProxyServer(host="127.0.0.1", port=0) as server:
        sys.stdout.write(f"PORT {server.address.port}\n")
        sys.stdout.flush()
        await stop.wait()


if __name__ == "__main__":
    asyncio.run(main())
