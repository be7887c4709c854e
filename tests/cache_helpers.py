"""The production shape of the ``pages`` cache alias, for tests (documents/page_store.py)."""


def layered(location: str, entries: int = 200) -> dict:
    """The page store over *location* as its shared store (a local-memory cache standing for
    Redis or the database), with a copy of *entries* pages per process."""
    return {"BACKEND": "documents.page_store.PageStore",
            "OPTIONS": {"SHARED": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                   "LOCATION": location},
                        "LOCAL_ENTRIES": entries}}
