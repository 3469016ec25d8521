//! The every-kind test pack: `tests/data/every-kind.json` (every rule kind
//! and every metric measure, with terms and patterns that cut inside emoji,
//! marks and line breaks) with one `detector` rule per built-in detector, at
//! its lowest confidence, added from the registry.
//!
//! One file for every test and fuzz target that needs the pack: the core's
//! tests include it with `mod common;`, the fuzz targets with `#[path]`.
//! `tests/every_kind.rs` fails when a kind of the registry is missing.

use postcheck_core::detectors::DETECTORS;
use serde_json::{Value, json};

/// The pack as written, without the detector rules.
pub const EVERY_KIND_JSON: &str = include_str!("../data/every-kind.json");

/// The every-kind pack, with a `detector` rule (`d-<id>`) per built-in detector.
pub fn every_kind_pack_json() -> String {
    let mut pack: Value = match serde_json::from_str(EVERY_KIND_JSON) {
        Ok(pack) => pack,
        Err(e) => panic!("tests/data/every-kind.json is not JSON: {e}"),
    };
    let Some(rules) = pack.get_mut("rules").and_then(Value::as_array_mut) else {
        panic!("tests/data/every-kind.json has no rules");
    };
    rules.extend(DETECTORS.iter().map(|d| {
        json!({
            "id": format!("d-{}", d.id()), "kind": "detector", "detector": d.id(),
            "category": "personal-data", "level": "consider", "message": "m",
            "min_confidence": "low",
        })
    }));
    pack.to_string()
}
