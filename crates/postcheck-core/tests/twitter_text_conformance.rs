//! twitter-text's conformance cases for the X length and for finding links.
//!
//! The data in `tests/data/twitter-text/` is twitter-text's own (`validate.yml`, `tlds.yml`,
//! `v3.json`, Apache-2.0), converted to JSON by `tests/twitter-text/generate.js`, so these
//! tests need neither the network nor Node.
//!
//! - Every case of `validate.yml` that expects a `weightedLength`: the sections
//!   `WeightedTweetsCounterTest` (which twitter-text runs with its configuration v2: v3
//!   without emoji parsing), `WeightedTweetsWithDiscountedEmojiCounterTest` and
//!   `UnicodeDirectionalMarkerCounterTest` (configuration v3).
//! - Every case of `tlds.yml`: `extractUrls(text)` finds exactly the expected links.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::path::PathBuf;

use postcheck_core::platform::urls::find_urls;
use postcheck_core::platform::x_length::{XConfig, weighted_length, weighted_length_with};
use serde_json::Value;

fn data(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/twitter-text")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn json(name: &str) -> Value {
    serde_json::from_str(&data(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// `(section, description, text, case)` for every case in the `tests` map of a conformance file.
fn cases(doc: &Value) -> Vec<(String, String, String, Value)> {
    let sections = doc["tests"].as_object().expect("a `tests` map");
    sections
        .iter()
        .flat_map(|(section, list)| {
            list.as_array().into_iter().flatten().map(move |case| {
                let text = case["text"].as_str().unwrap_or_default().to_string();
                let description = case["description"].as_str().unwrap_or_default().to_string();
                (section.clone(), description, text, case.clone())
            })
        })
        .collect()
}

fn v3() -> XConfig {
    serde_json::from_str(&data("v3.json")).expect("v3.json is a twitter-text configuration")
}

#[test]
fn the_built_in_configuration_is_twitter_texts_v3() {
    assert_eq!(XConfig::v3(), v3());
}

#[test]
fn every_weighted_length_case_of_validate_yml() {
    let v3 = v3();
    // twitter-text's conformance runner counts this section with config v2, which is v3
    // without emoji parsing (twitter-text config/v2.json).
    let v2 = XConfig {
        version: 2,
        emoji_parsing_enabled: false,
        ..v3.clone()
    };
    let mut failures = Vec::new();
    let mut run = 0;
    for (section, description, text, case) in cases(&json("validate.json")) {
        let Some(expected) = case["expected"]
            .get("weightedLength")
            .and_then(Value::as_u64)
        else {
            continue;
        };
        let expected = usize::try_from(expected).expect("a length");
        let got = if section == "WeightedTweetsCounterTest" {
            weighted_length_with(&text, &v2)
        } else {
            let default = weighted_length(&text);
            assert_eq!(
                default,
                weighted_length_with(&text, &v3),
                "weighted_length is v3"
            );
            default
        };
        run += 1;
        if got != expected {
            failures.push(format!(
                "{section} / {description}: expected {expected}, got {got}"
            ));
        }
    }
    assert!(run > 0, "no weighted-length cases found");
    assert!(
        failures.is_empty(),
        "{} of {run} cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    eprintln!("{run} weighted-length cases passed");
}

#[test]
fn every_url_extraction_case_of_tlds_yml() {
    let mut failures = Vec::new();
    let mut run = 0;
    for (section, description, text, case) in cases(&json("tlds.json")) {
        let expected: Vec<&str> = case["expected"]
            .as_array()
            .expect("a list of links")
            .iter()
            .filter_map(Value::as_str)
            .collect();
        let found: Vec<&str> = find_urls(&text)
            .into_iter()
            .filter_map(|r| text.get(r))
            .collect();
        run += 1;
        if found != expected {
            failures.push(format!(
                "{section} / {description}: expected {expected:?}, found {found:?}"
            ));
        }
    }
    assert!(run > 0, "no URL extraction cases found");
    assert!(
        failures.is_empty(),
        "{} of {run} cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    eprintln!("{run} URL extraction cases passed");
}
