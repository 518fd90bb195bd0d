from django.contrib import admin
from django.urls import include, path

from claims import desk, tips

admin.site.site_header = "factcheck — editors' desk"
admin.site.site_title = "factcheck"
admin.site.index_title = "Claims and their checks"

urlpatterns = [
    path("admin/preferences/", desk.preferences, name="desk_preferences"),
    path("admin/", admin.site.urls),
    path("tips/unsubscribe/<str:token>/", tips.unsubscribe, name="tip_unsubscribe"),
    path("", include("claims.urls")),
]
