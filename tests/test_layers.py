"""The layers are import contracts (pyproject.toml, run by ``make lint``): the core knows no domain
and no view, domains know no view, nothing imports the demo app. A new import from a domain into
the workbench fails them."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603
        [str(LINT_IMPORTS), "--config", str(REPO / "pyproject.toml")],
        cwd=root,
        env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_code_keeps_its_layers() -> None:
    result = lint_imports(REPO)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 3 kept, 0 broken." in result.stdout


def test_a_new_import_from_a_domain_into_the_workbench_breaks_them(tmp_path: Path) -> None:
    shutil.copytree(
        REPO / "gongkai", tmp_path / "gongkai", ignore=shutil.ignore_patterns("static", "templates", "data")
    )
    services = tmp_path / "gongkai" / "foi" / "handling.py"
    services.write_text(services.read_text() + "\nfrom gongkai.workbench import forms  # noqa\n")

    result = lint_imports(tmp_path)

    assert result.returncode == 1
    assert "Domains know no view BROKEN" in result.stdout
    assert "gongkai.foi.handling -> gongkai.workbench.forms" in result.stdout
