//! The texts a hint shows (a rule's message and suggestion, its guideline and
//! contact, the pack's name) have a longest length, counted in characters: a
//! pack over one is refused with the field, the length, the limit and the
//! fix. Every hint carries these texts, and the extension sends up to 200
//! hints per check (a 4 MB guideline text took 3.1 GB for one check).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use postcheck_core::format::limits::{
    MAX_ADDRESS_CHARS, MAX_DESCRIPTION_CHARS, MAX_GUIDELINE_TEXT_CHARS, MAX_MESSAGE_CHARS,
    MAX_NAME_CHARS, MAX_REPLACEMENTS,
};
use postcheck_core::{CompiledPack, Context, PackError, Severity};
use serde_json::{Value, json};

/// A pack with a guideline, a contact and three rules that cite them, every
/// text short.
fn base() -> Value {
    json!({
        "schema": "postcheck/pack/v1", "id": "lengths", "name": { "en": "Lengths" },
        "version": "1", "publisher": "Tests", "date": "2026-01-01",
        "default_locale": "en", "languages": ["en"],
        "description": { "en": "A pack." },
        "update_url": "https://example.com/pack.json",
        "guidelines": [ { "id": "conf", "title": { "en": "Confidential" },
            "text": { "en": "Keep it inside." }, "link": "https://example.com/conf" } ],
        "contacts": [ { "id": "comms", "name": { "en": "Communications" },
            "email": "comms@example.com", "phone": "+41 44 000 00 00",
            "url": "https://example.com/comms", "topics": { "en": "Press" } } ],
        "rules": [
            { "id": "orion", "kind": "terms", "category": "confidential", "level": "important",
              "message": { "en": "A code name." }, "suggestion": { "en": "Leave it out." },
              "guideline": "conf", "contact": "comms", "terms": ["Orion"],
              "examples": { "hit": ["Orion is here"], "miss": ["Nothing"] } },
            { "id": "disclose", "kind": "requires", "category": "disclosure", "level": "consider",
              "message": { "en": "Say that you work here." },
              "if_any": { "terms": ["ACME Cloud"] }, "unless_any": { "terms": ["#ACMEemployee"] },
              "add": { "en": "#ACMEemployee" },
              "examples": { "hit": ["ACME Cloud rocks"], "miss": ["ACME Cloud #ACMEemployee"] } },
            { "id": "spelling", "kind": "substitution", "category": "values", "level": "note",
              "message": { "en": "Our spelling." },
              "swap": [ { "instead_of": ["Github"], "use": ["GitHub"] } ],
              "examples": { "hit": ["on Github"], "miss": ["on GitHub"] } }
        ]
    })
}

fn load(pack: &Value) -> Result<CompiledPack, PackError> {
    CompiledPack::from_json(&serde_json::to_string(pack).unwrap())
}

/// Each limited field: its JSON path, the limit, and a setter that writes a text there.
struct Field {
    path: &'static str,
    most: usize,
    /// What the message calls it: "the guideline text has ...".
    called: &'static str,
    set: fn(&mut Value, String),
}

fn fields() -> Vec<Field> {
    vec![
        Field {
            path: "$.rules[0].message.en",
            most: MAX_MESSAGE_CHARS,
            called: "the message",
            set: |p, s| p["rules"][0]["message"]["en"] = s.into(),
        },
        Field {
            path: "$.rules[0].suggestion.en",
            most: MAX_MESSAGE_CHARS,
            called: "the suggestion",
            set: |p, s| p["rules"][0]["suggestion"]["en"] = s.into(),
        },
        Field {
            path: "$.rules[1].add.en",
            most: MAX_MESSAGE_CHARS,
            called: "the text to add",
            set: |p, s| p["rules"][1]["add"]["en"] = s.into(),
        },
        Field {
            path: "$.guidelines[0].text.en",
            most: MAX_GUIDELINE_TEXT_CHARS,
            called: "the guideline text",
            set: |p, s| p["guidelines"][0]["text"]["en"] = s.into(),
        },
        Field {
            path: "$.guidelines[0].title.en",
            most: MAX_NAME_CHARS,
            called: "the guideline title",
            set: |p, s| p["guidelines"][0]["title"]["en"] = s.into(),
        },
        Field {
            path: "$.guidelines[0].link",
            most: MAX_ADDRESS_CHARS,
            called: "the address",
            set: |p, s| p["guidelines"][0]["link"] = address("https://example.com/", &s),
        },
        Field {
            path: "$.guidelines[0].id",
            most: MAX_NAME_CHARS,
            called: "the id",
            set: |p, s| {
                p["guidelines"][0]["id"] = s.clone().into();
                p["rules"][0]["guideline"] = s.into();
            },
        },
        Field {
            path: "$.contacts[0].name.en",
            most: MAX_NAME_CHARS,
            called: "the contact name",
            set: |p, s| p["contacts"][0]["name"]["en"] = s.into(),
        },
        Field {
            path: "$.contacts[0].topics.en",
            most: MAX_DESCRIPTION_CHARS,
            called: "the list of topics",
            set: |p, s| p["contacts"][0]["topics"]["en"] = s.into(),
        },
        Field {
            path: "$.contacts[0].email",
            most: MAX_ADDRESS_CHARS,
            called: "the address",
            set: |p, s| p["contacts"][0]["email"] = address("a@", &s),
        },
        Field {
            path: "$.contacts[0].phone",
            most: MAX_ADDRESS_CHARS,
            called: "the address",
            set: |p, s| p["contacts"][0]["phone"] = s.into(),
        },
        Field {
            path: "$.contacts[0].url",
            most: MAX_ADDRESS_CHARS,
            called: "the address",
            set: |p, s| p["contacts"][0]["url"] = address("https://example.com/", &s),
        },
        Field {
            path: "$.contacts[0].id",
            most: MAX_NAME_CHARS,
            called: "the id",
            set: |p, s| {
                p["contacts"][0]["id"] = s.clone().into();
                p["rules"][0]["contact"] = s.into();
            },
        },
        Field {
            path: "$.name.en",
            most: MAX_NAME_CHARS,
            called: "the pack name",
            set: |p, s| p["name"]["en"] = s.into(),
        },
        Field {
            path: "$.description.en",
            most: MAX_DESCRIPTION_CHARS,
            called: "the description",
            set: |p, s| p["description"]["en"] = s.into(),
        },
        Field {
            path: "$.version",
            most: MAX_NAME_CHARS,
            called: "the version",
            set: |p, s| p["version"] = s.into(),
        },
        Field {
            path: "$.publisher",
            most: MAX_NAME_CHARS,
            called: "the publisher",
            set: |p, s| p["publisher"] = s.into(),
        },
        Field {
            path: "$.update_url",
            most: MAX_ADDRESS_CHARS,
            called: "the address",
            set: |p, s| p["update_url"] = address("https://example.com/", &s),
        },
    ]
}

/// `s` with `prefix` in place of its first characters (the same length in characters).
fn address(prefix: &str, s: &str) -> Value {
    let rest: String = s.chars().skip(prefix.chars().count()).collect();
    format!("{prefix}{rest}").into()
}

/// A text of `n` characters of `unit` (ids take ASCII letters only).
fn text(unit: char, n: usize) -> String {
    std::iter::repeat_n(unit, n).collect()
}

#[test]
fn every_text_at_its_limit_loads_and_one_character_more_is_refused() {
    assert!(load(&base()).is_ok(), "{:?}", load(&base()).err());
    for field in fields() {
        // Characters are counted, not bytes: `é` is two bytes, `x` one.
        let unit = if field.path.ends_with(".id") {
            'x'
        } else {
            'é'
        };
        let mut at_limit = base();
        (field.set)(&mut at_limit, text(unit, field.most));
        if let Err(e) = load(&at_limit) {
            panic!(
                "{}: {} characters were refused:\n{e}",
                field.path, field.most
            );
        }
        let mut over = base();
        (field.set)(&mut over, text(unit, field.most + 1));
        let err = load(&over).expect_err(field.path);
        let want = format!(
            "{} has {} characters; ",
            field.called,
            grouped(field.most + 1)
        );
        let found = err
            .errors()
            .find(|p| p.path == field.path && p.message.starts_with(&want));
        let Some(found) = found else {
            panic!("{}: expected {want:?}, got:\n{err}", field.path);
        };
        assert!(
            found
                .message
                .ends_with(&format!("may have at most {}", grouped(field.most))),
            "{}: {}",
            field.path,
            found.message
        );
        assert!(found.fix.is_some(), "{}: no fix", field.path);
        assert!(found.line.is_some(), "{}: no line", field.path);
    }
}

/// "10,000" for 10000: groups of three digits from the right. Written apart
/// from the loader's own (an oracle for its messages, not a copy of it).
fn grouped(n: usize) -> String {
    let digits: Vec<char> = n.to_string().chars().rev().collect();
    let groups: Vec<String> = digits
        .chunks(3)
        .rev()
        .map(|group| group.iter().rev().collect())
        .collect();
    groups.join(",")
}

#[test]
fn a_four_megabyte_guideline_text_is_refused_before_the_rules_are_read() {
    let mut pack = base();
    pack["guidelines"][0]["text"]["en"] = "x".repeat(4_000_000).into();
    // A broken rule: its problem would be found if the loader went on.
    pack["rules"][0]["terms"] = json!([""]);
    let json = serde_json::to_string(&pack).unwrap();
    assert!(json.len() > 4_000_000);
    let err = CompiledPack::from_json(&json).unwrap_err();
    let errors: Vec<_> = err.errors().collect();
    assert_eq!(errors.len(), 1, "{err}");
    let p = errors[0];
    assert_eq!(p.path, "$.guidelines[0].text.en");
    assert_eq!(
        p.message,
        "the guideline text has 4,000,000 characters; a guideline text may have at most 10,000"
    );
    assert_eq!(
        p.fix.as_deref(),
        Some("keep the essentials here and put the full guideline behind `link`")
    );
    assert!(p.line.is_some());
    assert_eq!(p.severity, Severity::Error);
}

#[test]
fn a_swap_offers_at_most_twenty_replacements() {
    // "GitHub" first (the example leaves it alone), then more of its kind.
    let uses = |n: usize| -> Vec<String> {
        std::iter::once("GitHub".to_string())
            .chain((1..n).map(|i| format!("GitHub{i}")))
            .collect()
    };
    let mut pack = base();
    pack["rules"][2]["swap"][0]["use"] = json!(uses(MAX_REPLACEMENTS));
    let loaded = load(&pack).unwrap();
    let report = loaded.check("on Github", &Context::default());
    assert_eq!(report.hints[0].suggestions.len(), MAX_REPLACEMENTS);
    pack["rules"][2]["swap"][0]["use"] = json!(uses(100_000));
    let err = load(&pack).unwrap_err();
    let p = err
        .errors()
        .find(|p| p.path == "$.rules[2].swap[0].use")
        .unwrap_or_else(|| panic!("{err}"));
    assert_eq!(
        p.message,
        "the swap has 100,000 replacements; a swap may offer at most 20"
    );
    assert_eq!(p.rule.as_deref(), Some("spelling"));
}

#[test]
fn the_shipped_packs_are_far_below_the_limits() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
    for path in ["packs/starter.json", "examples/packs/acme.json"] {
        let text = std::fs::read_to_string(format!("{root}/{path}")).unwrap();
        let pack: Value = serde_json::from_str(&text).unwrap();
        let (mut longest, mut longest_pattern) = (0, 0);
        let mut walk = vec![&pack];
        while let Some(v) = walk.pop() {
            match v {
                Value::String(s) => longest = longest.max(s.chars().count()),
                Value::Array(a) => walk.extend(a),
                Value::Object(o) => {
                    for (key, value) in o {
                        // Patterns are no texts: their limit is their compiled size.
                        match (key.as_str(), value) {
                            ("pattern", Value::String(p)) => {
                                longest_pattern = longest_pattern.max(p.chars().count());
                            }
                            _ => walk.push(value),
                        }
                    }
                }
                _ => {}
            }
        }
        // Examples aside, the longest text is a message of a few hundred characters.
        assert!(longest < MAX_MESSAGE_CHARS / 2, "{path}: {longest}");
        // and the longest pattern one a person can still read.
        assert!(
            longest_pattern < 1_000,
            "{path}: a pattern of {longest_pattern}"
        );
    }
}
