from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Diplomatic News Browser — editors' desk"
admin.site.site_title = "Editors' desk"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("articles.urls")),
]
