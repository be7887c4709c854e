"""A document's files: the signed original, Word files, scanned pages, appendices and the
schemes it approves — each kept through Django's storage API (``STORAGES["default"]``: the
disk by default, S3-compatible object storage in production), checked by content
(``documents/uploads.py``) and identified by its SHA-256.

Text taken from a file later hangs off :class:`DocumentFile` (a foreign key to it).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from documents.domain.vocabulary import FILE_KINDS, FILE_LANGUAGES, choices
from documents.uploads import UploadRefused, inspect_upload, safe_name

from .common import clean_text


def storage_name(instance: DocumentFile, filename: str) -> str:
    """Where a file is stored: under its document, named by its checksum (ASCII, unique per
    document as the rows are), with the extension of its type."""
    return f"documents/{instance.document_id}/{instance.sha256}{instance.extension}"


class DocumentFile(models.Model):
    document = models.ForeignKey(
        "documents.Document", verbose_name=_("văn bản"), on_delete=models.CASCADE,
        related_name="files",
    )
    kind = models.CharField(_("loại tệp"), max_length=20, choices=choices(FILE_KINDS),
                            default="signed_original")
    language = models.CharField(_("ngôn ngữ"), max_length=8, choices=choices(FILE_LANGUAGES),
                                default="vi")
    title = models.CharField(
        _("ghi chú"), max_length=300, blank=True,
        help_text=_("Ví dụ: Đề án kèm theo Quyết định, Phụ lục I."),
    )
    file = models.FileField(_("tệp"), upload_to=storage_name, max_length=300)
    original_name = models.CharField(_("tên tệp gốc"), max_length=200, editable=False)
    content_type = models.CharField(_("kiểu nội dung"), max_length=100, editable=False)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"), editable=False)
    page_count = models.PositiveIntegerField(_("số trang"), null=True, blank=True,
                                             editable=False)
    sha256 = models.CharField(_("mã kiểm tra SHA-256"), max_length=64, editable=False)
    uploaded_at = models.DateTimeField(_("ngày tải lên"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tệp văn bản")
        verbose_name_plural = _("tệp văn bản")
        ordering = ["document", "id"]
        constraints = [
            models.UniqueConstraint(fields=["document", "sha256"],
                                    name="documentfile_unique_per_document"),
            models.CheckConstraint(condition=models.Q(kind__in=[t.key for t in FILE_KINDS]),
                                   name="documentfile_kind_valid"),
            models.CheckConstraint(
                condition=models.Q(language__in=[t.key for t in FILE_LANGUAGES]),
                name="documentfile_language_valid",
            ),
            models.CheckConstraint(condition=models.Q(sha256__regex=r"^[0-9a-f]{64}$"),
                                   name="documentfile_sha256_hex"),
        ]

    def __str__(self) -> str:
        return self.original_name or self.file.name

    @property
    def extension(self) -> str:
        from documents.uploads import ALLOWED_TYPES

        return ALLOWED_TYPES.get(self.content_type, "")

    def get_absolute_url(self) -> str:
        """The download address (``views/files.py``), under the document's own."""
        return reverse("documents:file", kwargs={"slug": self.document.slug, "pk": self.pk})

    def _new_upload(self) -> bool:
        return bool(self.file) and not getattr(self.file, "_committed", True)

    def inspect(self) -> None:
        """Check a newly chosen file by its content and record what it is (type, size,
        pages, checksum, safe name); :class:`ValidationError` when it cannot be kept."""
        if not self._new_upload():
            return
        upload = self.file.file
        try:
            facts = inspect_upload(upload)
        except UploadRefused as refusal:
            raise ValidationError({"file": str(refusal)}) from refusal
        self.content_type, self.size = facts.content_type, facts.size
        self.sha256, self.page_count = facts.sha256, facts.page_count
        self.original_name = safe_name(getattr(upload, "name", None) or self.file.name, facts)

    def same_file(self) -> DocumentFile | None:
        """The file of the same document with the same content, if one is kept already."""
        if not self.document_id or not self.sha256:
            return None
        return (DocumentFile.objects.filter(document_id=self.document_id, sha256=self.sha256)
                .exclude(pk=self.pk).first())

    def clean(self):
        super().clean()
        self.title = clean_text(self.title)
        self.inspect()
        existing = self.same_file()
        if existing is not None:
            raise ValidationError({"file": duplicate_message(existing)})

    def save(self, *args, **kwargs):
        self.title = clean_text(self.title)
        self.inspect()  # code that skipped full_clean still stores only checked files
        super().save(*args, **kwargs)


def duplicate_message(existing: DocumentFile) -> str:
    return str(_("Tệp này đã được tải lên cho văn bản này: “%(name)s” (tải lên ngày "
                 "%(day)s). Không tải lại cùng một tệp.")) % {
        "name": existing.original_name,
        "day": existing.uploaded_at.strftime("%d/%m/%Y") if existing.uploaded_at else "",
    }
