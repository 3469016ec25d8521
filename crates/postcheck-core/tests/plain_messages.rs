//! A pack's author reads every problem in plain words, never in Rust's: for
//! every field the example pack has (each rule kind's fields, the manifest's),
//! a value of each wrong shape (a text, a fraction, a negative number, an
//! object, a list, null, true) gets a message without a type name.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::collections::BTreeSet;

mod common;

use postcheck_core::CompiledPack;
use serde_json::{Value, json};

/// Words of Rust's (and serde's) that a pack's author should never read.
const RUST_WORDS: [&str; 16] = [
    "f64",
    "i64",
    "u64",
    "u32",
    "usize",
    "struct",
    "enum",
    "Vec",
    "Option",
    "invalid type",
    "sequence",
    " map",
    "variant",
    "tuple",
    "Side",
    "unit value",
];

/// The every-kind test pack, with one `detector` rule per built-in detector.
fn every_kind_pack() -> Value {
    serde_json::from_str(&common::every_kind::every_kind_pack_json()).unwrap()
}

fn example_pack() -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/packs/acme.json"
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The JSON pointers of every value inside `value` (not `value` itself), with
/// the same place's name without indexes (`/examples/hit/0/text` is
/// `/examples/hit/[]/text`), so that each field is tried once.
fn places(value: &Value, pointer: &str, name: &str, out: &mut Vec<(String, String)>) {
    let children: Vec<(String, String, &Value)> = match value {
        Value::Object(map) => map
            .iter()
            .map(|(k, v)| {
                let key = k.replace('~', "~0").replace('/', "~1");
                (format!("{pointer}/{key}"), format!("{name}/{key}"), v)
            })
            .collect(),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, v)| (format!("{pointer}/{i}"), format!("{name}/[]"), v))
            .collect(),
        _ => Vec::new(),
    };
    for (pointer, name, child) in children {
        places(child, &pointer, &name, out);
        out.push((pointer, name));
    }
}

/// Every message (errors and warnings) of loading `pack`, and whether it was refused.
fn messages(pack: &Value) -> (Vec<String>, bool) {
    let text = serde_json::to_string(pack).unwrap();
    match CompiledPack::from_json(&text) {
        Ok(loaded) => (
            loaded
                .warnings()
                .iter()
                .map(|p| p.message.clone())
                .collect(),
            false,
        ),
        Err(err) => (
            err.problems.iter().map(|p| p.message.clone()).collect(),
            true,
        ),
    }
}

/// How many wrong values were tried, and how many of them refused.
#[derive(Default)]
struct Tally {
    tried: usize,
    refused: usize,
    /// Each message that speaks Rust: where, the value, the message.
    rusty: BTreeSet<String>,
}

/// Puts each wrong value at `pointer` in turn and checks the messages.
fn try_wrong_values(pack: &Value, pointer: &str, tally: &mut Tally) {
    let wrong = [
        json!("1"),
        json!(1.5),
        json!(-1),
        json!({"a": 1}),
        json!([1]),
        json!(null),
        json!(true),
    ];
    for value in wrong {
        let mut changed = pack.clone();
        *changed.pointer_mut(pointer).unwrap() = value.clone();
        let (messages, refused) = messages(&changed);
        tally.tried += 1;
        tally.refused += usize::from(refused);
        for message in messages {
            for word in RUST_WORDS {
                if message.contains(word) {
                    tally
                        .rusty
                        .insert(format!("{pointer} = {value}: {message:?} says {word:?}"));
                }
            }
        }
    }
}

#[test]
fn wrong_values_anywhere_in_the_example_pack_get_plain_messages() {
    walk_every_field(&example_pack(), 9);
}

#[test]
fn wrong_values_anywhere_in_the_every_kind_pack_get_plain_messages() {
    walk_every_field(&every_kind_pack(), postcheck_core::rules::KINDS.len());
}

/// Puts each wrong value at every field of `full` (every rule's, the
/// manifest's) in turn and checks that no message speaks Rust.
fn walk_every_field(full: &Value, kind_count: usize) {
    let full = full.clone();
    let rules = full["rules"].as_array().unwrap().clone();
    let mut tally = Tally::default();
    let mut fields = BTreeSet::new();

    // Each rule kind's fields, in a pack with that one rule (fast to load).
    for rule in &rules {
        let kind = rule["kind"].as_str().unwrap();
        let mut pack = full.clone();
        pack["rules"] = json!([rule]);
        let mut inside = Vec::new();
        places(rule, "/rules/0", kind, &mut inside);
        for (pointer, name) in inside {
            if fields.insert(name) {
                try_wrong_values(&pack, &pointer, &mut tally);
            }
        }
    }
    let kinds: BTreeSet<&str> = rules.iter().filter_map(|r| r["kind"].as_str()).collect();
    assert_eq!(kinds.len(), kind_count, "the pack has every rule kind");

    // The manifest's fields, in the pack without its rules.
    let mut manifest = full.clone();
    manifest["rules"] = json!([]);
    let mut inside = Vec::new();
    places(&manifest, "", "", &mut inside);
    for (pointer, name) in inside {
        if !pointer.starts_with("/rules") && fields.insert(name) {
            try_wrong_values(&manifest, &pointer, &mut tally);
        }
    }
    // The whole pack, and its list of rules.
    try_wrong_values(&manifest, "/rules", &mut tally);
    assert!(
        fields.len() > 100,
        "only {} fields were tried",
        fields.len()
    );
    assert_eq!(tally.tried, 7 * (fields.len() + 1));
    assert!(
        tally.rusty.is_empty(),
        "messages that speak Rust:\n{}",
        tally.rusty.iter().cloned().collect::<Vec<_>>().join("\n")
    );
    // Most wrong values are refused, so most messages checked are errors.
    assert!(
        tally.refused * 10 > tally.tried * 8,
        "{} of {} refused",
        tally.refused,
        tally.tried
    );
}
