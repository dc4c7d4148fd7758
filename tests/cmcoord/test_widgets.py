"""The selects written in Python (cmcoord.widgets) give the HTML of Django's templates, whitespace aside."""

import re

import django_filters
import pytest
from django import forms

from cmcoord.widgets import FastSelect, FastSelectMultiple, fast_selects
from requests.filters import RequestFilter
from requests.models import AssistanceRequest


def same(html: str) -> str:
    return re.sub(r">\s+<", "><", str(html)).strip()


CHOICES = [("", "Any"), ("a", "Alpha & <b>"), ("b", "Beta"), ("Group", [("c", "Gamma"), ("d", "Delta")])]


@pytest.mark.parametrize(
    ("django_widget", "fast_widget", "value"),
    [
        (forms.Select(choices=CHOICES), FastSelect(choices=CHOICES), "b"),
        (forms.Select(choices=CHOICES), FastSelect(choices=CHOICES), None),
        (
            forms.SelectMultiple(choices=CHOICES, attrs={"size": 4, "required": True, "disabled": False}),
            FastSelectMultiple(choices=CHOICES, attrs={"size": 4, "required": True, "disabled": False}),
            ["a", "d"],
        ),
        (
            forms.Select(choices=AssistanceRequest.Status.choices),
            FastSelect(choices=AssistanceRequest.Status.choices),
            "submitted",
        ),
    ],
)
def test_the_same_html_as_django(django_widget, fast_widget, value):
    attrs = {"id": "id_x"}
    assert same(fast_widget.render("x", value, attrs)) == same(django_widget.render("x", value, attrs))


@pytest.mark.django_db
def test_the_request_filters_render_as_before(cast):
    data = {"status": ["submitted", "approved"], "priority": "high", "organization": str(cast.wfp.pk)}
    fast = RequestFilter(data, operation=cast.operation).form
    plain = RequestFilter(data, operation=cast.operation)
    plain.get_form_class = lambda: django_filters.FilterSet.get_form_class(plain)  # django-filter's own
    slow = plain.form
    assert type(fast["status"].field.widget) is FastSelectMultiple
    assert type(slow["status"].field.widget) is forms.SelectMultiple
    for name in ("status", "capability", "assistance_type", "priority", "organization", "sort"):
        assert same(fast[name]) == same(slow[name]), name
    assert 'value="submitted" selected' in str(fast["status"])


def test_other_widgets_are_left_alone():
    form_class = type(
        "F", (forms.Form,), {"when": forms.DateField(), "pick": forms.ChoiceField(choices=CHOICES)}
    )
    fast_selects(form_class)
    assert type(form_class.base_fields["when"].widget) is forms.DateInput
    assert type(form_class.base_fields["pick"].widget) is FastSelect
