from typing import Any

from django.apps import AppConfig

from gongkai.actor import Actor


def _gate(sender: Any, item: Any, **kwargs: Any) -> None:
    from gongkai.policies.services import check_publishable

    check_publishable(item)  # 三同步: a normative document goes live with its interpretation


def _after_publish(sender: Any, item: Any, revision: Any, actor: Actor, now: Any, **kwargs: Any) -> None:
    from gongkai.policies.services import after_publish

    after_publish(item, revision, actor, now)  # metadata snapshot; signed interpretations go live too


class PoliciesConfig(AppConfig):
    name = "gongkai.policies"
    verbose_name = "政策文件"

    def ready(self) -> None:
        from gongkai.publishing import signals

        signals.publishing.connect(_gate, dispatch_uid="policies.gate")
        signals.published.connect(_after_publish, dispatch_uid="policies.after_publish")

        from gongkai import pagecache
        from gongkai.policies import models

        pagecache.watch(
            models.PolicyDocument,
            models.PolicyRevision,
            models.PolicyRelation,
            models.Interpretation,
            models.InterpretationRevision,
            models.InterpretationExemption,
        )
