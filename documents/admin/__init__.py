"""The Django admin: where admins enter decisions, usually from a news article.

- ``search``: diacritic-insensitive search (every ModelAdmin's, autocomplete included) and
  the text-box list filters
- ``documents``: the document page (targets, links, sources on one page)
- ``files``: a document's files (inline on its page, and their own list)
- ``texts``: their texts (status, correction, "Trích xuất lại") and the extraction jobs
- ``registry``: every other model
- ``permissions``: permissions named in the page's language (groups' and users' pages)
- ``targets``: targets' and figures' unit taken from the indicator
- ``validity``: the status-as-of-today filter and the sourced status statements
"""

from django.contrib import admin

from . import documents, registry, texts, validity  # noqa: F401  (registers the ModelAdmins)
from .permissions import name_permissions_in_the_language
from .search import fold_every_search

# Users, groups and axes' lists were registered before (INSTALLED_APPS order): permissions in
# the page's language, and the same search.
_order = list(admin.site._registry)
name_permissions_in_the_language(admin.site)
fold_every_search(admin.site)
# re-registered admins keep their place (the index, and tests that walk the registry in order)
admin.site._registry = {model: admin.site._registry[model] for model in _order}
