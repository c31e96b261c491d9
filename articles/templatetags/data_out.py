"""Links from a page to its data: the CSV and the Atom feed of what it lists."""

from django import template
from django.urls import reverse

register = template.Library()


@register.simple_tag(takes_context=True)
def same_query(context, name: str, *args) -> str:
    """The URL `name` with this page's filters (not its page number): the
    CSV or feed of exactly what the page lists."""
    params = context["request"].GET.copy()
    params.pop("page", None)
    url = reverse(name, args=args)
    return f"{url}?{params.urlencode()}" if params else url
