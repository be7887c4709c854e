"""Template context shared by every public page."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from .models import Topic

FEED_FOR_PAGE = {
    # url name -> (feed url name, kwarg taken from the page's own kwargs)
    "locality": ("feed-locality", "slug"),
    "body": ("feed-body", "slug"),
}


def feeds(request):
    """The Atom feeds a page belongs to, for ``<link rel="alternate">`` in ``<head>``
    and the visible feed links: always the catalogue-wide feed, plus the page's own
    (a locality's, a body's, or the topic chosen in the list's filter)."""
    found = [(_("Văn bản mới (tất cả)"), reverse("documents:feed"))]
    match = getattr(request, "resolver_match", None)
    if match is not None and match.namespace == "documents":
        own = FEED_FOR_PAGE.get(match.url_name)
        if own and own[1] in match.kwargs:
            url = reverse(f"documents:{own[0]}", kwargs={"slug": match.kwargs[own[1]]})
            found.insert(0, (_("Văn bản mới của trang này"), url))
        topic = request.GET.get("topic", "")
        if match.url_name == "list" and topic and Topic.objects.filter(slug=topic[:80]).exists():
            url = reverse("documents:feed-topic", kwargs={"slug": topic[:80]})
            found.insert(0, (_("Văn bản mới về chủ đề này"), url))
    return {"feeds": found}
