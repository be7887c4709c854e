"""An admin's statement of a document's status, with its source: the one way a status is
set by hand rather than computed (``documents/domain/validity.py``, rule 1)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from documents.domain.vocabulary import STATUSES, choices


class StatusStatement(models.Model):
    """"As of *as_of*, *document* is *status*", as *source* says (*quote*). Optionally the
    document that brought the change (a replacing or repealing one not in the links)."""

    document = models.ForeignKey(
        "documents.Document", verbose_name=_("văn bản"), on_delete=models.CASCADE,
        related_name="status_statements",
    )
    status = models.CharField(_("tình trạng"), max_length=24, choices=choices(STATUSES))
    as_of = models.DateField(_("tính từ ngày"))
    by_document = models.ForeignKey(
        "documents.Document", verbose_name=_("do văn bản"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="status_statements_made",
    )
    source = models.ForeignKey(
        "documents.Source", verbose_name=_("nguồn"), on_delete=models.PROTECT,
        related_name="status_statements",
    )
    quote = models.TextField(_("câu trích dẫn"))
    note = models.TextField(_("ghi chú"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("xác nhận tình trạng hiệu lực")
        verbose_name_plural = _("xác nhận tình trạng hiệu lực")
        ordering = ["document", "-as_of", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=[s.key for s in STATUSES]),
                name="status_statement_status_valid",
            ),
        ]
        indexes = [models.Index(fields=["document", "-as_of", "-id"],
                                name="status_statement_latest")]

    def __str__(self) -> str:
        return f"{self.document} — {self.status} ({self.as_of:%d/%m/%Y})"
