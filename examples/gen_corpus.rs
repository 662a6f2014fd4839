//! Deterministic synthetic collection for the benchmark harness
//! (`benches/run.sh`): N case studies of about 7 KB of French Markdown,
//! spread over one volume per 1 000 case studies, with a glossary of 42
//! terms and a register of 15 PTCE, written as a panorama site and, with the
//! same bodies and fields, as a Hugo site.
//!
//! ```sh
//! cargo run --release --example gen_corpus -- --cases 1000 \
//!     --panorama /tmp/bench/n1000/panorama --hugo /tmp/bench/n1000/hugo
//! ```
//!
//! Same arguments, same bytes: the only randomness is a hand-written
//! SplitMix64 seeded per file. Case study number k of the whole collection
//! is the same text whatever N is (only its links to other case studies
//! depend on which ones exist).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

const USAGE: &str = "usage: gen_corpus --cases N [--per-volume 1000] [--panorama DIR] [--hugo DIR]

Writes a synthetic collection of N case studies. --panorama DIR writes a
panorama site (DIR/content/…); --hugo DIR writes the equivalent Hugo site.
Each target folder must not exist or be empty.";

// ---------------------------------------------------------------------------
// Deterministic randomness.

/// SplitMix64: tiny, fast and good enough to pick words.
struct Rng(u64);

impl Rng {
    fn new(seed: u64, stream: u64) -> Rng {
        let mut r = Rng(seed ^ stream.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        r.next();
        r
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    /// `k` distinct indices of `0..n`, in increasing order.
    fn sample(&mut self, n: usize, k: usize) -> Vec<usize> {
        let mut idx: Vec<usize> = (0..n).collect();
        for i in 0..k.min(n) {
            let j = i + self.below(n - i);
            idx.swap(i, j);
        }
        let mut out = idx[..k.min(n)].to_vec();
        out.sort_unstable();
        out
    }
}

const SEED: u64 = 0x5041_4E4F_5241_4D41; // "PANORAMA"

// ---------------------------------------------------------------------------
// Vocabulary.

struct Dep {
    code: &'static str,
    name: &'static str,
    communes: &'static [&'static str],
}

const DEPS: [Dep; 5] = [
    Dep {
        code: "02",
        name: "Aisne",
        communes: &[
            "Laon",
            "Saint-Quentin",
            "Soissons",
            "Château-Thierry",
            "Hirson",
            "Chauny",
            "Guise",
            "Vervins",
        ],
    },
    Dep {
        code: "59",
        name: "Nord",
        communes: &[
            "Lille",
            "Roubaix",
            "Tourcoing",
            "Dunkerque",
            "Valenciennes",
            "Maubeuge",
            "Douai",
            "Cambrai",
            "Fourmies",
            "Armentières",
        ],
    },
    Dep {
        code: "60",
        name: "Oise",
        communes: &[
            "Beauvais",
            "Compiègne",
            "Creil",
            "Noyon",
            "Senlis",
            "Clermont",
            "Méru",
            "Crépy-en-Valois",
        ],
    },
    Dep {
        code: "62",
        name: "Pas-de-Calais",
        communes: &[
            "Arras",
            "Lens",
            "Calais",
            "Boulogne-sur-Mer",
            "Béthune",
            "Hénin-Beaumont",
            "Carvin",
            "Saint-Omer",
            "Montreuil-sur-Mer",
            "Liévin",
        ],
    },
    Dep {
        code: "80",
        name: "Somme",
        communes: &[
            "Amiens",
            "Abbeville",
            "Albert",
            "Péronne",
            "Doullens",
            "Montdidier",
            "Ham",
            "Friville-Escarbotin",
        ],
    },
];

struct Term {
    slug: &'static str,
    term: &'static str,
    abbreviation: Option<&'static str>,
    aliases: &'static [&'static str],
    see_also: &'static [&'static str],
    source: Option<&'static str>,
}

const fn t(
    slug: &'static str,
    term: &'static str,
    abbreviation: Option<&'static str>,
    aliases: &'static [&'static str],
    see_also: &'static [&'static str],
    source: Option<&'static str>,
) -> Term {
    Term {
        slug,
        term,
        abbreviation,
        aliases,
        see_also,
        source,
    }
}

const TERMS: &[Term] = &[
    t(
        "ess",
        "Économie sociale et solidaire",
        Some("ESS"),
        &[],
        &["economie-solidaire", "economie-locale", "cress", "siae"],
        Some("Loi du 31 juillet 2014 relative à l'économie sociale et solidaire"),
    ),
    t(
        "siae",
        "Structure d'insertion par l'activité économique",
        Some("SIAE"),
        &["structures d'insertion par l'activité économique"],
        &["iae", "ei", "aci", "ai", "etti"],
        None,
    ),
    t(
        "iae",
        "Insertion par l'activité économique",
        Some("IAE"),
        &[],
        &["siae", "cddi"],
        Some("Code du travail, article L. 5132-1"),
    ),
    t(
        "ei",
        "Entreprise d'insertion",
        Some("EI"),
        &["entreprises d'insertion"],
        &["siae", "iae"],
        None,
    ),
    t(
        "ea",
        "Entreprise adaptée",
        Some("EA"),
        &["entreprises adaptées"],
        &["stpa", "esat"],
        None,
    ),
    t(
        "aci",
        "Atelier et chantier d'insertion",
        Some("ACI"),
        &["ateliers et chantiers d'insertion"],
        &["siae", "iae"],
        None,
    ),
    t(
        "ai",
        "Association intermédiaire",
        Some("AI"),
        &["associations intermédiaires"],
        &["siae", "iae"],
        None,
    ),
    t(
        "etti",
        "Entreprise de travail temporaire d'insertion",
        Some("ETTI"),
        &["entreprises de travail temporaire d'insertion"],
        &["siae"],
        None,
    ),
    t(
        "esat",
        "Établissement et service d'accompagnement par le travail",
        Some("ESAT"),
        &[],
        &["stpa", "ea"],
        None,
    ),
    t(
        "geiq",
        "Groupement d'employeurs pour l'insertion et la qualification",
        Some("GEIQ"),
        &[],
        &["iae"],
        None,
    ),
    t(
        "ptce",
        "Pôle territorial de coopération économique",
        Some("PTCE"),
        &["pôles territoriaux de coopération économique"],
        &["cooperation-territoriale", "ess"],
        Some("Loi du 31 juillet 2014, article 9"),
    ),
    t(
        "stpa",
        "Secteur du travail protégé et adapté",
        Some("STPA"),
        &[],
        &["ea", "esat"],
        None,
    ),
    t(
        "economie-circulaire",
        "Économie circulaire",
        None,
        &["économies circulaires"],
        &["reemploi", "agec", "rep"],
        Some("Institut national de l'économie circulaire (INEC)"),
    ),
    t(
        "economie-locale",
        "Économie locale",
        None,
        &["économies locales"],
        &["circuit-court", "ess"],
        None,
    ),
    t(
        "economie-solidaire",
        "Économie solidaire",
        None,
        &[],
        &["ess"],
        None,
    ),
    t(
        "filiere-inclusive",
        "Filière inclusive",
        None,
        &["filières inclusives"],
        &["siae", "stpa", "economie-circulaire"],
        None,
    ),
    t(
        "cooperation-territoriale",
        "Coopération territoriale",
        None,
        &["coopérations territoriales"],
        &["ptce"],
        None,
    ),
    t(
        "utilite-sociale",
        "Utilité sociale",
        None,
        &[],
        &["ess"],
        Some("Loi du 31 juillet 2014, article 2"),
    ),
    t(
        "qpv",
        "Quartier prioritaire de la politique de la ville",
        Some("QPV"),
        &["quartiers prioritaires"],
        &["anct"],
        None,
    ),
    t(
        "dreets",
        "Direction régionale de l'économie, de l'emploi, du travail et des solidarités",
        Some("DREETS"),
        &[],
        &["ddets"],
        None,
    ),
    t(
        "ddets",
        "Direction départementale de l'emploi, du travail et des solidarités",
        Some("DDETS"),
        &[],
        &["dreets"],
        None,
    ),
    t(
        "cress",
        "Chambre régionale de l'économie sociale et solidaire",
        Some("CRESS"),
        &[],
        &["ess"],
        None,
    ),
    t(
        "dla",
        "Dispositif local d'accompagnement",
        Some("DLA"),
        &[],
        &["ess"],
        None,
    ),
    t(
        "ademe",
        "Agence de la transition écologique",
        Some("ADEME"),
        &[],
        &["economie-circulaire"],
        None,
    ),
    t(
        "carsat",
        "Caisse d'assurance retraite et de la santé au travail",
        Some("CARSAT"),
        &[],
        &["ccas"],
        None,
    ),
    t(
        "ccas",
        "Centre communal d'action sociale",
        Some("CCAS"),
        &["centres communaux d'action sociale"],
        &["carsat"],
        None,
    ),
    t(
        "cddi",
        "Contrat à durée déterminée d'insertion",
        Some("CDDI"),
        &[],
        &["iae", "aci"],
        None,
    ),
    t(
        "etp",
        "Équivalent temps plein",
        Some("ETP"),
        &["équivalents temps plein"],
        &[],
        None,
    ),
    t(
        "rtes",
        "Réseau des collectivités territoriales pour une économie solidaire",
        Some("RTES"),
        &[],
        &["ess", "cooperation-territoriale"],
        None,
    ),
    t(
        "dares",
        "Direction de l'animation de la recherche, des études et des statistiques",
        Some("DARES"),
        &[],
        &[],
        None,
    ),
    t(
        "anct",
        "Agence nationale de la cohésion des territoires",
        Some("ANCT"),
        &[],
        &["qpv", "tiers-lieu"],
        None,
    ),
    t(
        "agec",
        "Loi anti-gaspillage pour une économie circulaire",
        Some("AGEC"),
        &[],
        &["economie-circulaire", "rep"],
        Some("Loi n° 2020-105 du 10 février 2020"),
    ),
    t(
        "rep",
        "Responsabilité élargie du producteur",
        Some("REP"),
        &["filières REP"],
        &["agec", "deee"],
        None,
    ),
    t(
        "deee",
        "Déchets d'équipements électriques et électroniques",
        Some("DEEE"),
        &[],
        &["rep", "reemploi"],
        None,
    ),
    t(
        "reemploi",
        "Réemploi",
        None,
        &["réemploi solidaire"],
        &["economie-circulaire", "deee"],
        None,
    ),
    t(
        "circuit-court",
        "Circuit court",
        None,
        &["circuits courts"],
        &["economie-locale"],
        None,
    ),
    t(
        "tiers-lieu",
        "Tiers-lieu",
        None,
        &["tiers-lieux"],
        &["anct", "cooperation-territoriale"],
        None,
    ),
    t(
        "mobilite-solidaire",
        "Mobilité solidaire",
        None,
        &["mobilités solidaires"],
        &["economie-solidaire"],
        None,
    ),
    t(
        "clause-sociale",
        "Clause sociale",
        None,
        &["clauses sociales"],
        &["achat-responsable", "siae"],
        None,
    ),
    t(
        "achat-responsable",
        "Achat socialement responsable",
        None,
        &["achats socialement responsables"],
        &["clause-sociale"],
        None,
    ),
    t(
        "epci",
        "Établissement public de coopération intercommunale",
        Some("EPCI"),
        &[],
        &["cooperation-territoriale"],
        None,
    ),
    t(
        "rsa",
        "Revenu de solidarité active",
        Some("RSA"),
        &[],
        &["iae"],
        None,
    ),
];

/// How the glossary terms appear in running text.
const MENTIONS: &[&str] = &[
    "SIAE",
    "entreprises d'insertion",
    "ESS",
    "économie circulaire",
    "filières inclusives",
    "QPV",
    "DLA",
    "CDDI",
    "ETP",
    "tiers-lieux",
    "circuits courts",
    "clauses sociales",
    "réemploi",
    "utilité sociale",
    "coopération territoriale",
    "DREETS",
    "DDETS",
    "CRESS",
    "ADEME",
    "EPCI",
    "RSA",
    "ACI",
    "ESAT",
    "GEIQ",
    "ETTI",
    "entreprises adaptées",
    "STPA",
    "IAE",
    "filières REP",
    "DEEE",
    "AGEC",
    "ANCT",
    "RTES",
    "CARSAT",
    "CCAS",
    "économie locale",
    "économie solidaire",
    "mobilité solidaire",
    "achats socialement responsables",
    "associations intermédiaires",
    "quartiers prioritaires",
    "DARES",
];

struct Ptce {
    name: &'static str,
    slug: &'static str,
    dep: usize,
    aliases: &'static [&'static str],
    summary: bool,
}

const PTCES: &[Ptce] = &[
    Ptce {
        name: "La Boutique Apprenante",
        slug: "la-boutique-apprenante",
        dep: 0,
        aliases: &[],
        summary: false,
    },
    Ptce {
        name: "Thiérache Solidaire",
        slug: "thierache-solidaire",
        dep: 0,
        aliases: &["PTCE Thiérache Solidaire"],
        summary: true,
    },
    Ptce {
        name: "Auton'Hommes",
        slug: "auton-hommes",
        dep: 1,
        aliases: &[],
        summary: false,
    },
    Ptce {
        name: "Collectif Emploi",
        slug: "collectif-emploi",
        dep: 1,
        aliases: &[],
        summary: false,
    },
    Ptce {
        name: "Les Flamands Bios",
        slug: "les-flamands-bios",
        dep: 1,
        aliases: &[],
        summary: true,
    },
    Ptce {
        name: "Sambre Avesnois Coopération",
        slug: "sambre-avesnois-cooperation",
        dep: 1,
        aliases: &["PTCE Sambre-Avesnois"],
        summary: false,
    },
    Ptce {
        name: "Emergence Sud Oise",
        slug: "emergence-sud-oise",
        dep: 2,
        aliases: &["Émergence Sud Oise"],
        summary: false,
    },
    Ptce {
        name: "Partage Travail",
        slug: "partage-travail",
        dep: 2,
        aliases: &[],
        summary: false,
    },
    Ptce {
        name: "Pôle de coopération Oise Est",
        slug: "pole-de-cooperation-oise-est",
        dep: 2,
        aliases: &[],
        summary: true,
    },
    Ptce {
        name: "Anima Grand Calais",
        slug: "anima-grand-calais",
        dep: 3,
        aliases: &[],
        summary: false,
    },
    Ptce {
        name: "CoHose",
        slug: "cohose",
        dep: 3,
        aliases: &[],
        summary: false,
    },
    Ptce {
        name: "PTCE Hénin Carvin",
        slug: "ptce-henin-carvin",
        dep: 3,
        aliases: &["PTCE Hénin-Carvin", "PTCE d'Hénin-Carvin"],
        summary: true,
    },
    Ptce {
        name: "Noeux Environnement",
        slug: "noeux-environnement",
        dep: 3,
        aliases: &[],
        summary: false,
    },
    Ptce {
        name: "Katalyze",
        slug: "katalyze",
        dep: 4,
        aliases: &["KatalyZe", "PTCE KatalyZe"],
        summary: true,
    },
    Ptce {
        name: "Picardie Maritime Solidaire",
        slug: "picardie-maritime-solidaire",
        dep: 4,
        aliases: &[],
        summary: false,
    },
];

const STRUCTURE_TYPES: &[(&str, &str)] = &[
    ("ei", "entreprise d'insertion"),
    ("ea", "entreprise adaptée"),
    ("aci", "atelier et chantier d'insertion"),
    ("ai", "association intermédiaire"),
    ("etti", "entreprise de travail temporaire d'insertion"),
    (
        "esat",
        "établissement et service d'accompagnement par le travail",
    ),
    (
        "geiq",
        "groupement d'employeurs pour l'insertion et la qualification",
    ),
    ("regie-de-quartier", "régie de quartier"),
    ("association", "association"),
    ("ptce", "pôle territorial de coopération économique"),
    ("other", "société coopérative d'intérêt collectif"),
];

/// (structure name, ASCII slug, activity as it is told)
const STRUCTURES: &[(&str, &str, &str)] = &[
    (
        "La Ressourcerie solidaire",
        "ressourcerie-solidaire",
        "une ressourcerie qui collecte, répare et revend des objets du quotidien",
    ),
    (
        "L'Atelier du réemploi",
        "atelier-du-reemploi",
        "un atelier de réemploi des matériaux du bâtiment",
    ),
    (
        "Le Jardin de cocagne",
        "jardin-de-cocagne",
        "un jardin maraîcher biologique qui livre des paniers de légumes",
    ),
    (
        "La Conciergerie solidaire",
        "conciergerie-solidaire",
        "un comptoir de services de proximité pour les habitants et les salariés",
    ),
    (
        "La Recyclerie des deux rives",
        "recyclerie-des-deux-rives",
        "une recyclerie qui sensibilise les habitants au tri et à la réparation",
    ),
    (
        "L'Épicerie partagée",
        "epicerie-partagee",
        "une épicerie solidaire approvisionnée par les producteurs du territoire",
    ),
    (
        "Le Garage solidaire",
        "garage-solidaire",
        "un garage qui répare à prix solidaire les véhicules des personnes en insertion",
    ),
    (
        "La Bricothèque",
        "bricotheque",
        "une bricothèque qui prête des outils et anime des ateliers de réparation",
    ),
    (
        "La Ferme d'insertion",
        "ferme-d-insertion",
        "une ferme d'insertion qui transforme et vend ses produits en circuit court",
    ),
    (
        "Le Chantier nature",
        "chantier-nature",
        "un chantier d'entretien des espaces naturels et des berges",
    ),
    (
        "La Cuisine nourricière",
        "cuisine-nourriciere",
        "une cuisine qui prépare des repas pour la restauration collective",
    ),
    (
        "L'Auto-école sociale",
        "auto-ecole-sociale",
        "une auto-école sociale qui accompagne vers le permis de conduire",
    ),
    (
        "La Menuiserie solidaire",
        "menuiserie-solidaire",
        "une menuiserie qui fabrique du mobilier à partir de bois de récupération",
    ),
    (
        "Le Relais textile",
        "relais-textile",
        "un centre de tri et de revalorisation des textiles usagés",
    ),
    (
        "La Laverie solidaire",
        "laverie-solidaire",
        "une laverie et une blanchisserie au service des établissements du territoire",
    ),
    (
        "L'Atelier vélo",
        "atelier-velo",
        "un atelier qui remet en état des vélos et forme à la mécanique",
    ),
    (
        "La Légumerie",
        "legumerie",
        "une légumerie qui prépare les légumes locaux pour les cantines",
    ),
    (
        "Le Repair café",
        "repair-cafe",
        "un lieu de réparation collective ouvert à tous les habitants",
    ),
    (
        "La Boutique éphémère",
        "boutique-ephemere",
        "une boutique éphémère de créateurs et de produits reconditionnés",
    ),
    (
        "Le Tiers-lieu des possibles",
        "tiers-lieu-des-possibles",
        "un lieu partagé qui réunit une recyclerie, un café et des bureaux",
    ),
];

const HEADINGS: &[&str] = &[
    "Expérimenter le déploiement d'une nouvelle activité d'utilité sociale en réponse aux besoins du territoire",
    "Structurer une filière inclusive autour du réemploi",
    "Coopérer à l'échelle d'un territoire pour créer des emplois durables",
    "Développer des circuits courts alimentaires avec les structures inclusives",
    "Lever les freins à la mobilité des personnes éloignées de l'emploi",
    "Faire de la transition écologique un levier d'insertion",
    "Mobiliser la commande publique au service de l'inclusion",
    "Revitaliser un centre-bourg grâce à l'économie sociale et solidaire",
];

const TITLES: &[&str] = &[
    "Un comptoir de services mobiles pour le bien-vieillir à domicile",
    "Une seconde vie pour les objets et des emplois pour les habitants",
    "Des légumes du territoire dans les assiettes des écoliers",
    "Un atelier de réparation qui forme aux métiers de demain",
    "Une filière locale de tri et de revalorisation des textiles",
    "Des véhicules solidaires pour aller vers l'emploi",
    "Un lieu partagé où se croisent habitants, entreprises et associations",
    "Des matériaux du bâtiment sauvés de la benne",
    "Une cuisine solidaire qui nourrit le quartier",
    "Un chantier qui prend soin des berges et des parcours",
];

const PARTNERS: &[(&str, &str)] = &[
    (
        "Groupe Vilogia",
        "bailleur social qui met des locaux à disposition",
    ),
    ("SIA Habitat", "bailleur social, partenaire des animations"),
    (
        "Pas-de-Calais Habitat",
        "bailleur social et donneur d'ordre",
    ),
    (
        "La Mission locale",
        "orientation des jeunes vers les postes en insertion",
    ),
    (
        "France Travail",
        "orientation des demandeurs d'emploi et suivi des parcours",
    ),
    (
        "Le Conseil départemental",
        "orientation des allocataires du RSA",
    ),
    (
        "La Communauté d'agglomération",
        "mise à disposition d'un terrain et soutien à l'investissement",
    ),
    ("Emmaüs", "échanges de gisements et de savoir-faire"),
    ("Envie", "réparation de l'électroménager collecté"),
    ("Le Secours populaire", "orientation des familles"),
    ("La Banque alimentaire", "approvisionnement de l'épicerie"),
    (
        "Le lycée professionnel",
        "accueil de stagiaires et chantiers pédagogiques",
    ),
    (
        "Les centres sociaux",
        "animation et orientation des habitants",
    ),
    (
        "L'Union régionale des SIAE",
        "accompagnement du projet et mise en réseau",
    ),
    ("Le Réseau Cocagne", "appui méthodologique"),
    (
        "La Chambre d'agriculture",
        "mise en relation avec les producteurs",
    ),
    (
        "Une entreprise de la grande distribution",
        "dons de marchandises et achats de prestations",
    ),
    ("La médiathèque", "ateliers de sensibilisation"),
];

const FUNDERS: &[&str] = &[
    "L'État (DREETS Hauts-de-France)",
    "La Région Hauts-de-France",
    "Le Département",
    "La Banque des Territoires",
    "L'ADEME",
    "Le Fonds social européen",
    "La Fondation de France",
    "AG2R La Mondiale",
    "La CARSAT Hauts-de-France",
    "La Ville",
    "France Active",
    "Le Crédit coopératif",
];

const FIGURE_LABELS: &[&str] = &[
    "salariés en parcours d'insertion",
    "tonnes d'objets collectées par an",
    "personnes accompagnées depuis le lancement",
    "sorties vers l'emploi durable ou la formation",
    "partenaires mobilisés",
    "repas servis chaque semaine",
    "communes desservies",
    "heures de formation dispensées",
    "équivalents temps plein créés",
    "habitants touchés par les animations",
];

const EN_WORDS: &[&str] = &[
    "silver economy",
    "upcycling",
    "food truck",
    "repair café",
    "design thinking",
    "crowdfunding",
];

/// Sentence templates. `{S}` structure, `{C}` commune, `{D}` département,
/// `{M}` a glossary mention, `{P}` a PTCE name, `{A}` the activity,
/// `{N}` a small number, `{Y}` a year, `{T}` the type of structure.
const INTRO: &[&str] = &[
    "Dans les Hauts-de-France, les acteurs du territoire ({M} en tête) multiplient les initiatives pour créer des emplois qui ne peuvent pas être délocalisés.",
    "Le territoire de {C} compte une part importante d'habitants éloignés de l'emploi, et les besoins de services de proximité y restent mal couverts.",
    "Les structures inclusives ont su montrer leur agilité : elles inventent des réponses concrètes aux besoins sociaux et environnementaux des territoires.",
    "Dans le département du {D}, la question de l'accès à l'emploi des publics les plus fragiles se pose avec une acuité particulière depuis plusieurs années.",
    "La transition écologique ouvre des gisements d'activité nouveaux : collecte, réparation, réemploi, alimentation durable, mobilité.",
    "Les collectivités cherchent des partenaires capables de conjuguer utilité sociale, ancrage local et viabilité économique.",
    "Les SIAE et les entreprises adaptées occupent une place singulière dans ce paysage : elles produisent des biens et des services tout en accompagnant des parcours.",
    "Selon les dernières données disponibles, près de {N} % des demandeurs d'emploi du bassin de {C} sont inscrits depuis plus d'un an.",
];

const CONTEXT: &[&str] = &[
    "{S} est une {T} installée à {C} depuis {Y}.",
    "Elle emploie aujourd'hui {N} salariés, dont une majorité en contrat à durée déterminée d'insertion.",
    "Le projet est né d'un constat partagé avec la DDETS et les élus : les habitants des quartiers prioritaires accèdent difficilement aux services du quotidien.",
    "{P}, pôle territorial de coopération économique, a joué un rôle décisif en réunissant autour de la table les acteurs du territoire ({M}), les entreprises et la collectivité.",
    "La structure s'est appuyée sur un diagnostic territorial réalisé avec le DLA, qui a confirmé l'existence d'un marché solvable.",
    "Le territoire dispose d'un tissu associatif dense, mais les coopérations entre structures restaient ponctuelles.",
    "L'appel à projets régional de {Y} a permis de financer l'étude de faisabilité et les premiers investissements.",
    "Le projet répond aussi aux objectifs de la loi AGEC, qui encourage le réemploi et la réparation.",
];

const OBJECTIVES: &[&str] = &[
    "Créer des postes en insertion ancrés dans le territoire",
    "Proposer un service de proximité accessible à tous les habitants",
    "Réduire le volume de déchets envoyés à l'enfouissement",
    "Structurer une filière inclusive avec les acteurs du territoire ({M})",
    "Former les salariés à des métiers qui recrutent",
    "Renforcer le lien social et lutter contre l'isolement",
    "Approvisionner la restauration collective en produits locaux",
    "Faciliter la mobilité des personnes éloignées de l'emploi",
    "Sensibiliser les habitants à la consommation responsable",
    "Consolider un modèle économique hybride et durable",
];

const PRESENTATION: &[&str] = &[
    "Concrètement, {S} a mis sur pied {A}.",
    "Les salariés en parcours sont recrutés sur orientation de France Travail, de la Mission locale et des travailleurs sociaux du Département.",
    "Chaque salarié bénéficie d'un accompagnement socioprofessionnel individualisé : levée des freins périphériques, formation, immersion en entreprise.",
    "L'activité s'organise autour de {N} postes de travail, encadrés par deux encadrants techniques d'insertion.",
    "La structure a investi dans un local de {N}0 m² à {C}, loué à un prix modéré par la collectivité.",
    "Les clients sont à la fois des particuliers, des collectivités et des entreprises engagées dans des achats socialement responsables.",
    "Une convention signée avec l'EPCI garantit un volume d'activité sur trois ans et sécurise les recrutements.",
    "Le projet s'inscrit dans la démarche de {P}, qui fédère une trentaine d'acteurs du territoire.",
    "Les habitants peuvent déposer des objets, participer à des ateliers ou simplement venir échanger autour d'un café.",
    "Une partie de la production est vendue dans la boutique solidaire, le reste est proposé aux partenaires du réseau.",
];

const IMPACT: &[&str] = &[
    "**{N} personnes** ont retrouvé un emploi durable ou une formation qualifiante à l'issue de leur parcours.",
    "Le taux de sorties dynamiques atteint **{N} %**, au-dessus de la moyenne régionale.",
    "**{N} tonnes** de matières ont été détournées de l'enfouissement en un an.",
    "Les habitants du quartier disposent désormais d'un service de proximité qui n'existait pas.",
    "Le projet a fait naître de nouvelles coopérations entre structures du territoire ({M}).",
    "La collectivité s'appuie sur l'expérience pour préparer une clause sociale dans ses marchés.",
    "Les salariés expriment une **confiance retrouvée** dans leurs capacités et dans l'avenir.",
    "L'activité a atteint l'équilibre dès la troisième année, sans dépendre d'un financeur unique.",
];

const VIGILANCE: &[&str] = &[
    "Le modèle économique reste fragile tant que les financements d'amorçage ne sont pas relayés par des recettes propres.",
    "Le recrutement des encadrants techniques est difficile dans un marché du travail tendu.",
    "La montée en charge doit rester compatible avec l'accompagnement des salariés en parcours.",
    "Les locaux deviennent trop petits et un déménagement est à l'étude.",
    "La coordination entre partenaires demande un temps d'animation qui n'est pas toujours financé.",
    "Les gisements collectés varient fortement selon les saisons.",
];

const KEYS: &[&str] = &[
    "Un portage politique fort de la collectivité dès le lancement du projet.",
    "**Une gouvernance partagée** avec les partenaires du territoire.",
    "Des encadrants techniques expérimentés et attentifs aux parcours.",
    "Une activité choisie parce qu'elle répond à un besoin réel et non couvert.",
    "L'appui du réseau régional des SIAE et du DLA.",
    "Une communication régulière auprès des habitants et des entreprises.",
    "La mutualisation de moyens avec d'autres structures inclusives.",
];

const SOURCES: &[&str] = &[
    "Source : Insee, recensement de la population, exploitation principale",
    "Source : DARES, l'insertion par l'activité économique en {Y}",
    "Source : CRESS Hauts-de-France, panorama de l'ESS en Hauts-de-France",
    "Source : ADEME, état des lieux du réemploi et de la réparation",
    "Source : rapport d'activité {Y} de la structure",
    "Source : RTES, Filières & ESS, le rôle des collectivités",
    "Source : Banque des Territoires, l'ESS comme levier de croissance",
];

// ---------------------------------------------------------------------------
// Front matter as data, emitted as YAML for both generators.

enum V {
    S(String),
    I(u64),
    L(Vec<V>),
    M(Vec<(&'static str, V)>),
}

fn s(x: impl Into<String>) -> V {
    V::S(x.into())
}

fn quote(x: &str) -> String {
    let mut out = String::with_capacity(x.len() + 2);
    out.push('"');
    for c in x.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            _ => out.push(c),
        }
    }
    out.push('"');
    out
}

fn scalar(v: &V) -> Option<String> {
    match v {
        V::S(x) => Some(quote(x)),
        V::I(n) => Some(n.to_string()),
        V::L(items) if items.iter().all(|i| matches!(i, V::S(_) | V::I(_))) => Some(format!(
            "[{}]",
            items
                .iter()
                .filter_map(scalar)
                .collect::<Vec<_>>()
                .join(", ")
        )),
        _ => None,
    }
}

fn emit_map(out: &mut String, map: &[(&'static str, V)], indent: usize) {
    let pad = " ".repeat(indent);
    for (k, v) in map {
        if let Some(x) = scalar(v) {
            let _ = writeln!(out, "{pad}{k}: {x}");
            continue;
        }
        match v {
            V::M(inner) => {
                let _ = writeln!(out, "{pad}{k}:");
                emit_map(out, inner, indent + 2);
            }
            V::L(items) => {
                let _ = writeln!(out, "{pad}{k}:");
                for item in items {
                    match item {
                        V::M(inner) => {
                            let mut sub = String::new();
                            emit_map(&mut sub, inner, indent + 4);
                            // First line of the item goes after "- ".
                            let sub = sub.replacen(&" ".repeat(indent + 4), "", 1);
                            let _ = write!(out, "{pad}  - {sub}");
                        }
                        other => {
                            let x = scalar(other).unwrap_or_default();
                            let _ = writeln!(out, "{pad}  - {x}");
                        }
                    }
                }
            }
            _ => {}
        }
    }
}

fn document(front: &[(&'static str, V)], body: &str) -> String {
    let mut out = String::with_capacity(body.len() + 2048);
    out.push_str("---\n");
    emit_map(&mut out, front, 0);
    out.push_str("---\n\n");
    out.push_str(body);
    if !body.ends_with('\n') {
        out.push('\n');
    }
    out
}

// ---------------------------------------------------------------------------
// The collection.

struct Layout {
    cases: usize,
    per_volume: usize,
}

impl Layout {
    fn volumes(&self) -> usize {
        self.cases.div_ceil(self.per_volume).max(1)
    }

    fn volume_dir(&self, v: usize) -> String {
        format!("panorama-synthetique-{:02}", v + 1)
    }

    /// Case studies of volume `v`: global indices.
    fn cases_of(&self, v: usize) -> std::ops::Range<usize> {
        let start = v * self.per_volume;
        start..(start + self.per_volume).min(self.cases)
    }

    fn volume_of(&self, case: usize) -> usize {
        case / self.per_volume
    }
}

/// Everything about one case study, decided before any text is written.
struct Case {
    global: usize,
    volume: usize,
    number: usize,
    structure: String,
    slug: String,
    activity: &'static str,
    type_code: &'static str,
    type_label: &'static str,
    dep: usize,
    communes: Vec<&'static str>,
    ptce: Option<usize>,
}

impl Case {
    fn new(layout: &Layout, global: usize) -> Case {
        let mut r = Rng::new(SEED, 1_000_000 + global as u64);
        let volume = layout.volume_of(global);
        let number = global - volume * layout.per_volume + 1;
        let dep = r.below(DEPS.len());
        let d = &DEPS[dep];
        let ncommunes = r.range(1, 3);
        let communes: Vec<&'static str> = r
            .sample(d.communes.len(), ncommunes)
            .into_iter()
            .map(|i| d.communes[i])
            .collect();
        let (sname, sslug, activity) = *r.pick(STRUCTURES);
        let (type_code, type_label) = *r.pick(STRUCTURE_TYPES);
        let here: Vec<usize> = (0..PTCES.len()).filter(|&i| PTCES[i].dep == dep).collect();
        let ptce = if r.chance(35) {
            Some(*r.pick(&here))
        } else {
            None
        };
        let commune_slug = ascii_slug(communes[0]);
        Case {
            global,
            volume,
            number,
            structure: format!("{sname} de {}", communes[0]),
            slug: format!("{sslug}-{commune_slug}-{}", global + 1),
            activity,
            type_code,
            type_label,
            dep,
            communes,
            ptce,
        }
    }

    /// Path from content/ (panorama's `@/` form).
    fn rel(&self, layout: &Layout) -> String {
        format!(
            "{}/04-projecteurs/{:04}-{}.md",
            layout.volume_dir(self.volume),
            self.number,
            self.slug
        )
    }
}

fn ascii_slug(text: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in text.chars() {
        let piece = match c {
            'à' | 'â' | 'ä' => "a",
            'ç' => "c",
            'é' | 'è' | 'ê' | 'ë' | 'É' => "e",
            'î' | 'ï' => "i",
            'ô' | 'ö' => "o",
            'ù' | 'û' | 'ü' => "u",
            'œ' => "oe",
            c if c.is_ascii_alphanumeric() => {
                if dash && !out.is_empty() {
                    out.push('-');
                }
                dash = false;
                out.push(c.to_ascii_lowercase());
                continue;
            }
            _ => {
                dash = true;
                continue;
            }
        };
        if dash && !out.is_empty() {
            out.push('-');
        }
        dash = false;
        out.push_str(piece);
    }
    out
}

struct Filler<'a> {
    case: Option<&'a Case>,
}

impl Filler<'_> {
    fn fill(&self, r: &mut Rng, template: &str) -> String {
        let mut out = String::with_capacity(template.len() + 64);
        let mut rest = template;
        while let Some(i) = rest.find('{') {
            out.push_str(&rest[..i]);
            let key = &rest[i + 1..i + 2];
            rest = &rest[i + 3..];
            match key {
                "S" => out.push_str(self.case.map_or("La structure", |c| c.structure.as_str())),
                "C" => out.push_str(
                    self.case
                        .map_or_else(|| *r.pick(DEPS[1].communes), |c| c.communes[0]),
                ),
                "D" => out.push_str(DEPS[self.case.map_or(3, |c| c.dep)].name),
                "M" => out.push_str(MENTIONS[r.below(MENTIONS.len())]),
                "P" => {
                    let p = match self.case.and_then(|c| c.ptce) {
                        Some(p) => p,
                        None => r.below(PTCES.len()),
                    };
                    out.push_str(PTCES[p].name)
                }
                "A" => out.push_str(self.case.map_or("un service de proximité", |c| c.activity)),
                "N" => {
                    let _ = write!(out, "{}", r.range(3, 95));
                }
                "Y" => {
                    let _ = write!(out, "{}", r.range(2008, 2024));
                }
                "T" => out.push_str(self.case.map_or("association", |c| c.type_label)),
                _ => {}
            }
        }
        out.push_str(rest);
        out
    }

    fn sentences(&self, r: &mut Rng, pool: &[&str], k: usize) -> String {
        let picks = r.sample(pool.len(), k);
        picks
            .into_iter()
            .map(|i| self.fill(r, pool[i]))
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// A paragraph with a glossary mention, sometimes bold, sometimes an
    /// English word.
    fn paragraph(&self, r: &mut Rng, pool: &[&str], k: usize) -> String {
        let mut p = self.sentences(r, pool, k);
        let _ = write!(
            p,
            " Les acteurs de l'{} et les {} y trouvent un terrain d'action commun.",
            r.pick(&["économie locale", "ESS", "économie solidaire", "IAE"]),
            r.pick(&["SIAE", "entreprises adaptées", "ESAT", "tiers-lieux", "ACI"]),
        );
        if r.chance(40) {
            let _ = write!(
                p,
                " Le projet emprunte à la <span lang=\"en\">{}</span> certaines de ses méthodes.",
                r.pick(EN_WORDS)
            );
        }
        if r.chance(50) {
            p = format!("**{p}**");
        }
        p
    }
}

fn code_block(r: &mut Rng, case: &Case) -> String {
    let year = r.range(2021, 2024);
    let salaries = r.range(4, 60);
    let tonnes = r.range(5, 400);
    let sorties = r.range(30, 80);
    match r.below(5) {
        0 => format!(
            "```json\n{{\n  \"structure\": \"{}\",\n  \"departement\": \"{}\",\n  \"annee\": {year},\n  \"salaries_en_insertion\": {salaries},\n  \"tonnes_collectees\": {tonnes}.5,\n  \"sorties_dynamiques\": 0.{sorties},\n  \"partenaires\": [\"France Travail\", \"Mission locale\", \"Département\"]\n}}\n```\n",
            case.structure, DEPS[case.dep].code
        ),
        1 => format!(
            "```yaml\nstructure: {}\nannee: {year}\nindicateurs:\n  salaries_en_insertion: {salaries}\n  tonnes_collectees: {tonnes}\n  sorties_dynamiques: 0.{sorties}\ncommunes:\n  - {}\n```\n",
            case.structure, case.communes[0]
        ),
        2 => format!(
            "```python\n# Taux de sorties dynamiques de l'année {year}\nsorties = {{\"emploi_durable\": {}, \"emploi_transition\": {}, \"formation\": {}}}\neffectif = {salaries}\ntaux = sum(sorties.values()) / effectif\nprint(f\"{{taux:.0%}} de sorties dynamiques\")\n```\n",
            salaries / 4,
            salaries / 5,
            salaries / 6
        ),
        3 => format!(
            "```sql\n-- Tonnages collectés par commune en {year}\nSELECT commune, SUM(poids_kg) / 1000 AS tonnes\nFROM collectes\nWHERE annee = {year} AND departement = '{}'\nGROUP BY commune\nORDER BY tonnes DESC;\n```\n",
            DEPS[case.dep].code
        ),
        _ => format!(
            "```bash\n# Export mensuel des indicateurs pour le financeur\nannee={year}\nfor mois in 01 02 03 04 05 06; do\n  echo \"$annee-$mois;{salaries};{tonnes}\" >> indicateurs.csv\ndone\nwc -l indicateurs.csv\n```\n"
        ),
    }
}

fn table(r: &mut Rng) -> String {
    let mut t = String::from("| Indicateur | 2022 | 2023 | 2024 |\n|---|---:|---:|---:|\n");
    for label in [
        "Salariés en parcours",
        "Heures travaillées",
        "Tonnes collectées",
        "Sorties dynamiques (%)",
        "Partenaires actifs",
    ] {
        let a = r.range(5, 120);
        let _ = writeln!(
            t,
            "| {label} | {a} | {} | {} |",
            a + r.below(20),
            a + r.below(40)
        );
    }
    t
}

fn list(f: &Filler, r: &mut Rng, pool: &[&str], lo: usize, hi: usize) -> String {
    let k = r.range(lo, hi).min(pool.len());
    r.sample(pool.len(), k)
        .into_iter()
        .map(|i| format!("- {}.\n", f.fill(r, pool[i]).trim_end_matches('.')))
        .collect()
}

/// The body of a case study, with `@/` links to pages that exist.
#[allow(
    clippy::too_many_lines,
    reason = "the text of a case study, written in reading order"
)]
fn case_body(layout: &Layout, case: &Case, front: &CaseFront) -> String {
    let mut r = Rng::new(SEED, 2_000_000 + case.global as u64);
    let f = Filler { case: Some(case) };
    let vol = layout.volume_dir(case.volume);
    let n1 = r.range(10, 60);
    let (n2, n3) = (n1 + 1, n1 + 2);
    let mut b = String::with_capacity(8192);

    // Introduction.
    let _ = writeln!(b, "{}[^{n1}]\n", f.paragraph(&mut r, INTRO, 3));
    let _ = writeln!(b, "{}\n", f.paragraph(&mut r, INTRO, 2));

    // Contexte.
    b.push_str("## Contexte\n\n");
    let mut ctx = f.sentences(&mut r, CONTEXT, 4);
    let _ = write!(
        ctx,
        "[^{n2}] Le [contexte régional](@/{vol}/03-contexte-regional.md#cadre-regional) en donne la mesure, comme le rappelle la [fiche du glossaire](@/glossaire/{}.md).",
        r.pick(TERMS).slug
    );
    let _ = writeln!(b, "{ctx}\n");
    if let Some(p) = case.ptce {
        let _ = writeln!(
            b,
            "Le projet est porté avec {} ({}), pôle qui réunit collectivités, entreprises et structures de l'ESS du {}.\n",
            PTCES[p].name, DEPS[case.dep].code, DEPS[case.dep].name
        );
    }

    // Objectifs.
    b.push_str("## Objectifs\n\n");
    b.push_str(&list(&f, &mut r, OBJECTIVES, 4, 6));
    b.push('\n');

    // Présentation, with a table and a code block.
    b.push_str("## Présentation\n\n");
    let _ = writeln!(b, "{}\n", f.paragraph(&mut r, PRESENTATION, 4));
    let _ = writeln!(b, "{}\n", f.paragraph(&mut r, PRESENTATION, 3));
    // A link to another case study of the collection, and its anchor.
    let other = if case.number > 1 {
        case.global - 1
    } else {
        (case.global + 1).min(layout.cases - 1)
    };
    // Always draw the same numbers, so the rest of the text does not
    // depend on how many volumes exist.
    let (cross, pick_vol, pick_case) = (r.chance(30), r.next(), r.next());
    let other_vol = if layout.volumes() > 1 && cross {
        let v = (pick_vol % layout.volumes() as u64) as usize;
        let cases = layout.cases_of(v);
        Some(cases.start + (pick_case % cases.len() as u64) as usize)
    } else {
        None
    };
    let other_case = Case::new(layout, other_vol.unwrap_or(other));
    let _ = writeln!(
        b,
        "La démarche rejoint celle du [coup de projecteur n°{}](@/{}#contexte), dont l'[impact](@/{}#impact) a inspiré l'équipe. Le [volume](@/{vol}/index.md) présente d'autres initiatives du même type, et la [synthèse nationale](@/{vol}/02-contexte-national.md#cadre-national) en rappelle le cadre.\n",
        other_case.number,
        other_case.rel(layout),
        other_case.rel(layout),
    );
    b.push_str("### L'activité en chiffres\n\n");
    b.push_str(&table(&mut r));
    b.push('\n');
    b.push_str("### Le suivi des indicateurs\n\n");
    b.push_str("Les indicateurs sont suivis chaque mois et transmis aux financeurs :\n\n");
    b.push_str(&code_block(&mut r, case));
    b.push('\n');

    // Impact.
    b.push_str("## Impact\n\n");
    b.push_str(&list(&f, &mut r, IMPACT, 4, 5));
    b.push('\n');

    // Partenaires.
    b.push_str("## Partenaires\n\n");
    let _ = writeln!(
        b,
        "Pour mener le projet, {} s'appuie sur un réseau de partenaires :\n",
        case.structure
    );
    for (name, role) in &front.partners {
        let _ = writeln!(b, "- {name}, pour {role} ;");
    }
    b.push('\n');

    // Points de vigilance, clés de réussite.
    b.push_str("## Points de vigilance\n\n");
    b.push_str(&list(&f, &mut r, VIGILANCE, 2, 3));
    b.push('\n');
    b.push_str("## Clés de réussite\n\n");
    b.push_str(&list(&f, &mut r, KEYS, 3, 4));
    b.push('\n');

    // Financement.
    b.push_str("## Financement\n\n");
    let _ = writeln!(
        b,
        "Le projet a bénéficié d'un budget d'amorçage de {} 000 euros[^{n3}], apporté par :\n",
        r.range(40, 600)
    );
    for name in &front.funders {
        let _ = writeln!(b, "- {name} ;");
    }
    b.push('\n');

    // Contact.
    b.push_str("## Contact\n\n");
    let _ = writeln!(b, "{} : <{}>\n", front.contact_name, front.contact_email);

    // Sources.
    for n in [n1, n2, n3] {
        let template = r_pick_str(&mut r, SOURCES);
        let src = f.fill(&mut r, template);
        let _ = writeln!(b, "[^{n}]: {src}.\n");
    }
    b.truncate(b.trim_end().len());
    b.push('\n');
    b
}

fn r_pick_str(r: &mut Rng, pool: &[&'static str]) -> &'static str {
    pool[r.below(pool.len())]
}

struct CaseFront {
    partners: Vec<(&'static str, &'static str)>,
    funders: Vec<&'static str>,
    contact_name: String,
    contact_email: String,
    fields: Vec<(&'static str, V)>,
}

#[allow(
    clippy::too_many_lines,
    reason = "the front matter of a case study, one field after the other as in the file"
)]
fn case_front(case: &Case) -> CaseFront {
    let mut r = Rng::new(SEED, 3_000_000 + case.global as u64);
    let npartners = r.range(3, 6);
    let partners: Vec<(&str, &str)> = r
        .sample(PARTNERS.len(), npartners)
        .into_iter()
        .map(|i| PARTNERS[i])
        .collect();
    let nfunders = r.range(2, 4);
    let funders: Vec<&str> = r
        .sample(FUNDERS.len(), nfunders)
        .into_iter()
        .map(|i| FUNDERS[i])
        .collect();
    let contact_name = format!("{}, direction", case.structure);
    let contact_email = format!("contact@{}.example.org", case.slug);
    let title = format!("{} à {}", r.pick(TITLES), case.communes[0]);
    let heading = *r.pick(HEADINGS);
    let description = format!(
        "À {}, {}, {}, a mis sur pied {}.",
        case.communes[0], case.structure, case.type_label, case.activity
    );
    let mut fields: Vec<(&'static str, V)> = vec![
        ("number", V::I(case.number as u64)),
        ("heading", s(heading)),
        ("title", s(title)),
        ("description", s(description)),
        ("structure", s(case.structure.clone())),
        ("structure_type", s(case.type_code)),
        ("departement", s(DEPS[case.dep].code)),
        (
            "communes",
            V::L(case.communes.iter().map(|c| s(*c)).collect()),
        ),
    ];
    if let Some(p) = case.ptce {
        fields.push(("ptce", s(PTCES[p].slug)));
    }
    fields.push((
        "partners",
        V::L(
            partners
                .iter()
                .map(|(n, role)| V::M(vec![("name", s(*n)), ("role", s(*role))]))
                .collect(),
        ),
    ));
    fields.push((
        "funders",
        V::L(
            funders
                .iter()
                .enumerate()
                .map(|(i, n)| {
                    let mut m = vec![("name", s(*n))];
                    if i == 0 {
                        m.push(("role", s("financement de l'investissement de départ")));
                    }
                    V::M(m)
                })
                .collect(),
        ),
    ));
    fields.push((
        "contact",
        V::M(vec![
            ("name", s(contact_name.clone())),
            ("role", s("directrice")),
            ("email", s(contact_email.clone())),
            (
                "phone",
                s(format!(
                    "03 2{} 00 {:02} {:02}",
                    case.dep,
                    r.below(100),
                    r.below(100)
                )),
            ),
        ]),
    ));
    let nfig = r.range(3, 5);
    fields.push((
        "key_figures",
        V::L(
            r.sample(FIGURE_LABELS.len(), nfig)
                .into_iter()
                .map(|i| {
                    V::M(vec![
                        ("value", s(r.range(2, 480).to_string())),
                        ("label", s(FIGURE_LABELS[i])),
                    ])
                })
                .collect(),
        ),
    ));
    CaseFront {
        partners,
        funders,
        contact_name,
        contact_email,
        fields,
    }
}

// ---------------------------------------------------------------------------
// Chapters, volumes, glossary, PTCE, resources.

struct Chapter {
    file: &'static str,
    slug: &'static str,
    title: &'static str,
    kicker: Option<&'static str>,
    anchor: (&'static str, &'static str),
}

const CHAPTERS: &[Chapter] = &[
    Chapter {
        file: "01-introduction.md",
        slug: "introduction",
        title: "Introduction",
        kicker: None,
        anchor: ("Pourquoi agir maintenant", "pourquoi-agir"),
    },
    Chapter {
        file: "02-contexte-national.md",
        slug: "contexte-national",
        title: "Le contexte national",
        kicker: Some("C'est bon à savoir"),
        anchor: ("Le cadre national", "cadre-national"),
    },
    Chapter {
        file: "03-contexte-regional.md",
        slug: "contexte-regional",
        title: "Le contexte régional",
        kicker: Some("C'est bon à savoir"),
        anchor: ("Le cadre régional", "cadre-regional"),
    },
];

const LATE_CHAPTER: Chapter = Chapter {
    file: "05-on-a-aussi-repere.md",
    slug: "on-a-aussi-repere",
    title: "On a aussi repéré…",
    kicker: None,
    anchor: ("D'autres initiatives", "autres-initiatives"),
};

fn chapter_body(layout: &Layout, v: usize, ch: &Chapter) -> String {
    let mut r = Rng::new(SEED, 4_000_000 + v as u64 * 10 + ch.file.len() as u64);
    let f = Filler { case: None };
    let vol = layout.volume_dir(v);
    let mut b = String::new();
    let _ = writeln!(b, "{}\n", f.paragraph(&mut r, INTRO, 3));
    let _ = writeln!(b, "## {} {{#{}}}\n", ch.anchor.0, ch.anchor.1);
    let _ = writeln!(b, "{}[^1]\n", f.paragraph(&mut r, CONTEXT, 3));
    let _ = writeln!(b, "{}\n", f.paragraph(&mut r, INTRO, 3));
    b.push_str("### Les leviers\n\n");
    b.push_str(&list(&f, &mut r, OBJECTIVES, 4, 6));
    b.push('\n');
    let cases = layout.cases_of(v);
    let first = Case::new(layout, cases.start);
    let last = Case::new(layout, cases.end - 1);
    let _ = writeln!(
        b,
        "Les coups de projecteur du volume, du [n°{}](@/{}) au [n°{}](@/{}#impact), en donnent des exemples concrets ; voir aussi le [glossaire](@/glossaire/ess.md) et l'[introduction](@/{vol}/01-introduction.md#pourquoi-agir).\n",
        first.number,
        first.rel(layout),
        last.number,
        last.rel(layout)
    );
    if ch.slug == "on-a-aussi-repere" {
        for (i, p) in PTCES.iter().enumerate().filter(|(i, _)| i % 3 == v % 3) {
            let _ = writeln!(
                b,
                "## Une initiative du {} – {} ({}) {{#initiative-{i}}}\n",
                p.name, DEPS[p.dep].name, DEPS[p.dep].code
            );
            let _ = writeln!(b, "{}\n", f.paragraph(&mut r, PRESENTATION, 3));
        }
    } else {
        let _ = writeln!(b, "## Les acteurs\n\n{}\n", f.paragraph(&mut r, CONTEXT, 4));
    }
    let _ = writeln!(b, "[^1]: {}.", f.fill(&mut r, SOURCES[v % SOURCES.len()]));
    b
}

fn volume_title(v: usize) -> String {
    const THEMES: &[&str] = &[
        "Économie locale et solidaire",
        "Égalité femmes-hommes et mixité des métiers",
        "Validation et reconnaissance des acquis",
        "Inclusion et maintien dans l'emploi des personnes handicapées",
        "Achats socialement responsables",
    ];
    format!("{} (série {})", THEMES[v % THEMES.len()], v + 1)
}

fn volume_body(layout: &Layout, v: usize) -> String {
    let mut r = Rng::new(SEED, 5_000_000 + v as u64);
    let f = Filler { case: None };
    let vol = layout.volume_dir(v);
    format!(
        "{}\n\n{}\n\nLe volume s'ouvre sur l'[introduction](@/{vol}/01-introduction.md) et le [contexte national](@/{vol}/02-contexte-national.md#cadre-national), puis présente {} coups de projecteur.\n",
        f.paragraph(&mut r, INTRO, 4),
        f.paragraph(&mut r, CONTEXT, 3),
        layout.cases_of(v).len()
    )
}

fn resources_groups() -> V {
    let group = |title: &str, items: &[(&str, &str, &str, u64, Option<&str>)]| {
        V::M(vec![
            ("title", s(title)),
            (
                "resources",
                V::L(
                    items
                        .iter()
                        .map(|(title, kind, publisher, year, url)| {
                            let mut m = vec![
                                ("title", s(*title)),
                                ("kind", s(*kind)),
                                ("publisher", s(*publisher)),
                                ("year", V::I(*year)),
                                (
                                    "description",
                                    s(format!("{title}, publié par {publisher} en {year}.")),
                                ),
                            ];
                            if let Some(u) = url {
                                m.push(("url", s(*u)));
                            }
                            V::M(m)
                        })
                        .collect(),
                ),
            ),
        ])
    };
    V::L(vec![
        group(
            "Guides sur les PTCE",
            &[
                (
                    "Enquête d'analyse des PTCE",
                    "étude",
                    "Labo de l'ESS",
                    2017,
                    Some("https://www.lelabo-ess.org/"),
                ),
                (
                    "Mode d'emploi de l'AMI permanent « PTCE émergents »",
                    "guide",
                    "Dispositif national PTCE",
                    2023,
                    None,
                ),
            ],
        ),
        group(
            "Guides sur les filières",
            &[
                (
                    "Filières & ESS – le rôle des collectivités",
                    "guide méthodologique",
                    "RTES",
                    2023,
                    Some("https://www.rtes.fr/"),
                ),
                (
                    "Réindustrialisation : l'ESS comme levier de croissance",
                    "étude",
                    "Banque des Territoires",
                    2024,
                    None,
                ),
                (
                    "État des lieux du réemploi textile solidaire",
                    "étude",
                    "Fashion Green Hub",
                    2023,
                    None,
                ),
            ],
        ),
    ])
}

fn term_body(i: usize, term: &Term) -> String {
    let mut r = Rng::new(SEED, 6_000_000 + i as u64);
    let f = Filler { case: None };
    let mut b = format!(
        "{} désigne une notion centrale pour les acteurs de l'inclusion dans l'emploi. {}\n\n{}",
        term.abbreviation.unwrap_or(term.term),
        f.sentences(&mut r, INTRO, 2),
        f.sentences(&mut r, CONTEXT, 2),
    );
    if let Some(other) = term.see_also.first() {
        let _ = write!(b, " Voir aussi la fiche [{other}](@/glossaire/{other}.md).");
    }
    b.push('\n');
    b
}

fn ptce_summary(layout: &Layout, i: usize, p: &Ptce) -> String {
    let first = Case::new(layout, (i * 37) % layout.cases);
    format!(
        "Ce PTCE réunit une trentaine d'acteurs du {}, dont une dizaine de structures de l'ESS, des entreprises et des habitants, autour de l'alimentation durable, de l'économie circulaire et de la mobilité solidaire. Voir le [coup de projecteur n°{}](@/{}).",
        DEPS[p.dep].name,
        first.number,
        first.rel(layout)
    )
}

fn home_body(layout: &Layout) -> String {
    let mut r = Rng::new(SEED, 7);
    let f = Filler { case: None };
    format!(
        "{}\n\n## Les panoramas de la collection\n\n{}\n\nLe premier [volume](@/{}/index.md) réunit {} coups de projecteur.\n",
        f.paragraph(&mut r, INTRO, 4),
        f.paragraph(&mut r, CONTEXT, 3),
        layout.volume_dir(0),
        layout.cases_of(0).len()
    )
}

// ---------------------------------------------------------------------------
// Writers.

struct Out {
    root: PathBuf,
    files: usize,
    bytes: usize,
}

impl Out {
    fn new(root: &Path) -> Result<Out, String> {
        if root.exists()
            && std::fs::read_dir(root)
                .map_err(|e| format!("{}: {e}", root.display()))?
                .next()
                .is_some()
        {
            return Err(format!(
                "{} is not empty: remove it first (the generator never overwrites)",
                root.display()
            ));
        }
        Ok(Out {
            root: root.to_path_buf(),
            files: 0,
            bytes: 0,
        })
    }

    fn write(&mut self, rel: &str, text: &str) -> Result<(), String> {
        let path = self.root.join(rel);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        }
        std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
        self.files += 1;
        self.bytes += text.len();
        Ok(())
    }
}

const SITE_TITLE: &str = "Les panoramas régionaux de l'inclusion dans l'emploi (corpus de test)";
const PUBLISHER: &str = "DREETS Hauts-de-France";
const BASE_URL: &str = "https://example.gouv.fr/panoramas/";

/// Stats of the case-study files, to check the ~7 KB target.
#[derive(Default)]
struct CaseStats {
    count: usize,
    bytes: usize,
}

#[allow(
    clippy::too_many_lines,
    reason = "the files of the whole panorama corpus, in the order of its tree"
)]
fn write_panorama(layout: &Layout, dir: &Path) -> Result<(Out, CaseStats), String> {
    let mut out = Out::new(dir)?;
    let mut stats = CaseStats::default();
    let mut site = vec![
        ("title", s(SITE_TITLE)),
        (
            "description",
            s("Corpus synthétique et déterministe pour mesurer les performances de panorama."),
        ),
        ("base_url", s(BASE_URL)),
        ("language", s("fr")),
        ("publisher", s(PUBLISHER)),
        ("theme", s("panorama")),
    ];
    site.push((
        "panoramas",
        V::L(
            (0..layout.volumes())
                .map(|v| {
                    V::M(vec![
                        ("title", s(volume_title(v))),
                        ("status", s("published")),
                        ("volume", s(layout.volume_dir(v))),
                    ])
                })
                .collect(),
        ),
    ));
    let mut text = String::new();
    emit_map(&mut text, &site, 0);
    // Hugo has no search index: the side-by-side corpus builds without one
    // (CORPUS_SEARCH=1 keeps panorama's Pagefind index, to measure it).
    if std::env::var_os("CORPUS_SEARCH").is_none() {
        text.push_str("search: false\n");
    }
    // Nor a printed volume (a 1 000-page PDF takes longer than the site):
    // CORPUS_PDF=1 keeps it, to measure it.
    if std::env::var_os("CORPUS_PDF").is_none() {
        text.push_str("pdf: false\n");
    }
    out.write("content/site.yaml", &text)?;
    out.write(
        "content/index.md",
        &document(&[("title", s(SITE_TITLE))], &home_body(layout)),
    )?;

    for (i, term) in TERMS.iter().enumerate() {
        out.write(
            &format!("content/glossaire/{}.md", term.slug),
            &document(&term_front(term, false), &term_body(i, term)),
        )?;
    }

    let mut reg = vec![(
        "register",
        V::M(vec![
            ("year", V::I(2023)),
            ("source", s("ESS Hauts-de-France")),
        ]),
    )];
    reg.push((
        "ptce",
        V::L(
            PTCES
                .iter()
                .enumerate()
                .map(|(i, p)| ptce_entry(layout, i, p, |t| t.to_string()))
                .collect(),
        ),
    ));
    let mut text = String::new();
    emit_map(&mut text, &reg, 0);
    out.write("content/ptce.yaml", &text)?;

    for v in 0..layout.volumes() {
        let vol = layout.volume_dir(v);
        out.write(
            &format!("content/{vol}/index.md"),
            &document(&volume_front(v), &volume_body(layout, v)),
        )?;
        for ch in CHAPTERS.iter().chain([&LATE_CHAPTER]) {
            out.write(
                &format!("content/{vol}/{}", ch.file),
                &document(&chapter_front(ch), &chapter_body(layout, v, ch)),
            )?;
        }
        out.write(
            &format!("content/{vol}/lancez-vous.md"),
            &document(
                &[
                    ("title", s("Lancez-vous !")),
                    ("subtitle", s("Outils et ressources pour aller plus loin")),
                    ("groups", resources_groups()),
                ],
                "Les ressources ci-dessous prolongent les coups de projecteur du volume.\n",
            ),
        )?;
        for g in layout.cases_of(v) {
            let case = Case::new(layout, g);
            let front = case_front(&case);
            let doc = document(&front.fields, &case_body(layout, &case, &front));
            stats.count += 1;
            stats.bytes += doc.len();
            out.write(&format!("content/{}", case.rel(layout)), &doc)?;
        }
    }
    Ok((out, stats))
}

fn term_front(term: &Term, hugo: bool) -> Vec<(&'static str, V)> {
    let mut f = vec![(if hugo { "title" } else { "term" }, s(term.term))];
    if let Some(a) = term.abbreviation {
        f.push(("abbreviation", s(a)));
    }
    if !term.aliases.is_empty() {
        // `aliases` is a reserved key in Hugo (redirect pages).
        f.push((
            if hugo { "forms" } else { "aliases" },
            V::L(term.aliases.iter().map(|a| s(*a)).collect()),
        ));
    }
    if !term.see_also.is_empty() {
        f.push((
            "see_also",
            V::L(term.see_also.iter().map(|a| s(*a)).collect()),
        ));
    }
    if let Some(src) = term.source {
        f.push(("source", s(src)));
    }
    f
}

fn ptce_entry(layout: &Layout, i: usize, p: &Ptce, link: impl Fn(&str) -> String) -> V {
    let mut m = vec![
        ("name", s(p.name)),
        ("slug", s(p.slug)),
        ("departement", s(DEPS[p.dep].code)),
    ];
    if !p.aliases.is_empty() {
        m.push(("aliases", V::L(p.aliases.iter().map(|a| s(*a)).collect())));
    }
    if p.summary {
        m.push(("summary", s(link(&ptce_summary(layout, i, p)))));
    }
    V::M(m)
}

fn volume_front(v: usize) -> Vec<(&'static str, V)> {
    vec![
        ("number", V::I(v as u64 + 1)),
        ("title", s(volume_title(v))),
        (
            "subtitle",
            s("Activités d'utilité sociale et filières inclusives"),
        ),
        ("published", s("2025-07")),
        ("publisher", s(PUBLISHER)),
        (
            "description",
            s(
                "Comment les structures inclusives des Hauts-de-France développent des activités d'utilité sociale.",
            ),
        ),
    ]
}

fn chapter_front(ch: &Chapter) -> Vec<(&'static str, V)> {
    let mut f = vec![];
    if let Some(k) = ch.kicker {
        f.push(("kicker", s(k)));
    }
    f.push(("title", s(ch.title)));
    f.push((
        "description",
        s(format!(
            "{} : les politiques publiques et les acteurs qui soutiennent l'économie locale et solidaire.",
            ch.title
        )),
    ));
    f
}

/// `@/vol/04-projecteurs/0001-x.md#a` → the Hugo content path.
fn hugo_path(rel: &str) -> String {
    let (path, anchor) = match rel.split_once('#') {
        Some((p, a)) => (p, format!("#{a}")),
        None => (rel, String::new()),
    };
    let parts: Vec<&str> = path.split('/').collect();
    let mapped = match parts.as_slice() {
        ["index.md"] => "/_index.md".to_string(),
        [vol, "index.md"] => format!("/{vol}/_index.md"),
        [vol, _cases, file] => format!("/{vol}/{file}"),
        _ => format!("/{path}"),
    };
    format!("{mapped}{anchor}")
}

/// Rewrites every `](@/…)` link into a Hugo `ref` shortcode.
fn hugo_links(body: &str) -> String {
    let mut out = String::with_capacity(body.len() + 512);
    let mut rest = body;
    while let Some(i) = rest.find("](@/") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 4..];
        let end = after.find(')').unwrap_or(after.len());
        let _ = write!(out, "]({{{{< ref \"{}\" >}}}})", hugo_path(&after[..end]));
        rest = &after[(end + 1).min(after.len())..];
    }
    out.push_str(rest);
    out
}

fn with(
    mut front: Vec<(&'static str, V)>,
    extra: Vec<(&'static str, V)>,
) -> Vec<(&'static str, V)> {
    front.extend(extra);
    front
}

const HUGO_LAYOUTS: &[(&str, &str)] = &[
    (
        "layouts/_default/baseof.html",
        include_str!("../benches/hugo/layouts/_default/baseof.html"),
    ),
    (
        "layouts/_default/list.html",
        include_str!("../benches/hugo/layouts/_default/list.html"),
    ),
    (
        "layouts/_default/single.html",
        include_str!("../benches/hugo/layouts/_default/single.html"),
    ),
    (
        "layouts/_default/case_study.html",
        include_str!("../benches/hugo/layouts/_default/case_study.html"),
    ),
    (
        "layouts/_default/term.html",
        include_str!("../benches/hugo/layouts/_default/term.html"),
    ),
    (
        "layouts/_default/resources.html",
        include_str!("../benches/hugo/layouts/_default/resources.html"),
    ),
    (
        "layouts/_default/ptce.html",
        include_str!("../benches/hugo/layouts/_default/ptce.html"),
    ),
    (
        "layouts/_default/all_resources.html",
        include_str!("../benches/hugo/layouts/_default/all_resources.html"),
    ),
    (
        "layouts/glossaire/list.html",
        include_str!("../benches/hugo/layouts/glossaire/list.html"),
    ),
    (
        "layouts/index.html",
        include_str!("../benches/hugo/layouts/index.html"),
    ),
    (
        "layouts/404.html",
        include_str!("../benches/hugo/layouts/404.html"),
    ),
    (
        "static/static/style.css",
        include_str!("../themes/panorama/static/style.css"),
    ),
];

#[allow(
    clippy::too_many_lines,
    reason = "the files of the whole Hugo corpus, in the order of its tree"
)]
fn write_hugo(layout: &Layout, dir: &Path) -> Result<Out, String> {
    let mut out = Out::new(dir)?;
    let config = format!(
        "baseURL: {}\nlanguageCode: fr\ndefaultContentLanguage: fr\ntitle: {}\n\
         disableKinds: [taxonomy, term, RSS]\nenableRobotsTXT: true\n\
         params:\n  publisher: {}\n\
         markup:\n  goldmark:\n    renderer:\n      unsafe: true\n  highlight:\n    noClasses: false\n    codeFences: true\n    guessSyntax: false\n",
        quote(BASE_URL),
        quote(SITE_TITLE),
        quote(PUBLISHER)
    );
    out.write("config.yaml", &config)?;
    for (rel, text) in HUGO_LAYOUTS {
        out.write(rel, text)?;
    }
    out.write(
        "content/_index.md",
        &document(&[("title", s(SITE_TITLE))], &hugo_links(&home_body(layout))),
    )?;

    out.write(
        "content/glossaire/_index.md",
        &document(&[("title", s("Glossaire"))], ""),
    )?;
    for (i, term) in TERMS.iter().enumerate() {
        out.write(
            &format!("content/glossaire/{}.md", term.slug),
            &document(
                &with(term_front(term, true), vec![("layout", s("term"))]),
                &hugo_links(&term_body(i, term)),
            ),
        )?;
    }

    // The register is data; the PTCE page renders it.
    let mut reg = vec![(
        "register",
        V::M(vec![
            ("year", V::I(2023)),
            ("source", s("ESS Hauts-de-France")),
        ]),
    )];
    reg.push((
        "ptce",
        V::L(
            PTCES
                .iter()
                .enumerate()
                .map(|(i, p)| ptce_entry(layout, i, p, hugo_data_links))
                .collect(),
        ),
    ));
    let mut text = String::new();
    emit_map(&mut text, &reg, 0);
    out.write("data/ptce.yaml", &text)?;
    out.write(
        "content/ptce.md",
        &document(
            &[
                ("title", s("Les PTCE des Hauts-de-France")),
                ("layout", s("ptce")),
            ],
            "",
        ),
    )?;
    out.write(
        "content/ressources.md",
        &document(
            &[
                ("title", s("Ressources pour passer à l'action")),
                ("layout", s("all_resources")),
            ],
            "",
        ),
    )?;

    for v in 0..layout.volumes() {
        let vol = layout.volume_dir(v);
        out.write(
            &format!("content/{vol}/_index.md"),
            &document(
                &with(volume_front(v), vec![("weight", V::I(v as u64 + 1))]),
                &hugo_links(&volume_body(layout, v)),
            ),
        )?;
        for (k, ch) in CHAPTERS.iter().chain([&LATE_CHAPTER]).enumerate() {
            let weight = if k < CHAPTERS.len() {
                k as u64 + 1
            } else {
                1_000_000
            };
            out.write(
                &format!("content/{vol}/{}", ch.file),
                &document(
                    &with(
                        chapter_front(ch),
                        vec![("slug", s(ch.slug)), ("weight", V::I(weight))],
                    ),
                    &hugo_links(&chapter_body(layout, v, ch)),
                ),
            )?;
        }
        out.write(
            &format!("content/{vol}/lancez-vous.md"),
            &document(
                &[
                    ("title", s("Lancez-vous !")),
                    ("subtitle", s("Outils et ressources pour aller plus loin")),
                    ("groups", resources_groups()),
                    ("layout", s("resources")),
                    ("weight", V::I(1_000_001)),
                ],
                "Les ressources ci-dessous prolongent les coups de projecteur du volume.\n",
            ),
        )?;
        for g in layout.cases_of(v) {
            let case = Case::new(layout, g);
            let front = case_front(&case);
            let body = hugo_links(&case_body(layout, &case, &front));
            let fields = with(
                front.fields,
                vec![
                    ("slug", s(case.slug.clone())),
                    ("weight", V::I(10 + case.number as u64)),
                    ("layout", s("case_study")),
                ],
            );
            out.write(
                &format!("content/{vol}/{:04}-{}.md", case.number, case.slug),
                &document(&fields, &body),
            )?;
        }
    }
    Ok(out)
}

/// In Hugo data files, `@/` links become plain site-relative links.
fn hugo_data_links(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find("](@/") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 4..];
        let end = after.find(')').unwrap_or(after.len());
        let target = &after[..end];
        let parts: Vec<&str> = target.trim_end_matches(".md").split('/').collect();
        let url = match parts.as_slice() {
            [vol, _cases, file] => {
                let slug = file.split_once('-').map_or(*file, |(_, s)| s);
                format!("/panoramas/{vol}/{slug}/")
            }
            _ => format!("/panoramas/{}/", parts.join("/")),
        };
        let _ = write!(out, "]({url})");
        rest = &after[(end + 1).min(after.len())..];
    }
    out.push_str(rest);
    out
}

fn main() {
    let mut cases: Option<usize> = None;
    let mut per_volume = 1000;
    let mut panorama: Option<PathBuf> = None;
    let mut hugo: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = |name: &str| {
            args.next().unwrap_or_else(|| {
                eprintln!("gen_corpus: {name} needs a value\n\n{USAGE}");
                std::process::exit(2)
            })
        };
        match a.as_str() {
            "--cases" => cases = value("--cases").parse().ok(),
            "--per-volume" => per_volume = value("--per-volume").parse().unwrap_or(0),
            "--panorama" => panorama = Some(value("--panorama").into()),
            "--hugo" => hugo = Some(value("--hugo").into()),
            "-h" | "--help" => {
                println!("{USAGE}");
                return;
            }
            other => {
                eprintln!("gen_corpus: unknown argument `{other}`\n\n{USAGE}");
                std::process::exit(2)
            }
        }
    }
    let Some(cases) = cases.filter(|&n| n > 0) else {
        eprintln!("gen_corpus: --cases N (N > 0) is required\n\n{USAGE}");
        std::process::exit(2)
    };
    if per_volume == 0 || (panorama.is_none() && hugo.is_none()) {
        eprintln!("{USAGE}");
        std::process::exit(2)
    }
    let layout = Layout { cases, per_volume };
    let run = || -> Result<(), String> {
        if let Some(dir) = &panorama {
            let (out, stats) = write_panorama(&layout, dir)?;
            println!(
                "gen_corpus: panorama site with {} case studies in {} volumes: {} files, {:.1} MB, case studies {:.2} KB on average, in {}",
                stats.count,
                layout.volumes(),
                out.files,
                out.bytes as f64 / 1e6,
                stats.bytes as f64 / stats.count.max(1) as f64 / 1024.0,
                dir.display()
            );
        }
        if let Some(dir) = &hugo {
            let out = write_hugo(&layout, dir)?;
            println!(
                "gen_corpus: Hugo site: {} files, {:.1} MB, in {}",
                out.files,
                out.bytes as f64 / 1e6,
                dir.display()
            );
        }
        Ok(())
    };
    if let Err(e) = run() {
        eprintln!("gen_corpus: {e}");
        std::process::exit(1);
    }
}
