"""Topics (chủ đề) of personnel policy."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .common import BY_NAME, NamedModel


class Topic(NamedModel):
    """A subject of personnel policy: luân chuyển, thi tuyển, quy hoạch…"""

    slug = models.SlugField(_("đường dẫn"), max_length=80, unique=True)
    description = models.TextField(_("mô tả"), blank=True)

    class Meta:
        verbose_name = _("chủ đề")
        verbose_name_plural = _("chủ đề")
        ordering = BY_NAME
        constraints = [models.UniqueConstraint(fields=["name_key"], name="topic_unique_name")]

    def get_absolute_url(self) -> str:
        return reverse("documents:list") + f"?topic={self.slug}"
