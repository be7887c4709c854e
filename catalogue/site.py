"""The catalogue's name — one definition for the pages, the feeds, citations, the API and the
admin (issue 16: a Vietnamese name a ministry's site would use, English on English pages)."""

from django.utils.translation import gettext_lazy

#: The name in Vietnamese: citations are always Vietnamese, like the documents they cite.
#: (A plain string: this module is imported by the settings and by gunicorn's configuration,
#: before Django's translation machinery can run.)
SITE_NAME_VI = "Cơ sở dữ liệu văn bản về công tác cán bộ"

#: Vietnam's time: the catalogue's dates, and the servers' logs (catalogue/gunicorn_conf.py).
TIME_ZONE = "Asia/Ho_Chi_Minh"

#: The name in the language of the page (a lazy string). The same words as SITE_NAME_VI,
#: written out for makemessages (tests/test_home_about.py checks they agree).
SITE_NAME = gettext_lazy("Cơ sở dữ liệu văn bản về công tác cán bộ")


def context(request) -> dict:
    """Template context processor: ``site_name`` (the page's language) and ``site_name_vi``
    (for citations) on every page; queries nothing."""
    return {"site_name": SITE_NAME, "site_name_vi": SITE_NAME_VI}
