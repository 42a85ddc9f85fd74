"""One lookup of a row a client names by uuid: found, or one answer whatever the reason."""

from __future__ import annotations

import pytest

from parcours.centres.models import Centre
from parcours.core.errors import NotFound, ValidationFailed
from parcours.core.permissions import named


def test_a_named_row_is_found_or_one_answer_whatever_the_reason(world):
    rows = Centre.objects.filter(slug="paris")
    assert named(rows, world.paris.uuid) == world.paris
    for other in (world.liege.uuid, "not-a-uuid", None):
        with pytest.raises(NotFound) as exc:
            named(rows, other, message="No such centre here.")
        assert exc.value.message == "No such centre here."
    with pytest.raises(ValidationFailed) as exc:
        named(rows, world.liege.uuid, message="No such centre here.", field="centre", code="x")
    assert exc.value.fields == {"centre": ["No such centre here."]} and exc.value.code == "x"
    with pytest.raises(NotFound) as exc:
        named(rows, "not-a-uuid")
    assert str(exc.value.message) == str(NotFound.default_message)
