"""JSON shapes of the API. Every object carries its stable identifier (slug or id)
and the address of its public page (``url``)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import translation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from documents.api.params import label_language
from documents.api.texts import PassageSerializer
from documents.clock import today
from documents.domain.outcomes import OUTCOMES
from documents.language import body_label, link_wording, place_label, vocabulary_label
from documents.models import (
    Document,
    DocumentFile,
    DocumentLink,
    Figure,
    Indicator,
    IssuingBody,
    Locality,
    LocalitySuccession,
    Source,
    SourceMention,
    Target,
    Term,
)


class PublicUrlField(serializers.Field):
    """The absolute address of the object's public page."""

    def __init__(self, **kwargs):
        kwargs["source"] = "*"
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, obj):
        request = self.context.get("request")
        path = obj.get_absolute_url()
        return request.build_absolute_uri(path) if request else path


extend_schema_field({"type": "string", "format": "uri"})(PublicUrlField)


class LocalityRefSerializer(serializers.ModelSerializer):
    url = PublicUrlField()

    class Meta:
        model = Locality
        fields = ["slug", "code", "name", "kind", "level", "url"]


class BodyRefSerializer(serializers.ModelSerializer):
    url = PublicUrlField()

    class Meta:
        model = IssuingBody
        fields = ["slug", "name", "code", "kind", "url"]


_DISPLAY_TITLE_HELP = ("The title as the pages show it (Document.display_title): the stored "
                       "title, which is what the source said, with its first letter "
                       "capitalised; an unknown title is replaced by the document's type, "
                       "symbol, issuer and date.")


class DocumentRefSerializer(serializers.ModelSerializer):
    """A document referred to (a link's end, a target's or figure's document): its status
    is the status today, as on its page (the views attach it in one query:
    ``documents.api.views.attach_ref_status``); ``recorded_status`` is the one typed."""

    url = PublicUrlField()
    display_title = serializers.CharField(read_only=True, help_text=_DISPLAY_TITLE_HELP)
    status = serializers.SerializerMethodField(
        help_text="Tình trạng tính đến hôm nay (documents/domain/validity.py).")
    recorded_status = serializers.CharField(source="status", read_only=True)

    class Meta:
        model = Document
        fields = ["slug", "symbol", "doc_type", "title", "display_title", "issued_date", "status",
                  "recorded_status", "url"]

    @extend_schema_field(OpenApiTypes.STR)
    def get_status(self, obj) -> str:
        return obj.status_now


class TermSerializer(serializers.ModelSerializer):
    class Meta:
        model = Term
        fields = ["name", "number", "start_year", "end_year"]


class DocumentSerializer(serializers.ModelSerializer):
    """A document in a list: identification, issuer, place, dates, status."""

    url = PublicUrlField()
    doc_type_label = serializers.SerializerMethodField()
    status = serializers.SerializerMethodField(
        help_text="Tình trạng tính đến status_as_of (documents/domain/validity.py).")
    status_label = serializers.SerializerMethodField()
    status_as_of = serializers.SerializerMethodField()
    status_basis = serializers.SerializerMethodField()
    recorded_status = serializers.CharField(source="status", read_only=True)
    issuing_body = BodyRefSerializer(read_only=True, allow_null=True)
    #: A joint document's other issuing bodies, in its order (prefetched by for_table()).
    co_issuers = BodyRefSerializer(source="co_issuing_bodies", many=True, read_only=True)
    #: True while the symbol names no one document (26-NQ/TW with no date, year or term).
    ambiguous = serializers.BooleanField(source="symbol_ambiguous", read_only=True)
    locality = LocalityRefSerializer(read_only=True, allow_null=True)
    term = TermSerializer(read_only=True, allow_null=True)
    topics = serializers.SlugRelatedField(many=True, read_only=True, slug_field="slug")
    matched = serializers.SerializerMethodField(
        help_text="When searching (q): where the document matched — metadata (symbol, title, "
                  "summary, issuer, signer), text (a provision of its full text), or both; "
                  "null without q.")
    passages = serializers.SerializerMethodField(
        help_text="When searching (q): up to two passages of the document's text holding "
                  "every word of the query, each with its provision; empty otherwise.")
    display_title = serializers.CharField(read_only=True, help_text=_DISPLAY_TITLE_HELP)

    class Meta:
        model = Document
        fields = [
            "slug", "url", "symbol", "symbol_as_written", "doc_type", "doc_type_label", "title",
            "display_title",
            "issuing_body", "co_issuers", "term", "locality", "issued_date", "effective_from",
            "effective_to",
            "period_start", "period_end", "status", "status_label", "status_as_of",
            "status_basis", "recorded_status", "known_by_reference",
            "ambiguous",
            "topics", "updated_at", "uncertain", "matched", "passages",
        ]

    @extend_schema_field({"type": "array", "nullable": True,
                          "items": {"type": "string", "enum": ["metadata", "text"]}})
    def get_matched(self, obj):
        return getattr(obj, "search_matched", None)

    @extend_schema_field(PassageSerializer(many=True))
    def get_passages(self, obj):
        passages = getattr(obj, "search_passages", [])
        return PassageSerializer(passages, many=True, context=self.context).data

    @extend_schema_field(OpenApiTypes.STR)
    def get_doc_type_label(self, obj) -> str:
        return vocabulary_label("doc_type", obj.doc_type, "vi")

    @extend_schema_field(OpenApiTypes.STR)
    def get_status_label(self, obj) -> str:
        return vocabulary_label("status", obj.status_now, "vi")

    @extend_schema_field(OpenApiTypes.STR)
    def get_status(self, obj) -> str:
        return obj.status_now

    @extend_schema_field(OpenApiTypes.DATE)
    def get_status_as_of(self, obj) -> str:
        return (getattr(obj, "status_day", None) or today()).isoformat()

    @extend_schema_field(OpenApiTypes.STR)
    def get_status_basis(self, obj) -> str:
        """The basis in one line, Vietnamese (the API's language)."""
        from django.utils import translation

        from documents.validity import row_basis, status_basis

        with translation.override("vi"):
            if hasattr(obj, "status_reason"):
                return row_basis(obj)
            obj.status_now  # noqa: B018  (computes and keeps the status)
            return status_basis(obj._status_now)


class IndicatorRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Indicator
        fields = ["slug", "name", "unit"]


class SourceRefSerializer(serializers.ModelSerializer):
    """A source (an article, a report); ``url`` is its own address, outside the catalogue
    (empty when unknown)."""

    url = serializers.CharField(
        read_only=True, help_text="The source's own address, outside the catalogue (empty "
        "when unknown)."
    )

    class Meta:
        model = Source
        fields = ["publisher", "headline", "url", "published_date"]


class FigureSerializer(serializers.ModelSerializer):
    """A figure (số liệu) a source reports for a place at a date: "238/238" is ``value``
    238 of ``total`` 238. ``document`` is the document that states it, if any."""

    indicator = IndicatorRefSerializer(read_only=True)
    locality = LocalityRefSerializer(read_only=True)
    source = SourceRefSerializer(read_only=True, allow_null=True)
    document = DocumentRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Figure
        fields = [
            "id", "indicator", "locality", "value", "total", "unit", "as_of", "as_of_year",
            "applies_to", "source", "quote", "note", "uncertain", "document",
        ]


class TargetSerializer(serializers.ModelSerializer):
    document = DocumentRefSerializer(read_only=True)
    indicator = serializers.SlugRelatedField(read_only=True, slug_field="slug")
    indicator_name = serializers.CharField(source="indicator.name", read_only=True)
    locality = serializers.SlugRelatedField(read_only=True, slug_field="slug", allow_null=True)
    latest_figure = FigureSerializer(
        read_only=True, allow_null=True,
        help_text="The latest known figure for the target's indicator at its place or, "
        "failing that, the nearest place above it (as on the targets page); null if none.",
    )
    outcome = serializers.SerializerMethodField(
        help_text="Past its deadline as of today: met, not_met, no_figure or not_comparable, "
        "against latest_figure (documents/domain/outcomes.py); null when not yet due.")

    class Meta:
        model = Target
        fields = [
            "id", "document", "indicator", "indicator_name", "applies_to", "locality",
            "comparator", "value", "unit", "deadline_year", "deadline", "baseline_value",
            "baseline_date", "quote", "note", "uncertain", "latest_figure", "outcome",
        ]

    @extend_schema_field(serializers.ChoiceField(choices=OUTCOMES, allow_null=True))
    def get_outcome(self, obj) -> str | None:
        return getattr(obj, "outcome", None)


class TargetInDocumentSerializer(TargetSerializer):
    class Meta(TargetSerializer.Meta):
        fields = [f for f in TargetSerializer.Meta.fields if f != "document"]


class LinkSerializer(serializers.ModelSerializer):
    from_document = DocumentRefSerializer(read_only=True)
    to_document = DocumentRefSerializer(read_only=True)
    wording_from = serializers.SerializerMethodField()
    wording_to = serializers.SerializerMethodField()
    source = serializers.SerializerMethodField()
    inferred = serializers.BooleanField(
        read_only=True, help_text="True when the source does not state the link itself: "
        "uncertain marks the fact \"link\" (its reason and note say why).")

    class Meta:
        model = DocumentLink
        fields = [
            "id", "from_document", "kind", "wording_from", "wording_to", "to_document",
            "inferred", "uncertain", "quote", "note", "source",
        ]

    @extend_schema_field(OpenApiTypes.STR)
    def get_wording_from(self, obj) -> str:
        return link_wording(obj, "from", "vi")

    @extend_schema_field(OpenApiTypes.STR)
    def get_wording_to(self, obj) -> str:
        return link_wording(obj, "to", "vi")

    @extend_schema_field({"type": "string", "nullable": True})
    def get_source(self, obj):
        return obj.source.headline if obj.source_id else None


class MentionSerializer(serializers.ModelSerializer):
    publisher = serializers.CharField(source="source.publisher", read_only=True)
    headline = serializers.CharField(source="source.headline", read_only=True)
    source_url = serializers.CharField(source="source.url", read_only=True)
    published_date = serializers.DateField(source="source.published_date", read_only=True,
                                           allow_null=True)  # a source may have no date
    provision = serializers.CharField(
        read_only=True,
        help_text="The provision of this document the quote is about, as the source writes it "
                  "(“Điều 5, khoản 2”); empty when not said. Its place: text_url with the "
                  "provision's anchor.")

    class Meta:
        model = SourceMention
        fields = ["publisher", "headline", "source_url", "published_date", "quote", "provision"]


class FigureInDocumentSerializer(FigureSerializer):
    class Meta(FigureSerializer.Meta):
        fields = [f for f in FigureSerializer.Meta.fields if f != "document"]


class FileSerializer(serializers.ModelSerializer):
    """A document's file: its download address and what was found in it."""

    url = PublicUrlField(help_text="The download address (Content-Disposition: attachment).")
    name = serializers.CharField(source="original_name", read_only=True)
    pages = serializers.IntegerField(source="page_count", read_only=True, allow_null=True)

    class Meta:
        model = DocumentFile
        fields = ["id", "url", "name", "kind", "language", "title", "content_type", "size",
                  "pages", "sha256", "uploaded_at"]


class DocumentDetailSerializer(DocumentSerializer):
    """One document with its targets (each with its latest known figure), its links in both
    directions, its sources and the figures it states."""

    signer = serializers.CharField(source="signer.name", read_only=True, allow_null=True,
                                   default=None)
    targets = TargetInDocumentSerializer(many=True, read_only=True)
    links_out = LinkSerializer(many=True, read_only=True, source="outgoing_links")
    links_in = LinkSerializer(many=True, read_only=True, source="incoming_links")
    sources = MentionSerializer(many=True, read_only=True, source="mentions")
    files = FileSerializer(many=True, read_only=True)
    text_url = serializers.SerializerMethodField(
        help_text="The document's full texts, structured (/api/documents/<slug>/text/).")
    figures = FigureInDocumentSerializer(
        many=True, read_only=True,
        help_text="Figures (số liệu) this document states, e.g. in its assessment.",
    )

    class Meta(DocumentSerializer.Meta):
        fields = DocumentSerializer.Meta.fields + [
            "summary", "signer", "signer_title", "date_note", "targets", "links_out",
            "links_in", "sources", "figures", "files", "text_url",
        ]

    @extend_schema_field(OpenApiTypes.URI)
    def get_text_url(self, obj) -> str:
        path = reverse("document-text", kwargs={"slug": obj.slug})
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class ResolutionRefSerializer(serializers.ModelSerializer):
    """The document that made a change of the map (a resolution): its symbol and page."""

    url = PublicUrlField()

    class Meta:
        model = Document
        fields = ["slug", "symbol", "title", "issued_date", "url"]


class SuccessionSerializer(serializers.ModelSerializer):
    """One unit that took this one over: when, whether only a part of it, and by which
    document (null when not known)."""

    to = serializers.SlugRelatedField(source="to_locality", read_only=True, slug_field="slug")
    to_name = serializers.CharField(source="to_locality.name", read_only=True)
    date = serializers.DateField(source="effective_date", read_only=True, allow_null=True)
    partial = serializers.BooleanField(
        read_only=True, help_text="True: only part of this unit went to it (a ward divided "
        "between several new ones).")
    document = ResolutionRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = LocalitySuccession
        fields = ["to", "to_name", "date", "partial", "document"]


class LocalitySerializer(serializers.ModelSerializer):
    url = PublicUrlField()
    #: The place told apart from its namesakes, as the list form names it ("phường Việt Hưng
    #: (Hà Nội, từ 01/07/2025)"; the suggestions of the place field show it).
    label = serializers.SerializerMethodField()
    parent = serializers.SlugRelatedField(read_only=True, slug_field="slug", allow_null=True)
    successors = serializers.SlugRelatedField(many=True, read_only=True, slug_field="slug")
    #: The same successors with the date, the part and the resolution (one per successor).
    successions = SuccessionSerializer(many=True, read_only=True, source="succeeded_by")
    predecessors = serializers.SlugRelatedField(many=True, read_only=True, slug_field="slug")

    class Meta:
        model = Locality
        fields = ["slug", "url", "code", "name", "name_en", "label", "kind", "level", "parent",
                  "valid_from", "valid_to", "successors", "successions", "predecessors"]

    @extend_schema_field(OpenApiTypes.STR)
    def get_label(self, obj) -> str:
        with translation.override(label_language(self.context.get("request"))):
            return place_label(obj)


class BodySerializer(serializers.ModelSerializer):
    url = PublicUrlField()
    #: The body told apart from its namesakes ("Quận ủy Long Biên (Long Biên, đến …)").
    label = serializers.SerializerMethodField()
    locality = serializers.SlugRelatedField(read_only=True, slug_field="slug")
    parent = serializers.SlugRelatedField(read_only=True, slug_field="slug", allow_null=True)
    successor = serializers.SlugRelatedField(read_only=True, slug_field="slug", allow_null=True)
    terms = TermSerializer(many=True, read_only=True)

    class Meta:
        model = IssuingBody
        fields = ["slug", "url", "name", "short_name", "label", "code", "kind", "locality",
                  "parent", "uncertain", "successor", "valid_from", "valid_to", "terms"]

    @extend_schema_field(OpenApiTypes.STR)
    def get_label(self, obj) -> str:
        with translation.override(label_language(self.context.get("request"))):
            return body_label(obj)
