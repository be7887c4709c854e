"""Typed, directed links between documents, with where they were asserted."""

from __future__ import annotations

from django.db import models
from django.db.models.functions import RowNumber
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from documents.domain import uncertainty
from documents.domain.validation import link_not_to_itself, provision_named
from documents.domain.vocabulary import LINK_KIND_BY_KEY, LINK_KINDS

from .common import clean_text, provision_field, raise_violations
from .uncertainty import editorial_note_field, uncertain_field, uncertainty_constraint


class DocumentLinkQuerySet(models.QuerySet):
    def kind_count_rows(self, pk: int):
        """``(outgoing, kind, n)`` of the document *pk*'s links: how many it has by direction
        (True: outgoing, from it) and kind, in one indexed, grouped query
        (``document_links.link_counts`` reads them through :meth:`counts_by_kind`)."""
        outgoing = models.Case(
            models.When(from_document_id=pk, then=models.Value(True)),
            default=models.Value(False), output_field=models.BooleanField(),
        )
        return (
            self.filter(models.Q(from_document=pk) | models.Q(to_document=pk))
            .order_by().values_list(outgoing, "kind")
            .annotate(n=models.Count("*"))
            .order_by()
        )

    @staticmethod
    def counts_by_kind(rows) -> dict[bool, dict[str, int]]:
        """:meth:`kind_count_rows` as ``{outgoing: {kind: n}}``."""
        counts: dict[bool, dict[str, int]] = {True: {}, False: {}}
        for is_outgoing, kind, n in rows:
            counts[is_outgoing][kind] = n
        return counts

    @staticmethod
    def cut(counts: dict[str, int], per_kind: int) -> bool:
        """Whether some kind has more than *per_kind* links (*counts*: per kind)."""
        return not all(n <= per_kind for n in counts.values())

    def of_document(self, document, near: str, counts: dict[str, int], per_kind: int):
        """The links of *document* in one direction (*near*: the column pointing at it,
        ``from_document`` or ``to_document``), at most *per_kind* of each kind (the oldest
        first); *counts* are that direction's links per kind (:meth:`counts_by_kind`). A plain
        query when no kind has more; a window function only when one does (it costs more to
        compile)."""
        queryset = self.filter(**{near: document})
        if not self.cut(counts, per_kind):
            return queryset.order_by("id")
        return (
            queryset.annotate(kind_rank=models.Window(
                RowNumber(), partition_by=[models.F("kind")], order_by=models.F("id").asc()
            ))
            .filter(kind_rank__lte=per_kind)
            .order_by("id")
        )


class DocumentLink(models.Model):
    """``from_document`` <kind> ``to_document``: "A triển khai B".

    Shown from both ends with the kind's own wording (``wording_from`` on A's
    page, ``wording_to`` on B's). A link the source implies without stating it is marked in
    ``uncertain`` under the fact ``link`` (reason "suy ra từ ngữ cảnh", or the editors'
    reading…: ``documents.domain.uncertainty.inferred_link``); such links are shown with that
    mark, never as fact. ``inferred`` reads it (there is no other flag).
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
    provision = provision_field()
    note = models.TextField(_("ghi chú"), blank=True)
    uncertain = uncertain_field("link")
    editorial_note = editorial_note_field()
    created_at = models.DateTimeField(_("ngày nhập"), auto_now_add=True)
    history = HistoricalRecords()

    objects = DocumentLinkQuerySet.as_manager()

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
            uncertainty_constraint("link", "link_uncertain_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.from_document} {self.wording_from} {self.to_document}"

    @property
    def inferred(self) -> bool:
        """Whether the link itself is not a fact its source states: ``uncertain`` marks the
        fact ``link`` (whatever the reason)."""
        return uncertainty.LINK in (self.uncertain or {})

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
        raise_violations(link_not_to_itself(self.from_document_id, self.to_document_id)
                         + provision_named(self.provision)
                         + uncertainty.violations("link", self.uncertain))

    def save(self, *args, **kwargs):
        self.quote = clean_text(self.quote)
        self.provision = clean_text(self.provision)
        self.note = clean_text(self.note)
        super().save(*args, **kwargs)
