//! The workload: drafts and packs, generated from a fixed seed so that every
//! run (and every machine) measures the same texts against the same packs.

use std::collections::HashSet;

use postcheck_core::format::limits::MAX_GUIDELINE_TEXT_CHARS;
use postcheck_core::rules::hashed_terms::MAX_UNMARKED_RULES;
use postcheck_core::{hash_term, mark_term};
use serde_json::{Value, json};

/// The seed of every generated text and pack.
pub const SEED: u64 = 0x5EED_2026_0005;

/// SplitMix64: small, fast, and the same everywhere.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }

    /// One of `items` (not empty), cloned.
    pub fn pick<T: Clone>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())].clone()
    }
}

const DE: &[&str] = &[
    "Heute",
    "haben",
    "wir",
    "unser",
    "neues",
    "Team",
    "in",
    "Zürich",
    "vorgestellt",
    "und",
    "die",
    "Stimmung",
    "war",
    "großartig",
    "Danke",
    "an",
    "alle",
    "Kolleginnen",
    "Kollegen",
    "für",
    "den",
    "Einsatz",
    "der",
    "letzten",
    "Wochen",
    "Wir",
    "freuen",
    "uns",
    "auf",
    "das",
    "nächste",
    "Projekt",
    "mit",
    "euch",
    "Die",
    "Messe",
    "in",
    "Basel",
    "ist",
    "eröffnet",
    "Besucht",
    "uns",
    "am",
    "Stand",
    "Gespräche",
    "über",
    "Nachhaltigkeit",
    "Digitalisierung",
    "Zukunft",
    "Arbeit",
    "ein",
    "eine",
    "nicht",
    "auch",
    "noch",
    "sehr",
    "schön",
    "gemeinsam",
    "erreicht",
    "Kundinnen",
    "Kunden",
    "Lösung",
    "Straße",
    "Grüße",
    "Frühling",
    "Überraschung",
    "Ergebnis",
    "spannend",
    "wichtig",
];
const EN: &[&str] = &[
    "Today",
    "we",
    "are",
    "proud",
    "to",
    "share",
    "our",
    "new",
    "product",
    "with",
    "the",
    "world",
    "and",
    "it",
    "is",
    "the",
    "result",
    "of",
    "months",
    "of",
    "hard",
    "work",
    "by",
    "an",
    "amazing",
    "team",
    "Thanks",
    "to",
    "everyone",
    "who",
    "joined",
    "us",
    "at",
    "conference",
    "this",
    "week",
    "great",
    "talks",
    "about",
    "cloud",
    "security",
    "data",
    "people",
    "customers",
    "future",
    "looking",
    "forward",
    "next",
    "year",
    "have",
    "has",
    "will",
    "be",
    "from",
    "for",
    "that",
    "learned",
    "so",
    "much",
    "growth",
    "launch",
    "journey",
    "community",
    "meetup",
    "panel",
];
const FR: &[&str] = &[
    "Aujourd'hui",
    "nous",
    "sommes",
    "fiers",
    "de",
    "présenter",
    "notre",
    "nouvelle",
    "équipe",
    "à",
    "Genève",
    "et",
    "le",
    "salon",
    "est",
    "une",
    "belle",
    "réussite",
    "Merci",
    "à",
    "tous",
    "les",
    "collègues",
    "pour",
    "leur",
    "engagement",
    "avec",
    "des",
    "clients",
    "dans",
    "la",
    "région",
    "qui",
    "ont",
    "participé",
    "au",
    "débat",
    "sur",
    "l'avenir",
    "du",
    "travail",
    "numérique",
    "cette",
    "semaine",
    "très",
    "intéressant",
    "projet",
    "réunion",
    "rencontre",
    "été",
    "déjà",
    "prochaine",
    "étape",
    "sécurité",
    "données",
    "développement",
    "durable",
    "ça",
    "où",
    "garçon",
];
const EMOJI: &[&str] = &[
    "🎉",
    "🚀",
    "👏",
    "🙌",
    "💡",
    "🇨🇭",
    "🇩🇪",
    "🇫🇷",
    "👩🏽\u{200D}💻",
    "👨\u{200D}👩\u{200D}👧",
    "❤️",
    "✅",
    "📈",
    "🤝",
    "☕",
    "🏔️",
];
const HASHTAGS: &[&str] = &[
    "#innovation",
    "#teamwork",
    "#Nachhaltigkeit",
    "#cloud",
    "#hiring",
    "#KI",
    "#AI",
    "#sécurité",
    "#Zürich",
    "#MadeInSwitzerland",
    "#womenintech",
    "#DevOps",
];
const MENTIONS: &[&str] = &[
    "@anna_muster",
    "@ACME",
    "@jean.dupont",
    "@TechCrunch",
    "@sbb_cff_ffs",
    "@heise",
];
const LINKS: &[&str] = &[
    "https://acme.example/news/2026/launch",
    "https://www.example.org/blog/zukunft-der-arbeit?utm_source=linkedin",
    "https://exemple.fr/évènements/salon-2026",
    "example.com/jobs",
    "https://t.co/AbC123xYz",
];
const NUMBERS: &[&str] = &[
    "2026",
    "42 %",
    "3,5 Mio.",
    "1.2 million",
    "12 000",
    "+15 %",
    "Q3",
    "10:30",
    "3.",
    "250",
    "CHF 1'200",
    "€ 99",
    "7/24",
];

/// The plain terms of the large pack and the scaling packs, for the drafts to mention.
pub struct Names {
    pub codenames: Vec<String>,
    pub customers: Vec<String>,
    pub people: Vec<String>,
    pub systems: Vec<String>,
    pub products: Vec<String>,
    pub hashed: Vec<String>,
    pub swaps: Vec<(String, String)>,
    pub ticket_prefixes: Vec<String>,
}

fn pseudo_word(rng: &mut Rng, syllables: usize) -> String {
    const ONSETS: &[&str] = &[
        "b", "k", "d", "f", "g", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br", "kr", "st",
        "tr", "gl", "dr", "sk", "th", "ch", "qu",
    ];
    const VOWELS: &[&str] = &["a", "e", "i", "o", "u", "ae", "io", "y", "ei", "ou"];
    const CODAS: &[&str] = &["", "", "", "n", "r", "x", "s", "l", "th", "nd", "rk"];
    let mut w = String::new();
    for _ in 0..syllables {
        w.push_str(rng.pick(ONSETS));
        w.push_str(rng.pick(VOWELS));
    }
    w.push_str(rng.pick(CODAS));
    let mut c = w.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => w,
    }
}

/// `n` distinct invented names (one or two words), none of them a word of the drafts.
pub fn invent_names(rng: &mut Rng, n: usize, taken: &mut HashSet<String>) -> Vec<String> {
    let mut out = Vec::with_capacity(n);
    while out.len() < n {
        let name = if rng.chance(0.25) {
            let first = pseudo_word(rng, 2);
            let syllables = 1 + rng.below(2);
            format!("{first} {}", pseudo_word(rng, syllables))
        } else {
            let syllables = 2 + rng.below(2);
            pseudo_word(rng, syllables)
        };
        if taken.insert(name.to_lowercase()) {
            out.push(name);
        }
    }
    out
}

impl Names {
    pub fn generate(rng: &mut Rng) -> Names {
        let mut taken: HashSet<String> = DE
            .iter()
            .chain(EN)
            .chain(FR)
            .map(|w| w.to_lowercase())
            .collect();
        let codenames = invent_names(rng, 5_000, &mut taken);
        let customers = invent_names(rng, 3_000, &mut taken);
        let people = invent_names(rng, 1_500, &mut taken);
        let systems = invent_names(rng, 500, &mut taken);
        let products = invent_names(rng, 200, &mut taken);
        let hashed = invent_names(rng, 1_000, &mut taken);
        let swaps = invent_names(rng, 500, &mut taken)
            .into_iter()
            .map(|right| (right.to_lowercase().replace(' ', ""), right))
            .collect();
        let mut ticket_prefixes = Vec::new();
        let mut seen = HashSet::new();
        while ticket_prefixes.len() < 50 {
            let p: String = (0..2 + rng.below(3))
                .map(|_| (b'A' + rng.below(26) as u8) as char)
                .collect();
            if seen.insert(p.clone()) {
                ticket_prefixes.push(p);
            }
        }
        Names {
            codenames,
            customers,
            people,
            systems,
            products,
            hashed,
            swaps,
            ticket_prefixes,
        }
    }

    /// Something from the large pack for a draft to mention now and then.
    fn hit(&self, rng: &mut Rng) -> String {
        match rng.below(9) {
            0 => format!("Projekt {}", rng.pick(&self.codenames)),
            1 => format!("{} Vertrag", rng.pick(&self.customers)),
            2 => format!("{}s", rng.pick(&self.codenames)),
            3 => rng.pick(&self.hashed),
            4 => rng.pick(&self.swaps).0.clone(),
            5 => format!(
                "{}-{}",
                rng.pick(&self.ticket_prefixes),
                1000 + rng.below(90_000)
            ),
            6 => format!(
                "{} liebt {}",
                rng.pick(&self.people),
                rng.pick(&self.products)
            ),
            7 => "anna.muster@acme.example".to_string(),
            _ => format!("Umsatz {} Mio", 1 + rng.below(900)),
        }
    }
}

fn sentence(rng: &mut Rng, names: Option<&Names>) -> String {
    let words = rng.pick(&[DE, EN, FR]);
    let n = 6 + rng.below(12);
    let mut parts: Vec<String> = Vec::with_capacity(n + 4);
    for i in 0..n {
        let w = rng.pick(words);
        parts.push(if i == 0 {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect())
                .unwrap_or_default()
        } else {
            w.to_string()
        });
        if rng.chance(0.05) {
            parts.push(rng.pick(NUMBERS).to_string());
        }
    }
    if let Some(names) = names
        && rng.chance(0.12)
    {
        let at = rng.below(parts.len());
        parts.insert(at, names.hit(rng));
    }
    if rng.chance(0.15) {
        parts.push(rng.pick(MENTIONS).to_string());
    }
    if rng.chance(0.08) {
        parts.push(rng.pick(LINKS).to_string());
    }
    let mut s = parts.join(" ");
    s.push_str(rng.pick(&[".", ".", ".", "!", "?", " :)", "!!"]));
    if rng.chance(0.35) {
        s.push(' ');
        s.push_str(rng.pick(EMOJI));
    }
    if rng.chance(0.25) {
        s.push(' ');
        s.push_str(rng.pick(HASHTAGS));
    }
    s
}

/// A draft of exactly `chars` characters (Unicode scalar values), in paragraphs.
pub fn draft(rng: &mut Rng, chars: usize, names: Option<&Names>) -> String {
    let mut out = String::new();
    let mut count = 0;
    while count < chars {
        let mut s = sentence(rng, names);
        s.push(if rng.chance(0.2) { '\n' } else { ' ' });
        if rng.chance(0.05) {
            s.push('\n');
        }
        count += s.chars().count();
        out.push_str(&s);
    }
    out.chars().take(chars).collect()
}

/// Drafts for the nested-quantifier patterns: `aaaa…a!`.
pub fn adversarial(n: usize) -> String {
    let mut s = "a".repeat(n);
    s.push('!');
    s
}

/// The starter pack, as JSON.
pub fn starter() -> Value {
    serde_json::from_str(postcheck_core::starter_pack()).expect("the starter pack is JSON")
}

/// A text in the four languages of the starter pack.
fn text(en: &str, de: &str, fr: &str, it: &str) -> Value {
    json!({ "en": en, "de": de, "fr": fr, "it": it })
}

fn with_rules(id: &str, name: &str, extra: Vec<Value>) -> Value {
    let mut pack = starter();
    pack["id"] = json!(id);
    pack["name"] = text(name, name, name, name);
    pack["publisher"] = json!("postcheck bench");
    if let Some(rules) = pack["rules"].as_array_mut() {
        rules.extend(extra);
    }
    pack
}

fn terms_rule(id: &str, terms: &[String], mode: &str, category: &str) -> Value {
    let first = terms.first().cloned().unwrap_or_default();
    json!({
        "id": id, "kind": "terms", "category": category, "level": "important",
        "guideline": "confidential", "match": mode,
        "message": {
            "en": "\"{match}\" is an internal name.", "de": "\"{match}\" ist ein interner Name.",
            "fr": "« {match} » est un nom interne.", "it": "\"{match}\" è un nome interno."
        },
        "suggestion": {
            "en": "Use the public name, or leave it out.", "de": "Verwenden Sie den öffentlichen Namen oder lassen Sie ihn weg.",
            "fr": "Utilisez le nom public ou retirez-le.", "it": "Usate il nome pubblico o toglietelo."
        },
        "terms": terms,
        "examples": { "hit": [format!("Heute startet {first}.")], "miss": ["Ein ganz normaler Satz über das Wetter."] }
    })
}

/// Starter pack plus one list of `n` invented confidential terms (the scaling curve).
pub fn terms_pack(rng: &mut Rng, n: usize, names: &Names) -> Value {
    let mut taken: HashSet<String> = DE
        .iter()
        .chain(EN)
        .chain(FR)
        .map(|w| w.to_lowercase())
        .collect();
    // The drafts mention the large pack's code names: the first ones are those, so every size finds some.
    let mut terms: Vec<String> = names.codenames.iter().take(n).cloned().collect();
    for t in &terms {
        taken.insert(t.to_lowercase());
    }
    for n in names
        .customers
        .iter()
        .chain(&names.people)
        .chain(&names.systems)
        .chain(&names.products)
        .chain(&names.hashed)
    {
        taken.insert(n.to_lowercase());
    }
    for (wrong, right) in &names.swaps {
        taken.insert(wrong.clone());
        taken.insert(right.to_lowercase());
    }
    if terms.len() < n {
        let more = invent_names(rng, n - terms.len(), &mut taken);
        terms.extend(more);
    }
    with_rules(
        &format!("bench-terms-{n}"),
        &format!("bench: starter + {n} terms"),
        vec![terms_rule("codenames", &terms, "inflected", "confidential")],
    )
}

/// The "large company" pack: starter + 10,000 terms + 1,000 hashed terms +
/// 500 substitutions + 50 patterns + 20 near/requires rules.
pub fn large_pack(names: &Names) -> Value {
    let mut rules = vec![
        terms_rule("codenames", &names.codenames, "inflected", "confidential"),
        terms_rule("customers", &names.customers, "word", "confidential"),
        terms_rule("people", &names.people, "word", "personal-data"),
        terms_rule("internal-systems", &names.systems, "prefix", "confidential"),
    ];
    let salt = "bench-salt-2026";
    let hashes: Vec<String> = names.hashed.iter().map(|t| hash_term(salt, t)).collect();
    // One mark per hash, as `postcheck pack hash-terms` writes them.
    let marks: Vec<u16> = names.hashed.iter().map(|t| mark_term(salt, t)).collect();
    rules.push(json!({
        "id": "secret-codenames", "kind": "hashed_terms", "category": "confidential", "level": "important",
        "message": text("This looks like an unannounced code name.", "Das sieht nach einem unveröffentlichten Codenamen aus.", "Cela ressemble à un nom de code non annoncé.", "Sembra un nome in codice non annunciato."), "salt": salt, "max_words": 2, "hashes": hashes, "marks": marks
    }));
    let swaps: Vec<Value> = names
        .swaps
        .iter()
        .map(|(wrong, right)| json!({ "instead_of": [wrong], "use": [right] }))
        .collect();
    let (first, second) = swaps.split_at(swaps.len() / 2);
    for (i, half) in [first, second].into_iter().enumerate() {
        let example = names
            .swaps
            .get(i * 250)
            .map(|s| s.0.clone())
            .unwrap_or_default();
        rules.push(json!({
            "id": format!("brand-spelling-{i}"), "kind": "substitution", "category": "values", "level": "note",
            "message": text("Write our names as the brand guide does.", "Schreiben Sie unsere Namen wie im Markenhandbuch.", "Écrivez nos noms comme le guide de marque.", "Scrivete i nostri nomi come nella guida del marchio."), "swap": half,
            "examples": { "hit": [format!("Neu von uns: {example}")], "miss": ["Neu von uns: nichts."] }
        }));
    }
    for (i, p) in names.ticket_prefixes.iter().enumerate() {
        let (pattern, group, hit) = match i % 5 {
            0 => (
                format!(r"\b{p}-\d{{3,6}}\b"),
                None,
                format!("Fixed {p}-1234 today"),
            ),
            1 => (
                format!(r"(?i)\bticket\s+(?<id>{p}-\d{{3,6}})\b"),
                Some("id"),
                format!("Ticket {p}-99881 ist zu"),
            ),
            2 => (
                format!(r"\b{p}[-_ ]?(?:Q[1-4]|H[12])[-_ ]?20\d\d\b"),
                None,
                format!("Plan {p}-Q3-2026"),
            ),
            3 => (
                format!(r"(?i)\bdoc(?:ument)?\s*#?\s*{p}\d{{4}}\b"),
                None,
                format!("see doc #{p}2041"),
            ),
            _ => (
                format!(
                    r"\b(?:https?://)?{}\.intra\.acme\.example\S*",
                    p.to_lowercase()
                ),
                None,
                format!("https://{}.intra.acme.example/wiki", p.to_lowercase()),
            ),
        };
        let mut rule = json!({
            "id": format!("pattern-{i:02}"), "kind": "pattern", "category": "confidential", "level": "consider",
            "message": text("An internal reference stays internal.", "Eine interne Referenz bleibt intern.", "Une référence interne reste interne.", "Un riferimento interno resta interno."), "pattern": pattern,
            "examples": { "hit": [hit], "miss": ["Nothing internal here."] }
        });
        if let Some(g) = group {
            rule["group"] = json!(g);
        }
        rules.push(rule);
    }
    for i in 0..10 {
        let customers: Vec<String> = names
            .customers
            .iter()
            .skip(i * 50)
            .take(50)
            .cloned()
            .collect();
        let first = customers.first().cloned().unwrap_or_default();
        rules.push(json!({
            "id": format!("customer-deal-{i}"), "kind": "near", "category": "confidential", "level": "important",
            "message": text("A customer named next to a contract.", "Ein Kunde neben einem Vertrag.", "Un client cité à côté d'un contrat.", "Un cliente citato accanto a un contratto."), "within": 8,
            "a": { "terms": customers },
            "b": { "terms": ["Vertrag", "contract", "deal", "contrat", "Auftrag", "Ausschreibung", "tender"], "match": "anywhere" },
            "examples": { "hit": [format!("{first} Vertrag unterschrieben")], "miss": [format!("{first} war zu Besuch")] }
        }));
    }
    for i in 0..5 {
        rules.push(json!({
            "id": format!("figures-{i}"), "kind": "near", "category": "confidential", "level": "important",
            "message": text("A figure next to a financial term.", "Eine Zahl neben einem Finanzbegriff.", "Un chiffre à côté d'un terme financier.", "Una cifra accanto a un termine finanziario."), "within": 6,
            "a": { "pattern": r"\d+(?:[.,']\d+)?\s?(?:Mio|Mrd|million|billion|milliards?|%|k€|M€)" },
            "b": { "terms": ["Umsatz", "revenue", "chiffre d'affaires", "Gewinn", "profit", "bénéfice", "EBIT", "margin"] },
            "examples": { "hit": ["Umsatz 12 Mio im Quartal"], "miss": ["12 Mio Besucher"] }
        }));
    }
    for i in 0..5 {
        let products: Vec<String> = names
            .products
            .iter()
            .skip(i * 40)
            .take(40)
            .cloned()
            .collect();
        let first = products.first().cloned().unwrap_or_default();
        rules.push(json!({
            "id": format!("disclose-{i}"), "kind": "requires", "category": "disclosure", "level": "consider",
            "message": text("You praise a product of your employer: say that you work there.", "Sie loben ein Produkt Ihres Arbeitgebers: Sagen Sie, dass Sie dort arbeiten.", "Vous vantez un produit de votre employeur : dites que vous y travaillez.", "Lodate un prodotto del vostro datore di lavoro: dite che ci lavorate."),
            "if_any": { "terms": products },
            "unless_any": { "terms": ["#ACMEemployee", "I work at ACME", "ich arbeite bei ACME", "je travaille chez ACME"],
                            "pattern": r"(?i)\bmein(em)? Arbeitgeber\b" },
            "add": text("#ACMEemployee", "#ACMEmitarbeiter", "#ACMEcollaborateur", "#ACMEdipendente"),
            "examples": { "hit": [format!("Try {first}!")], "miss": [format!("Try {first}! #ACMEemployee")] }
        }));
    }
    with_rules("bench-large", "bench: large company pack", rules)
}

/// The nested-quantifier patterns a pack author may write without knowing better.
pub const NESTED: [&str; 2] = [r"(a+)+$", r"(\w+\s?)+$"];

/// The large pack plus the two nested-quantifier patterns.
pub fn adversarial_pack(names: &Names) -> Value {
    let mut pack = large_pack(names);
    pack["id"] = json!("bench-adversarial");
    if let Some(rules) = pack["rules"].as_array_mut() {
        for (i, p) in NESTED.iter().enumerate() {
            rules.push(json!({
                "id": format!("nested-{i}"), "kind": "pattern", "category": "confidential", "level": "note",
                "message": text("Nested quantifiers.", "Verschachtelte Quantoren.", "Quantificateurs imbriqués.", "Quantificatori annidati."), "pattern": p,
                "examples": { "hit": ["aaa"], "miss": ["!"] }
            }));
        }
    }
    pack
}

/// Packs and drafts of a hostile pack author (the security review's figures):
/// (name, pack, draft). Checked with the extension's hint limits.
pub fn hostile() -> Vec<(&'static str, Value, String)> {
    let pack = |rules: Vec<Value>, guidelines: Value| {
        json!({
            "schema": "postcheck/pack/v1", "id": "bench-hostile", "name": "Hostile",
            "version": "1", "publisher": "bench", "date": "2026-01-01",
            "default_locale": "en", "languages": ["en"],
            "guidelines": guidelines, "rules": rules,
        })
    };
    let emails = |bytes: usize| {
        let mut text = String::new();
        let mut n = 0;
        while text.len() < bytes {
            text.push_str(&format!("a{n}@acme.example "));
            n += 1;
        }
        text
    };
    let email_rules: Vec<Value> = (0..5_000)
        .map(|i| {
            json!({ "id": format!("mail-{i}"), "kind": "detector", "detector": "email",
                    "category": "personal-data", "level": "consider", "message": "e-mail" })
        })
        .collect();
    let letters = json!([{ "id": "letters", "kind": "pattern", "pattern": "[a-z]",
        "category": "confidential", "level": "note", "message": "letter", "guideline": "big" }]);
    // The longest guideline text and the most hashed rules without marks a
    // pack may have (a 4 MB text and 5,000 such rules are refused at load).
    let big = json!([{ "id": "big", "title": { "en": "Big" },
        "text": { "en": "x".repeat(MAX_GUIDELINE_TEXT_CHARS) } }]);
    let hashed: Vec<Value> = (0..MAX_UNMARKED_RULES)
        .map(|i| {
            let salt = format!("salt-{i}");
            json!({ "id": format!("secret-{i}"), "kind": "hashed_terms",
                    "category": "confidential", "level": "important", "message": "code name",
                    "salt": salt, "hashes": [hash_term(&salt, &format!("codename{i}"))] })
        })
        .collect();
    let words = [
        "the", "team", "launch", "product", "release", "great", "work", "today", "with", "our",
        "new",
    ];
    let mut rng = Rng::new(SEED);
    let mut prose = String::new();
    while prose.len() < 100_000 {
        prose.push_str(rng.pick(&words));
        prose.push(' ');
    }
    let key = json!([{ "id": "key", "kind": "detector", "detector": "private-key",
        "category": "secret", "level": "important", "message": "key", "min_confidence": "low" }]);
    vec![
        (
            "5000-email-rules-4k",
            pack(email_rules.clone(), json!([])),
            emails(4_400),
        ),
        (
            "5000-email-rules-100k",
            pack(email_rules, json!([])),
            emails(100_000),
        ),
        (
            "10k-guideline-800",
            pack(letters.as_array().cloned().unwrap_or_default(), big),
            "ab ".repeat(266) + "ab",
        ),
        ("8-hashed-unmarked-100k", pack(hashed, json!([])), prose),
        (
            "40000-key-headers-one-line",
            pack(key.as_array().cloned().unwrap_or_default(), json!([])),
            "-----BEGIN PRIVATE KEY-----".repeat(40_000),
        ),
    ]
}
