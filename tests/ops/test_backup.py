"""The operator backs up the site, something goes wrong, and the backup puts it back.

The SQLite tests run ``manage.py`` against a real database file in a temporary data directory.
The PostgreSQL test runs only when DATABASE_URL points at PostgreSQL, in a scratch database
it creates and drops itself.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import sqlite3
import tarfile
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest

from gongkai.env import parse_database_url
from gongkai.ops import backup
from gongkai.ops.backup import BackupError
from tests.ops import clean_env, manage

ATTACHMENT = "attachments/2026/关于政务公开的通知.txt"
ATTACHMENT_TEXT = "康巴什区政务公开工作要点\n"
ARCHIVE_NAME = re.compile(r"gongkai-backup-\d{8}-\d{6}\.tar\.gz")
Members = dict[str, bytes]


@dataclass(frozen=True)
class Site:
    data_dir: Path
    env: dict[str, str]

    @property
    def database(self) -> Path:
        return self.data_dir / "gongkai.sqlite3"

    @property
    def attachment(self) -> Path:
        return self.data_dir / "media" / ATTACHMENT

    def query(self, sql: str) -> list[tuple[Any, ...]]:
        with closing(sqlite3.connect(self.database)) as db:
            return db.execute(sql).fetchall()

    def change(self, *statements: str) -> None:
        with closing(sqlite3.connect(self.database)) as db, db:
            for sql in statements:
                db.execute(sql)


def archive_path(output: str) -> Path:
    """The path from the command's last line, ``备份完成：<path>``."""
    last = output.strip().splitlines()[-1]
    assert last.startswith("备份完成：")
    return Path(last.removeprefix("备份完成："))


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Site, Path]:
    """The demo district with one uploaded file, and an archive of it made by ``manage.py backup``."""
    data_dir = tmp_path_factory.mktemp("template")
    site = Site(data_dir, clean_env(GONGKAI_DATA_DIR=str(data_dir)))
    manage(site.env, "migrate", "--noinput", "-v0")
    manage(site.env, "seed_demo")
    site.attachment.parent.mkdir(parents=True, exist_ok=True)  # the demo gazette PDFs are there too
    site.attachment.write_text(ATTACHMENT_TEXT, encoding="utf-8")
    result = manage(site.env, "backup", "--output", str(tmp_path_factory.mktemp("archives")))
    return site, archive_path(result.stdout)


@pytest.fixture
def site(demo_site: tuple[Site, Path], tmp_path: Path) -> Site:
    """A copy of the demo district of this test's own."""
    data_dir = tmp_path / "data"
    shutil.copytree(demo_site[0].data_dir, data_dir)
    return Site(data_dir, clean_env(GONGKAI_DATA_DIR=str(data_dir)))


@pytest.fixture
def archive(demo_site: tuple[Site, Path]) -> Path:
    return demo_site[1]


def read_members(archive: Path) -> Members:
    with tarfile.open(archive, "r:gz") as tar:
        return {m.name: tar.extractfile(m).read() for m in tar.getmembers() if m.isfile()}


def write_members(members: Members, target: Path) -> Path:
    with tarfile.open(target, "w:gz") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return target


def edit_manifest(change: Callable[[dict[str, Any]], None]) -> Callable[[Members], None]:
    def edit(members: Members) -> None:
        manifest = json.loads(members["manifest.json"])
        change(manifest)
        members["manifest.json"] = json.dumps(manifest).encode()

    return edit


# --- manage.py backup / restore on SQLite -------------------------------------------------


def test_backup_writes_one_archive_with_manifest_database_and_files(archive: Path) -> None:
    assert ARCHIVE_NAME.fullmatch(archive.name)
    assert [p.name for p in archive.parent.iterdir()] == [archive.name]  # no scratch files left
    assert archive.stat().st_mode & 0o077 == 0  # personal data: readable by the owner only
    members = read_members(archive)
    manifest = json.loads(members["manifest.json"])
    assert manifest["format_version"] == backup.FORMAT_VERSION
    assert manifest["database"] == {"vendor": "sqlite", "file": "database.sqlite3"}
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00", manifest["created_at"])
    assert "0001_initial" in manifest["migrations"]["orgs"]
    paths = {entry["path"] for entry in manifest["files"]}
    assert {"database.sqlite3", f"media/{ATTACHMENT}"} <= paths  # with the demo's own uploads
    assert all(p == "database.sqlite3" or p.startswith("media/") for p in paths)
    assert set(members) == {"manifest.json", *paths}
    assert members[f"media/{ATTACHMENT}"].decode() == ATTACHMENT_TEXT


def test_restore_brings_back_the_database_and_the_uploaded_files(site: Site, archive: Path) -> None:
    units = site.query("SELECT id, name FROM orgs_unit ORDER BY id")
    memberships = site.query("SELECT COUNT(*) FROM orgs_membership")[0][0]
    assert memberships > 0
    site.change("UPDATE orgs_unit SET name = name || '（误改）'", "DELETE FROM orgs_membership")
    site.attachment.unlink()
    (site.data_dir / "media" / "stray.txt").write_text("not in the backup")

    result = manage(site.env, "restore", str(archive), "--yes")

    assert "校验通过" in result.stdout
    assert "恢复完成" in result.stdout
    assert site.query("SELECT id, name FROM orgs_unit ORDER BY id") == units
    assert site.query("SELECT COUNT(*) FROM orgs_membership")[0][0] == memberships
    assert site.attachment.read_text(encoding="utf-8") == ATTACHMENT_TEXT
    assert not (site.data_dir / "media" / "stray.txt").exists()
    leftovers = [p.name for p in site.data_dir.iterdir() if p.name.startswith(".") or p.name.endswith("-wal")]
    assert leftovers == []


def test_backup_is_consistent_while_the_app_is_writing(site: Site, tmp_path: Path) -> None:
    writer = sqlite3.connect(site.database, isolation_level=None)
    try:
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("UPDATE orgs_unit SET name = '写了一半' WHERE id = (SELECT MIN(id) FROM orgs_unit)")
        result = manage(site.env, "backup", "--output", str(tmp_path / "out"))
    finally:
        writer.close()  # the write is never committed
    (tmp_path / "db.sqlite3").write_bytes(read_members(archive_path(result.stdout))["database.sqlite3"])
    with closing(sqlite3.connect(tmp_path / "db.sqlite3")) as copy:
        assert copy.execute("SELECT COUNT(*) FROM orgs_unit WHERE name = '写了一半'").fetchone() == (0,)
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_tampered_archive_is_refused_and_nothing_changes(site: Site, archive: Path, tmp_path: Path) -> None:
    members = read_members(archive)
    members[f"media/{ATTACHMENT}"] = "篡改后的内容".encode()
    tampered = write_members(members, tmp_path / archive.name)
    site.change("UPDATE orgs_unit SET name = '备份之后的修改' WHERE id = (SELECT MIN(id) FROM orgs_unit)")
    before = site.query("SELECT id, name FROM orgs_unit ORDER BY id")

    result = manage(site.env, "restore", str(tampered), "--yes", check=False)

    assert result.returncode != 0
    assert f"校验失败：media/{ATTACHMENT}" in result.stderr
    assert "未做任何改动" in result.stderr
    assert "正在恢复" not in result.stdout
    assert site.query("SELECT id, name FROM orgs_unit ORDER BY id") == before
    assert site.attachment.read_text(encoding="utf-8") == ATTACHMENT_TEXT
    assert [p.name for p in site.data_dir.iterdir() if p.name.startswith(".")] == []


def test_restore_asks_first_and_stops_unless_told_yes(site: Site, archive: Path) -> None:
    site.change("UPDATE orgs_unit SET name = '备份之后的修改' WHERE id = (SELECT MIN(id) FROM orgs_unit)")

    result = manage(site.env, "restore", str(archive), stdin="no\n", check=False)

    assert result.returncode != 0
    assert "输入 yes 继续" in result.stdout
    assert "已取消" in result.stderr
    assert site.query("SELECT COUNT(*) FROM orgs_unit WHERE name = '备份之后的修改'") == [(1,)]


def indexed(site: Site) -> int:
    code = "from gongkai.search.backends import get_backend; print(get_backend().count())"
    return int(manage(site.env, "shell", "-v0", "-c", code).stdout.strip())


def test_restore_on_a_new_machine_says_to_rebuild_the_search_index(site: Site, archive: Path) -> None:
    # The embedded index lives in the data directory, not in the backup.
    shutil.rmtree(site.data_dir / "search")

    result = manage(site.env, "restore", str(archive), "--yes")

    assert result.stdout.strip().splitlines()[-1] == (
        "提示：检索索引不在备份中，已与恢复的数据不符。请运行 manage.py reindex 重建检索索引。"
    )
    assert indexed(site) == 0  # the public search would find nothing
    manage(site.env, "reindex")
    assert indexed(site) > 0


def test_no_reindex_hint_when_the_index_is_in_the_restored_database(settings: Any) -> None:
    from gongkai.ops.management.commands.restore import index_outside_database

    settings.SEARCH_BACKEND = "gongkai.search.backends.postgres_backend.PostgresBackend"
    assert not index_outside_database()
    settings.SEARCH_BACKEND = "gongkai.search.backends.tantivy_backend.TantivyBackend"
    assert index_outside_database()


# --- Verification, in process ------------------------------------------------------------


@pytest.fixture
def scratch_data_dir(settings: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """An empty data directory, and a SQLite site whatever database the test run itself uses."""
    settings.DATA_DIR = tmp_path / "data"
    monkeypatch.setattr(backup, "connections", {"default": SimpleNamespace(vendor="sqlite")})
    return settings.DATA_DIR


def test_a_sound_archive_passes_every_check(scratch_data_dir: Path, archive: Path) -> None:
    with backup.verified_backup(archive) as verified:
        assert verified.vendor == "sqlite"
        assert verified.media_count == len([name for name in read_members(archive) if name.startswith("media/")])
        # A run with REDIS_URL installs django_rq, which the archived demo site did not have.
        assert [m for m in verified.missing_migrations if not m.startswith("django_rq.")] == []
        assert verified.database_file.is_file()
    assert list(scratch_data_dir.iterdir()) == []  # the scratch folder is gone again


def _flip_byte(name: str) -> Callable[[Members], None]:
    def flip(members: Members) -> None:
        data = bytearray(members[name])
        data[len(data) // 2] ^= 0xFF
        members[name] = bytes(data)

    return flip


def _future_migration(manifest: dict[str, Any]) -> None:
    manifest["migrations"]["orgs"].append("9999_from_the_future")


TAMPERING: dict[str, tuple[Callable[[Members], None], str]] = {
    "database edited": (_flip_byte("database.sqlite3"), "校验失败：database.sqlite3"),
    "uploaded file edited": (_flip_byte(f"media/{ATTACHMENT}"), "校验失败：media/"),
    "uploaded file removed": (lambda m: m.pop(f"media/{ATTACHMENT}"), "缺少文件"),
    "file slipped in": (lambda m: m.update({"media/extra.html": b"<script>"}), "清单之外"),
    "path escapes": (lambda m: m.update({"../escape.txt": b"x"}), "不应出现"),
    "manifest removed": (lambda m: m.pop("manifest.json"), "manifest.json 缺失"),
    "manifest garbled": (lambda m: m.update({"manifest.json": b"{not json"}), "无法解析"),
    "entry listed twice": (edit_manifest(lambda m: m["files"].append(m["files"][0])), "重复条目"),
    "checksum not text": (edit_manifest(lambda m: m["files"][0].update(sha256=None)), "格式不对"),
    "unknown format version": (edit_manifest(lambda m: m.update(format_version=99)), "格式版本"),
    "other database vendor": (
        edit_manifest(lambda m: m["database"].update(vendor="postgresql")),
        "数据库类型不一致",
    ),
    "made by newer code": (edit_manifest(_future_migration), "更新版本"),
}


@pytest.mark.parametrize("tampering", TAMPERING.keys())
def test_a_changed_archive_is_refused(scratch_data_dir: Path, archive: Path, tmp_path: Path, tampering: str) -> None:
    change, message = TAMPERING[tampering]
    members = read_members(archive)
    change(members)
    changed = write_members(members, tmp_path / archive.name)

    with pytest.raises(BackupError, match=message), backup.verified_backup(changed):
        pytest.fail("a changed archive must not get this far")
    assert list(scratch_data_dir.iterdir()) == []


@pytest.mark.parametrize("cut", [lambda data: data[: len(data) // 2], lambda data: b"not a gzip file"])
def test_a_damaged_archive_is_refused(
    scratch_data_dir: Path, archive: Path, tmp_path: Path, cut: Callable[[bytes], bytes]
) -> None:
    damaged = tmp_path / archive.name
    damaged.write_bytes(cut(archive.read_bytes()))

    with pytest.raises(BackupError, match="已损坏"), backup.verified_backup(damaged):
        pytest.fail("a damaged archive must not get this far")


def test_sqlite_restore_replaces_the_file_and_drops_the_old_wal(tmp_path: Path) -> None:
    source, target = tmp_path / "backup.sqlite3", tmp_path / "live" / "gongkai.sqlite3"
    source.write_bytes(b"restored")
    target.parent.mkdir()
    target.write_bytes(b"live")
    for suffix in ("-wal", "-shm"):
        Path(f"{target}{suffix}").write_bytes(b"stale")

    backup.restore_sqlite(source, target)

    assert target.read_bytes() == b"restored"
    assert sorted(p.name for p in target.parent.iterdir()) == ["gongkai.sqlite3"]


def test_postgres_password_travels_in_the_environment_not_the_command_line() -> None:
    database = parse_database_url("postgres://gongkai:s3cr%40t@db.internal:6543/gongkai?sslmode=require")

    command, env = backup.pg_command("pg_dump", database, "--format=custom")

    assert not any("s3cr@t" in part for part in command)
    assert command[:3] == ["pg_dump", "--no-password", "--dbname=gongkai"]
    assert env["PGPASSWORD"] == "s3cr@t"
    assert (env["PGHOST"], env["PGPORT"], env["PGUSER"], env["PGSSLMODE"]) == (
        "db.internal",
        "6543",
        "gongkai",
        "require",
    )


# --- PostgreSQL --------------------------------------------------------------------------

SCRATCH_DATABASE = "gongkai_backup_test"
DATABASE_URL = os.environ.get("DATABASE_URL", "")
needs_postgres = pytest.mark.skipif(
    not DATABASE_URL.startswith(("postgres://", "postgresql://", "pgsql://")),
    reason="PostgreSQL round trip runs only when DATABASE_URL points at PostgreSQL",
)


@pytest.fixture
def scratch_postgres() -> Iterator[str]:
    """A database of this test's own on the server in DATABASE_URL, dropped afterwards."""
    import psycopg

    server = parse_database_url(DATABASE_URL)
    params = {
        key.lower(): value for key, value in server.items() if key in {"HOST", "PORT", "USER", "PASSWORD"} and value
    }
    params.update(server["OPTIONS"])  # sslmode and the like
    admin = psycopg.connect(dbname="postgres", autocommit=True, **params)
    with admin:
        admin.execute(f"DROP DATABASE IF EXISTS {SCRATCH_DATABASE} WITH (FORCE)")
        admin.execute(f"CREATE DATABASE {SCRATCH_DATABASE}")
        parts = urlsplit(DATABASE_URL)
        try:
            yield urlunsplit(parts._replace(path=f"/{SCRATCH_DATABASE}"))
        finally:
            admin.execute(f"DROP DATABASE IF EXISTS {SCRATCH_DATABASE} WITH (FORCE)")


GROUPS_SQL = (
    "SELECT g.name, COUNT(gp.id) FROM auth_group g LEFT JOIN auth_group_permissions gp ON gp.group_id = g.id"
    " GROUP BY g.name ORDER BY g.name"
)


@needs_postgres
def test_postgres_backup_and_restore_round_trip(scratch_postgres: str, tmp_path: Path) -> None:
    import psycopg

    env = clean_env(GONGKAI_DATA_DIR=str(tmp_path), DATABASE_URL=scratch_postgres)
    manage(env, "migrate", "--noinput", "-v0")
    with psycopg.connect(scratch_postgres) as db:  # seed_demo would do, but hashing its passwords is slow
        db.execute("INSERT INTO auth_group (name) VALUES ('政务公开办公室'), ('依申请公开受理')")
        db.execute(
            "INSERT INTO auth_group_permissions (group_id, permission_id)"
            " SELECT g.id, p.id FROM auth_group g, auth_permission p"
        )
        groups = db.execute(GROUPS_SQL).fetchall()
    attachment = tmp_path / "media" / ATTACHMENT
    attachment.parent.mkdir(parents=True)
    attachment.write_text(ATTACHMENT_TEXT, encoding="utf-8")
    archive = archive_path(manage(env, "backup").stdout)
    assert json.loads(read_members(archive)["manifest.json"])["database"]["vendor"] == "postgresql"
    with psycopg.connect(scratch_postgres) as db:
        db.execute("DELETE FROM auth_group_permissions")
        db.execute("UPDATE auth_group SET name = name || '（误改）'")
    attachment.unlink()

    manage(env, "restore", str(archive), "--yes")

    with psycopg.connect(scratch_postgres) as db:
        assert db.execute(GROUPS_SQL).fetchall() == groups
    assert attachment.read_text(encoding="utf-8") == ATTACHMENT_TEXT
    sqlite_env = clean_env(GONGKAI_DATA_DIR=str(tmp_path / "other"))
    refused = manage(sqlite_env, "restore", str(archive), "--yes", check=False)
    assert "数据库类型不一致" in refused.stderr


def test_migrations_of_an_app_no_longer_installed_do_not_make_a_backup_newer(archive: Path) -> None:
    """A site upgraded past the removal of an app (django-simple-captcha, issue 18) keeps that
    app's rows in django_migrations, so its backups list them: they are inert, not newer code."""
    manifest = json.loads(read_members(archive)["manifest.json"])
    manifest["migrations"]["captcha"] = ["0001_initial", "0002_alter_captchastore_id"]
    missing = backup.check_migrations(manifest)
    assert not any(name.startswith("captcha.") for name in missing)
    manifest["migrations"]["orgs"].append("9999_from_the_future")
    with pytest.raises(BackupError, match="更新版本"):
        backup.check_migrations(manifest)
    manifest["migrations"]["orgs"].pop()
    manifest["migrations"]["an_app_of_newer_code"] = ["0001_initial"]
    with pytest.raises(BackupError, match="更新版本"):
        backup.check_migrations(manifest)
