//! What every fuzz target asserts about a check, and the fixed packs.

#![allow(dead_code)]

use std::sync::LazyLock;

use postcheck_core::detectors::DETECTORS;
use postcheck_core::{CompiledPack, Context, Date, Media, Platform, Report, hash_term, mark_term};
use postcheck_wasm::{CheckOptions, check_text};

/// A pack with every rule kind, every metric measure and every built-in
/// detector, with terms and patterns that cut inside emoji, marks and line breaks.
pub fn edge_pack_json() -> String {
    let hash = hash_term("salt", "Blue Falcon");
    let mark = mark_term("salt", "Blue Falcon");
    let detectors: String = DETECTORS
        .iter()
        .map(|d| {
            format!(
                r#"{{ "id": "d-{id}", "kind": "detector", "detector": "{id}", "category": "personal-data",
                "level": "consider", "message": "m", "min_confidence": "low" }},"#,
                id = d.id()
            )
        })
        .collect();
    format!(
        r##"{{ "schema": "postcheck/pack/v1", "id": "edges", "name": "Edges", "version": "1",
        "publisher": "Fuzz", "date": "2026-01-01", "default_locale": "en", "languages": ["en"],
        "platforms": {{ "linkedin": {{ "max_length": 300, "fold_at": 20 }}, "x": {{ "max_length": 30 }} }},
        "rules": [
        {{ "id": "t", "kind": "terms", "category": "confidential", "level": "important", "message": "{{match}}",
           "terms": ["Orion", "Blue Falcon", "Zürich", "Straße", "e\u0301te", "👩", "🇨🇭", "שלום", "ACME Cloud", "Cloud"],
           "exceptions": ["Orion Health"] }},
        {{ "id": "t-any", "kind": "terms", "match": "anywhere", "category": "confidential", "level": "note",
           "message": "m", "terms": ["i", "ss", "a", "💻"] }},
        {{ "id": "t-prefix", "kind": "terms", "match": "prefix", "category": "confidential", "level": "note",
           "message": "m", "terms": ["or", "ß"], "case_sensitive": true }},
        {{ "id": "h", "kind": "hashed_terms", "category": "confidential", "level": "important", "message": "m",
           "salt": "salt", "max_words": 3, "hashes": ["{hash}"] }},
        {{ "id": "h-marks", "kind": "hashed_terms", "category": "confidential", "level": "important", "message": "m",
           "salt": "salt", "max_words": 3, "hashes": ["{hash}"], "marks": [{mark}] }},
        {{ "id": "s", "kind": "substitution", "category": "values", "level": "note", "message": "m",
           "swap": [{{ "instead_of": ["Orion", "a", "Mitarbeiter"], "use": ["O.", "ab", "Mitarbeitende"] }}] }},
        {{ "id": "p-marks", "kind": "pattern", "category": "confidential", "level": "note", "message": "m",
           "pattern": "\\p{{M}}+|\\x{{200D}}|\\r\\n?|[\\x{{85}}\\x{{2028}}\\x{{2029}}]|\\x{{0}}" }},
        {{ "id": "p-group", "kind": "pattern", "category": "confidential", "level": "note", "message": "m",
           "pattern": "(?i)o(r)(?<tail>i?)on", "group": "tail" }},
        {{ "id": "p-empty", "kind": "pattern", "category": "confidential", "level": "note", "message": "m",
           "pattern": "\\b|$|^" }},
        {detectors}
        {{ "id": "r", "kind": "requires", "category": "disclosure", "level": "consider", "message": "m",
           "if_any": {{ "terms": ["ACME"], "pattern": "\\p{{Extended_Pictographic}}" }},
           "unless_any": {{ "terms": ["#ACMEemployee"] }}, "add": "#ACMEemployee" }},
        {{ "id": "n", "kind": "near", "category": "confidential", "level": "note", "message": "m",
           "a": {{ "terms": ["Orion", "a"], "match": "prefix" }}, "b": {{ "pattern": "\\d+", "detector": "email" }},
           "within": 2 }},
        {{ "id": "m-length", "kind": "metric", "measure": "length", "category": "platform", "level": "note",
           "message": "{{count}} {{max}} {{excess}}" }},
        {{ "id": "m-length-5", "kind": "metric", "measure": "length", "max": 5, "category": "platform",
           "level": "note", "message": "m" }},
        {{ "id": "m-fold", "kind": "metric", "measure": "fold", "category": "platform", "level": "note", "message": "m" }},
        {{ "id": "m-tags", "kind": "metric", "measure": "hashtags", "max": 1, "category": "netiquette",
           "level": "note", "message": "m" }},
        {{ "id": "m-mentions", "kind": "metric", "measure": "mentions", "max": 0, "category": "netiquette",
           "level": "note", "message": "m" }},
        {{ "id": "m-links", "kind": "metric", "measure": "links", "max": 0, "category": "netiquette",
           "level": "note", "message": "m" }},
        {{ "id": "m-caps", "kind": "metric", "measure": "caps_ratio", "max": 0.1, "min_letters": 1,
           "category": "netiquette", "level": "note", "message": "m" }},
        {{ "id": "m-punct", "kind": "metric", "measure": "repeated_punctuation", "max": 1,
           "category": "netiquette", "level": "note", "message": "m" }},
        {{ "id": "c", "kind": "context", "category": "copyright", "level": "consider", "message": "m",
           "when": {{ "media": ["image"] }} }}
        ] }}"##
    )
}

/// The fixed packs: the edge pack, the ACME example pack and the starter pack.
pub static PACKS: LazyLock<Vec<CompiledPack>> = LazyLock::new(|| {
    [
        edge_pack_json(),
        include_str!("../../examples/packs/acme.json").to_string(),
        postcheck_core::starter_pack().to_string(),
    ]
    .iter()
    .map(|json| match CompiledPack::from_json(json) {
        Ok(p) => p,
        Err(e) => panic!("a fixed pack is refused:\n{e}"),
    })
    .collect()
});

/// A check context from one byte.
pub fn context(b: u8) -> (Context, CheckOptions) {
    let platform = [None, Some(Platform::X), Some(Platform::Linkedin)][usize::from(b % 3)];
    let media = if b & 4 != 0 {
        vec![Media::Image]
    } else {
        vec![]
    };
    let date = if b & 8 != 0 {
        Date::parse("2026-11-25")
    } else {
        None
    };
    let locale = if b & 16 != 0 { "de-CH" } else { "en" };
    let options = CheckOptions {
        platform: platform.map(|p| p.as_str().to_string()),
        locale: Some(locale.to_string()),
        date: date.map(|d| d.to_string()),
        media: media.iter().map(|_| "image".to_string()).collect(),
    };
    let ctx = Context {
        platform,
        locale: locale.to_string(),
        date,
        media,
    };
    (ctx, options)
}

/// Every hint's span is in the text, on char boundaries, and is its excerpt.
pub fn assert_report(text: &str, report: &Report) {
    for h in &report.hints {
        assert!(h.start <= h.end && h.end <= text.len(), "{h:?}");
        assert!(
            text.is_char_boundary(h.start) && text.is_char_boundary(h.end),
            "{h:?}"
        );
        assert_eq!(text.get(h.start..h.end), Some(h.excerpt.as_str()), "{h:?}");
    }
}

/// Checks through the extension's layer (`postcheck_wasm::check_text`, natively):
/// each hint's UTF-16 span of `units` (the page's string) is its excerpt, where
/// `text` is what wasm-bindgen hands the engine (`units` with each lone
/// surrogate replaced by U+FFFD).
pub fn assert_js(pack: &CompiledPack, units: &[u16], text: &str, options: &CheckOptions) {
    let result = match check_text(pack, text, options) {
        Ok(r) => r,
        Err(e) => panic!("valid options refused: {e}"),
    };
    for h in &result.hints {
        assert!(h.start <= h.end && h.end <= units.len(), "{h:?}");
        let slice = units.get(h.start..h.end).unwrap_or_default();
        assert_eq!(String::from_utf16_lossy(slice), h.excerpt, "{h:?}");
    }
}

/// Checks `text` with `pack` in the context of byte `b`: the core's report and
/// the extension's UTF-16 result, and that a second check gives the same report.
pub fn check_all(pack: &CompiledPack, text: &str, b: u8) {
    let (ctx, options) = context(b);
    let report = pack.check(text, &ctx);
    assert_report(text, &report);
    assert_eq!(report, pack.check(text, &ctx), "not deterministic");
    let units: Vec<u16> = text.encode_utf16().collect();
    assert_js(pack, &units, text, &options);
}
