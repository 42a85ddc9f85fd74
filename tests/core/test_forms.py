from __future__ import annotations

from django import forms
from django.test import RequestFactory

from parcours.core.errors import ValidationFailed
from parcours.core.forms import SeenField, model_data, submit


class Plain(forms.Form):
    seen = SeenField()
    name = forms.CharField()
    key = forms.CharField(required=False)  # a model field here: nothing hides it


class WithLinks(Plain):
    not_model_fields = ("tags",)
    tags = forms.CharField(required=False)


def _post(form_class, data):
    request = RequestFactory().post("/", data)
    return request, form_class(request.POST)


def test_each_form_says_what_it_keeps_out_of_the_model_data():
    _request, form = _post(WithLinks, {"name": "n", "key": "k", "tags": "t"})
    assert form.is_valid()
    assert model_data(form) == {"name": "n", "key": "k"}  # `key` is no longer dropped silently


def test_submit_returns_what_the_service_saved():
    request, form = _post(Plain, {"name": "n"})
    assert submit(request, form, lambda data, seen: ("saved", data, seen)) == (
        "saved",
        {"name": "n", "key": ""},
        None,
    )


def test_submit_returns_none_for_a_get_an_invalid_form_or_a_refusal():
    get = RequestFactory().get("/")
    assert submit(get, Plain(), lambda data, seen: "x") is None
    request, form = _post(Plain, {"name": ""})
    assert submit(request, form, lambda data, seen: "x") is None

    def refuse(data, seen):
        raise ValidationFailed("no", fields={"name": ["Taken."]})

    request, form = _post(Plain, {"name": "n"})
    assert submit(request, form, refuse) is None
    assert form.errors == {"name": ["Taken."]}
