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

use std::collections::HashMap;
use std::sync::LazyLock;

use super::around::{char_after, char_before, context_near, line_around, window_after};
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
    ("vertraulich", Strength::Word),
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
    ("not for distribution", Strength::Phrase),
    ("not for publication", Strength::Phrase),
    ("not for public release", Strength::Phrase),
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
    ("sous nda", Strength::Phrase),
    ("confidentiel", Strength::Word),
    ("confidentielle", Strength::Word),
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
    ("riservato", Strength::Word),
    ("riservata", Strength::Word),
    ("confidenziale", Strength::Word),
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
            if phrase == "nda" && matched != "NDA" {
                continue;
            }
            if phrase.starts_with("confidential") {
                let next = window_after(text, m.end, 20).trim_start().to_lowercase();
                let next_word: String = next.chars().take_while(|c| c.is_alphanumeric()).collect();
                if TECHNOLOGY.contains(&next_word.as_str()) {
                    continue;
                }
            }
            let n = signs(text, m.start, m.end, &phrase);
            let confidence = match (strength, n) {
                (Strength::Phrase, 0) => Confidence::Medium,
                (Strength::Phrase, _) => Confidence::High,
                (Strength::Word, 0) => Confidence::Low,
                (Strength::Word, 1) => Confidence::Medium,
                (Strength::Word, _) => Confidence::High,
                (Strength::Common, 0 | 1) => Confidence::Low,
                (Strength::Common, 2) => Confidence::Medium,
                (Strength::Common, _) => Confidence::High,
            };
            found.push(Candidate {
                span: m,
                confidence,
            });
        }
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
}
