"""The active language and the vocabulary's labels in it: the ONE place Python code and
templates ask "is this page in English?" and "what is this term called here?".

Vietnamese is the default; a page is English when the active language is ``en`` (``/en/…``).
Template filters (``documents.templatetags.catalogue``) call these functions; views, forms,
feeds and models import them from here, never from the template filters.
"""

from __future__ import annotations

from django.utils.formats import date_format
from django.utils.translation import get_language, gettext

from documents.domain import vocabulary as vocab
from documents.domain.validation import Violation


def is_english() -> bool:
    """Whether the active language is English (else Vietnamese, the default)."""
    return (get_language() or "vi").startswith("en")


def language_code() -> str | None:
    """The active language's code as Django has it (None when translation is off): the key of
    what depends on the exact language, such as a URL's prefix (``reversing.address``)."""
    return get_language()


def active_language() -> str:
    """``"en"`` or ``"vi"``: the key of a vocabulary term's wording on this page."""
    return "en" if is_english() else "vi"


def term_label(term: vocab.Term | None, language: str | None = None) -> str:
    """A vocabulary term's wording in the active language (or *language*: ``"en"``/``"vi"``);
    "" for None."""
    if term is None:
        return ""
    return term.en if (language or active_language()) == "en" else term.vi


#: Every vocabulary a label is looked up in, by name: key -> term.
VOCABULARIES: dict[str, dict[str, vocab.Term]] = {
    "doc_type": {t.key: t for t in vocab.DOCUMENT_TYPES},
    "status": {t.key: t for t in vocab.STATUSES},
    "locality_kind": {t.key: t for t, _level in vocab.LOCALITY_KINDS},
    "body_kind": {t.key: t for t in vocab.BODY_KINDS},
    "comparator": {t.key: t for t in vocab.COMPARATORS},
    "unit": {t.key: t for t in vocab.UNITS},
    "level": {t.key: t for t in vocab.LEVEL_NAMES},
    "source_kind": {t.key: t for t in vocab.SOURCE_KINDS},
    "event_kind": {t.key: t for t in vocab.EVENT_KINDS},
    "participant_role": {t.key: t for t in vocab.PARTICIPANT_ROLES},
    "file_kind": {t.key: t for t in vocab.FILE_KINDS},
    "file_language": {t.key: t for t in vocab.FILE_LANGUAGES},
    "text_method": {t.key: t for t in vocab.TEXT_METHODS},
    "job_status": {t.key: t for t in vocab.JOB_STATUSES},
    "uncertainty_reason": dict(vocab.UNCERTAINTY_REASON_BY_KEY),
}

#: The kind of record (``vocabulary.UNCERTAIN_FACTS``) each model's ``uncertain`` marks.
UNCERTAIN_KIND_OF_MODEL = {"document": "document", "documentlink": "link", "target": "target",
                           "figure": "figure", "issuingbody": "body"}


def uncertainty_marks(obj) -> dict:
    """The uncertain facts of a document, link, target, figure or body, by fact key
    (``documents.domain.uncertainty.Mark``); empty for anything else."""
    from documents.domain.uncertainty import marks

    kind = UNCERTAIN_KIND_OF_MODEL.get(getattr(getattr(obj, "_meta", None), "model_name", ""))
    return marks(kind, getattr(obj, "uncertain", None)) if kind else {}


def uncertainty_text(mark) -> str:
    """A mark as a reader reads it, in the active language: "chưa chắc chắn (suy ra từ ngữ
    cảnh)"; the mark's note (data, in Vietnamese) is shown next to it by the caller."""
    return gettext("chưa chắc chắn (%(reason)s)") % {"reason": term_label(mark.reason)}


def vocabulary_label(vocabulary: str, key, language: str | None = None) -> str:
    """The label of *key* in *vocabulary* (a name of :data:`VOCABULARIES`) in the active
    language (or *language*); an unknown key is shown as it is."""
    term = VOCABULARIES[vocabulary].get(str(key) if key is not None else "")
    return term_label(term, language) if term is not None else (key or "")


def link_wording(link, end: str = "from", language: str | None = None) -> str:
    """A link's (or a link kind key's) wording seen from one end: ``"from"`` on the page of
    the document the link starts from ("triển khai"), ``"to"`` on the other's ("được triển
    khai bởi"); in the active language or *language*."""
    kind = vocab.LINK_KIND_BY_KEY.get(getattr(link, "kind", link))
    if kind is None:
        return ""
    if (language or active_language()) == "en":
        return kind.en_forward if end == "from" else kind.en_backward
    return kind.vi_forward if end == "from" else kind.vi_backward


def local_name(obj) -> str:
    """A place's, body's, topic's or indicator's name in the active language: its English
    name on English pages when it has one, else its (Vietnamese) name ("" for None)."""
    if obj is None:
        return ""
    return getattr(obj, "local_name", None) or getattr(obj, "name", "") or str(obj)


def local_text(name: str, name_en: str | None) -> str:
    """*name_en* on English pages when there is one, else *name* (for names read as values,
    without their object)."""
    return (is_english() and name_en) or name


def violation_text(violation: Violation) -> str:
    """A broken rule's message (``documents/domain/validation.py``) in the active language,
    its placeholders filled: what the admin's forms and the dataset import both show."""
    text = gettext(violation.message)
    return text % violation.params if violation.params else text


# --- places and bodies told apart from their namesakes ----------------------------------


def _date(value) -> str:
    return date_format(value, "d/m/Y")


def period_text(obj) -> str:
    """A place's or body's period as a reader says it: "từ 01/07/2025", "đến 30/06/2025",
    "01/01/2008–30/06/2025" ("" when it has no dates)."""
    start, end = obj.valid_from, obj.valid_to
    if start and end:
        return f"{_date(start)}–{_date(end)}"
    if start:
        return gettext("từ %(date)s") % {"date": _date(start)}
    if end:
        return gettext("đến %(date)s") % {"date": _date(end)}
    return ""


def _with_details(name: str, *details: str) -> str:
    details = [d for d in details if d]
    return f"{name} ({', '.join(details)})" if details else name


def place_label(place) -> str:
    """A place told apart from its namesakes: its kind, name, parent (below a province) and
    period — "phường Việt Hưng (Hà Nội, từ 01/07/2025)". The parent must be loaded."""
    kind = vocabulary_label("locality_kind", place.kind).lower()
    name = gettext("%(kind)s %(name)s") % {"kind": kind, "name": local_name(place)}
    parent = place.parent if place.parent_id and place.parent.parent_id else None
    return _with_details(name, local_name(parent), period_text(place))


def body_label(body) -> str:
    """A body told apart from its namesakes: its name, place and period — "Quận ủy Long Biên
    (Long Biên, đến 30/06/2025)". The place must be loaded."""
    return _with_details(local_name(body), local_name(body.locality), period_text(body))
