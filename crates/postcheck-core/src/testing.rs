//! Test helpers: check a single rule on a sentence.

use crate::context::Context;
use crate::engine::compiled::CompiledPack;

/// A minimal valid pack holding `rule` (a JSON object).
pub fn pack_with(rule: &str) -> String {
    format!(
        r#"{{ "schema": "postcheck/pack/v1", "id": "test", "name": "Test", "version": "1",
        "publisher": "Tests", "date": "2026-01-01", "default_locale": "en", "languages": ["en"],
        "rules": [ {rule} ] }}"#
    )
}

fn compile(rule: &str) -> CompiledPack {
    match CompiledPack::from_json(&pack_with(rule)) {
        Ok(p) => p,
        Err(e) => panic!("test rule does not load:\n{e}"),
    }
}

/// The excerpts of the hints `rule` gives on `text` in `ctx`.
pub fn hits_in(rule: &str, text: &str, ctx: &Context) -> Vec<String> {
    compile(rule)
        .check(text, ctx)
        .hints
        .into_iter()
        .map(|h| h.excerpt)
        .collect()
}

/// The suggestions of the first hint.
pub fn suggestions_in(rule: &str, text: &str, ctx: &Context) -> Vec<String> {
    compile(rule)
        .check(text, ctx)
        .hints
        .into_iter()
        .next()
        .map(|h| h.suggestions)
        .unwrap_or_default()
}

/// Asserts the excerpts of the hints on `text`, in order.
#[track_caller]
pub fn assert_hits(rule: &str, text: &str, expected: &[&str]) {
    assert_eq!(
        hits_in(rule, text, &Context::default()),
        expected,
        "hints on {text:?}"
    );
}

/// Asserts that `rule` says nothing on `text`.
#[track_caller]
pub fn assert_no_hits(rule: &str, text: &str) {
    let hits = hits_in(rule, text, &Context::default());
    assert!(
        hits.is_empty(),
        "expected no hint on {text:?}, got {hits:?}"
    );
}

/// Asserts the suggestions of the first hint on `text`.
#[track_caller]
pub fn assert_suggestions(rule: &str, text: &str, expected: &[&str]) {
    assert_eq!(
        suggestions_in(rule, text, &Context::default()),
        expected,
        "suggestions on {text:?}"
    );
}
