"""Fictional next-step training offers for the demo database (several hundred CSV rows).

The demo must look like a real catalogue without ever stating anything false about a real
school, so every row is a programme *template* (a kind of diploma in a field: "BTS Métiers de
l'audiovisuel option montage", "Doctorat en informatique graphique"...) offered by an
invented provider in a real French or Belgian city. Provider names are either whimsical
inventions ("École Atelier Lumière — Lyon", "Académie des Pixels — Namur") or carry an
explicit marker ("Université de Lille (fictive)", "IUT de Rennes (fictif)"); links point to
``example.org``. Diploma names (BTS, BUT, CAP, bachelier...) are the real national ones, as a
real catalogue would show them.

:func:`demo_offer_rows` returns rows keyed by the catalogue's CSV columns, all values strings
("" when empty), deterministic for a given :class:`random.Random`. Application dates are left
empty: the caller sets them. Stdlib only (no Django), so the demo builder and tests can use it
anywhere.
"""

from __future__ import annotations

import random
import re
import unicodedata
from dataclasses import dataclass

COLUMNS: tuple[str, ...] = (
    "id",
    "title",
    "provider",
    "place",
    "region",
    "mode",
    "duration",
    "level",
    "rncp_level",
    "eqf_level",
    "prerequisites",
    "certification",
    "cost",
    "cost_eur",
    "funding",
    "target_jobs",
    "focus_areas",
    "competencies",
    "ai_tools",
    "ai_technical",
    "ai_creative",
    "ai_fundamentals",
    "ai_transverse",
    "ai_hybridisation",
    "ai_integration",
    "age_min",
    "age_max",
    "application_opens",
    "application_closes",
    "url",
    "description",
)
AI_COLUMNS: tuple[str, ...] = (
    "ai_technical",
    "ai_creative",
    "ai_fundamentals",
    "ai_transverse",
    "ai_hybridisation",
    "ai_integration",
)


# ---------------------------------------------------------------------------------- places
@dataclass(frozen=True)
class _City:
    name: str
    region: str
    country: str  # "FR" or "BE"
    weight: int


# Real cities, consistent with their region code; Paris/Île-de-France and Liège/Wallonia
# weigh more, as the two centres the demo is modelled on.
CITIES: tuple[_City, ...] = (
    _City("Paris", "IDF", "FR", 14),
    _City("Saint-Denis", "IDF", "FR", 3),
    _City("Montreuil", "IDF", "FR", 3),
    _City("Boulogne-Billancourt", "IDF", "FR", 2),
    _City("Créteil", "IDF", "FR", 2),
    _City("Nanterre", "IDF", "FR", 2),
    _City("Cergy", "IDF", "FR", 2),
    _City("Évry-Courcouronnes", "IDF", "FR", 2),
    _City("Versailles", "IDF", "FR", 2),
    _City("Lyon", "ARA", "FR", 3),
    _City("Grenoble", "ARA", "FR", 1),
    _City("Annecy", "ARA", "FR", 2),
    _City("Clermont-Ferrand", "ARA", "FR", 1),
    _City("Lille", "HDF", "FR", 3),
    _City("Roubaix", "HDF", "FR", 1),
    _City("Valenciennes", "HDF", "FR", 1),
    _City("Amiens", "HDF", "FR", 1),
    _City("Bordeaux", "NAQ", "FR", 2),
    _City("Angoulême", "NAQ", "FR", 2),
    _City("Poitiers", "NAQ", "FR", 1),
    _City("Toulouse", "OCC", "FR", 2),
    _City("Montpellier", "OCC", "FR", 2),
    _City("Marseille", "PAC", "FR", 2),
    _City("Nice", "PAC", "FR", 1),
    _City("Rennes", "BRE", "FR", 2),
    _City("Nantes", "PDL", "FR", 2),
    _City("Strasbourg", "GES", "FR", 2),
    _City("Nancy", "GES", "FR", 1),
    _City("Rouen", "NOR", "FR", 1),
    _City("Caen", "NOR", "FR", 1),
    _City("Tours", "CVL", "FR", 1),
    _City("Dijon", "BFC", "FR", 1),
    _City("Ajaccio", "COR", "FR", 1),
    _City("Fort-de-France", "MTQ", "FR", 1),
    _City("Pointe-à-Pitre", "GUA", "FR", 1),
    _City("Saint-Pierre", "LRE", "FR", 1),
    _City("Liège", "WAL", "BE", 12),
    _City("Seraing", "WAL", "BE", 2),
    _City("Verviers", "WAL", "BE", 2),
    _City("Huy", "WAL", "BE", 1),
    _City("Namur", "WAL", "BE", 3),
    _City("Charleroi", "WAL", "BE", 3),
    _City("Mons", "WAL", "BE", 2),
    _City("Louvain-la-Neuve", "WAL", "BE", 2),
    _City("Bruxelles", "BRU", "BE", 5),
    _City("Gand", "VLG", "BE", 1),
    _City("Anvers", "VLG", "BE", 1),
)

# Provider families: patterns per country; every name is invented or marked as fictional.
PROVIDERS: dict[str, dict[str, tuple[str, ...]]] = {
    "youth": {
        "FR": (
            "Maison des Jeunes Créateurs de {city}",
            "Atelier Numérique Jeunesse de {city}",
            "Association Code & Couleurs — {city}",
            "Fabrique à Projets Ados — {city}",
        ),
        "BE": (
            "Maison des Jeunes Créateurs de {city}",
            "Atelier Numérique Jeunesse de {city}",
            "ASBL Code & Couleurs — {city}",
        ),
    },
    "lycee": {
        "FR": (
            "Lycée des Arts-Image de {city}",
            "Lycée polyvalent Horizon-Numérique de {city} (fictif)",
            "Lycée professionnel des Métiers de l'Image de {city} (fictif)",
        ),
    },
    "cfa": {
        "FR": (
            "CFA des Industries Créatives de {city} (fictif)",
            "Campus numérique de {city}",
        ),
    },
    "esaa": {
        "FR": ("École supérieure d'arts appliqués Horizon de {city} (fictive)",),
    },
    "school": {
        "FR": (
            "École Atelier Lumière — {city}",
            "Académie des Pixels — {city}",
            "Institut Horizon Créatif — {city}",
            "École Pixel & Plume — {city}",
            "Fabrique des Images — {city}",
            "Studio-école Onde Claire — {city}",
            "École du Récit Animé — {city}",
        ),
        "BE": (
            "École Atelier Lumière — {city}",
            "Académie des Pixels — {city}",
            "Studio-école Onde Claire — {city}",
            "Fabrique des Images — {city}",
        ),
    },
    "university": {
        "FR": ("Université de {city} (fictive)",),
        "BE": ("Université de {city} (fictive)",),
    },
    "iut": {
        "FR": ("IUT de {city} (fictif)",),
    },
    "he": {
        "BE": (
            "Haute École Horizon de {city} (fictive)",
            "École supérieure des arts Lumen — {city}",
        ),
    },
    "training": {
        "FR": (
            "Organisme Formations Prisme — {city}",
            "Collectif Code & Cie — {city}",
            "Centre de formation Nouvelles Images — {city}",
            "Campus numérique de {city}",
        ),
        "BE": (
            "Organisme Formations Prisme — {city}",
            "Collectif Code & Cie — {city}",
            "Centre de formation Nouvelles Images — {city}",
        ),
    },
}
# Families whose paid fees are public, regulated ones (as opposed to a private school's).
_PUBLIC_FAMILIES = frozenset({"university", "iut", "he", "lycee", "esaa"})


# ------------------------------------------------------------------------------- templates
@dataclass(frozen=True)
class _Template:
    title: str
    level: str
    rncp: int | None
    eqf: int | None
    duration: str
    prerequisites: str
    certification: str
    countries: tuple[str, ...]
    families: tuple[str, ...]
    modes: tuple[str, ...]  # the first one is used when the template is first drawn
    costs: tuple[str, ...]  # cost kinds when not in work-study (work-study is always funded)
    fee: tuple[int, int]  # yearly range of a private fee, in euros
    focus: tuple[str, ...]
    competencies: tuple[str, ...]
    ai: tuple[int, int, int, int, int, int]
    ai_tools: tuple[str, ...]
    ages: tuple[int, int | None]
    jobs: str
    blurb: str
    weight: int = 2
    certification_be: str = ""


_NO_AI = (0, 0, 0, 0, 0, 0)

TEMPLATES: tuple[_Template, ...] = (
    _Template(
        title="Stage de découverte 3e : jeu vidéo",
        level="bac-3",
        rncp=None,
        eqf=None,
        duration="5 jours",
        prerequisites="Être en classe de 3e ; convention de stage signée par le collège",
        certification="Attestation de stage d'observation",
        countries=("FR",),
        families=("youth", "school", "training"),
        modes=("in_person",),
        costs=("free",),
        fee=(0, 0),
        focus=("video-games", "programming"),
        competencies=("game-design", "game-code", "game-test", "prog-logic"),
        ai=_NO_AI,
        ai_tools=(),
        ages=(13, 15),
        jobs="Découverte : game designer ; programmeur·se ; game artist ; testeur·se",
        blurb=(
            "Une semaine d'observation pour voir comment naît un jeu vidéo : rencontres avec "
            "l'équipe, mini-atelier de game design et premier prototype jouable."
        ),
        weight=3,
    ),
    _Template(
        title="Stage de découverte 3e : cinéma d'animation",
        level="bac-3",
        rncp=None,
        eqf=None,
        duration="5 jours",
        prerequisites="Être en classe de 3e ; convention de stage signée par le collège",
        certification="Attestation de stage d'observation",
        countries=("FR",),
        families=("youth", "school"),
        modes=("in_person",),
        costs=("free",),
        fee=(0, 0),
        focus=("animation", "drawing"),
        competencies=("anim-principles", "anim-drawing", "anim-story", "draw-storytelling"),
        ai=_NO_AI,
        ai_tools=(),
        ages=(13, 15),
        jobs="Découverte : animateur·rice ; storyboarder ; décorateur·rice",
        blurb=(
            "Cinq jours dans les coulisses d'un film d'animation : storyboard, essais "
            "d'animation image par image et échanges avec des professionnel·les."
        ),
        weight=3,
    ),
    _Template(
        title="Atelier du mercredi : stop motion et animation 2D",
        level="bac-3",
        rncp=None,
        eqf=None,
        duration="30 séances de 2 heures",
        prerequisites="Aucun ; groupes de 10 à 12 jeunes",
        certification="Aucune",
        countries=("FR", "BE"),
        families=("youth",),
        modes=("in_person",),
        costs=("free", "paid"),
        fee=(60, 250),
        focus=("animation", "drawing", "filmmaking"),
        competencies=("anim-principles", "anim-timing", "anim-tools", "film-shooting"),
        ai=_NO_AI,
        ai_tools=(),
        ages=(12, 15),
        jobs="Découverte : animateur·rice ; réalisateur·rice ; monteur·se",
        blurb=(
            "Un atelier à l'année pour réaliser en groupe un court film en pâte à modeler, "
            "papier découpé ou dessin animé, du scénario à la projection."
        ),
    ),
    _Template(
        title="Stage vacances : musique assistée par ordinateur",
        level="bac-3",
        rncp=None,
        eqf=None,
        duration="4 jours",
        prerequisites="Aucun ; casque fourni",
        certification="Aucune",
        countries=("FR", "BE"),
        families=("youth", "school"),
        modes=("in_person",),
        costs=("free", "paid"),
        fee=(80, 300),
        focus=("music",),
        competencies=("music-rhythm", "music-harmony", "music-arrangement", "music-mixing"),
        ai=_NO_AI,
        ai_tools=(),
        ages=(12, 16),
        jobs="Découverte : compositeur·rice ; beatmaker ; ingénieur·e du son",
        blurb=(
            "Quatre jours pour composer un morceau sur ordinateur : rythmes, accords, "
            "arrangement et mixage, avec une écoute collective le dernier jour."
        ),
    ),
    _Template(
        title="Atelier robotique et électronique créative",
        level="bac-3",
        rncp=None,
        eqf=None,
        duration="10 séances de 2 heures",
        prerequisites="Aucun",
        certification="Aucune",
        countries=("FR", "BE"),
        families=("youth", "training"),
        modes=("in_person",),
        costs=("free", "paid"),
        fee=(50, 200),
        focus=("robotics", "programming"),
        competencies=(
            "robo-electronics",
            "robo-programming",
            "robo-sensors",
            "robo-mechanics",
            "robo-behaviour",
        ),
        ai=_NO_AI,
        ai_tools=(),
        ages=(12, 15),
        jobs="Découverte : roboticien·ne ; électronicien·ne ; développeur·se embarqué",
        blurb=(
            "On câble, on programme et on fait réagir de petits robots à leur environnement "
            "grâce à des capteurs, en finissant par un défi entre équipes."
        ),
    ),
    _Template(
        title="CAP Signalétique et décors graphiques",
        level="bac-2",
        rncp=3,
        eqf=3,
        duration="2 ans après la 3e",
        prerequisites="Classe de 3e ; affectation par la procédure d'orientation",
        certification="Certificat d'aptitude professionnelle, RNCP niveau 3",
        countries=("FR",),
        families=("lycee", "cfa"),
        modes=("in_person", "work_study"),
        costs=("free",),
        fee=(0, 0),
        focus=("graphic-design", "drawing"),
        competencies=("gfx-compo", "gfx-type", "gfx-tools", "draw-perspective"),
        ai=_NO_AI,
        ai_tools=(),
        ages=(15, None),
        jobs="Signaléticien·ne ; Décorateur·rice graphique ; Poseur·se d'enseignes",
        blurb=(
            "Deux ans pour apprendre à concevoir, imprimer, découper et poser enseignes, "
            "panneaux et décors adhésifs, avec des périodes en entreprise."
        ),
    ),
    _Template(
        title="Bac pro Artisanat et métiers d'art, option communication visuelle plurimédia",
        level="bac",
        rncp=4,
        eqf=4,
        duration="3 ans après la 3e",
        prerequisites="Classe de 3e ; intérêt pour le dessin et le graphisme",
        certification="Baccalauréat professionnel, RNCP niveau 4",
        countries=("FR",),
        families=("lycee",),
        modes=("in_person",),
        costs=("free",),
        fee=(0, 0),
        focus=("graphic-design", "drawing", "photography"),
        competencies=("gfx-compo", "gfx-type", "gfx-color", "gfx-tools", "photo-editing"),
        ai=_NO_AI,
        ai_tools=(),
        ages=(15, None),
        jobs="Graphiste exécutant·e ; Infographiste ; Maquettiste",
        blurb=(
            "Mise en page, typographie, retouche d'images et création de supports imprimés et "
            "numériques, avec seize à vingt-deux semaines de stage sur trois ans."
        ),
    ),
    _Template(
        title="Bac pro CIEL (cybersécurité, informatique et réseaux, électronique)",
        level="bac",
        rncp=4,
        eqf=4,
        duration="3 ans après la 3e",
        prerequisites="Classe de 3e",
        certification="Baccalauréat professionnel, RNCP niveau 4",
        countries=("FR",),
        families=("lycee", "cfa"),
        modes=("in_person", "work_study"),
        costs=("free",),
        fee=(0, 0),
        focus=("robotics", "programming"),
        competencies=("robo-electronics", "robo-programming", "prog-logic", "prog-debug"),
        ai=(0, 0, 1, 1, 0, 0),
        ai_tools=(),
        ages=(15, None),
        jobs="Technicien·ne réseaux ; Technicien·ne cybersécurité ; Technicien·ne électronique",
        blurb=(
            "Réseaux, cybersécurité et électronique : on installe, on programme et on sécurise "
            "des systèmes numériques, en lycée et en entreprise."
        ),
    ),
    _Template(
        title="École d'été IA pour lycéennes",
        level="bac-1",
        rncp=None,
        eqf=None,
        duration="5 jours",
        prerequisites="Être lycéenne ; candidature avec l'appui d'un·e enseignant·e",
        certification="Attestation de participation",
        countries=("FR", "BE"),
        families=("university", "training"),
        modes=("in_person",),
        costs=("free",),
        fee=(0, 0),
        focus=("generative-ai", "programming"),
        competencies=("genai-fundamentals", "genai-ethics", "genai-critical", "prog-logic"),
        ai=(1, 1, 1, 1, 0, 0),
        ai_tools=("Teachable Machine, Scratch", "Python, notebooks en ligne"),
        ages=(15, 18),
        jobs="Découverte : data scientist ; ingénieure IA ; chercheuse",
        blurb=(
            "Une semaine entre filles pour comprendre comment apprennent les machines, "
            "entraîner un petit modèle et rencontrer des femmes qui font l'IA."
        ),
    ),
    _Template(
        title="Classe préparatoire aux écoles d'art et d'animation",
        level="bac+1",
        rncp=None,
        eqf=None,
        duration="1 an",
        prerequisites="Baccalauréat ; dossier de travaux personnels et entretien",
        certification="Certificat d'école (année non diplômante)",
        countries=("FR", "BE"),
        families=("school",),
        modes=("in_person",),
        costs=("paid",),
        fee=(4000, 7500),
        focus=("drawing", "animation", "graphic-design"),
        competencies=(
            "draw-observation",
            "draw-perspective",
            "draw-value",
            "anim-drawing",
            "gfx-compo",
        ),
        ai=_NO_AI,
        ai_tools=(),
        ages=(17, None),
        jobs="Poursuites : écoles d'animation, de jeu vidéo, de design graphique",
        blurb=(
            "Une année intensive de dessin, couleur, volume et culture artistique pour "
            "constituer un dossier et préparer les concours des écoles d'art."
        ),
    ),
    _Template(
        title="BTS Métiers de l'audiovisuel option montage et post-production",
        level="bac+2",
        rncp=5,
        eqf=5,
        duration="2 ans",
        prerequisites="Baccalauréat ; dossier sur Parcoursup",
        certification="Brevet de technicien supérieur, RNCP niveau 5",
        countries=("FR",),
        families=("lycee", "cfa"),
        modes=("in_person", "work_study"),
        costs=("free",),
        fee=(0, 0),
        focus=("filmmaking", "motion-graphics"),
        competencies=("film-editing", "film-post", "film-language", "motion-compositing"),
        ai=(1, 0, 1, 1, 1, 0),
        ai_tools=("Outils d'IA intégrés aux logiciels de montage",),
        ages=(17, None),
        jobs="Monteur·se ; Assistant·e monteur·se ; Étalonneur·se ; Technicien·ne post-production",
        blurb=(
            "Deux ans pour maîtriser le montage image et son, l'étalonnage et la finalisation "
            "des films, avec des stages en société de production."
        ),
        weight=3,
    ),
    _Template(
        title="BTS Services informatiques aux organisations option SLAM",
        level="bac+2",
        rncp=5,
        eqf=5,
        duration="2 ans",
        prerequisites="Baccalauréat ; dossier sur Parcoursup",
        certification="Brevet de technicien supérieur, RNCP niveau 5",
        countries=("FR",),
        families=("lycee", "cfa"),
        modes=("in_person", "work_study"),
        costs=("free",),
        fee=(0, 0),
        focus=("programming",),
        competencies=("prog-logic", "prog-data", "prog-structure", "prog-debug"),
        ai=(1, 0, 1, 0, 0, 0),
        ai_tools=(),
        ages=(17, None),
        jobs="Développeur·se d'applications ; Analyste programmeur·se ; Technicien·ne d'études",
        blurb=(
            "Concevoir, coder, tester et maintenir des applications pour les entreprises, avec "
            "des projets en équipe et des stages."
        ),
    ),
    _Template(
        title="BUT Métiers du multimédia et de l'internet (MMI)",
        level="bac+3",
        rncp=6,
        eqf=6,
        duration="3 ans",
        prerequisites="Baccalauréat ; dossier sur Parcoursup",
        certification="Diplôme national (BUT), RNCP niveau 6",
        countries=("FR",),
        families=("iut",),
        modes=("in_person", "work_study"),
        costs=("paid",),
        fee=(0, 0),
        focus=("programming", "graphic-design", "motion-graphics", "filmmaking"),
        competencies=(
            "prog-logic",
            "prog-structure",
            "gfx-compo",
            "gfx-tools",
            "motion-design",
            "film-editing",
        ),
        ai=(1, 1, 1, 1, 0, 0),
        ai_tools=(),
        ages=(17, None),
        jobs="Développeur·se web ; Designer UX/UI ; Chargé·e de communication numérique",
        blurb=(
            "Un diplôme polyvalent entre développement web, design, audiovisuel et "
            "communication, rythmé par des projets tutorés et des stages."
        ),
        weight=3,
    ),
    _Template(
        title="DN MADe mention animation",
        level="bac+3",
        rncp=6,
        eqf=6,
        duration="3 ans",
        prerequisites="Baccalauréat ; dossier et entretien sur Parcoursup",
        certification="Diplôme national conférant le grade de licence, RNCP niveau 6",
        countries=("FR",),
        families=("esaa", "lycee"),
        modes=("in_person",),
        costs=("free",),
        fee=(0, 0),
        focus=("animation", "drawing", "motion-graphics"),
        competencies=("anim-principles", "anim-timing", "anim-story", "draw-storytelling"),
        ai=_NO_AI,
        ai_tools=(),
        ages=(17, None),
        jobs="Animateur·rice 2D ; Storyboarder ; Motion designer ; Illustrateur·rice",
        blurb=(
            "Trois ans d'atelier pour apprendre les principes de l'animation, l'écriture en "
            "images et la fabrication de courts films, dans une école publique."
        ),
    ),
    _Template(
        title="Bachelor cinéma d'animation 3D",
        level="bac+3",
        rncp=6,
        eqf=6,
        duration="3 ans",
        prerequisites="Baccalauréat ; concours (dossier artistique et entretien)",
        certification="Titre RNCP niveau 6",
        certification_be="Certificat d'école",
        countries=("FR", "BE"),
        families=("school",),
        modes=("in_person",),
        costs=("paid",),
        fee=(6500, 10500),
        focus=("animation", "3d-modelling"),
        competencies=(
            "anim-principles",
            "anim-timing",
            "anim-tools",
            "mod3d-modelling",
            "mod3d-lighting",
        ),
        ai=(1, 1, 1, 1, 1, 0),
        ai_tools=(),
        ages=(17, None),
        jobs="Animateur·rice 3D ; Modeleur·se ; Lighting artist ; Layout artist",
        blurb=(
            "Modélisation, rig, animation et rendu : trois ans de projets en équipe jusqu'à un "
            "court métrage 3D présenté à un jury de studios."
        ),
        weight=4,
    ),
    _Template(
        title="Bachelor game design et programmation",
        level="bac+3",
        rncp=6,
        eqf=6,
        duration="3 ans",
        prerequisites="Baccalauréat ; tests de logique et entretien",
        certification="Titre RNCP niveau 6",
        certification_be="Certificat d'école",
        countries=("FR", "BE"),
        families=("school",),
        modes=("in_person", "work_study"),
        costs=("paid",),
        fee=(6000, 9500),
        focus=("video-games", "programming"),
        competencies=("game-design", "game-code", "game-level", "game-test", "prog-structure"),
        ai=(2, 1, 1, 1, 1, 1),
        ai_tools=("Unity, Unreal Engine (outils d'IA intégrés)", "Godot, assistants de code"),
        ages=(17, None),
        jobs="Game designer ; Programmeur·se gameplay ; Level designer ; Testeur·se QA",
        blurb=(
            "Imaginer des mécaniques de jeu et les programmer soi-même dans un moteur, en "
            "prototypant un nouveau jeu à chaque semestre."
        ),
        weight=4,
    ),
    _Template(
        title="Bachelier en techniques infographiques",
        level="bac+3",
        rncp=None,
        eqf=6,
        duration="3 ans (180 crédits)",
        prerequisites="CESS ou équivalent",
        certification="",
        certification_be="Bachelier (grade académique), CEC niveau 6",
        countries=("BE",),
        families=("he",),
        modes=("in_person",),
        costs=("paid",),
        fee=(0, 0),
        focus=("3d-modelling", "motion-graphics", "video-games"),
        competencies=(
            "mod3d-modelling",
            "mod3d-materials",
            "motion-design",
            "game-art",
            "gfx-tools",
        ),
        ai=(1, 1, 1, 1, 0, 0),
        ai_tools=(),
        ages=(17, None),
        jobs="Infographiste 3D ; Motion designer ; Game artist ; Webdesigner",
        blurb=(
            "Image 3D, animation, web et jeu vidéo : une formation de haute école très "
            "pratique, terminée par un stage et un projet de fin d'études."
        ),
        weight=4,
    ),
    _Template(
        title="Bachelier en cinéma d'animation",
        level="bac+3",
        rncp=None,
        eqf=6,
        duration="3 ans (180 crédits)",
        prerequisites="CESS ou équivalent ; épreuve d'admission",
        certification="",
        certification_be="Bachelier (grade académique), CEC niveau 6",
        countries=("BE",),
        families=("he",),
        modes=("in_person",),
        costs=("paid",),
        fee=(0, 0),
        focus=("animation", "drawing", "filmmaking"),
        competencies=("anim-principles", "anim-drawing", "anim-story", "film-language"),
        ai=_NO_AI,
        ai_tools=(),
        ages=(17, None),
        jobs="Réalisateur·rice de films d'animation ; Animateur·rice ; Storyboarder",
        blurb=(
            "Un atelier d'école d'art où l'on explore toutes les techniques d'animation pour "
            "réaliser chaque année un film personnel."
        ),
        weight=3,
    ),
    _Template(
        title="Alternance : concepteur·rice motion designer",
        level="bac+3",
        rncp=6,
        eqf=6,
        duration="1 an",
        prerequisites="Bac+2 en design graphique ou audiovisuel ; contrat d'apprentissage",
        certification="Titre RNCP niveau 6",
        countries=("FR",),
        families=("cfa", "school"),
        modes=("work_study",),
        costs=("funded",),
        fee=(0, 0),
        focus=("motion-graphics", "graphic-design"),
        competencies=(
            "motion-timing",
            "motion-type",
            "motion-design",
            "motion-compositing",
            "motion-production",
        ),
        ai=(2, 1, 1, 1, 2, 1),
        ai_tools=("After Effects (fonctions d'IA), Firefly",),
        ages=(18, 29),
        jobs="Motion designer ; Graphiste animation ; Habilleur·se d'antenne",
        blurb=(
            "Une année en alternance pour concevoir et animer des habillages, génériques et "
            "vidéos de marque, en agence et à l'école."
        ),
    ),
    _Template(
        title="Bachelor photographie et image",
        level="bac+3",
        rncp=6,
        eqf=6,
        duration="3 ans",
        prerequisites="Baccalauréat ; portfolio et entretien",
        certification="Titre RNCP niveau 6",
        certification_be="Certificat d'école",
        countries=("FR", "BE"),
        families=("school",),
        modes=("in_person",),
        costs=("paid",),
        fee=(5500, 8500),
        focus=("photography",),
        competencies=(
            "photo-framing",
            "photo-light",
            "photo-editing",
            "photo-storytelling",
            "photo-ethics",
        ),
        ai=(1, 1, 1, 2, 1, 0),
        ai_tools=(),
        ages=(17, None),
        jobs="Photographe ; Retoucheur·se ; Assistant·e photo ; Iconographe",
        blurb=(
            "Studio, reportage et retouche : trois ans pour construire un regard et un "
            "portfolio, avec une réflexion sur l'image générée et le droit à l'image."
        ),
    ),
    _Template(
        title="Master 1 réalisation documentaire",
        level="bac+4",
        rncp=6,
        eqf=6,
        duration="1 an",
        prerequisites="Licence (bac+3) ; dossier de projet et entretien",
        certification="Master 1 validé (60 crédits), RNCP niveau 6",
        countries=("FR",),
        families=("university",),
        modes=("in_person",),
        costs=("paid",),
        fee=(0, 0),
        focus=("filmmaking",),
        competencies=("film-writing", "film-shooting", "film-editing", "film-language"),
        ai=(0, 1, 1, 1, 0, 0),
        ai_tools=(),
        ages=(20, None),
        jobs="Réalisateur·rice ; Assistant·e réalisation ; Chargé·e de développement",
        blurb=(
            "Une année pour écrire, tourner et monter un premier documentaire, entre cours "
            "d'analyse filmique et ateliers de fabrication."
        ),
    ),
    _Template(
        title="Master design interactif",
        level="bac+5",
        rncp=7,
        eqf=7,
        duration="2 ans",
        prerequisites="Bac+3 en design, multimédia ou informatique ; portfolio",
        certification="Diplôme de master, RNCP niveau 7",
        certification_be="Master (grade académique), CEC niveau 7",
        countries=("FR", "BE"),
        families=("university", "school"),
        modes=("in_person", "work_study", "hybrid"),
        costs=("paid",),
        fee=(7000, 11000),
        focus=("graphic-design", "programming", "motion-graphics"),
        competencies=("gfx-identity", "gfx-compo", "prog-creative", "motion-design"),
        ai=(2, 2, 1, 2, 2, 1),
        ai_tools=("Figma (fonctions d'IA), prototypage assisté", "Outils génératifs d'interface"),
        ages=(20, None),
        jobs="Designer UX/UI ; Designer d'interaction ; Creative technologist",
        blurb=(
            "Concevoir des interfaces, des installations et des services numériques en partant "
            "des usages, avec des projets commandés par des partenaires."
        ),
        weight=3,
    ),
    _Template(
        title="Master informatique parcours intelligence artificielle",
        level="bac+5",
        rncp=7,
        eqf=7,
        duration="2 ans",
        prerequisites="Licence d'informatique ou de mathématiques appliquées",
        certification="Diplôme national de master, RNCP niveau 7",
        certification_be="Master (grade académique), CEC niveau 7",
        countries=("FR", "BE"),
        families=("university",),
        modes=("in_person", "work_study", "distance"),
        costs=("paid",),
        fee=(0, 0),
        focus=("programming", "generative-ai"),
        competencies=("prog-data", "prog-structure", "genai-fundamentals", "genai-ethics"),
        ai=(3, 0, 3, 2, 1, 2),
        ai_tools=("PyTorch, scikit-learn", "PyTorch, bibliothèques de modèles ouverts"),
        ages=(20, None),
        jobs="Ingénieur·e machine learning ; Data scientist ; Chercheur·se en IA",
        blurb=(
            "Apprentissage automatique, réseaux de neurones, traitement du langage et des "
            "images, avec un module sur le cadre juridique et l'éthique de l'IA."
        ),
        weight=3,
    ),
    _Template(
        title="Mastère direction artistique et IA générative",
        level="bac+5",
        rncp=7,
        eqf=7,
        duration="2 ans",
        prerequisites="Bac+3 en design, image ou audiovisuel ; portfolio",
        certification="Titre RNCP niveau 7",
        countries=("FR",),
        families=("school",),
        modes=("in_person", "work_study"),
        costs=("paid",),
        fee=(7500, 11500),
        focus=("generative-ai", "graphic-design", "filmmaking"),
        competencies=(
            "genai-tools",
            "genai-practice",
            "genai-critical",
            "genai-ethics",
            "gfx-identity",
        ),
        ai=(3, 3, 2, 2, 3, 2),
        ai_tools=(
            "Midjourney, Runway, ComfyUI",
            "Stable Diffusion, ComfyUI, Firefly",
            "Firefly, Runway, Suno",
        ),
        ages=(20, None),
        jobs="Directeur·rice artistique ; Creative technologist ; Chef·fe de projet IA créative",
        blurb=(
            "Piloter des projets visuels où l'IA générative s'ajoute aux savoir-faire "
            "classiques, du moodboard au film, en gardant un regard critique et juridique."
        ),
    ),
    _Template(
        title="Mastère spécialisé production virtuelle et temps réel",
        level="bac+6",
        rncp=7,
        eqf=7,
        duration="1 an",
        prerequisites="Bac+5, ou bac+4 avec expérience professionnelle",
        certification="Titre RNCP niveau 7",
        countries=("FR",),
        families=("school", "university"),
        modes=("in_person", "hybrid"),
        costs=("paid",),
        fee=(8000, 14000),
        focus=("3d-modelling", "filmmaking", "programming"),
        competencies=("mod3d-lighting", "mod3d-materials", "film-shooting", "prog-creative"),
        ai=(2, 1, 2, 1, 3, 2),
        ai_tools=("Unreal Engine, outils d'IA pour décors et capture",),
        ages=(22, None),
        jobs="Superviseur·e de production virtuelle ; Technical Director ; Artiste temps réel",
        blurb=(
            "Tournage sur plateau LED, moteurs temps réel et capture de mouvement : une année "
            "de spécialisation pour des profils déjà formés à l'image ou au code."
        ),
    ),
    _Template(
        title="Doctorat en informatique graphique",
        level="bac+8",
        rncp=8,
        eqf=8,
        duration="3 ans",
        prerequisites="Master (bac+5) ; sujet de thèse et direction dans un laboratoire",
        certification="Diplôme national de doctorat, RNCP niveau 8",
        certification_be="Doctorat (grade académique), CEC niveau 8",
        countries=("FR", "BE"),
        families=("university",),
        modes=("in_person",),
        costs=("paid",),
        fee=(0, 0),
        focus=("programming", "3d-modelling", "generative-ai"),
        competencies=("prog-data", "prog-structure", "mod3d-lighting", "genai-fundamentals"),
        ai=(3, 1, 3, 1, 2, 1),
        ai_tools=(),
        ages=(22, None),
        jobs="Chercheur·se ; Ingénieur·e R&D en rendu ; Enseignant·e-chercheur·se",
        blurb=(
            "Trois ans de recherche sur le rendu, la simulation ou la génération d'images, au "
            "sein d'un laboratoire et souvent en lien avec un studio."
        ),
        weight=1,
    ),
    _Template(
        title="Doctorat arts et technologies de l'image (recherche-création)",
        level="bac+8",
        rncp=8,
        eqf=8,
        duration="3 à 4 ans",
        prerequisites="Master (bac+5) en arts, image ou informatique ; projet de recherche",
        certification="Diplôme national de doctorat, RNCP niveau 8",
        certification_be="Doctorat (grade académique), CEC niveau 8",
        countries=("FR", "BE"),
        families=("university",),
        modes=("in_person",),
        costs=("paid",),
        fee=(0, 0),
        focus=("animation", "3d-modelling", "generative-ai"),
        competencies=("anim-story", "mod3d-modelling", "genai-critical", "genai-ethics"),
        ai=(2, 3, 2, 2, 2, 1),
        ai_tools=(),
        ages=(22, None),
        jobs="Artiste-chercheur·se ; Enseignant·e-chercheur·se ; Directeur·rice de laboratoire",
        blurb=(
            "Une thèse où l'œuvre fait partie de la recherche : installations, films ou jeux "
            "expérimentaux accompagnés d'un travail théorique."
        ),
        weight=1,
    ),
    _Template(
        title="Formation courte IA générative pour créatifs",
        level="bac",
        rncp=None,
        eqf=None,
        duration="3 jours (21 heures)",
        prerequisites="Pratique d'un métier de l'image ou du son ; aisance avec l'ordinateur",
        certification="Attestation de formation",
        countries=("FR", "BE"),
        families=("training", "school", "university"),
        modes=("hybrid", "in_person", "distance"),
        costs=("paid", "funded"),
        fee=(600, 2400),
        focus=("generative-ai", "graphic-design"),
        competencies=("genai-tools", "genai-practice", "genai-critical", "genai-ethics"),
        ai=(2, 2, 1, 1, 2, 1),
        ai_tools=(
            "Midjourney, Firefly, ComfyUI",
            "Stable Diffusion, ComfyUI",
            "Runway, Firefly, ElevenLabs",
        ),
        ages=(18, None),
        jobs="Graphiste ; Illustrateur·rice ; Directeur·rice artistique ; Monteur·se",
        blurb=(
            "Trois jours pour générer et retoucher images et vidéos sur un cas concret de son "
            "métier, en comparant les outils et en abordant droits d'auteur et empreinte "
            "environnementale."
        ),
        weight=5,
    ),
    _Template(
        title="Formation courte : montage vidéo assisté par IA",
        level="bac",
        rncp=None,
        eqf=None,
        duration="5 jours (35 heures)",
        prerequisites="Pratique du montage sur un logiciel professionnel",
        certification="Attestation de formation",
        countries=("FR", "BE"),
        families=("training", "school"),
        modes=("in_person", "hybrid"),
        costs=("paid", "funded"),
        fee=(900, 2800),
        focus=("filmmaking", "generative-ai", "motion-graphics"),
        competencies=("film-editing", "film-post", "genai-tools", "genai-practice"),
        ai=(2, 1, 1, 1, 3, 2),
        ai_tools=(
            "DaVinci Resolve et Premiere Pro (fonctions d'IA), Descript",
            "Runway, outils de transcription automatique",
        ),
        ages=(18, None),
        jobs="Monteur·se ; Chargé·e de post-production ; Vidéaste",
        blurb=(
            "Intégrer dans un vrai flux de montage la transcription, le détourage, le "
            "nettoyage du son et les plans générés, en sachant quand ne pas s'en servir."
        ),
        weight=4,
    ),
    _Template(
        title="Formation en ligne : programmation créative pour débutants",
        level="bac",
        rncp=None,
        eqf=None,
        duration="10 semaines (3 heures par semaine)",
        prerequisites="Aucun",
        certification="Attestation de réussite",
        countries=("FR", "BE"),
        families=("training", "university"),
        modes=("distance",),
        costs=("free", "paid"),
        fee=(90, 450),
        focus=("programming", "motion-graphics"),
        competencies=("prog-logic", "prog-creative", "prog-debug", "motion-design"),
        ai=(1, 0, 1, 1, 0, 0),
        ai_tools=(),
        ages=(16, None),
        jobs="Découverte : creative coder ; développeur·se ; artiste numérique",
        blurb=(
            "Des exercices courts pour dessiner, animer et rendre interactifs des visuels avec "
            "du code, avec une correction par les pairs chaque semaine."
        ),
        weight=3,
    ),
    _Template(
        title="Titre professionnel développeur·se web et web mobile (formation intensive)",
        level="bac+2",
        rncp=5,
        eqf=5,
        duration="8 mois, dont 2 mois de stage",
        prerequisites="Aucun diplôme exigé ; tests de logique et entretien de motivation",
        certification="Titre professionnel, RNCP niveau 5",
        countries=("FR",),
        families=("training", "cfa"),
        modes=("in_person", "hybrid", "work_study"),
        costs=("funded", "free"),
        fee=(0, 0),
        focus=("programming",),
        competencies=("prog-logic", "prog-data", "prog-structure", "prog-debug"),
        ai=(2, 0, 1, 1, 1, 1),
        ai_tools=("Assistants de code",),
        ages=(18, None),
        jobs="Développeur·se web ; Intégrateur·rice ; Développeur·se mobile",
        blurb=(
            "Une reconversion intensive vers le développement web : front, back, bases de "
            "données et projet final réalisé en équipe."
        ),
        weight=3,
    ),
    _Template(
        title="Formation qualifiante développeur·se web (demandeurs d'emploi)",
        level="bac",
        rncp=None,
        eqf=None,
        duration="7 mois",
        prerequisites="Être demandeur·se d'emploi ; tests d'entrée",
        certification="",
        certification_be="Attestation de formation qualifiante",
        countries=("BE",),
        families=("training",),
        modes=("in_person", "hybrid"),
        costs=("free",),
        fee=(0, 0),
        focus=("programming",),
        competencies=("prog-logic", "prog-structure", "prog-debug"),
        ai=(1, 0, 1, 1, 0, 0),
        ai_tools=(),
        ages=(18, None),
        jobs="Développeur·se web junior ; Intégrateur·rice",
        blurb=(
            "Sept mois pour apprendre à construire des sites et applications web, en petits "
            "groupes et par projets, avec un accompagnement vers l'emploi."
        ),
        weight=3,
    ),
    _Template(
        title="Cours du soir : dessin d'observation et perspective",
        level="bac",
        rncp=None,
        eqf=None,
        duration="1 soirée par semaine pendant 30 semaines",
        prerequisites="Aucun",
        certification="Attestation de suivi",
        countries=("FR", "BE"),
        families=("school", "youth"),
        modes=("in_person",),
        costs=("paid",),
        fee=(150, 600),
        focus=("drawing",),
        competencies=("draw-observation", "draw-perspective", "draw-value"),
        ai=_NO_AI,
        ai_tools=(),
        ages=(16, None),
        jobs="Préparation aux écoles d'art ; pratique personnelle",
        blurb=(
            "Croquis d'après modèle vivant, perspective et valeurs : une pratique régulière "
            "pour progresser ou préparer un dossier d'admission."
        ),
    ),
)


# ----------------------------------------------------------------------------- row builder
_UNIVERSITY_FEES_FR = {"bac+3": 178, "bac+4": 254, "bac+5": 254, "bac+6": 254, "bac+8": 397}
_BELGIAN_FEE = 835

_MODE_SENTENCES = {
    "work_study": (
        "La formation se suit en alternance, entre les cours et une entreprise qui rémunère "
        "l'apprenti·e."
    ),
    "distance": "Les cours se suivent entièrement en ligne, avec des rendez-vous en visio.",
    "hybrid": "Les séances alternent présentiel et distanciel.",
}
_EXTRA_SENTENCES = (
    "Les groupes sont volontairement réduits pour un suivi individuel.",
    "Des professionnel·les du secteur interviennent tout au long du parcours.",
    "Un projet final est présenté devant un jury.",
    "Les candidatures sont étudiées sur dossier et entretien.",
    "Les travaux réalisés alimentent un portfolio.",
)


def _slug(text: str) -> str:
    bare = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", bare.lower()).strip("-")


def _cities_for(template: _Template) -> list[_City]:
    if template.countries == ("BE",):
        # French-language Belgian programmes: Wallonia and Brussels.
        return [c for c in CITIES if c.region in ("WAL", "BRU")]
    return [c for c in CITIES if c.country in template.countries]


def _cost(
    rng: random.Random, template: _Template, mode: str, family: str, country: str
) -> tuple[str, str, str]:
    """(cost kind, yearly euros, funding text)."""
    if mode == "work_study":
        if country == "BE":
            return "funded", "0", "Formation en alternance : frais pris en charge, rémunération"
        return (
            "funded",
            "0",
            "Apprentissage : frais pris en charge par l'OPCO, l'apprenti·e est rémunéré·e",
        )
    kind = rng.choice(template.costs)
    if kind == "free":
        if family == "youth":
            return "free", "0", "Gratuit, financé par la ville et des partenaires"
        if country == "BE":
            return "free", "0", "Gratuit"
        return "free", "0", "Gratuit (financement public)"
    if kind == "funded":
        if country == "BE":
            return "funded", "0", "Prise en charge possible : chèques-formation ou employeur"
        return "funded", "0", "Prise en charge possible : CPF, OPCO, AFDAS ou France Travail"
    # paid
    if family in _PUBLIC_FAMILIES:
        if country == "BE":
            fee = _BELGIAN_FEE if family == "university" else rng.choice((350, 454, 835))
            return "paid", str(fee), "Minerval réglementé ; allocations d'études"
        fee = _UNIVERSITY_FEES_FR.get(template.level, 178)
        return "paid", str(fee), "Droits universitaires nationaux ; bourses CROUS"
    low, high = template.fee
    fee = rng.randrange(low, high + 1, 10) if high > low else low
    if high <= 600:
        funding = (
            "Tarif réduit possible selon la situation familiale"
            if country == "BE"
            else "Tarif modulé selon le quotient familial"
        )
    elif template.ages[0] >= 18 and template.rncp is None:
        funding = "Financement personnel ou par l'employeur"
    else:
        funding = "Bourses d'école sur critères sociaux ; paiement échelonné possible"
    return "paid", str(fee), funding


def _ai(rng: random.Random, template: _Template) -> list[int]:
    values = []
    for base in template.ai:
        if base:
            values.append(min(3, max(0, base + rng.choice((-1, 0, 0, 1)))))
        elif template.level not in ("bac-3", "bac-2", "bac-1") and rng.random() < 0.1:
            values.append(1)  # a little acculturation, as many schools now do
        else:
            values.append(0)
    return values


def _row(
    rng: random.Random, template: _Template, mode: str, provider: str, family: str, city: _City
) -> dict[str, str]:
    kind, euros, funding = _cost(rng, template, mode, family, city.country)
    age_min, age_max = template.ages
    if mode == "work_study":
        age_min, age_max = max(age_min, 16), age_max or 29
    competencies = rng.sample(template.competencies, k=rng.randint(2, len(template.competencies)))
    competencies.sort(key=template.competencies.index)
    ai = _ai(rng, template)
    certification = template.certification_be if city.country == "BE" else template.certification
    if not certification:
        certification = template.certification or template.certification_be
    eqf = "" if template.eqf is None else str(template.eqf)
    if certification.startswith("Certificat d'école"):
        eqf = ""  # a school's own certificate carries no EQF level
    sentences = [template.blurb]
    if mode in _MODE_SENTENCES:
        sentences.append(_MODE_SENTENCES[mode])
    else:
        sentences.append(rng.choice(_EXTRA_SENTENCES))
    online = mode == "distance"
    row = dict.fromkeys(COLUMNS, "")
    row.update(
        {
            "title": template.title,
            "provider": provider,
            "place": "" if online else city.name,
            "region": "" if online else city.region,
            "mode": mode,
            "duration": template.duration,
            "level": template.level,
            "rncp_level": ""
            if city.country == "BE" or template.rncp is None
            else str(template.rncp),
            "eqf_level": eqf,
            "prerequisites": template.prerequisites,
            "certification": certification,
            "cost": kind,
            "cost_eur": euros,
            "funding": funding,
            "target_jobs": template.jobs,
            "focus_areas": "; ".join(template.focus),
            "competencies": "; ".join(competencies),
            "ai_tools": rng.choice(template.ai_tools) if template.ai_tools else "",
            "age_min": str(age_min),
            "age_max": "" if age_max is None else str(age_max),
            "description": " ".join(sentences),
        }
    )
    row.update({column: str(value) for column, value in zip(AI_COLUMNS, ai, strict=True)})
    return row


def demo_offer_rows(rng: random.Random, count: int = 400) -> list[dict[str, str]]:
    """``count`` fictional offers as CSV rows (every column a string), deterministic for ``rng``.

    Each template appears once first (so every level, mode and kind of cost is present when
    ``count`` allows), then templates are drawn by weight. ``(provider, title, place)`` is
    unique across rows; ``id`` and the application dates are left empty.
    """
    rows: list[dict[str, str]] = []
    seen: set[tuple[str, str, str]] = set()
    slugs: set[str] = set()
    weights = [t.weight for t in TEMPLATES]
    attempts = 0
    while len(rows) < count and attempts < count * 50:
        attempts += 1
        first_pass = len(rows) < len(TEMPLATES) and attempts <= len(TEMPLATES)
        if first_pass:
            template = TEMPLATES[len(rows)]
            mode = template.modes[0]
        else:
            template = rng.choices(TEMPLATES, weights=weights)[0]
            mode = rng.choice(template.modes)
        cities = _cities_for(template)
        city = rng.choices(cities, weights=[c.weight for c in cities])[0]
        families = [f for f in template.families if city.country in PROVIDERS[f]]
        if city.weight < 2:  # no university or IUT in the smaller towns of the list
            families = [f for f in families if f not in ("university", "iut")]
        if not families:
            continue
        family = rng.choice(families)
        provider = rng.choice(PROVIDERS[family][city.country]).format(city=city.name)
        row = _row(rng, template, mode, provider, family, city)
        key = (row["provider"], row["title"], row["place"])
        if key in seen:
            continue
        seen.add(key)
        slug = _slug(f"{template.title} {provider}")[:90].strip("-")
        unique, n = slug, 2
        while unique in slugs:
            unique, n = f"{slug}-{n}", n + 1
        slugs.add(unique)
        row["url"] = f"https://example.org/formations/{unique}"
        rows.append(row)
    return rows
