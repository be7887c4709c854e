"""Links the reference finder proposes from a document's text (issue 15, docs/TEXT.md).

:class:`TextLinkProposal`: "this text names that catalogue document" — the sentence (the
quote), the provision it sits in (``Điều 5, khoản 2``) and the kind (``based_on`` for the
preamble's "Căn cứ …" lines, ``references`` elsewhere). An editor confirms it (a
:class:`~documents.models.DocumentLink` is written with the quote and the provision) or
dismisses it (never proposed again for that text). Written by
:func:`documents.text_links.propose_text_links` after each rebuild of the text's provisions;
decided on the document's admin page (``documents/admin/text_proposals.py``).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from documents.domain.vocabulary import LINK_KINDS, PROPOSAL_STATUSES, choices


class TextLinkProposal(models.Model):
    document_text = models.ForeignKey("documents.DocumentText", verbose_name=_("toàn văn"),
                                      on_delete=models.CASCADE, related_name="link_proposals")
    from_document = models.ForeignKey("documents.Document", verbose_name=_("văn bản"),
                                      on_delete=models.CASCADE, related_name="+")
    to_document = models.ForeignKey("documents.Document", verbose_name=_("văn bản được nêu"),
                                    on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("quan hệ"), max_length=20,
                            choices=[(k.key, k.vi_forward) for k in LINK_KINDS])
    quote = models.TextField(_("câu trích dẫn"))
    provision = models.CharField(_("điều khoản"), max_length=120, blank=True)
    reference = models.CharField(_("cách nêu trong văn bản"), max_length=300, blank=True)
    status = models.CharField(_("trạng thái"), max_length=10, choices=choices(PROPOSAL_STATUSES),
                              default="proposed")
    decided_by = models.CharField(_("quyết định bởi"), max_length=150, blank=True)
    decided_at = models.DateTimeField(_("quyết định lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("liên kết đề xuất từ toàn văn")
        verbose_name_plural = _("liên kết đề xuất từ toàn văn")
        ordering = ["document_text", "id"]
        constraints = [
            models.UniqueConstraint(fields=["document_text", "to_document", "kind"],
                                    name="textlinkproposal_unique"),
            models.CheckConstraint(
                condition=models.Q(status__in=[t.key for t in PROPOSAL_STATUSES]),
                name="textlinkproposal_status_valid"),
            models.CheckConstraint(condition=~models.Q(from_document=models.F("to_document")),
                                   name="textlinkproposal_not_to_self"),
        ]

    def __str__(self) -> str:
        return f"{self.from_document} → {self.to_document} ({self.kind})"
