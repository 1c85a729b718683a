"""Running the Debian programs the reader needs (pdftoppm, tesseract, soffice) under the file's
deadline. Each runs in its own process group, so that on a timeout the whole group is killed:
``soffice`` is a script that starts ``oosplash`` and ``soffice.bin``, and killing only the
first would leave LibreOffice running."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass

from gongkai.publishing.reading.core import NO_TOOL, Budget, Unreadable

# The tool's name for the editor's message, by executable.
TOOLS = {
    "pdftoppm": "PDF渲染程序（poppler-utils）",
    "tesseract": "文字识别程序（tesseract-ocr）",
    "soffice": "文档转换程序（LibreOffice）",
}


@dataclass(frozen=True)
class Finished:
    returncode: int
    stdout: bytes
    stderr: bytes


def executable(name: str, kind_label: str) -> str:
    """The program's path, or Unreadable naming the Debian package to install."""
    path = shutil.which(name)
    if path is None:
        raise Unreadable(NO_TOOL, tool=TOOLS.get(name, name), kind=kind_label)
    return path


def run(
    command: Sequence[str],
    budget: Budget,
    stdin: bytes = b"",
    env: dict[str, str] | None = None,
    cwd: str | None = None,
) -> Finished:
    """Run ``command`` with ``stdin`` as its input until it ends or the budget's deadline passes;
    then its process group is killed and Unreadable (timed out) raised."""
    timeout = budget.remaining()
    process = subprocess.Popen(  # noqa: S603 (fixed programs, our own arguments; no shell)
        list(command),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, **(env or {})},
        cwd=cwd,
        start_new_session=True,  # its own process group, killed as one
    )
    try:
        stdout, stderr = process.communicate(stdin, timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(process.pid)
        process.communicate()
        raise budget.timed_out() from None
    except BaseException:
        _kill_group(process.pid)
        process.communicate()
        raise
    return Finished(process.returncode, stdout, stderr)


def _kill_group(pid: int) -> None:
    """Only while the leader is not yet reaped: its pid, the group's id, cannot be reused."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGKILL)
