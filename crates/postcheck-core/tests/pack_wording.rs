//! The words of the packs the project ships (the starter pack, the example
//! company pack): advice, not prohibitions, and one form of address per
//! language and pack (README: "Languages and wording"). Every text shown to
//! employees is read: names, descriptions, guidelines, contacts, messages,
//! suggestions and overrides.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use regex::Regex;
use serde_json::Value;

const LANGUAGES: [&str; 4] = ["de", "en", "fr", "it"];

fn pack(path: &str) -> Value {
    let file = format!("{}/../../{path}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap()
}

/// Every text of a pack in a language: (JSON path, language, text). The
/// texts are the objects of locale to text; examples and terms are left out.
fn texts(v: &Value, path: &str, out: &mut Vec<(String, String, String)>) {
    match v {
        Value::Object(map) => {
            let per_locale = !map.is_empty()
                && map
                    .iter()
                    .all(|(k, t)| LANGUAGES.contains(&k.as_str()) && t.is_string());
            if per_locale {
                for (lang, t) in map {
                    out.push((path.to_string(), lang.clone(), t.as_str().unwrap().into()));
                }
                return;
            }
            for (k, child) in map {
                if k != "examples" && k != "add" {
                    texts(child, &format!("{path}.{k}"), out);
                }
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                texts(child, &format!("{path}[{i}]"), out);
            }
        }
        _ => {}
    }
}

/// Wording that reads as an order or a prohibition, per language.
fn prohibitions(lang: &str) -> Regex {
    let words = match lang {
        "en" => {
            r"\bnever\b|(?:^|[.!?:;]\s+)(?:do not|don't)\b|\bmust not\b|\bare allowed\b|\bnot allowed\b|\bforbidden\b|\bprohibited\b"
        }
        "de" => {
            r"\bnie\b|\bniemals\b|\bbitte nicht\b|\berlaubt\b|\bverboten\b|\bdarfst nicht\b|\bdürfen nicht\b"
        }
        "fr" => {
            r"\bjamais\b|\bne publiez pas\b|\bn'utilisez pas\b|\bautorisée?s?\b|\binterdite?s?\b"
        }
        "it" => {
            r"\bmai\b|\bnon (?:pubblichi|pubblicate|usi|usate)\b|\bconsentit[oaie]\b|\bvietat[oaie]\b"
        }
        _ => unreachable!(),
    };
    Regex::new(&format!("(?i){words}")).unwrap()
}

/// The words of the form of address a pack must not use in `lang`, given the
/// one it uses (`formal`: Sie, vous, Lei).
fn other_address(lang: &str, formal: bool) -> Option<Regex> {
    let words = match (lang, formal) {
        ("de", true) => r"\b(?:du|dich|dir|dein|deine|deinen|deinem|deiner)\b",
        ("de", false) => r"\b(?:Ihnen|Ihre|Ihren|Ihrem|Ihrer)\b",
        // ("ton" is also the tone of a text.)
        ("fr", _) => r"(?i)\b(?:tu|toi|tes)\b",
        // Italian: the polite singular, not the plural "voi" of the old texts.
        ("it", _) => r"(?i)\b(?:voi|vostr[oaie])\b",
        _ => return None,
    };
    Some(Regex::new(words).unwrap())
}

/// Italian imperatives of the plural ("Condividete", "Rimuovetelo") at the
/// start of a sentence: the polite singular says "Condivida", "Lo rimuova".
fn italian_plural_imperative(text: &str) -> Option<String> {
    let start = Regex::new(r"(?:^|[.!?:;]\s+)(\p{L}+)").unwrap();
    let plural = Regex::new(r"(?i)(?:ate|ete|ite)(?:lo|la|li|le)?$").unwrap();
    start
        .captures_iter(text)
        .map(|c| c[1].to_string())
        .find(|w| plural.is_match(w) && w != "Corporate")
}

fn problems(path: &str, german_formal: bool) -> Vec<String> {
    let mut all = Vec::new();
    texts(&pack(path), "$", &mut all);
    assert!(all.len() > 100, "{path}: only {} texts", all.len());
    let mut found = Vec::new();
    for (at, lang, text) in &all {
        if let Some(m) = prohibitions(lang).find(text) {
            found.push(format!(
                "{at}.{lang}: \"{}\" reads as a prohibition: {text}",
                m.as_str()
            ));
        }
        if let Some(m) = other_address(lang, german_formal)
            .and_then(|r| r.find(text).map(|m| m.as_str().to_string()))
        {
            found.push(format!(
                "{at}.{lang}: \"{m}\" is another form of address: {text}"
            ));
        }
        if lang == "it"
            && let Some(w) = italian_plural_imperative(text)
        {
            found.push(format!("{at}.it: \"{w}\" is a plural imperative: {text}"));
        }
    }
    found
}

#[test]
fn the_starter_pack_advises_and_says_sie_vous_and_lei() {
    let found = problems("packs/starter.json", true);
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn the_example_pack_advises_and_says_du_vous_and_lei() {
    let found = problems("examples/packs/acme.json", false);
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn the_checks_find_what_the_old_texts_had() {
    assert!(prohibitions("en").is_match("Never post card numbers, not even partly masked."));
    assert!(
        prohibitions("de")
            .is_match("„Säntis“ ist ein interner Codename. Bitte nicht öffentlich verwenden.")
    );
    assert!(prohibitions("en").is_match("The post has 300 characters; 280 are allowed here."));
    assert!(
        prohibitions("fr")
            .is_match("La publication compte 300 caractères ; 280 sont autorisés ici.")
    );
    assert!(prohibitions("it").is_match("Il post ha 300 caratteri; qui ne sono consentiti 280."));
    let it = other_address("it", true).unwrap();
    assert!(it.is_match("Un indirizzo e-mail: è il vostro e volete renderlo pubblico?"));
    assert_eq!(
        italian_plural_imperative("Bene. Condividetelo solo se è vostro."),
        Some("Condividetelo".into())
    );
    assert_eq!(
        italian_plural_imperative("Lo condivida solo se è suo."),
        None
    );
    assert!(
        other_address("de", true)
            .unwrap()
            .is_match("Frag, ob du darfst.")
    );
}
