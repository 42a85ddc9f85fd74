"""Consent: who may give it, on which text, and withdrawal that keeps the history."""

from __future__ import annotations

import pytest

from parcours.consents.models import ConsentKind, ConsentRecord
from parcours.consents.services import consent_give, consent_withdraw
from parcours.core.errors import Conflict, NotFound, ValidationFailed
from tests import factories as f


def test_guardian_gives_enrolment_consent_once_on_the_exact_text(world):
    student, guardian = world["paris"]["student"], world["paris"]["guardian"]
    v1 = f.consent_text(ConsentKind.ENROLMENT, version=1)
    f.consent_text(ConsentKind.ENROLMENT, version=2)
    first = consent_give(student=student, given_by=guardian, kind=ConsentKind.ENROLMENT, text=v1)
    again = consent_give(student=student, given_by=guardian, kind=ConsentKind.ENROLMENT, text=v1)
    assert first.pk == again.pk
    assert ConsentRecord.objects.filter(student=student).count() == 1
    assert first.text.version == 1 and first.given_by == guardian


def test_a_minor_cannot_consent_alone_nor_can_a_stranger(world):
    student = world["paris"]["student"]
    text = f.consent_text(ConsentKind.IMAGE_USE)
    for giver in (student, world["liege"]["guardian"], world["paris"]["manager"]):
        with pytest.raises(ValidationFailed):
            consent_give(student=student, given_by=giver, kind=ConsentKind.IMAGE_USE, text=text)
    assert not ConsentRecord.objects.exists()


def test_an_adult_student_consents_for_themselves(world):
    adult = f.student(world.paris, age=18, username="adult")
    text = f.consent_text(ConsentKind.PUBLIC_DISPLAY)
    record = consent_give(student=adult, given_by=adult, kind=ConsentKind.PUBLIC_DISPLAY, text=text)
    assert record.active


def test_text_must_match_the_kind(world):
    text = f.consent_text(ConsentKind.IMAGE_USE)
    with pytest.raises(ValidationFailed):
        consent_give(
            student=world["paris"]["student"],
            given_by=world["paris"]["guardian"],
            kind=ConsentKind.PUBLIC_DISPLAY,
            text=text,
        )


def test_withdrawal_keeps_history_and_allows_a_new_consent(world):
    student, guardian = world["paris"]["student"], world["paris"]["guardian"]
    text = f.consent_text(ConsentKind.IMAGE_USE)
    record = consent_give(student=student, given_by=guardian, kind=ConsentKind.IMAGE_USE, text=text)
    consent_withdraw(actor=student, record=record)  # the student may say no
    record.refresh_from_db()
    assert not record.active and record.withdrawn_by == student
    renewed = consent_give(
        student=student, given_by=guardian, kind=ConsentKind.IMAGE_USE, text=text
    )
    assert renewed.pk != record.pk
    assert ConsentRecord.objects.filter(student=student).count() == 2


def test_enrolment_consent_is_not_withdrawn_online(world):
    text = f.consent_text(ConsentKind.ENROLMENT)
    record = consent_give(
        student=world["paris"]["student"],
        given_by=world["paris"]["guardian"],
        kind=ConsentKind.ENROLMENT,
        text=text,
    )
    with pytest.raises(Conflict):
        consent_withdraw(actor=world["paris"]["guardian"], record=record)


def test_staff_cannot_withdraw_for_a_family(world):
    text = f.consent_text(ConsentKind.IMAGE_USE)
    record = consent_give(
        student=world["paris"]["student"],
        given_by=world["paris"]["guardian"],
        kind=ConsentKind.IMAGE_USE,
        text=text,
    )
    with pytest.raises(NotFound):
        consent_withdraw(actor=world["paris"]["coach"], record=record)
    record.refresh_from_db()
    assert record.active
