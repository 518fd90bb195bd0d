"""Which language a request is answered in."""

from django.middleware.locale import LocaleMiddleware
from django.urls import reverse
from django.utils import translation


class SiteAndDeskLocaleMiddleware(LocaleMiddleware):
    """Django's ``LocaleMiddleware`` for readers' pages, whose language is in their address
    (English unprefixed, Russian under /ru/); the desk, which has one address for everyone,
    speaks the editor's language: the one they chose with the switcher, else their browser's."""

    def process_request(self, request):
        if request.path_info.startswith(reverse("admin:index")):
            translation.activate(translation.get_language_from_request(request))
            request.LANGUAGE_CODE = translation.get_language()
        else:
            super().process_request(request)
