"""Public views, one module per page family. All are read-only (GET and HEAD;
other methods answer 405) and each page's query count is bounded.

- ``home``: the home page
- ``lists``: the document list with filters, facets and search
- ``detail``: one document, its links, targets, sources, citation
- ``places``: the locality tree and a locality's page
- ``bodies``: issuing bodies
- ``targets``: every target, filterable
- ``pages``: static pages (about)
"""
