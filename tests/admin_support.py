"""Shared helpers for the admin tests (tests/test_admin*.py): users and a way to
post back an admin change form as the browser would."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import Group, User
from django.forms import CheckboxInput

PASSWORD = "correct-horse-battery-staple-42"


def make_editor(username: str = "editor") -> User:
    """A staff member of the Editors group (created by migration 0004)."""
    user = User.objects.create_user(username, password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def form_data(response) -> dict[str, str]:
    """The fields of an admin change page (the form and every inline formset,
    management forms included) with their current values, ready to POST back
    after a test changes a few of them."""
    data: dict[str, str] = {}
    context = response.context
    _add_form(data, context["adminform"].form)
    for inline in context["inline_admin_formsets"]:
        formset = inline.formset
        _add_form(data, formset.management_form)
        for form in formset.forms:
            _add_form(data, form)
    return data


def _add_form(data: dict[str, str], form) -> None:
    for bound in form:
        value = bound.value()
        if isinstance(bound.field.widget, CheckboxInput):
            if value:
                data[bound.html_name] = "on"
            continue
        if value is None:
            continue
        if isinstance(value, datetime.date):
            value = value.isoformat()
        data[bound.html_name] = value


def inline_index(data: dict[str, str], prefix: str, field: str, value) -> int:
    """The index of the inline row of `prefix` whose `field` is `value`."""
    total = int(data[f"{prefix}-TOTAL_FORMS"])
    for index in range(total):
        if str(data.get(f"{prefix}-{index}-{field}")) == str(value):
            return index
    raise AssertionError(f"no {prefix} row with {field}={value!r}")


def add_inline_row(data: dict[str, str], prefix: str, **fields) -> None:
    index = int(data[f"{prefix}-TOTAL_FORMS"])
    for name, value in fields.items():
        data[f"{prefix}-{index}-{name}"] = value
    data[f"{prefix}-TOTAL_FORMS"] = str(index + 1)
