"""API tokens, one per signed-in device (django-rest-knox's token with a device name).

Only a hash of the key is stored (knox): a leaked database does not leak usable keys,
and a key is shown once, when it is issued."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from knox.models import AbstractAuthToken


class DeviceToken(AbstractAuthToken):
    name = models.CharField(_("thiết bị"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("phiên đăng nhập API")
        verbose_name_plural = _("phiên đăng nhập API")
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.user} · {self.name or self.token_key}"
