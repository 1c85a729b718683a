"""The portal's one table: the CAPTCHA tokens already used (``portal.captcha``).

Why a table, when the portal otherwise holds views only: the CAPTCHA is stateless on GET (its
token is signed, its answer derived from the secret key), so the only state left is "this token
has been tried". That record must be shared by every worker and every node and must not vanish
when Redis does (the cache fails open, which here would let one solved CAPTCHA submit forms
without end), so it lives in the database, written on POST only. A row is useless once its token
has expired; ``captcha.spend`` deletes those as it writes.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SpentCaptcha(models.Model):
    nonce = models.CharField(max_length=32, primary_key=True)
    # When the token itself expires: after that the row proves nothing and is deleted.
    expires = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("已使用的验证码")
        verbose_name_plural = _("已使用的验证码")

    def __str__(self) -> str:
        return self.nonce
