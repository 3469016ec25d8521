//! The every-kind test pack (tests/data/every-kind.json, used by the hostile
//! draft tests and the fuzz targets) holds a rule of every kind of the
//! registry, every metric measure and every built-in detector, and loads.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::every_kind::{EVERY_KIND_JSON, every_kind_pack_json};
use postcheck_core::CompiledPack;
use postcheck_core::detectors::DETECTORS;
use postcheck_core::rules::KINDS;
use serde_json::Value;

/// The rules of a pack.
fn rules(json: &str) -> Vec<Value> {
    let pack: Value = serde_json::from_str(json).unwrap();
    pack["rules"].as_array().cloned().unwrap_or_default()
}

fn field<'a>(rule: &'a Value, key: &str) -> &'a str {
    rule.get(key).and_then(Value::as_str).unwrap_or_default()
}

#[test]
fn the_pack_has_a_rule_of_every_kind_of_the_registry() {
    let rules = rules(&every_kind_pack_json());
    let missing: Vec<&str> = KINDS
        .iter()
        .copied()
        .filter(|kind| !rules.iter().any(|r| field(r, "kind") == *kind))
        .collect();
    assert!(
        missing.is_empty(),
        "crates/postcheck-core/tests/data/every-kind.json has no rule of kind {missing:?}; add one that cuts where cutting is hard (inside emoji, next to marks and line breaks)"
    );
}

#[test]
fn the_pack_measures_everything_a_metric_can() {
    // The measures, as the published schema lists them.
    let schema: Value = serde_json::from_str(&postcheck_core::schema::pack_schema()).unwrap();
    let measures: Vec<&str> = schema["$defs"]["Measure"]["oneOf"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|m| m["const"].as_str())
        .collect();
    assert!(measures.len() >= 7, "{measures:?}");
    let rules = rules(EVERY_KIND_JSON);
    for measure in measures {
        assert!(
            rules
                .iter()
                .any(|r| field(r, "kind") == "metric" && field(r, "measure") == measure),
            "every-kind.json has no metric rule measuring {measure}"
        );
    }
}

#[test]
fn the_pack_loads_with_a_rule_per_detector() {
    let pack = CompiledPack::from_json(&every_kind_pack_json()).unwrap_or_else(|e| panic!("{e}"));
    let info = pack.info("en");
    for d in DETECTORS {
        let id = format!("d-{}", d.id());
        assert!(info.rules.iter().any(|r| r.id == id), "no rule {id}");
    }
    assert_eq!(
        info.rules.len(),
        rules(EVERY_KIND_JSON).len() + DETECTORS.len()
    );
}
