"""Checking a dataset file's documents (with their targets and mentions), links, figures and
events: the part of :class:`~.checking.Checker` that holds them (see :mod:`.checking`)."""

from __future__ import annotations

import unicodedata

from documents.domain.symbols import SymbolError, parse_symbol
from documents.domain.vietnamese import fold
from documents.models.common import clean_text

from .problems import pointer


def as_int(value) -> int | None:
    """JSON Schema counts 2020.0 as an integer: store it as 2020."""
    return None if value is None else int(value)


def as_nfc(value: str | None) -> str:
    return unicodedata.normalize("NFC", value or "")


class DocumentChecks:
    """Documents, links, figures, events; the frame and the helpers (``err``, ``ref``, ``dup``,
    ``date``…) are the :class:`~.checking.Checker`'s."""

    # documents -------------------------------------------------------------------------

    def term_exists(self, body: str, name: str) -> bool:
        if (body, name) in self.file_terms:
            return True
        obj = self.db.body.get(body)
        return obj is not None and (obj.pk, name) in self.db.term

    def body_code(self, slug: str) -> str:
        if slug in self.plan.bodies:
            return self.plan.bodies[slug][1]["code"]
        obj = self.db.body.get(slug)
        return obj.code if obj else ""

    def same_code(self, code: str, issuer_code: str) -> bool:
        """Does a body's code match the issuer code of a symbol (after folding)?"""
        key = (code, issuer_code)
        same = self._same_code.get(key)
        if same is None:
            same = self._same_code[key] = fold(code) == fold(issuer_code)
        return same

    def body_locality(self, slug: str | None) -> str | None:
        if slug is None:
            return None
        if slug in self.plan.bodies:
            return self.plan.bodies[slug][1]["locality"]
        obj = self.db.body.get(slug)
        return self.db.loc_slug_by_id.get(obj.locality_id) if obj else None

    def check_documents(self) -> None:
        seen: dict = {}
        self.plan.documents = {}
        symbols: dict = {}
        for i, item in self.items["documents"]:
            p = pointer("documents", i)
            slug = item["slug"]
            if self.dup(seen, slug, p + "/slug", 'document slug "{}"', slug):
                continue
            spec = {
                "doc_type": item["doc_type"],
                "title": clean_text(item["title"]),
                "summary": clean_text(item.get("summary")),
                "issuing_body": item.get("issuing_body"),
                "term": item.get("term"),
                "locality": item.get("locality"),
                "signer": item.get("signer"),
                "signer_title": clean_text(item.get("signer_title")),
                "issued_date": self.date(item.get("issued_date"), p + "/issued_date"),
                "issued_year": as_int(item.get("issued_year")),
                "date_note": as_nfc(item.get("date_note")),
                "effective_from": self.date(item.get("effective_from"), p + "/effective_from"),
                "effective_to": self.date(item.get("effective_to"), p + "/effective_to"),
                "period_start": as_int(item.get("period_start")),
                "period_end": as_int(item.get("period_end")),
                "status": item.get("status", "unknown"),
                "known_by_reference": item.get("known_by_reference", False),
                "topics": item.get("topics", []),
            }
            if not spec["title"]:
                self.err(p + "/title", "must not be empty")
            # symbol: canonical form and what the source wrote, as Document.save() stores them
            symbol, written = clean_text(item.get("symbol")), clean_text(
                item.get("symbol_as_written")
            )
            raw = symbol or written
            spec["symbol"], spec["symbol_as_written"], spec["symbol_key"] = "", written, ""
            if raw:
                where = p + ("/symbol" if symbol else "/symbol_as_written")
                try:
                    parsed = parse_symbol(raw)
                except SymbolError:
                    self.err(where, f'"{raw}" is not a document symbol this catalogue can read '
                                    "(e.g. 188-KH/TU, 29/2023/NĐ-CP, 1234/QĐ-UBND)")
                    parsed = None
                if parsed is not None:
                    spec["symbol"] = parsed.canonical
                    spec["symbol_as_written"] = written or raw
                    spec["symbol_key"] = parsed.lookup_key
                    if parsed.document_types and spec["doc_type"] not in parsed.document_types:
                        self.err(p + "/doc_type",
                                 f'type code "{parsed.type_code}" of "{parsed.canonical}" does '
                                 f'not fit document type "{spec["doc_type"]}" (expected '
                                 f'{" or ".join(parsed.document_types)})')
                    body = spec["issuing_body"]
                    code = self.body_code(body) if body else ""
                    if code and not self.same_code(code, parsed.issuer_code):
                        self.err(p + "/issuing_body",
                                 f'issuer code "{parsed.issuer_code}" of "{parsed.canonical}" '
                                 f'does not match code "{code}" of body "{body}"')
            if spec["issued_date"] is not None:
                year = spec["issued_date"].year
                if spec["issued_year"] not in (None, year):
                    self.err(p + "/issued_year",
                             f"{spec['issued_year']} does not match issued_date ({year})")
                spec["issued_year"] = year
            self.period(spec["effective_from"], spec["effective_to"], p + "/effective_to",
                        "the effective period")
            self.period(spec["period_start"], spec["period_end"], p + "/period_end",
                        "the covered period")
            # references
            if not self.ref(spec["issuing_body"], "bodies", p + "/issuing_body", "body"):
                spec["issuing_body"] = None
            self.ref(spec["locality"], "localities", p + "/locality", "locality")
            self.ref(spec["signer"], "people", p + "/signer", "person")
            for j, t in enumerate(spec["topics"]):
                self.ref(t, "topics", p + f"/topics/{j}", "topic")
            term = spec["term"]
            if term is not None:
                tb, tn = term["body"], as_nfc(term["name"])
                spec["term"] = (tb, tn)
                if not self.term_exists(tb, tn):
                    self.err(p + "/term", f'unknown term "{tn}" of body "{tb}"')
                elif spec["issuing_body"] and tb not in (
                    spec["issuing_body"], self.body_parent_of(spec["issuing_body"])
                ):
                    self.err(p + "/term", f'term "{tn}" belongs to "{tb}", not to the issuing '
                                          f'body "{spec["issuing_body"]}" or its parent')
            if spec["locality"] is None:
                spec["locality"] = self.body_locality(spec["issuing_body"])
            # one symbol per body and term (Party) or per body and year (State)
            if spec["symbol_key"] and spec["issuing_body"]:
                key = (spec["issuing_body"], spec["symbol_key"],
                       ("term", spec["term"]) if spec["term"] else ("year", spec["issued_year"]))
                if key[2][1] is not None:
                    self.dup(symbols, key, p + "/symbol",
                             'symbol "{}" for this body and {}', spec["symbol"],
                             "term" if spec["term"] else "year")
            spec["targets"] = self.check_targets(item.get("targets", []), p, spec)
            spec["mentions"] = self.check_mentions(item.get("mentions", []), p)
            self.plan.documents[slug] = (i, spec)
        for slug, obj in self.db.doc.items():
            if slug in self.plan.documents or not obj.symbol_key or not obj.issuing_body_id:
                continue
            body = self.db.body_slug_by_id[obj.issuing_body_id]
            if obj.term_id:
                key = (body, obj.symbol_key, ("term", self.db.term_key_by_id[obj.term_id]))
            else:
                key = (body, obj.symbol_key, ("year", obj.issued_year))
            if key in symbols:
                self.err(symbols[key], f'the database already has document "{slug}" with this '
                                       "symbol, body and term/year")

    def check_targets(self, items: list, p: str, doc: dict) -> list[dict]:
        specs = []
        for j, t in enumerate(items):
            tp = p + f"/targets/{j}"
            indicator_unit = self.indicator_unit(t["indicator"])
            spec = {
                "indicator": t["indicator"],
                "applies_to": clean_text(t.get("applies_to")),
                "locality": t.get("locality") or doc["locality"],
                "comparator": t.get("comparator", "at_least"),
                "value": self.dec(t["value"]),
                "unit": t.get("unit") or indicator_unit,
                "deadline_year": as_int(t.get("deadline_year")),
                "deadline": self.date(t.get("deadline"), tp + "/deadline"),
                "baseline_value": self.dec(t.get("baseline_value")),
                "baseline_date": self.date(t.get("baseline_date"), tp + "/baseline_date"),
                "baseline_source": t.get("baseline_source"),
                "source": t.get("source"),
                "quote": clean_text(t.get("quote")),
                "note": as_nfc(t.get("note")),
                "position": as_int(t.get("position", 0)),
            }
            self.ref(spec["indicator"], "indicators", tp + "/indicator", "indicator")
            self.ref(t.get("locality"), "localities", tp + "/locality", "locality")
            self.ref(spec["source"], "sources", tp + "/source", "source")
            self.ref(spec["baseline_source"], "sources", tp + "/baseline_source", "source")
            if indicator_unit and spec["unit"] != indicator_unit:
                self.err(tp + "/unit", f'unit "{spec["unit"]}" differs from the unit '
                                       f'"{indicator_unit}" of indicator "{spec["indicator"]}"')
            if spec["unit"]:
                self.unit_value(spec["value"], spec["unit"], tp + "/value")
                self.unit_value(spec["baseline_value"], spec["unit"], tp + "/baseline_value")
            if spec["deadline"] is not None:
                if spec["deadline_year"] not in (None, spec["deadline"].year):
                    self.err(tp + "/deadline_year",
                             f"{spec['deadline_year']} does not match the deadline "
                             f"({spec['deadline'].year})")
                spec["deadline_year"] = spec["deadline"].year
            specs.append(spec)
        return specs

    def check_mentions(self, items: list, p: str) -> list[dict]:
        specs, seen = [], {}
        for j, m in enumerate(items):
            mp = p + f"/mentions/{j}"
            if self.dup(seen, m["source"], mp + "/source", 'mention of source "{}"',
                        m["source"]):
                continue
            self.ref(m["source"], "sources", mp + "/source", "source")
            specs.append({"source": m["source"], "quote": clean_text(m.get("quote")),
                          "note": as_nfc(m.get("note"))})
        return specs

    # links -----------------------------------------------------------------------------

    def check_links(self) -> None:
        seen: dict = {}
        self.plan.links = []
        self.plan.by_reference: dict[str, dict] = {}
        for i, item in self.items["links"]:
            p = pointer("links", i)
            frm, to, kind = item["from"], item["to"], item["kind"]
            if frm == to:
                self.err(p + "/to", f'a document cannot link to itself ("{frm}")')
                continue
            if self.dup(seen, (frm, kind, to), p, 'link "{}" {} "{}"', frm, kind, to):
                continue
            self.ref(frm, "documents", p + "/from", "document")
            self.ref(item.get("source"), "sources", p + "/source", "source")
            if to not in self.file_keys["documents"] and to not in self.db.doc:
                if not self.create_missing:
                    self.err(p + "/to", f'unknown document "{to}" (neither in the file nor in '
                                        "the database; --create-missing-as-reference creates "
                                        "it as a by-reference document)")
                elif to not in self.plan.by_reference:
                    self.plan.by_reference[to] = self.by_reference_spec(item, p)
            self.plan.links.append({
                "from": frm, "to": to, "kind": kind, "source": item.get("source"),
                "quote": clean_text(item.get("quote")),
                "inferred": item.get("inferred", False),
                "note": clean_text(item.get("note")),
            })

    def by_reference_spec(self, item: dict, p: str) -> dict:
        symbol = clean_text(item.get("to_symbol"))
        doc_type = item.get("to_type") or "khac"
        if symbol:
            try:
                parsed = parse_symbol(symbol)
            except SymbolError:
                self.err(p + "/to_symbol", f'"{symbol}" is not a document symbol this '
                                           "catalogue can read")
            else:
                symbol = parsed.canonical
                if not item.get("to_type") and parsed.document_types:
                    doc_type = parsed.document_types[0]  # the symbol's type code says it
                elif parsed.document_types and doc_type not in parsed.document_types:
                    self.err(p + "/to_type", f'type code "{parsed.type_code}" of "{symbol}" '
                                             f'does not fit document type "{doc_type}"')
        title = clean_text(item.get("to_title")) or symbol or item["to"]
        return {"symbol": symbol, "doc_type": doc_type, "title": title}

    # figures ---------------------------------------------------------------------------

    def check_figures(self) -> None:
        seen: dict = {}
        self.plan.figures = []
        for i, item in self.items["figures"]:
            p = pointer("figures", i)
            unit = item.get("unit") or self.indicator_unit(item["indicator"])
            spec = {
                "indicator": item["indicator"],
                "locality": item["locality"],
                "as_of": self.date(item.get("as_of"), p + "/as_of"),
                "as_of_year": as_int(item.get("as_of_year")),
                "value": self.dec(item["value"]),
                "total": self.dec(item.get("total")),
                "unit": unit,
                "applies_to": as_nfc(item.get("applies_to")),
                "source": item.get("source"),
                "document": item.get("document"),
                "quote": clean_text(item.get("quote")),
                "note": as_nfc(item.get("note")),
            }
            self.ref(spec["indicator"], "indicators", p + "/indicator", "indicator")
            self.ref(spec["locality"], "localities", p + "/locality", "locality")
            self.ref(spec["source"], "sources", p + "/source", "source")
            self.ref(spec["document"], "documents", p + "/document", "document")
            if unit:
                self.unit_value(spec["value"], unit, p + "/value")
            if spec["total"] is not None and spec["total"] < spec["value"]:
                self.err(p + "/total", f"total {spec['total']} is below the value "
                                       f"{spec['value']}")
            if spec["as_of"] is not None:
                if spec["as_of_year"] not in (None, spec["as_of"].year):
                    self.err(p + "/as_of_year", f"{spec['as_of_year']} does not match as_of "
                                                f"({spec['as_of'].year})")
                spec["as_of_year"] = spec["as_of"].year
            identity = (spec["indicator"], spec["locality"], spec["as_of"], spec["as_of_year"],
                        spec["applies_to"], spec["source"], spec["document"])
            if self.dup(seen, identity, p, "figure (same indicator, locality, date, "
                                            "applies_to, source and document)"):
                continue
            self.plan.figures.append(spec)

    # events ----------------------------------------------------------------------------

    def check_events(self) -> None:
        seen: dict = {}
        self.plan.events = []
        for i, item in self.items["events"]:
            p = pointer("events", i)
            spec = {
                "source": item["source"],
                "kind": item["kind"],
                "title": as_nfc(item["title"]),
                "date": self.date(item.get("date"), p + "/date"),
                "date_note": as_nfc(item.get("date_note")),
                "locality": item.get("locality"),
                "organiser": item.get("organiser"),
                "summary": as_nfc(item.get("summary")),
                "documents": item.get("documents", []),
                "participants": [],
            }
            if self.dup(seen, (spec["source"], spec["date"], spec["title"]), p,
                        f'event "{spec["title"]}" (same source and date)'):
                continue
            self.ref(spec["source"], "sources", p + "/source", "source")
            self.ref(spec["locality"], "localities", p + "/locality", "locality")
            self.ref(spec["organiser"], "bodies", p + "/organiser", "body")
            for j, d in enumerate(spec["documents"]):
                self.ref(d, "documents", p + f"/documents/{j}", "document")
            roles: dict = {}
            for j, part in enumerate(item.get("participants", [])):
                pp = p + f"/participants/{j}"
                if self.dup(roles, (part["person"], part["role"]), pp,
                            f'participant "{part["person"]}" as {part["role"]}'):
                    continue
                self.ref(part["person"], "people", pp + "/person", "person")
                spec["participants"].append(
                    {"person": part["person"], "role": part["role"],
                     "title": as_nfc(part.get("title"))}
                )
            self.plan.events.append(spec)

