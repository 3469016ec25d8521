//! The published JSON Schema must be the one the Rust types generate.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

#[test]
fn published_schema_is_current() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../schema/pack-v1.schema.json"
    );
    let published = std::fs::read_to_string(path).unwrap_or_default();
    let generated = postcheck_core::schema::pack_schema();
    assert!(
        published == generated,
        "schema/pack-v1.schema.json is out of date; please regenerate it:\n  cargo run -p postcheck-cli -- pack schema > schema/pack-v1.schema.json"
    );
}
