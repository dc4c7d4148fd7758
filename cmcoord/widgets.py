"""Select widgets written in Python, for the filter forms on top of every list.

Django renders a select through a template per option (an include with its own context each time): the nine
filters of the request list took a fifth of the page's rendering (issue 15). These widgets write the same
HTML (tests/cmcoord/test_widgets.py compares them) with format_html; `fast_selects` swaps them into a form
class.
"""

from django import forms
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe


def _attrs(attrs: dict) -> SafeString:
    """As django/forms/widgets/attrs.html: in their order, True as a bare name, False left out."""
    return mark_safe(  # noqa: S308 (every part built by format_html)
        "".join(
            format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value)
            for name, value in attrs.items()
            if value is not False
        )
    )


def _select_html(context: dict) -> SafeString:
    widget = context["widget"]
    parts = [format_html('<select name="{}"{}>', widget["name"], _attrs(widget["attrs"]))]
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(format_html('<optgroup label="{}">', group_name))
        parts.extend(
            format_html(
                '<option value="{}"{}>{}</option>',
                "" if option["value"] is None else option["value"],
                _attrs(option["attrs"]),
                option["label"],
            )
            for option in options
        )
        if group_name:
            parts.append("</optgroup>")
    parts.append("</select>")
    return mark_safe("".join(parts))  # noqa: S308 (every part built by format_html above)


class FastSelect(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        return _select_html(self.get_context(name, value, attrs))


class FastSelectMultiple(forms.SelectMultiple):
    def render(self, name, value, attrs=None, renderer=None):
        return _select_html(self.get_context(name, value, attrs))


FAST = {forms.Select: FastSelect, forms.SelectMultiple: FastSelectMultiple}


def fast_selects(form_class: type[forms.BaseForm]) -> type[forms.BaseForm]:
    """The form class with its plain select widgets written in Python (same HTML, same behaviour)."""
    for field in form_class.base_fields.values():
        fast = FAST.get(type(field.widget))
        if fast is not None:
            field.widget.__class__ = fast
    return form_class
