"""A ready-to-copy plain-text citation of a document, the Vietnamese way.

    Đề án số 34-ĐA/TU ngày 06/11/2023 của Ban Thường vụ Thành ủy Hà Nội (khóa XVII)
    về tạo nguồn, đào tạo, bồi dưỡng …
    Catalogue văn bản chính sách cán bộ: https://…/documents/34-da-tu-2023/,
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

from documents.domain.uncertainty import title_is_descriptive
from documents.domain.vietnamese import format_date

CATALOGUE_NAME = "Catalogue văn bản chính sách cán bộ"


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
    body = document.issuing_body if document.issuing_body_id else None
    if body is not None:
        issuer = f"của {body.name}"
        term = document.term if document.term_id else None
        if term is not None and "term" not in (document.uncertain or {}):
            issuer += f" ({term.name})"
        parts.append(issuer)
    about = "" if title_is_descriptive(document.uncertain) else _about(document.title)
    if about:
        parts.append(about)
    return " ".join(parts)


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
    body = document.issuing_body.name if document.issuing_body_id else ""
    fields = [
        ("title", _bibtex_escape(cited_title(document))),
        ("author", "{" + _bibtex_escape(body) + "}" if body else ""),
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
    if document.issuing_body_id:
        item["authority"] = document.issuing_body.name
        item["author"] = [{"literal": document.issuing_body.name}]
    if document.issued_date:
        d = document.issued_date
        item["issued"] = {"date-parts": [[d.year, d.month, d.day]]}
    elif document.issued_year:
        item["issued"] = {"date-parts": [[document.issued_year]]}
    return {k: v for k, v in item.items() if v is not None}
