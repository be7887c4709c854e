"""Checking a dataset file's documents (with their targets and mentions), links, figures and
events: the part of :class:`~.checking.Checker` that holds them (see :mod:`.checking`)."""

from __future__ import annotations

import unicodedata

from documents.domain.uncertainty import LINK, inferred_link
from documents.domain.validation import (
    co_issuing_bodies,
    covered_period,
    document_symbol,
    effective_period,
    figure_values,
    link_not_to_itself,
    provision_named,
    target_values,
    term_of_issuer,
)
from documents.models.common import clean_text

from .problems import pointer
from .texts import check_texts


def as_int(value) -> int | None:
    """JSON Schema counts 2020.0 as an integer: store it as 2020."""
    return None if value is None else int(value)


def as_nfc(value: str | None) -> str:
    return unicodedata.normalize("NFC", value or "")


def given_fields(item: dict, **derived: str) -> frozenset:
    """The fields *item* states (its keys), and each field the spec derives from one it
    states with a value (``issued_year`` from ``issued_date``): the merge leaves the others
    as the database has them (:mod:`.merging`)."""
    given = set(item)
    given.update(field for source, field in derived.items() if item.get(source) is not None)
    return frozenset(given)


class DocumentChecks:
    """Documents, links, figures, events; the frame and the helpers (``err``, ``ref``, ``dup``,
    ``date``…) are the :class:`~.checking.Checker`'s."""

    # documents -------------------------------------------------------------------------

    def term_exists(self, body: str, name: str) -> bool:
        if (body, name) in self.file_terms:
            return True
        obj = self.db.body.get(body)
        return obj is not None and (obj.pk, name) in self.db.term

    def term_numbered(self, body: str, number: int) -> tuple[str, str] | None:
        """The body's term of this number, as ``(body, name)``: the file's, else the
        database's; None when neither has one (the document's term stays unknown)."""
        for (slug, name), term in self.file_terms.items():
            if slug == body and term["number"] == number:
                return (slug, name)
        obj = self.db.body.get(body)
        if obj is not None:
            for (body_id, name), term in sorted(self.db.term.items(), key=lambda kv: kv[1].pk):
                if body_id == obj.pk and term.number == number:
                    return (body, name)
        return None

    def body_code(self, slug: str) -> str:
        if slug in self.plan.bodies:
            return self.plan.bodies[slug][1]["code"]
        obj = self.db.body.get(slug)
        return obj.code if obj else ""

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
                "co_issuers": list(item.get("co_issuers", [])),
                "term": item.get("term"),
                "locality": item.get("locality"),
                "signer": item.get("signer"),
                "signer_title": clean_text(item.get("signer_title")),
                "issued_date": self.date(item.get("issued_date"), p + "/issued_date"),
                "issued_year": as_int(item.get("issued_year")),
                "date_note": as_nfc(item.get("date_note")),
                "uncertain": self.uncertain(item, "document", p),
                "editorial_note": as_nfc(item.get("editorial_note")),
                "effective_from": self.date(item.get("effective_from"), p + "/effective_from"),
                "effective_to": self.date(item.get("effective_to"), p + "/effective_to"),
                "period_start": as_int(item.get("period_start")),
                "period_end": as_int(item.get("period_end")),
                "status": item.get("status", "unknown"),
                "known_by_reference": item.get("known_by_reference", False),
                "topics": item.get("topics", []),
                "given": given_fields(item, issued_date="issued_year"),
            }
            if not spec["title"]:
                self.err(p + "/title", "must not be empty")
            # symbol: canonical form and what the source wrote, as Document.save() stores them
            symbol, written = clean_text(item.get("symbol")), clean_text(
                item.get("symbol_as_written")
            )
            raw = symbol or written
            spec["symbol"], spec["symbol_as_written"], spec["symbol_key"] = "", written, ""
            body = spec["issuing_body"]
            parsed, violations = document_symbol(raw, spec["doc_type"],
                                                 self.body_code(body) if body else "")
            self.rules(p, violations, None if symbol else {"symbol": "symbol_as_written"})
            if parsed is not None:
                spec["symbol"] = parsed.canonical
                spec["symbol_as_written"] = written or raw
                spec["symbol_key"] = parsed.lookup_key
            if spec["issued_date"] is not None:
                year = spec["issued_date"].year
                if spec["issued_year"] not in (None, year):
                    self.err(p + "/issued_year",
                             f"{spec['issued_year']} does not match issued_date ({year})")
                spec["issued_year"] = year
            self.rules(p, effective_period(spec["effective_from"], spec["effective_to"]))
            self.rules(p, covered_period(spec["period_start"], spec["period_end"]))
            # references
            if not self.ref(spec["issuing_body"], "bodies", p + "/issuing_body", "body"):
                spec["issuing_body"] = None
            self.check_co_issuers(p, slug, item, spec, parsed)
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
                elif spec["issuing_body"]:
                    self.rules(p, term_of_issuer(tb, spec["issuing_body"],
                                                 self.body_parent_of(spec["issuing_body"])))
            elif parsed is not None and parsed.term_number and spec["issuing_body"]:
                # 52/2019/QH14: the legislature's khóa XIV, when the file or database has it
                spec["term"] = self.term_numbered(spec["issuing_body"], parsed.term_number)
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
            spec["texts"] = check_texts(self, item["texts"], p) if "texts" in item else None
            spec["status_statements"] = self.check_statements(
                item.get("status_statements", []), p, slug)
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

    def check_co_issuers(self, p: str, slug: str, item: dict, spec: dict, parsed) -> None:
        """A joint document's other bodies: known, not its main body (the file's, else the
        database's), each code among the symbol's issuer codes (``co_issuing_bodies``)."""
        co = spec["co_issuers"]
        if not co:
            return
        known = [b for j, b in enumerate(co)
                 if self.ref(b, "bodies", p + f"/co_issuers/{j}", "body")]
        main = spec["issuing_body"]
        stored = self.db.doc.get(slug)
        if "issuing_body" not in item and stored is not None and stored.issuing_body_id:
            main = self.db.body_slug_by_id[stored.issuing_body_id]
        self.rules(p, co_issuing_bodies(main, co, {b: self.body_code(b) for b in known},
                                        parsed))

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
                "provision": clean_text(t.get("provision")),
                "note": as_nfc(t.get("note")),
                "uncertain": self.uncertain(t, "target", tp),
                "editorial_note": as_nfc(t.get("editorial_note")),
                "position": as_int(t.get("position", 0)),
                "given": given_fields(t, deadline="deadline_year"),
            }
            self.ref(spec["indicator"], "indicators", tp + "/indicator", "indicator")
            self.ref(t.get("locality"), "localities", tp + "/locality", "locality")
            self.ref(spec["source"], "sources", tp + "/source", "source")
            self.ref(spec["baseline_source"], "sources", tp + "/baseline_source", "source")
            self.rules(tp, target_values(
                value=spec["value"], baseline_value=spec["baseline_value"], unit=spec["unit"],
                indicator_unit=indicator_unit, deadline=spec["deadline"],
                deadline_year=spec["deadline_year"],
            ) + provision_named(spec["provision"]))
            if spec["deadline"] is not None:
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
            provision = clean_text(m.get("provision"))
            self.rules(mp, provision_named(provision))
            specs.append({"source": m["source"], "quote": clean_text(m.get("quote")),
                          "provision": provision, "note": as_nfc(m.get("note")),
                          "editorial_note": as_nfc(m.get("editorial_note")),
                          "given": frozenset(m)})
        return specs

    def check_statements(self, items: list, p: str, slug: str) -> list[dict]:
        """Sourced statements of the document's status, keyed by (``as_of``, ``status``)."""
        specs, seen = [], {}
        for j, st in enumerate(items):
            sp = p + f"/status_statements/{j}"
            as_of = self.date(st["as_of"], sp + "/as_of")
            if as_of is None or self.dup(seen, (as_of, st["status"]), sp + "/as_of",
                                         'status statement "{}" as of {}', st["status"],
                                         st["as_of"]):
                continue
            self.ref(st["source"], "sources", sp + "/source", "source")
            by = st.get("by_document")
            if by == slug:
                self.err(sp + "/by_document", "must not be the document itself")
            else:
                self.ref(by, "documents", sp + "/by_document", "document")
            quote = clean_text(st["quote"])
            if not quote:
                self.err(sp + "/quote", "must not be empty")
            specs.append({"as_of": as_of, "status": st["status"], "source": st["source"],
                          "quote": quote, "note": as_nfc(st.get("note")), "by_document": by,
                          "given": frozenset(st)})
        return specs

    # links -----------------------------------------------------------------------------

    def check_links(self) -> None:
        seen: dict = {}
        self.plan.links = []
        self.plan.by_reference: dict[str, dict] = {}
        for i, item in self.items["links"]:
            p = pointer("links", i)
            frm, to, kind = item["from"], item["to"], item["kind"]
            if self.rules(p, link_not_to_itself(frm, to), {"to_document": "to"}):
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
            self.rules(p, provision_named(clean_text(item.get("provision"))))
            marks, given = self.uncertain(item, "link", p), set(item)
            # ``inferred: true`` (files written before links had one way of saying it) is
            # the mark "link: inferred" when the file gives the link no mark of its own
            legacy = bool(item.get("inferred")) and LINK not in marks
            if legacy:
                marks, given = {**marks, **inferred_link()}, given | {"uncertain"}
            self.plan.links.append({
                "from": frm, "to": to, "kind": kind, "source": item.get("source"),
                "quote": clean_text(item.get("quote")),
                "provision": clean_text(item.get("provision")),
                "note": clean_text(item.get("note")),
                "uncertain": marks, "legacy_inferred": legacy,
                "editorial_note": as_nfc(item.get("editorial_note")),
                "index": i, "given": frozenset(given),
            })

    def by_reference_spec(self, item: dict, p: str) -> dict:
        """The by-reference document a link's hints describe (``to_symbol``, ``to_type``,
        ``to_title``, ``to_issuing_body``, ``to_locality``, ``to_issued_date``), checked as a
        document's own fields are."""
        symbol = clean_text(item.get("to_symbol"))
        given_type = item.get("to_type")
        doc_type = given_type or "khac"
        body = item.get("to_issuing_body")
        if not self.ref(body, "bodies", p + "/to_issuing_body", "body"):
            body = None
        parsed, violations = document_symbol(symbol, given_type or "",
                                             self.body_code(body) if body else "")
        self.rules(p, violations, {"symbol": "to_symbol", "doc_type": "to_type",
                                   "issuing_body": "to_issuing_body"})
        if parsed is not None:
            symbol = parsed.canonical
            if not given_type and parsed.document_types:
                doc_type = parsed.document_types[0]  # the symbol's type code says it
        title = clean_text(item.get("to_title")) or symbol or item["to"]
        locality = item.get("to_locality")
        if not self.ref(locality, "localities", p + "/to_locality", "locality"):
            locality = None
        issued = self.date(item.get("to_issued_date"), p + "/to_issued_date")
        return {"symbol": symbol, "doc_type": doc_type, "title": title,
                "issuing_body": body, "locality": locality or self.body_locality(body),
                "issued_date": issued, "issued_year": issued.year if issued else None}

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
                "uncertain": self.uncertain(item, "figure", p),
                "editorial_note": as_nfc(item.get("editorial_note")),
                "index": i, "given": frozenset(item),
            }
            self.ref(spec["indicator"], "indicators", p + "/indicator", "indicator")
            self.ref(spec["locality"], "localities", p + "/locality", "locality")
            self.ref(spec["source"], "sources", p + "/source", "source")
            self.ref(spec["document"], "documents", p + "/document", "document")
            self.rules(p, figure_values(value=spec["value"], total=spec["total"], unit=unit,
                                        as_of=spec["as_of"], as_of_year=spec["as_of_year"]))
            if spec["as_of"] is not None:
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
                "editorial_note": as_nfc(item.get("editorial_note")),
                "documents": item.get("documents", []),
                "participants": [],
                "index": i, "given": frozenset(item),
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
                     "title": as_nfc(part.get("title")), "given": frozenset(part)}
                )
            self.plan.events.append(spec)

