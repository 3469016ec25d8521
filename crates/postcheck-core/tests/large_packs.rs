//! Company-scale packs: 10,000 terms compile into one automaton and are all found.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use postcheck_core::{CompiledPack, Context};

fn pack_with_terms(n: usize) -> String {
    let terms: Vec<String> = (0..n).map(|i| format!("\"Codename{i:05}\"")).collect();
    format!(
        r#"{{ "schema": "postcheck/pack/v1", "id": "big", "name": "Big", "version": "1", "publisher": "T",
        "date": "2026-01-01", "default_locale": "en", "languages": ["en"], "rules": [
        {{ "id": "names", "kind": "terms", "category": "confidential", "level": "important",
           "message": "{{match}}", "terms": [{}],
           "examples": {{ "hit": ["Codename00007 kommt"], "miss": ["Codename7 kommt"] }} }} ] }}"#,
        terms.join(",")
    )
}

#[test]
fn ten_thousand_terms_are_found_in_one_pass() {
    let pack = CompiledPack::from_json(&pack_with_terms(10_000)).unwrap();
    let draft =
        "Heute: codename09999, CODENAME00000s und Codename05000-Launch, nicht Codename5000.";
    let found: Vec<String> = pack
        .check(draft, &Context::default())
        .hints
        .into_iter()
        .map(|h| h.excerpt)
        .collect();
    assert_eq!(found, ["codename09999", "CODENAME00000s", "Codename05000"]);
    assert_eq!(pack.info("en").terms, 10_000);
}
