"""The Django admin: where admins enter decisions, usually from a news article.

- ``search``: diacritic-insensitive search and the text-box list filters
- ``documents``: the document page (targets, links, sources on one page)
- ``files``: a document's files (inline on its page, and their own list)
- ``texts``: their texts (status, correction, "Trích xuất lại") and the extraction jobs
- ``registry``: every other model
- ``validity``: the status-as-of-today filter and the sourced status statements
"""

from . import documents, registry, texts, validity  # noqa: F401  (registers the ModelAdmins)
