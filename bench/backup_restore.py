"""Backup and restore of a 100,000-document PostgreSQL site, end to end, measured (issue 18,
point 5; not a test). gongkai's own tools only: ``manage.py backup`` (gongkai/ops/backup.py:
pg_dump --format=custom, media/, a manifest with checksums, one .tar.gz) and ``manage.py restore
ARCHIVE --yes`` (checks everything, then pg_restore --single-transaction and swaps media/).

    .venv/bin/python -m bench.backup_restore --data-dir /tmp/bench100k-pg \\
        --database-url postgres://postgres@127.0.0.1:5432/bench100k

The restore goes into a fresh database (``<name>_restore``, created here, dropped at the end
unless --keep) and a fresh data dir, as on a replacement server; the live site is only read.
Then every table's row count (the source counted just before the backup: run it on a quiet site)
and the media files (count, bytes) are compared, source against restored; any difference fails
the run (exit 1). Both commands run in production mode, as an
operator runs them. Reported: archive size, backup time, restore time, counts.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from bench.serve import BIN, ROOT, production_env


def admin(url: str) -> Any:
    import psycopg

    base = url.replace("postgres://", "postgresql://", 1)
    return psycopg.connect(urlsplit(base)._replace(path="/postgres").geturl(), autocommit=True)


def counts(url: str) -> dict[str, int]:
    """Rows of every table of the public schema."""
    import psycopg

    with psycopg.connect(url.replace("postgres://", "postgresql://", 1)) as conn:
        tables = [r[0] for r in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
        return {t: int(conn.execute(f'SELECT count(*) FROM "{t}"').fetchall()[0][0]) for t in sorted(tables)}  # noqa: S608


def media(data_dir: Path) -> tuple[int, int]:
    files = [p for p in (data_dir / "media").rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def manage(env: dict[str, str], *args: str) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run(  # noqa: S603 (our own manage.py)
        [str(BIN / "python"), "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    seconds = time.perf_counter() - started
    if done.returncode:
        sys.exit(f"manage.py {' '.join(args)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return seconds, done.stdout


def fresh_database(url: str) -> str:
    """``<name>_restore``, empty (dropped first if a previous run left it)."""
    parts = urlsplit(url)
    name = parts.path.lstrip("/") + "_restore"
    with admin(url) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return parts._replace(path=f"/{name}").geturl()


def run(args: Any) -> int:
    source_dir, work = Path(args.data_dir), Path(tempfile.mkdtemp(prefix="bench-backup-"))
    target_dir = work / "data"
    target_dir.mkdir(mode=0o700)
    try:
        before = counts(args.database_url)  # pg_dump's snapshot, unless the site is written to meanwhile
        backup_s, out = manage(production_env(args.data_dir, args.database_url), "backup", "--output", str(work))
        if counts(args.database_url) != before:
            print("WARNING: the site changed while it was backed up; restored counts are compared with before")
        archive = next(work.glob("gongkai-backup-*.tar.gz"))
        size = archive.stat().st_size
        print(f"[backup] {backup_s:.1f} s, archive {size / 1e6:.1f} MB: {archive.name}", flush=True)
        target_url = fresh_database(args.database_url)
        restore_s, out = manage(production_env(str(target_dir), target_url), "restore", str(archive), "--yes")
        print(f"[restore] {restore_s:.1f} s into {urlsplit(target_url).path[1:]}\n{out.strip()}", flush=True)
        after = counts(target_url)
        differ = {
            t: (before.get(t), after.get(t)) for t in before.keys() | after.keys() if before.get(t) != after.get(t)
        }
        files = media(source_dir), media(target_dir)
        print(f"tables {len(before)}; rows {sum(before.values())} before, {sum(after.values())} after")
        print(f"publishing_item {before.get('publishing_item')} → {after.get('publishing_item')}; "
              f"search_searchentry {before.get('search_searchentry')} → {after.get('search_searchentry')}")  # fmt: skip
        print(f"media files {files[0][0]} ({files[0][1]} bytes) → {files[1][0]} ({files[1][1]} bytes)")
        for table, (was, now) in sorted(differ.items()):
            print(f"DIFFERENT {table}: {was} → {now}")
        ok = not differ and files[0] == files[1]
        print(f"backup {backup_s:.1f} s | archive {size / 1e6:.1f} MB | restore {restore_s:.1f} s | "
              f"counts {'match' if ok else 'DIFFER'}")  # fmt: skip
        if not args.keep:
            with admin(args.database_url) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{urlsplit(target_url).path[1:]}"')
        return 0 if ok else 1
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"kept: {work} and the restored database")


def main() -> None:
    parser = argparse.ArgumentParser(description="backup and restore of a PostgreSQL site, measured (issue 18)")
    parser.add_argument("--data-dir", required=True, help="the site's GONGKAI_DATA_DIR (its media/)")
    parser.add_argument("--database-url", required=True, help="postgres://… of the site")
    parser.add_argument("--keep", action="store_true", help="keep the archive, the restored data dir and database")
    sys.exit(run(parser.parse_args()))


if __name__ == "__main__":
    main()
