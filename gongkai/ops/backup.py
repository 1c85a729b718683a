"""Backup and restore: one archive holds the database, the uploaded files and a manifest.

The archive (``gongkai-backup-YYYYmmdd-HHMMSS.tar.gz``) contains ``manifest.json`` (format
version, creation time, database vendor, applied migrations, sha256 of every file), the
database (``database.sqlite3`` or a ``pg_dump --format=custom`` file ``database.pgdump``) and
``media/``. A restore checks everything before it changes anything: a corrupt or altered
archive is refused with the live data untouched. The checksums catch damage and casual
editing, not a forger who rewrites the manifest too; keep backups where only operators write.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Any

from django.apps import apps as django_apps
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = "gongkai-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
MEDIA = "media"
DATABASE_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
_CHUNK = 1024 * 1024
# Connection OPTIONS that libpq also reads from the environment; others are Django's own.
_PG_OPTION_ENV = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "connect_timeout": "PGCONNECT_TIMEOUT",
    "options": "PGOPTIONS",
    "application_name": "PGAPPNAME",
}

Say = Callable[[str], None]
FileEntry = dict[str, Any]


class BackupError(Exception):
    """A refusal or a failure, worded for the operator who ran the command."""


@dataclass(frozen=True)
class VerifiedBackup:
    """An archive unpacked into ``staging`` whose manifest and checksums have been checked."""

    staging: Path
    manifest: dict[str, Any]
    missing_migrations: list[str]

    @property
    def vendor(self) -> str:
        return str(self.manifest["database"]["vendor"])

    @property
    def database_file(self) -> Path:
        return self.staging / self.manifest["database"]["file"]

    @property
    def media_count(self) -> int:
        return sum(1 for entry in self.manifest["files"] if entry["path"].startswith(f"{MEDIA}/"))


def default_backup_dir() -> Path:
    return Path(settings.DATA_DIR) / "backups"


def archive_name(moment: datetime) -> str:
    return f"gongkai-backup-{timezone.localtime(moment):%Y%m%d-%H%M%S}.tar.gz"


def file_entry(staging: Path, name: str) -> FileEntry:
    path = staging / name
    return {"path": name, "sha256": sha256_file(path), "size": path.stat().st_size}


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


# --- Backup ------------------------------------------------------------------------------


def create_backup(output_dir: Path, say: Say, alias: str = DEFAULT_DB_ALIAS) -> Path:
    """Write one archive into ``output_dir`` and return its path; nothing partial is left there."""
    connection = connections[alias]
    if connection.vendor not in DATABASE_FILES:
        raise BackupError(f"不支持备份 {connection.vendor} 数据库。")
    output_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    now = timezone.now()
    target = output_dir / archive_name(now)
    if target.exists():
        raise BackupError(f"备份文件已存在：{target}，请稍后再试。")
    with tempfile.TemporaryDirectory(dir=output_dir, prefix=".backup-") as tmp:
        staging = Path(tmp)
        db_name = DATABASE_FILES[connection.vendor]
        say(f"正在导出数据库（{connection.vendor}）……")
        dump_database(connection, staging / db_name)
        files = [file_entry(staging, db_name)]
        say("正在复制上传文件……")
        files += copy_media(Path(settings.MEDIA_ROOT), staging / MEDIA)
        say(f"上传文件 {len(files) - 1} 个。")
        manifest = build_manifest(connection, now, db_name, files)
        (staging / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
        say("正在写入备份文件……")
        write_archive(staging, [MANIFEST, *(str(entry["path"]) for entry in files)], target)
    return target


def build_manifest(
    connection: BaseDatabaseWrapper, created: datetime, db_name: str, files: list[FileEntry]
) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "created_at": timezone.localtime(created).isoformat(timespec="seconds"),
        "database": {"vendor": connection.vendor, "file": db_name},
        "migrations": migration_state(connection),
        "files": files,
    }


def migration_state(connection: BaseDatabaseWrapper) -> dict[str, list[str]]:
    """Applied migrations per app, as recorded in the database being backed up."""
    state: dict[str, list[str]] = {}
    for app_label, name in sorted(MigrationRecorder(connection).applied_migrations()):
        state.setdefault(app_label, []).append(name)
    return state


def dump_database(connection: BaseDatabaseWrapper, dest: Path) -> None:
    if connection.vendor == "sqlite":
        _dump_sqlite(Path(connection.settings_dict["NAME"]), dest)
    else:
        command, env = pg_command("pg_dump", connection.settings_dict, "--format=custom", f"--file={dest}")
        _run(command, env)


def _dump_sqlite(source: Path, dest: Path) -> None:
    """A consistent copy through SQLite's online backup API, safe beside a running app (WAL)."""
    if not source.is_file():
        raise BackupError(f"找不到数据库文件：{source}")
    with closing(sqlite3.connect(source, timeout=30)) as src, closing(sqlite3.connect(dest)) as dst:
        src.backup(dst)
        # A rollback-journal copy is one self-contained file; the app turns WAL back on when it opens it.
        dst.execute("PRAGMA journal_mode=DELETE")


def copy_media(source: Path, dest: Path) -> list[FileEntry]:
    """Copy the regular files under ``source`` (links are skipped: they may point anywhere)."""
    entries: list[FileEntry] = []
    if not source.is_dir():
        return entries
    for folder, dirnames, filenames in os.walk(source):
        dirnames.sort()
        for filename in sorted(filenames):
            path = Path(folder, filename)
            if path.is_symlink() or not path.is_file():
                continue
            relative = path.relative_to(source).as_posix()
            digest, size = _copy_hashed(path, dest / relative)
            entries.append({"path": f"{MEDIA}/{relative}", "sha256": digest, "size": size})
    return entries


def _copy_hashed(source: Path, dest: Path) -> tuple[str, int]:
    """Copy and hash in one read, so the checksum describes exactly the bytes archived."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    size = 0
    with source.open("rb") as inp, dest.open("wb") as out:
        while chunk := inp.read(_CHUNK):
            digest.update(chunk)
            out.write(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def write_archive(staging: Path, names: list[str], target: Path) -> None:
    """Write the tar.gz beside ``target`` and rename it into place (readable by the owner only)."""
    partial = staging / "archive.partial"
    with (
        open(partial, "xb", opener=lambda path, flags: os.open(path, flags, 0o600)) as raw,
        tarfile.open(fileobj=raw, mode="w:gz") as tar,
    ):
        for name in names:
            tar.add(staging / name, arcname=name, recursive=False)
    os.replace(partial, target)


# --- Verification ------------------------------------------------------------------------


@contextmanager
def verified_backup(archive: Path, alias: str = DEFAULT_DB_ALIAS) -> Iterator[VerifiedBackup]:
    """Unpack ``archive`` into a scratch folder in the data directory and check it completely."""
    if not archive.is_file():
        raise BackupError(f"找不到备份文件：{archive}")
    data_dir = Path(settings.DATA_DIR)
    data_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=data_dir, prefix=".restore-") as tmp:
        staging = Path(tmp)
        extract_archive(archive, staging)
        manifest = load_manifest(staging)
        verify_files(staging, manifest)
        check_vendor(manifest, connections[alias].vendor)
        if manifest["database"]["vendor"] == "sqlite":
            check_sqlite_file(staging / manifest["database"]["file"])
        yield VerifiedBackup(staging, manifest, check_migrations(manifest))


def extract_archive(archive: Path, staging: Path) -> None:
    try:
        with tarfile.open(archive, "r:gz") as tar:
            members = tar.getmembers()
            for member in members:
                _check_member(member)
            tar.extractall(staging, members=members, filter="data")
    except (tarfile.TarError, EOFError, zlib.error, OSError) as exc:
        raise BackupError(f"备份文件已损坏或无法读取（{exc}），未做任何改动。") from exc


def _safe_name(name: str) -> bool:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        return False
    return name == MANIFEST or name in DATABASE_FILES.values() or path.parts[0] == MEDIA


def _check_member(member: tarfile.TarInfo) -> None:
    if not (member.isfile() or member.isdir()) or not _safe_name(member.name):
        raise BackupError(f"备份文件含有不应出现的内容（{member.name}），可能已被篡改，未做任何改动。")


def load_manifest(staging: Path) -> dict[str, Any]:
    try:
        manifest = json.loads((staging / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BackupError("备份清单 manifest.json 缺失或无法解析，这不是有效的备份文件，未做任何改动。") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError("manifest.json 不是本程序的备份清单，未做任何改动。")
    if manifest.get("format_version") != FORMAT_VERSION:
        version = manifest.get("format_version")
        raise BackupError(f"不认识的备份格式版本 {version!r}（本程序支持 {FORMAT_VERSION}），未做任何改动。")
    if not _well_formed(manifest):
        raise BackupError("备份清单 manifest.json 内容不完整或格式不对，未做任何改动。")
    paths = [entry["path"] for entry in manifest["files"]]
    if len(set(paths)) != len(paths):
        raise BackupError("备份清单中有重复条目，可能已被篡改，未做任何改动。")
    return manifest


def _well_formed(manifest: dict[str, Any]) -> bool:
    try:
        database, files, migrations = manifest["database"], manifest["files"], manifest["migrations"]
        return (
            database["file"] in DATABASE_FILES.values()
            and isinstance(database["vendor"], str)
            and isinstance(migrations, dict)
            and all(isinstance(names, list) for names in migrations.values())
            and isinstance(files, list)
            and all(
                isinstance(e["path"], str) and isinstance(e["sha256"], str) and isinstance(e["size"], int)
                for e in files
            )
        )
    except (KeyError, TypeError):
        return False


def verify_files(staging: Path, manifest: dict[str, Any]) -> None:
    """Every listed file present with its checksum; nothing unlisted; the database among them."""
    listed = {entry["path"]: entry for entry in manifest["files"]}
    if manifest["database"]["file"] not in listed:
        raise BackupError("备份清单中没有数据库文件，未做任何改动。")
    for path, entry in listed.items():
        if not _safe_name(path) or path == MANIFEST:
            raise BackupError(f"备份清单中有不应出现的路径（{path}），可能已被篡改，未做任何改动。")
        file = staging / path
        if not file.is_file():
            raise BackupError(f"备份中缺少文件 {path}，可能已损坏，未做任何改动。")
        if file.stat().st_size != entry["size"] or sha256_file(file) != entry["sha256"]:
            raise BackupError(f"校验失败：{path} 与备份清单不符，备份文件可能已损坏或被篡改，未做任何改动。")
    present = {p.relative_to(staging).as_posix() for p in staging.rglob("*") if p.is_file()}
    extra = sorted(present - set(listed) - {MANIFEST})
    if extra:
        raise BackupError(f"备份中有清单之外的文件（{extra[0]}），可能已被篡改，未做任何改动。")


def check_vendor(manifest: dict[str, Any], vendor: str) -> None:
    archived = manifest["database"]["vendor"]
    if archived != vendor:
        raise BackupError(f"数据库类型不一致：备份来自 {archived}，当前配置为 {vendor}，不能恢复，未做任何改动。")


def check_sqlite_file(path: Path) -> None:
    try:
        with closing(sqlite3.connect(path)) as db:
            result = db.execute("PRAGMA quick_check").fetchone()
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"备份中的数据库文件无法打开（{exc}），未做任何改动。") from exc
    if result is None or result[0] != "ok":
        raise BackupError("备份中的数据库文件未通过完整性检查，未做任何改动。")


# Apps whose migrations in a backup never make it "newer" when this program lacks the app.
NOT_NEWER = {
    "captcha": "django-simple-captcha, retired in issue 18 (the CAPTCHA became stateless)",
    "django_rq": "installed only with GONGKAI_TASKS=redis",
    "django_tasks_rq": "installed only with GONGKAI_TASKS=redis",
}


def check_migrations(manifest: dict[str, Any]) -> list[str]:
    """Refuse a backup made by newer code; return the migrations it lacks (then run migrate).

    The apps of ``NOT_NEWER`` do not count when this program lacks them: a retired app leaves its
    rows in django_migrations, so every backup of an upgraded site lists them, and an optional one
    is installed by the settings of one site and not another. Any other unknown app or migration
    is newer code."""
    installed = {config.label for config in django_apps.get_app_configs()}
    ignored = NOT_NEWER.keys() - installed
    archived = {(app, name) for app, names in manifest["migrations"].items() for name in names if app not in ignored}
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    unknown = sorted(archived - known)
    if unknown:
        app, name = unknown[0]
        raise BackupError(
            f"该备份来自更新版本的程序（含本程序没有的迁移 {app}.{name} 等 {len(unknown)} 个），"
            "请先升级程序再恢复，未做任何改动。"
        )
    return [f"{app}.{name}" for app, name in sorted(known - archived)]


# --- Restore -----------------------------------------------------------------------------


def restore_backup(backup: VerifiedBackup, say: Say, alias: str = DEFAULT_DB_ALIAS) -> None:
    """Replace the database, then the uploaded files, with the verified backup's contents."""
    connection = connections[alias]
    check_vendor(backup.manifest, connection.vendor)
    connections.close_all()
    say("正在恢复数据库……")
    if connection.vendor == "sqlite":
        restore_sqlite(backup.database_file, Path(connection.settings_dict["NAME"]))
    else:
        restore_postgresql(backup.database_file, connection.settings_dict)
    say(f"正在恢复上传文件（{backup.media_count} 个）……")
    swap_media(backup.staging / MEDIA, Path(settings.MEDIA_ROOT).resolve())


def restore_sqlite(source: Path, target: Path) -> None:
    """Copy beside the live file, then rename over it: readers see the old or the new, never half."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".restore")
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as out, source.open("rb") as inp:
            shutil.copyfileobj(inp, out, _CHUNK)
            out.flush()
            os.fsync(out.fileno())
        if target.exists():
            shutil.copymode(target, tmp)
        # A -wal left beside the new file would be replayed into it and corrupt it.
        _remove_sidecars(target)
        os.replace(tmp, target)
        _remove_sidecars(target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_dir(target.parent)


def _remove_sidecars(database: Path) -> None:
    for suffix in ("-wal", "-shm", "-journal"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def restore_postgresql(dump: Path, settings_dict: dict[str, Any]) -> None:
    """pg_restore in one transaction: if any statement fails, the database stays as it was."""
    command, env = pg_command(
        "pg_restore", settings_dict, "--clean", "--if-exists", "--no-owner", "--single-transaction", str(dump)
    )
    _run(command, env)


def swap_media(incoming: Path, media_root: Path) -> None:
    """Move the restored files next to MEDIA_ROOT, then swap the two folders by renaming."""
    media_root.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(dir=media_root.parent, prefix=".media-restore-"))
    new, old = work / "new", work / "old"
    if incoming.is_dir():
        shutil.move(incoming, new)
    else:
        new.mkdir()
    if media_root.exists():
        os.replace(media_root, old)
    try:
        os.replace(new, media_root)
    except OSError:
        if old.exists():
            os.replace(old, media_root)
        raise
    shutil.rmtree(work)


# --- PostgreSQL client tools -------------------------------------------------------------


def pg_command(program: str, settings_dict: dict[str, Any], *args: str) -> tuple[list[str], dict[str, str]]:
    """The command line and environment for a PostgreSQL client tool.

    The password travels in PGPASSWORD: a command line is visible to every user in ``ps``.
    """
    env = dict(os.environ)
    for key, variable in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    for option, value in (settings_dict.get("OPTIONS") or {}).items():
        if option in _PG_OPTION_ENV:
            env[_PG_OPTION_ENV[option]] = str(value)
    # --no-password: fail at once instead of waiting for a prompt nobody sees (cron).
    return [program, "--no-password", f"--dbname={settings_dict['NAME']}", *args], env


def _run(command: list[str], env: dict[str, str]) -> None:
    try:
        result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    except FileNotFoundError as exc:
        raise BackupError(f"找不到 {command[0]}，请安装 PostgreSQL 客户端工具（版本不低于服务器）。") from exc
    if result.returncode != 0:
        raise BackupError(f"{command[0]} 失败（退出码 {result.returncode}）：{result.stderr.strip()}")
