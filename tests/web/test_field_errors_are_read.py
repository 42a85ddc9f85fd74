"""Field errors are tied to their inputs: every aria-describedby id exists in the page, on
forms shown again with their errors."""

from __future__ import annotations

import pytest

from tests.conftest import login
from tests.support.html import dangling_references


def _assert_errors_are_described(response) -> None:
    html = response.content.decode()
    assert response.status_code == 400, html[:500]
    assert 'aria-invalid="true"' in html
    assert dangling_references(html) == []
    assert '_error"' in html  # the error list carries the id the input points to


@pytest.mark.parametrize(
    ("who", "path", "data"),
    [
        (None, "/enrol/paris/", {"first_name": ""}),
        ("manager", "/centres/paris/edit/", {"name": ""}),
        ("manager", "/schedule/paris/slots/new/", {"name": ""}),
        ("manager", "/centres/paris/rooms/new/", {"name": "", "workstations": "-3"}),
    ],
)
def test_invalid_forms_describe_their_errors(world, who, path, data):
    client = login(world["paris"][who] if who else None)
    _assert_errors_are_described(client.post(path, data))


def test_the_checker_finds_a_dangling_reference():
    assert dangling_references('<input aria-describedby="x_error"><p id="y"></p>') == [
        ("input", "aria-describedby", "x_error")
    ]
