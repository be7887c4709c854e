"""A document's files in the admin: attached on the document's page (:class:`FileInline`),
listed on their own page with what was found in them (:class:`DocumentFileAdmin`).

Each upload is checked by its content (``DocumentFile.clean`` → ``documents/uploads.py``);
the same file twice on one document is refused, naming the file already kept, both against
the database and among the files of one submission. Editors and superusers upload (the
``add``/``change`` permissions of ``documents/roles.py``); reviewers only see. Each file shows
its text's state (``texts.py``: status, method, OCR confidence, the last job's error) with
"Trích xuất lại".
"""

from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.template.defaultfilters import filesizeformat
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from documents.models import DocumentFile

from .history import HistoryAdmin
from .search import FoldedSearchMixin
from .texts import extract_view, latest_error, text_state

FACTS = ("original_name", "content_type", "size_shown", "page_count", "sha256", "download",
         "text_shown")


class FileFacts:
    """Read-only columns shared by the inline and the list."""

    @admin.display(description=_("dung lượng"))
    def size_shown(self, obj):
        return filesizeformat(obj.size) if obj and obj.size is not None else "—"

    @admin.display(description=_("tải về"))
    def download(self, obj):
        if not obj or not obj.pk:
            return "—"
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), _("tải về"))

    @admin.display(description=_("toàn văn"))
    def text_shown(self, obj):
        return text_state(obj, getattr(self, "_request", None))

    def get_queryset(self, request):
        """Each file with its text and its latest job's error (no query per file)."""
        return (super().get_queryset(request).select_related("text", "document")
                .annotate(last_error=latest_error()))


class FileFormSet(BaseInlineFormSet):
    """The same content twice in one submission is refused before anything is written."""

    def clean(self):
        super().clean()
        seen: dict[str, str] = {}
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or form.cleaned_data.get("DELETE"):
                continue
            obj = form.instance
            if not obj.sha256:
                continue
            if obj.sha256 in seen:
                raise ValidationError(
                    _("Cùng một tệp được chọn hai lần: “%(first)s” và “%(second)s”.")
                    % {"first": seen[obj.sha256], "second": obj.original_name}
                )
            seen[obj.sha256] = obj.original_name


class FileInline(FileFacts, admin.TabularInline):
    """(Django makes an inline per request: the request it keeps is that request's.)"""

    model = DocumentFile
    formset = FileFormSet
    extra = 0
    fields = ("kind", "language", "title", "file", *FACTS)
    readonly_fields = FACTS
    verbose_name = _("tệp văn bản")
    verbose_name_plural = _("tệp của văn bản (bản gốc, Word, ảnh quét, phụ lục…)")

    def get_queryset(self, request):
        self._request = request  # whether to offer "Trích xuất lại" (text_shown)
        return super().get_queryset(request)


@admin.register(DocumentFile)
class DocumentFileAdmin(FoldedSearchMixin, FileFacts, HistoryAdmin):
    list_display = ("original_name", "document", "kind", "language", "content_type",
                    "size_shown", "page_count", "uploaded_at")
    list_filter = ("kind", "language", "content_type")
    list_select_related = ("document",)
    search_fields = ("original_name", "sha256", "document__search_text")
    fields = ("document", "kind", "language", "title", *FACTS, "uploaded_at")
    readonly_fields = ("document", *FACTS, "uploaded_at")
    list_per_page = 50

    def has_add_permission(self, request):
        return False  # a file is attached on its document's page

    def get_urls(self):
        """Adds ``<id>/extract/`` (``documents_documentfile_extract``): "Trích xuất lại", the
        file's text taken again on the job queue (``texts.extract_view``; editors only)."""
        from django.urls import path

        def extract(request, object_id):
            return extract_view(request, self, object_id)

        return [
            path("<path:object_id>/extract/", self.admin_site.admin_view(extract),
                 name=f"{self.opts.app_label}_{self.opts.model_name}_extract"),
            *super().get_urls(),
        ]
