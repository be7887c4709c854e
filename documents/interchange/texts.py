"""A document's full texts in the interchange format: its ``texts`` list (docs/INTERCHANGE.md).

Each text is keyed within its document by where it comes from: ``source:<source key>`` for a
text read from a public page (its source), ``file:<sha256>`` for a text taken from one of the
document's files (the file by its checksum; the bytes are in backups, not in the dataset). It
carries what cannot be derived: the extracted text, an editor's correction, whether it is only
an excerpt of the document (``excerpt``), the method, the extraction's status and the OCR
confidence. Its provisions are not in the file: they are
derived from the text (:func:`documents.provisions.rebuild_provisions`), on import as after an
extraction. Timestamps are not exported (the format has none).

The import follows the format's rule (:mod:`.merging`): a text the file adds is added, a text
in both is compared field by field — an empty stored value (no correction yet) is filled, a
different one is a conflict unless the document is replaced —, a text the file does not list
is kept unless the document is replaced. A text of a file the database does not hold (yet) is
left out and counted as ``skipped`` — a restore from the dataset adds it once the file rows
are back (:func:`restore_file_texts`).
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict

from documents.models import DocumentFile, DocumentText
from documents.provisions import rebuild_provisions
from documents.search import AnyOf

#: The fields of a text the format carries, besides its key (``source`` or ``file``).
FIELDS = ("position", "method", "status", "extracted", "corrected", "excerpt", "ocr_confidence",
          "ocr_pages")


def _nfc(value: str | None) -> str:
    return unicodedata.normalize("NFC", value or "")


def text_key(spec: dict) -> str:
    return f"file:{spec['file']}" if spec.get("file") else f"source:{spec['source']}"


# --- export ---------------------------------------------------------------------------------

def export_texts(source_key_of: dict[int, str], document_ids) -> dict[int, list[dict]]:
    """The texts of the documents *document_ids* (a chunk of the export), document id →
    list, in their order: one query."""
    texts: dict[int, list[dict]] = defaultdict(list)
    for r in DocumentText.objects.filter(AnyOf("document_id", document_ids)).values(
        "document_id", "source_id", "file__sha256", *FIELDS
    ).order_by("document_id", "position", "id"):
        item = {"source": source_key_of[r["source_id"]] if r["source_id"] else None,
                "file": r["file__sha256"] or None}
        item.update({f: _nfc(r[f]) if isinstance(r[f], str) else r[f] for f in FIELDS})
        texts[r["document_id"]].append(item)
    return texts


# --- checking -------------------------------------------------------------------------------

def check_texts(checker, items: list, p: str) -> list[dict]:
    """The specs of a document's ``texts`` (problems recorded on *checker*)."""
    specs, seen = [], {}
    for j, t in enumerate(items):
        tp = p + f"/texts/{j}"
        if bool(t.get("source")) == bool(t.get("file")):
            checker.err(tp, "a text comes from a source or from a file: give exactly one")
            continue
        spec = {"source": t.get("source"), "file": t.get("file"),
                "position": int(t.get("position", j)), "method": t.get("method", ""),
                "status": t.get("status", "done"), "extracted": _nfc(t.get("extracted")).strip(),
                "corrected": _nfc(t.get("corrected")).strip(),
                "excerpt": t.get("excerpt") is True,
                "ocr_confidence": t.get("ocr_confidence"), "ocr_pages": t.get("ocr_pages"),
                "given": frozenset(t)}
        if checker.dup(seen, text_key(spec), tp, "text {}", text_key(spec)):
            continue
        if spec["source"]:
            checker.ref(spec["source"], "sources", tp + "/source", "source")
        specs.append(spec)
    return specs


# --- merging --------------------------------------------------------------------------------

def stored_texts(document_id: int, source_key) -> dict[str, dict]:
    """The database's texts of a document as specs, by key (*source_key*: id → file key)."""
    stored = {}
    for obj in DocumentText.objects.filter(document_id=document_id).select_related("file"):
        spec = {"source": source_key(obj.source_id) if obj.source_id else None,
                "file": obj.file.sha256 if obj.file_id else None}
        spec.update({f: getattr(obj, f) for f in FIELDS})
        stored[text_key(spec)] = spec
    return stored


def merge_texts(merger, change, spec: dict, obj, replace: bool) -> None:
    """The rule of :mod:`.merging` for a document's texts (one query, only for a document
    of the file that states ``texts`` and that the database holds)."""
    if "texts" not in spec.get("given", ()):
        spec["texts"] = None  # not stated: the writing leaves the texts alone
        return
    stored = stored_texts(obj.pk, lambda pk: merger.v.source[pk])
    for t in spec["texts"]:
        if t["source"]:
            t["source"] = merger.v.source_key(t["source"])
        t["key"] = text_key(t)
    merger.items(change, spec, "texts", stored, FIELDS, replace)


# --- writing --------------------------------------------------------------------------------

def write_texts(writer, doc, specs: list[dict] | None, created: bool) -> None:
    """A document's texts as the merged plan says: added, updated (provisions rebuilt when
    the text changed), removed (a replaced document's texts the file leaves out)."""
    from .writing_documents import CHANGE_REASON  # which imports this module

    if specs is None:
        return
    current = {} if created else {
        ("file", t.file.sha256) if t.file_id else ("source", t.source_id): t
        for t in DocumentText.objects.filter(document=doc).select_related("file")}
    for spec in specs:
        target = _target(writer, doc, spec)
        if target is None:  # a file the database does not hold (yet)
            writer.report.add("texts", "skipped")
            continue
        key = ("file", spec["file"]) if spec["file"] else ("source", target["source"].pk)
        values = {f: spec[f] if spec[f] is not None else DEFAULTS[f] for f in FIELDS}
        obj = current.pop(key, None)
        if obj is None:
            obj = DocumentText(document=doc, **target, **values)
            obj._change_reason = CHANGE_REASON
            obj.save()
            rebuild_provisions(obj)
            writer.report.add("texts", "created")
            continue
        before = obj.text
        saved = writer._sync(obj, values)
        if saved and obj.text != before:
            rebuild_provisions(obj)
        writer.report.add("texts", "updated" if saved else "unchanged")
    for obj in current.values():
        obj._change_reason = CHANGE_REASON
        obj.delete()
        writer.report.add("texts", "deleted")


def _target(writer, doc, spec: dict) -> dict | None:
    if spec["source"]:
        return {"source": writer.src(spec["source"])}
    file = DocumentFile.objects.filter(document=doc, sha256=spec["file"]).order_by("id").first()
    return {"file": file} if file is not None else None


def restore_file_texts(dataset: dict) -> int:
    """After a restore from the dataset has put the file rows back: the texts of files (the
    import left them out, their files being absent then). Returns how many were added."""
    from documents.models import Document

    from .writing_documents import CHANGE_REASON

    added = 0
    for item in dataset.get("documents", []):
        wanted = [t for t in item.get("texts", []) if t.get("file")]
        if not wanted:
            continue
        doc = Document.objects.get(slug=item["slug"])
        for t in wanted:
            file = DocumentFile.objects.filter(document=doc, sha256=t["file"]).first()
            if file is None or DocumentText.objects.filter(file=file).exists():
                continue
            obj = DocumentText(document=doc, file=file,
                               **{f: t.get(f) if t.get(f) is not None else DEFAULTS[f]
                                  for f in FIELDS})
            obj._change_reason = CHANGE_REASON
            obj.save()
            rebuild_provisions(obj)
            added += 1
    return added


DEFAULTS = {"position": 0, "method": "", "status": "done", "extracted": "", "corrected": "",
            "excerpt": False, "ocr_confidence": None, "ocr_pages": None}
