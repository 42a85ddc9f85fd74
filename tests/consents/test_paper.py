"""Paper consent forms recorded by the centre's managers; who may give consent by age."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from parcours.consents.models import ConsentKind, ConsentMethod, ConsentRecord
from parcours.consents.services import (
    consent_give,
    consent_record_paper,
    consent_withdraw,
    consent_withdraw_paper,
)
from parcours.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from tests import factories as f


def _today() -> dt.date:
    return timezone.localdate()


def test_a_manager_records_a_minors_paper_consent_once_on_the_current_text(world):
    student, manager = world["paris"]["student"], world["paris"]["manager"]
    f.consent_text(ConsentKind.IMAGE_USE, version=1, language="fr")
    v2 = f.consent_text(ConsentKind.IMAGE_USE, version=2, language="fr")
    f.consent_text(ConsentKind.IMAGE_USE, version=3, language="en")
    signed = _today() - dt.timedelta(days=3)
    first = consent_record_paper(
        actor=manager,
        student=student,
        kind=ConsentKind.IMAGE_USE,
        signed_on=signed,
        signer="guardian",
        signed_by_name="  Sonia Martin ",
        language="fr",
    )
    record = first.record
    assert first.changed and record.active
    assert record.method == ConsentMethod.PAPER and record.text == v2
    assert record.signed_on == signed and record.signed_by_name == "Sonia Martin"
    assert record.signer_name == "Sonia Martin" and record.given_by is None
    assert record.recorded_by == manager and record.centre == world.paris
    assert timezone.localdate(record.given_at, timezone=world.paris.zone) == signed
    again = consent_record_paper(
        actor=manager,
        student=student,
        kind=ConsentKind.IMAGE_USE,
        signed_on=signed,
        signer="guardian",
        signed_by_name="Sonia Martin",
        language="fr",
    )
    assert not again.changed and again.record.pk == record.pk
    assert ConsentRecord.objects.filter(student=student).count() == 1


def test_an_adult_signs_their_own_paper_form(world):
    adult = f.student(world.paris, age=18, username="adult")
    f.consent_text(ConsentKind.ENROLMENT)
    result = consent_record_paper(
        actor=world.admin,  # network admins may too
        student=adult,
        kind=ConsentKind.ENROLMENT,
        signed_on=_today(),
        signer="student",
    )
    assert result.record.given_by == adult
    assert result.record.signer_name == adult.get_full_name()


@pytest.mark.parametrize(
    ("age", "changes", "field"),
    [
        (14, {"signer": "student"}, "signer"),  # a minor does not sign alone
        (18, {"signer": "guardian", "signed_by_name": "Sonia"}, "signer"),  # an adult signs
        (14, {"signed_by_name": ""}, "signed_by_name"),  # whose signature?
        (14, {"signed_by_name": "x" * 201}, "signed_by_name"),
        (14, {"signed_on": "future"}, "signed_on"),
        (14, {"signer": "neighbour"}, "signer"),
        (14, {"kind": "everything"}, "kind"),
        (14, {"language": "de"}, "language"),
    ],
)
def test_bad_paper_forms_are_refused_clearly_and_change_nothing(world, age, changes, field):
    student = f.student(world.paris, age=age, username=f"s{age}")
    f.consent_text(ConsentKind.IMAGE_USE)
    data = {
        "kind": ConsentKind.IMAGE_USE,
        "signed_on": _today(),
        "signer": "guardian",
        "signed_by_name": "Sonia Martin",
        **changes,
    }
    if data["signed_on"] == "future":
        data["signed_on"] = _today() + dt.timedelta(days=2)
    with pytest.raises(ValidationFailed) as err:
        consent_record_paper(actor=world["paris"]["manager"], student=student, **data)
    assert field in err.value.fields and err.value.fields[field][0]
    assert not ConsentRecord.objects.exists()


def test_a_kind_without_a_published_text_is_refused(world):
    with pytest.raises(ValidationFailed) as err:
        consent_record_paper(
            actor=world["paris"]["manager"],
            student=world["paris"]["student"],
            kind=ConsentKind.PUBLIC_DISPLAY,
            signed_on=_today(),
            signer="guardian",
            signed_by_name="Sonia",
        )
    assert "kind" in err.value.fields


@pytest.mark.parametrize(
    ("who", "error"),
    [
        (("paris", "coach"), NotFound),
        (("paris", "expert"), NotFound),
        (("liege", "manager"), NotFound),
        (("liege", "guardian"), NotFound),
        (("paris", "other_student"), NotFound),
        (("paris", "guardian"), Forbidden),  # the family sees the student, records nothing
        (("paris", "student"), Forbidden),
    ],
)
def test_only_the_centres_managers_record_paper_forms(world, who, error):
    f.consent_text(ConsentKind.IMAGE_USE)
    actor = world[who[0]][who[1]]
    for call in (consent_record_paper, consent_withdraw_paper):
        with pytest.raises(error):
            call(
                actor=actor,
                student=world["paris"]["student"],
                kind=ConsentKind.IMAGE_USE,
                signed_on=_today(),
                signer="guardian",
                signed_by_name="Sonia",
            )
    assert not ConsentRecord.objects.exists()


def test_a_paper_withdrawal_keeps_the_record_and_is_idempotent(world):
    student, manager = world["paris"]["student"], world["paris"]["manager"]
    text = f.consent_text(ConsentKind.ENROLMENT)
    given = consent_give(
        student=student, given_by=world["paris"]["guardian"], kind="enrolment", text=text
    )
    # Enrolment consent is not withdrawn online, but the centre records a signed withdrawal.
    result = consent_withdraw_paper(
        actor=manager,
        student=student,
        kind="enrolment",
        signed_on=_today(),
        signer="guardian",
        signed_by_name="Sonia Martin",
    )
    assert result.changed and result.record.pk == given.pk
    record = ConsentRecord.objects.get(pk=given.pk)
    assert not record.active and record.withdrawal_method == ConsentMethod.PAPER
    assert record.withdrawer_name == "Sonia Martin" and record.withdrawal_recorded_by == manager
    assert record.withdrawn_at >= record.given_at
    stamp = record.withdrawn_at
    again = consent_withdraw_paper(
        actor=manager,
        student=student,
        kind="enrolment",
        signed_on=_today(),
        signer="guardian",
        signed_by_name="Someone else",
    )
    assert not again.changed
    record.refresh_from_db()
    assert record.withdrawn_at == stamp and record.withdrawn_by_name == "Sonia Martin"
    assert ConsentRecord.objects.filter(student=student).count() == 1


def test_a_paper_withdrawal_needs_a_consent_and_a_sensible_date(world):
    student, manager = world["paris"]["student"], world["paris"]["manager"]
    args = {"signer": "guardian", "signed_by_name": "Sonia"}
    with pytest.raises(Conflict):
        consent_withdraw_paper(
            actor=manager, student=student, kind="image_use", signed_on=_today(), **args
        )
    f.consent_text(ConsentKind.IMAGE_USE)
    consent_record_paper(
        actor=manager, student=student, kind="image_use", signed_on=_today(), **args
    )
    with pytest.raises(ValidationFailed) as err:
        consent_withdraw_paper(
            actor=manager,
            student=student,
            kind="image_use",
            signed_on=_today() - dt.timedelta(days=5),
            **args,
        )
    assert "signed_on" in err.value.fields
    assert ConsentRecord.objects.get(student=student).active


def test_a_guardian_cannot_consent_for_an_adult_and_online_withdrawal_is_marked(world):
    guardian = world["paris"]["guardian"]
    adult = f.student(world.paris, age=18, guardian=guardian, username="adult")
    seventeen = f.student(world.paris, age=17, guardian=guardian, username="seventeen")
    text = f.consent_text(ConsentKind.IMAGE_USE)
    with pytest.raises(ValidationFailed, match="18"):
        consent_give(student=adult, given_by=guardian, kind="image_use", text=text)
    with pytest.raises(ValidationFailed):
        consent_give(student=seventeen, given_by=seventeen, kind="image_use", text=text)
    minor = consent_give(student=seventeen, given_by=guardian, kind="image_use", text=text)
    own = consent_give(student=adult, given_by=adult, kind="image_use", text=text)
    withdrawn = consent_withdraw(actor=adult, record=own)
    assert withdrawn.withdrawal_method == ConsentMethod.ONLINE and not withdrawn.active
    assert minor.active
