"""The layers are import contracts (pyproject.toml, run by ``make lint``): the core knows no domain
and no view, domains know no view, no cycle between apps, nothing imports the demo app. A new
import from a domain into the workbench fails them, and so does a cycle."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603
        [str(LINT_IMPORTS), str(REPO / "pyproject.toml")],
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
    assert "Contracts: 4 kept, 0 broken." in result.stdout


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


def test_a_cycle_between_two_apps_breaks_them(tmp_path: Path) -> None:
    skip = shutil.ignore_patterns("static", "templates", "data")
    shutil.copytree(REPO / "gongkai", tmp_path / "gongkai", ignore=skip)
    # gazette already imports search (its index hook); search importing gazette closes a cycle.
    text = tmp_path / "gongkai" / "search" / "text.py"
    text.write_text(text.read_text() + "\nfrom gongkai.gazette import filenames  # noqa\n")

    result = lint_imports(tmp_path)

    assert result.returncode == 1
    assert "No cycle between apps BROKEN" in result.stdout


CORE_AND_DOMAINS = [
    "orgs", "workdays", "audit", "reminders", "catalog", "publishing", "policies", "gazette", "search", "foi",
    "participation", "supervision", "reports", "assessment",
]  # fmt: skip


def test_no_domain_spells_a_view_layers_url_name() -> None:
    """A domain names a public page through the core's resolver (publiclinks, RULINGS.md 9),
    never by the portal's or the workbench's URL names."""
    spelled = [
        f"{path.relative_to(REPO)}:{number}"
        for app in CORE_AND_DOMAINS
        for path in (REPO / "gongkai" / app).rglob("*.py")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if '"portal:' in line or '"workbench:' in line or "'portal:" in line or "'workbench:" in line
    ]
    assert not spelled, spelled


def test_the_portal_registers_every_public_page_the_domains_name(db: None) -> None:
    from gongkai import publiclinks

    assert publiclinks.kinds() == {
        "item",
        "attachment",
        "answer",
        "statutory",
        "column",
        "inquiries",
        "code",
        "site_column",
        "services",
        "service",
    }
    assert publiclinks.public_url("code", 7) == "/xxgk/policies/code/7/"
    assert publiclinks.public_url("item", 7) == "/xxgk/items/7/"
    assert publiclinks.public_url("attachment", 7, 3).startswith("/xxgk/items/7/")
    assert publiclinks.public_url("statutory") == "/xxgk/statutory/"


def test_an_unregistered_kind_says_who_registers_it() -> None:
    from gongkai import publiclinks

    try:
        publiclinks.public_url("fiscal-budget", 2026)
    except LookupError as exc:
        assert "PortalConfig.ready" in str(exc)
    else:
        raise AssertionError("an unregistered kind must not resolve")
