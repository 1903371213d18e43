"""`id_url`, the dashboard's fast form of `{% url name pk %}`, gives the same URLs."""

import pytest
from django.template import Context, Template
from django.urls import reverse, set_script_prefix

from tracker.templatetags.web import id_url

NAMES = ("web:unit-detail", "web:directive-detail", "web:obligation-detail")


@pytest.mark.parametrize("name", NAMES)
def test_the_same_url_as_reverse(name):
    for pk in (1, 7, 42, 3468, 2_000_000):
        assert id_url(pk, name) == reverse(name, args=[pk])
    rendered = Template(f"{{% load web %}}{{{{ pk|id_url:'{name}' }}}}|{{% url '{name}' pk %}}")
    first, second = rendered.render(Context({"pk": 12})).split("|")
    assert first == second


def test_under_a_script_prefix_the_prefix_is_kept():
    try:
        set_script_prefix("/theo-doi/")
        assert id_url(5, "web:unit-detail") == reverse("web:unit-detail", args=[5])
        assert id_url(5, "web:unit-detail").startswith("/theo-doi/")
    finally:
        set_script_prefix("/")
    assert id_url(5, "web:unit-detail") == reverse("web:unit-detail", args=[5])


def test_a_value_that_is_not_an_id_is_refused():
    with pytest.raises((TypeError, ValueError)):
        id_url("5/../admin", "web:unit-detail")
