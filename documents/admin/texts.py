"""Texts and extraction jobs in the admin (docs/TEXT.md).

- On a document's page each file shows its text: the latest job's status, the method, the OCR
  confidence, the latest job's error, and links to correct the text and to extract it again
  (:func:`text_state`, used by ``files.py``).
- ``…/documentfile/<id>/extract/`` (:func:`extract_view`): "Trích xuất lại" — a confirmation
  page (GET) and the request (POST, CSRF-protected); editors and superusers only (the
  ``change_documenttext`` permission), reviewers get 403.
- :class:`DocumentTextAdmin`: an editor corrects the text (``corrected``; saving it records
  ``corrected_at`` and rebuilds the provisions; simple-history keeps every version); the
  extraction itself is read-only; the "Trích xuất lại" action.
- :class:`ExtractionJobAdmin`: every job, read-only, filtered by status — the failed ones at
  ``…/extractionjob/?status__exact=failed`` — with the "Chạy lại" action.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Subquery
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from documents.language import vocabulary_label
from documents.models import DocumentFile, DocumentText, ExtractionJob

from .history import HistoryAdmin

EXTRACT_PERMISSION = "documents.change_documenttext"


def may_extract(request) -> bool:
    return request.user.is_active and request.user.has_perm(EXTRACT_PERMISSION)


def latest_error():
    """The error of a file's latest job, as an annotation (no query per file)."""
    return Subquery(ExtractionJob.objects.filter(document_text__file=OuterRef("pk"))
                    .order_by("-queued_at", "-id").values("error")[:1])


def confidence_shown(value) -> str:
    return "—" if value is None else f"{number_format(value, 1)} %"


def text_state(file: DocumentFile, request=None) -> str:
    """A file's text in one cell: status, method, OCR confidence, error, links."""
    if not file or not file.pk:
        return "—"
    text = getattr(file, "text", None)
    offer = request is None or may_extract(request)
    extract_link = (reverse("admin:documents_documentfile_extract", args=[file.pk]),
                    _("Trích xuất lại"))
    if text is None:  # a file kept before texts were taken
        return format_html('{} <a href="{}">{}</a>', _("chưa có"), *extract_link) if offer \
            else _("chưa có")
    parts = [format_html("<strong>{}</strong>", vocabulary_label("job_status", text.status))]
    if text.method:
        parts.append(format_html("{}", vocabulary_label("text_method", text.method)))
    if text.ocr_confidence is not None:
        parts.append(format_html("{} {}", _("độ tin cậy OCR"),
                                 confidence_shown(text.ocr_confidence)))
    if text.corrected:
        parts.append(format_html("{}", _("đã hiệu đính")))
    error = getattr(file, "last_error", None)
    links = [(reverse("admin:documents_documenttext_change", args=[text.pk]),
              _("xem, hiệu đính"))]
    if offer:
        links.append(extract_link)
    html = format_html_join(" · ", "{}", ((p,) for p in parts))
    if error:
        html = format_html('{}<br><span class="errornote">{}</span>', html, error)
    return format_html("{}<br>{}", html,
                       format_html_join(" · ", '<a href="{}">{}</a>', links))


@require_http_methods(["GET", "HEAD", "POST"])
def extract_view(request, model_admin, object_id):
    """Confirm (GET), then queue (POST) a new extraction of a file's text."""
    from documents.text_jobs import queue_extraction

    if not may_extract(request):
        raise PermissionDenied
    try:
        file = get_object_or_404(DocumentFile.objects.select_related("document"), pk=object_id)
    except (ValueError, TypeError) as exc:
        raise Http404 from exc
    back = reverse("admin:documents_document_change", args=[file.document_id])
    if request.method == "POST":
        queue_extraction(file, requested_by=request.user.get_username())
        model_admin.message_user(request, _gettext(
            "Đã xếp hàng trích xuất lại văn bản từ tệp “%(name)s”. Văn bản đã hiệu đính (nếu "
            "có) được giữ nguyên.") % {"name": file.original_name}, messages.SUCCESS)
        return HttpResponseRedirect(back)
    context = {
        **model_admin.admin_site.each_context(request),
        "title": _("Trích xuất lại văn bản"),
        "opts": model_admin.opts, "file": file, "back": back,
        "text": DocumentText.objects.filter(file=file).first(),
    }
    return TemplateResponse(request, "admin/documents/extract_confirm.html", context)


class JobInline(admin.TabularInline):
    model = ExtractionJob
    extra = 0
    can_delete = False
    fields = ("status", "attempts", "error", "requested_by", "queued_at", "started_at",
              "finished_at")
    readonly_fields = fields
    verbose_name_plural = _("các lần trích xuất")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(DocumentText)
class DocumentTextAdmin(HistoryAdmin):
    list_display = ("__str__", "document", "status", "method", "excerpt", "confidence",
                    "extracted_at", "corrected_at")
    list_filter = ("status", "method", "excerpt")
    list_select_related = ("document", "file", "source")
    search_fields = ("document__symbol", "file__original_name")
    inlines = (JobInline,)
    fields = ("document", "file", "source", "excerpt", "status", "method", "confidence",
              "ocr_pages", "extracted_at", "reextract", "extracted", "corrected", "corrected_at")
    readonly_fields = ("document", "file", "source", "status", "method", "confidence",
                       "ocr_pages", "extracted_at", "reextract", "extracted", "corrected_at")
    actions = ("reextract_selected",)
    list_per_page = 50

    def has_add_permission(self, request):
        return False  # a text comes from a file (its upload) or a public page (the loaders)

    @admin.display(description=_("độ tin cậy OCR"), ordering="ocr_confidence")
    def confidence(self, obj):
        return confidence_shown(obj.ocr_confidence)

    @admin.display(description=_("trích xuất lại"))
    def reextract(self, obj):
        if obj is None or obj.file_id is None:
            return "—"
        return format_html('<a href="{}">{}</a>',
                           reverse("admin:documents_documentfile_extract", args=[obj.file_id]),
                           _("Trích xuất lại từ tệp"))

    def save_model(self, request, obj, form, change):
        from documents.provisions import rebuild_provisions

        if "corrected" in form.changed_data:
            obj.corrected_at = timezone.now()
        super().save_model(request, obj, form, change)
        if "corrected" in form.changed_data:
            rebuild_provisions(obj)

    @admin.action(description=_("Trích xuất lại văn bản (giữ văn bản đã hiệu đính)"),
                  permissions=("change",))
    def reextract_selected(self, request, queryset):
        from documents.text_jobs import queue_extraction

        count = 0
        for text in queryset.select_related("file").filter(file__isnull=False):
            queue_extraction(text.file, requested_by=request.user.get_username())
            count += 1
        self.message_user(request, _gettext("Đã xếp hàng trích xuất lại %(count)s văn bản.")
                          % {"count": count}, messages.SUCCESS)


@admin.register(ExtractionJob)
class ExtractionJobAdmin(admin.ModelAdmin):
    list_display = ("document_text", "document", "status", "attempts", "error_short",
                    "requested_by", "queued_at", "finished_at")
    list_filter = ("status",)
    list_select_related = ("document_text__document", "document_text__file",
                           "document_text__source")
    search_fields = ("document_text__document__symbol", "error")
    fields = ("document_text", "status", "task_id", "attempts", "error", "requested_by",
              "queued_at", "started_at", "finished_at")
    readonly_fields = fields
    actions = ("rerun_selected", "recover_selected")
    list_per_page = 50

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_rerun_permission(self, request):
        return may_extract(request)

    def changelist_view(self, request, extra_context=None):
        """The list, saying how many jobs lost their worker (a GET changes nothing: the
        action "Phục hồi" recovers them)."""
        from documents.text_jobs import stale_jobs

        if request.method == "GET":
            count = stale_jobs().count()
            if count:
                message = _gettext(
                    "%(count)s công việc bị dừng giữa chừng (đang chạy quá thời hạn: tiến trình "
                    "xử lý đã tắt).") % {"count": count}
                if self.has_rerun_permission(request):
                    message += " " + _gettext(
                        "Chọn chúng rồi dùng thao tác “Phục hồi công việc bị dừng” để xếp hàng "
                        "lại hoặc đánh dấu thất bại.")
                self.message_user(request, message, messages.WARNING)
        return super().changelist_view(request, extra_context)

    @admin.action(description=_("Phục hồi công việc bị dừng"), permissions=("rerun",))
    def recover_selected(self, request, queryset):
        from documents.text_jobs import recover_stale_jobs

        recovered = recover_stale_jobs(among=list(queryset.values_list("pk", flat=True)))
        self.message_user(request, _gettext(
            "%(count)s công việc bị dừng giữa chừng đã được xếp hàng lại hoặc đánh dấu thất "
            "bại.") % {"count": len(recovered)}, messages.SUCCESS)

    @admin.display(description=_("văn bản"))
    def document(self, obj):
        return obj.document_text.document

    @admin.display(description=_("lỗi"))
    def error_short(self, obj):
        return obj.error if len(obj.error) <= 120 else obj.error[:118] + "…"

    @admin.action(description=_("Chạy lại"), permissions=("rerun",))
    def rerun_selected(self, request, queryset):
        from documents.text_jobs import rerun

        count = 0
        for job in queryset.select_related("document_text__file"):
            if job.document_text.file_id is not None:
                rerun(job, requested_by=request.user.get_username())
                count += 1
        self.message_user(request, _gettext("Đã xếp hàng chạy lại %(count)s công việc.")
                          % {"count": count}, messages.SUCCESS)
