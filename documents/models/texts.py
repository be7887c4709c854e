"""The text of a document's files (issue 15, docs/TEXT.md).

- :class:`DocumentText`: a document's text, either taken from one of its files
  (:class:`~documents.models.DocumentFile`) by the method its type needs (PDF text layer,
  OCR, ``.docx``, ``.doc`` through LibreOffice), with the OCR confidence where OCR read it,
  or read from a public page (its :class:`~documents.models.Source`, ``method="web_page"``);
  and an editor's correction that survives a re-extraction. Its ``status`` is the state of
  the latest extraction job (a text from a page is ``done`` when loaded).
- :class:`ExtractionJob`: one run of the extraction (queued on the job queue, never in a
  request): when, how many attempts, how it ended and the error; the admin lists failed ones.
- :class:`Provision`: the text split into its structure — Phần / Chương / Mục / Điều / Khoản /
  Điểm for state documents, the numbered parts (I., 1., a)) for Party documents — each with a
  stable anchor (``dieu-5``, ``dieu-5-khoan-2``), unique within its document, its place in
  the table of contents and its own folded, indexed words for search.
"""

from __future__ import annotations

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from documents.domain.vietnamese import fold
from documents.domain.vocabulary import JOB_STATUSES, PROVISION_KINDS, TEXT_METHODS, choices
from documents.search import search_vector_expression

from .common import clean_text


class DocumentText(models.Model):
    document = models.ForeignKey("documents.Document", verbose_name=_("văn bản"),
                                 on_delete=models.CASCADE, related_name="texts")
    file = models.OneToOneField(
        "documents.DocumentFile", verbose_name=_("tệp"), on_delete=models.CASCADE,
        related_name="text", null=True, blank=True,
    )
    source = models.ForeignKey(
        "documents.Source", verbose_name=_("nguồn toàn văn"), on_delete=models.PROTECT,
        related_name="document_texts", null=True, blank=True,
        help_text=_("Trang công khai đã đọc toàn văn, khi văn bản không lấy từ tệp."),
    )
    #: The order of the document's texts on its page (the decision before the scheme).
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    status = models.CharField(_("trạng thái trích xuất"), max_length=10,
                              choices=choices(JOB_STATUSES), default="queued")
    method = models.CharField(_("cách lấy chữ"), max_length=12, choices=choices(TEXT_METHODS),
                              blank=True)
    extracted = models.TextField(_("văn bản trích xuất"), blank=True, editable=False)
    corrected = models.TextField(
        _("văn bản đã hiệu đính"), blank=True,
        help_text=_("Để trống nếu văn bản trích xuất đúng. Nội dung hiệu đính được giữ nguyên "
                    "khi trích xuất lại."),
    )
    #: Only part of the document (a news article's excerpt, a page's beginning): shown as
    #: "Trích đoạn — không phải toàn văn" wherever the text is.
    excerpt = models.BooleanField(
        _("trích đoạn"), default=False,
        help_text=_("Văn bản này chỉ là một phần của văn bản gốc (trích đoạn), không phải toàn "
                    "văn."),
    )
    ocr_confidence = models.FloatField(_("độ tin cậy OCR (%)"), null=True, blank=True,
                                       editable=False)
    ocr_pages = models.PositiveIntegerField(_("số trang đọc bằng OCR"), null=True, blank=True,
                                            editable=False)
    extracted_at = models.DateTimeField(_("trích xuất lúc"), null=True, blank=True,
                                        editable=False)
    corrected_at = models.DateTimeField(_("hiệu đính lúc"), null=True, blank=True,
                                        editable=False)
    #: Who corrected what, when (the extraction itself is the file's, not an edit).
    history = HistoricalRecords(excluded_fields=["extracted"])

    class Meta:
        verbose_name = _("toàn văn")
        verbose_name_plural = _("toàn văn")
        ordering = ["document", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(file__isnull=False, source__isnull=True)
                           | models.Q(file__isnull=True, source__isnull=False)),
                name="documenttext_from_file_or_page",
            ),
            models.CheckConstraint(condition=models.Q(status__in=[t.key for t in JOB_STATUSES]),
                                   name="documenttext_status_valid"),
            models.CheckConstraint(
                condition=models.Q(method="") | models.Q(method__in=[t.key for t in TEXT_METHODS]),
                name="documenttext_method_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(ocr_confidence__isnull=True)
                | models.Q(ocr_confidence__gte=0, ocr_confidence__lte=100),
                name="documenttext_ocr_confidence_percent",
            ),
        ]

    def __str__(self) -> str:
        return str(self.file) if self.file_id else str(self.source)

    @property
    def text(self) -> str:
        """What readers read: the editor's correction when there is one, else the extraction."""
        return self.corrected or self.extracted

    @property
    def is_ocr(self) -> bool:
        return self.method in {"pdf_ocr", "pdf_mixed", "image_ocr"}

    def save(self, *args, **kwargs):
        self.extracted = clean_text(self.extracted)
        self.corrected = clean_text(self.corrected)
        super().save(*args, **kwargs)


class ExtractionJob(models.Model):
    document_text = models.ForeignKey(DocumentText, verbose_name=_("toàn văn"),
                                  on_delete=models.CASCADE, related_name="jobs")
    status = models.CharField(_("trạng thái"), max_length=10, choices=choices(JOB_STATUSES),
                              default="queued")
    task_id = models.CharField(_("mã công việc"), max_length=64, blank=True)
    attempts = models.PositiveSmallIntegerField(_("số lần chạy"), default=0)
    error = models.TextField(_("lỗi"), blank=True)
    requested_by = models.CharField(_("yêu cầu bởi"), max_length=150, blank=True)
    queued_at = models.DateTimeField(_("xếp hàng lúc"), auto_now_add=True)
    started_at = models.DateTimeField(_("bắt đầu lúc"), null=True, blank=True)
    finished_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("công việc trích xuất văn bản")
        verbose_name_plural = _("công việc trích xuất văn bản")
        ordering = ["-queued_at", "-id"]
        indexes = [models.Index(fields=["status", "-queued_at"], name="extractionjob_status")]
        constraints = [
            models.CheckConstraint(condition=models.Q(status__in=[t.key for t in JOB_STATUSES]),
                                   name="extractionjob_status_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.document_text} · {self.get_status_display()}"


class Provision(models.Model):
    document_text = models.ForeignKey(DocumentText, verbose_name=_("toàn văn"),
                                  on_delete=models.CASCADE, related_name="provisions")
    #: The file's document, kept here so that search and anchors need no join.
    document = models.ForeignKey("documents.Document", verbose_name=_("văn bản"),
                                 on_delete=models.CASCADE, related_name="provisions")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE,
                               related_name="children")
    position = models.PositiveIntegerField(_("thứ tự"))
    depth = models.PositiveSmallIntegerField(_("cấp"), default=0)
    kind = models.CharField(_("loại"), max_length=10, choices=choices(PROVISION_KINDS))
    number = models.CharField(_("số"), max_length=20, blank=True)
    anchor = models.CharField(_("neo"), max_length=120)
    label = models.CharField(_("nhãn"), max_length=120, blank=True)
    heading = models.TextField(_("tiêu đề"), blank=True)
    body = models.TextField(_("nội dung"), blank=True)
    page = models.PositiveIntegerField(_("trang"), null=True, blank=True)
    search_text = models.TextField(editable=False, blank=True)
    search_vector = models.GeneratedField(
        expression=search_vector_expression(), output_field=SearchVectorField(), db_persist=True
    )

    class Meta:
        verbose_name = _("điều khoản")
        verbose_name_plural = _("điều khoản")
        ordering = ["document_text", "position"]
        constraints = [
            models.UniqueConstraint(fields=["document", "anchor"],
                                    name="provision_anchor_unique_per_document"),
            models.UniqueConstraint(fields=["document_text", "position"],
                                    name="provision_position_unique"),
            models.CheckConstraint(condition=models.Q(kind__in=[t.key for t in PROVISION_KINDS]),
                                   name="provision_kind_valid"),
            models.CheckConstraint(condition=models.Q(anchor__regex=r"^[a-z0-9]+(-[a-z0-9]+)*$"),
                                   name="provision_anchor_slug"),
        ]
        indexes = [
            GinIndex(fields=["search_vector"], name="provision_search_vector"),
            models.Index(fields=["document", "position"], name="provision_document"),
        ]

    def __str__(self) -> str:
        return self.label or self.anchor

    def save(self, *args, **kwargs):
        self.label = clean_text(self.label)
        self.heading = clean_text(self.heading)
        self.body = clean_text(self.body)
        self.search_text = fold(" ".join(filter(None, [self.label, self.heading, self.body])))
        super().save(*args, **kwargs)
