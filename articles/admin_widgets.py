"""The desk's site and its autocomplete pickers.

DeskSite answers autocomplete with labels that tell namesakes apart
(PickerJsonView). The widgets below label the current choice without a query.

Django's AutocompleteSelect runs one query per row to label the selected
option; inline rows already carry the related object (select_related), so it is
labelled from there and an article's change page costs a fixed number of
queries whatever the number of its mentions and quotes."""

from __future__ import annotations

from django import forms
from django.contrib.admin import AdminSite
from django.contrib.admin.apps import AdminConfig
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.admin.widgets import AutocompleteSelect


class PreloadedAutocompleteSelect(AutocompleteSelect):
    preloaded = None

    def optgroups(self, name, value, attr=None):
        selected = {str(v) for v in value if str(v) not in self.choices.field.empty_values}
        known = self.preloaded
        if known is None or selected != {str(known.pk)}:
            return super().optgroups(name, value, attr)
        options = [] if self.is_required else [self.create_option(name, "", "", False, 0)]
        label = self.choices.field.label_from_instance(known)
        options.append(self.create_option(name, known.pk, label, selected, len(options)))
        return [(None, options, 0)]


class PreloadedChoicesForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            widget = getattr(field.widget, "widget", field.widget)
            if not isinstance(widget, PreloadedAutocompleteSelect) or self.instance.pk is None:
                continue
            descriptor = self.instance._meta.get_field(name)
            if descriptor.is_cached(self.instance):
                widget.preloaded = getattr(self.instance, name)


class PreloadedAutocompleteMixin:
    form = PreloadedChoicesForm

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request) and "widget" not in kwargs:
            kwargs["widget"] = PreloadedAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class TextWithNewlines(forms.CharField):
    """Browsers send textarea lines ending in CR LF; the stored text (and every
    offset into it) uses LF, with paragraphs split on a blank line. Normalising
    here keeps an untouched body unchanged and its offsets valid."""

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n").replace("\r", "\n") if isinstance(value, str) else value


class PickerJsonView(AutocompleteJsonView):
    """Autocomplete answers that tell namesakes apart: a model with a
    `picker_label()` (a person: "Donald Trump · 1,234 articles, 2015–2020")
    is offered under it rather than its bare name."""

    def serialize_result(self, obj, to_field_name):
        result = super().serialize_result(obj, to_field_name)
        label = getattr(obj, "picker_label", None)
        if callable(label):
            result["text"] = label()
        return result


class DeskSite(AdminSite):
    site_header = "Diplomatic News Browser: editors' desk"
    site_title = "Editors' desk"

    def autocomplete_view(self, request):
        return PickerJsonView.as_view(admin_site=self)(request)


class DeskAdminConfig(AdminConfig):
    default_site = "articles.admin_widgets.DeskSite"
