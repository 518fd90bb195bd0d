from django.conf import settings

from . import cache
from .models import Page


def site(request):
    """The organisation's name and the footer's policy pages, on every page."""
    pages = cache.get_or_build(
        "footer-pages",
        lambda: [
            (p.title, p.get_absolute_url())
            for p in Page.objects.filter(in_footer=True).only("slug", "title")
        ],
    )
    return {"org_name": settings.FACTCHECK_ORG_NAME, "footer_pages": pages}
