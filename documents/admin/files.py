"""A document's files in the admin: attached on the document's page (:class:`FileInline`),
listed on their own page with what was found in them (:class:`DocumentFileAdmin`).

Each upload is checked by its content (``DocumentFile.clean`` → ``documents/uploads.py``);
the same file twice on one document is refused, naming the file already kept, both against
the database and among the files of one submission. Editors and superusers upload (the
``add``/``change`` permissions of ``documents/roles.py``); reviewers only see.
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

FACTS = ("original_name", "content_type", "size_shown", "page_count", "sha256", "download")


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
    model = DocumentFile
    formset = FileFormSet
    extra = 0
    fields = ("kind", "language", "title", "file", *FACTS)
    readonly_fields = FACTS
    verbose_name = _("tệp văn bản")
    verbose_name_plural = _("tệp của văn bản (bản gốc, Word, ảnh quét, phụ lục…)")


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
