"""Typed, directed links between documents, with where they were asserted."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from documents.domain.vocabulary import LINK_KIND_BY_KEY, LINK_KINDS

from .common import clean_text


class DocumentLink(models.Model):
    """``from_document`` <kind> ``to_document``: "A triển khai B".

    Shown from both ends with the kind's own wording (``wording_from`` on A's
    page, ``wording_to`` on B's). ``inferred`` marks a link the source implies
    without stating it; such links are shown as inferred, never as fact.
    """

    from_document = models.ForeignKey(
        "documents.Document",
        verbose_name=_("văn bản"),
        on_delete=models.CASCADE,
        related_name="outgoing_links",
    )
    kind = models.CharField(
        _("quan hệ"),
        max_length=20,
        choices=[(k.key, f"{k.vi_forward} / {k.vi_backward}") for k in LINK_KINDS],
    )
    to_document = models.ForeignKey(
        "documents.Document",
        verbose_name=_("văn bản liên quan"),
        on_delete=models.CASCADE,
        related_name="incoming_links",
    )
    source = models.ForeignKey(
        "documents.Source",
        verbose_name=_("nguồn"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="links",
    )
    quote = models.TextField(_("câu trích dẫn"), blank=True)
    inferred = models.BooleanField(
        _("suy luận"),
        default=False,
        help_text=_("Nguồn không nói trực tiếp; quan hệ được suy ra từ ngữ cảnh."),
    )
    note = models.TextField(_("ghi chú"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("liên kết văn bản")
        verbose_name_plural = _("liên kết văn bản")
        ordering = ["kind", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["from_document", "to_document", "kind"], name="link_unique"
            ),
            models.CheckConstraint(
                condition=~models.Q(from_document=models.F("to_document")),
                name="link_not_to_self",
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=[k.key for k in LINK_KINDS]), name="link_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_document} {self.wording_from} {self.to_document}"

    @property
    def kind_info(self):
        return LINK_KIND_BY_KEY[self.kind]

    @property
    def wording_from(self) -> str:
        return self.kind_info.vi_forward

    @property
    def wording_to(self) -> str:
        return self.kind_info.vi_backward

    def clean(self):
        super().clean()
        if self.from_document_id and self.from_document_id == self.to_document_id:
            raise ValidationError(
                {"to_document": _("Một văn bản không thể liên kết với chính nó.")}
            )

    def save(self, *args, **kwargs):
        self.quote = clean_text(self.quote)
        self.note = clean_text(self.note)
        super().save(*args, **kwargs)
