//! Invisible characters that folding keeps (U+061C, U+180E, Hangul fillers,
//! tag characters, ...) follow the rules of bidirectional controls: refused
//! in terms (a term that reads "orion" would never match) and in addresses
//! (e-mail, phone, links), a warning in texts. Emoji flags spelled with tag
//! characters are emoji, not hidden text.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use postcheck_core::{CompiledPack, Context, Severity};
use serde_json::{Value, json};

fn pack(edit: impl FnOnce(&mut Value)) -> String {
    let mut v = json!({
        "schema": "postcheck/pack/v1", "id": "inv", "name": "Inv", "version": "1",
        "publisher": "T", "date": "2026-01-01", "default_locale": "en", "languages": ["en"],
        "update_url": "https://example.com/pack.json",
        "guidelines": [{ "id": "g", "title": "G", "text": "T", "link": "https://example.com/g" }],
        "contacts": [{ "id": "c", "name": "Comms", "email": "comms@example.com",
                       "phone": "+41 44 123 45 67", "url": "https://example.com/comms" }],
        "rules": [{ "id": "r", "kind": "terms", "category": "confidential", "level": "note",
                    "message": "m", "terms": ["Orion"], "guideline": "g", "contact": "c",
                    "examples": { "hit": ["Orion"] } }]
    });
    edit(&mut v);
    serde_json::to_string(&v).unwrap()
}

fn error_at(text: &str, path: &str) -> String {
    let err = CompiledPack::from_json(text).unwrap_err();
    err.errors()
        .find(|p| p.path == path)
        .map(|p| format!("{} / {}", p.message, p.fix.as_deref().unwrap_or("NO FIX")))
        .unwrap_or_else(|| panic!("no error at {path}: {err}"))
}

#[test]
fn every_hidden_character_is_refused_in_a_term() {
    for c in [
        '\u{061C}',
        '\u{115F}',
        '\u{1160}',
        '\u{17B4}',
        '\u{180E}',
        '\u{206A}',
        '\u{3164}',
        '\u{FFA0}',
        '\u{FFF9}',
        '\u{1BCA0}',
        '\u{1D173}',
        '\u{E0001}',
        '\u{E0041}',
        '\u{E007F}',
    ] {
        let text = pack(|v| v["rules"][0]["terms"] = json!(["Orion", format!("ori{c}on")]));
        let got = error_at(&text, "$.rules[0].terms[1]");
        assert!(
            got.contains(&format!("(U+{:04X})", u32::from(c)))
                && got.contains("reads \"orion\" but never matches"),
            "{c:?}: {got}"
        );
    }
}

#[test]
fn addresses_with_hidden_or_reordering_characters_are_refused() {
    type Edit = fn(&mut Value);
    let cases: [(&str, Edit); 5] = [
        ("$.contacts[0].email", |v| {
            v["contacts"][0]["email"] = json!("comms@exa\u{202E}moc.elpm")
        }),
        ("$.contacts[0].phone", |v| {
            v["contacts"][0]["phone"] = json!("+41\u{200B}44 123")
        }),
        ("$.contacts[0].url", |v| {
            v["contacts"][0]["url"] = json!("https://example.com/\u{180E}x")
        }),
        ("$.guidelines[0].link", |v| {
            v["guidelines"][0]["link"] = json!("https://exa\u{E0061}mple.com")
        }),
        ("$.update_url", |v| {
            v["update_url"] = json!("https://example.com/\u{2067}p.json")
        }),
    ];
    for (path, edit) in cases {
        let got = error_at(&pack(edit), path);
        assert!(
            got.contains("reads differently from where it leads"),
            "{path}: {got}"
        );
    }
}

#[test]
fn hidden_characters_in_texts_are_a_warning() {
    let text = pack(|v| v["contacts"][0]["name"] = json!("Com\u{3164}ms"));
    let loaded = CompiledPack::from_json(&text).unwrap();
    assert!(
        loaded
            .warnings()
            .iter()
            .any(|w| w.severity == Severity::Warning
                && w.path == "$.contacts[0].name"
                && w.message.contains("invisible character (U+3164)")),
        "{:?}",
        loaded.warnings()
    );
}

#[test]
fn emoji_flags_spelled_with_tag_characters_are_not_hidden_text() {
    let scotland = "\u{1F3F4}\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}";
    let text = pack(|v| {
        v["rules"][0]["message"] = json!(format!("Careful {scotland}"));
        v["rules"][0]["terms"] = json!(["Orion", format!("Orion {scotland}")]);
    });
    let loaded = CompiledPack::from_json(&text).unwrap_or_else(|e| panic!("{e}"));
    assert!(loaded.warnings().is_empty(), "{:?}", loaded.warnings());
    let report = loaded.check(&format!("Orion {scotland} tonight"), &Context::default());
    assert!(!report.hints.is_empty());
    // The same tags without the flag before them are hidden text.
    let text = pack(|v| v["rules"][0]["terms"] = json!(["Orion", "Orion\u{E0067}\u{E0062}"]));
    assert!(error_at(&text, "$.rules[0].terms[1]").contains("U+E0067"));
}
