"""Fonts are checked, not assumed: the system check, production start-up, /healthz, and the
stylesheets naming exactly the fonts the check looks for (RULINGS.md: issue 23)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import Client

from gongkai import fonts
from tests.ops import clean_env, run_python
from tests.ops.test_settings import GOOD_KEY

REPO = Path(__file__).resolve().parents[2]
STYLESHEETS = [
    REPO / "gongkai/foi/templates/foi/letters/letter.html",
    REPO / "gongkai/reports/templates/reports/report_pdf.html",
]
GENERIC = {"serif", "sans-serif"}


def test_this_machine_has_a_font_for_the_letters() -> None:
    assert fonts.installed(fonts.CJK), "fonts-noto-cjk: make install installs it"
    assert fonts.missing() == []
    call_command("check", "--tag", "fonts")  # raises on an error


def test_with_only_dejavu_the_check_fails_naming_the_package(dejavu_only: Path) -> None:
    assert fonts.installed(fonts.CJK) == []
    assert "DejaVu Sans" in (fonts.families_for("en") or set())  # fontconfig did read the file

    with pytest.raises(SystemCheckError) as failed:
        call_command("check")

    assert "gongkai.E100" in str(failed.value)
    assert "apt-get install fonts-noto-cjk" in str(failed.value)


def test_healthz_warns_without_the_font_and_stays_ok(client: Client, db: None, dejavu_only: Path) -> None:
    response = client.get("/healthz")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    [warning] = body["warnings"]
    assert warning["id"] == "gongkai.E100"
    assert "fonts-noto-cjk" in warning["hint"]


def test_production_refuses_to_start_without_the_font(tmp_path: Path, dejavu_only: Path) -> None:
    env = clean_env(
        GONGKAI_DATA_DIR=str(tmp_path),
        GONGKAI_MODE="production",
        SECRET_KEY=GOOD_KEY,
        ALLOWED_HOSTS="gongkai.example.gov.cn",
        FONTCONFIG_FILE=str(dejavu_only),
    )
    refused = run_python(env, "-c", "import gongkai.wsgi")
    assert refused.returncode != 0
    assert "refuses to start" in refused.stderr
    assert "apt-get install fonts-noto-cjk" in refused.stderr

    env.pop("FONTCONFIG_FILE")
    started = run_python(env, "-c", "import gongkai.wsgi")
    assert started.returncode == 0, started.stderr


@pytest.mark.parametrize("stylesheet", STYLESHEETS, ids=lambda path: path.name)
def test_the_stylesheets_name_only_the_fonts_the_check_looks_for(stylesheet: Path) -> None:
    declarations = re.findall(r"font-family:\s*([^;]+);", stylesheet.read_text())
    assert declarations
    for declaration in declarations:
        names = [name.strip().strip('"') for name in declaration.split(",")]
        assert names[-1] in GENERIC
        assert names[:-1] and set(names[:-1]) <= set(fonts.CJK.families), declaration


def test_refusing_logs_an_error_and_names_the_package(dejavu_only: Path, caplog: pytest.LogCaptureFixture) -> None:
    with pytest.raises(fonts.FontsMissing) as refused:
        fonts.require(fonts.CJK)

    assert "fonts-noto-cjk" in str(refused.value)
    assert "方框" in str(refused.value)  # the clerk is told what would have gone wrong
    [entry] = [r for r in caplog.records if r.name == "gongkai.fonts"]
    assert entry.levelname == "ERROR" and entry.package == "fonts-noto-cjk"  # type: ignore[attr-defined]


def test_a_run_without_the_font_stops_before_the_first_test_naming_the_package(dejavu_only: Path) -> None:
    env = {**clean_env(), "FONTCONFIG_FILE": str(dejavu_only)}
    result = run_python(env, "-m", "pytest", "-q", "tests/ops/test_health.py")

    output = result.stdout + result.stderr
    assert result.returncode == 3, output
    assert "missing on this machine: fonts-noto-cjk" in output
    assert "apt-get install fonts-noto-cjk" in output
    assert " passed" not in output and " failed" not in output
