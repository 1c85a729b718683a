"""The load run's HTTP/1.1 client and its per-kind statistics (bench/load.py).

Raw asyncio streams, no dependency: one connection per visitor, kept alive when the server keeps
it, cookies kept (the CSRF cookie of a form). Answers with Content-Length, chunked or read to
the close are all read whole, so a page's time is the time to its last byte.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import Counter, defaultdict
from typing import Any

TIMEOUT = 30.0  # seconds: a page slower than this counts as an error ("timeout")


class Stats:
    """Per page kind: times of every answered request, answers by status, failures."""

    def __init__(self) -> None:
        self.times: dict[str, list[float]] = defaultdict(list)
        self.statuses: dict[str, Counter[str]] = defaultdict(Counter)
        self.failures: dict[str, Counter[str]] = defaultdict(Counter)
        self.elapsed = 0.0
        self.receipts: list[dict[str, Any]] = []

    def add(self, kind: str, seconds: float, status: str, *, failed: bool) -> None:
        self.times[kind].append(seconds)
        self.statuses[kind][status] += 1
        if failed:
            self.failures[kind][status] += 1

    def errors(self) -> int:
        return sum(sum(c.values()) for c in self.failures.values())

    @staticmethod
    def percentile(values: list[float], share: float) -> float:
        ordered = sorted(values)
        return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))] if ordered else 0.0

    def summary(self) -> dict[str, Any]:
        kinds = {}
        for kind in sorted(self.times):
            values = self.times[kind]
            kinds[kind] = {
                "requests": len(values),
                "errors": dict(self.failures[kind]),
                "statuses": dict(self.statuses[kind]),
                "p50_ms": round(self.percentile(values, 0.50) * 1000, 1),
                "p95_ms": round(self.percentile(values, 0.95) * 1000, 1),
                "p99_ms": round(self.percentile(values, 0.99) * 1000, 1),
                "per_s": round(len(values) / self.elapsed, 2) if self.elapsed else 0.0,
            }
        total = sum(len(v) for v in self.times.values())
        return {
            "elapsed_s": round(self.elapsed, 1),
            "requests": total,
            "errors": self.errors(),
            "per_s": round(total / self.elapsed, 1) if self.elapsed else 0.0,
            "accepted_posts": len(self.receipts),
            "kinds": kinds,
        }

    def table(self) -> str:
        data = self.summary()
        rows = [
            "| kind | requests | errors (by status) | p50 ms | p95 ms | p99 ms | req/s |",
            "|---|---|---|---|---|---|---|",
        ]
        for kind, k in data["kinds"].items():
            errors = ", ".join(f"{s}: {n}" for s, n in sorted(k["errors"].items())) or "0"
            times = f"{k['p50_ms']} | {k['p95_ms']} | {k['p99_ms']}"
            rows.append(f"| {kind} | {k['requests']} | {errors} | {times} | {k['per_s']} |")
        rows.append(
            f"| all | {data['requests']} | {data['errors']} | | | | {data['per_s']} |"
            f"\naccepted POSTs (303 to a receipt): {data['accepted_posts']}"
        )
        return "\n".join(rows)


class Closed(Exception):
    """The server closed the connection before answering."""


class Connection:
    """One visitor's HTTP/1.1 connection: keep-alive when the server allows, cookies kept."""

    def __init__(self, host: str, port: int, address: str) -> None:
        self.host, self.port, self.address = host, port, address
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None
        self.cookies: dict[str, str] = {}

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            with contextlib.suppress(OSError):
                await self.writer.wait_closed()
        self.reader = self.writer = None

    async def request(self, method: str, path: str, body: bytes = b"", extra: dict[str, str] | None = None) -> Any:
        """(status, headers, body); reconnects once if a kept-alive connection was closed."""
        for attempt in (0, 1):
            fresh = self.writer is None
            if fresh:
                self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
            try:
                return await self._exchange(method, path, body, extra or {})
            except (Closed, ConnectionResetError, BrokenPipeError):
                await self.close()
                if fresh or attempt:
                    raise
        raise Closed

    async def _exchange(self, method: str, path: str, body: bytes, extra: dict[str, str]) -> Any:
        assert self.reader is not None and self.writer is not None
        headers = {
            "Host": f"{self.host}:{self.port}",
            "User-Agent": "gongkai-bench-load/1",
            "Accept": "text/html,application/json",
            "Accept-Language": "zh-CN",
            "X-Forwarded-For": self.address,
            "Connection": "keep-alive",
            **extra,
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if method == "POST":
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Content-Length"] = str(len(body))
        head = f"{method} {path} HTTP/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers.items()) + "\r\n"
        self.writer.write(head.encode("latin-1") + body)
        await self.writer.drain()
        try:
            raw = await self.reader.readuntil(b"\r\n\r\n")
        except asyncio.IncompleteReadError as exc:
            raise Closed from exc
        lines = raw.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ", 2)[1])
        answer: dict[str, str] = {}
        for line in lines[1:]:
            if ":" in line:
                name, value = line.split(":", 1)
                name, value = name.strip().lower(), value.strip()
                if name == "set-cookie":
                    pair = value.split(";", 1)[0]
                    if "=" in pair:
                        key, val = pair.split("=", 1)
                        self.cookies[key.strip()] = val.strip()
                answer[name] = value
        content = await self._body(answer, method)
        if answer.get("connection", "").lower() == "close":
            await self.close()
        return status, answer, content

    async def _body(self, headers: dict[str, str], method: str) -> bytes:
        assert self.reader is not None
        if method == "HEAD":
            return b""
        if headers.get("transfer-encoding", "").lower() == "chunked":
            parts: list[bytes] = []
            while True:
                size = int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16)
                data = await self.reader.readexactly(size + 2)
                if size == 0:
                    return b"".join(parts)
                parts.append(data[:-2])
        if "content-length" in headers:
            return await self.reader.readexactly(int(headers["content-length"]))
        data = await self.reader.read()
        await self.close()
        return data


async def timed(stats: Stats, kind: str, conn: Connection, method: str, path: str, body: bytes = b"", **kw: Any) -> Any:
    """One request, timed and counted under ``kind``; None when it failed at the connection."""
    started = time.monotonic()
    try:
        status, headers, content = await asyncio.wait_for(conn.request(method, path, body, kw.get("headers")), TIMEOUT)
    except TimeoutError:
        stats.add(kind, time.monotonic() - started, "timeout", failed=True)
        await conn.close()
        return None
    except (OSError, Closed, asyncio.IncompleteReadError, ValueError) as exc:
        stats.add(kind, time.monotonic() - started, type(exc).__name__, failed=True)
        await conn.close()
        return None
    stats.add(kind, time.monotonic() - started, str(status), failed=status not in kw.get("expect", (200,)))
    return status, headers, content
