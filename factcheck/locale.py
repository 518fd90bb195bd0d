"""Which language a request is answered in."""

from django.middleware.locale import LocaleMiddleware
from django.urls import reverse
from django.utils import translation


class SiteAndDeskLocaleMiddleware(LocaleMiddleware):
    """Django's ``LocaleMiddleware`` for readers' pages, whose language is in their address
    (English unprefixed, Russian under /ru/); the desk, which has one address for everyone,
    speaks the editor's language: the one they chose with the switcher, else their browser's."""

    def _in_desk(self, request):
        return request.path_info.startswith(reverse("admin:index"))

    def process_request(self, request):
        if self._in_desk(request):
            translation.activate(translation.get_language_from_request(request))
            request.LANGUAGE_CODE = translation.get_language()
        else:
            super().process_request(request)

    def process_response(self, request, response):
        if self._in_desk(request):
            return super().process_response(request, response)
        # A reader's page is in the language of its address whatever the browser asks for:
        # no "Vary: Accept-Language", which would make a CDN keep a copy per browser language.
        response.headers.setdefault("Content-Language", translation.get_language())
        return response
