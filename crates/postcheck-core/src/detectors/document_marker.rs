//! `document-marker`: classification and distribution markers copied from
//! internal documents ("STRENG VERTRAULICH", "Internal use only",
//! "Diffusion restreinte", "Solo per uso interno", "Sperrfrist: ...").
//!
//! Why it matters: a marker in a post means that text or a picture from a
//! classified document is about to be published; a press embargo ("Sperrfrist",
//! "embargo") means it must not be out before its time.
//!
//! Example: "VERTRAULICH – Q3-Zahlen vorab" flags `VERTRAULICH`.
//!
//! Markers in German, English, French and Italian. Unambiguous phrases
//! ("streng vertraulich", "nur für den internen Gebrauch", "internal use only",
//! "do not distribute", "under NDA", "ne pas diffuser", "strettamente
//! confidenziale" ...) are medium on their own. Single words that ordinary prose
//! uses too ("vertraulich", "confidential", "confidentiel", "riservato", "NDA",
//! "embargo", "Sperrfrist", "do not forward", "nicht weiterleiten", "intern",
//! "internal", "uso interno" ...) need the
//! look of a marker: at the start of a line, in capitals, followed by a colon or
//! dash, in brackets or asterisks, alone on their line, or after a label such
//! as "Klassifizierung:" or "Classification:". One such sign makes a word
//! medium and two make it high (the most common words like "intern" need two
//! for medium). So "vertrauliche Gespräche", "confidential computing", "interne
//! Weiterbildung" or "our internal hackathon" stay below medium.
//!
//! Embargo wording ("not for release before", "hold for release", "ne pas
//! publier avant le", "da non pubblicare prima del", "bitte nicht vor dem 3.
//! März veröffentlichen") is a phrase. A distribution instruction ("do not
//! share", "bitte nicht weitergeben", "ne pas diffuser", "non divulgare" ...)
//! that closes a statement (followed by a mark or the end of the line) has
//! one sign; one aimed at the reader's own things ("do not share your
//! password", "Passwörter bitte nicht weitergeben", "ne pas diffuser vos
//! identifiants") is advice, not a marker, and is left out.
//!
//! "confidential", "vertraulicher", "confidentiel", "riservata" ... next to
//! the poster's own material ("a confidential preview", "vertraulicher
//! Entwurf", "aperçu confidentiel", "in anteprima riservata") has one sign;
//! the inflected German, French and Italian forms ("vertrauliche Gespräche")
//! need it or two other signs, so confidentiality as a value stays quiet.
//! "riservata agli abbonati" (reserved for) is no marker.
//!
//! "NDA" with words of a topic near it ("Geheimhaltungsvereinbarung (NDA)",
//! "NDA-Vorlagen", "a workshop on NDAs") is a topic, not a marker, and is
//! left out; "under NDA", "unter NDA" and "NDA – do not share" stay markers.

use std::collections::HashMap;
use std::sync::LazyLock;

use super::around::{
    char_after, char_before, context_near, has_word_start, line_around, window_after,
    window_before,
};
use super::bounded::Bounded;
use super::scan::Stems;
use super::{Candidate, Confidence, Detector, DetectorOptions};

/// Finds classification and distribution markers.
pub struct DocumentMarker;

/// How telling a marker is on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Strength {
    /// Only used as a marker: medium on its own.
    Phrase,
    /// Also an ordinary word: needs one sign of a marker for medium.
    Word,
    /// A very common word: needs two signs for medium.
    Common,
    /// An inflected adjective ("vertrauliche"): medium next to the poster's
    /// own material, else it needs two signs other than the start of a line
    /// (where any sentence starts).
    Adjective,
}

const MARKERS: &[(&str, Strength)] = &[
    // German
    ("streng vertraulich", Strength::Phrase),
    ("streng geheim", Strength::Phrase),
    ("nur für den internen gebrauch", Strength::Phrase),
    ("nur fuer den internen gebrauch", Strength::Phrase),
    ("nur zum internen gebrauch", Strength::Phrase),
    ("nur für internen gebrauch", Strength::Phrase),
    ("nur für interne zwecke", Strength::Phrase),
    ("zur internen verwendung", Strength::Phrase),
    ("nur für den dienstgebrauch", Strength::Phrase),
    ("nicht zur veröffentlichung", Strength::Phrase),
    ("nicht zur weitergabe", Strength::Phrase),
    ("nicht weiterleiten", Strength::Word),
    ("bitte nicht weiterleiten", Strength::Word),
    ("verschlusssache", Strength::Phrase),
    ("vs-nfd", Strength::Phrase),
    ("sperrfrist bis", Strength::Phrase),
    ("unter nda", Strength::Phrase),
    ("bitte nicht weitergeben", Strength::Word),
    ("vertraulich", Strength::Word),
    ("vertrauliche", Strength::Adjective),
    ("vertraulicher", Strength::Adjective),
    ("vertrauliches", Strength::Adjective),
    ("vertraulichen", Strength::Adjective),
    ("sperrfrist", Strength::Word),
    ("geheim", Strength::Common),
    ("intern", Strength::Common),
    ("nur intern", Strength::Word),
    // English
    ("strictly confidential", Strength::Phrase),
    ("private and confidential", Strength::Phrase),
    ("company confidential", Strength::Phrase),
    ("for internal use only", Strength::Phrase),
    ("internal use only", Strength::Phrase),
    ("for internal use", Strength::Phrase),
    ("internal only", Strength::Phrase),
    ("do not forward", Strength::Word),
    ("do not distribute", Strength::Phrase),
    ("do not share", Strength::Word),
    ("don't share", Strength::Word),
    ("don’t share", Strength::Word),
    ("don't forward", Strength::Word),
    ("don’t forward", Strength::Word),
    ("not for distribution", Strength::Phrase),
    ("not for publication", Strength::Phrase),
    ("not for public release", Strength::Phrase),
    ("not for release before", Strength::Phrase),
    ("not for release until", Strength::Phrase),
    ("hold for release", Strength::Phrase),
    ("under embargo", Strength::Phrase),
    ("embargoed until", Strength::Phrase),
    ("top secret", Strength::Phrase),
    ("under nda", Strength::Phrase),
    ("confidential", Strength::Word),
    ("embargo", Strength::Word),
    ("embargoed", Strength::Word),
    ("restricted", Strength::Common),
    ("proprietary", Strength::Common),
    ("internal", Strength::Common),
    ("nda", Strength::Word),
    // French
    ("strictement confidentiel", Strength::Phrase),
    ("strictement confidentielle", Strength::Phrase),
    ("usage interne uniquement", Strength::Phrase),
    ("à usage interne", Strength::Phrase),
    ("pour usage interne", Strength::Phrase),
    ("diffusion restreinte", Strength::Phrase),
    ("diffusion interne", Strength::Phrase),
    ("ne pas diffuser", Strength::Phrase),
    ("ne pas transférer", Strength::Word),
    ("ne pas transmettre", Strength::Word),
    ("sous embargo", Strength::Phrase),
    ("ne pas publier avant le", Strength::Phrase),
    ("ne pas publier avant la", Strength::Phrase),
    ("ne pas publier avant l", Strength::Phrase),
    ("ne pas partager", Strength::Word),
    ("sous nda", Strength::Phrase),
    ("confidentiel", Strength::Word),
    ("confidentielle", Strength::Word),
    ("confidentiels", Strength::Adjective),
    ("confidentielles", Strength::Adjective),
    ("usage interne", Strength::Word),
    ("interne", Strength::Common),
    // Italian
    ("strettamente confidenziale", Strength::Phrase),
    ("strettamente riservato", Strength::Phrase),
    ("strettamente riservata", Strength::Phrase),
    ("riservato e confidenziale", Strength::Phrase),
    ("solo per uso interno", Strength::Phrase),
    ("ad uso interno", Strength::Phrase),
    ("per uso interno", Strength::Phrase),
    ("non divulgare", Strength::Phrase),
    ("non inoltrare", Strength::Word),
    ("non diffondere", Strength::Phrase),
    ("sotto embargo", Strength::Phrase),
    ("non pubblicare prima del", Strength::Phrase),
    ("non pubblicare prima della", Strength::Phrase),
    ("non pubblicare prima delle", Strength::Phrase),
    ("non pubblicare prima dell", Strength::Phrase),
    ("non condividere", Strength::Word),
    ("riservato", Strength::Word),
    ("riservata", Strength::Word),
    ("confidenziale", Strength::Word),
    ("riservati", Strength::Adjective),
    ("riservate", Strength::Adjective),
    ("confidenziali", Strength::Adjective),
    ("uso interno", Strength::Word),
    ("interno", Strength::Common),
];

/// Words after "confidential" that make it a technology, not a marker.
const TECHNOLOGY: &[&str] = &[
    "computing",
    "compute",
    "vm",
    "vms",
    "container",
    "containers",
    "ai",
    "space",
    "gke",
    "cloud",
];

/// Distribution instructions: a marker when they close a statement, advice
/// when aimed at the reader's own things.
const INSTRUCTIONS: &[&str] = &[
    "nicht weiterleiten",
    "bitte nicht weiterleiten",
    "bitte nicht weitergeben",
    "do not forward",
    "do not distribute",
    "do not share",
    "don't share",
    "don’t share",
    "don't forward",
    "don’t forward",
    "ne pas diffuser",
    "ne pas transférer",
    "ne pas transmettre",
    "ne pas partager",
    "non divulgare",
    "non inoltrare",
    "non diffondere",
    "non condividere",
];

/// Words after an instruction that aim it at the reader's own things ("do
/// not share your password"): then it is advice.
const READERS_OWN: &[&str] = &[
    "your", "yours", "personal", "passwords", "password", "ihre", "ihr", "ihren", "deine", "dein",
    "deinen", "eure", "euer", "persönliche", "vos", "votre", "tes", "ton", "ta", "mots", "tuoi",
    "tue", "tua", "tuo", "vostri", "vostre", "vostra", "vostro", "suspicious", "verdächtige",
];

/// Words before an instruction (in its sentence) that make it security advice.
const SECURITY: &[&str] = &[
    "passw",
    "kennw",
    "zugangsdaten",
    "credential",
    "credenzial",
    "identifiant",
    "mot de passe",
    "mots de passe",
    "phishing",
    "login",
    "spam",
];

/// Words after an instruction that close it as a label ("do not share externally").
const CLOSERS: &[&str] = &[
    "this", "externally", "outside", "publicly", "beyond", "yet", "extern", "öffentlich",
    "weiter", "à", "all'esterno", "pubblicamente", "ancora", "encore", "before", "until", "vor",
    "bis", "avant", "prima",
];

/// The poster's own material: "confidential" next to one of these is a marker.
const MATERIAL: &[&str] = &[
    // English
    "preview", "look", "peek", "draft", "drafts", "deck", "slide", "slides", "roadmap", "plan",
    "plans", "figures", "numbers", "document", "documents", "memo", "report", "presentation",
    "version", "briefing", "prototype", "screenshot", "sketch", "mockup", "design", "designs",
    // German
    "entwurf", "entwürfe", "vorschau", "einblick", "blick", "dokument", "dokumente", "unterlagen",
    "folie", "folien", "präsentation", "zahlen", "pläne", "strategiepapier", "bericht",
    "vorabversion", "prototyp", "skizze",
    // French
    "aperçu", "avant-première", "brouillon", "présentation", "feuille", "chiffres", "note",
    "rapport", "diapo", "diapos", "maquette",
    // Italian
    "anteprima", "bozza", "bozze", "versione", "documento", "documenti", "presentazione", "piano",
    "piani", "numeri", "rapporto", "nota", "prototipo", "bozzetto",
];

/// Words after "riservato" that make it "reserved for", not confidential.
const RESERVED_FOR: &[&str] = &[
    "a", "ai", "agli", "al", "alla", "alle", "allo", "all", "solo", "esclusivamente", "per",
];

/// Words near "NDA" that make it a topic (an agreement talked about), not a marker.
const NDA_TOPIC: &[&str] = &[
    "agreement",
    "vereinbarung",
    "geheimhaltung",
    "vertraulichkeitsvereinbarung",
    "disclosure",
    "accord",
    "accordo",
    "contrat",
    "contratto",
    "vertrag",
    "vorlage",
    "template",
    "modèle",
    "modello",
    "workshop",
    "webinar",
    "webinaire",
    "seminar",
    "basics",
    "clause",
    "klausel",
    "clausola",
    "atelier",
    "formazione",
    "formation",
    "kurs",
    "course",
    "leitfaden",
    "guide",
    "guida",
    "checklist",
    "signing",
    "unterschreiben",
    "signer",
    "firmare",
];

/// Labels before a marker that introduce a classification.
const LABELS: &[&str] = &[
    "klassifizierung",
    "klassifikation",
    "einstufung",
    "schutzstufe",
    "vertraulichkeit",
    "classification",
    "sensitivity",
    "classe",
    "classificazione",
    "livello",
    "dokument:",
    "document:",
];

static MARKER_RE: LazyLock<Bounded> = LazyLock::new(|| {
    let mut phrases: Vec<&str> = MARKERS.iter().map(|(p, _)| *p).collect();
    phrases.sort_by_key(|p| std::cmp::Reverse(p.len()));
    let alternatives: Vec<String> = phrases
        .iter()
        .map(|p| regex::escape(p).replace(' ', r"\s+"))
        .collect();
    Bounded::new("(?i)", &alternatives.join("|"), true)
});

/// Beginnings of the markers' words, in lower case: every marker has a word
/// that starts with one, and a marker is only tried at the words up to one (a
/// few places in a draft rather than all of it). Rare words where a marker
/// has one.
const STEMS: &[&str] = &[
    "intern",
    "nda",
    "geheim",
    "vertraulich",
    "dienstgebrauch",
    "verö",
    "verÖ",
    "weitergabe",
    "weiterleiten",
    "verschlusssache",
    "vs-nfd",
    "sperrfrist",
    "confiden",
    "forward",
    "distribut",
    "share",
    "publication",
    "release",
    "embargo",
    "secret",
    "restreinte",
    "diffuser",
    "transf",
    "transmettre",
    "riservat",
    "divulgare",
    "inoltrare",
    "diffondere",
    "restricted",
    "proprietary",
    "weitergeb",
    "publier",
    "pubblicare",
    "partager",
    "condividere",
];

static STEM_SEARCH: LazyLock<Stems> = LazyLock::new(|| Stems::new(STEMS.iter().copied()));

/// For each stem, how many words a marker can have before the word that holds it.
static WORDS_BEFORE: LazyLock<Vec<usize>> = LazyLock::new(|| {
    STEMS
        .iter()
        .map(|stem| {
            MARKERS
                .iter()
                .filter_map(|(phrase, _)| {
                    // "verÖ" stands for "verö": upper case as a draft can write it
                    let stem = stem.to_lowercase();
                    phrase.split(' ').position(|w| w.starts_with(&stem))
                })
                .max()
                .unwrap_or(0)
        })
        .collect()
});

/// The longest word of a marker, in characters, with room to spare.
const LONGEST_WORD: usize = 24;

/// Where markers can start: at a stem, and at the word boundaries of the words
/// before it that the marker can have (`streng vertraulich` starts a word
/// before the stem `vertraulich`, `(streng vertraulich)` after the bracket).
/// `None` when the stems cannot be searched for (see [`Stems::find_all`]).
fn marker_starts(text: &str) -> Option<Vec<usize>> {
    let mut starts = Vec::new();
    for (at, stem) in STEM_SEARCH.find_all(text)? {
        starts.push(at);
        let mut start = at;
        for _ in 0..WORDS_BEFORE.get(stem).copied().unwrap_or(0) {
            // The words of a marker are apart by white space.
            let before = text.get(..start).unwrap_or("");
            let end = before.trim_end().len();
            if end == before.len() {
                break;
            }
            // the characters of the word before, as far as a word of a marker can go
            let head = text.get(..end).unwrap_or("");
            start = end;
            let mut cut = false;
            for (n, (i, c)) in head.char_indices().rev().enumerate() {
                if c.is_whitespace() {
                    break;
                }
                if n == LONGEST_WORD {
                    cut = true;
                    break;
                }
                start = i;
            }
            let word = text.get(start..end).unwrap_or("");
            starts.extend(word.char_indices().map(|(i, _)| start + i));
            if cut {
                break;
            }
        }
    }
    starts.sort_unstable();
    starts.dedup();
    Some(starts)
}

/// "nicht vor ... veröffentlichen" with a date or time between (at most 40
/// characters), "bitte" before it making it a request.
static NOT_BEFORE_RE: LazyLock<Option<regex::Regex>> = LazyLock::new(|| {
    regex::Regex::new(r"(?i)(bitte\s+)?nicht\s+vor\s+[^\n]{1,40}?\s+veröffentlich(?:en|t)").ok()
});

/// German embargo wording with a date between its words: "Bitte nicht vor
/// dem 3. März veröffentlichen" (a phrase with "bitte", else a word). Only
/// searched when the draft has "...ffentlich".
fn not_before(text: &str, found: &mut Vec<Candidate>) {
    let has = text
        .as_bytes()
        .windows(9)
        .any(|w| w.eq_ignore_ascii_case(b"ffentlich"));
    let Some(re) = NOT_BEFORE_RE.as_ref() else {
        return;
    };
    if !has {
        return;
    }
    for c in re.captures_iter(text) {
        let Some(m) = c.get(0) else { continue };
        let bounded = char_before(text, m.start()).is_none_or(|c| !c.is_alphanumeric())
            && char_after(text, m.end()).is_none_or(|c| !c.is_alphanumeric());
        if !bounded {
            continue;
        }
        let n = signs(text, m.start(), m.end(), "");
        let confidence = match (c.get(1).is_some(), n) {
            (true, 0) | (false, 1) => Confidence::Medium,
            (false, 0) => Confidence::Low,
            _ => Confidence::High,
        };
        found.push(Candidate {
            span: m.range(),
            confidence,
        });
    }
}

static STRENGTH: LazyLock<HashMap<&'static str, Strength>> =
    LazyLock::new(|| MARKERS.iter().copied().collect());

fn normalize(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Counts the signs that a match is used as a marker rather than as a word.
fn signs(text: &str, start: usize, end: usize, phrase: &str) -> usize {
    let (line_start, line) = line_around(text, start);
    let before = line.get(..start.saturating_sub(line_start)).unwrap_or("");
    let after = line.get(end.saturating_sub(line_start)..).unwrap_or("");
    let matched = text.get(start..end).unwrap_or("");
    let mut n = 0;
    // at the start of the line (after bullets, emoji, brackets)
    let at_line_start = before.chars().all(|c| !c.is_alphanumeric());
    if at_line_start {
        n += 1;
    }
    // alone on its line
    if at_line_start && after.chars().all(|c| !c.is_alphanumeric()) {
        n += 1;
    }
    // in capitals (NDA always is, so it does not count)
    let letters: Vec<char> = matched.chars().filter(|c| c.is_alphabetic()).collect();
    if phrase != "nda" && letters.len() >= 4 && letters.iter().all(|c| c.is_uppercase()) {
        n += 1;
    }
    // followed by a colon or a dash
    let next = after.trim_start();
    if next.starts_with([':', '–', '—'])
        || next.starts_with("- ")
        || next.starts_with("-\n")
        || next == "-"
    {
        n += 1;
    }
    // in brackets, asterisks or quotes
    let open = char_before(text, start);
    let close = char_after(text, end);
    if matches!(
        (open, close),
        (Some('['), Some(']'))
            | (Some('('), Some(')'))
            | (Some('*'), Some('*'))
            | (Some('_'), Some('_'))
            | (Some('<'), Some('>'))
            | (Some('„'), Some('“'))
            | (Some('«'), Some('»'))
            | (Some('"'), Some('"'))
    ) {
        n += 1;
    }
    // after a classification label (counts twice: it is what a marker looks like)
    if context_near(text, &(start..end), 30, 0, LABELS) {
        n += 2;
    }
    n
}

/// Whether a marker is an adjective that can stand on the poster's material.
fn is_adjective(phrase: &str) -> bool {
    ["confiden", "vertraulich", "riservat"]
        .iter()
        .any(|stem| phrase.starts_with(stem))
}

/// Whether byte `pos` starts its line but for marks (bullets, brackets, emoji).
fn at_line_start(text: &str, pos: usize) -> bool {
    let (line_start, line) = line_around(text, pos);
    line.get(..pos.saturating_sub(line_start))
        .unwrap_or("")
        .chars()
        .all(|c| !c.is_alphanumeric())
}

/// Up to `n` words after byte `pos` in the same clause, lower case (an
/// apostrophe ends a word: "all'esterno" gives "all").
fn words_after(text: &str, pos: usize, n: usize) -> Vec<String> {
    let window = window_after(text, pos, 60);
    let clause = window
        .split(['.', ',', ';', '!', '?', ':', '\n', '(', ')', '–', '—'])
        .next()
        .unwrap_or("");
    clause
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .filter(|w| !w.is_empty())
        .take(n)
        .map(str::to_lowercase)
        .collect()
}

/// The word right before byte `pos` in the same clause, lower case.
fn word_before(text: &str, pos: usize) -> Option<String> {
    let window = window_before(text, pos, 40);
    let clause = window
        .rsplit(['.', ',', ';', '!', '?', ':', '\n', '(', ')', '–', '—'])
        .next()
        .unwrap_or("");
    clause
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .rfind(|w| !w.is_empty())
        .map(str::to_lowercase)
}

/// Whether a distribution instruction is advice about the reader's own
/// things: aimed at them ("do not share your password") or in a sentence
/// about passwords, PINs or phishing.
fn is_advice(text: &str, m: &std::ops::Range<usize>) -> bool {
    let aimed = words_after(text, m.end, 2)
        .iter()
        .any(|w| READERS_OWN.contains(&w.as_str()));
    let sentence = window_before(text, m.start, 80);
    let sentence = sentence
        .rsplit(['.', '!', '?', '\n'])
        .next()
        .unwrap_or("")
        .to_lowercase();
    let after = window_after(text, m.end, 60).to_lowercase();
    let after = after.split(['.', '!', '?', '\n']).next().unwrap_or("");
    aimed
        || SECURITY
            .iter()
            .any(|w| has_word_start(&sentence, w) || has_word_start(after, w))
}

/// Whether an instruction closes a statement: at the end of its clause or
/// line, or followed by a word that closes it ("do not share externally").
fn closes_statement(next_words: &[String], text: &str, end: usize) -> bool {
    let rest = window_after(text, end, 3).trim_start_matches([' ', '\t']);
    rest.is_empty()
        || rest.starts_with([
            '.', '!', ',', ';', ':', '\n', ')', ']', '–', '—', '-', '»', '«', '"', '“', '”', '’',
        ])
        || next_words
            .first()
            .is_some_and(|w| CLOSERS.contains(&w.as_str()))
}

impl Detector for DocumentMarker {
    fn id(&self) -> &'static str {
        "document-marker"
    }

    fn summary(&self) -> &'static str {
        "classification and embargo markers in de/en/fr/it (vertraulich, internal use only, diffusion restreinte, uso interno, Sperrfrist ...)"
    }

    fn example(&self) -> &'static str {
        "`VERTRAULICH` – Q3-Zahlen vorab"
    }

    fn find(&self, text: &str, _: &DetectorOptions, found: &mut Vec<Candidate>) {
        let hits = MARKER_RE.captures_at_known_starts(text, marker_starts(text));
        for m in hits.filter_map(|hit| hit.range("hit")) {
            let Some(matched) = text.get(m.clone()) else {
                continue;
            };
            let phrase = normalize(matched);
            let Some(&strength) = STRENGTH.get(phrase.as_str()) else {
                continue;
            };
            if phrase == "nda"
                && (matched != "NDA" || context_near(text, &m, 60, 40, NDA_TOPIC))
            {
                continue;
            }
            let instruction = INSTRUCTIONS.contains(&phrase.as_str());
            if instruction && is_advice(text, &m) {
                continue;
            }
            let next_words = words_after(text, m.end, 2);
            if phrase.starts_with("riservat")
                && next_words
                    .first()
                    .is_some_and(|w| RESERVED_FOR.contains(&w.as_str()))
            {
                continue;
            }
            if phrase.starts_with("confidential") {
                let next = window_after(text, m.end, 20).trim_start().to_lowercase();
                let next_word: String = next.chars().take_while(|c| c.is_alphanumeric()).collect();
                if TECHNOLOGY.contains(&next_word.as_str()) {
                    continue;
                }
            }
            let mut n = signs(text, m.start, m.end, &phrase);
            if instruction {
                if closes_statement(&next_words, text, m.end) {
                    n += 1;
                } else {
                    // "Do not share customer data on social media" starts a
                    // sentence of advice: the start of the line is no sign here
                    n = n.saturating_sub(usize::from(at_line_start(text, m.start)));
                }
            }
            // An instruction in the middle of a sentence, with what it is
            // about after it and no other sign, is advice: "pensez à ne pas
            // diffuser de badges", "come non divulgare i propri dati".
            if instruction && n == 0 && !closes_statement(&next_words, text, m.end) {
                found.push(Candidate {
                    span: m,
                    confidence: Confidence::Low,
                });
                continue;
            }
            let material = is_adjective(&phrase)
                && next_words
                    .iter()
                    .chain(word_before(text, m.start).iter())
                    .any(|w| MATERIAL.contains(&w.as_str()));
            if material {
                n += 1;
            }
            let confidence = match (strength, n) {
                (Strength::Phrase, 0) => Confidence::Medium,
                (Strength::Phrase, _) => Confidence::High,
                (Strength::Word, 0) => Confidence::Low,
                (Strength::Word, 1) => Confidence::Medium,
                (Strength::Word, _) => Confidence::High,
                (Strength::Common, 0 | 1) => Confidence::Low,
                (Strength::Common, 2) => Confidence::Medium,
                (Strength::Common, _) => Confidence::High,
                // the start of a line is where any sentence starts: not a sign here
                (Strength::Adjective, _) if material => Confidence::Medium,
                (Strength::Adjective, n) => {
                    let n = n.saturating_sub(usize::from(at_line_start(text, m.start)));
                    if n >= 2 {
                        Confidence::Medium
                    } else {
                        Confidence::Low
                    }
                }
            };
            found.push(Candidate {
                span: m,
                confidence,
            });
        }
        not_before(text, found);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detectors::testing;

    #[test]
    fn every_marker_has_a_word_that_starts_with_a_stem() {
        for (phrase, _) in MARKERS {
            let has = phrase
                .split(' ')
                .any(|w| STEMS.iter().any(|stem| w.starts_with(&stem.to_lowercase())));
            assert!(has, "{phrase}");
        }
        assert!(STEMS.len() <= 64 && STEMS.iter().all(|s| s.len() >= 3));
    }

    #[test]
    fn tried_at_the_stems_the_markers_are_those_of_the_whole_text() {
        let mut texts: Vec<String> = MARKERS
            .iter()
            .flat_map(|(p, _)| {
                [
                    p.to_string(),
                    p.to_uppercase(),
                    format!("x ({})", p.replace(' ', "\u{a0} \n")),
                    format!("{p}s {p}-{p}, _{p}"),
                ]
            })
            .collect();
        texts.push("Streng   vertraulich: do not\tshare! NDA, nda; VS-NfD".into());
        texts.push(
            MARKERS
                .iter()
                .map(|(p, _)| *p)
                .collect::<Vec<_>>()
                .join(" "),
        );
        for text in &texts {
            let whole: Vec<_> = MARKER_RE.find_iter(text).collect();
            let at_stems: Vec<_> = MARKER_RE
                .captures_at_known_starts(text, marker_starts(text))
                .filter_map(|hit| hit.range("hit"))
                .collect();
            assert_eq!(at_stems, whole, "{text}");
        }
    }

    #[test]
    fn markers_start_and_end_with_a_word_character() {
        // `Bounded` stands for `\b...\b` only around such phrases.
        for (phrase, _) in MARKERS {
            let first = phrase
                .chars()
                .next()
                .is_some_and(|c| c.is_alphanumeric() || c == '_');
            let last = phrase
                .chars()
                .next_back()
                .is_some_and(|c| c.is_alphanumeric() || c == '_');
            assert!(first && last, "{phrase}");
        }
    }

    fn find(text: &str) -> Vec<(&str, Confidence)> {
        testing::found(&DocumentMarker, text)
    }

    fn shown(text: &str) -> Vec<&str> {
        testing::shown(&DocumentMarker, text)
    }

    #[test]
    fn finds_markers_in_four_languages() {
        assert_eq!(
            find("VERTRAULICH – Q3-Zahlen vorab"),
            [("VERTRAULICH", Confidence::High)]
        );
        assert_eq!(
            shown("Folie 3 (streng vertraulich) zeigt den Plan"),
            ["streng vertraulich"]
        );
        assert_eq!(
            shown("Dieses Dokument ist nur für den internen Gebrauch bestimmt."),
            ["nur für den internen Gebrauch"]
        );
        assert_eq!(
            shown("Slide deck – Internal use only"),
            ["Internal use only"]
        );
        assert_eq!(shown("DO NOT FORWARD – board deck Q3"), ["DO NOT FORWARD"]);
        assert_eq!(shown("[Confidential] Roadmap 2027"), ["Confidential"]);
        assert_eq!(
            shown("Document à usage interne – diffusion restreinte"),
            ["à usage interne", "diffusion restreinte"]
        );
        assert_eq!(shown("CONFIDENTIEL : chiffres T3"), ["CONFIDENTIEL"]);
        assert_eq!(
            shown("Strettamente confidenziale: budget 2027"),
            ["Strettamente confidenziale"]
        );
        assert_eq!(
            shown("Documento solo per uso interno"),
            ["solo per uso interno"]
        );
        assert_eq!(shown("Sperrfrist: 12.05.2026, 10:00 Uhr"), ["Sperrfrist"]);
        assert_eq!(shown("EMBARGO: 12 May 2026, 08:00 CET"), ["EMBARGO"]);
        assert_eq!(shown("I'm under NDA, sorry"), ["under NDA"]);
        assert_eq!(shown("Klassifizierung: intern"), ["intern"]);
        assert_eq!(shown("INTERN:\nDie Zahlen"), ["INTERN"]);
        assert_eq!(shown("Riservato\nBozza del contratto"), ["Riservato"]);
    }

    #[test]
    fn ordinary_prose_stays_below_medium() {
        for text in [
            "Wir führen vertrauliche Gespräche mit Kandidatinnen.",
            "Ihre Daten werden selbstverständlich vertraulich behandelt.",
            "Spannender Vortrag über Confidential Computing auf der Konferenz.",
            "Unsere interne Weiterbildung startet im Mai.",
            "Great energy at our internal hackathon this week!",
            "Welcome to our new intern Lukas!",
            "Ein geheimer Tipp: der Kaffee im 3. Stock.",
            "Nous avons signé un NDA avec le client ? Non, une lettre d'intention.",
            "Die Sperrfrist für Mitarbeiteraktien beträgt drei Jahre.",
            "The EU trade embargo affects our exports.",
            "Il servizio è riservato ai clienti premium.",
            "Restricted parking on level 2 during the event.",
            "Please do not forward suspicious e-mails, report them to the service desk.",
            "Phishing-Mails bitte nicht weiterleiten, sondern melden.",
            "Please do not share your password with anyone.",
            "Honda und Canda sind keine Marker, nda auch nicht.",
        ] {
            assert!(shown(text).is_empty(), "{text}: {:?}", find(text));
        }
    }

    #[test]
    fn ndas_as_a_topic_are_no_marker() {
        for text in [
            "Workshop: was gehört in eine Geheimhaltungsvereinbarung (NDA)?",
            "How to read a non-disclosure agreement (NDA) before you sign it",
            "NDA-Vorlagen für Start-ups",
            "L'accord de confidentialité (NDA) expliqué",
            "Come si scrive un accordo di riservatezza (NDA)",
        ] {
            assert!(shown(text).is_empty(), "{text}: {:?}", find(text));
        }
        assert_eq!(shown("Unter NDA, deshalb nur so viel"), ["Unter NDA"]);
        assert_eq!(shown("NDA – first numbers of the pilot"), ["NDA"]);
    }

    #[test]
    fn advice_mid_sentence_is_advice() {
        for text in [
            "pensez à ne pas diffuser de badges lisibles ni d'écrans allumés",
            "come non divulgare i propri dati online",
        ] {
            assert!(shown(text).is_empty(), "{text}: {:?}", find(text));
        }
        // closing a statement (or a quotation), or until a date, it is a marker
        assert_eq!(shown("marquée « ne pas diffuser », mais"), ["ne pas diffuser"]);
        assert_eq!(shown("our draft, please don't share before the launch"), ["don't share"]);
        assert_eq!(shown("Document interne – ne pas diffuser."), ["ne pas diffuser"]);
    }

    #[test]
    fn finds_embargo_wording() {
        assert_eq!(
            shown("Not for release before 3 March: our robot"),
            ["Not for release before"]
        );
        assert_eq!(shown("HOLD FOR RELEASE"), ["HOLD FOR RELEASE"]);
        assert_eq!(
            shown("Ne pas publier avant l'annonce du 3 mars"),
            ["Ne pas publier avant l"]
        );
        assert_eq!(
            shown("Da non pubblicare prima del 3 marzo"),
            ["non pubblicare prima del"]
        );
        assert_eq!(
            shown("Text bitte nicht vor dem 3. März, 10 Uhr veröffentlichen"),
            ["bitte nicht vor dem 3. März, 10 Uhr veröffentlichen"]
        );
        // a statement about timing, not a request
        assert!(shown("Wir werden die Studie nicht vor März veröffentlichen.").is_empty());
        assert!(shown("Ne pas publier avant d'avoir vérifié ses sources.").is_empty());
    }

    #[test]
    fn distribution_instructions_are_markers_unless_advice() {
        assert_eq!(
            shown("Die Preise 2027, bitte nicht weitergeben!"),
            ["bitte nicht weitergeben"]
        );
        assert_eq!(shown("Our roadmap – do not share externally"), ["do not share"]);
        assert_eq!(shown("Il piano 2027, non condividere."), ["non condividere"]);
        for text in [
            "Do not share your password with anyone.",
            "Passwörter bitte nicht weitergeben!",
            "Ne pas diffuser vos identifiants.",
            "Non divulgare i tuoi dati personali.",
            "Please do not share phishing links, report them.",
            "Do not share customer data on social media.",
            "Non condividere informazioni sensibili sui social.",
            "Wer sein Wissen nicht weitergeben will, bleibt allein.",
        ] {
            assert!(shown(text).is_empty(), "{text}: {:?}", find(text));
        }
    }

    #[test]
    fn confidential_material_is_a_marker_confidentiality_is_not() {
        assert_eq!(
            shown("Here is a confidential preview of our plans"),
            ["confidential"]
        );
        assert_eq!(shown("Ein vertraulicher Entwurf unserer Strategie"), ["vertraulicher"]);
        assert_eq!(shown("Un aperçu confidentiel de la gamme"), ["confidentiel"]);
        assert_eq!(shown("Ecco in anteprima riservata il catalogo"), ["riservata"]);
        assert_eq!(shown("Documenti riservati del progetto"), ["riservati"]);
        for text in [
            "Vertrauliche Gespräche mit Kandidaten sind selbstverständlich.",
            "Wir behandeln vertrauliche Informationen mit Sorgfalt.",
            "Anteprima riservata agli abbonati",
            "Posti riservati per gli ospiti",
            "Des échanges confidentiels avec nos clients",
        ] {
            assert!(shown(text).is_empty(), "{text}: {:?}", find(text));
        }
    }
}
