"""Default ADVP stage templates shipped with Parcours: one interview guide and one workshop
plan per stage, in French and English, for centres to copy and adapt.

ADVP (Activation du Développement Vocationnel et Personnel) is an educational approach to
career guidance designed in Québec in the early 1970s by Denis Pelletier, Gilles Noiseux and
Charles Bujold. It holds that every young person can act on their own future and already has
the resources to do so: the counsellor offers structured, experience-based activities rather
than a verdict. A choice is built through four vocational tasks, each calling on one way of
thinking: exploration (creative: widen what is possible, about oneself and the world of
work), crystallisation (categorical: sort, group and name preferences, values and strengths),
specification (evaluative: rank options by desirability and feasibility, then choose a
target) and realisation (implicative: turn the choice into a dated action plan and act)."""

from __future__ import annotations

STAGES = ("exploration", "crystallisation", "specification", "realisation")


def _t(fr: str, en: str) -> dict[str, str]:
    return {"fr": fr, "en": en}


DEFAULT_TEMPLATES: list[dict[str, object]] = [
    # -- Exploration: open up, without sorting yet -------------------------------------------
    {
        "stage": "exploration",
        "kind": "interview",
        "key": "exploration-interview",
        "title": _t(
            "Entretien d’exploration : ce qui t’anime",
            "Exploration interview: what drives you",
        ),
        "goal": _t(
            "Faire émerger, sans trier ni juger, ce que l’élève aime faire au centre et "
            "ailleurs. Ouvrir largement l’éventail des métiers liés à ses spécialités.",
            "Bring out, without sorting or judging, what the student enjoys doing at the "
            "centre and elsewhere. Open up the range of jobs linked to their focus areas.",
        ),
        "duration_minutes": 40,
        "steps": [
            _t(
                "Raconte-moi un projet du centre dont tu es fier·e (un lab, une activité, un "
                "masterlab) : qu’est-ce que tu as fait, toi, du début à la fin ?",
                "Tell me about a project at the centre you are proud of (a lab, an activity, "
                "a masterlab): what did you do yourself, from start to finish?",
            ),
            _t(
                "En dehors du centre, à quoi passes-tu du temps sans voir les heures passer "
                "(jeux, dessin, musique, bricolage, vidéos, sport, associations…) ? Qu’est-ce "
                "qui te plaît exactement dans ces moments-là ?",
                "Outside the centre, what do you spend time on without noticing the hours go "
                "by (games, drawing, music, tinkering, videos, sport, clubs…)? What exactly do "
                "you enjoy in those moments?",
            ),
            _t(
                "Parmi tes spécialités (programmation, animation, jeu vidéo, musique, 3D, "
                "photo…), laquelle t’a le plus surpris·e ? Et laquelle aimerais-tu essayer "
                "alors que tu ne l’as pas encore choisie ?",
                "Among your focus areas (programming, animation, video games, music, 3D, "
                "photography…), which one surprised you most? And which one would you like to "
                "try even though you have not chosen it yet?",
            ),
            _t(
                "Pense à un jeu, un film, un clip ou une appli que tu adores : à ton avis, "
                "quels métiers a-t-il fallu pour le fabriquer ? Citons-en le plus possible, "
                "même ceux dont tu ne connais pas le nom exact.",
                "Think of a game, film, music video or app you love: which jobs do you think "
                "it took to make it? Let’s list as many as we can, even those whose exact name "
                "you do not know.",
            ),
            _t(
                "Dans ton entourage, qui a un métier qui t’intrigue ? Qu’aimerais-tu lui "
                "demander ?",
                "Who around you has a job that intrigues you? What would you like to ask them?",
            ),
            _t(
                "Qu’est-ce que ta famille, ton collège ou ton lycée et tes ami·es attendent de "
                "toi pour ton orientation ? Et toi, qu’en penses-tu ?",
                "What do your family, your school and your friends expect of you for your "
                "future studies? And what do you think about it?",
            ),
            _t(
                "D’ici le prochain entretien, choisis trois métiers de notre liste et trouve "
                "pour chacun une fiche métier et une vidéo de témoignage : note ce qui t’attire "
                "et ce qui te pose question.",
                "Before the next interview, pick three jobs from our list and find a job "
                "profile and a testimony video for each: note what attracts you and what "
                "puzzles you.",
            ),
        ],
        "resources": [
            _t(
                "Le portfolio de l’élève, pour partir de ses propres réalisations",
                "The student’s portfolio, to start from their own work",
            ),
            _t(
                "Les fiches métiers et vidéos de témoignage de l’ONISEP",
                "ONISEP job profiles and testimony videos",
            ),
        ],
    },
    {
        "stage": "exploration",
        "kind": "workshop",
        "key": "exploration-workshop-credits",
        "title": _t(
            "Atelier : les métiers derrière un générique",
            "Workshop: the jobs behind the credits",
        ),
        "goal": _t(
            "Découvrir en groupe la diversité des métiers de la création et de la tech à "
            "partir des génériques de films, de jeux vidéo et d’albums que les élèves "
            "connaissent.",
            "Discover as a group the variety of creative and tech jobs, starting from the "
            "credits of films, video games and albums the students already know.",
        ),
        "duration_minutes": 110,
        "steps": [
            _t(
                "Brise-glace (10 min) : chacun·e se présente avec une œuvre qui l’a marqué·e "
                "(film, jeu, morceau, appli) et une spécialité pratiquée au centre.",
                "Icebreaker (10 min): everyone introduces themselves with a work that stayed "
                "with them (film, game, track, app) and a focus area they practise at the "
                "centre.",
            ),
            _t(
                "Projection (15 min) : diffuser le générique de fin d’un film d’animation puis "
                "celui d’un jeu vidéo. En binômes, les élèves notent tous les intitulés de "
                "postes qu’ils et elles repèrent.",
                "Screening (15 min): play the end credits of an animated film, then those of "
                "a video game. In pairs, students write down every job title they spot.",
            ),
            _t(
                "Le jeu des familles (25 min) : par équipes, classer les métiers repérés en "
                "familles (écriture, image, son, programmation, production, diffusion…) ; "
                "l’équipe qui explique correctement le plus de métiers gagne.",
                "Job families game (25 min): in teams, sort the jobs spotted into families "
                "(writing, image, sound, programming, production, distribution…); the team "
                "that correctly explains the most jobs wins.",
            ),
            _t(
                "Enquête éclair (25 min) : chaque équipe tire trois métiers méconnus (rigger, "
                "sound designer, étalonneur·euse, technical artist, motion designer, "
                "roboticien·ne…) et cherche dans les fiches ONISEP en quoi ils consistent, "
                "avec quels outils et après quelle formation.",
                "Quick investigation (25 min): each team draws three lesser-known jobs "
                "(rigger, sound designer, colourist, technical artist, motion designer, "
                "robotics engineer…) and looks up in the ONISEP profiles what the work "
                "involves, which tools it uses and which training leads to it.",
            ),
            _t(
                "Restitution (20 min) : chaque équipe présente ses métiers en une minute "
                "chacun et relie chacun à une spécialité du centre (animation, jeu vidéo, "
                "musique, robotique, 3D, IA générative…).",
                "Report back (20 min): each team presents its jobs in one minute each and "
                "links each one to a focus area of the centre (animation, video games, music, "
                "robotics, 3D, generative AI…).",
            ),
            _t(
                "Carnet d’exploration (15 min) : chacun·e note trois métiers qui l’intriguent "
                "et une question à poser à un·e professionnel·le lors de la journée "
                "d’orientation ou d’une rencontre inspirante.",
                "Exploration notebook (15 min): everyone writes down three jobs that intrigue "
                "them and one question to ask a professional at the orientation day or an "
                "inspiring meeting.",
            ),
        ],
        "resources": [
            _t(
                "Génériques de films d’animation et de jeux vidéo choisis à l’avance",
                "Credits of animated films and video games chosen in advance",
            ),
            _t("Les fiches métiers de l’ONISEP", "ONISEP job profiles"),
        ],
    },
    # -- Crystallisation: sort, group and name ------------------------------------------------
    {
        "stage": "crystallisation",
        "kind": "interview",
        "key": "crystallisation-interview",
        "title": _t(
            "Entretien de cristallisation : mettre des mots sur tes préférences",
            "Crystallisation interview: putting your preferences into words",
        ),
        "goal": _t(
            "Aider l’élève à regrouper ce qu’il ou elle a exploré et à nommer ses préférences, "
            "ses valeurs et ses points forts, en s’appuyant sur son portfolio et ses "
            "compétences validées. Dégager deux ou trois pistes.",
            "Help the student group together what they have explored and name their "
            "preferences, values and strengths, drawing on their portfolio and validated "
            "competencies. Draw out two or three leads.",
        ),
        "duration_minutes": 45,
        "steps": [
            _t(
                "Reprenons ta liste de métiers et d’activités : lesquels vont ensemble selon "
                "toi ? Fais des groupes et donne un nom à chacun.",
                "Let’s go back over your list of jobs and activities: which ones belong "
                "together in your view? Make groups and give each one a name.",
            ),
            _t(
                "Ouvrons ton portfolio : choisis les deux travaux que tu préfères et un que tu "
                "aimes moins. Qu’est-ce qui fait la différence : le sujet, l’outil, le travail "
                "en équipe, le résultat ?",
                "Let’s open your portfolio: pick the two pieces you like best and one you like "
                "less. What makes the difference: the subject, the tool, the teamwork, the "
                "result?",
            ),
            _t(
                "Voici les compétences que tu as validées dans les labs et les activités : "
                "lesquelles te font dire « ça, c’est moi » ? Lesquelles as-tu validées sans "
                "vraiment y prendre plaisir ?",
                "Here are the competencies you have validated in labs and activities: which "
                "ones make you think ‘that’s me’? Which ones did you validate without really "
                "enjoying them?",
            ),
            _t(
                "Dans un futur métier, qu’est-ce qui compte le plus pour toi : créer, résoudre "
                "des problèmes, travailler en équipe, être utile aux autres, être autonome, "
                "bien gagner ta vie, voyager ? Classe tes trois premiers choix.",
                "In a future job, what matters most to you: creating, solving problems, "
                "working in a team, being useful to others, being independent, earning a good "
                "living, travelling? Rank your top three.",
            ),
            _t(
                "Préfères-tu imaginer une idée, la fabriquer, la faire fonctionner ou la "
                "montrer au public ? Donne-moi un exemple tiré d’un de tes projets.",
                "Do you prefer imagining an idea, making it, making it work or showing it to "
                "an audience? Give me an example from one of your projects.",
            ),
            _t(
                "Si tu devais résumer en une phrase ce que tu cherches, que dirais-tu ? (par "
                "exemple : « raconter des histoires avec l’image et le son »)",
                "If you had to sum up what you are looking for in one sentence, what would you "
                "say? (for example: ‘telling stories through image and sound’)",
            ),
            _t(
                "À partir de tout ça, quelles deux ou trois pistes veux-tu garder pour la "
                "suite ? Que te manque-t-il pour pouvoir les comparer ?",
                "From all this, which two or three leads do you want to keep for the next "
                "stage? What do you still need to know to compare them?",
            ),
        ],
        "resources": [
            _t(
                "Le portfolio de l’élève et la liste de ses compétences validées",
                "The student’s portfolio and list of validated competencies",
            ),
            _t(
                "Le carnet d’exploration rempli à l’étape précédente",
                "The exploration notebook filled in at the previous stage",
            ),
        ],
    },
    {
        "stage": "crystallisation",
        "kind": "workshop",
        "key": "crystallisation-workshop-card-sort",
        "title": _t(
            "Atelier : le tri de cartes valeurs et métiers",
            "Workshop: values and jobs card sort",
        ),
        "goal": _t(
            "Trier des cartes valeurs et métiers pour faire apparaître ce qui compte vraiment "
            "pour chacun·e, puis relier ces valeurs à des familles de métiers de la création "
            "et de la tech.",
            "Sort value and job cards to reveal what really matters to each student, then "
            "connect those values to families of creative and tech jobs.",
        ),
        "duration_minutes": 100,
        "steps": [
            _t(
                "Mise en route (10 min) : rappeler le principe de l’étape (trier, regrouper, "
                "nommer) et les règles du groupe : pas de bonne réponse, on respecte les choix "
                "des autres.",
                "Warm-up (10 min): recall what this stage is about (sorting, grouping, naming) "
                "and the group rules: there is no right answer, and everyone’s choices are "
                "respected.",
            ),
            _t(
                "Tri des valeurs (20 min) : chacun·e reçoit une vingtaine de cartes "
                "(créativité, sécurité de l’emploi, travail en équipe, liberté, reconnaissance, "
                "utilité sociale, défi technique, voyages…) et les répartit en trois piles : "
                "essentiel, important, secondaire. Cinq cartes « essentiel » au maximum.",
                "Values sort (20 min): everyone receives about twenty cards (creativity, job "
                "security, teamwork, freedom, recognition, social usefulness, technical "
                "challenge, travel…) and sorts them into three piles: essential, important, "
                "secondary. Five ‘essential’ cards at most.",
            ),
            _t(
                "Tri des métiers (25 min) : avec une trentaine de cartes liées aux spécialités "
                "(développeur·euse, animateur·rice 2D, game designer, graphiste, chef·fe "
                "opérateur·rice, roboticien·ne, compositeur·rice, modeleur·euse 3D, "
                "illustrateur·rice, photographe, motion designer, ingénieur·e en IA…), faire "
                "trois piles : m’attire, je ne sais pas, ne m’attire pas.",
                "Jobs sort (25 min): with about thirty cards linked to the focus areas "
                "(developer, 2D animator, game designer, graphic designer, director of "
                "photography, robotics engineer, composer, 3D modeller, illustrator, "
                "photographer, motion designer, AI engineer…), make three piles: attracts me, "
                "not sure, does not attract me.",
            ),
            _t(
                "Le pont (20 min) : en binômes, chacun·e explique à l’autre en quoi ses métiers "
                "« m’attire » correspondent (ou non) à ses valeurs essentielles ; le ou la "
                "partenaire pose des questions et relève les mots qui reviennent.",
                "The bridge (20 min): in pairs, each student explains to the other how their "
                "‘attracts me’ jobs match (or do not match) their essential values; the partner "
                "asks questions and notes the words that keep coming back.",
            ),
            _t(
                "Ma carte d’identité vocationnelle (15 min) : chacun·e remplit une fiche avec "
                "ses cinq valeurs, trois familles de métiers et trois points forts prouvés par "
                "son portfolio ou ses compétences validées.",
                "My vocational ID card (15 min): everyone fills in a sheet with their five "
                "values, three job families and three strengths backed up by their portfolio "
                "or validated competencies.",
            ),
            _t(
                "Tour de table (10 min) : chacun·e partage une découverte sur soi ; "
                "l’animateur·rice note les pistes à approfondir en entretien individuel.",
                "Closing round (10 min): everyone shares one thing they have discovered about "
                "themselves; the coach notes the leads to explore further in individual "
                "interviews.",
            ),
        ],
        "resources": [
            _t(
                "Un jeu de cartes valeurs et métiers, imprimé ou fabriqué avec le groupe",
                "A deck of value and job cards, printed or made with the group",
            ),
            _t(
                "Le portfolio et les compétences validées de chaque élève",
                "Each student’s portfolio and validated competencies",
            ),
            _t(
                "Les fiches métiers de l’ONISEP pour les cartes « je ne sais pas »",
                "ONISEP job profiles for the ‘not sure’ cards",
            ),
        ],
    },
    # -- Specification: rank, weigh feasibility and choose a target ---------------------------
    {
        "stage": "specification",
        "kind": "interview",
        "key": "specification-interview",
        "title": _t(
            "Entretien de spécification : choisir une cible",
            "Specification interview: choosing a target",
        ),
        "goal": _t(
            "Aider l’élève à hiérarchiser ses pistes selon ce qui est le plus désirable et le "
            "plus faisable, puis à choisir une formation ou une école cible et une solution de "
            "repli.",
            "Help the student rank their leads by what is most desirable and most feasible, "
            "then choose a target course or school and a fallback option.",
        ),
        "duration_minutes": 45,
        "steps": [
            _t(
                "Rappelle-moi tes deux ou trois pistes : pour chacune, quelle formation ou "
                "quelle école y mène à partir de ta classe actuelle ?",
                "Remind me of your two or three leads: for each one, which course or school "
                "leads there from where you are now in school?",
            ),
            _t(
                "Pour chaque piste, note de 1 à 5 ton envie, puis son réalisme aujourd’hui "
                "(résultats scolaires, coût, distance, durée). Qu’est-ce qui fait baisser la "
                "note de réalisme ?",
                "For each lead, score from 1 to 5 how much you want it, then how realistic it "
                "is today (school results, cost, distance, length). What lowers the realism "
                "score?",
            ),
            _t(
                "Qu’attendent ces formations à l’entrée : bulletins, dossier, portfolio, "
                "concours, entretien ? Qu’as-tu déjà dans ton portfolio et tes compétences "
                "validées qui y répond ?",
                "What do these courses require for admission: school reports, an application "
                "file, a portfolio, an entrance exam, an interview? What do you already have "
                "in your portfolio and validated competencies that meets it?",
            ),
            _t(
                "Préfères-tu étudier à temps plein, en alternance ou à distance ? Une formation "
                "courte ou longue ? Publique ou privée ? Qu’en pense ta famille ?",
                "Would you rather study full-time, as an apprentice or remotely? A short or a "
                "long course? State or private? What does your family think?",
            ),
            _t(
                "Si tu devais choisir aujourd’hui, quelle serait ta cible n° 1 ? Et si elle ne "
                "marchait pas, quel plan B te plairait quand même ?",
                "If you had to choose today, what would be your number-one target? And if it "
                "did not work out, which plan B would you still enjoy?",
            ),
            _t(
                "Qu’est-ce qui t’aiderait à confirmer ce choix : une journée portes ouvertes, "
                "un mini-stage, une rencontre avec un·e étudiant·e de la formation, un lab ou "
                "un masterlab de plus ?",
                "What would help you confirm this choice: an open day, a taster day, meeting a "
                "current student on the course, one more lab or masterlab?",
            ),
        ],
        "resources": [
            _t(
                "Le catalogue des offres de formation de Parcours",
                "The Parcours training-offer catalogue",
            ),
            _t(
                "Les fiches formations de Parcoursup et de l’ONISEP",
                "Parcoursup and ONISEP course pages",
            ),
        ],
    },
    {
        "stage": "specification",
        "kind": "workshop",
        "key": "specification-workshop-compare-offers",
        "title": _t(
            "Atelier : comparer trois offres de formation",
            "Workshop: comparing three training offers",
        ),
        "goal": _t(
            "Apprendre à comparer des formations avec une grille commune (modalité, durée, "
            "coût, niveau, admission) pour choisir sur des faits plutôt que sur la réputation "
            "ou la publicité.",
            "Learn to compare courses with a shared grid (mode, duration, cost, level, "
            "admission) so as to choose on facts rather than on reputation or advertising.",
        ),
        "duration_minutes": 100,
        "steps": [
            _t(
                "Présentation de la grille (10 min) : modalité (initiale, alternance, à "
                "distance), durée, coût et aides possibles, niveau et reconnaissance du "
                "diplôme, conditions d’admission, débouchés.",
                "The grid (10 min): mode (full-time, apprenticeship, remote), duration, cost "
                "and available financial help, level and recognition of the qualification, "
                "admission requirements, career prospects.",
            ),
            _t(
                "Choix des offres (15 min) : chaque élève choisit dans le catalogue des offres "
                "de formation trois offres liées à sa piste (par exemple un BUT MMI, un BTS, "
                "une école d’animation ou de jeu vidéo, un CAP, une formation courte).",
                "Choosing offers (15 min): each student picks three offers from the "
                "training-offer catalogue linked to their lead (for example a BUT MMI, a BTS, "
                "an animation or games school, a CAP, a short course).",
            ),
            _t(
                "Remplir la grille (30 min) : en binômes, compléter la grille pour les trois "
                "offres à l’aide du catalogue, de Parcoursup et des sites des écoles ; "
                "signaler en rouge les informations introuvables.",
                "Filling in the grid (30 min): in pairs, complete the grid for the three "
                "offers using the catalogue, Parcoursup and the schools’ own websites; flag in "
                "red any information that cannot be found.",
            ),
            _t(
                "Repérer les pièges (15 min) : mise en commun des cas ambigus (titre RNCP ou "
                "diplôme d’État, frais cachés, prépas privées coûteuses, taux d’insertion "
                "invérifiables) ; l’animateur·rice apporte des repères.",
                "Spotting the traps (15 min): the group pools ambiguous cases (RNCP "
                "certification versus state diploma, hidden fees, expensive private "
                "foundation years, unverifiable employment rates); the coach gives pointers.",
            ),
            _t(
                "Classement personnel (20 min) : chacun·e pondère les critères selon ses "
                "priorités (par exemple le coût compte triple si la famille ne peut pas "
                "financer) et classe ses trois offres.",
                "Personal ranking (20 min): everyone weights the criteria by their own "
                "priorities (for example cost counts triple if the family cannot pay) and "
                "ranks their three offers.",
            ),
            _t(
                "Conclusion (10 min) : chacun·e écrit sa cible, son plan B et la prochaine "
                "information à vérifier (portes ouvertes, échange avec un·e étudiant·e, coût "
                "réel).",
                "Wrap-up (10 min): everyone writes down their target, their plan B and the "
                "next piece of information to check (open day, talk with a current student, "
                "real cost).",
            ),
        ],
        "resources": [
            _t(
                "Le catalogue des offres de formation de Parcours",
                "The Parcours training-offer catalogue",
            ),
            _t(
                "Parcoursup et les fiches formations de l’ONISEP",
                "Parcoursup and ONISEP course pages",
            ),
            _t(
                "Une grille de comparaison imprimée par élève",
                "One printed comparison grid per student",
            ),
        ],
    },
    # -- Realisation: plan, prepare and act ---------------------------------------------------
    {
        "stage": "realisation",
        "kind": "interview",
        "key": "realisation-interview",
        "title": _t(
            "Entretien de réalisation : ton plan d’action",
            "Realisation interview: your action plan",
        ),
        "goal": _t(
            "Transformer le choix de l’élève en plan d’action daté (candidatures, portfolio, "
            "rendez-vous, personnes ressources) et anticiper les obstacles.",
            "Turn the student’s choice into a dated action plan (applications, portfolio, "
            "appointments, people who can help) and anticipate obstacles.",
        ),
        "duration_minutes": 45,
        "steps": [
            _t(
                "Quelle est ta cible, et quel est ton plan B ? Présente-les-moi en deux "
                "phrases, comme devant un jury.",
                "What is your target, and what is your plan B? Present them to me in two "
                "sentences, as if you were in front of a panel.",
            ),
            _t(
                "Reprenons le calendrier : quelles sont les dates clés (portes ouvertes, "
                "ouverture et clôture des vœux Parcoursup, dépôt de dossier, concours, "
                "entretiens) ? Notons-les dans ton plan d’action.",
                "Let’s go through the calendar: what are the key dates (open days, Parcoursup "
                "opening and closing dates, application deadlines, entrance exams, "
                "interviews)? Let’s add them to your action plan.",
            ),
            _t(
                "Que faut-il ajouter ou retravailler dans ton portfolio pour cette formation ? "
                "Quel lab, quel masterlab ou quelle activité peut t’aider à produire ce qui "
                "manque, et pour quand ?",
                "What do you need to add to or rework in your portfolio for this course? "
                "Which lab, masterlab or activity could help you produce what is missing, and "
                "by when?",
            ),
            _t(
                "Qui peut t’aider, et pour quoi : ta famille, ton animateur·rice, un·e "
                "mentor·e, ton ou ta professeur·e principal·e, le ou la psychologue de "
                "l’Éducation nationale ?",
                "Who can help you, and with what: your family, your coach, a mentor, your form "
                "tutor, the school’s guidance psychologist?",
            ),
            _t(
                "Qu’est-ce qui pourrait te freiner (stress, manque de temps, coût, transport, "
                "lettre de motivation) ? Que peux-tu prévoir dès maintenant pour chaque "
                "obstacle ?",
                "What could hold you back (stress, lack of time, cost, transport, the cover "
                "letter)? What can you plan now for each obstacle?",
            ),
            _t(
                "Fixons tes trois prochaines étapes, chacune avec une date et une personne qui "
                "t’aide. Quand faisons-nous le point ensemble ?",
                "Let’s set your next three steps, each with a date and someone to help you. "
                "When shall we review them together?",
            ),
        ],
        "resources": [
            _t(
                "Le plan d’action de l’élève dans Parcours",
                "The student’s action plan in Parcours",
            ),
            _t("Le calendrier Parcoursup de l’année", "This year’s Parcoursup calendar"),
            _t("Le portfolio de l’élève", "The student’s portfolio"),
        ],
    },
    {
        "stage": "realisation",
        "kind": "workshop",
        "key": "realisation-workshop-mock-application",
        "title": _t(
            "Atelier : candidature blanche et revue de portfolio",
            "Workshop: mock application and portfolio review",
        ),
        "goal": _t(
            "S’entraîner à présenter son portfolio et sa motivation devant un jury, en "
            "conditions réelles. Repartir avec un calendrier de portes ouvertes et de "
            "candidatures.",
            "Practise presenting one’s portfolio and motivation to a panel in realistic "
            "conditions. Leave with a calendar of open days and applications.",
        ),
        "duration_minutes": 120,
        "steps": [
            _t(
                "Préparation (15 min) : chacun·e sélectionne cinq à huit pièces de son "
                "portfolio adaptées à sa cible et prépare une présentation de trois minutes "
                "(qui je suis, ce que je fais, pourquoi cette formation).",
                "Preparation (15 min): everyone selects five to eight pieces from their "
                "portfolio suited to their target and prepares a three-minute pitch (who I am, "
                "what I do, why this course).",
            ),
            _t(
                "Jury blanc (45 min) : par groupes de quatre, chacun·e se présente devant un "
                "jury de deux pairs et d’un·e animateur·rice ou mentor·e, qui pose deux "
                "questions types (« Parle-nous de ta démarche sur ce projet », « Pourquoi "
                "nous ? »).",
                "Mock panel (45 min): in groups of four, each student presents to a panel of "
                "two peers and a coach or mentor, who ask two typical questions (‘Tell us "
                "about your process on this project’, ‘Why us?’).",
            ),
            _t(
                "Retours croisés (15 min) : le jury donne un point fort, un point à améliorer "
                "et une pièce à ajouter ou à retirer du portfolio ; l’élève note les retours.",
                "Feedback round (15 min): the panel gives one strength, one point to improve "
                "and one piece to add to or remove from the portfolio; the student writes the "
                "feedback down.",
            ),
            _t(
                "Lettre de motivation (20 min) : à partir des retours, rédiger le paragraphe "
                "« mon projet » pour Parcoursup ou l’école visée, en citant un projet réalisé "
                "et une compétence validée.",
                "Cover letter (20 min): using the feedback, draft the ‘my project’ paragraph "
                "for Parcoursup or the target school, citing one completed project and one "
                "validated competency.",
            ),
            _t(
                "Calendrier commun (15 min) : compléter ensemble le calendrier des portes "
                "ouvertes, des salons et des dates limites de candidature, et s’organiser pour "
                "y aller à plusieurs.",
                "Shared calendar (15 min): together, complete the calendar of open days, "
                "education fairs and application deadlines, and arrange to go in small groups.",
            ),
            _t(
                "Engagement (10 min) : chacun·e inscrit dans son plan d’action sa prochaine "
                "étape datée et la personne qui l’accompagne.",
                "Commitment (10 min): everyone adds their next dated step, and the person "
                "supporting them, to their action plan.",
            ),
        ],
        "resources": [
            _t("Le portfolio de chaque élève", "Each student’s portfolio"),
            _t(
                "Le calendrier Parcoursup et les dates de portes ouvertes des formations du "
                "catalogue",
                "The Parcoursup calendar and the open-day dates of the courses in the catalogue",
            ),
            _t(
                "Une grille d’évaluation du jury blanc",
                "An assessment grid for the mock panel",
            ),
        ],
    },
]
