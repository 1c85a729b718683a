"""The data directory holds applicants' ID cards and the SQLite database: 0700/0600, never what
umask 022 leaves (issue 15, point 6). Uploads are written 0600; ``manage.py check --deploy`` names what another
user could read, and production refuses to start on it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from gongkai.ops import checks
from tests.ops import clean_env, run_python
from tests.ops.test_settings import GOOD_KEY


def test_an_upload_is_readable_by_the_server_only(settings: Any) -> None:
    name = default_storage.save("requests/2026/id-card.pdf", ContentFile(b"%PDF-1.4"))
    path = Path(default_storage.path(name))
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    assert oct(path.parent.stat().st_mode & 0o777) == "0o700"


def test_the_check_names_a_readable_data_directory(settings: Any, tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir(mode=0o700)
    settings.DATA_DIR = data
    settings.MEDIA_ROOT = data / "media"
    assert checks.data_dir_private() == []
    data.chmod(0o755)  # the case refused
    (found,) = checks.data_dir_private()
    assert found.id == "gongkai.E110" and "755" in found.msg and str(data) in found.msg


def test_production_refuses_to_start_with_a_readable_data_directory(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    data.chmod(0o755)  # what umask 022 leaves: the case refused
    env = clean_env(
        GONGKAI_DATA_DIR=str(data), GONGKAI_MODE="production", SECRET_KEY=GOOD_KEY,
        ALLOWED_HOSTS="gongkai.example.gov.cn",
    )  # fmt: skip
    refused = run_python(env, "-c", "import gongkai.wsgi")
    assert refused.returncode != 0 and "gongkai.E110" in refused.stderr
    data.chmod(0o700)
    started = run_python(env, "-c", "import gongkai.wsgi")
    assert started.returncode == 0, started.stderr
