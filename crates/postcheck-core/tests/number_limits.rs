//! Whole numbers in a pack have one documented range on every target: a
//! value the 64-bit CLI reads is never refused by the 32-bit wasm engine
//! (`max_length: 4294967296` was), and a fraction, a negative or a huge
//! number gets a plain message with the range, not a type name.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use postcheck_core::format::from_value::WHOLE_NUMBER_RANGES;
use postcheck_core::format::model::MAX_PLATFORM_LENGTH;
use postcheck_core::{CompiledPack, PackError};
use serde_json::{Value, json};

/// A pack that has every whole-number field of the table, each at `value`
/// (as JSON text, so that `1e20` stays as written), with its JSON path.
fn pack_with(field: &str, value: &str) -> (String, &'static str) {
    let base = json!({
        "schema": "postcheck/pack/v1", "id": "numbers", "name": "N", "version": "1",
        "publisher": "T", "date": "2026-01-01", "default_locale": "en", "languages": ["en"],
        "platforms": { "x": { "max_length": 280, "fold_at": 100 } },
        "rules": [
          { "id": "near", "kind": "near", "category": "confidential", "level": "note", "message": "m",
            "a": { "terms": ["Globex"] }, "b": { "terms": ["deal"] }, "within": 5,
            "examples": { "hit": ["Globex deal"] } },
          { "id": "hashed", "kind": "hashed_terms", "category": "confidential", "level": "note",
            "message": "m", "salt": "s", "max_words": 2,
            "hashes": ["0000000000000000000000000000000000000000000000000000000000000000"],
            "marks": [0] }
        ]
    });
    let (placeholder, path) = match field {
        "max_length" => (json!(280), "$.platforms.x.max_length"),
        "fold_at" => (json!(100), "$.platforms.x.fold_at"),
        "within" => (json!(5), "$.rules[0].within"),
        "max_words" => (json!(2), "$.rules[1].max_words"),
        "marks" => (json!([0]), "$.rules[1].marks[0]"),
        other => panic!("the test does not know the field {other}"),
    };
    // A list's item stands for the field's value.
    let value = match placeholder {
        Value::Array(_) => format!("[{value}]"),
        _ => value.to_string(),
    };
    let mut text = serde_json::to_string(&base).unwrap();
    let at = format!("\"{field}\":{placeholder}");
    assert!(text.contains(&at), "{at}");
    text = text.replacen(&at, &format!("\"{field}\":{value}"), 1);
    let _: Value = serde_json::from_str(&text).unwrap();
    (text, path)
}

fn errors_at(result: &Result<CompiledPack, PackError>, path: &str) -> Vec<String> {
    match result {
        Ok(_) => Vec::new(),
        Err(e) => e
            .errors()
            .filter(|p| p.path == path)
            .map(|p| p.message.clone())
            .collect(),
    }
}

#[test]
fn the_documented_ranges_are_the_ones_the_loader_checks() {
    for (field, least, most) in WHOLE_NUMBER_RANGES {
        let (text, path) = pack_with(field, &most.to_string());
        let loaded = CompiledPack::from_json(&text);
        assert!(
            errors_at(&loaded, path).is_empty(),
            "{field}: {most} is accepted"
        );
        let (text, _) = pack_with(field, &(most + 1).to_string());
        let refused = CompiledPack::from_json(&text);
        assert_eq!(
            errors_at(&refused, path).len(),
            1,
            "{field}: {} is refused",
            most + 1
        );
        if least > 0 {
            let (text, _) = pack_with(field, &(least - 1).to_string());
            let refused = CompiledPack::from_json(&text);
            assert_eq!(
                errors_at(&refused, path).len(),
                1,
                "{field}: {} is refused",
                least - 1
            );
        }
    }
}

#[test]
fn numbers_that_are_not_whole_get_the_range_in_plain_words() {
    for (field, value, message) in [
        (
            "max_words",
            "1e20",
            "must be a whole number from 1 to 8, not 1e20",
        ),
        (
            "max_words",
            "2.5",
            "must be a whole number from 1 to 8, not 2.5",
        ),
        (
            "within",
            "-1",
            "must be a whole number from 0 to 100, not -1",
        ),
        (
            "max_length",
            "4294967296",
            "must be a whole number from 1 to 1000000, not 4294967296",
        ),
        (
            "fold_at",
            "-3",
            "must be a whole number from 0 to 1000000, not -3",
        ),
        (
            "within",
            "\"5\"",
            "must be a whole number from 0 to 100, not the text \"5\"",
        ),
        (
            "max_words",
            "true",
            "must be a whole number from 1 to 8, not true",
        ),
        (
            "max_length",
            "[280]",
            "must be a whole number from 1 to 1000000, not a list",
        ),
        (
            "marks",
            "1.5",
            "must be a whole number from 0 to 65535, not 1.5",
        ),
        (
            "marks",
            "\"x\"",
            "must be a whole number from 0 to 65535, not the text \"x\"",
        ),
    ] {
        let (text, path) = pack_with(field, value);
        let result = CompiledPack::from_json(&text);
        assert_eq!(errors_at(&result, path), [message], "{field}: {value}");
        let err = result.unwrap_err();
        assert!(err.errors().all(|p| p.fix.is_some()), "{err}");
    }
}

#[test]
fn platform_limits_have_one_ceiling_on_every_target() {
    // Above the ceiling but a usize on 64 bits: refused everywhere, in words.
    let (text, path) = pack_with("max_length", &(MAX_PLATFORM_LENGTH + 1).to_string());
    let err = CompiledPack::from_json(&text).unwrap_err();
    assert_eq!(
        errors_at(&Err(err), path),
        ["1000001 characters is more than the 1000000 postcheck counts"]
    );
    // The largest number every target reads, and one more.
    for value in ["4294967295", "4294967296", "18446744073709551615"] {
        let (text, path) = pack_with("max_length", value);
        assert_eq!(
            errors_at(&CompiledPack::from_json(&text), path).len(),
            1,
            "{value}"
        );
    }
    let (text, _) = pack_with("max_length", "1000000");
    CompiledPack::from_json(&text).unwrap();
}
