"""Enrolment services: the age rule, duplicates, idempotency, consent on the exact text,
seats that are never overbooked, the waiting list, bulk decisions and re-enrolment."""

from __future__ import annotations

import datetime as dt
import re
import threading

import pytest
from django.db import IntegrityError, connection, connections, transaction
from django.db.models import QuerySet
from django.utils import timezone, translation
from tests import factories as f
from tests.enrolment.conftest import (
    application,
    birth_for,
    consent_for,
    make_slot,
    pre_register,
    ready,
)

from parcours.consents.models import ConsentKind, ConsentRecord
from parcours.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from parcours.enrolment import selectors, services, years
from parcours.enrolment.models import Enrolment, EnrolmentStatus
from parcours.notifications.choices import Kind
from parcours.notifications.models import Notification
from parcours.people.models import GuardianLink, Membership, StudentProfile, User

# --- The age rule ----------------------------------------------------------------------------


def _start():
    return years.year_start(years.current_school_year())


@pytest.mark.parametrize(
    ("birth", "accepted"),
    [
        (lambda s: s.replace(year=s.year - 12), True),  # 12 on the very day
        (lambda s: s.replace(year=s.year - 12) + dt.timedelta(days=1), False),  # 11
        (lambda s: s.replace(year=s.year - 19) + dt.timedelta(days=1), True),  # still 18
        (lambda s: s.replace(year=s.year - 19), False),  # 19 on the day
        (lambda s: s + dt.timedelta(days=30), False),  # not born yet
    ],
)
def test_age_rule_is_12_to_18_on_1_september(world, birth, accepted):
    day = birth(_start())
    if accepted:
        assert pre_register(world.paris, birth_date=day, student_email="me@example.org").created
    else:
        with pytest.raises(ValidationFailed) as err, translation.override("en"):
            pre_register(world.paris, birth_date=day)
        assert "birth_date" in err.value.fields
        message = err.value.fields["birth_date"][0]
        if day > timezone.localdate():  # issue 11: not "will be 0", a plain refusal
            assert message == "This birth date is in the future: check the year."
        else:
            assert "12 to 18" in message
        assert not Enrolment.objects.exists()
        assert not StudentProfile.objects.filter(user__last_name="Martin").exists()


def test_school_year_helper():
    assert years.school_year_of(dt.date(2026, 8, 31)) == 2025
    assert years.school_year_of(dt.date(2026, 9, 1)) == 2026
    assert years.year_label(2026) == "2026-2027"
    assert years.age_at_start(dt.date(2014, 9, 1), 2026) == 12
    assert years.age_at_start(dt.date(2014, 9, 2), 2026) == 11


# --- Pre-registration ------------------------------------------------------------------------


def test_pre_registration_creates_inactive_accounts_and_emails_the_guardian(
    world, slots, texts, mailoutbox, django_capture_on_commit_callbacks
):
    world.paris.priority_postcodes = "75019\n75020"
    world.paris.save()
    with django_capture_on_commit_callbacks(execute=True):
        result = pre_register(world.paris, preferred_slot=slots["tuesday"], language="en")
    e = result.enrolment
    assert result.created and result.consent_email_sent
    assert e.status == EnrolmentStatus.PRE_REGISTERED
    assert e.school_year == years.current_school_year(world.paris)
    assert e.preferred_slot == slots["tuesday"] and e.slot is None
    assert e.submitted_by == "guardian" and e.guardian_phone == "06 12 34 56 78"
    student, guardian = e.student, e.guardian
    assert not student.is_active and not guardian.is_active
    assert not student.has_usable_password() and student.email == ""
    assert guardian.email == "sonia.martin@example.org" and guardian.preferred_language == "en"
    profile = student.student_profile
    assert profile.centre == world.paris and profile.priority_neighbourhood
    assert profile.gender == "female" and profile.grade == "4e"
    assert GuardianLink.objects.filter(guardian=guardian, student=student).exists()
    assert Membership.objects.filter(user=student, role="student", centre=world.paris).exists()
    assert Membership.objects.filter(user=guardian, role="guardian", centre=world.paris).exists()
    # Keys are hashes: the names are not stored twice.
    assert "martin" not in e.request_key and len(e.request_key) == 64
    (mail,) = mailoutbox
    assert mail.to == ["sonia.martin@example.org"]
    assert "Léa" in mail.body and re.search(r"http://testserver/enrol/consent/\S+/", mail.body)
    assert "your consent is needed" in mail.subject  # in the guardian's language (English)


def test_gender_defaults_to_prefer_not_to_say(world):
    data = application()
    del data["gender"]
    result = services.pre_register(
        centre=world.paris, application=services.Application.from_data(data)
    )
    assert result.enrolment.student.student_profile.gender == "undisclosed"


def test_the_same_request_twice_creates_nothing_more(
    world, slots, texts, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = pre_register(world.paris, preferred_slot=slots["tuesday"])
    users = User.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        again = pre_register(
            world.paris,
            preferred_slot=slots["saturday"],
            student_first_name="  LÉA ",
            student_last_name="martin",
            guardian_email="Sonia.Martin@Example.org",
        )
    assert not again.created and again.enrolment.pk == first.enrolment.pk
    assert Enrolment.objects.count() == 1 and User.objects.count() == users
    # The consent link is sent again while consent is missing.
    assert again.consent_email_sent and len(mailoutbox) == 2
    first.enrolment.refresh_from_db()
    assert first.enrolment.preferred_slot == slots["tuesday"]  # untouched
    # The centre's managers were told once (not the other centre's), in their digest.
    told = Notification.objects.filter(kind=Kind.REQUEST_TO_PROCESS)
    assert list(told.values_list("recipient__username", flat=True)) == ["paris-manager"]
    assert told.get().url == f"/enrol/requests/{first.enrolment.uuid}/"
    assert "Léa" in told.get().params["text"] or "LÉA" in told.get().params["text"]


def test_a_duplicate_with_consent_given_is_not_emailed_again(
    world, slots, texts, mailoutbox, django_capture_on_commit_callbacks
):
    first = pre_register(world.paris, preferred_slot=slots["tuesday"])
    consent_for(first.enrolment)
    with django_capture_on_commit_callbacks(execute=True):
        again = pre_register(world.paris, preferred_slot=slots["tuesday"])
    assert not again.created and not again.consent_email_sent and mailoutbox == []


def test_same_child_with_another_guardian_email_is_flagged_not_blocked(world, slots):
    one = pre_register(world.paris, preferred_slot=slots["tuesday"]).enrolment
    two = pre_register(
        world.paris, preferred_slot=slots["tuesday"], guardian_email="papa@example.org"
    ).enrolment
    assert one.pk != two.pk and one.person_key == two.person_key
    flagged = {
        e.pk: e.duplicate_count
        for e in selectors.with_facts(Enrolment.objects.filter(pk__in=[one.pk, two.pk]))
    }
    assert flagged == {one.pk: 1, two.pk: 1}
    # Another centre's request is a different request.
    other = pre_register(world.liege, preferred_slot=slots["liege"]).enrolment
    assert other.pk != one.pk


def test_a_family_enrolling_a_second_child_keeps_one_guardian_account(world, slots):
    one = pre_register(world.paris, preferred_slot=slots["tuesday"]).enrolment
    two = pre_register(
        world.paris, preferred_slot=slots["tuesday"], student_first_name="Hugo"
    ).enrolment
    assert one.guardian_id == two.guardian_id
    assert set(
        GuardianLink.objects.filter(guardian=one.guardian).values_list("student", flat=True)
    ) == {
        one.student_id,
        two.student_id,
    }


def test_a_student_account_with_that_email_is_not_reused_as_guardian(world, slots):
    world["paris"]["student"].email = "sonia.martin@example.org"
    world["paris"]["student"].save()
    e = pre_register(world.paris, preferred_slot=slots["tuesday"]).enrolment
    assert e.guardian != world["paris"]["student"]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"student_first_name": ""}, "student_first_name"),
        ({"student_last_name": "x" * 151}, "student_last_name"),
        ({"guardian_email": "not-an-email"}, "guardian_email"),
        ({"guardian_phone": "call me"}, "guardian_phone"),
        ({"postcode": "75;01"}, "postcode"),
        ({"gender": "robot"}, "gender"),
        ({"language": "de"}, "language"),
        ({"filled_by": "neighbour"}, "filled_by"),
        ({"birth_date": "yesterday"}, "birth_date"),
        ({"preferred_slot": None}, "preferred_slot"),
    ],
)
def test_bad_application_is_refused_and_changes_nothing(world, slots, changes, field):
    changes.setdefault("preferred_slot", slots["tuesday"])
    users = User.objects.count()
    with pytest.raises(ValidationFailed) as err:
        pre_register(world.paris, **changes)
    assert field in err.value.fields
    assert User.objects.count() == users and not Enrolment.objects.exists()


def test_a_slot_of_another_centre_or_closed_is_refused(world, slots):
    with pytest.raises(ValidationFailed) as err:
        pre_register(world.paris, preferred_slot=slots["liege"])
    assert "preferred_slot" in err.value.fields
    slots["tuesday"].is_open = False
    slots["tuesday"].save()
    with pytest.raises(ValidationFailed):
        pre_register(world.paris, preferred_slot=slots["tuesday"])
    assert not Enrolment.objects.exists()


def test_unknown_and_missing_fields_are_refused(world):
    with pytest.raises(ValidationFailed) as err:
        services.Application.from_data({**application(), "password": "x"})
    assert "password" in err.value.fields
    data = application()
    del data["birth_date"]
    with pytest.raises(ValidationFailed) as err:
        services.Application.from_data(data)
    assert "birth_date" in err.value.fields


def test_a_closed_centre_takes_no_request(world):
    world.paris.is_active = False
    world.paris.save()
    with pytest.raises(NotFound):
        pre_register(world.paris)
    assert not Enrolment.objects.exists()


def test_a_race_between_identical_requests_is_caught_by_the_database(world, slots, monkeypatch):
    """Both requests pass the "already exists?" check; the unique key stops the second,
    whose accounts roll back with it."""
    first = pre_register(world.paris, preferred_slot=slots["tuesday"]).enrolment
    users = User.objects.count()
    original = QuerySet.first
    missed = []

    def first_misses_once(self):
        if self.model is Enrolment and not missed:
            missed.append(True)
            return None  # as if the other request had not committed yet
        return original(self)

    monkeypatch.setattr(QuerySet, "first", first_misses_once)
    again = pre_register(world.paris, preferred_slot=slots["tuesday"])
    assert not again.created and again.enrolment.pk == first.pk
    assert User.objects.count() == users and Enrolment.objects.count() == 1


# --- Consent through the link ----------------------------------------------------------------


def test_consents_are_recorded_on_the_exact_text_shown_and_only_once(world, slots, texts):
    e = pre_register(world.paris, preferred_slot=slots["tuesday"]).enrolment
    shown = {
        "enrolment": texts[("enrolment", "fr")].uuid,
        "image_use": texts[("image_use", "fr")].uuid,
    }
    records = services.consents_accept(enrolment=e, given_by=e.guardian, accepted=shown)
    assert {r.kind: r.text_id for r in records} == {
        "enrolment": texts[("enrolment", "fr")].pk,
        "image_use": texts[("image_use", "fr")].pk,
    }
    assert all(r.method == "online" and r.given_by == e.guardian for r in records)
    services.consents_accept(enrolment=e, given_by=e.guardian, accepted=shown)
    assert ConsentRecord.objects.filter(student=e.student).count() == 2
    assert not ConsentRecord.objects.filter(kind=ConsentKind.PUBLIC_DISPLAY).exists()
    # Public display later, on its own; enrolment is not asked again.
    services.consents_accept(
        enrolment=e,
        given_by=e.guardian,
        accepted={"public_display": texts[("public_display", "fr")].uuid},
    )
    assert ConsentRecord.objects.filter(student=e.student).count() == 3


def test_enrolment_consent_is_required_and_a_stale_text_is_refused(world, slots, texts):
    e = pre_register(world.paris, preferred_slot=slots["tuesday"]).enrolment
    with pytest.raises(ValidationFailed) as err:
        services.consents_accept(
            enrolment=e,
            given_by=e.guardian,
            accepted={"image_use": texts[("image_use", "fr")].uuid},
        )
    assert "enrolment" in err.value.fields
    f.consent_text(ConsentKind.ENROLMENT, version=2, language="fr")
    with pytest.raises(Conflict):
        services.consents_accept(
            enrolment=e,
            given_by=e.guardian,
            accepted={"enrolment": texts[("enrolment", "fr")].uuid},
        )
    with pytest.raises(ValidationFailed):
        services.consents_accept(
            enrolment=e,
            given_by=e.guardian,
            accepted={"enrolment": texts[("image_use", "fr")].uuid},  # wrong kind
        )
    with pytest.raises(NotFound):
        services.consents_accept(
            enrolment=e,
            given_by=world["paris"]["guardian"],  # not this request's guardian
            accepted={"enrolment": texts[("enrolment", "fr")].uuid},
        )
    assert not ConsentRecord.objects.filter(student=e.student).exists()


# --- Registration, seats and the waiting list ------------------------------------------------


def test_a_minor_is_registered_only_with_consent_then_accounts_open_and_family_is_emailed(
    world, slots, texts, mailoutbox, django_capture_on_commit_callbacks
):
    manager = world["paris"]["manager"]
    e = pre_register(world.paris, preferred_slot=slots["tuesday"]).enrolment
    with pytest.raises(services.ConsentMissing):
        services.enrolment_register(actor=manager, enrolment=e)
    e.refresh_from_db()
    assert e.status == EnrolmentStatus.PRE_REGISTERED and not e.student.is_active
    consent_for(e)
    with django_capture_on_commit_callbacks(execute=True):
        decision = services.enrolment_register(actor=manager, enrolment=e, site_url="http://x")
    assert decision.outcome == "registered"
    e.refresh_from_db()
    assert e.status == EnrolmentStatus.REGISTERED and e.slot == slots["tuesday"]
    assert e.decided_by == manager and e.decided_at is not None
    e.student.refresh_from_db()
    e.guardian.refresh_from_db()
    assert e.student.is_active and e.guardian.is_active
    (mail,) = mailoutbox
    assert e.student.username in mail.body
    assert len(re.findall(r"http://x/enrol/password/\S+/\S+/", mail.body)) == 2
    # Registering again changes nothing and sends nothing.
    with django_capture_on_commit_callbacks(execute=True):
        again = services.enrolment_register(actor=manager, enrolment=e)
    assert again.outcome == "already" and len(mailoutbox) == 1


def test_an_adult_needs_no_guardian_consent(world, slots):
    e = pre_register(
        world.paris,
        preferred_slot=slots["tuesday"],
        birth_date=birth_for(18),
        student_email="adult@example.org",
    ).enrolment
    decision = services.enrolment_register(actor=world["paris"]["manager"], enrolment=e)
    assert decision.outcome == "registered"


def test_a_full_slot_puts_students_on_its_waiting_list_in_order(
    world, slots, texts, mailoutbox, django_capture_on_commit_callbacks
):
    manager = world["paris"]["manager"]
    rows = ready(world.paris, slots["tuesday"], 5, language="en")  # 3 seats
    with django_capture_on_commit_callbacks(execute=True):
        outcomes = [services.enrolment_register(actor=manager, enrolment=e) for e in rows]
    assert [d.outcome for d in outcomes] == ["registered"] * 3 + ["waiting_list"] * 2
    assert [d.position for d in outcomes[3:]] == [1, 2]
    assert "position 2" in mailoutbox[-1].body
    facts = {e.pk: e.waiting_position for e in selectors.with_facts(Enrolment.objects.all())}
    assert facts[rows[3].pk] == 1 and facts[rows[4].pk] == 2 and facts[rows[0].pk] is None
    # A seat frees up: the oldest on the waiting list gets it, by itself.
    with django_capture_on_commit_callbacks(execute=True):
        decision = services.enrolment_withdraw(actor=manager, enrolment=rows[0])
    assert [p.pk for p in decision.promoted] == [rows[3].pk]
    rows[3].refresh_from_db()
    rows[4].refresh_from_db()
    assert rows[3].status == EnrolmentStatus.REGISTERED and rows[3].waiting_since is None
    assert rows[4].status == EnrolmentStatus.WAITING_LIST
    assert selectors.with_facts(Enrolment.objects.filter(pk=rows[4].pk)).get().waiting_position == 1
    assert Enrolment.objects.filter(slot=slots["tuesday"], status="registered").count() == 3


def test_a_newcomer_does_not_jump_the_waiting_list(world, slots, texts):
    manager = world["paris"]["manager"]
    small = make_slot(world.paris, "Jeudi", 1)
    a, b, c = ready(world.paris, small, 3)
    services.enrolment_register(actor=manager, enrolment=a)
    assert services.enrolment_register(actor=manager, enrolment=b).outcome == "waiting_list"
    small.seats = 2
    small.save()
    # A seat is free, but b waits for it: c queues behind b.
    decision = services.enrolment_register(actor=manager, enrolment=c)
    assert decision.outcome == "waiting_list" and decision.position == 2
    # b, first in line, may take it one by one; then "fill" has nothing left to give.
    assert services.enrolment_register(actor=manager, enrolment=b).outcome == "registered"
    assert services.waiting_list_advance(actor=manager, slot=small, school_year=a.school_year) == []
    small.seats = 3
    small.save()
    promoted = services.waiting_list_advance(actor=manager, slot=small, school_year=a.school_year)
    assert [p.pk for p in promoted] == [c.pk]


def test_someone_behind_in_line_stays_there(world, slots, texts):
    manager = world["paris"]["manager"]
    small = make_slot(world.paris, "Jeudi", 1)
    a, b, c = ready(world.paris, small, 3)
    for e in (a, b, c):
        services.enrolment_register(actor=manager, enrolment=e)
    small.seats = 2
    small.save()
    decision = services.enrolment_register(actor=manager, enrolment=c)
    assert decision.outcome == "waiting_list" and decision.position == 2
    c.refresh_from_db()
    assert c.status == EnrolmentStatus.WAITING_LIST


def test_staff_may_choose_another_slot_but_not_another_centres(world, slots, texts):
    manager = world["paris"]["manager"]
    (e,) = ready(world.paris, slots["tuesday"], 1)
    with pytest.raises(ValidationFailed):
        services.enrolment_register(actor=manager, enrolment=e, slot=slots["liege"])
    decision = services.enrolment_register(actor=manager, enrolment=e, slot=slots["saturday"])
    assert decision.enrolment.slot == slots["saturday"]


def test_without_any_preferred_slot_staff_must_choose_one(world, slots, texts):
    (e,) = ready(world.paris, slots["tuesday"], 1)
    Enrolment.objects.filter(pk=e.pk).update(preferred_slot=None)
    e.refresh_from_db()
    with pytest.raises(services.SlotMissing):
        services.enrolment_register(actor=world["paris"]["manager"], enrolment=e)


def _register_at_once(enrolments, actor):
    """Register each request from its own thread and database connection."""
    barrier = threading.Barrier(len(enrolments))
    outcomes, errors = [], []

    def work(e):
        try:
            barrier.wait(timeout=10)
            outcomes.append(services.enrolment_register(actor=actor, enrolment=e).outcome)
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(e,)) for e in enrolments]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_never_overbook_a_slot(world, texts):
    """On PostgreSQL the registrations really run at once (the slot's row lock serialises
    the seat count); SQLite serialises every write, so there they run one after the other."""
    manager = world["paris"]["manager"]
    slot = make_slot(world.paris, "Vendredi", 3)
    rows = ready(world.paris, slot, 8)
    if connection.vendor == "postgresql":
        outcomes = _register_at_once(rows, manager)
    else:
        outcomes = [services.enrolment_register(actor=manager, enrolment=e).outcome for e in rows]
    assert sorted(outcomes) == ["registered"] * 3 + ["waiting_list"] * 5
    assert Enrolment.objects.filter(slot=slot, status="registered").count() == 3
    positions = sorted(
        e.waiting_position
        for e in selectors.with_facts(Enrolment.objects.filter(status="waiting_list"))
    )
    assert positions == [1, 2, 3, 4, 5]


def _at_once(calls):
    """Run the calls from their own threads and connections (PostgreSQL), else in turn."""
    if connection.vendor != "postgresql":
        return [call() for call in calls]
    barrier = threading.Barrier(len(calls))
    results, errors = [], []

    def work(call):
        try:
            barrier.wait(timeout=10)
            results.append(call())
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(c,)) for c in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    return results


@pytest.mark.django_db(transaction=True)
def test_concurrent_mixed_decisions_neither_deadlock_nor_overbook(world, texts):
    """Withdrawals (which hand seats to the waiting list), single registrations and bulk
    registrations over two slots in opposite orders, all at once."""
    manager = world["paris"]["manager"]
    a, b = make_slot(world.paris, "A", 2), make_slot(world.paris, "B", 2)
    in_a = ready(world.paris, a, 4, student_last_name="Alpha")
    in_b = ready(world.paris, b, 4, student_last_name="Beta")
    for e in (*in_a[:2], *in_b[:2]):
        services.enrolment_register(actor=manager, enrolment=e)
    services.enrolment_register(actor=manager, enrolment=in_a[2])  # waiting for A
    calls = [
        lambda: services.enrolment_withdraw(actor=manager, enrolment=in_a[0]),
        lambda: services.enrolment_withdraw(actor=manager, enrolment=in_b[0]),
        lambda: services.enrolments_bulk(
            actor=manager, centre=world.paris, action="register", uuids=[in_a[3].uuid, in_b[2].uuid]
        ),
        lambda: services.enrolments_bulk(
            actor=manager, centre=world.paris, action="register", uuids=[in_b[3].uuid, in_a[3].uuid]
        ),
        lambda: services.enrolment_register(actor=manager, enrolment=in_a[2]),
    ]
    _at_once(calls)
    for slot in (a, b):
        taken = Enrolment.objects.filter(slot=slot, status="registered").count()
        waiting = Enrolment.objects.filter(slot=slot, status="waiting_list").count()
        assert taken == 2, (slot, taken)  # seats freed were given, never more than the seats
        assert taken + waiting == 3


@pytest.mark.django_db(transaction=True)
def test_concurrent_identical_requests_double_nothing(world):
    slot = make_slot(world.paris, "Vendredi", 3)

    def submit():
        return pre_register(world.paris, preferred_slot=slot).created

    if connection.vendor == "postgresql":
        barrier = threading.Barrier(4)
        created, errors = [], []

        def work():
            try:
                barrier.wait(timeout=10)
                created.append(submit())
            except Exception as exc:
                errors.append(exc)
            finally:
                connections.close_all()

        threads = [threading.Thread(target=work) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert not errors, errors
    else:
        created = [submit() for _ in range(4)]
    assert sorted(created) == [False, False, False, True]
    assert Enrolment.objects.count() == 1
    assert User.objects.filter(last_name="Martin").count() == 2  # one student, one guardian


# --- Refusal and withdrawal ------------------------------------------------------------------


def test_refusal_needs_a_reason_is_told_to_the_family_and_is_idempotent(
    world, slots, texts, mailoutbox, django_capture_on_commit_callbacks
):
    manager = world["paris"]["manager"]
    e = pre_register(world.paris, preferred_slot=slots["tuesday"]).enrolment
    for reason in ("", "   ", "x" * 501):
        with pytest.raises(ValidationFailed) as err:
            services.enrolment_refuse(actor=manager, enrolment=e, reason=reason)
        assert "reason" in err.value.fields
    e.refresh_from_db()
    assert e.status == EnrolmentStatus.PRE_REGISTERED
    with django_capture_on_commit_callbacks(execute=True):
        services.enrolment_refuse(actor=manager, enrolment=e, reason="Lives too far away")
        again = services.enrolment_refuse(actor=manager, enrolment=e, reason="Other")
    assert again.outcome == "already"
    e.refresh_from_db()
    assert e.status == "refused" and e.refusal_reason == "Lives too far away"
    (mail,) = mailoutbox
    assert "Lives too far away" in mail.body
    with pytest.raises(Conflict):
        services.enrolment_register(actor=manager, enrolment=e)


def test_a_registered_student_is_withdrawn_not_refused(world, slots, texts):
    manager = world["paris"]["manager"]
    (e,) = ready(world.paris, slots["tuesday"], 1)
    services.enrolment_register(actor=manager, enrolment=e)
    with pytest.raises(Conflict):
        services.enrolment_refuse(actor=manager, enrolment=e, reason="No")
    assert services.enrolment_withdraw(actor=manager, enrolment=e).outcome == "withdrawn"
    assert services.enrolment_withdraw(actor=manager, enrolment=e).outcome == "already"


@pytest.mark.parametrize("who", ["coach", "expert", "guardian", "student"])
def test_only_managers_decide(world, slots, texts, who):
    e = pre_register(world.paris, preferred_slot=slots["tuesday"]).enrolment
    consent_for(e)
    actor = world["paris"][who]  # none of them is this request's family
    for call in (
        lambda: services.enrolment_register(actor=actor, enrolment=e),
        lambda: services.enrolment_refuse(actor=actor, enrolment=e, reason="no"),
        lambda: services.enrolment_withdraw(actor=actor, enrolment=e),
        lambda: services.consent_request_resend(actor=actor, enrolment=e),
    ):
        with pytest.raises(NotFound):
            call()
    with pytest.raises(NotFound):
        services.enrolment_register(actor=world["liege"]["manager"], enrolment=e)
    with pytest.raises(Forbidden):
        services.enrolments_bulk(actor=actor, centre=world.paris, action="register", uuids=[e.uuid])
    e.refresh_from_db()
    assert e.status == EnrolmentStatus.PRE_REGISTERED


def test_the_requests_guardian_sees_it_but_cannot_decide(world, slots, texts):
    e = pre_register(world.paris, preferred_slot=slots["tuesday"]).enrolment
    consent_for(e)
    with pytest.raises(Forbidden):
        services.enrolment_register(actor=e.guardian, enrolment=e)
    e.refresh_from_db()
    assert e.status == EnrolmentStatus.PRE_REGISTERED


def test_the_network_admin_decides_anywhere(world, slots, texts):
    (e,) = ready(world.liege, slots["liege"], 1)
    assert services.enrolment_register(actor=world.admin, enrolment=e).outcome == "registered"


# --- Bulk ------------------------------------------------------------------------------------


def test_bulk_register_reports_counts_and_decides_each_on_its_own(
    world, slots, texts, mailoutbox, django_capture_on_commit_callbacks
):
    manager = world["paris"]["manager"]
    with_consent = ready(world.paris, slots["tuesday"], 4)  # 3 seats
    without = [
        pre_register(
            world.paris,
            preferred_slot=slots["tuesday"],
            student_first_name=f"Sans{i}",
            guardian_email=f"sans{i}@example.org",
        ).enrolment
        for i in range(2)
    ]
    with django_capture_on_commit_callbacks(execute=True):
        result = services.enrolments_bulk(
            actor=manager,
            centre=world.paris,
            action="register",
            uuids=[e.uuid for e in with_consent + without],
        )
    assert dict(result.counts) == {"registered": 3, "waiting_list": 1, "needs_consent": 2}
    with translation.override("en"):
        assert result.summary() == "3 registered, 1 on the waiting list, 2 need consent."
    # The oldest requests got the seats.
    registered = set(Enrolment.objects.filter(status="registered").values_list("pk", flat=True))
    assert registered == {e.pk for e in with_consent[:3]}
    assert len(mailoutbox) == 4
    again = services.enrolments_bulk(
        actor=manager, centre=world.paris, action="register", uuids=[with_consent[0].uuid]
    )
    assert dict(again.counts) == {"already": 1}


def test_bulk_refuse_and_bad_batches_change_nothing(world, slots, texts):
    manager = world["paris"]["manager"]
    rows = ready(world.paris, slots["tuesday"], 2)
    foreign = ready(world.liege, slots["liege"], 1, guardian_last_name="Dupont")
    bad_calls = [
        ({"action": "refuse", "uuids": [rows[0].uuid]}, ValidationFailed),  # no reason
        ({"action": "explode", "uuids": [rows[0].uuid]}, ValidationFailed),
        ({"action": "register", "uuids": []}, ValidationFailed),
        ({"action": "register", "uuids": ["not-a-uuid"]}, ValidationFailed),
        ({"action": "register", "uuids": [rows[0].uuid, foreign[0].uuid]}, NotFound),
    ]
    for kwargs, error in bad_calls:
        with pytest.raises(error):
            services.enrolments_bulk(actor=manager, centre=world.paris, **kwargs)
    assert set(Enrolment.objects.values_list("status", flat=True)) == {"pre_registered"}
    result = services.enrolments_bulk(
        actor=manager,
        centre=world.paris,
        action="refuse",
        uuids=[e.uuid for e in rows],
        reason="Full this year",
    )
    assert dict(result.counts) == {"refused": 2}


# --- Re-enrolment ----------------------------------------------------------------------------


def _registered(world, slots, **changes):
    (e,) = ready(world.paris, slots["tuesday"], 1, **changes)
    services.enrolment_register(actor=world["paris"]["manager"], enrolment=e)
    e.refresh_from_db()
    return e


def test_a_guardian_re_enrols_in_one_click_keeping_the_history(world, slots, texts):
    e = _registered(world, slots)
    result = services.reenrol(actor=e.guardian, enrolment=e)
    renewed = result.enrolment
    assert result.created and renewed.school_year == e.school_year + 1
    assert renewed.status == EnrolmentStatus.PRE_REGISTERED and renewed.previous == e
    assert renewed.preferred_slot == slots["tuesday"] and renewed.submitted_by == "guardian"
    assert renewed.submitted_by_user == e.guardian
    again = services.reenrol(actor=e.guardian, enrolment=e)
    assert not again.created and again.enrolment.pk == renewed.pk
    assert [
        h.school_year for h in selectors.history_of(user=e.guardian, student_id=e.student_id)
    ] == [
        e.school_year + 1,
        e.school_year,
    ]
    # Next year's request is decided like any other (consent is already on record).
    decision = services.enrolment_register(actor=world["paris"]["manager"], enrolment=renewed)
    assert decision.outcome == "registered"


def test_staff_may_re_enrol_too(world, slots, texts):
    e = _registered(world, slots)
    renewed = services.reenrol(actor=world["paris"]["manager"], enrolment=e).enrolment
    assert renewed.submitted_by == "staff"


def test_re_enrolment_rules(world, slots, texts):
    e = _registered(world, slots, birth_date=birth_for(18), student_email="adult@example.org")
    with pytest.raises(ValidationFailed) as err:  # 19 next September
        services.reenrol(actor=e.guardian, enrolment=e)
    assert "birth_date" in err.value.fields
    pending = pre_register(
        world.paris, preferred_slot=slots["tuesday"], student_first_name="Hugo"
    ).enrolment
    with pytest.raises(Conflict):
        services.reenrol(actor=pending.guardian, enrolment=pending)
    young = _registered(world, slots, student_first_name="Nina", guardian_email="n@example.org")
    for stranger in (
        world["liege"]["guardian"],
        world["paris"]["coach"],
        world["paris"]["student"],
    ):
        with pytest.raises(NotFound):
            services.reenrol(actor=stranger, enrolment=young)
    assert not Enrolment.objects.filter(school_year=e.school_year + 1).exists()


def test_one_enrolment_per_student_and_year(world, slots, texts):
    e = _registered(world, slots)
    with pytest.raises(IntegrityError), transaction.atomic():
        Enrolment.objects.create(
            centre=world.paris,
            student=e.student,
            school_year=e.school_year,
            submitted_by="staff",
            request_key="other",
            person_key="other",
        )


def test_a_birth_date_in_the_future_is_refused_plainly(world):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(ValidationFailed) as err, translation.override("fr"):
        pre_register(world.paris, birth_date=tomorrow)
    assert err.value.fields["birth_date"] == [
        "Cette date de naissance est dans le futur : vérifiez l’année."
    ]
    assert not Enrolment.objects.exists()


@pytest.mark.parametrize(
    ("centre", "postcode", "ok"),
    [
        ("paris", "75019", True),
        ("paris", "ABC", False),  # accepted before (issue 11): any letters and digits
        ("paris", "7501", False),
        ("paris", "75O19", False),  # a letter O for a zero
        ("liege", "4000", True),
        ("liege", "B-4000", True),
        ("liege", "75019", False),
    ],
)
def test_postcodes_are_those_of_the_centres_country(world, centre, postcode, ok):
    if ok:
        assert pre_register(getattr(world, centre), postcode=postcode).created
        return
    with pytest.raises(ValidationFailed) as err, translation.override("en"):
        pre_register(getattr(world, centre), postcode=postcode)
    assert list(err.value.fields) == ["postcode"]
    assert "digits" in err.value.fields["postcode"][0]
    assert not Enrolment.objects.exists()
