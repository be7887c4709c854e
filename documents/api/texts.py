"""The API's shapes for full texts (docs/TEXT.md, docs/SEARCH.md).

- ``GET /api/documents/<slug>/text/``: a document's texts, structured (each text's source —
  its file or the public page it was read from —, method, OCR confidence, and its provisions
  with kind, label, anchor, heading, body, page and address). Its own endpoint, so that the
  document's detail stays light (a text runs to thousands of words); the detail gives its
  address as ``text_url``.
- In the document list, when searching (``q``): ``matched`` (where each result matched:
  ``metadata``, ``text`` or both) and ``passages`` (the passages of its text that hold the
  query's words, with their provision), from :mod:`documents.text_search`.
"""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from documents.language import vocabulary_label
from documents.models import DocumentText, Provision
from documents.text_search import provision_url


class AbsoluteUrlMixin:
    def absolute(self, path: str) -> str:
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class ProvisionSerializer(AbsoluteUrlMixin, serializers.ModelSerializer):
    """One provision (Điều, Khoản, numbered part…) of a text, in the text's order."""

    url = serializers.SerializerMethodField(help_text="The provision on the document's page.")
    parent = serializers.SerializerMethodField(
        help_text="The anchor of the provision it belongs to (a Khoản's Điều); null at the top.")

    class Meta:
        model = Provision
        fields = ["anchor", "kind", "number", "label", "heading", "body", "page", "depth",
                  "parent", "url"]

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, obj) -> str:
        return self.absolute(provision_url(obj))

    @extend_schema_field({"type": "string", "nullable": True})
    def get_parent(self, obj) -> str | None:
        anchors = self.context.get("anchors", {})
        return anchors.get(obj.parent_id) if obj.parent_id else None


class TextSourceSerializer(serializers.Serializer):
    publisher = serializers.CharField()
    headline = serializers.CharField()
    url = serializers.CharField(help_text="The public page the text was read from.")


class TextFileSerializer(AbsoluteUrlMixin, serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="original_name")
    sha256 = serializers.CharField()
    url = serializers.SerializerMethodField(help_text="The file's download address.")

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, obj) -> str:
        return self.absolute(obj.get_absolute_url())


class DocumentTextSerializer(serializers.ModelSerializer):
    """One text of a document: where it comes from, how it was read, its provisions."""

    method_label = serializers.SerializerMethodField()
    is_ocr = serializers.BooleanField(read_only=True,
                                      help_text="Read by OCR: check it against the original.")
    corrected = serializers.SerializerMethodField(
        help_text="True when an editor corrected the extracted text (the text given is the "
                  "correction).")
    excerpt = serializers.BooleanField(
        read_only=True, help_text="True when the text holds only part of the document (trích "
                                  "đoạn: a news article's excerpt), not its full text.")
    source = TextSourceSerializer(read_only=True, allow_null=True)
    file = TextFileSerializer(read_only=True, allow_null=True)
    provisions = ProvisionSerializer(many=True, read_only=True)

    class Meta:
        model = DocumentText
        fields = ["id", "position", "status", "method", "method_label", "excerpt", "is_ocr",
                  "ocr_confidence", "ocr_pages", "extracted_at", "corrected", "corrected_at",
                  "source", "file", "provisions"]

    @extend_schema_field(OpenApiTypes.STR)
    def get_method_label(self, obj) -> str:
        return vocabulary_label("text_method", obj.method, "vi") if obj.method else ""

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_corrected(self, obj) -> bool:
        return bool(obj.corrected)


class DocumentTextsSerializer(serializers.Serializer):
    """``/api/documents/<slug>/text/``."""

    document = serializers.CharField(help_text="The document's slug.")
    texts = DocumentTextSerializer(many=True)


def document_texts(document):
    """*document*'s texts with their source or file and provisions: three queries."""
    texts = list(
        DocumentText.objects.filter(document=document)
        .select_related("source", "file", "file__document")
        .prefetch_related("provisions")
    )
    for text in texts:
        for provision in text.provisions.all():
            provision.document = document
    return texts


class PassageSerializer(AbsoluteUrlMixin, serializers.Serializer):
    """A passage of a document's text that holds the query's words."""

    anchor = serializers.CharField(source="provision.anchor")
    kind = serializers.CharField(source="provision.kind")
    label = serializers.CharField(help_text="The provision: “Điều 5”, or its heading.")
    text = serializers.CharField(source="passage.text",
                                 help_text="The passage as written (diacritics and all).")
    before = serializers.BooleanField(source="passage.before",
                                      help_text="Text was left out before the passage (…).")
    after = serializers.BooleanField(source="passage.after",
                                     help_text="Text was left out after the passage (…).")
    words = serializers.ListField(child=serializers.CharField(), source="passage.found",
                                  help_text="The query's words it holds (folded).")
    url = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, obj) -> str:
        return self.absolute(obj.url)
