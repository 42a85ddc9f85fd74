"""Plausible names, schools and places for the demo network (fictional people)."""

GIRLS = [
    "Inès", "Léa", "Chloé", "Manon", "Camille", "Sarah", "Emma", "Jade", "Lina", "Yasmine",
    "Aïcha", "Maëlys", "Louise", "Zoé", "Nour", "Fatoumata", "Clara", "Lou", "Salomé", "Eva",
    "Anaïs", "Mariam", "Julia", "Rose", "Lucie", "Hawa", "Amira", "Océane", "Elif", "Maya",
    "Alice", "Mathilde", "Kenza", "Noémie", "Awa", "Margaux", "Héloïse", "Romane", "Sofia",
    "Adèle", "Imane", "Capucine", "Assia", "Victoire", "Naïla", "Élise", "Mina", "Lila",
]
BOYS = [
    "Adam", "Lucas", "Mohamed", "Hugo", "Nathan", "Yanis", "Louis", "Rayan", "Gabriel",
    "Noah", "Ibrahim", "Théo", "Mamadou", "Enzo", "Arthur", "Ayoub", "Jules", "Samuel",
    "Bilal", "Tom", "Ethan", "Amine", "Paul", "Moussa", "Léo", "Karim", "Maxime", "Sacha",
    "Ilyes", "Victor", "Oscar", "Youssef", "Baptiste", "Elias", "Kylian", "Mehdi", "Antoine",
    "Hamza", "Raphaël", "Malik", "Timéo", "Sofiane", "Valentin", "Diego", "Wassim", "Simon",
]
OTHER = ["Alex", "Charlie", "Sam", "Eden", "Noa", "Sasha", "Andrea", "Milan"]
LAST = [
    "Martin", "Bernard", "Benali", "Dubois", "Traoré", "Nguyen", "Moreau", "Diallo", "Laurent",
    "Haddad", "Lefebvre", "Girard", "Camara", "Bonnet", "Mercier", "Kone", "Fontaine", "Cissé",
    "Rousseau", "Blanc", "Guerin", "Boyer", "Chevalier", "Francois", "Lambert", "Bouzid",
    "Garnier", "Faure", "Perrin", "Morel", "Nicolas", "Mendy", "Petit", "Durand", "Leroy",
    "Roux", "Vincent", "Ferreira", "Da Silva", "Yilmaz", "Kaya", "Mbappé", "Sow", "Fofana",
    "Dumont", "Lejeune", "Renard", "Michel", "Simon", "Peeters", "Janssens", "Maes", "Jacobs",
    "Willems", "Claes", "Goossens", "Wouters", "Dubois", "Lambert", "Dupont", "Delvaux",
    "Lemaire", "Gilles", "Collard", "Hubert", "Dethier", "Mathieu", "El Amrani", "Ouali",
]

PARIS_SCHOOLS = [
    "Collège Jean-Baptiste Say", "Collège Georges Brassens", "Collège Henri Matisse",
    "Collège Gérard Philipe", "Lycée Voltaire", "Lycée Hélène Boucher", "Lycée Jacques Decour",
    "Collège Pierre Mendès France", "Lycée Turgot", "Collège Aimé Césaire",
    "Lycée Paul Valéry", "Collège Camille Claudel", "Lycée Maurice Ravel (Paris 20e)",
    "Collège Jean Jaurès (Montreuil)", "Lycée Paul Éluard (Saint-Denis)",
    "Collège Elsa Triolet (Saint-Denis)", "Lycée Romain Rolland (Ivry-sur-Seine)",
]
LIEGE_SCHOOLS = [
    "Athénée royal Léonie de Waha", "Collège Saint-Servais", "Institut Saint-Laurent",
    "Athénée royal de Liège 1", "Collège Saint-Louis", "Lycée Waha",
    "Institut Sainte-Marie", "Athénée royal d'Ans", "Collège Saint-Barthélemy",
    "Institut provincial d'enseignement secondaire de Seraing", "Athénée royal de Herstal",
]
# French grades by age on 1 September; Belgian secondary years for Liège.
FR_GRADES = {12: "6e", 13: "5e", 14: "4e", 15: "3e", 16: "2nde", 17: "1re", 18: "Terminale"}
BE_GRADES = {12: "1re secondaire", 13: "2e secondaire", 14: "3e secondaire",
             15: "4e secondaire", 16: "5e secondaire", 17: "6e secondaire",
             18: "7e professionnelle"}
PARIS_POSTCODES_QPV = ["75018", "75019", "75020", "75013", "93200", "93300", "93100"]
PARIS_POSTCODES = ["75011", "75012", "75015", "75017", "75005", "94300", "92100", "75010"]
LIEGE_POSTCODES_PRIORITY = ["4020", "4100", "4040", "4420"]
LIEGE_POSTCODES = ["4000", "4030", "4031", "4053", "4120", "4130", "4600"]
PARTNERS_PARIS = ["Association Ville et Avenir", "Prévention spécialisée Paris 19e",
                  "Mission locale de Paris", "Centre social Belleville"]
PARTNERS_LIEGE = ["AMO Reliance", "CPAS de Liège", "Maison de jeunes de Droixhe",
                  "Service d'aide en milieu ouvert de Seraing"]
