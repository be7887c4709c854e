"""Finding references to documents in running Vietnamese text.

``find_references("... theo Kế hoạch số 188-KH/TU ngày 6-11-2023 của Ban Thường vụ Thành ủy")``
returns one :class:`Reference` with the type phrase, the parsed symbol, the date, the issuer
phrase, the title when one follows, and the sentence it was found in (the provenance quote).

Documents known only by type and title are found too (``Đề án về thí điểm thi tuyển …``,
``Chỉ thị của Ban Thường vụ Thành ủy về …``, ``ký quyết định phê duyệt đề án xây dựng …``), but
only where the wording says a particular document is meant: a ``về …`` or quoted title, or a
title phrase after a type word that is the object of a verb or preposition handling documents
(``ban hành``, ``phê duyệt``, ``theo`` …). Generic phrases (``các quy định mới``, ``kế hoạch
công tác đã đề ra``, ``theo hướng dẫn``) are left alone.

Offsets always point into the text as given, even when it is not NFC. Every regular
expression here is free of nested unbounded repetition, and all look-arounds work on bounded
windows, so the cost stays linear in the length of the text. Pure standard library.

The modules, by what they hold:

- ``lexicon``: type phrases, pattern atoms, shared patterns and word comparison;
- ``spans``: ``Reference`` (the result), ``Draft`` and the working text (NFC, offsets back);
- ``numbered``: symbols, numbered mentions, named laws;
- ``details``: the date, issuer phrase and title that follow a reference;
- ``titles``: documents known by type and title only, submissions named by their verb;
- ``finder``: ``find_references``, putting them together.
"""

from .finder import find_references
from .lexicon import TYPE_PHRASES
from .spans import Reference

__all__ = ["Reference", "find_references", "TYPE_PHRASES"]
