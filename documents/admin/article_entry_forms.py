"""The forms of the admin's "Nhập từ bài báo" page (``documents/admin/article_entry.py``):
the article and its source details (step 1), and at step 2 the source to record, one form
per document the article names (keep the match, choose a candidate, create a new document or
leave it out) and one per proposed link. Each item and link form turns its data into the
entry service's choice (``documents.article_entry``), whose rules it applies.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from documents.article_entry import (
    ItemChoice,
    LinkChoice,
    NewDocument,
    SourceDetails,
    choice_errors,
    new_document_errors,
)
from documents.domain.articles.items import AMBIGUOUS, MATCHED, NEW, Analysis, Item
from documents.domain.articles.sources import guess_source_details
from documents.domain.vietnamese import format_number
from documents.domain.vocabulary import DOCUMENT_TYPES, LINK_KINDS, choices
from documents.models import Document
from documents.models.sources import SOURCE_KINDS

#: What one analysis accepts (the longest seed article has 15.000 characters and names 9
#: documents): matching costs a few bounded queries per document and the review page one form
#: per document, so these bound the work and the page (an article of 199 KB naming 3.000
#: documents took 37 s and made an 8,9 MB page, past the server's timeout).
MAX_TEXT = 50_000
MAX_DOCUMENTS = 60
SKIP, CREATE = "", "new"


# --- forms -------------------------------------------------------------------------------------


class SourceFieldsForm(forms.Form):
    """The source article's details (optional at step 1, publisher and headline required at
    step 2)."""

    kind = forms.ChoiceField(
        label=_("Loại nguồn"), choices=choices(SOURCE_KINDS), initial="news", required=False
    )
    publisher = forms.CharField(label=_("Cơ quan đăng"), max_length=200, required=False)
    headline = forms.CharField(label=_("Tiêu đề bài viết"), max_length=500, required=False)
    url = forms.URLField(
        label=_("Địa chỉ (URL)"), max_length=500, required=False, assume_scheme="https"
    )
    author = forms.CharField(label=_("Tác giả"), max_length=200, required=False)
    published_date = forms.DateField(label=_("Ngày đăng"), required=False)
    reference = forms.CharField(
        label=_("Mã lưu trữ"),
        max_length=120,
        required=False,
        help_text=_("Tên tệp hoặc mã lưu của bản sao bài viết, nếu có."),
    )

    source_fields = ("kind", "publisher", "headline", "url", "author", "published_date",
                     "reference")  # fmt: skip


class ArticleForm(SourceFieldsForm):
    """Step 1: the article's text and, optionally, its source details."""

    text = forms.CharField(
        label=_("Nội dung bài báo"),
        widget=forms.Textarea(attrs={"rows": 18, "cols": 100, "class": "vLargeTextField"}),
        error_messages={"required": _("Hãy dán nội dung bài báo.")},
    )

    field_order = ("text", *SourceFieldsForm.source_fields)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].help_text = _(
            "Dán toàn bộ bài viết hoặc đoạn có nhắc đến văn bản (tối đa %(chars)s ký tự và "
            "%(documents)d văn bản mỗi lần phân tích)."
        ) % {"chars": format_number(MAX_TEXT), "documents": MAX_DOCUMENTS}

    def clean_text(self):
        text = (self.cleaned_data.get("text") or "").replace("\r\n", "\n").replace("\r", "\n")
        if not text.strip():
            raise ValidationError(_("Hãy dán nội dung bài báo."), code="required")
        # Checked here, not with max_length: a browser would cut a longer article silently
        # at the textarea's maxlength; this says what the limit is.
        if len(text) > MAX_TEXT:
            raise ValidationError(
                _("Bài viết dài %(length)s ký tự, quá giới hạn %(limit)s ký tự của một lần "
                  "phân tích: hãy dán đoạn có nhắc đến văn bản, hoặc chia bài viết thành "
                  "nhiều lần nhập."),
                code="max_length",
                params={"length": format_number(len(text)), "limit": format_number(MAX_TEXT)},
            )
        return text


class SourceForm(SourceFieldsForm):
    """Step 2: the source to record (created, or reused when it is already there)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("kind", "publisher", "headline"):
            self.fields[name].required = True
            self.fields[name].error_messages["required"] = _("Trường này là bắt buộc.")


    def details(self) -> SourceDetails:
        data = self.cleaned_data
        return SourceDetails(
            kind=data.get("kind") or "news",
            publisher=data["publisher"],
            headline=data["headline"],
            url=data.get("url", ""),
            author=data.get("author", ""),
            published_date=data.get("published_date"),
            reference=data.get("reference", ""),
        )


class ItemForm(forms.Form):
    """The admin's decision on one document the article mentions."""

    choice = forms.ChoiceField(label=_("Văn bản"), required=False)
    create = forms.BooleanField(label=_("Tạo văn bản mới"), required=False)
    doc_type = forms.ChoiceField(
        label=_("Loại văn bản"), choices=choices(DOCUMENT_TYPES), required=False
    )
    symbol = forms.CharField(label=_("Số ký hiệu"), max_length=60, required=False)
    issued_date = forms.DateField(label=_("Ngày ban hành"), required=False)
    title = forms.CharField(
        label=_("Trích yếu"),
        max_length=600,
        required=False,
        widget=forms.TextInput(attrs={"size": 60}),
    )
    issuing_body = forms.TypedChoiceField(
        label=_("Cơ quan ban hành"), coerce=int, required=False, empty_value=None
    )
    known_by_reference = forms.BooleanField(label=_("Chỉ biết qua dẫn chiếu"), required=False)

    def __init__(self, *args, item: Item, documents: dict, bodies: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.item = item
        self.documents = documents
        self.bodies = bodies
        self.matched_document = documents.get(item.document) if item.document else None
        self.candidate_documents = [documents[pk] for pk in item.candidates if pk in documents]
        self.body_choices = [bodies[pk] for pk in item.bodies if pk in bodies]
        self.fields["choice"].choices = [
            (SKIP, _("— Bỏ qua —")),
            *[(str(doc.pk), _candidate_label(doc)) for doc in self.candidate_documents],
            (CREATE, _("Tạo văn bản mới")),
        ]
        self.fields["issuing_body"].choices = [
            ("", _("— Chưa rõ —")),
            *[(body.pk, body.name) for body in self.body_choices],
        ]

    @property
    def is_matched(self) -> bool:
        return self.item.status == MATCHED

    @property
    def is_ambiguous(self) -> bool:
        return self.item.status == AMBIGUOUS

    def choice_made(self) -> ItemChoice:
        """The entry service's choice for this item: the matched document, the chosen
        candidate, a new document (when ticked) or nothing."""
        data, status = self.cleaned_data, self.item.status
        if status == MATCHED:
            return ItemChoice(document=self.item.document)
        value = data.get("choice") or SKIP
        if (status == NEW and data.get("create")) or (status == AMBIGUOUS and value == CREATE):
            return ItemChoice(new=self._new_document())
        if status == AMBIGUOUS and value.isdigit():
            return ItemChoice(document=int(value))
        return ItemChoice()

    def _new_document(self) -> NewDocument:
        data = self.cleaned_data
        return NewDocument(
            doc_type=data.get("doc_type") or "",
            title=data.get("title") or "",
            symbol=data.get("symbol") or "",
            issued_date=data.get("issued_date"),
            issuing_body=data.get("issuing_body"),
            known_by_reference=bool(data.get("known_by_reference")),
        )

    def clean(self):
        data = super().clean()
        choice = self.choice_made()
        errors = choice_errors(self.item, choice, self.documents)
        if not errors and not self._errors and choice.new is not None:
            errors = new_document_errors(self.item, choice.new, self.bodies)
        for error in errors:
            self.add_error(error.field, error.message)
        return data


def _candidate_label(doc: Document) -> str:
    parts = [str(doc)]
    if doc.issuing_body_id:
        parts.append(doc.issuing_body.name)
    if doc.issued_date:
        parts.append(doc.issued_date.strftime("%d/%m/%Y"))
    elif doc.issued_year:
        parts.append(str(doc.issued_year))
    if doc.term_id:
        parts.append(doc.term.name)
    return " · ".join(parts)


class BaseItemFormSet(forms.BaseFormSet):
    def __init__(self, *args, items: list[Item], documents: dict, bodies: dict, **kwargs):
        self.items = items
        self.documents = documents
        self.bodies = bodies
        super().__init__(*args, **kwargs)

    def total_form_count(self):
        return len(self.items)  # one form per item, whatever the posted count says

    def get_form_kwargs(self, index):
        return {"item": self.items[index], "documents": self.documents, "bodies": self.bodies}


ItemFormSet = formset_factory(ItemForm, formset=BaseItemFormSet, extra=0)


class LinkForm(forms.Form):
    """One proposed link: record it or not, with which kind and direction."""

    record = forms.BooleanField(label=_("Ghi nhận"), required=False)
    kind = forms.ChoiceField(
        label=_("Quan hệ"),
        choices=[(k.key, k.vi_forward) for k in LINK_KINDS],
    )
    reverse = forms.BooleanField(label=_("Đảo chiều"), required=False)
    inferred = forms.BooleanField(label=_("Suy luận"), required=False)

    def choice_made(self, proposal: int) -> LinkChoice | None:
        """The entry service's choice for proposed link ``proposal`` (None: not ticked)."""
        data = self.cleaned_data
        if not data.get("record"):
            return None
        return LinkChoice(
            proposal=proposal,
            kind=data["kind"],
            reverse=bool(data.get("reverse")),
            inferred=bool(data.get("inferred")),
        )


class BaseLinkFormSet(forms.BaseFormSet):
    def __init__(self, *args, proposals, **kwargs):
        self.proposals = proposals
        super().__init__(*args, **kwargs)

    def total_form_count(self):
        return len(self.proposals)


LinkFormSet = formset_factory(LinkForm, formset=BaseLinkFormSet, extra=0)


# --- initial values ----------------------------------------------------------------------------


def source_form_initial(cleaned: dict, text: str) -> dict:
    """Step 2's source fields: what the admin gave, else guesses from the text."""
    guess = guess_source_details(text)
    initial = {}
    for name in SourceFieldsForm.source_fields:
        value = cleaned.get(name)
        if name == "published_date" and value:
            value = value.isoformat()
        initial[name] = value or guess.get(name, "") or ("news" if name == "kind" else "")
    return initial


def item_initial(item: Item) -> dict:
    return {
        "choice": SKIP,
        "create": False,
        "doc_type": item.doc_type,
        "symbol": item.symbol,
        "issued_date": item.issued_date,
        "title": item.proposed_title,
        "issuing_body": item.body,
        "known_by_reference": True,
    }


def link_initial(analysis: Analysis) -> list[dict]:
    return [
        {"record": False, "kind": link.kind, "reverse": False, "inferred": False}
        for link in analysis.links
    ]
