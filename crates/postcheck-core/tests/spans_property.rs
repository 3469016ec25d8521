//! Properties that hold for any draft: every hint's excerpt is exactly its
//! span, spans lie on character boundaries, and the same input gives the same
//! hints. Drafts mix emoji (ZWJ sequences, flags, skin tones), combining marks,
//! CRLF, invisible characters and words the packs look for.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use postcheck_core::{CompiledPack, Context, Media, Platform, hash_term, starter_pack};
use proptest::prelude::*;

fn folding_pack() -> CompiledPack {
    let hash = hash_term("salt", "Blue Falcon");
    let json = format!(
        r#"{{ "schema": "postcheck/pack/v1", "id": "p", "name": "P", "version": "1", "publisher": "T",
        "date": "2026-01-01", "default_locale": "en", "languages": ["en"], "rules": [
        {{ "id": "t", "kind": "terms", "category": "confidential", "level": "important", "message": "{{match}}",
           "terms": ["Straße", "Orion", "Zürich Tower", "e\u0301te"] }},
        {{ "id": "p", "kind": "terms", "match": "prefix", "category": "confidential", "level": "note", "message": "m",
           "terms": ["ß"] }},
        {{ "id": "a", "kind": "terms", "match": "anywhere", "category": "confidential", "level": "note", "message": "m",
           "terms": ["ss", "i"] }},
        {{ "id": "h", "kind": "hashed_terms", "category": "confidential", "level": "important", "message": "m",
           "salt": "salt", "max_words": 2, "hashes": ["{hash}"] }},
        {{ "id": "s", "kind": "substitution", "category": "values", "level": "note", "message": "m",
           "swap": [{{ "instead_of": ["Orion"], "use": ["O."] }}] }},
        {{ "id": "n", "kind": "near", "category": "confidential", "level": "note", "message": "m",
           "a": {{ "terms": ["Orion"] }}, "b": {{ "pattern": "\\d+" }}, "within": 3 }},
        {{ "id": "x", "kind": "pattern", "category": "confidential", "level": "note", "message": "m",
           "pattern": "(?i)t(o)wer", "group": 1 }}
        ] }}"#
    );
    CompiledPack::from_json(&json).unwrap()
}

fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("Orion".to_string()),
        Just("ORIONS".to_string()),
        Just("Straße".to_string()),
        Just("STRASSE".to_string()),
        Just("Zu\u{0308}rich  tower".to_string()),
        Just("Blue\r\nFalcon".to_string()),
        Just("e\u{0301}te".to_string()),
        Just("👩🏽‍💻".to_string()),
        Just("🇨🇭".to_string()),
        Just("1\u{FE0F}\u{20E3}".to_string()),
        Just("\u{200B}".to_string()),
        Just("\u{202E}".to_string()),
        Just("\r\n".to_string()),
        Just(" ".to_string()),
        Just("!!!".to_string()),
        Just("#tag".to_string()),
        Just("anna@acme.example".to_string()),
        Just("streng vertraulich".to_string()),
        Just("İ".to_string()),
        Just("ﬁ".to_string()),
        "[0-9]{1,4}",
        any::<char>().prop_map(|c| c.to_string()),
    ]
}

fn draft() -> impl Strategy<Value = String> {
    prop::collection::vec(fragment(), 0..40).prop_map(|v| v.concat())
}

fn assert_spans(pack: &CompiledPack, text: &str, ctx: &Context) -> Result<(), TestCaseError> {
    let report = pack.check(text, ctx);
    for h in &report.hints {
        prop_assert!(h.start <= h.end && h.end <= text.len(), "{h:?}");
        prop_assert!(
            text.is_char_boundary(h.start) && text.is_char_boundary(h.end),
            "{h:?}"
        );
        prop_assert_eq!(&text[h.start..h.end], h.excerpt.as_str());
    }
    let again = pack.check(text, ctx);
    prop_assert_eq!(report, again);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(600))]

    #[test]
    fn excerpts_equal_spans_with_folding_rules(text in draft()) {
        let pack = folding_pack();
        assert_spans(&pack, &text, &Context::default())?;
    }

    #[test]
    fn excerpts_equal_spans_with_the_starter_pack(text in draft(), x in any::<bool>(), media in any::<bool>()) {
        let pack = CompiledPack::from_json(starter_pack()).unwrap();
        let ctx = Context {
            platform: Some(if x { Platform::X } else { Platform::Linkedin }),
            media: if media { vec![Media::Image] } else { vec![] },
            ..Context::default()
        };
        assert_spans(&pack, &text, &ctx)?;
    }
}
