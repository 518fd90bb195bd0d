"""The open data: published checks as JSON and CSV, with the list page's filters.

Read-only and anonymous. Every query starts from ``Claim.objects.listed()`` (through
``ClaimFilter``), so a draft or a retracted check never appears. A bad filter or page is a
400 with a short message: JSON from the API, plain text from the CSV download.
"""

from functools import wraps

from django.conf import settings
from django.core.paginator import InvalidPage
from django.http import HttpResponseBadRequest, JsonResponse
from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from ..models import Claim, Revision
from ..revisions import FIELDS, timestamp
from . import cache, export
from .feeds import filter_errors
from .filters import ClaimFilter
from .pagination import CachedCountPaginator
from .records import record_data


def _requested_language(error):
    """Answers in the language ``?language=`` asks for (else the address's: /ru/api/…), or
    ``error(message)`` for a language the site does not publish in."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            language = request.GET.get("language") or get_language()
            if language not in dict(settings.LANGUAGES):
                codes = ", ".join(dict(settings.LANGUAGES))
                return error(_("Unknown language: use one of %(codes)s.") % {"codes": codes})
            with translation.override(language):
                return view(request, *args, **kwargs)

        return wrapper

    return decorator


def _text_error(message):
    return HttpResponseBadRequest(message + "\n", content_type="text/plain")


def _json(data, status=200):
    response = JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"  # open data, no cookies involved
    return response


def _error(status, message, **details):
    return _json({"error": message, **details}, status=status)


def _messages(errors):
    return {name: list(messages) for name, messages in errors.items()}


# Revisions per page of the public log: the chain is read from its start, so pages are large.
LOG_PAGE_SIZE = 100


def _page_link(request, number):
    query = request.GET.copy()
    query["page"] = number
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


def _paged(request, paginator, rows):
    """A page of ``paginator`` as the API serves it, or a 400 for a bad page number."""
    try:
        page = paginator.page(request.GET.get("page") or 1)
    except InvalidPage:
        message = _("Invalid page: use a whole number from 1 to %(last)d.")
        return _error(400, message % {"last": paginator.num_pages})
    return _json(
        {
            "count": paginator.count,
            "next": _page_link(request, page.next_page_number()) if page.has_next() else None,
            "previous": _page_link(request, page.previous_page_number())
            if page.has_previous()
            else None,
            "results": rows(page),
        }
    )


@require_safe
@_requested_language(lambda message: _error(400, message))
def claim_list(request):
    """Published checks, newest first, a page at a time."""
    filterset = ClaimFilter(request.GET)
    if not filterset.is_valid():
        return _error(400, _("Invalid filter."), fields=_messages(filterset.form.errors))
    language = get_language()
    pks = filterset.qs.values_list("pk", flat=True)
    paginator = CachedCountPaginator(pks, settings.FACTCHECK_PAGE_SIZE)

    def records(missing):
        claims = Claim.objects.filter(pk__in=missing).with_details(language)
        return {claim.pk: record_data(claim, request) for claim in claims}

    # Each record built once per generation, language and address of this site.
    name = f"record:{language}:{request.scheme}://{request.get_host()}"
    return _paged(request, paginator, lambda page: cache.get_or_build_each(name, page, records))


@require_safe
@_requested_language(lambda message: _error(400, message))
def claim_detail(request, slug):
    language = get_language()
    claim = Claim.objects.listed().in_language(language).with_details(language)
    claim = claim.filter(slug=slug).first()
    if claim is None:
        return _error(404, _("No published check has this slug."))
    return _json(record_data(claim, request))


@require_safe
@_requested_language(_text_error)
def claims_csv(request):
    """The filtered public list as one CSV file, one row per check."""
    filterset = ClaimFilter(request.GET)
    if not filterset.is_valid():
        return _text_error(_("Invalid filter: %(errors)s") % {"errors": filter_errors(filterset)})
    claims = filterset.qs.with_related().with_appearances().with_correction_requests().with_topics()
    response = export.csv_response(
        "claims", export.PUBLIC_COLUMNS, export.public_rows(claims, request)
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_safe
def revision_log(request):
    """The chain of revisions from its start, a page at a time: enough to recompute every
    hash and link (see ``claims.revisions``)."""
    revisions = Revision.objects.public().select_related("claim").only("claim__slug", *FIELDS)
    paginator = CachedCountPaginator(revisions.order_by("sequence"), LOG_PAGE_SIZE)
    return _paged(request, paginator, lambda page: [_log_entry(r, request) for r in page])


def _log_entry(revision, request):
    return {
        "sequence": revision.sequence,
        "hash": revision.hash,
        "previous_hash": revision.previous_hash,
        "check": revision.claim.slug,
        "kind": revision.kind,
        "note": revision.note,
        "at": timestamp(revision.at),
        "content_hash": revision.content_hash,
        "content": revision.content,
        "history": request.build_absolute_uri(revision.get_absolute_url()),
    }
