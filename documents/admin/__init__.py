"""The Django admin: where admins enter decisions, usually from a news article.

- ``search``: diacritic-insensitive search (every ModelAdmin's, autocomplete included) and
  the text-box list filters
- ``documents``: the document page (targets, links, sources on one page)
- ``files``: a document's files (inline on its page, and their own list)
- ``registry``: every other model
- ``validity``: the status-as-of-today filter and the sourced status statements
"""

from django.contrib import admin

from . import documents, registry, validity  # noqa: F401  (registers the ModelAdmins)
from .search import fold_every_search

# Users, groups and axes' lists were registered before (INSTALLED_APPS order): the same search.
fold_every_search(admin.site)
