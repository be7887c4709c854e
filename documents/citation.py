"""A ready-to-copy plain-text citation of a document, the Vietnamese way.

    Đề án số 34-ĐA/TU ngày 06/11/2023 của Ban Thường vụ Thành ủy Hà Nội (khóa XVII)
    về tạo nguồn, đào tạo, bồi dưỡng …
    Cơ sở dữ liệu văn bản về công tác cán bộ: https://…/documents/34-da-tu-2023/,
    truy cập ngày 22/11/2025.

Pure: the document (with its issuing body and term loaded), its permanent absolute
URL and the access date (today by default) are all it needs. The citation is always
Vietnamese, like the document it cites.

A title marked descriptive (``uncertain["title"]``, reason ``descriptive``: a placeholder
such as "Chưa rõ trích yếu" or the editors' description) is never quoted as the document's
title: the citation names it by type, symbol, date and issuer, and BibTeX / CSL-JSON give that
description in square brackets, the convention for a supplied title. A term marked uncertain
is left out.
"""

from __future__ import annotations

import datetime as dt

from catalogue.site import SITE_NAME_VI as CATALOGUE_NAME
from documents.domain.uncertainty import title_is_descriptive
from documents.domain.vietnamese import format_date


def _about(title: str) -> str:
    """``về <trích yếu>``: a title that already starts with "về" is not doubled; any
    other title is quoted, as the articles do (về “Tập trung xây dựng …”)."""
    title = " ".join((title or "").split()).rstrip(".;, ")
    if not title:
        return ""
    first, _, rest = title.partition(" ")
    if first.lower() == "về":
        return f"về {rest}".rstrip() if rest else ""
    return f"về “{title}”"


def citation_heading(document) -> str:
    """The first line: ``<Loại> số <symbol> ngày dd/mm/yyyy của <cơ quan> về <trích yếu>``."""
    parts: list[str] = [document.type_name or "Văn bản"]
    if document.symbol:
        parts.append(f"số {document.symbol}")
    if document.issued_date:
        parts.append(f"ngày {format_date(document.issued_date)}")
    elif document.issued_year:
        parts.append(f"năm {document.issued_year}")
    names = [body.name for body in document.issuers]
    if names:
        term = document.term if document.term_id else None
        if (term is not None and document.issuing_body_id
                and "term" not in (document.uncertain or {})):
            names[0] += f" ({term.name})"
        parts.append("của " + _joined(names))
    about = "" if title_is_descriptive(document.uncertain) else _about(document.title)
    if about:
        parts.append(about)
    return " ".join(parts)


def _joined(names: list[str]) -> str:
    """``A``, ``A và B``, ``A, B và C``: a joint document's issuers in one phrase."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " và " + names[-1]


def cited_title(document) -> str:
    """The title a citation gives: the document's own, or, when its title is descriptive,
    ``[<type> <symbol> ngày … của …]`` (a supplied title, in square brackets)."""
    if title_is_descriptive(document.uncertain):
        return f"[{citation_heading(document)}]"
    return document.title


def format_citation(document, url: str, accessed: dt.date | None = None) -> str:
    """The whole citation: heading, then where it was read and when."""
    accessed = accessed or dt.date.today()
    heading = citation_heading(document)
    if not heading.endswith("."):
        heading += "."
    return (
        f"{heading}\n"
        f"{CATALOGUE_NAME}: {url}, truy cập ngày {format_date(accessed)}."
    )


_BIBTEX_SPECIAL = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "%": r"\%", "&": r"\&",
                   "$": r"\$", "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}",
                   "^": r"\textasciicircum{}"}


def _bibtex_escape(text: str) -> str:
    return "".join(_BIBTEX_SPECIAL.get(ch, ch) for ch in " ".join((text or "").split()))


def bibtex(document, url: str, accessed: dt.date | None = None) -> str:
    """A BibTeX ``@misc`` entry (UTF-8; biblatex reads ``date`` and ``urldate``)."""
    accessed = accessed or dt.date.today()
    authors = " and ".join("{" + _bibtex_escape(b.name) + "}" for b in document.issuers)
    fields = [
        ("title", _bibtex_escape(cited_title(document))),
        ("author", authors),
        ("howpublished", _bibtex_escape(
            " ".join(p for p in (document.type_name, document.symbol) if p))),
        ("number", _bibtex_escape(document.symbol)),
        ("year", str(document.issued_date.year if document.issued_date
                     else document.issued_year or "")),
        ("date", document.issued_date.isoformat() if document.issued_date else ""),
        ("language", "vietnamese"),
        ("url", url),
        ("urldate", accessed.isoformat()),
        ("note", f"{CATALOGUE_NAME}, truy cập ngày {format_date(accessed)}"),
    ]
    key = document.slug.replace("-", "_")
    lines = [f"@misc{{{key},"]
    lines += [f"  {name} = {{{value}}}," for name, value in fields if value]
    lines.append("}")
    return "\n".join(lines)


def csl_json(document, url: str, accessed: dt.date | None = None) -> dict:
    """A CSL-JSON item (for Zotero, Pandoc, citeproc), type ``legislation``."""
    accessed = accessed or dt.date.today()
    item = {
        "id": document.slug,
        "type": "legislation",
        "title": cited_title(document),
        "genre": document.type_name,
        "number": document.symbol or None,
        "language": "vi",
        "URL": url,
        "accessed": {"date-parts": [[accessed.year, accessed.month, accessed.day]]},
        "container-title": CATALOGUE_NAME,
    }
    issuers = [body.name for body in document.issuers]
    if issuers:
        item["authority"] = _joined(issuers)
        item["author"] = [{"literal": name} for name in issuers]
    if document.issued_date:
        d = document.issued_date
        item["issued"] = {"date-parts": [[d.year, d.month, d.day]]}
    elif document.issued_year:
        item["issued"] = {"date-parts": [[document.issued_year]]}
    return {k: v for k, v in item.items() if v is not None}
