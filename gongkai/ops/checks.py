"""System checks of the machine gongkai runs on (``manage.py check``, production start-up in
``gongkai/wsgi.py``, and /healthz as a warning field)."""

from __future__ import annotations

import stat
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, register, run_checks

from gongkai import fonts

FONTS = "fonts"  # the checks' tag: ``manage.py check --tag fonts``
FILES = "files"  # the data directory's permissions: ``manage.py check --tag files``


@register(FONTS)
def fonts_installed(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    """An error for each kind of document no installed font can print (gongkai/fonts.py)."""
    return [
        Error(
            f"未安装覆盖 {need.lang} 的字体（{'、'.join(need.families)} 均未找到）：{need.purpose}"
            "将无法生成PDF，生成时会被拒绝",
            hint=f"apt-get install {need.package}（见 system-packages.txt：scripts/system-packages install run）",
            id=f"gongkai.E{100 + i:03d}",
        )
        for i, need in enumerate(fonts.missing())
    ]


def _private_paths() -> list[Path]:
    """What holds personal data on disk: the data directory, and the uploaded files (applicants'
    ID cards among them) and the SQLite database where they lie outside it (inside a 0700
    directory nobody else reaches them, whatever their own mode)."""
    data = Path(settings.DATA_DIR)
    paths = [data, Path(settings.MEDIA_ROOT)]
    database = settings.DATABASES["default"]
    name = str(database["NAME"])
    if str(database["ENGINE"]).endswith("sqlite3") and name != ":memory:" and not name.startswith("file:"):
        paths.append(Path(name))
    return [data] + [path for path in paths[1:] if not path.resolve().is_relative_to(data.resolve())]


@register(FILES, deploy=True)
def data_dir_private(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    """An error for each of the data directory, the uploads and the SQLite file that another user
    of the machine could read (umask 022 leaves them 0755/0644): they must be 0700/0600. A
    deployment check (``manage.py check --deploy``; production start-up runs it)."""
    found = []
    for path in _private_paths():
        if path.exists() and stat.S_IMODE(path.stat().st_mode) & 0o077:
            mode = oct(stat.S_IMODE(path.stat().st_mode))
            wanted = "700" if path.is_dir() else "600"
            found.append(
                Error(
                    f"{path} 的权限为 {mode[2:]}，本机其他用户可以读取（其中有申请人的身份证件等个人信息）",
                    hint=f"chmod {'-R go-rwx' if path.is_dir() else wanted} {path}",
                    id="gongkai.E110",
                )
            )
    return found


def run(tag: str) -> list[CheckMessage]:
    """The serious messages of the checks tagged ``tag`` (production start-up, /healthz)."""
    return [message for message in run_checks(tags=[tag], include_deployment_checks=True) if message.is_serious()]
