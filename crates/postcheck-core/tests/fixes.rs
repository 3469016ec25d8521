//! A hint's `fix`: the one concrete change the extension's "Apply" makes.
//! Each kind is given where the change is concrete and safe, and making it
//! resolves the hint: checking the fixed draft again gives no hint of that rule.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice
)]

use postcheck_core::{CompiledPack, Context, Fix, FixKind, Hint};

fn pack(rules: &str) -> CompiledPack {
    let json = format!(
        r#"{{ "schema": "postcheck/pack/v1", "id": "test", "name": "Test", "version": "1",
        "publisher": "Tests", "date": "2026-01-01", "default_locale": "en", "languages": ["en"],
        "rules": [ {rules} ] }}"#
    );
    match CompiledPack::from_json(&json) {
        Ok(p) => p,
        Err(e) => panic!("test pack does not load:\n{e}"),
    }
}

const SWAPS: &str = r#"{ "id": "swap", "kind": "substitution", "category": "values", "level": "note",
    "message": "m", "swap": [
      { "instead_of": ["Github"], "use": ["GitHub"] },
      { "instead_of": ["guys"], "use": ["everyone", "folks"] } ] }"#;

const PUNCTUATION: &str = r#"{ "id": "punct", "kind": "metric", "measure": "repeated_punctuation",
    "max": 2, "category": "netiquette", "level": "note", "message": "m" }"#;

const DISCLOSE: &str = r##"{ "id": "disclose", "kind": "requires", "category": "disclosure",
    "level": "consider", "message": "m",
    "if_any": { "terms": ["ACME Cloud"] }, "unless_any": { "terms": ["#ACMEemployee"] },
    "add": { "en": "#ACMEemployee" } }"##;

const NO_ADD: &str = r##"{ "id": "disclose", "kind": "requires", "category": "disclosure",
    "level": "consider", "message": "m",
    "if_any": { "terms": ["ACME Cloud"] }, "unless_any": { "terms": ["#ACMEemployee"] } }"##;

fn hints(rules: &str, text: &str) -> Vec<Hint> {
    pack(rules).check(text, &Context::default()).hints
}

/// The draft after `hint`'s fix, made the way the extension makes it.
fn apply(text: &str, hint: &Hint) -> String {
    let fix = hint.fix.as_ref().expect("the hint has a fix");
    match fix.kind {
        FixKind::Replace | FixKind::Remove => {
            format!("{}{}{}", &text[..hint.start], fix.text, &text[hint.end..])
        }
        FixKind::Append => {
            let end = text.trim_end().len();
            format!("{}{}{}", &text[..end], fix.text, &text[end..])
        }
    }
}

/// Applies every fix of `rules` on `text` (last first, so spans stay right)
/// and checks that the rules then say nothing: the fixes resolve their hints.
fn fixed(rules: &str, text: &str) -> String {
    let mut out = text.to_string();
    let found = hints(rules, text);
    assert!(!found.is_empty(), "no hint on {text:?}");
    for hint in found.iter().rev() {
        out = apply(&out, hint);
    }
    let left = hints(rules, &out);
    assert!(
        left.is_empty(),
        "after the fixes {out:?} still has {left:?}"
    );
    out
}

#[test]
fn a_substitution_with_one_replacement_replaces() {
    let found = hints(SWAPS, "Code on Github 🇨🇭");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].fix, Some(Fix::replace("GitHub")));
    assert_eq!(fixed(SWAPS, "Code on Github 🇨🇭"), "Code on GitHub 🇨🇭");
    // At the start of a sentence the replacement takes the capital the word had.
    assert_eq!(fixed(SWAPS, "👩🏽‍💻Github\nGithub!"), "👩🏽‍💻GitHub\nGitHub!");
}

#[test]
fn a_substitution_with_a_choice_has_no_fix() {
    let found = hints(SWAPS, "Hi guys");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].suggestions, ["everyone", "folks"]);
    assert_eq!(found[0].fix, None);
}

#[test]
fn repeated_punctuation_becomes_one_mark() {
    let found = hints(PUNCTUATION, "Wow!!! Really?!?");
    let fixes: Vec<_> = found.iter().map(|h| h.fix.clone()).collect();
    assert_eq!(fixes, [Some(Fix::replace("!")), Some(Fix::replace("?"))]);
    assert_eq!(fixed(PUNCTUATION, "Wow!!! Really?!?"), "Wow! Really?");
    assert_eq!(fixed(PUNCTUATION, "🇨🇭！！！🇨🇭 ‼⁉‼"), "🇨🇭！🇨🇭 ‼");
}

#[test]
fn a_disclosure_is_appended_after_the_last_word() {
    let found = hints(DISCLOSE, "Try ACME Cloud!\n\n");
    assert_eq!(found.len(), 1);
    assert_eq!(
        found[0].fix,
        Some(Fix {
            kind: FixKind::Append,
            text: " #ACMEemployee".into()
        })
    );
    // Trailing blank lines stay after it; the hint's span stays on the product.
    assert_eq!(found[0].excerpt, "ACME Cloud");
    assert_eq!(
        fixed(DISCLOSE, "Try ACME Cloud!\n\n"),
        "Try ACME Cloud! #ACMEemployee\n\n"
    );
    assert_eq!(
        fixed(DISCLOSE, "Line one\nACME Cloud 🇨🇭"),
        "Line one\nACME Cloud 🇨🇭 #ACMEemployee"
    );
}

#[test]
fn a_disclosure_without_a_text_to_add_has_no_fix() {
    let found = hints(NO_ADD, "Try ACME Cloud!");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].fix, None);
}

#[test]
fn the_cli_json_leaves_out_an_absent_fix_and_javascript_gets_null() {
    let report =
        pack(&format!("{SWAPS}, {PUNCTUATION}")).check("Hi guys, Github!!!", &Context::default());
    let cli = serde_json::to_value(&report).expect("json");
    let hints = cli["hints"].as_array().expect("hints");
    assert_eq!(hints.len(), 3);
    assert!(hints[0].get("fix").is_none(), "{}", hints[0]);
    assert_eq!(
        hints[1]["fix"],
        serde_json::json!({"kind": "replace", "text": "GitHub"})
    );
    assert_eq!(
        hints[2]["fix"],
        serde_json::json!({"kind": "replace", "text": "!"})
    );
    let js = serde_json::to_value(report.serialize_as(postcheck_core::Absent::Null)).expect("json");
    assert!(js["hints"][0]["fix"].is_null());
    assert_eq!(js["hints"][1]["fix"]["text"], "GitHub");
    // The fix comes right after the suggestions.
    let written =
        serde_json::to_string(&report.serialize_as(postcheck_core::Absent::Null)).expect("json");
    assert!(
        written.contains(
            r#""suggestions":["GitHub"],"fix":{"kind":"replace","text":"GitHub"},"guideline""#
        ),
        "{written}"
    );
}

const MARKER: &str = r#"{ "id": "marker", "kind": "terms", "category": "confidential", "level": "important",
    "message": "m", "terms": ["INTERNAL ONLY"], "offer_removal": true }"#;

const MARKER_PLAIN: &str = r#"{ "id": "marker", "kind": "terms", "category": "confidential", "level": "important",
    "message": "m", "terms": ["INTERNAL ONLY"] }"#;

#[test]
fn a_rule_that_offers_removal_removes_its_passages() {
    let found = hints(MARKER, "🇨🇭INTERNAL ONLY👩🏽‍💻 roadmap");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].fix, Some(Fix::remove()));
    assert_eq!(fixed(MARKER, "🇨🇭INTERNAL ONLY👩🏽‍💻 roadmap"), "🇨🇭👩🏽‍💻 roadmap");
    // Without `offer_removal` the same rule has no fix: its hints are as they were.
    let plain = hints(MARKER_PLAIN, "🇨🇭INTERNAL ONLY👩🏽‍💻 roadmap");
    assert_eq!(plain.len(), 1);
    assert_eq!(plain[0].fix, None);
    let without_fix = |h: &Hint| Hint {
        fix: None,
        ..h.clone()
    };
    assert_eq!(without_fix(&found[0]), plain[0]);
}
