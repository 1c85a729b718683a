"""Segmenting in worker processes, for large batches (a full reindex, an import).

Analysis (text.analyse) is most of an index build and runs in Python, so one process uses one
core. The workers are plain ``python -m gongkai.search.workers`` processes that read pickled
lists of texts on stdin and write their analyses on stdout. Not multiprocessing: its "spawn"
and "forkserver" children import the parent's ``__main__`` (a script without a main guard would
run again in each worker), and "fork" copies the threads of a server or of tantivy's writer.

Each worker has at most one chunk in flight, so neither side can block on a full pipe while
the other does. The workers start on first use and stop when this process exits; a worker
that fails makes the batch fall back to this process.
"""

from __future__ import annotations

import atexit
import logging
import os
import pickle
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from itertools import islice
from pathlib import Path
from typing import IO, Any, cast

log = logging.getLogger("gongkai.search")
_ROOT = str(Path(__file__).resolve().parents[2])  # the directory holding the gongkai package


class WorkerFailed(Exception):
    pass


class _Worker:
    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gongkai.search.workers"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env={**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [_ROOT, os.environ.get("PYTHONPATH")]))},
        )

    def send(self, texts: list[str]) -> None:
        try:
            pickle.dump(texts, cast(IO[bytes], self.process.stdin), protocol=pickle.HIGHEST_PROTOCOL)
            cast(IO[bytes], self.process.stdin).flush()
        except OSError as exc:
            raise WorkerFailed(str(exc)) from exc

    def receive(self) -> list[Any]:
        try:
            return cast(list[Any], pickle.load(cast(IO[bytes], self.process.stdout)))  # noqa: S301  (our own child process, over its pipe)
        except (EOFError, OSError, pickle.UnpicklingError) as exc:
            raise WorkerFailed(str(exc)) from exc

    def stop(self) -> None:
        if self.process.poll() is None:
            try:
                cast(IO[bytes], self.process.stdin).close()
                self.process.wait(timeout=5)
            except (OSError, subprocess.TimeoutExpired):
                self.process.kill()


class Pool:
    """``count`` worker processes; ``map`` keeps the order of its input."""

    def __init__(self, count: int) -> None:
        self.count = count
        self.workers: list[_Worker] = []
        self.lock = threading.Lock()  # one batch at a time: a chunk's answer is the next read

    def _start(self) -> list[_Worker]:
        if len(self.workers) < self.count or any(w.process.poll() is not None for w in self.workers):
            self.stop()
            self.workers = [_Worker() for _ in range(self.count)]
        return self.workers

    def map(self, texts: Sequence[str], chunk: int) -> Iterator[Any]:
        with self.lock:
            in_flight: list[_Worker] = []
            try:
                workers = self._start()
                chunks = iter([list(texts[i : i + chunk]) for i in range(0, len(texts), chunk)])
                for worker, first in zip(workers, islice(chunks, len(workers)), strict=False):
                    in_flight.append(worker)
                    worker.send(first)
                while in_flight:
                    worker = in_flight[0]
                    results = worker.receive()
                    in_flight.pop(0)
                    following = next(chunks, None)
                    if following is not None:
                        in_flight.append(worker)
                        worker.send(following)
                    yield from results
            finally:
                if in_flight:  # failed, or the caller stopped reading: answers are still coming
                    self.stop()

    def stop(self) -> None:
        for worker in self.workers:
            worker.stop()
        self.workers = []


_pools: dict[int, Pool] = {}


def pool(count: int) -> Pool:
    if count not in _pools:
        _pools[count] = Pool(count)
    return _pools[count]


@atexit.register
def _stop_all() -> None:
    for each in _pools.values():
        each.stop()


def serve(work: Callable[[str], Any]) -> None:
    """The worker's loop: a pickled list of texts in, the list of ``work(text)`` out."""
    source, sink = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # a stray print must not corrupt the answers
    while True:
        try:
            texts = pickle.load(source)  # noqa: S301  (from the parent that started this process)
        except EOFError:
            return
        pickle.dump([work(text) for text in texts], sink, protocol=pickle.HIGHEST_PROTOCOL)
        sink.flush()


if __name__ == "__main__":
    from gongkai.search.text import analyse

    serve(analyse)
