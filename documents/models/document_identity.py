"""Who issued a document and which document a symbol names: the part of
:class:`~.documents.Document` that reads its issuers (the main one and the co-issuers of a
joint document) and says when its symbol is still ambiguous."""

from __future__ import annotations

from django.utils.translation import gettext

from documents.domain.articles.titles import is_placeholder_title
from documents.domain.symbols import try_parse_symbol
from documents.domain.vietnamese import capitalise_first, format_date
from documents.language import local_name


class DocumentIdentity:
    """Mixed into :class:`~.documents.Document`."""

    @property
    def co_issuing_bodies(self) -> list:
        """The other bodies that issued it jointly, in the document's order (prefetched by
        ``DocumentQuerySet.for_table()`` and the document page)."""
        if self.pk is None:  # not saved yet (a citation of an unsaved copy): none
            return []
        return [row.body for row in self.co_issuer_rows.all()]

    @property
    def issuers(self) -> list:
        """Every issuing body: the main one (if known), then the co-issuers."""
        return [*([self.issuing_body] if self.issuing_body_id else []), *self.co_issuing_bodies]

    # --- the title as pages show it ------------------------------------------------------
    @property
    def title_known(self) -> bool:
        """Whether the stored title is the document's (not "Chưa rõ trích yếu")."""
        return not is_placeholder_title(self.title)

    @property
    def display_title(self) -> str:
        """The title every page, feed and the API show: the stored title (what the source
        said, kept as it is) with its first letter capitalised ("phê duyệt đề án …" → "Phê
        duyệt đề án …"); a document whose title is unknown is named by its type, symbol,
        issuer and date instead: "Quyết định 1350-QĐ/TU của Ban Thường vụ Thành ủy Hà Nội,
        ngày 20/03/2024". The issuer is named only when it is loaded (no query)."""
        if self.title_known:
            return capitalise_first(self.title)
        return self.described_name

    @property
    def described_name(self) -> str:
        """The document by its type, symbol, issuer and date, in the active language."""
        text = " ".join(p for p in (self.type_label, self.symbol) if p)
        if self.issuing_body_id and type(self).issuing_body.is_cached(self):
            text = gettext("%(document)s của %(issuer)s") % {
                "document": text, "issuer": local_name(self.issuing_body)}
        if self.issued_date:
            text = gettext("%(document)s, ngày %(date)s") % {
                "document": text, "date": format_date(self.issued_date)}
        elif self.issued_year:
            text = gettext("%(document)s, năm %(year)s") % {
                "document": text, "year": self.issued_year}
        if text == self.type_label:
            text = gettext("%(type)s (chưa rõ số và trích yếu)") % {"type": text}
        return text

    @property
    def symbol_ambiguous(self) -> bool:
        """True while the symbol alone does not say which document this is: a Party symbol
        such as ``26-NQ/TW`` (numbered again in every term: 2008, 2018, 2022) or a state
        symbol without its year (``1814/BNV-TCBC``), with neither a date, a year nor a term
        recorded. An admin resolves it by giving one (or by pointing the link at the document
        it means). No query."""
        if not self.symbol or self.issued_year or self.issued_date or self.term_id:
            return False
        parsed = try_parse_symbol(self.symbol)
        return parsed is not None and parsed.year is None

    def namesakes(self, limit: int = 20) -> list:
        """Other documents of the catalogue with the same symbol (its candidates while it is
        ambiguous), newest first: one query."""
        if not self.symbol_key:
            return []
        return list(type(self).objects.filter(symbol_key=self.symbol_key).exclude(pk=self.pk)
                    .select_related("issuing_body").newest_first()[:limit])
