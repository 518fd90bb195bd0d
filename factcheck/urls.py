from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from claims.desk import preferences
from claims.public import tips

admin.site.site_header = _("factcheck — editors' desk")
admin.site.site_title = "factcheck"
admin.site.index_title = _("Claims and their checks")

# The desk and the language switcher keep one address; the editor's language comes from
# their choice (the switcher's cookie) or their browser.
urlpatterns = [
    path("admin/preferences/", preferences.preferences, name="desk_preferences"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("tips/unsubscribe/<str:token>/", tips.unsubscribe, name="tip_unsubscribe"),
]
# Readers' pages: English at the plain addresses, Russian under /ru/.
urlpatterns += i18n_patterns(path("", include("claims.public.urls")), prefix_default_language=False)
