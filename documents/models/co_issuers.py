"""A document's co-issuing bodies (cơ quan cùng ban hành): a joint circular
(``01/2015/TTLT-BNV-BTC``: Bộ Nội vụ with Bộ Tài chính) or a joint Party–state document
names more than one issuer. ``Document.issuing_body`` stays the main one (the body that
presides, whose code comes first); the others are rows of :class:`DocumentCoIssuer`, in the
order the document names them."""

from __future__ import annotations

from dataclasses import replace

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from documents.domain.validation import co_issuing_bodies

from .common import raise_violations


class DocumentCoIssuer(models.Model):
    """One more body that issued a document jointly with its main issuing body."""

    document = models.ForeignKey(
        "documents.Document", verbose_name=_("văn bản"), on_delete=models.CASCADE,
        related_name="co_issuer_rows",
    )
    body = models.ForeignKey(
        "documents.IssuingBody", verbose_name=_("cơ quan cùng ban hành"),
        on_delete=models.PROTECT, related_name="co_issued_rows",
    )
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cơ quan cùng ban hành")
        verbose_name_plural = _("cơ quan cùng ban hành")
        ordering = ("position", "id")
        constraints = [
            models.UniqueConstraint(fields=["document", "body"], name="co_issuer_unique"),
        ]

    def __str__(self) -> str:
        return str(self.body)

    # The document's search text holds its co-issuers' names: kept true when they change.
    # (``bulk_create`` and queryset deletes skip these: their callers refresh it themselves,
    # ``Document.refresh_search_text``.)
    def save(self, *args, **kwargs):
        from .documents import Document

        super().save(*args, **kwargs)
        Document.refresh_search_text([self.document_id])

    def delete(self, *args, **kwargs):
        from .documents import Document

        result = super().delete(*args, **kwargs)
        Document.refresh_search_text([self.document_id])
        return result

    def clean(self):
        super().clean()
        if self.document_id and self.body_id:
            raise_violations([replace(v, field="body") for v in co_issuing_bodies(
                self.document.issuing_body_id, [self.body_id])])
