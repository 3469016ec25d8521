//! What every fuzz target asserts about a check, and the fixed packs.

#![allow(dead_code)]

use std::sync::LazyLock;

/// The every-kind test pack, shared with the core's tests.
#[path = "../../crates/postcheck-core/tests/common/every_kind.rs"]
mod every_kind;

pub use every_kind::every_kind_pack_json;

use postcheck_core::{CompiledPack, Context, Date, Media, Platform, Report};
use postcheck_wasm::{CheckOptions, check_text};

/// The fixed packs: the every-kind pack, the ACME example pack and the starter pack.
pub static PACKS: LazyLock<Vec<CompiledPack>> = LazyLock::new(|| {
    [
        every_kind_pack_json(),
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
        fallback_locales: Vec::new(),
        date: date.map(|d| d.to_string()),
        media: media.iter().map(|_| "image".to_string()).collect(),
    };
    let ctx = Context {
        platform,
        locale: locale.to_string(),
        fallback_locales: Vec::new(),
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
