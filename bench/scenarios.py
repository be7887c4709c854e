"""What the benchmark measures: the addresses of our pages, the Datasette operations they are
compared with, and which is compared with which."""

from __future__ import annotations

import urllib.request

#: The trivial view of bench.settings: the framework's ceiling on this machine.
CEILING = "/bench/ceiling/"

COMPARABLE = {  # our page -> the Datasette operation it is compared with
    "list, 3 filters": "faceted filtered list",
    "search": "full-text search",
    "search titles": "full-text search",
    "search in texts": "full-text search in texts",
    "document": "single row",
}

#: Words of the demo's bodies (documents/demo/texts.py: a verb phrase and a topic's phrase)
#: that no title holds alone: about 2 % of the provisions hold them all.
TEXT_QUERY = "bo tri du nguon luc tinh gian bien che"


def pages(facts: dict) -> list[tuple[str, str]]:
    """(name, address) of each page measured; *facts* about the database name the document."""
    return [
        ("ceiling", CEILING),
        ("home", "/"),
        ("list", "/documents/"),
        ("list, 3 filters", "/documents/?type=ke_hoach&locality=ha-noi&year_from=2020"),
        # the default search: titles, symbols and full texts
        ("search", "/documents/?q=ke+hoach+luan+chuyen+can+bo"),
        # the switch "Chỉ tìm trong trích yếu và số ký hiệu": titles and symbols only
        ("search titles", "/documents/?q=ke+hoach+luan+chuyen+can+bo&titles_only=on"),
        # words found in bodies: the documents whose provisions hold them, with passages
        ("search in texts", "/documents/?q=" + TEXT_QUERY.replace(" ", "+")),
        ("document", f"/documents/{facts['document_slug']}/"),
        ("places", "/places/"),
        ("place country", "/places/viet-nam/"),
        ("place Hà Nội", "/places/ha-noi/"),
        # phường Việt Hưng: the seed's (until 30/06/2025, in quận Long Biên) and today's (from
        # 01/07/2025, under Hà Nội): each page opens on what applies there.
        ("place ward", "/places/viet-hung/"),
        ("place ward 2025", "/places/viet-hung-00127-2025/"),
        ("ward, here and below", "/places/viet-hung-00127-2025/?scope=below"),
        ("targets", "/targets/"),
        ("api list", "/api/documents/"),
        ("feed", "/feeds/documents.atom"),
    ]


def datasette_operations(facts: dict) -> list[tuple[str, str]]:
    """(name, address) of each Datasette operation, on the same documents exported to SQLite."""
    hanoi = urllib.request.quote("Hà Nội")
    return [
        ("faceted filtered list",
         f"/catalogue/documents?doc_type=ke_hoach&province={hanoi}&issued_year__gte=2020"
         "&_facet=doc_type&_facet=status&_facet=issued_year&_facet=issuing_body"),
        ("full-text search", "/catalogue/documents?_search=ke+hoach+luan+chuyen+can+bo"),
        # FTS5 over the provisions' folded text (documents/sqlite_export.py): the same texts
        ("full-text search in texts",
         "/catalogue/provisions?_search=" + TEXT_QUERY.replace(" ", "+")),
        ("single row", f"/catalogue/documents/{facts['document_id']}"),
    ]
