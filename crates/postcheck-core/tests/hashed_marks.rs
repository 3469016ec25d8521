//! Marks only make `hashed_terms` faster: a rule with marks finds exactly what
//! the same rule without marks finds, on real posts (German, English, French,
//! Italian), on drafts with the terms in their forms (endings, hyphens,
//! punctuation and line breaks between the words) and on random drafts.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use postcheck_core::{CompiledPack, Context, hash_term, mark_term};
use proptest::prelude::*;

const SALT: &str = "marks-test";

/// Secret terms, and common words hashed as terms so that ordinary posts have hits.
const TERMS: &[&str] = &[
    "Nebula",
    "Blue Falcon",
    "Projekt Föhn",
    "Säntis",
    "Brennwald Logistik",
    "ACME Aletsch",
    "und",
    "the team",
    "Kunden",
    "Quartal",
    "die neue Generation",
];

/// A pack of one `hashed_terms` rule of [`TERMS`], with marks or without.
fn pack(marked: bool) -> CompiledPack {
    let hashes: Vec<String> = TERMS.iter().map(|t| hash_term(SALT, t)).collect();
    let marks: Vec<u16> = TERMS.iter().map(|t| mark_term(SALT, t)).collect();
    let mut rule = serde_json::json!({
        "id": "secret", "kind": "hashed_terms", "category": "confidential", "level": "important",
        "message": "{match}", "salt": SALT, "max_words": 3, "hashes": hashes,
    });
    if marked {
        rule["marks"] = serde_json::json!(marks);
    }
    let pack = serde_json::json!({
        "schema": "postcheck/pack/v1", "id": "marks", "name": "Marks", "version": "1",
        "publisher": "Tests", "date": "2026-01-01", "default_locale": "en", "languages": ["en"],
        "rules": [rule],
    });
    let pack = CompiledPack::from_json(&pack.to_string()).unwrap();
    assert_eq!(
        pack.warnings().is_empty(),
        marked,
        "only the rule without marks has a warning: {:?}",
        pack.warnings()
    );
    pack
}

/// The hints as (start, end, excerpt).
fn hits(pack: &CompiledPack, text: &str) -> Vec<(usize, usize, String)> {
    pack.check(text, &Context::default())
        .hints
        .into_iter()
        .map(|h| (h.start, h.end, h.excerpt))
        .collect()
}

const ORDINARY: &str = include_str!("data/ordinary-posts.txt");

fn drafts() -> Vec<String> {
    let mut drafts: Vec<String> = ORDINARY
        .split("=== ")
        .map(|p| {
            p.trim_start_matches(|c: char| c.is_ascii_lowercase())
                .to_string()
        })
        .collect();
    for name in [
        "acme-codename-deal-de.txt",
        "acme-crisis-en.txt",
        "acme-product-en.txt",
        "acme-quiet-period-de.txt",
        "sample.txt",
    ] {
        let path = format!(
            "{}/../../examples/drafts/{name}",
            env!("CARGO_MANIFEST_DIR")
        );
        drafts.push(std::fs::read_to_string(&path).unwrap());
    }
    drafts.extend(
        [
            "Bald startet Projekt Föhn – und die Blue Falcons fliegen!",
            "Projekt\nFöhn, Projekt-Foehn, PROJEKT FÖHN.",
            "The team behind Nebula: the teams of Blue-Falcon and the Nebulas.",
            "Der Säntis, des Säntis', die Säntisse; Brennwald\r\nLogistik und Brennwald-Logistiks.",
            "ACME Aletsch. ACME-Aletschs! acme aletschen? Blue.Falcon, Blue...Falcon",
            "Neue Kunden, neuen Kundens, Kundenservice; Quartale und Quartalen.",
            "Wir zeigen die neue Generation und die neue Generationen. Nebula's launch.",
        ]
        .map(str::to_string),
    );
    drafts
}

#[test]
fn marks_find_the_same_on_real_and_made_up_drafts() {
    let (with, without) = (pack(true), pack(false));
    let mut total = 0;
    for draft in drafts() {
        let found = hits(&with, &draft);
        assert_eq!(found, hits(&without, &draft), "on {draft:?}");
        total += found.len();
    }
    // Not a comparison of empty lists.
    assert!(total >= 40, "only {total} hits");
}

#[test]
fn the_forms_of_the_terms_are_found_with_marks() {
    let with = pack(true);
    let excerpts =
        |text: &str| -> Vec<String> { hits(&with, text).into_iter().map(|(_, _, e)| e).collect() };
    assert_eq!(
        excerpts("Bald fliegen die Blue Falcons, dann Projekt\nFöhn."),
        ["Blue Falcons", "Projekt\nFöhn"]
    );
    assert_eq!(
        excerpts("Nebula's launch, the NEBULAS, Blue-Falcon."),
        ["Nebula", "NEBULAS", "Blue-Falcon"]
    );
    assert_eq!(
        excerpts("Nebulizer, Blue Sky, Falcon"),
        Vec::<String>::new()
    );
}

/// Each occurrence is found once, and a long draft of repeats stays fast.
#[test]
fn repeated_terms_get_one_hint_each_with_marks() {
    let with = pack(true);
    let n = 20_000;
    let text = "Blue Falcons und Nebula. ".repeat(n);
    let found = hits(&with, &text);
    let count = |excerpt: &str| found.iter().filter(|(_, _, e)| e == excerpt).count();
    assert_eq!(count("Blue Falcons"), n);
    assert_eq!(count("Nebula"), n);
    assert_eq!(count("und"), n);
}

fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("Nebula".to_string()),
        Just("NEBULAS".to_string()),
        Just("Blue".to_string()),
        Just("Falcons".to_string()),
        Just("Projekt".to_string()),
        Just("Föhn".to_string()),
        Just("Foehn".to_string()),
        Just("Säntis".to_string()),
        Just("und".to_string()),
        Just("the".to_string()),
        Just("team".to_string()),
        Just("Kunden".to_string()),
        Just("die neue".to_string()),
        Just("Generationen".to_string()),
        Just("'s".to_string()),
        Just("-".to_string()),
        Just(" ".to_string()),
        Just("\r\n".to_string()),
        Just(", ".to_string()),
        Just("…".to_string()),
        Just("👩🏽‍💻".to_string()),
        Just("\u{200B}".to_string()),
        "[a-zäöü]{1,8}",
        any::<char>().prop_map(|c| c.to_string()),
    ]
}

proptest! {
    #[test]
    fn marks_find_the_same_on_random_drafts(parts in prop::collection::vec(fragment(), 0..60)) {
        thread_local! {
            static PACKS: (CompiledPack, CompiledPack) = (pack(true), pack(false));
        }
        let draft = parts.concat();
        PACKS.with(|(with, without)| {
            prop_assert_eq!(hits(with, &draft), hits(without, &draft), "on {:?}", draft);
            Ok(())
        })?;
    }
}
