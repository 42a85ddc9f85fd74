"""Build the demo network: two centres modelled on the seeds (TUMO Paris and TUMO Liège),
their staff, their students (figures from the seeds), families, consents and catalogue.

Deterministic for a given seed. Writes go through the importer and bulk inserts of the same
rows the services create; nothing here is used outside the demo.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from auditlog.context import disable_auditlog
from django.apps import apps as django_apps
from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from parcours.catalogue.importing import import_area_package
from parcours.catalogue.models import CentreFocusArea, FocusArea
from parcours.catalogue.seeding import load_shipped_catalogue
from parcours.centres.models import Centre, Network, Room, SessionPattern
from parcours.consents.models import ConsentKind, ConsentMethod, ConsentRecord, ConsentText
from parcours.demo import (
    attendance_demo,
    bulk,
    clock,
    coaching_demo,
    credentials_demo,
    enrolment_demo,
    internships_demo,
    labs_demo,
    learning_demo,
    names,
    offers_demo,
    orientation_demo,
    portfolio_demo,
    privacy_demo,
    risk_demo,
    schedule_demo,
    showcase_demo,
)
from parcours.people.models import (
    CoachAssignment,
    Gender,
    GuardianLink,
    Membership,
    Role,
    StudentProfile,
    User,
)
from parcours.schedule.models import Slot, SlotMeeting

CONTENT_DIR = Path(__file__).parent / "content"
DEMO_PASSWORD = "parcours-demo"


def _years_before(day: dt.date, years: int) -> dt.date:
    """The same day ``years`` earlier (28 February for a 29 February in a common year)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


@dataclass
class CentreSpec:
    slug: str
    name: str
    city: str
    country: str
    address: str
    timezone: str
    pattern: str
    students: int
    coaches: int
    experts: int
    areas: list[str]
    rooms: list[tuple[str, int, str]]
    schools: list[str]
    grades: dict[int, str]
    postcodes: list[str]
    priority_postcodes: list[str]
    partners: list[str]
    slots: list[tuple[str, int, list[tuple[int, str, str]]]] = field(default_factory=list)
    managers: int = 0  # besides the fixed logins (Paris's and Liège's managers)


PARIS = CentreSpec(
    slug="paris",
    name="TUMO Paris",
    city="Paris",
    country="FR",
    address="Forum des images, 2 rue du Cinéma, 75001 Paris",
    timezone="Europe/Paris",
    pattern=SessionPattern.ONE_3H,
    students=1200,
    coaches=11,
    experts=16,
    areas=[
        "filmmaking",
        "animation",
        "video-games",
        "graphic-design",
        "3d-modelling",
        "programming",
        "drawing",
        "music",
    ],
    rooms=[
        ("Plateau autoformation A", 64, "open"),
        ("Plateau autoformation B", 64, "open"),
        ("Plateau autoformation C", 48, "open"),
        ("Lab Méliès", 14, "lab"),
        ("Lab Varda", 14, "lab"),
        ("Lab Lumière", 14, "lab"),
        ("Lab Ada", 14, "lab"),
        ("Studio son", 8, "studio"),
        ("Studio tournage", 10, "studio"),
    ],
    schools=names.PARIS_SCHOOLS,
    grades=names.FR_GRADES,
    postcodes=names.PARIS_POSTCODES,
    priority_postcodes=names.PARIS_POSTCODES_QPV,
    partners=names.PARTNERS_PARIS,
    slots=[
        ("Mardi soir", 176, [(1, "17:00", "20:00")]),
        ("Mercredi après-midi", 176, [(2, "13:30", "16:30")]),
        ("Mercredi soir", 176, [(2, "16:45", "19:45")]),
        ("Jeudi soir", 176, [(3, "17:00", "20:00")]),
        ("Vendredi soir", 176, [(4, "17:00", "20:00")]),
        ("Samedi matin", 176, [(5, "10:00", "13:00")]),
        ("Samedi après-midi", 176, [(5, "14:00", "17:00")]),
    ],
)
LIEGE = CentreSpec(
    slug="liege",
    name="TUMO Liège",
    city="Liège",
    country="BE",
    address="La Grand'Poste, quai sur Meuse, 4000 Liège",
    timezone="Europe/Brussels",
    pattern=SessionPattern.TWO_2H,
    students=1500,
    coaches=12,
    experts=16,
    areas=[
        "programming",
        "robotics",
        "video-games",
        "3d-modelling",
        "filmmaking",
        "generative-ai",
        "motion-graphics",
        "music",
    ],
    rooms=[
        ("Espace autoformation Meuse", 96, "open"),
        ("Espace autoformation Outremeuse", 96, "open"),
        ("Lab Simenon", 14, "lab"),
        ("Lab Grétry", 14, "lab"),
        ("Lab robotique", 12, "lab"),
        ("Studio audiovisuel", 10, "studio"),
    ],
    schools=names.LIEGE_SCHOOLS,
    grades=names.BE_GRADES,
    postcodes=names.LIEGE_POSTCODES,
    priority_postcodes=names.LIEGE_POSTCODES_PRIORITY,
    partners=names.PARTNERS_LIEGE,
    slots=[
        ("Lundi + jeudi", 215, [(0, "16:00", "18:00"), (3, "16:00", "18:00")]),
        ("Mardi + vendredi", 215, [(1, "16:00", "18:00"), (4, "16:00", "18:00")]),
        ("Lundi + jeudi (fin de journée)", 215, [(0, "18:15", "20:15"), (3, "18:15", "20:15")]),
        ("Mardi + vendredi (fin de journée)", 215, [(1, "18:15", "20:15"), (4, "18:15", "20:15")]),
        ("Mercredi + samedi matin", 215, [(2, "14:00", "16:00"), (5, "10:00", "12:00")]),
        ("Mercredi + samedi midi", 215, [(2, "16:15", "18:15"), (5, "12:30", "14:30")]),
        ("Samedi (2 × 2 h)", 215, [(5, "15:00", "17:00"), (5, "17:15", "19:15")]),
    ],
)

TOWN_ROOMS = [
    ("Plateau autoformation A", 96, "open"),
    ("Plateau autoformation B", 96, "open"),
    ("Lab 1", 14, "lab"),
    ("Lab 2", 14, "lab"),
    ("Lab 3", 14, "lab"),
    ("Lab 4", 14, "lab"),
    ("Studio", 10, "studio"),
]
MAX_CENTRES = 2 + len(names.TOWNS)


def _scaled(spec: CentreSpec, students: int) -> CentreSpec:
    """The spec for ``students``: staff and slot seats grow in proportion (never shrink below
    the spec's own, which small test demos rely on)."""
    ratio = max(1.0, students / spec.students)
    per_slot = -(-round(students * 1.03) // max(1, len(spec.slots)))
    return replace(
        spec,
        students=students,
        coaches=max(spec.coaches, round(spec.coaches * ratio)),
        experts=max(spec.experts, round(spec.experts * ratio)),
        slots=[(label, max(seats, per_slot), m) for label, seats, m in spec.slots],
    )


def _town(row: tuple[Any, ...]) -> CentreSpec:
    slug, name, city, country, tz, address, model, students, codes, priority, partners = row
    base = PARIS if model == "paris" else LIEGE
    belgian = country == "BE"
    return _scaled(
        replace(
            base,
            slug=slug,
            name=name,
            city=city,
            country=country,
            address=address,
            timezone=tz,
            rooms=TOWN_ROOMS,
            schools=names.TOWN_SCHOOLS_BE if belgian else names.TOWN_SCHOOLS_FR,
            grades=names.BE_GRADES if belgian else names.FR_GRADES,
            postcodes=codes,
            priority_postcodes=priority,
            partners=partners,
            managers=max(1, round(students / 1200)),
        ),
        students,
    )


def network_specs(centres: int, students: int | None) -> list[CentreSpec]:
    """The demo network's centres: Paris and Liège, then towns of names.TOWNS (up to 17), each
    of its own size unless ``students`` is given, which is shared in proportion to them."""
    if not 2 <= centres <= MAX_CENTRES:
        raise ValueError(f"centres: 2 to {MAX_CENTRES}")
    specs = [PARIS, LIEGE] + [_town(row) for row in names.TOWNS[: centres - 2]]
    if students is None:
        return specs
    sizes = [s.students for s in specs]
    counts = [max(1, int(students * n / sum(sizes))) for n in sizes]
    counts[0] += students - sum(counts)  # rounding goes to Paris
    return [_scaled(spec, n) for spec, n in zip(specs, counts, strict=True)]


PITCH = {
    "fr": "À {centre}, {area_lc} se pratique en autoformation à ton rythme, puis en labs de "
    "cinq semaines avec un·e expert·e. Tu repars avec des projets pour ton portfolio.",
    "en": "At {centre}, {area_lc} is learnt through self-paced activities, then five-week "
    "labs with an expert. You leave with projects for your portfolio.",
}

CONSENT_TEXTS = {
    ConsentKind.ENROLMENT: {
        "fr": (
            "Inscription et traitement des données",
            "J'autorise l'inscription de mon enfant à l'école de création numérique et le "
            "traitement des données nécessaires à son suivi pédagogique (identité, date de "
            "naissance, établissement, présence, progression). Ces données sont conservées "
            "pendant la durée de l'inscription puis deux ans, ne sont jamais vendues, et "
            "je peux y accéder, les rectifier ou demander leur effacement auprès du centre.",
        ),
        "en": (
            "Enrolment and data processing",
            "I authorise my child's enrolment in the digital creation school and the "
            "processing of the data needed to follow their learning (identity, birth date, "
            "school, attendance, progress). The data is kept for the enrolment and two "
            "years after, is never sold, and I may access, correct or ask to erase it by "
            "contacting the centre.",
        ),
    },
    ConsentKind.IMAGE_USE: {
        "fr": (
            "Droit à l'image",
            "J'autorise le centre à photographier ou filmer mon enfant pendant les "
            "activités et à utiliser ces images pour présenter l'école (site, réseaux, "
            "presse). Je peux retirer cette autorisation à tout moment.",
        ),
        "en": (
            "Image rights",
            "I authorise the centre to photograph or film my child during activities and "
            "to use these images to present the school (website, social media, press). I "
            "can withdraw this at any time.",
        ),
    },
    ConsentKind.PUBLIC_DISPLAY: {
        "fr": (
            "Publication des créations",
            "J'autorise l'exposition publique des créations de mon enfant (galerie en "
            "ligne, expositions), avec son prénom seulement. Je peux retirer cette "
            "autorisation à tout moment ; les œuvres sont alors retirées de la galerie.",
        ),
        "en": (
            "Public display of work",
            "I authorise the public display of my child's work (online gallery, "
            "exhibitions), with their first name only. I can withdraw this at any time; "
            "the works are then removed from the gallery.",
        ),
    },
}

FIXED_LOGINS = [
    ("admin", "network_admin", None, "Nadia", "Roche"),
    ("manager", "manager", "paris", "Claire", "Fontenay"),
    ("manager-liege", "manager", "liege", "Olivier", "Delcour"),
    ("coach", "coach", "paris", "Karim", "Aït-Ali"),
    ("expert", "expert", "paris", "Jeanne", "Moulin"),
    ("mentor", "mentor", "paris", "Sophie", "Marchal"),
]


def load_content() -> list[dict[str, Any]]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(CONTENT_DIR.glob("*.json"))]


class DemoBuilder:
    def __init__(
        self, *, seed: int = 2026, students: int | None = None, centres: int = 2, out: Any = None
    ) -> None:
        self.rng = random.Random(seed)
        self.seed = seed
        self.total_students = students
        self.specs = network_specs(centres, students)
        self.out = out
        self.password = make_password(DEMO_PASSWORD, salt=f"demo{seed}")
        self.summary: dict[str, Any] = {}

    def say(self, msg: str) -> None:
        if self.out is not None:
            self.out.write(msg)

    def build(self) -> dict[str, Any]:
        call_command("flush", interactive=False, verbosity=0)
        # The demo's own rows are not audited one by one: privacy_demo writes a year of
        # realistic entries instead (drawn from the decisions the demo made).
        with transaction.atomic(), disable_auditlog():
            load_shipped_catalogue(django_apps)
            self._catalogue()
            network = Network.objects.create(name="Réseau Parcours (démo)", slug="demo")
            self._consent_texts()
            centres = {}
            for spec in self.specs:
                centres[spec.slug] = self._centre(network, spec, spec.students)
            self._fixed_logins(centres)
            demo_student = User.objects.filter(username="student").first()
            self.summary["privacy"] = privacy_demo.seed(demo_student)
            self.say(f"privacy and audit: {self.summary['privacy']}\n")
            self.summary["risk"] = risk_demo.seed(list(centres.values()))
            self.say(f"early warning: {self.summary['risk']}\n")
            self.summary["coaching"] = coaching_demo.seed(list(centres.values()))
            self.say(f"coaching: {self.summary['coaching']}\n")
            self.summary["credentials"] = credentials_demo.seed(list(centres.values()))
            self.say(f"credentials: {self.summary['credentials']}\n")
            self.summary["portfolio"] = portfolio_demo.seed(list(centres.values()))
            self.say(f"portfolio: {self.summary['portfolio']}\n")
            self.summary["showcase"] = showcase_demo.seed(list(centres.values()))
            self.say(f"showcase: {self.summary['showcase']}\n")
            self.summary["offers"] = offers_demo.seed(list(centres.values()))
            self.say(f"training offers: {self.summary['offers']}\n")
            self.summary["orientation"] = orientation_demo.seed(list(centres.values()))
            self.say(f"orientation: {self.summary['orientation']}\n")
            self.summary["internships"] = internships_demo.seed(list(centres.values()))
            self.say(f"prevention internships: {self.summary['internships']}\n")
        return self.summary

    # --- catalogue ---------------------------------------------------------------------------
    def _catalogue(self) -> None:
        totals = {
            "areas": 0,
            "activities": 0,
            "quiz_items": 0,
            "lab_templates": 0,
            "masterlab_templates": 0,
        }
        for package in load_content():
            counts = import_area_package(package)
            totals["areas"] += 1
            for k, v in counts.items():
                totals[k] += v
        self.summary["catalogue"] = totals
        self.say(f"catalogue: {totals}\n")

    def _consent_texts(self) -> None:
        now = timezone.now()
        for kind, langs in CONSENT_TEXTS.items():
            for lang, (title, body) in langs.items():
                ConsentText.objects.create(
                    kind=kind, version=1, language=lang, title=title, body=body, published_at=now
                )

    # --- a centre ----------------------------------------------------------------------------
    def _centre(self, network: Network, spec: CentreSpec, n_students: int) -> Centre:
        centre = Centre.objects.create(
            network=network,
            slug=spec.slug,
            name=spec.name,
            city=spec.city,
            country=spec.country,
            address=spec.address,
            timezone=spec.timezone,
            session_pattern=spec.pattern,
            contact_email=f"bonjour@{spec.slug}.parcours.invalid",
            priority_postcodes="\n".join(spec.priority_postcodes),
        )
        Room.objects.bulk_create(
            Room(centre=centre, name=n, seats=s, kind=k) for n, s, k in spec.rooms
        )
        for label, seats, meetings in spec.slots:
            slot = Slot.objects.create(centre=centre, label=label, seats=seats)
            SlotMeeting.objects.bulk_create(
                SlotMeeting(
                    slot=slot,
                    weekday=day,
                    starts_at=dt.time.fromisoformat(start),
                    ends_at=dt.time.fromisoformat(end),
                )
                for day, start, end in meetings
            )
        schedule_demo.seed(centre=centre, rng=self.rng)
        areas = {a.slug: a for a in FocusArea.objects.all()}
        for order, slug in enumerate(spec.areas, start=1):
            area = areas[slug]
            CentreFocusArea.objects.create(
                centre=centre,
                focus_area=area,
                is_offered=True,
                order=order,
                pitch_fr=PITCH["fr"].format(centre=spec.name, area_lc=area.name_fr.lower()),
                pitch_en=PITCH["en"].format(centre=spec.name, area_lc=area.name_en.lower()),
            )
        if spec.managers:
            self._staff(centre, Role.MANAGER, spec.managers)
        coaches = self._staff(centre, Role.COACH, spec.coaches)
        self._staff(centre, Role.EXPERT, spec.experts)
        students = self._students(centre, spec, n_students)
        CoachAssignment.objects.bulk_create(
            CoachAssignment(centre=centre, coach=coaches[i % len(coaches)], student=s)
            for i, s in enumerate(students)
        )
        self.summary[spec.slug] = {
            "students": len(students),
            "coaches": spec.coaches,
            "experts": spec.experts,
            "areas": len(spec.areas),
        }
        self.say(
            f"{spec.name}: {len(students)} students, {spec.coaches} coaches, "
            f"{spec.experts} experts, {len(spec.areas)} focus areas\n"
        )
        return centre

    def _person(self, gender: str) -> tuple[str, str]:
        pool = (
            names.GIRLS
            if gender == Gender.FEMALE
            else names.BOYS
            if gender == Gender.MALE
            else names.OTHER + names.GIRLS[:5] + names.BOYS[:5]
        )
        return self.rng.choice(pool), self.rng.choice(names.LAST)

    def _staff(self, centre: Centre, role: str, n: int) -> list[User]:
        users = []
        for i in range(1, n + 1):
            first, last = self._person(self.rng.choice([Gender.FEMALE, Gender.MALE]))
            users.append(
                User(
                    username=f"{centre.slug}-{role}-{i:02d}",
                    first_name=first,
                    last_name=last,
                    password=self.password,
                    email=f"{role}{i:02d}@{centre.slug}.parcours.invalid",
                )
            )
        User.objects.bulk_create(users)
        users = list(User.objects.filter(username__startswith=f"{centre.slug}-{role}-"))
        Membership.objects.bulk_create(Membership(user=u, centre=centre, role=role) for u in users)
        return users

    def _gender(self) -> str:
        r = self.rng.random()
        return (
            Gender.FEMALE
            if r < 0.42
            else Gender.MALE
            if r < 0.94
            else Gender.OTHER
            if r < 0.96
            else Gender.UNDISCLOSED
        )

    def _students(self, centre: Centre, spec: CentreSpec, n: int) -> list[User]:
        rng = self.rng
        rows = []
        school_start = clock.day(2026, 9, 1)
        for i in range(1, n + 1):
            gender = self._gender()
            first, last = self._person(gender)
            age = rng.choices([12, 13, 14, 15, 16, 17, 18], [14, 17, 17, 16, 15, 13, 8])[0]
            # Born so that the student is exactly `age` on the first day of the school year.
            latest = _years_before(school_start, age)
            earliest = _years_before(school_start, age + 1)
            birth = latest - dt.timedelta(days=rng.randint(0, (latest - earliest).days - 1))
            # About 42% social-field publics: priority neighbourhood and/or partner referral.
            qpv = rng.random() < 0.30
            referred = (
                rng.choice(spec.partners) if rng.random() < (0.17 if not qpv else 0.3) else ""
            )
            postcode = rng.choice(spec.priority_postcodes if qpv else spec.postcodes)
            rows.append((i, gender, first, last, birth, age, qpv, referred, postcode))
        users = [
            User(
                username=f"{spec.slug}-s{i:05d}", first_name=f, last_name=la, password=self.password
            )
            for i, _g, f, la, *_ in rows
        ]
        User.objects.bulk_create(users, batch_size=1000)
        by_name = {
            u.username: u for u in User.objects.filter(username__startswith=f"{spec.slug}-s")
        }
        students = [by_name[f"{spec.slug}-s{r[0]:05d}"] for r in rows]
        StudentProfile.objects.bulk_create(
            (
                StudentProfile(
                    user=u,
                    centre=centre,
                    birth_date=r[4],
                    gender=r[1],
                    school=self._school(rng, spec, r[5]),
                    grade=spec.grades[r[5]],
                    postcode=r[8],
                    priority_neighbourhood=r[6],
                    referred_by_partner=r[7],
                )
                for u, r in zip(students, rows, strict=True)
            ),
            batch_size=1000,
        )
        Membership.objects.bulk_create(
            (Membership(user=u, centre=centre, role=Role.STUDENT) for u in students),
            batch_size=1000,
        )
        guardians = [
            User(
                username=f"{spec.slug}-g{r[0]:05d}",
                first_name=self._person(rng.choice([Gender.FEMALE, Gender.MALE]))[0],
                last_name=r[3],
                password=self.password,
                email=f"famille{r[0]:05d}@{spec.slug}.parcours.invalid",
            )
            for r in rows
        ]
        User.objects.bulk_create(guardians, batch_size=1000)
        g_by_name = {
            u.username: u for u in User.objects.filter(username__startswith=f"{spec.slug}-g")
        }
        guardians = [g_by_name[f"{spec.slug}-g{r[0]:05d}"] for r in rows]
        Membership.objects.bulk_create(
            (Membership(user=g, centre=centre, role=Role.GUARDIAN) for g in guardians),
            batch_size=1000,
        )
        GuardianLink.objects.bulk_create(
            (
                GuardianLink(centre=centre, guardian=g, student=s)
                for g, s in zip(guardians, students, strict=True)
            ),
            batch_size=1000,
        )
        self._consents(centre, students, guardians)
        # Each capability adds its own demo rows for these students.
        enrolment_demo.seed(centre=centre, students=students, guardians=guardians, rng=rng)
        learning_demo.seed(centre=centre, students=students, rng=rng)
        attendance_demo.seed(centre=centre, students=students, rng=rng)
        labs_demo.seed(centre=centre, students=students, rng=rng)
        return students

    @staticmethod
    def _school(rng: Any, spec: CentreSpec, age: int) -> str:
        """A collège up to 15 (3e), a lycée from 16, where the list tells them apart."""
        level = "Lycée" if age >= 16 else "Collège"
        fitting = [s for s in spec.schools if s.startswith(level)]
        return str(rng.choice(fitting or spec.schools))

    def _consents(self, centre: Centre, students: list[User], guardians: list[User]) -> None:
        texts = {t.kind: t for t in ConsentText.objects.filter(language="fr", version=1)}
        start = clock.moment(2026, 9, 2, 9, 0)
        records = []
        for s, g in zip(students, guardians, strict=True):
            at = start + dt.timedelta(minutes=self.rng.randint(0, 60 * 24 * 40))
            method = self.rng.choice(
                [ConsentMethod.ONLINE, ConsentMethod.ONLINE, ConsentMethod.PAPER]
            )
            records.append(
                ConsentRecord(
                    centre=centre,
                    student=s,
                    kind=ConsentKind.ENROLMENT,
                    text=texts[ConsentKind.ENROLMENT],
                    given_by=g,
                    method=method,
                    given_at=at,
                )
            )
            if self.rng.random() < 0.8:
                records.append(
                    ConsentRecord(
                        centre=centre,
                        student=s,
                        kind=ConsentKind.IMAGE_USE,
                        text=texts[ConsentKind.IMAGE_USE],
                        given_by=g,
                        method=method,
                        given_at=at,
                    )
                )
            if self.rng.random() < 0.6:
                records.append(
                    ConsentRecord(
                        centre=centre,
                        student=s,
                        kind=ConsentKind.PUBLIC_DISPLAY,
                        text=texts[ConsentKind.PUBLIC_DISPLAY],
                        given_by=g,
                        method=method,
                        given_at=at,
                    )
                )
        bulk.insert(ConsentRecord, records)

    # --- the logins printed by make demo -----------------------------------------------------
    def _fixed_logins(self, centres: dict[str, Centre]) -> None:
        logins = []
        for username, role, centre_slug, first, last in FIXED_LOGINS:
            centre = centres[centre_slug] if centre_slug else None
            existing = (
                User.objects.filter(username=f"{centre_slug}-{role}-01").first()
                if role in (Role.COACH, Role.EXPERT)
                else None
            )
            if existing is not None:
                # The demo coach and expert are the centre's first ones, renamed.
                existing.username, existing.first_name, existing.last_name = username, first, last
                existing.save(update_fields=["username", "first_name", "last_name"])
            else:
                user = User.objects.create(
                    username=username,
                    first_name=first,
                    last_name=last,
                    password=self.password,
                    email=f"{username}@parcours.invalid",
                    is_staff=role == Role.NETWORK_ADMIN,
                    is_superuser=role == Role.NETWORK_ADMIN,
                )
                Membership.objects.create(user=user, centre=centre, role=role)
            logins.append((username, role, centre_slug or "network"))
        # The demo student and her guardian: the first girl of Paris, renamed for clarity.
        student = (
            User.objects.filter(
                username__startswith="paris-s",
                student_profile__gender=Gender.FEMALE,
                student_profile__birth_date__lte=clock.day(2012, 1, 1),
            )
            .order_by("username")
            .first()
        )
        assert student is not None
        guardian = student.guardians.get().guardian
        student.username, student.first_name = "student", "Inès"
        student.save(update_fields=["username", "first_name"])
        guardian.username = "guardian"
        guardian.save(update_fields=["username"])
        CoachAssignment.objects.filter(student=student).update(
            coach=User.objects.get(username="coach")
        )
        labs_demo.finish_level_one(student)
        for centre in Centre.objects.order_by("slug"):
            manager = (
                User.objects.filter(memberships__centre=centre, memberships__role=Role.MANAGER)
                .order_by("username")
                .first()
            )
            if manager is not None:
                labs_demo.masterlabs(
                    centre=centre,
                    manager=manager,
                    rng=random.Random(f"{centre.slug}:masterlabs"),
                    demo_student=student
                    if centre.pk == student.student_profile.centre_id
                    else None,
                )
                labs_demo.validations(
                    centre=centre, rng=random.Random(f"{centre.slug}:validations")
                )
        logins += [("student", "student", "paris"), ("guardian", "guardian", "paris")]
        if User.objects.filter(username=labs_demo.OFFER_LOGIN).exists():
            # The student with an open waitlist offer in the autumn labs (labs_demo).
            logins.append((labs_demo.OFFER_LOGIN, "student", "paris"))
        self.summary["logins"] = logins
