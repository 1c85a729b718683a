"""One list of Debian packages (system-packages.txt), read by scripts/system-packages, which
``make install`` runs: as root it installs what is missing; as anyone else it stops at once with
the one apt-get line. .ci/run, the README and docs/operations.md use it instead of copies."""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
from pathlib import Path

import pytest

from tests.ops import REPO

SCRIPT = REPO / "scripts" / "system-packages"
LIST = REPO / "system-packages.txt"


def run(*args: str, list_file: Path | None = None, user: int | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **({"SYSTEM_PACKAGES_LIST": str(list_file)} if list_file else {})}
    command = [str(SCRIPT), *args]
    if user is not None:  # drop to that user (we are root in CI); never sudo up
        command = ["setpriv", f"--reuid={user}", f"--regid={user}", "--clear-groups", *command]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=60, check=False)  # noqa: S603


def listed(need: str) -> list[str]:
    result = run("list", need)
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_the_list_says_what_running_and_testing_need() -> None:
    run_needs, test_needs = listed("run"), listed("test")
    assert {"fonts-noto-cjk", "libpango-1.0-0", "nodejs", "npm"} <= set(run_needs)  # npm: ECharts
    assert {"chromium", "gettext", "postgresql", "redis-server"} <= set(test_needs)
    assert not set(run_needs) & set(test_needs)
    assert listed("all") == run_needs + test_needs


def test_this_machine_has_everything_the_list_names() -> None:
    result = run("missing", "all")
    assert result.returncode == 0, f"missing: {result.stdout} (make install installs them as root)"


def test_a_command_on_path_satisfies_its_line(tmp_path: Path) -> None:
    # A Node.js from another source ships its own npm; Debian's npm would conflict with it.
    packages = tmp_path / "packages.txt"
    packages.write_text("test  gongkai-no-such-package  sh   # satisfied by sh\n")
    assert run("missing", list_file=packages).returncode == 0


def test_as_another_user_it_stops_at_once_with_the_one_apt_get_line() -> None:
    user = None if os.geteuid() != 0 else 65534  # nobody
    with tempfile.TemporaryDirectory() as folder:  # readable by that user, unlike pytest's tmp_path
        Path(folder).chmod(0o755)
        packages = Path(folder) / "packages.txt"
        packages.write_text("# a comment\n\nrun  fonts-noto-cjk\nrun  gongkai-no-such-package   # why\ntest chromium\n")
        packages.chmod(0o644)
        result = run("install", "run", list_file=packages, user=user)

    assert result.returncode == 1
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.endswith("apt-get update && apt-get install -y --no-install-recommends gongkai-no-such-package")


def test_make_install_installs_through_the_list_first() -> None:
    makefile = (REPO / "Makefile").read_text()
    assert re.search(r"^install: system-packages ", makefile, re.MULTILINE)
    assert "scripts/system-packages install" in makefile


@pytest.mark.parametrize("path", [".ci/run", "README.md", "docs/operations.md"])
def test_nobody_keeps_a_copy_of_the_list(path: str) -> None:
    text = (REPO / path).read_text()
    assert "system-packages" in text
    for package in ("fonts-noto-cjk", "fonts-wqy-microhei", "libpango-1.0-0", "redis-server"):
        assert not re.search(rf"apt-get install[^\n]*\b{re.escape(package)}\b", text), (path, package)
    if path == ".ci/run":
        assert "packages=(" not in text
