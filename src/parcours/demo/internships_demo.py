"""Prevention internships in the demo (issue 17): in Paris, an internship of the autumn
holidays, over some five weeks ago (ten young people referred by partners, eight accepted,
their four days' attendance and logs, a follow-up reminder due and three follow-ups
recorded), and one of the coming winter holidays with referrals waiting, accepted and one
refused. Dates relative to the day the demo is built."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.utils import timezone
from django.utils.crypto import get_random_string

from parcours.centres.models import Centre
from parcours.internships.choices import FollowUp, ProjectKind, ReferralStatus
from parcours.internships.models import Day, Internship, Referral
from parcours.internships.services import consent_statement
from parcours.people.models import User

PARTNERS = [
    ("Service de prévention spécialisée du 19e", "Léa Martin"),
    ("Mission locale Paris Nord", "Karim Haddad"),
    ("Dispositif relais du collège Jean-Jaurès", "Sophie Leroy"),
    ("Association Jeunes en Quartier", "Moussa Diallo"),
]
FIRST = [
    "Yanis",
    "Inaya",
    "Rayan",
    "Maëlle",
    "Ilyes",
    "Sirine",
    "Nathan",
    "Aya",
    "Kenza",
    "Adam",
    "Lina",
    "Noah",
    "Jade",
    "Amir",
]
LAST = ["Benali", "Traoré", "Moreau", "Nguyen", "Petit", "Haddad", "Lopez", "Camara"]
LOGS = [
    "Découverte du studio, écoute d’extraits, choix du sujet par petits groupes.",
    "Écriture des questions, premiers enregistrements dans le quartier.",
    "Montage sur Audacity, choix des musiques, répétition de la présentation.",
    "Finalisation et présentation publique devant les familles et les partenaires.",
]


def _referral(
    i: Internship, rng: random.Random, n: int, status: str, manager: User | None
) -> Referral:
    org, who = PARTNERS[n % len(PARTNERS)]
    age = rng.randint(14, 19)
    born = i.starts_on.replace(year=i.starts_on.year - age) - dt.timedelta(days=rng.randint(1, 300))
    minor = age < 18
    return Referral.objects.create(
        internship=i,
        first_name=FIRST[n % len(FIRST)],
        last_name=LAST[(n * 3) % len(LAST)],
        birth_date=born,
        guardian_name="Parent" if minor else "",
        guardian_contact="06 12 34 56 78" if minor else "",
        guardian_consent=minor,
        consent_text=consent_statement() if minor else "",
        consent_recorded_at=timezone.now() if minor else None,
        referrer_name=who,
        referrer_organisation=org,
        referrer_email=f"{who.split()[0].lower()}@partenaire.example.org",
        needs=rng.choice(
            ["", "Timide au début ; aime la musique.", "Déscolarisé depuis trois mois."]
        ),
        status=status,
        decided_by=manager if status != ReferralStatus.PENDING else None,
        decided_at=timezone.now() if status != ReferralStatus.PENDING else None,
        decision_reason="Le groupe est complet ; proposé pour le prochain stage."
        if status == ReferralStatus.REFUSED
        else "",
        tracking_token=get_random_string(40),
    )


def seed(centres: list[Centre]) -> dict[str, Any]:
    paris = next((c for c in centres if c.slug == "paris"), None)
    if paris is None:
        return {}
    rng = random.Random("internships")
    manager = User.objects.filter(username="manager").first()
    today = timezone.localdate(timezone=paris.zone)
    past = Internship.objects.create(
        centre=paris,
        title="Podcast « Mon quartier, ma voix »",
        theme="Raconter son quartier en sons et en voix",
        project_kind=ProjectKind.PODCAST,
        starts_on=today - dt.timedelta(days=38),
        days=4,
        capacity=10,
        lead=manager,
        presentation="Dernier jour, 17 h, salle de projection",
        referral_key=get_random_string(20).lower(),
        referrals_open=False,
    )
    refs = [
        _referral(
            past, rng, n, ReferralStatus.ACCEPTED if n < 8 else ReferralStatus.REFUSED, manager
        )
        for n in range(10)
    ]
    accepted = [r for r in refs if r.status == ReferralStatus.ACCEPTED]
    for number in range(1, 5):
        day = Day.objects.create(
            internship=past, number=number, log=LOGS[number - 1], taken_at=timezone.now()
        )
        day.present.set(
            [
                r
                for k, r in enumerate(accepted)
                if not (number > 1 and k == 7) and not (number == 3 and k == 5)
            ]
        )
    for r, outcome in zip(
        accepted[:3],
        (FollowUp.REGULAR_PROGRAMME, FollowUp.BACK_TO_SCHOOL, FollowUp.NO_NEWS),
        strict=True,
    ):
        r.follow_up, r.followed_up_at = outcome, timezone.now()
        r.save(update_fields=["follow_up", "followed_up_at"])
    coming = Internship.objects.create(
        centre=paris,
        title="Jeu de plateforme « Ma ville en pixels »",
        theme="Imaginer et programmer un jeu qui se passe dans sa ville",
        project_kind=ProjectKind.PLATFORM_GAME,
        starts_on=today + dt.timedelta(days=18),
        days=4,
        capacity=10,
        lead=manager,
        presentation="Dernier jour, 16 h, hall du centre",
        referral_key="hiver-demo",
    )
    statuses = (
        [ReferralStatus.ACCEPTED] * 3 + [ReferralStatus.PENDING] * 4 + [ReferralStatus.REFUSED]
    )
    for n, status in enumerate(statuses):
        _referral(coming, rng, n + 3, status, manager)
    return {"internships": 2, "referrals": len(refs) + len(statuses)}
