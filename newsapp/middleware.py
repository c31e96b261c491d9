"""Request and response rules for every page, the admin's included."""

from __future__ import annotations

from django.conf import settings
from django.http import JsonResponse
from django.urls import reverse
from django.views.defaults import bad_request


class RefuseNulBytes:
    """A NUL byte in the address, or in the admin's query string, is a 400 here,
    before any view: no address contains one, and PostgreSQL refuses it in a
    query, so every view, admin filter and autocomplete that passed it on
    answered 500. (The public pages read their query strings through forms,
    which ignore a NUL and say so.) So is an admin action on rows that are not
    ids, which Django's admin would pass to the database as they are."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = None

    def __call__(self, request):
        if "\x00" in request.path or (self._is_admin(request) and (self._in_query(request) or self._bad_selection(request))):
            if request.path.startswith("/api/"):
                # The API answers in JSON, errors included.
                return JsonResponse({"message": "The address contains a NUL byte."}, status=400)
            return bad_request(request, ValueError("NUL byte, or an admin action on rows that are not ids"))
        return self.get_response(request)

    @staticmethod
    def _bad_selection(request) -> bool:
        """The rows an admin action is asked to act on are primary keys, integers
        for every model here; anything else reached the database as a 500."""
        if request.method != "POST" or "_selected_action" not in request.POST:
            return False
        return not all(value.isascii() and value.isdigit() for value in request.POST.getlist("_selected_action"))

    def _is_admin(self, request) -> bool:
        if self.admin_prefix is None:
            self.admin_prefix = reverse("admin:index")
        return request.path.startswith(self.admin_prefix)

    @staticmethod
    def _in_query(request) -> bool:
        return any("\x00" in key or any("\x00" in value for value in values) for key, values in request.GET.lists())


class SecurityHeaders:
    """Content-Security-Policy and Permissions-Policy on every response. Our
    templates and the admin need no inline script or style, so the policy
    allows this site's own files only (and data: images, for the empty
    favicon); the settings can replace either header."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.headers = {
            "Content-Security-Policy": settings.CONTENT_SECURITY_POLICY,
            "Permissions-Policy": settings.PERMISSIONS_POLICY,
        }

    def __call__(self, request):
        response = self.get_response(request)
        for name, value in self.headers.items():
            if value and name not in response:
                response[name] = value
        return response
