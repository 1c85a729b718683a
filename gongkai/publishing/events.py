"""The item history in Chinese: what each ItemEvent action means, and the role that takes it.

ItemEvent.action is a short code written by the workflow (workflow.RULES), the edit service, the
attachment take-down, the importers and the validity job; this is the one table of their names
(tests/audit/test_labels.py holds it complete against the workflow's actions).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.orgs.models import Role

# The person's part in a step, as the history names them (the roles' labels are the tasks: 审核, 签发).
ROLE_NAMES: dict[str, Promise] = {
    Role.EDITOR: gettext_lazy("信息员"),
    Role.REVIEWER: gettext_lazy("审核人"),
    Role.SIGNER: gettext_lazy("签发人"),
}
# action → (what happened, the role that takes the step, or None when it varies or is the system)
ACTIONS: dict[str, tuple[Promise, str | None]] = {
    "edit": (gettext_lazy("修改内容"), Role.EDITOR),
    "submit": (gettext_lazy("提交审核"), Role.EDITOR),
    "approve": (gettext_lazy("审核通过"), Role.REVIEWER),
    "sign": (gettext_lazy("签发"), Role.SIGNER),
    "publish": (gettext_lazy("发布"), None),
    "return": (gettext_lazy("退回修改"), None),
    "unschedule": (gettext_lazy("取消定时发布"), None),
    "revise": (gettext_lazy("修订已发布信息"), Role.EDITOR),
    "withdraw": (gettext_lazy("撤回"), Role.SIGNER),
    "confirm": (gettext_lazy("补充审核加急发布的信息"), Role.REVIEWER),
    "takedown": (gettext_lazy("下架附件"), Role.SIGNER),
    "import": (gettext_lazy("导入"), None),
    "validity": (gettext_lazy("更新效力状态"), None),
    "publish_failed": (gettext_lazy("定时发布未成功"), None),
}


@dataclass(frozen=True)
class Step:
    action: str  # the Chinese name of what happened
    who: str  # "信息员 李娜", or 系统


def label(action: str) -> str:
    found = ACTIONS.get(action)
    return str(found[0]) if found is not None else _("其他操作")


def describe(event: Any) -> Step:
    """An ItemEvent as its history line says it: the step's name and who took it, in which role."""
    found = ACTIONS.get(event.action)
    actor = event.actor
    if actor is None:
        return Step(label(event.action), _("系统"))
    name = actor.get_full_name() or actor.get_username()
    role = str(ROLE_NAMES[found[1]]) if found is not None and found[1] is not None else ""
    return Step(label(event.action), name if not role or name.startswith(role) else f"{role} {name}")
