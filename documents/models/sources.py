"""Where facts come from: sources (news articles, official pages), the documents
they mention with quotes, and the meetings they report (who presided, who spoke)."""

from __future__ import annotations

from django.core.validators import URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from documents.domain.validation import provision_named
from documents.domain.vocabulary import (  # noqa: F401 - the vocabularies, kept importable here
    EVENT_KINDS,
    PARTICIPANT_ROLES,
    SOURCE_KINDS,
    choices,
)
from documents.domain.weblinks import WEB_SCHEMES

from .common import clean_text, provision_field, raise_violations
from .uncertainty import editorial_note_field

#: A source's address: ``http(s)://`` only (the pages link only those: ``external_url``).
web_address_validator = URLValidator(
    schemes=list(WEB_SCHEMES),
    message=_("Nhập một địa chỉ web bắt đầu bằng http:// hoặc https://."),
)


class Source(models.Model):
    kind = models.CharField(_("loại nguồn"), max_length=12, choices=choices(SOURCE_KINDS))
    publisher = models.CharField(_("cơ quan đăng"), max_length=200)
    headline = models.CharField(_("tiêu đề"), max_length=500)
    url = models.URLField(_("địa chỉ"), max_length=500, blank=True,
                          validators=[web_address_validator])
    author = models.CharField(_("tác giả"), max_length=200, blank=True)
    published_date = models.DateField(_("ngày đăng"), null=True, blank=True)
    date_note = models.CharField(_("ghi chú về ngày"), max_length=300, blank=True)
    reference = models.CharField(
        _("mã lưu trữ"),
        max_length=120,
        blank=True,
        help_text=_("Tên tệp hoặc mã lưu của bản sao bài viết, nếu có."),
    )
    text = models.TextField(_("nội dung"), blank=True)
    editorial_note = editorial_note_field()
    documents = models.ManyToManyField(
        "documents.Document",
        through="SourceMention",
        related_name="sources",
        verbose_name=_("văn bản được nhắc đến"),
    )
    created_at = models.DateTimeField(_("ngày nhập"), auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["text"])

    class Meta:
        verbose_name = _("nguồn")
        verbose_name_plural = _("nguồn")
        ordering = ["-published_date", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["reference"], condition=~models.Q(reference=""), name="source_unique_ref"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.publisher}: {self.headline}"

    def save(self, *args, **kwargs):
        self.headline = clean_text(self.headline)
        self.publisher = clean_text(self.publisher)
        self.text = clean_text(self.text)
        super().save(*args, **kwargs)


class SourceMention(models.Model):
    """A source mentions a document; ``quote`` is what it says about it."""

    source = models.ForeignKey(
        Source, verbose_name=_("nguồn"), on_delete=models.CASCADE, related_name="mentions"
    )
    document = models.ForeignKey(
        "documents.Document",
        verbose_name=_("văn bản"),
        on_delete=models.CASCADE,
        related_name="mentions",
    )
    quote = models.TextField(_("câu trích dẫn"), blank=True)
    #: Where in the mentioned document's text the quote points ("Điều 5, khoản 2").
    provision = provision_field(
        help_text=_("Điều khoản của văn bản mà câu trích dẫn nói đến, như nguồn viết: "
                    "“Điều 5, khoản 2”, “mục 2 phần I”."))
    note = models.TextField(_("ghi chú"), blank=True)
    editorial_note = editorial_note_field()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("trích dẫn trong nguồn")
        verbose_name_plural = _("trích dẫn trong nguồn")
        ordering = ["source", "id"]
        constraints = [
            models.UniqueConstraint(fields=["source", "document"], name="mention_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.source.publisher} → {self.document}"

    def clean(self):
        super().clean()
        raise_violations(provision_named(self.provision))

    def save(self, *args, **kwargs):
        self.quote = clean_text(self.quote)
        self.provision = clean_text(self.provision)
        super().save(*args, **kwargs)


class Event(models.Model):
    """A meeting or conference where documents were discussed."""

    kind = models.CharField(_("loại"), max_length=12, choices=choices(EVENT_KINDS))
    title = models.CharField(_("tên"), max_length=400)
    date = models.DateField(_("ngày"), null=True, blank=True)
    date_note = models.CharField(_("ghi chú về ngày"), max_length=300, blank=True)
    locality = models.ForeignKey(
        "documents.Locality",
        verbose_name=_("địa điểm"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
    )
    organiser = models.ForeignKey(
        "documents.IssuingBody",
        verbose_name=_("cơ quan tổ chức"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
    )
    source = models.ForeignKey(
        Source, verbose_name=_("nguồn"), on_delete=models.PROTECT, related_name="events"
    )
    summary = models.TextField(_("tóm tắt"), blank=True)
    editorial_note = editorial_note_field()
    documents = models.ManyToManyField(
        "documents.Document", verbose_name=_("văn bản"), blank=True, related_name="events"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("sự kiện")
        verbose_name_plural = _("sự kiện")
        ordering = ["-date", "id"]

    def __str__(self) -> str:
        return self.title


class EventParticipant(models.Model):
    event = models.ForeignKey(
        Event, verbose_name=_("sự kiện"), on_delete=models.CASCADE, related_name="participants"
    )
    person = models.ForeignKey(
        "documents.Person",
        verbose_name=_("người"),
        on_delete=models.PROTECT,
        related_name="participations",
    )
    role = models.CharField(_("vai trò"), max_length=12, choices=choices(PARTICIPANT_ROLES))
    title = models.CharField(_("chức vụ khi đó"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("người tham dự")
        verbose_name_plural = _("người tham dự")
        ordering = ["event", "id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "person", "role"], name="participant_unique"),
            models.CheckConstraint(
                condition=models.Q(role__in=[r.key for r in PARTICIPANT_ROLES]),
                name="participant_role_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()})"
