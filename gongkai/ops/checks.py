"""System checks of the machine gongkai runs on (``manage.py check``, production start-up in
``gongkai/wsgi.py``, and /healthz as a warning field)."""

from __future__ import annotations

from typing import Any

from django.core.checks import CheckMessage, Error, register, run_checks

from gongkai import fonts

FONTS = "fonts"  # the checks' tag: ``manage.py check --tag fonts``


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


def run(tag: str) -> list[CheckMessage]:
    """The serious messages of the checks tagged ``tag`` (production start-up, /healthz)."""
    return [message for message in run_checks(tags=[tag]) if message.is_serious()]
