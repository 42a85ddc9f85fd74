"""Real next-step training offers named in, or clearly implied by, the seed documents.

The seeds are the TUMO Paris press kit (000), the TUMO Liège announcement (001), the
Île-de-France AI campus brochure, which lists offers "from bac-3 to doctorate" (002), and the
CNC/AFDAS study of AI training for cinema, audiovisual, animation and video games, with its
offer-analysis grid and its named schools and programmes (003). Each entry below is a real
programme, described in our own words; the link is the institution's public site (its main
domain when we could not confirm a deeper page).

Conventions:

* ``level`` is the level of the certification the offer leads to. For an offer that certifies
  nothing (a short course, a MOOC, a workshop) it is the level of the public it addresses, and
  ``rncp_level``/``eqf_level`` are ``None``. Belgian degrees have no RNCP level; their EQF
  level is the CEC level of the Fédération Wallonie-Bruxelles.
* ``cost_eur`` is a yearly public figure, approximate and dated (fees change every year);
  ``None`` when we do not know it. University figures are the French national fees for
  2024-2025 (licence/BUT 178 €, master 254 €, doctorate 397 €) and the full Belgian
  "minerval" (835 €).
* ``ai_profile`` scores the six axes of the study's grid (0 = not covered, 1 acculturation,
  2 utilisation, 3 intégration) from what the study or the school says publicly; 0 where the
  school communicates nothing about AI (as a third of the schools in the study).
* ``application_period`` is ``(opens, closes)`` as ``"MM-DD"``; platform dates (Parcoursup,
  Mon Master, Affelnet) shift a little each year, and dates marked "indicatif" are plausible
  windows to check on the school's site before showing them as deadlines.
"""

from __future__ import annotations

# National platforms (dates shift slightly every year).
PARCOURSUP = ("01-20", "03-13")  # formulation des vœux
MON_MASTER = ("02-25", "03-24")  # candidatures en master 1
AFFELNET = ("04-01", "05-31")  # vœux après la 3e (indicatif, varie selon l'académie)
BELGIUM_FWB = ("07-01", "09-30")  # inscriptions en Fédération Wallonie-Bruxelles (indicatif)

CAMPUS_IA_URL = "https://www.iledefrance.fr/campus-metiers-qualifications"  # given in seed 002
ONISEP_URL = "https://www.onisep.fr"


def _ai(
    technical: int = 0,
    creative: int = 0,
    fundamentals: int = 0,
    transverse: int = 0,
    hybridisation: int = 0,
    integration: int = 0,
) -> dict[str, int]:
    """The six axes of the CNC/AFDAS grid, 0..3 each."""
    return {
        "ai-technical": technical,
        "ai-creative": creative,
        "ai-fundamentals": fundamentals,
        "ai-transverse": transverse,
        "ai-hybridisation": hybridisation,
        "ai-integration": integration,
    }


SEED_OFFERS: list[dict[str, object]] = [
    # ------------------------------------------------------------------ Île-de-France, écoles
    {
        "title": "Bachelor cinéma d'animation (concepteur-réalisateur de films d'animation)",
        "provider": "Gobelins Paris, l'école de l'image (CCI Paris Île-de-France)",
        "place": "Paris",
        "region": "IDF",
        "mode": "in_person",
        "duration": "3 ans",
        "level": "bac+3",
        "rncp_level": 6,
        "eqf_level": 6,
        "prerequisites": (
            "Baccalauréat ; concours d'entrée (dossier artistique, épreuves, entretien) ; "
            "très bon niveau de dessin attendu"
        ),
        "certification": "Titre RNCP niveau 6",
        "cost": "paid",
        "cost_eur": 8300,  # montant annuel relayé par la presse en 2022
        "funding": "Bourses d'école, dont des bourses financées par des partenaires du secteur",
        "target_jobs": (
            "Animateur·rice 2D/3D ; Réalisateur·rice de films d'animation ; Storyboarder ; "
            "Character designer ; Layout artist"
        ),
        "focus_areas": ["animation", "drawing", "filmmaking"],
        "competencies": [
            "anim-principles",
            "anim-timing",
            "anim-drawing",
            "anim-story",
            "anim-tools",
            "draw-observation",
            "draw-perspective",
            "draw-storytelling",
            "film-language",
        ],
        "ai_tools": "",
        "ai_profile": _ai(),
        "age_min": 17,
        "age_max": None,
        "application_period": ("12-01", "02-28"),  # indicatif : calendrier du concours à vérifier
        "url": "https://www.gobelins.fr",
        "description": (
            "L'une des écoles d'animation les plus réputées au monde : dessin, jeu d'acteur et "
            "mise en scène s'y apprennent par projets collectifs, jusqu'au court métrage de fin "
            "d'études montré aux studios. Le concours est très demandé et le rythme soutenu."
        ),
    },
    {
        "title": (
            "Formations bachelor en apprentissage (design graphique, design interactif, "
            "photographie)"
        ),
        "provider": "Gobelins Paris, l'école de l'image (CCI Paris Île-de-France)",
        "place": "Paris",
        "region": "IDF",
        "mode": "work_study",
        "duration": "1 à 3 ans selon le programme",
        "level": "bac+3",
        "rncp_level": 6,
        "eqf_level": 6,
        "prerequisites": (
            "Bac ou bac+2 selon le programme ; sélection (dossier, épreuves, entretien) ; "
            "contrat d'apprentissage avec une entreprise"
        ),
        "certification": "Titres RNCP niveau 6 (selon le programme)",
        "cost": "funded",
        "cost_eur": 0,
        "funding": (
            "Apprentissage : frais pris en charge par l'OPCO de l'employeur ; "
            "l'apprenti·e est salarié·e"
        ),
        "target_jobs": (
            "Graphiste ; Designer interactif·ve (UX/UI) ; Photographe ; "
            "Directeur·rice artistique junior"
        ),
        "focus_areas": ["graphic-design", "photography", "motion-graphics"],
        "competencies": [
            "gfx-compo",
            "gfx-type",
            "gfx-color",
            "gfx-tools",
            "gfx-identity",
            "photo-framing",
            "photo-light",
            "photo-editing",
        ],
        "ai_tools": "",
        "ai_profile": _ai(),
        "age_min": 18,
        "age_max": 29,  # limite générale de l'apprentissage en France
        "application_period": ("01-15", "04-30"),  # indicatif
        "url": "https://www.gobelins.fr",
        "description": (
            "Plus de la moitié des élèves de Gobelins se forment en alternance entre l'école et "
            "une entreprise. Cette voie mène aux métiers du graphisme, du design d'interfaces ou "
            "de la photographie sans frais de scolarité, avec un salaire."
        ),
    },
    {
        "title": "MidJourney : libérez votre créativité avec l'IA générative",
        "provider": "Gobelins Paris, l'école de l'image (formation continue)",
        "place": "Paris",
        "region": "IDF",
        "mode": "in_person",
        "duration": "14 heures (2 jours)",
        "level": "bac",
        "rncp_level": None,
        "eqf_level": None,
        "prerequisites": "Professionnel·le·s de la création visuelle ; aisance avec l'ordinateur",
        "certification": "Attestation de formation (non certifiante)",
        "cost": "paid",
        "cost_eur": None,
        "funding": "Formation continue : prise en charge possible (OPCO, AFDAS, CPF) selon statut",
        "target_jobs": (
            "Graphiste ; Illustrateur·rice ; Directeur·rice artistique ; Motion designer"
        ),
        "focus_areas": ["generative-ai", "graphic-design"],
        "competencies": ["genai-tools", "genai-practice", "genai-fundamentals"],
        "ai_tools": "Midjourney",
        "ai_profile": _ai(technical=2, creative=2, fundamentals=1, hybridisation=1, integration=1),
        "age_min": 18,
        "age_max": None,
        "application_period": None,
        "url": "https://www.gobelins.fr",
        "description": (
            "Deux jours pour prendre Midjourney en main : écrire et affiner ses prompts, partir "
            "d'images de référence, corriger par inpainting ou outpainting, puis animer les images "
            "obtenues. L'étude CNC/AFDAS la cite comme exemple de formation à l'usage d'un outil."
        ),
    },
    {
        "title": "Diplôme de l'EnsAD (grade de master), dont le secteur cinéma d'animation",
        "provider": "École nationale supérieure des Arts Décoratifs (EnsAD)",
        "place": "Paris",
        "region": "IDF",
        "mode": "in_person",
        "duration": "5 ans",
        "level": "bac+5",
        "rncp_level": 7,
        "eqf_level": 7,
        "prerequisites": (
            "Baccalauréat ; concours d'entrée très sélectif (travail à domicile, épreuves, "
            "entretiens) ; admissions possibles en cours de cursus"
        ),
        "certification": "Diplôme conférant le grade de master",
        "cost": "paid",
        "cost_eur": None,
        "funding": (
            "Établissement public : droits d'inscription modérés ; bourses sur critères sociaux"
        ),
        "target_jobs": (
            "Réalisateur·rice de films d'animation ; Designer graphique ; Photographe ; "
            "Designer objet ou espace ; Artiste"
        ),
        "focus_areas": ["animation", "graphic-design", "drawing", "photography"],
        "competencies": [
            "anim-story",
            "anim-drawing",
            "draw-observation",
            "draw-storytelling",
            "gfx-compo",
            "gfx-identity",
            "photo-storytelling",
        ],
        "ai_tools": "",
        "ai_profile": _ai(),
        "age_min": 17,
        "age_max": None,
        "application_period": ("12-01", "01-31"),  # indicatif : inscriptions au concours
        "url": "https://www.ensad.fr",
        "description": (
            "Grande école publique d'arts appliqués : après une première année commune, chacun "
            "choisit un secteur (cinéma d'animation, design graphique, photo et vidéo, image "
            "imprimée, design...) et mène un projet personnel jusqu'au diplôme."
        ),
    },
    {
        "title": "Cursus principal (réalisation, scénario, image, son, montage, décor, production)",
        "provider": "La Fémis, École nationale supérieure des métiers de l'image et du son",
        "place": "Paris",
        "region": "IDF",
        "mode": "in_person",
        "duration": "4 ans",
        "level": "bac+5",
        "rncp_level": 7,
        "eqf_level": 7,
        "prerequisites": "Bac+2 au minimum (ou dérogation) ; concours propre à chaque département",
        "certification": "Diplôme conférant le grade de master",
        "cost": "paid",
        "cost_eur": None,
        "funding": "Établissement public ; bourses sur critères sociaux",
        "target_jobs": (
            "Réalisateur·rice ; Scénariste ; Chef·fe opérateur·rice ; Monteur·se ; "
            "Ingénieur·e du son ; Producteur·rice ; Chef·fe décorateur·rice"
        ),
        "focus_areas": ["filmmaking"],
        "competencies": [
            "film-language",
            "film-writing",
            "film-shooting",
            "film-editing",
            "film-post",
        ],
        "ai_tools": "",
        "ai_profile": _ai(creative=1),
        "age_min": 20,
        "age_max": None,
        "application_period": ("11-15", "01-15"),  # indicatif : inscriptions au concours
        "url": "https://www.femis.fr",
        "description": (
            "L'école publique de référence pour le cinéma, organisée par départements métiers. "
            "Elle a lancé en 2025 un cycle de recherche sur l'IA (ateliers de recherche-création "
            "et journée d'étude) sans annoncer, à ce jour, de modules IA dans le cursus."
        ),
    },
    {
        "title": "Master of Science and Technology « Extended Cinematography »",
        "provider": "École polytechnique et ENS Louis-Lumière",
        "place": "Palaiseau",
        "region": "IDF",
        "mode": "work_study",
        "duration": "2 ans",
        "level": "bac+5",
        "rncp_level": 7,
        "eqf_level": 7,
        "prerequisites": (
            "Bac+3 scientifique (par exemple double licence mathématiques-informatique) ; "
            "sélection sur dossier"
        ),
        "certification": "Master of Science and Technology, RNCP niveau 7",
        "cost": "paid",
        "cost_eur": None,
        "funding": (
            "Trimestres en entreprise partenaire ; frais et aides à vérifier auprès de l'école"
        ),
        "target_jobs": (
            "Technical Director ; Creative technologist ; Superviseur·e de production virtuelle ; "
            "Ingénieur·e en informatique graphique ; Chercheur·se"
        ),
        "focus_areas": ["programming", "filmmaking", "3d-modelling", "generative-ai"],
        "competencies": [
            "prog-logic",
            "prog-data",
            "prog-structure",
            "film-shooting",
            "film-post",
            "mod3d-lighting",
            "genai-fundamentals",
            "genai-practice",
        ],
        "ai_tools": "",
        "ai_profile": _ai(
            technical=3, creative=1, fundamentals=3, transverse=1, hybridisation=3, integration=2
        ),
        "age_min": 20,
        "age_max": None,
        "application_period": None,
        "url": "https://www.polytechnique.edu",
        "description": (
            "Un pont entre science et cinéma : informatique graphique, rendu temps réel, vision et "
            "apprentissage automatique à Polytechnique, projets sur plateau (mur LED, capture de "
            "mouvement) avec Louis-Lumière, en alternant trimestres d'école et en entreprise."
        ),
    },
    {
        "title": "Mastère Image et Innovation",
        "provider": "ISART Digital",
        "place": "Paris",
        "region": "IDF",
        "mode": "in_person",
        "duration": "2 ans",
        "level": "bac+5",
        "rncp_level": 7,
        "eqf_level": 7,
        "prerequisites": "Bac+3 en graphisme 2D et/ou 3D ; bases techniques solides",
        "certification": "Titre RNCP niveau 7",
        "cost": "paid",
        "cost_eur": None,
        "funding": "À vérifier auprès de l'école (bourses, alternance)",
        "target_jobs": (
            "Artiste 2D/3D ; Technical Director ; CG generalist ; Lookdev artist ; "
            "Directeur·rice créatif·ve ; Immersive artist"
        ),
        "focus_areas": ["3d-modelling", "animation", "motion-graphics", "generative-ai"],
        "competencies": [
            "mod3d-modelling",
            "mod3d-materials",
            "mod3d-lighting",
            "anim-tools",
            "motion-compositing",
            "genai-tools",
            "genai-practice",
            "genai-critical",
            "genai-ethics",
        ],
        "ai_tools": "Outils d'IA open source exécutés en local",
        "ai_profile": _ai(
            technical=3, creative=3, fundamentals=2, transverse=2, hybridisation=3, integration=2
        ),
        "age_min": 20,
        "age_max": None,
        "application_period": None,
        "url": "https://www.isart.fr",
        "description": (
            "Mastère d'expérimentation bâti autour de quatre projets (réseaux sociaux, clip "
            "musical, œuvre immersive, documentaire) qui mêlent outils 3D classiques et IA. "
            "L'école privilégie l'IA open source et le calcul local (données, environnement)."
        ),
    },
    {
        "title": "Cycle ingénieur jeu vidéo",
        "provider": "ISART Digital",
        "place": "Paris",
        "region": "IDF",
        "mode": "in_person",
        "duration": "2 ans (cycle ingénieur)",
        "level": "bac+5",
        "rncp_level": 7,
        "eqf_level": 7,
        "prerequisites": "Premier cycle scientifique ou en programmation de jeux ; sélection",
        "certification": "Diplôme d'ingénieur (reconnaissance CTI annoncée par l'école)",
        "cost": "paid",
        "cost_eur": None,
        "funding": "À vérifier auprès de l'école",
        "target_jobs": (
            "Technical Director ; Pipeline developer ; Superviseur·e de production virtuelle ; "
            "Ingénieur·e IA pour le jeu vidéo ; Programmeur·se moteur"
        ),
        "focus_areas": ["programming", "video-games", "generative-ai"],
        "competencies": [
            "prog-logic",
            "prog-data",
            "prog-structure",
            "prog-debug",
            "game-code",
            "genai-fundamentals",
        ],
        "ai_tools": "",
        "ai_profile": _ai(
            technical=3, creative=1, fundamentals=3, transverse=1, hybridisation=2, integration=2
        ),
        "age_min": 20,
        "age_max": None,
        "application_period": None,
        "url": "https://www.isart.fr",
        "description": (
            "Formation d'ingénieur tournée vers le jeu vidéo : architectures logicielles et "
            "matérielles, temps réel, calcul haute performance, simulation, IA et données, pour "
            "concevoir des outils sur mesure au service des studios."
        ),
    },
    {
        "title": "Mastère Direction artistique et réalisation IA",
        "provider": "CLCF, Conservatoire libre du cinéma français",
        "place": "Paris",
        "region": "IDF",
        "mode": "in_person",
        "duration": "2 ans",
        "level": "bac+5",
        "rncp_level": 7,
        "eqf_level": 7,
        "prerequisites": "Bac+3 ; solide culture de l'image et de l'audiovisuel",
        "certification": "Titre RNCP niveau 7",
        "cost": "paid",
        "cost_eur": None,
        "funding": "À vérifier auprès de l'école",
        "target_jobs": (
            "Directeur·rice artistique ; Réalisateur·rice ; Responsable innovation ou IA dans "
            "les industries créatives ; Chef·fe de projet IA"
        ),
        "focus_areas": ["filmmaking", "generative-ai", "graphic-design"],
        "competencies": [
            "film-language",
            "film-writing",
            "film-editing",
            "genai-tools",
            "genai-practice",
            "genai-critical",
            "genai-ethics",
            "genai-fundamentals",
        ],
        "ai_tools": "",
        "ai_profile": _ai(
            technical=2, creative=3, fundamentals=2, transverse=2, hybridisation=3, integration=2
        ),
        "age_min": 20,
        "age_max": None,
        "application_period": None,
        "url": "https://www.clcf.com",
        "description": (
            "Nouveau parcours (rentrée 2026) qui forme à la création audiovisuelle augmentée par "
            "l'IA, pour le cinéma et au-delà. Chaque phase de génération est précédée de cours de "
            "fond (histoire de l'art, dramaturgie) : les bases artistiques passent avant l'outil."
        ),
    },
    {
        "title": "Mastère 1 Auteur réalisateur, films d'intelligence artificielle",
        "provider": "EICAR",
        "place": "Saint-Denis",
        "region": "IDF",
        "mode": "in_person",
        "duration": "1 an",
        "level": "bac+4",
        "rncp_level": 6,
        "eqf_level": 6,
        "prerequisites": "Bac+3",
        "certification": "Titre RNCP niveau 6 (d'après l'étude CNC/AFDAS)",
        "cost": "paid",
        "cost_eur": None,
        "funding": "À vérifier auprès de l'école",
        "target_jobs": (
            "Auteur·rice-réalisateur·rice de films IA ; Assistant·e à la mise en scène ; "
            "Creative technologist"
        ),
        "focus_areas": ["filmmaking", "generative-ai"],
        "competencies": [
            "film-writing",
            "film-language",
            "film-editing",
            "genai-tools",
            "genai-practice",
            "genai-critical",
        ],
        "ai_tools": "",
        "ai_profile": _ai(
            technical=2, creative=3, fundamentals=1, transverse=1, hybridisation=2, integration=1
        ),
        "age_min": 20,
        "age_max": None,
        "application_period": None,
        "url": "https://www.eicar.fr",
        "description": (
            "Année de spécialisation annoncée pour septembre 2026, consacrée à l'écriture et à la "
            "réalisation de films faits avec l'IA générative. L'école anime déjà un Lab IA & "
            "Cinéma (conférences, ateliers) et un challenge de court métrage réalisé avec l'IA."
        ),
    },
    {
        "title": "Mastère IA et pensée créative",
        "provider": "e-artsup",
        "place": "Paris",
        "region": "IDF",
        "mode": "in_person",
        "duration": "2 ans",
        "level": "bac+5",
        "rncp_level": None,
        "eqf_level": None,
        "prerequisites": "Bac+3 en création numérique ou design",
        "certification": "Mastère (diplôme d'école) ; certification à vérifier auprès de l'école",
        "cost": "paid",
        "cost_eur": None,
        "funding": "À vérifier auprès de l'école",
        "target_jobs": (
            "Creative technologist ; AI designer ; Directeur·rice artistique augmenté·e ; "
            "Creative coder ; Spécialiste création et innovation IA"
        ),
        "focus_areas": ["generative-ai", "graphic-design", "programming"],
        "competencies": [
            "genai-tools",
            "genai-practice",
            "genai-critical",
            "prog-creative",
            "gfx-identity",
        ],
        "ai_tools": "",
        "ai_profile": _ai(
            technical=2, creative=3, fundamentals=1, transverse=1, hybridisation=2, integration=1
        ),
        "age_min": 20,
        "age_max": None,
        "application_period": None,
        "url": "https://www.e-artsup.net",
        "description": (
            "Fin de cursus d'une école de création numérique qui croise direction artistique, "
            "code créatif et IA générative. L'école a aussi publié un livre blanc sur les métiers "
            "de la création à l'ère de l'IA."
        ),
    },
    {
        "title": "Bachelor IA Design",
        "provider": "ICAN, Institut de création et d'animation numériques",
        "place": "Paris",
        "region": "IDF",
        "mode": "in_person",
        "duration": "3 ans",
        "level": "bac+3",
        "rncp_level": None,
        "eqf_level": None,
        "prerequisites": "Baccalauréat ; sélection sur dossier et entretien",
        "certification": "Bachelor (diplôme d'école) ; certification à vérifier auprès de l'école",
        "cost": "paid",
        "cost_eur": None,
        "funding": "À vérifier auprès de l'école",
        "target_jobs": (
            "Designer d'interfaces et de contenus générés par IA ; Directeur·rice artistique IA ; "
            "Chef·fe de projet design et IA"
        ),
        "focus_areas": ["generative-ai", "graphic-design", "motion-graphics"],
        "competencies": [
            "genai-tools",
            "genai-practice",
            "gfx-compo",
            "gfx-tools",
            "motion-design",
        ],
        "ai_tools": "",
        "ai_profile": _ai(
            technical=2, creative=2, fundamentals=1, transverse=1, hybridisation=2, integration=1
        ),
        "age_min": 17,
        "age_max": None,
        "application_period": None,
        "url": "https://www.ican-design.fr",
        "description": (
            "Premier cycle d'une école parisienne de design numérique consacré à la conception "
            "graphique et interactive assistée par l'IA, de l'image à l'interface. Un mastère IA "
            "Design prolonge le parcours."
        ),
    },
    # ------------------------------------------------------------ Île-de-France, universités
    {
        "title": "Master, parcours Arts et technologies de l'image (ATI)",
        "provider": "Université Paris 8 Vincennes-Saint-Denis",
        "place": "Saint-Denis",
        "region": "IDF",
        "mode": "in_person",
        "duration": "2 ans",
        "level": "bac+5",
        "rncp_level": 7,
        "eqf_level": 7,
        "prerequisites": (
            "Licence (bac+3) ; sélection sur dossier ; pratique de l'image de synthèse"
        ),
        "certification": "Diplôme national de master, RNCP niveau 7",
        "cost": "paid",
        "cost_eur": 254,
        "funding": "Droits universitaires nationaux ; bourses CROUS",
        "target_jobs": (
            "Technical Director ; Artiste 3D ; Compositeur·rice d'images ; "
            "Développeur·se temps réel ; Artiste numérique"
        ),
        "focus_areas": ["3d-modelling", "animation", "programming", "generative-ai"],
        "competencies": [
            "mod3d-modelling",
            "mod3d-materials",
            "mod3d-lighting",
            "anim-tools",
            "prog-creative",
            "motion-compositing",
            "genai-fundamentals",
        ],
        "ai_tools": "",
        "ai_profile": _ai(
            technical=2, creative=2, fundamentals=2, transverse=1, hybridisation=2, integration=1
        ),
        "age_min": 20,
        "age_max": None,
        "application_period": MON_MASTER,
        "url": "https://www.univ-paris8.fr",
        "description": (
            "Parcours universitaire qui réunit création (art numérique, compositing, pipeline) et "
            "technique (programmation, moteurs temps réel, modélisation). Ses enseignants-"
            "chercheurs (laboratoire INREV) travaillent sur des êtres virtuels dotés d'IA."
        ),
    },
    {
        "title": "Master Informatique, parcours Données, apprentissage et connaissances (DAC)",
        "provider": "Sorbonne Université",
        "place": "Paris",
        "region": "IDF",
        "mode": "in_person",
        "duration": "2 ans",
        "level": "bac+5",
        "rncp_level": 7,
        "eqf_level": 7,
        "prerequisites": "Licence d'informatique ou de mathématiques appliquées",
        "certification": "Diplôme national de master, RNCP niveau 7",
        "cost": "paid",
        "cost_eur": 254,
        "funding": "Droits universitaires nationaux ; bourses CROUS",
        "target_jobs": (
            "Data scientist ; Ingénieur·e en apprentissage automatique ; Chercheur·se en IA"
        ),
        "focus_areas": ["programming", "generative-ai"],
        "competencies": [
            "prog-data",
            "prog-structure",
            "prog-logic",
            "genai-fundamentals",
            "genai-ethics",
        ],
        "ai_tools": "",
        "ai_profile": _ai(technical=3, fundamentals=3, transverse=1, integration=1),
        "age_min": 20,
        "age_max": None,
        "application_period": MON_MASTER,
        "url": "https://www.sorbonne-universite.fr",
        "description": (
            "Parcours de master consacré à la science des données et à l'apprentissage "
            "automatique, adossé au LIP6, laboratoire partenaire du Campus IA francilien. Il "
            "mène à l'ingénierie comme à la thèse."
        ),
    },
    {
        "title": (
            "Master 2 ATIAM (acoustique, traitement du signal et informatique appliqués à la "
            "musique)"
        ),
        "provider": "Sorbonne Université, avec l'Ircam et Télécom Paris",
        "place": "Paris",
        "region": "IDF",
        "mode": "in_person",
        "duration": "1 an (M2)",
        "level": "bac+5",
        "rncp_level": 7,
        "eqf_level": 7,
        "prerequisites": (
            "M1 en informatique, signal, acoustique ou mathématiques appliquées ; "
            "pratique musicale appréciée"
        ),
        "certification": "Diplôme national de master, RNCP niveau 7",
        "cost": "paid",
        "cost_eur": 254,
        "funding": "Droits universitaires nationaux ; bourses CROUS",
        "target_jobs": (
            "Ingénieur·e R&D audio ; Chercheur·se en informatique musicale ; "
            "Développeur·se d'outils pour la musique"
        ),
        "focus_areas": ["music", "programming", "generative-ai"],
        "competencies": [
            "music-sound",
            "music-harmony",
            "prog-data",
            "prog-creative",
            "genai-fundamentals",
        ],
        "ai_tools": "",
        "ai_profile": _ai(technical=2, creative=1, fundamentals=2, hybridisation=2),
        "age_min": 21,
        "age_max": None,
        "application_period": None,
        "url": "https://www.sorbonne-universite.fr",
        "description": (
            "Année de spécialisation à la croisée de la science et de la musique, largement "
            "dispensée à l'Ircam : acoustique, traitement du signal, informatique musicale et "
            "apprentissage automatique appliqué au son."
        ),
    },
    {
        "title": "Doctorat en informatique (école doctorale EDITE de Paris)",
        "provider": "Sorbonne Université",
        "place": "Paris",
        "region": "IDF",
        "mode": "in_person",
        "duration": "3 ans",
        "level": "bac+8",
        "rncp_level": 8,
        "eqf_level": 8,
        "prerequisites": (
            "Master (bac+5) ; sujet de thèse et direction dans un laboratoire, par exemple le LIP6"
        ),
        "certification": "Diplôme national de doctorat, RNCP niveau 8",
        "cost": "paid",
        "cost_eur": 397,
        "funding": "Contrat doctoral ou convention CIFRE (thèse salariée) selon le financement",
        "target_jobs": (
            "Chercheur·se ; Enseignant·e-chercheur·se ; Ingénieur·e R&D en IA ; "
            "Spécialiste des technologies éducatives"
        ),
        "focus_areas": ["programming", "generative-ai"],
        "competencies": ["prog-data", "prog-structure", "genai-fundamentals", "genai-ethics"],
        "ai_tools": "",
        "ai_profile": _ai(technical=3, fundamentals=3, transverse=1, integration=1),
        "age_min": 22,
        "age_max": None,
        "application_period": None,
        "url": "https://www.sorbonne-universite.fr",
        "description": (
            "Trois années de recherche encadrée jusqu'à la soutenance, par exemple sur "
            "l'apprentissage automatique ou l'IA pour l'éducation au LIP6, engagé dans les "
            "expérimentations pédagogiques du Campus IA d'Île-de-France."
        ),
    },
    {
        "title": "Master 2 Mathématiques, vision, apprentissage (MVA)",
        "provider": "ENS Paris-Saclay",
        "place": "Gif-sur-Yvette",
        "region": "IDF",
        "mode": "in_person",
        "duration": "1 an (M2)",
        "level": "bac+5",
        "rncp_level": 7,
        "eqf_level": 7,
        "prerequisites": "M1 solide en mathématiques appliquées ou en informatique",
        "certification": "Diplôme national de master, RNCP niveau 7",
        "cost": "paid",
        "cost_eur": 254,
        "funding": "Droits universitaires nationaux ; bourses",
        "target_jobs": (
            "Chercheur·se en apprentissage automatique ; Ingénieur·e en vision par ordinateur ; "
            "Data scientist"
        ),
        "focus_areas": ["programming", "generative-ai"],
        "competencies": ["prog-data", "prog-logic", "genai-fundamentals"],
        "ai_tools": "",
        "ai_profile": _ai(technical=3, fundamentals=3, transverse=1),
        "age_min": 21,
        "age_max": None,
        "application_period": ("01-15", "04-30"),  # indicatif
        "url": "https://ens-paris-saclay.fr",
        "description": (
            "Master de recherche très réputé en vision par ordinateur et en apprentissage "
            "automatique, souvent suivi d'une thèse en laboratoire public ou industriel."
        ),
    },
    # ------------------------------------------------ code, IA : voies ouvertes et alternance
    {
        "title": "Cursus de programmation par projets et entre pairs",
        "provider": "École 42",
        "place": "Paris",
        "region": "IDF",
        "mode": "in_person",
        "duration": "3 à 5 ans environ, à son rythme",
        "level": "bac+5",
        "rncp_level": 7,
        "eqf_level": 7,
        "prerequisites": (
            "18 ans minimum ; aucun diplôme exigé ; tests en ligne puis « piscine » de "
            "sélection de quatre semaines"
        ),
        "certification": (
            "Titre RNCP niveau 7 (Expert en architecture informatique) en fin de cursus"
        ),
        "cost": "free",
        "cost_eur": 0,
        "funding": "Gratuit, financé par des mécènes",
        "target_jobs": (
            "Développeur·se ; Ingénieur·e logiciel ; Administrateur·rice systèmes ; "
            "Spécialiste sécurité"
        ),
        "focus_areas": ["programming"],
        "competencies": ["prog-logic", "prog-data", "prog-structure", "prog-debug"],
        "ai_tools": "",
        "ai_profile": _ai(technical=1, fundamentals=1),
        "age_min": 18,
        "age_max": None,
        "application_period": None,  # sessions de sélection tout au long de l'année
        "url": "https://www.42.fr",
        "description": (
            "École gratuite sans cours ni professeurs : on apprend en réalisant des projets "
            "corrigés par les autres étudiants, sur un campus ouvert en continu. La sélection "
            "se joue pendant une « piscine » d'un mois."
        ),
    },
    {
        "title": "Développeur·se en intelligence artificielle (École IA Microsoft by Simplon)",
        "provider": "Simplon.co",
        "place": "",
        "region": "",
        "mode": "work_study",
        "duration": "19 mois (7 mois intensifs puis 12 mois en alternance)",
        "level": "bac+3",
        "rncp_level": 6,
        "eqf_level": 6,
        "prerequisites": (
            "Bases d'un langage de programmation et bon niveau en mathématiques ; aucun diplôme "
            "exigé ; tests et entretiens"
        ),
        "certification": "Titre RNCP niveau 6 (développeur·se en intelligence artificielle)",
        "cost": "funded",
        "cost_eur": 0,
        "funding": (
            "Formation gratuite, puis contrat de professionnalisation ou d'apprentissage "
            "(frais pris en charge)"
        ),
        "target_jobs": ("Développeur·se IA ; Data analyst ; Ingénieur·e machine learning junior"),
        "focus_areas": ["programming", "generative-ai"],
        "competencies": [
            "prog-logic",
            "prog-data",
            "prog-structure",
            "prog-debug",
            "genai-fundamentals",
            "genai-tools",
            "genai-ethics",
        ],
        "ai_tools": "",
        "ai_profile": _ai(
            technical=3, fundamentals=3, transverse=2, hybridisation=1, integration=2
        ),
        "age_min": 18,
        "age_max": None,
        "application_period": None,
        "url": "https://simplon.co",
        "description": (
            "Formation inclusive qui ouvre les métiers de l'IA à des personnes éloignées des "
            "études longues : sept mois intensifs puis une année en entreprise. Des promotions "
            "ouvrent dans de nombreuses villes, outre-mer compris."
        ),
    },
    # ------------------------------------------------------ Campus IA Île-de-France (seed 002)
    {
        "title": "Bac pro CIEL (cybersécurité, informatique et réseaux, électronique)",
        "provider": (
            "Lycées professionnels partenaires du Campus des métiers et des qualifications "
            "Intelligence artificielle"
        ),
        "place": "Paris",
        "region": "IDF",
        "mode": "in_person",
        "duration": "3 ans après la 3e",
        "level": "bac",
        "rncp_level": 4,
        "eqf_level": 4,
        "prerequisites": "Classe de 3e ; affectation par la procédure d'orientation",
        "certification": "Baccalauréat professionnel, RNCP niveau 4",
        "cost": "free",
        "cost_eur": 0,
        "funding": "Enseignement public gratuit ; apprentissage possible selon les établissements",
        "target_jobs": (
            "Technicien·ne réseaux ; Technicien·ne en cybersécurité ; Technicien·ne "
            "électronique ; Installateur·rice de systèmes connectés"
        ),
        "focus_areas": ["robotics", "programming"],
        "competencies": [
            "robo-electronics",
            "robo-programming",
            "robo-sensors",
            "prog-logic",
            "prog-debug",
        ],
        "ai_tools": "",
        "ai_profile": _ai(fundamentals=1, transverse=1),
        "age_min": 15,
        "age_max": None,
        "application_period": AFFELNET,
        "url": CAMPUS_IA_URL,
        "description": (
            "Bac pro du numérique inscrit dans l'offre du Campus IA francilien : réseaux, "
            "cybersécurité et électronique, avec des stages en entreprise. Les enseignants de ces "
            "lycées suivent des sessions d'acculturation à l'IA organisées par le Campus."
        ),
    },
    {
        "title": "École d'été en intelligence artificielle pour lycéennes",
        "provider": "Campus des métiers et des qualifications Intelligence artificielle",
        "place": "Paris",
        "region": "IDF",
        "mode": "in_person",
        "duration": "5 jours (début juillet)",
        "level": "bac-1",
        "rncp_level": None,
        "eqf_level": None,
        "prerequisites": "Être lycéenne en Île-de-France ; candidature par son lycée",
        "certification": "Attestation de participation",
        "cost": "free",
        "cost_eur": 0,
        "funding": "Gratuit",
        "target_jobs": "Découverte : data scientist ; ingénieure IA ; chercheuse en informatique",
        "focus_areas": ["generative-ai", "programming"],
        "competencies": ["genai-fundamentals", "genai-ethics", "genai-critical", "prog-logic"],
        "ai_tools": "",
        "ai_profile": _ai(technical=1, fundamentals=1, transverse=1),
        "age_min": 15,
        "age_max": 18,
        "application_period": ("03-01", "05-31"),  # indicatif
        "url": CAMPUS_IA_URL,
        "description": (
            "Semaine immersive pour donner envie aux filles de s'orienter vers l'IA : ateliers "
            "pratiques animés en partie par des doctorant·es, fondamentaux, métiers et carrières. "
            "La première édition (2023) a réuni 40 lycéennes ; reconduction à vérifier."
        ),
    },
    {
        "title": "« Mille et une voix » : ateliers de création autour du robot parlant",
        "provider": "Ircam, avec le Sorbonne Center for Artificial Intelligence (SCAI)",
        "place": "Paris",
        "region": "IDF",
        "mode": "in_person",
        "duration": "5 à 6 ateliers",
        "level": "bac-3",
        "rncp_level": None,
        "eqf_level": None,
        "prerequisites": "Projet porté par une classe de collège et son enseignant·e",
        "certification": "Aucune (projet de classe)",
        "cost": "free",
        "cost_eur": 0,
        "funding": "Projet de recherche-création, sans frais pour les élèves",
        "target_jobs": "Découverte : design sonore ; écriture ; informatique musicale",
        "focus_areas": ["music", "generative-ai"],
        "competencies": [
            "music-sound",
            "genai-critical",
            "genai-practice",
            "genai-fundamentals",
        ],
        "ai_tools": "",
        "ai_profile": _ai(technical=1, creative=2, fundamentals=1, transverse=1),
        "age_min": 11,
        "age_max": 15,
        "application_period": None,
        "url": "https://www.ircam.fr",
        "description": (
            "Des classes de collège inventent un « Bestio-robot », personnage imaginaire qui "
            "change "
            "de voix à volonté, pour manipuler un dispositif algorithmique simple et interroger "
            "leur place d'auteur face aux machines qui parlent."
        ),
    },
    # -------------------------------------------------- diplômes nationaux (toute la France)
    {
        "title": "Enseignement de spécialité NSI (numérique et sciences informatiques)",
        "provider": "Lycées généraux (Éducation nationale)",
        "place": "",
        "region": "",
        "mode": "in_person",
        "duration": "2 ans (1re et terminale)",
        "level": "bac",
        "rncp_level": 4,
        "eqf_level": 4,
        "prerequisites": "Seconde générale et technologique",
        "certification": "Baccalauréat général (spécialité NSI)",
        "cost": "free",
        "cost_eur": 0,
        "funding": "Enseignement public gratuit",
        "target_jobs": (
            "Poursuites : BUT informatique ; licence d'informatique ; classes préparatoires ; "
            "écoles d'ingénieurs"
        ),
        "focus_areas": ["programming"],
        "competencies": ["prog-logic", "prog-data", "prog-structure", "prog-debug"],
        "ai_tools": "",
        "ai_profile": _ai(fundamentals=1),
        "age_min": 15,
        "age_max": 18,
        "application_period": None,
        "url": ONISEP_URL,
        "description": (
            "Spécialité du lycée général pour apprendre à programmer (Python), manipuler des "
            "données et comprendre réseaux et algorithmes. Très peu de filles la gardent en "
            "terminale : un enjeu repéré par le Campus IA."
        ),
    },
    {
        "title": "BTS Services informatiques aux organisations, option SLAM",
        "provider": "Lycées publics et privés sous contrat (Éducation nationale)",
        "place": "",
        "region": "",
        "mode": "in_person",
        "duration": "2 ans",
        "level": "bac+2",
        "rncp_level": 5,
        "eqf_level": 5,
        "prerequisites": "Baccalauréat (général, technologique ou professionnel) ; Parcoursup",
        "certification": "Brevet de technicien supérieur, RNCP niveau 5",
        "cost": "free",
        "cost_eur": 0,
        "funding": "Gratuit en lycée public ; alternance possible",
        "target_jobs": (
            "Développeur·se d'applications ; Technicien·ne d'études informatiques ; "
            "Analyste programmeur·se"
        ),
        "focus_areas": ["programming"],
        "competencies": ["prog-logic", "prog-data", "prog-structure", "prog-debug"],
        "ai_tools": "",
        "ai_profile": _ai(),
        "age_min": 17,
        "age_max": None,
        "application_period": PARCOURSUP,
        "url": ONISEP_URL,
        "description": (
            "Deux ans pour apprendre à concevoir, coder et maintenir des applications, avec des "
            "stages en entreprise. L'option SLAM figure dans l'offre du Campus IA francilien."
        ),
    },
    {
        "title": "BTS Métiers de l'audiovisuel (5 options, dont montage et post-production)",
        "provider": "Lycées publics et privés (Éducation nationale)",
        "place": "",
        "region": "",
        "mode": "in_person",
        "duration": "2 ans",
        "level": "bac+2",
        "rncp_level": 5,
        "eqf_level": 5,
        "prerequisites": "Baccalauréat ; sélection sur dossier via Parcoursup (très demandé)",
        "certification": "Brevet de technicien supérieur, RNCP niveau 5",
        "cost": "free",
        "cost_eur": 0,
        "funding": "Gratuit en lycée public ; alternance possible dans certains établissements",
        "target_jobs": (
            "Assistant·e de production ; Opérateur·rice de prise de vue ; Technicien·ne son ; "
            "Monteur·se ; Technicien·ne d'exploitation"
        ),
        "focus_areas": ["filmmaking", "music"],
        "competencies": [
            "film-shooting",
            "film-editing",
            "film-post",
            "music-sound",
            "music-mixing",
        ],
        "ai_tools": "",
        "ai_profile": _ai(),
        "age_min": 17,
        "age_max": None,
        "application_period": PARCOURSUP,
        "url": ONISEP_URL,
        "description": (
            "Formation technique de référence de l'audiovisuel (production, image, son, montage, "
            "exploitation), très sélective. L'étude CNC/AFDAS note que son référentiel, détaillé "
            "outil par outil, s'adapte lentement à l'arrivée de l'IA."
        ),
    },
    {
        "title": "Bac pro Artisanat et métiers d'art, option communication visuelle plurimédia",
        "provider": "Lycées professionnels (Éducation nationale)",
        "place": "",
        "region": "",
        "mode": "in_person",
        "duration": "3 ans après la 3e",
        "level": "bac",
        "rncp_level": 4,
        "eqf_level": 4,
        "prerequisites": "Classe de 3e ; goût pour le dessin et le graphisme",
        "certification": "Baccalauréat professionnel, RNCP niveau 4",
        "cost": "free",
        "cost_eur": 0,
        "funding": "Enseignement public gratuit",
        "target_jobs": "Graphiste exécutant·e ; Infographiste ; Maquettiste",
        "focus_areas": ["graphic-design", "drawing"],
        "competencies": ["gfx-compo", "gfx-type", "gfx-color", "gfx-tools", "draw-observation"],
        "ai_tools": "",
        "ai_profile": _ai(),
        "age_min": 15,
        "age_max": None,
        "application_period": AFFELNET,
        "url": ONISEP_URL,
        "description": (
            "Voie professionnelle vers le graphisme : mise en page, typographie, traitement "
            "d'images et création de supports imprimés ou numériques, avec des périodes en "
            "entreprise. Une section peu répandue et recherchée."
        ),
    },
    {
        "title": "CAP Signalétique et décors graphiques",
        "provider": "Lycées professionnels et CFA",
        "place": "",
        "region": "",
        "mode": "in_person",
        "duration": "2 ans après la 3e",
        "level": "bac-2",
        "rncp_level": 3,
        "eqf_level": 3,
        "prerequisites": "Classe de 3e",
        "certification": "Certificat d'aptitude professionnelle, RNCP niveau 3",
        "cost": "free",
        "cost_eur": 0,
        "funding": "Gratuit en lycée professionnel ; apprentissage possible en CFA",
        "target_jobs": (
            "Signaléticien·ne ; Décorateur·rice graphique ; Poseur·se d'adhésifs et d'enseignes"
        ),
        "focus_areas": ["graphic-design", "drawing"],
        "competencies": ["gfx-compo", "gfx-type", "gfx-tools", "draw-perspective"],
        "ai_tools": "",
        "ai_profile": _ai(),
        "age_min": 15,
        "age_max": None,
        "application_period": AFFELNET,
        "url": ONISEP_URL,
        "description": (
            "Premier diplôme pour concevoir, fabriquer et poser enseignes, panneaux et décors "
            "adhésifs, à la main comme avec des machines numériques de découpe et d'impression. "
            "On peut ensuite poursuivre en bac pro."
        ),
    },
    {
        "title": (
            "DN MADe, diplôme national des métiers d'art et du design "
            "(mentions selon l'école : graphisme, illustration, objet, espace...)"
        ),
        "provider": (
            "Écoles supérieures d'arts appliqués de Paris (Boulle, Duperré, Estienne, ENSAAMA)"
        ),
        "place": "Paris",
        "region": "IDF",
        "mode": "in_person",
        "duration": "3 ans",
        "level": "bac+3",
        "rncp_level": 6,
        "eqf_level": 6,
        "prerequisites": "Baccalauréat ; dossier et entretien via Parcoursup",
        "certification": "Diplôme national conférant le grade de licence, RNCP niveau 6",
        "cost": "free",
        "cost_eur": 0,
        "funding": "Écoles publiques sans frais de scolarité ; bourses sur critères sociaux",
        "target_jobs": (
            "Designer graphique ; Illustrateur·rice ; Designer numérique ; "
            "Concepteur·rice d'objets ou d'espaces"
        ),
        "focus_areas": ["graphic-design", "drawing", "3d-modelling"],
        "competencies": [
            "gfx-compo",
            "gfx-type",
            "gfx-identity",
            "draw-observation",
            "draw-perspective",
            "draw-digital",
        ],
        "ai_tools": "",
        "ai_profile": _ai(),
        "age_min": 17,
        "age_max": None,
        "application_period": PARCOURSUP,
        "url": ONISEP_URL,
        "description": (
            "Diplôme en trois ans des écoles publiques d'arts appliqués, qui associe pratique "
            "d'atelier, culture du design et projets. Chaque école propose ses propres mentions : "
            "à comparer selon son projet."
        ),
    },
    {
        "title": "BUT Métiers du multimédia et de l'internet (MMI)",
        "provider": "IUT (universités publiques)",
        "place": "",
        "region": "",
        "mode": "in_person",
        "duration": "3 ans",
        "level": "bac+3",
        "rncp_level": 6,
        "eqf_level": 6,
        "prerequisites": "Baccalauréat ; candidature sur Parcoursup",
        "certification": "Diplôme national (BUT), RNCP niveau 6",
        "cost": "paid",
        "cost_eur": 178,
        "funding": (
            "Droits universitaires nationaux ; bourses CROUS ; alternance fréquente en 2e et 3e "
            "année"
        ),
        "target_jobs": (
            "Développeur·se web ; Designer UX/UI ; Chargé·e de communication numérique ; "
            "Créateur·rice de contenus audiovisuels"
        ),
        "focus_areas": ["programming", "graphic-design", "motion-graphics", "filmmaking"],
        "competencies": [
            "prog-logic",
            "prog-structure",
            "gfx-compo",
            "gfx-tools",
            "motion-design",
            "film-editing",
        ],
        "ai_tools": "",
        "ai_profile": _ai(),
        "age_min": 17,
        "age_max": None,
        "application_period": PARCOURSUP,
        "url": ONISEP_URL,
        "description": (
            "Diplôme universitaire polyvalent : développement web, design, audiovisuel et "
            "communication numérique, avec projets et stages. Proposé par de nombreux IUT en "
            "France, dont plusieurs en Île-de-France."
        ),
    },
    # ------------------------------------------------------------- autres régions de France
    {
        "title": "Master Jeux et médias interactifs numériques (JMIN)",
        "provider": "Cnam-Enjmin, École nationale du jeu et des médias interactifs numériques",
        "place": "Angoulême",
        "region": "NAQ",
        "mode": "in_person",
        "duration": "2 ans",
        "level": "bac+5",
        "rncp_level": 7,
        "eqf_level": 7,
        "prerequisites": (
            "Bac+3 (ou validation des acquis) ; concours par spécialité avec épreuves écrites "
            "et orales"
        ),
        "certification": (
            "Diplôme national de master (Cnam et université de Poitiers), RNCP niveau 7"
        ),
        "cost": "paid",
        "cost_eur": None,
        "funding": "Établissement public : droits d'inscription modérés ; bourses",
        "target_jobs": (
            "Game designer ; Game artist ; Programmeur·se gameplay ; Sound designer ; "
            "Designer UX ; Producteur·rice"
        ),
        "focus_areas": ["video-games", "programming", "music", "3d-modelling"],
        "competencies": [
            "game-design",
            "game-code",
            "game-level",
            "game-art",
            "game-test",
            "music-sound",
        ],
        "ai_tools": "",
        "ai_profile": _ai(technical=1, fundamentals=1),
        "age_min": 20,
        "age_max": None,
        "application_period": ("02-01", "03-20"),  # d'après les calendriers des années passées
        "url": "https://enjmin.cnam.fr",
        "description": (
            "Seule école publique entièrement consacrée au jeu vidéo : six spécialités (game "
            "design, art, son, ergonomie, programmation, gestion de projet) conçoivent ensemble "
            "des jeux en conditions de studio ; un incubateur aide les diplômés à se lancer."
        ),
    },
    {
        "title": "Licence Informatique, parcours jeux vidéo (en apprentissage)",
        "provider": "Cnam-Enjmin, École nationale du jeu et des médias interactifs numériques",
        "place": "Angoulême",
        "region": "NAQ",
        "mode": "work_study",
        "duration": "Selon le niveau d'entrée (à vérifier auprès de l'école)",
        "level": "bac+3",
        "rncp_level": 6,
        "eqf_level": 6,
        "prerequisites": (
            "Conditions d'entrée à vérifier ; contrat d'apprentissage avec une entreprise"
        ),
        "certification": "Diplôme national de licence, RNCP niveau 6",
        "cost": "funded",
        "cost_eur": 0,
        "funding": "Apprentissage : frais pris en charge par l'OPCO ; salaire d'apprenti·e",
        "target_jobs": (
            "Programmeur·se de jeux vidéo ; Développeur·se d'outils ; Intégrateur·rice temps réel"
        ),
        "focus_areas": ["video-games", "programming"],
        "competencies": ["game-code", "game-test", "prog-logic", "prog-structure", "prog-debug"],
        "ai_tools": "",
        "ai_profile": _ai(),
        "age_min": 18,
        "age_max": 29,
        "application_period": None,
        "url": "https://enjmin.cnam.fr",
        "description": (
            "Licence d'informatique orientée programmation de jeux, suivie en alternance entre "
            "l'école d'Angoulême et une entreprise : une façon de se former sans frais tout en "
            "acquérant une première expérience."
        ),
    },
    {
        "title": "Réalisateur de jeu vidéo, spécialisation Game Art",
        "provider": "Rubika",
        "place": "Valenciennes",
        "region": "HDF",
        "mode": "in_person",
        "duration": "5 ans",
        "level": "bac+5",
        "rncp_level": 7,
        "eqf_level": 7,
        "prerequisites": "Baccalauréat ; concours d'entrée (candidature sur Parcoursup)",
        "certification": "Titre RNCP niveau 7",
        "cost": "paid",
        "cost_eur": 9450,  # tarif annuel affiché sur Parcoursup pour 2025
        "funding": "Formation ouvrant droit aux bourses",
        "target_jobs": (
            "Game artist ; Concept artist ; Character ou environment artist ; "
            "Directeur·rice artistique de jeu"
        ),
        "focus_areas": ["video-games", "3d-modelling", "drawing", "animation"],
        "competencies": [
            "game-art",
            "game-level",
            "mod3d-modelling",
            "mod3d-materials",
            "mod3d-sculpt",
            "draw-digital",
            "anim-tools",
        ],
        "ai_tools": "",
        "ai_profile": _ai(),
        "age_min": 17,
        "age_max": None,
        "application_period": PARCOURSUP,
        "url": "https://rubika-edu.com",
        "description": (
            "Cursus en cinq ans d'une école historique de l'animation et du jeu vidéo, née de "
            "Supinfocom et Supinfogame : dessin, 3D et moteurs de jeu, puis une dernière année "
            "consacrée à un prototype réalisé en équipe et présenté aux professionnels."
        ),
    },
    {
        "title": "Cursus animation 3D et effets visuels (VFX)",
        "provider": "ARTFX",
        "place": "Montpellier",
        "region": "OCC",
        "mode": "in_person",
        "duration": "5 ans",
        "level": "bac+5",
        "rncp_level": None,
        "eqf_level": None,
        "prerequisites": "Baccalauréat ; sélection sur dossier et entretien",
        "certification": (
            "Diplôme d'école ; titres RNCP selon le cycle (à vérifier auprès de l'école)"
        ),
        "cost": "paid",
        "cost_eur": None,
        "funding": "À vérifier auprès de l'école",
        "target_jobs": (
            "Artiste 3D ; Compositeur·rice VFX ; Technical Director ; Lighting artist ; "
            "Animateur·rice"
        ),
        "focus_areas": ["3d-modelling", "animation", "filmmaking", "generative-ai"],
        "competencies": [
            "mod3d-modelling",
            "mod3d-lighting",
            "mod3d-materials",
            "anim-tools",
            "film-post",
            "motion-compositing",
            "genai-fundamentals",
            "genai-critical",
            "genai-ethics",
        ],
        "ai_tools": "",
        "ai_profile": _ai(
            technical=2, creative=3, fundamentals=2, transverse=2, hybridisation=3, integration=1
        ),
        "age_min": 17,
        "age_max": None,
        "application_period": None,
        "url": "https://artfx.school",
        "description": (
            "École d'effets visuels et d'animation 3D qui a intégré l'IA sans en faire un slogan : "
            "épistémologie, fondamentaux (réseaux de neurones, espaces latents), propriété "
            "intellectuelle et écoresponsabilité, puis des périodes « laboratoire » ; un droit de "
            "retrait permet de travailler sans IA."
        ),
    },
    {
        "title": "IA et métiers de l'image (formation continue)",
        "provider": "La Plateforme",
        "place": "Marseille",
        "region": "PAC",
        "mode": "in_person",
        "duration": "3 jours",
        "level": "bac",
        "rncp_level": None,
        "eqf_level": None,
        "prerequisites": (
            "Professionnel·le·s de l'image : graphistes, photographes, directeurs artistiques"
        ),
        "certification": "Attestation de formation",
        "cost": "paid",
        "cost_eur": None,
        "funding": (
            "Formation continue : prise en charge possible selon statut (OPCO, AFDAS, France "
            "Travail)"
        ),
        "target_jobs": "Graphiste ; Photographe ; Directeur·rice artistique ; Reporter d'images",
        "focus_areas": ["generative-ai", "graphic-design", "photography"],
        "competencies": [
            "genai-tools",
            "genai-practice",
            "genai-critical",
            "gfx-compo",
            "photo-editing",
        ],
        "ai_tools": "Midjourney, Magnific AI",
        "ai_profile": _ai(
            technical=2, creative=2, fundamentals=1, transverse=1, hybridisation=2, integration=2
        ),
        "age_min": 18,
        "age_max": None,
        "application_period": None,
        "url": "https://laplateforme.io",
        "description": (
            "Session intensive pour intégrer la génération d'images et de vidéos dans un flux de "
            "production visuelle : prompts, amélioration d'images, exercice sur une affiche "
            "fictive, avec un regard critique sur ces nouvelles pratiques."
        ),
    },
    # ---------------------------------------------------------- à distance, toute la France
    {
        "title": "Comprendre et exploiter les IA génératives",
        "provider": "Orsys",
        "place": "",
        "region": "",
        "mode": "hybrid",
        "duration": "7 heures (1 jour)",
        "level": "bac",
        "rncp_level": None,
        "eqf_level": None,
        "prerequisites": "Aucun prérequis technique",
        "certification": "Attestation de formation",
        "cost": "paid",
        "cost_eur": None,
        "funding": "Prise en charge possible par l'employeur ou l'OPCO",
        "target_jobs": "Tous métiers : salarié·e·s, indépendant·e·s, managers",
        "focus_areas": ["generative-ai"],
        "competencies": ["genai-fundamentals", "genai-tools", "genai-ethics"],
        "ai_tools": "ChatGPT, Gemini, Copilot, Mistral, Claude",
        "ai_profile": _ai(
            technical=1, fundamentals=2, transverse=1, hybridisation=1, integration=1
        ),
        "age_min": 18,
        "age_max": None,
        "application_period": None,
        "url": "https://www.orsys.fr",
        "description": (
            "Journée d'acculturation, en salle ou à distance : fonctionnement et limites des "
            "grands modèles de langage, méthode de rédaction des prompts, usages courants et "
            "points de vigilance juridiques et éthiques. Exemple de sensibilisation cité par "
            "l'étude CNC/AFDAS."
        ),
    },
    {
        "title": "Concours Algoréa (programmation et algorithmique)",
        "provider": "France-ioi",
        "place": "",
        "region": "",
        "mode": "distance",
        "duration": "Trois tours de janvier à mai, puis demi-finale et finale",
        "level": "bac-3",
        "rncp_level": None,
        "eqf_level": None,
        "prerequisites": "Être élève, du CM1 au lycée ; les tours en ligne sont ouverts à tous",
        "certification": "Classement et diplômes de participation",
        "cost": "free",
        "cost_eur": 0,
        "funding": "Gratuit",
        "target_jobs": (
            "Découverte de la programmation ; préparation aux olympiades d'informatique"
        ),
        "focus_areas": ["programming"],
        "competencies": ["prog-logic", "prog-structure", "prog-debug"],
        "ai_tools": "",
        "ai_profile": _ai(),
        "age_min": 10,  # ouvert dès le CM1 ; 10 ans est le plancher du catalogue
        "age_max": 17,
        "application_period": ("01-02", "02-25"),  # premier tour, d'après les éditions passées
        "url": "https://algorea.org",
        "description": (
            "Concours en ligne gratuit, en classe ou chez soi : des défis en Blockly, Scratch ou "
            "Python de difficulté croissante. Les meilleurs rejoignent un stage final et la "
            "sélection pour les olympiades d'informatique."
        ),
    },
    {
        "title": "MOOC « L'Intelligence artificielle… avec intelligence ! »",
        "provider": "Inria (Learning Lab), sur FUN MOOC",
        "place": "",
        "region": "",
        "mode": "distance",
        "duration": "Quelques heures, à son rythme",
        "level": "bac",
        "rncp_level": None,
        "eqf_level": None,
        "prerequisites": "Aucun",
        "certification": "Attestation de suivi de la plateforme",
        "cost": "free",
        "cost_eur": 0,
        "funding": "Gratuit",
        "target_jobs": "Tout public : élèves, enseignant·e·s, citoyen·ne·s",
        "focus_areas": ["generative-ai"],
        "competencies": ["genai-fundamentals", "genai-ethics", "genai-critical"],
        "ai_tools": "",
        "ai_profile": _ai(fundamentals=2, transverse=2),
        "age_min": 15,
        "age_max": None,
        "application_period": None,
        "url": "https://www.fun-mooc.fr",
        "description": (
            "Cours en ligne gratuit d'un institut public de recherche pour comprendre ce qu'est "
            "l'IA, comment apprennent les machines et quels débats cela soulève, sans prérequis "
            "technique."
        ),
    },
    {
        "title": "Ateliers de programmation créative à l'année",
        "provider": "Magic Makers",
        "place": "Paris",
        "region": "IDF",
        "mode": "in_person",
        "duration": "Une séance de 1 h 30 par semaine sur l'année scolaire",
        "level": "bac-3",
        "rncp_level": None,
        "eqf_level": None,
        "prerequisites": "Aucun ; groupes constitués par âge",
        "certification": "Aucune",
        "cost": "paid",
        "cost_eur": None,
        "funding": "Payant ; stages pendant les vacances scolaires également proposés",
        "target_jobs": "Découverte : développeur·se ; game designer ; créateur·rice numérique",
        "focus_areas": ["programming", "video-games"],
        "competencies": ["prog-logic", "prog-creative", "game-design", "game-code"],
        "ai_tools": "",
        "ai_profile": _ai(),
        "age_min": 12,
        "age_max": 15,
        "application_period": None,
        "url": "https://www.magicmakers.fr",
        "description": (
            "Ateliers en petits groupes où l'on crée ses jeux, animations et sites en apprenant "
            "à coder, de Scratch jusqu'aux langages textuels ; des stages existent aussi pendant "
            "les vacances."
        ),
    },
    # ------------------------------------------------------------------------------ Belgique
    {
        "title": "Cursus de programmation du réseau 42",
        "provider": "19 (Campus 19)",
        "place": "Bruxelles",
        "region": "BRU",
        "mode": "in_person",
        "duration": "2 à 5 ans selon le rythme",
        "level": "bac",
        "rncp_level": None,
        "eqf_level": None,
        "prerequisites": (
            "18 ans minimum ; aucun diplôme requis ; tests en ligne puis « piscine » d'un mois"
        ),
        "certification": "Certificat d'école (pas de diplôme officiel)",
        "cost": "free",
        "cost_eur": 0,
        "funding": "Gratuit, financé par des entreprises mécènes",
        "target_jobs": (
            "Développeur·se ; Ingénieur·e logiciel ; Administrateur·rice systèmes ; "
            "Spécialiste sécurité"
        ),
        "focus_areas": ["programming"],
        "competencies": ["prog-logic", "prog-data", "prog-structure", "prog-debug"],
        "ai_tools": "",
        "ai_profile": _ai(technical=1, fundamentals=1),
        "age_min": 18,
        "age_max": None,
        "application_period": None,
        "url": "https://campus19.be",
        "description": (
            "L'antenne belge du réseau 42, à Bruxelles : on apprend gratuitement à coder, sans "
            "professeurs, par projets évalués entre pairs. L'école recrute dans tout le pays, "
            "dont de nombreux Wallons, y compris sans diplôme du secondaire."
        ),
    },
    {
        "title": "Formation intensive IA et data",
        "provider": "BeCode",
        "place": "Bruxelles",
        "region": "BRU",
        "mode": "in_person",
        "duration": "7 mois (stage en entreprise possible ensuite)",
        "level": "bac",
        "rncp_level": None,
        "eqf_level": None,
        "prerequisites": (
            "Public prioritaire : demandeurs d'emploi ; bases de logique et de programmation "
            "appréciées"
        ),
        "certification": "Attestation de formation reconnue par les services publics de l'emploi",
        "cost": "free",
        "cost_eur": 0,
        "funding": "Gratuit pour les demandeurs d'emploi (partenariats publics et privés)",
        "target_jobs": "Développeur·se IA junior ; Data analyst ; Data engineer junior",
        "focus_areas": ["programming", "generative-ai"],
        "competencies": [
            "prog-logic",
            "prog-data",
            "prog-debug",
            "genai-fundamentals",
            "genai-tools",
        ],
        "ai_tools": "",
        "ai_profile": _ai(
            technical=3, fundamentals=2, transverse=1, hybridisation=1, integration=1
        ),
        "age_min": 18,
        "age_max": None,
        "application_period": None,
        "url": "https://becode.org",
        "description": (
            "École de code associative qui forme gratuitement, en quelques mois intensifs, aux "
            "métiers de la donnée et de l'IA. BeCode propose aussi des parcours web et "
            "cybersécurité sur ses autres campus, dont en Wallonie."
        ),
    },
    {
        "title": "Bachelier en techniques graphiques, orientation techniques infographiques",
        "provider": "Haute École Albert Jacquard (HEAJ)",
        "place": "Namur",
        "region": "WAL",
        "mode": "in_person",
        "duration": "3 ans (180 crédits)",
        "level": "bac+3",
        "rncp_level": None,
        "eqf_level": 6,
        "prerequisites": "Certificat d'enseignement secondaire supérieur (CESS) ou équivalent",
        "certification": "Bachelier (grade académique de la Fédération Wallonie-Bruxelles), CEC 6",
        "cost": "paid",
        "cost_eur": None,
        "funding": "Minerval réglementé ; allocations d'études de la Fédération Wallonie-Bruxelles",
        "target_jobs": (
            "Infographiste 3D ; Game artist ; Animateur·rice ; Motion designer ; Développeur·se web"
        ),
        "focus_areas": ["3d-modelling", "animation", "video-games", "motion-graphics"],
        "competencies": [
            "mod3d-modelling",
            "mod3d-materials",
            "mod3d-sculpt",
            "anim-tools",
            "game-art",
            "game-level",
            "motion-design",
        ],
        "ai_tools": "",
        "ai_profile": _ai(),
        "age_min": 17,
        "age_max": None,
        "application_period": BELGIUM_FWB,
        "url": "https://www.heaj.be",
        "description": (
            "Formation pionnière en Belgique (depuis 2000) qui couvre l'image 3D, l'animation, le "
            "jeu vidéo et le web, avec sculpture numérique, habillage sonore et intégration dans "
            "un moteur de jeu."
        ),
    },
    {
        "title": "Master en jeux vidéo",
        "provider": (
            "Haute École Albert Jacquard, avec la Haute École en Hainaut et la HEPH-Condorcet"
        ),
        "place": "Charleroi",
        "region": "WAL",
        "mode": "in_person",
        "duration": "2 ans (120 crédits)",
        "level": "bac+5",
        "rncp_level": None,
        "eqf_level": 7,
        "prerequisites": "Bachelier, par exemple en infographie ou en informatique",
        "certification": "Master (grade académique de la Fédération Wallonie-Bruxelles), CEC 7",
        "cost": "paid",
        "cost_eur": None,
        "funding": "Minerval réglementé ; allocations d'études de la Fédération Wallonie-Bruxelles",
        "target_jobs": (
            "Game designer ; Producteur·rice ; Entrepreneur·e de studio ; Chercheur·se"
        ),
        "focus_areas": ["video-games", "programming", "3d-modelling"],
        "competencies": ["game-design", "game-code", "game-level", "game-test", "game-art"],
        "ai_tools": "",
        "ai_profile": _ai(),
        "age_min": 20,
        "age_max": None,
        "application_period": BELGIUM_FWB,
        "url": "https://www.heaj.be",
        "description": (
            "Premier master belge consacré au jeu vidéo (2022), donné à Charleroi et Tamines : il "
            "forme des profils de conception, de production et d'entrepreneuriat capables de "
            "créer et diriger des studios en Wallonie."
        ),
    },
    {
        "title": "Bachelier en techniques graphiques, orientation techniques infographiques",
        "provider": "Haute École de la Province de Liège (HEPL)",
        "place": "Liège",
        "region": "WAL",
        "mode": "in_person",
        "duration": "3 ans (180 crédits)",
        "level": "bac+3",
        "rncp_level": None,
        "eqf_level": 6,
        "prerequisites": "Certificat d'enseignement secondaire supérieur (CESS) ou équivalent",
        "certification": "Bachelier (grade académique de la Fédération Wallonie-Bruxelles), CEC 6",
        "cost": "paid",
        "cost_eur": None,
        "funding": "Minerval réglementé ; allocations d'études de la Fédération Wallonie-Bruxelles",
        "target_jobs": "Infographiste ; Webdesigner ; Motion designer ; Graphiste multimédia",
        "focus_areas": ["graphic-design", "motion-graphics", "3d-modelling"],
        "competencies": [
            "gfx-compo",
            "gfx-tools",
            "motion-design",
            "mod3d-modelling",
            "photo-editing",
        ],
        "ai_tools": "",
        "ai_profile": _ai(),
        "age_min": 17,
        "age_max": None,
        "application_period": BELGIUM_FWB,
        "url": "https://www.provincedeliege.be",
        "description": (
            "Formation d'infographie de la haute école provinciale liégeoise, en trois blocs et "
            "par projets ; le dernier bloc comprend douze semaines de stage en entreprise et un "
            "projet de fin d'études."
        ),
    },
    {
        "title": "Bachelier en bande dessinée",
        "provider": "École supérieure des arts Saint-Luc Liège (ESA Saint-Luc)",
        "place": "Liège",
        "region": "WAL",
        "mode": "in_person",
        "duration": "3 ans (180 crédits)",
        "level": "bac+3",
        "rncp_level": None,
        "eqf_level": 6,
        "prerequisites": "CESS ou équivalent ; épreuve d'admission",
        "certification": "Bachelier (grade académique de la Fédération Wallonie-Bruxelles), CEC 6",
        "cost": "paid",
        "cost_eur": None,
        "funding": "Minerval réglementé ; allocations d'études de la Fédération Wallonie-Bruxelles",
        "target_jobs": (
            "Auteur·rice de bande dessinée ; Illustrateur·rice ; Storyboarder ; Coloriste"
        ),
        "focus_areas": ["drawing", "graphic-design"],
        "competencies": [
            "draw-observation",
            "draw-perspective",
            "draw-value",
            "draw-storytelling",
            "draw-digital",
        ],
        "ai_tools": "",
        "ai_profile": _ai(),
        "age_min": 17,
        "age_max": None,
        "application_period": BELGIUM_FWB,
        "url": "https://www.saint-luc.be",
        "description": (
            "Trois ans pour apprendre à raconter en images : scénario, découpage, composition, "
            "perspective, encrage et couleur, jusqu'à un projet personnel défendu devant un jury "
            "de professionnels. L'école compte neuf sections artistiques."
        ),
    },
    {
        "title": "Master en sciences informatiques",
        "provider": "Université de Liège (ULiège)",
        "place": "Liège",
        "region": "WAL",
        "mode": "in_person",
        "duration": "2 ans (120 crédits)",
        "level": "bac+5",
        "rncp_level": None,
        "eqf_level": 7,
        "prerequisites": "Bachelier en sciences informatiques, ou année passerelle",
        "certification": "Master (grade académique de la Fédération Wallonie-Bruxelles), CEC 7",
        "cost": "paid",
        "cost_eur": 835,  # minerval plein
        "funding": "Minerval réduit selon la situation ; allocations d'études",
        "target_jobs": ("Ingénieur·e logiciel ; Data scientist ; Développeur·se IA ; Chercheur·se"),
        "focus_areas": ["programming", "generative-ai"],
        "competencies": ["prog-data", "prog-structure", "prog-logic", "genai-fundamentals"],
        "ai_tools": "",
        "ai_profile": _ai(technical=2, fundamentals=2, transverse=1, integration=1),
        "age_min": 20,
        "age_max": None,
        "application_period": BELGIUM_FWB,
        "url": "https://www.uliege.be",
        "description": (
            "Master universitaire liégeois en informatique, avec des enseignements avancés, "
            "notamment en apprentissage automatique et en science des données. L'ULiège est "
            "partie prenante du projet TUMO Liège."
        ),
    },
    {
        "title": "Formations qualifiantes aux métiers du numérique (demandeurs d'emploi)",
        "provider": "Le Forem",
        "place": "Liège",
        "region": "WAL",
        "mode": "in_person",
        "duration": "De quelques semaines à quelques mois selon la formation",
        "level": "bac",
        "rncp_level": None,
        "eqf_level": None,
        "prerequisites": (
            "Être inscrit·e comme demandeur·se d'emploi en Wallonie ; tests d'entrée selon la "
            "formation"
        ),
        "certification": "Attestation de formation",
        "cost": "free",
        "cost_eur": 0,
        "funding": "Gratuit pour les demandeurs d'emploi",
        "target_jobs": (
            "Développeur·se ; Technicien·ne informatique ; Infographiste ; Technicien·ne réseaux"
        ),
        "focus_areas": ["programming", "graphic-design"],
        "competencies": ["prog-logic", "prog-structure", "gfx-tools"],
        "ai_tools": "",
        "ai_profile": _ai(),
        "age_min": 18,
        "age_max": None,
        "application_period": None,
        "url": "https://www.leforem.be",
        "description": (
            "Le service public wallon de l'emploi et de la formation organise, seul ou avec des "
            "centres partenaires, des formations gratuites pour se qualifier dans le numérique. "
            "Il est partenaire de TUMO Liège."
        ),
    },
    {
        "title": "Bachelier en cinéma d'animation",
        "provider": "École nationale supérieure des arts visuels de La Cambre",
        "place": "Bruxelles",
        "region": "BRU",
        "mode": "in_person",
        "duration": "3 ans (180 crédits), puis master possible",
        "level": "bac+3",
        "rncp_level": None,
        "eqf_level": 6,
        "prerequisites": "CESS ou équivalent ; épreuve d'admission",
        "certification": "Bachelier (grade académique de la Fédération Wallonie-Bruxelles), CEC 6",
        "cost": "paid",
        "cost_eur": None,
        "funding": "Minerval réglementé ; allocations d'études de la Fédération Wallonie-Bruxelles",
        "target_jobs": ("Réalisateur·rice de films d'animation ; Animateur·rice ; Storyboarder"),
        "focus_areas": ["animation", "drawing", "filmmaking"],
        "competencies": [
            "anim-principles",
            "anim-timing",
            "anim-drawing",
            "anim-story",
            "draw-storytelling",
            "film-language",
        ],
        "ai_tools": "",
        "ai_profile": _ai(),
        "age_min": 17,
        "age_max": None,
        "application_period": BELGIUM_FWB,
        "url": "https://www.lacambre.be",
        "description": (
            "Atelier d'animation d'une grande école d'art publique bruxelloise, tourné vers le "
            "film d'auteur et la diversité des techniques, du dessin au volume et au numérique."
        ),
    },
    {
        "title": "Bachelor Digital Arts and Entertainment",
        "provider": "Howest, haute école de Flandre-Occidentale",
        "place": "Courtrai",
        "region": "VLG",
        "mode": "in_person",
        "duration": "3 ans (180 crédits)",
        "level": "bac+3",
        "rncp_level": None,
        "eqf_level": 6,
        "prerequisites": "Diplôme de fin d'études secondaires ; cours donnés en anglais",
        "certification": "Bachelor professionnel (Communauté flamande), CEC 6",
        "cost": "paid",
        "cost_eur": None,
        "funding": "Droits d'inscription flamands ; bourses d'études",
        "target_jobs": (
            "Game developer ; Game artist ; Artiste 3D et VFX ; Développeur·se temps réel"
        ),
        "focus_areas": ["video-games", "3d-modelling", "animation", "programming"],
        "competencies": [
            "game-code",
            "game-art",
            "game-design",
            "mod3d-modelling",
            "anim-tools",
            "prog-structure",
        ],
        "ai_tools": "",
        "ai_profile": _ai(),
        "age_min": 17,
        "age_max": None,
        "application_period": None,
        "url": "https://www.digitalartsandentertainment.be",
        "description": (
            "Formation flamande au jeu vidéo et à l'image numérique, enseignée en anglais et "
            "régulièrement classée parmi les meilleures au monde en conception et développement "
            "de jeux."
        ),
    },
    {
        "title": "Clubs de programmation gratuits (CoderDojo)",
        "provider": "CoderDojo Belgium",
        "place": "",
        "region": "",
        "mode": "in_person",
        "duration": "Séances ponctuelles, souvent le week-end",
        "level": "bac-3",
        "rncp_level": None,
        "eqf_level": None,
        "prerequisites": "Aucun ; apporter son ordinateur si possible",
        "certification": "Aucune",
        "cost": "free",
        "cost_eur": 0,
        "funding": "Gratuit, animé par des bénévoles",
        "target_jobs": "Découverte : programmation ; robotique ; création numérique",
        "focus_areas": ["programming", "robotics"],
        "competencies": ["prog-logic", "prog-creative", "robo-programming", "robo-electronics"],
        "ai_tools": "",
        "ai_profile": _ai(),
        "age_min": 10,  # ouvert dès 7 ans ; 10 ans est le plancher du catalogue
        "age_max": 18,
        "application_period": None,
        "url": "https://www.coderdojobelgium.be",
        "description": (
            "Réseau de clubs où des bénévoles initient gratuitement les 7-18 ans au code, à "
            "l'électronique et à la création numérique, dans de nombreuses villes de Belgique."
        ),
    },
]
