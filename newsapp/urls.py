from django.contrib import admin
from django.urls import include, path, re_path

from articles.api import api, api_index, api_not_found

admin.site.site_header = "Diplomatic News Browser — editors' desk"
admin.site.site_title = "Editors' desk"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", api_index, name="api_index"),
    path("api/", api.urls),
    # Anything else under /api/ answers in JSON too, not with the HTML 404 page.
    re_path(r"^api/(?P<rest>.*)$", api_not_found),
    path("", include("articles.urls")),
]
