"""Data that ships with every Parcours install (not only the demo): the network's panel of
twelve creative technologies and the AI competency grid of the CNC/AFDAS study (seed 003,
"Grille des attendus": 6 axes x 3 levels, objectives acculturation / utilisation / intégration).

Plain data, no Django: the data migration and the ``catalogue_seed`` service both read it.
"""

from __future__ import annotations

FOCUS_AREAS: list[dict[str, object]] = [
    {
        "slug": "programming",
        "order": 1,
        "colour": "#1d4ed8",
        "name": {"fr": "Programmation", "en": "Programming"},
        "description": {
            "fr": "Écrire des programmes, des sites et des applications.",
            "en": "Writing programs, websites and apps.",
        },
    },
    {
        "slug": "animation",
        "order": 2,
        "colour": "#b91c1c",
        "name": {"fr": "Animation", "en": "Animation"},
        "description": {
            "fr": "Donner vie à des personnages en 2D et en 3D.",
            "en": "Bringing characters to life in 2D and 3D.",
        },
    },
    {
        "slug": "video-games",
        "order": 3,
        "colour": "#7e22ce",
        "name": {"fr": "Jeu vidéo", "en": "Video games"},
        "description": {
            "fr": "Concevoir et développer des jeux jouables.",
            "en": "Designing and building playable games.",
        },
    },
    {
        "slug": "graphic-design",
        "order": 4,
        "colour": "#c2410c",
        "name": {"fr": "Design graphique", "en": "Graphic design"},
        "description": {
            "fr": "Affiches, logos, typographie et identité visuelle.",
            "en": "Posters, logos, typography and visual identity.",
        },
    },
    {
        "slug": "filmmaking",
        "order": 5,
        "colour": "#0f766e",
        "name": {"fr": "Cinéma et montage vidéo", "en": "Filmmaking and video editing"},
        "description": {
            "fr": "Écrire, tourner et monter des films.",
            "en": "Writing, shooting and editing films.",
        },
    },
    {
        "slug": "robotics",
        "order": 6,
        "colour": "#4d7c0f",
        "name": {"fr": "Robotique", "en": "Robotics"},
        "description": {
            "fr": "Capteurs, moteurs et microcontrôleurs.",
            "en": "Sensors, motors and microcontrollers.",
        },
    },
    {
        "slug": "music",
        "order": 7,
        "colour": "#be185d",
        "name": {"fr": "Musique numérique", "en": "Digital music"},
        "description": {
            "fr": "Composer, enregistrer et mixer.",
            "en": "Composing, recording and mixing.",
        },
    },
    {
        "slug": "3d-modelling",
        "order": 8,
        "colour": "#0369a1",
        "name": {"fr": "Modélisation 3D", "en": "3D modelling"},
        "description": {
            "fr": "Modeler, texturer et éclairer des objets et des décors.",
            "en": "Modelling, texturing and lighting objects and sets.",
        },
    },
    {
        "slug": "drawing",
        "order": 9,
        "colour": "#a16207",
        "name": {"fr": "Dessin", "en": "Drawing"},
        "description": {
            "fr": "Dessin d'observation, personnages, bande dessinée.",
            "en": "Observational drawing, characters, comics.",
        },
    },
    {
        "slug": "photography",
        "order": 10,
        "colour": "#374151",
        "name": {"fr": "Photographie", "en": "Photography"},
        "description": {
            "fr": "Cadrer, exposer, retoucher et raconter en images.",
            "en": "Framing, exposing, editing and telling stories in pictures.",
        },
    },
    {
        "slug": "motion-graphics",
        "order": 11,
        "colour": "#9333ea",
        "name": {"fr": "Motion design", "en": "Motion graphics"},
        "description": {
            "fr": "Animer du texte, des formes et des infographies.",
            "en": "Animating text, shapes and infographics.",
        },
    },
    {
        "slug": "generative-ai",
        "order": 12,
        "colour": "#047857",
        "name": {"fr": "IA générative", "en": "Generative AI"},
        "description": {
            "fr": "Comprendre, utiliser et questionner l'IA qui crée.",
            "en": "Understanding, using and questioning AI that creates.",
        },
    },
]

AI_GRID_LEVELS = [
    {"number": 1, "name": {"fr": "Acculturation", "en": "Acculturation"}},
    {"number": 2, "name": {"fr": "Utilisation", "en": "Use"}},
    {"number": 3, "name": {"fr": "Intégration", "en": "Integration"}},
]

AI_GRID: dict[str, object] = {
    "key": "ai-grid-cnc-afdas",
    "name": {
        "fr": "Grille des attendus de compétences IA (étude CNC/AFDAS)",
        "en": "AI competency grid (CNC/AFDAS study)",
    },
    "description": {
        "fr": "Six axes sur trois niveaux, correspondant aux trois objectifs de formation : "
        "acculturation (découvrir les grandes notions et la valeur ajoutée de l'IA), "
        "utilisation (comprendre et manipuler en autonomie les outils IA), intégration "
        "(savoir intégrer l'IA dans sa pratique).",
        "en": "Six axes on three levels, matching the three training objectives: acculturation "
        "(discovering the main notions and the added value of AI), use (understanding and "
        "handling AI tools independently), integration (knowing how to integrate AI into "
        "one's practice).",
    },
    "source": "CNC / AFDAS, étude sur les formations à l'IA dans le cinéma, l'audiovisuel, "
    "l'animation et le jeu vidéo (2025), « Grille des attendus »",
    "competencies": [
        {
            "key": "ai-technical",
            "name": {"fr": "Maîtrise technique", "en": "Technical mastery"},
            "levels": [
                {
                    "fr": "Présentation des caractéristiques d'une ou plusieurs solutions, de leur "
                    "positionnement dans l'écosystème des solutions d'IA et de leur valeur "
                    "ajoutée pour l'exercice du métier.",
                    "en": "Presentation of the features of one or more tools, their place in the AI "
                    "tool ecosystem and their added value for the craft.",
                },
                {
                    "fr": "Prise en main guidée et maîtrise opérationnelle de l'outil (découverte des "
                    "fonctionnalités de base, prompting basique, mise en application autour "
                    "d'un cas d'usage métier).",
                    "en": "Guided hands-on use and operational command of the tool (basic features, "
                    "basic prompting, applied to a professional use case).",
                },
                {
                    "fr": "Expertise technique avancée (workflows complexes multi-outils, interfaces "
                    "nodales, API, LoRA).",
                    "en": "Advanced technical expertise (complex multi-tool workflows, node-based "
                    "interfaces, APIs, LoRA).",
                },
            ],
        },
        {
            "key": "ai-creative",
            "name": {"fr": "Créativité et regard critique", "en": "Creativity and critical view"},
            "levels": [
                {
                    "fr": "Application créative guidée (exercices avec consignes précises, sans "
                    "projet).",
                    "en": "Guided creative application (exercises with precise instructions, no "
                    "project).",
                },
                {
                    "fr": "Création d'un projet personnel et retour sur le résultat (avec le souci "
                    "d'un résultat cohérent avec une identité artistique ou un style propre).",
                    "en": "Creating a personal project with feedback on the result (consistent with "
                    "an artistic identity or a style of one's own).",
                },
                {
                    "fr": "Développement d'une posture créative réflexive (débat collectif sur la "
                    "valeur créative de l'IA, capacité d'arbitrage et de critique du résultat).",
                    "en": "A reflective creative stance (collective debate on the creative value of "
                    "AI, the ability to judge and critique the result).",
                },
            ],
        },
        {
            "key": "ai-fundamentals",
            "name": {"fr": "Maîtrise des fondamentaux de l'IA", "en": "AI fundamentals"},
            "levels": [
                {
                    "fr": "Culture générale de l'IA (historique, types d'IA : apprentissage "
                    "automatique ou IA générative).",
                    "en": "General AI culture (history, kinds of AI: machine learning or generative "
                    "AI).",
                },
                {
                    "fr": "Compréhension des concepts clés (modèles génératifs, fonctionnement d'un "
                    "LLM, notion d'hallucination...).",
                    "en": "Understanding the key concepts (generative models, how an LLM works, "
                    "hallucinations...).",
                },
                {
                    "fr": "Compréhension technique approfondie (architectures : réseaux de neurones, "
                    "Transformers, traitement du langage...).",
                    "en": "In-depth technical understanding (architectures: neural networks, "
                    "Transformers, NLP...).",
                },
            ],
        },
        {
            "key": "ai-transverse",
            "name": {"fr": "Maîtrise des enjeux transverses", "en": "Cross-cutting issues"},
            "levels": [
                {
                    "fr": "Sensibilisation aux enjeux éthiques, juridiques (dont la propriété "
                    "intellectuelle) et environnementaux.",
                    "en": "Awareness of ethical, legal (including intellectual property) and "
                    "environmental issues.",
                },
                {
                    "fr": "Compréhension approfondie du cadre (RGPD, AI Act, droit d'auteur, "
                    "empreinte carbone).",
                    "en": "In-depth understanding of the framework (GDPR, AI Act, copyright, carbon "
                    "footprint).",
                },
                {
                    "fr": "Capacité d'analyse des risques et positionnement critique (débat éthique, "
                    "évaluation des risques, stratégie de conformité, arbitrage).",
                    "en": "Risk analysis and a critical stance (ethical debate, risk assessment, "
                    "compliance strategy, trade-offs).",
                },
            ],
        },
        {
            "key": "ai-hybridisation",
            "name": {
                "fr": "Hybridation avec les savoir-faire métiers",
                "en": "Hybridisation with craft skills",
            },
            "levels": [
                {
                    "fr": "Maîtrise de la solution d'IA, sans contextualisation au métier et à ses "
                    "pratiques.",
                    "en": "Command of the AI tool, without reference to the craft and its "
                    "practices.",
                },
                {
                    "fr": "IA appliquée au métier (cas d'usage sectoriels, intégration des solutions "
                    "IA et des outils existants).",
                    "en": "AI applied to the craft (sector use cases, combining AI tools with "
                    "existing ones).",
                },
                {
                    "fr": "Fondamentaux du métier avec l'IA comme accélérateur, en articulant "
                    "explicitement savoir-faire classique et IA.",
                    "en": "The craft's fundamentals with AI as an accelerator, explicitly linking "
                    "classic skills and AI.",
                },
            ],
        },
        {
            "key": "ai-integration",
            "name": {
                "fr": "Intégration dans l'organisation du travail",
                "en": "Integration into the way of working",
            },
            "levels": [
                {
                    "fr": "Usage individuel de l'outil (optimisation de tâches).",
                    "en": "Individual use of the tool (optimising tasks).",
                },
                {
                    "fr": "Construction et conception d'un workflow IA complet (à l'échelle "
                    "individuelle et d'un projet).",
                    "en": "Building and designing a complete AI workflow (for oneself and for a "
                    "project).",
                },
                {
                    "fr": "Transformation de l'organisation du travail (impacts sur l'équipe, "
                    "nouveaux rôles, stratégie d'adoption, conduite du changement).",
                    "en": "Transforming the way a team works (impact on the team, new roles, "
                    "adoption strategy, change management).",
                },
            ],
        },
    ],
}
