//! How long a post is, as each platform counts it.

use crate::format::model::Platform;

mod punycode;
pub mod urls;
mod x_emoji;
pub mod x_length;

/// The length of `text` as `platform` counts it.
///
/// X counts the weighted length of twitter-text (configuration v3); LinkedIn
/// counts JavaScript string length (UTF-16 code units).
pub fn length(platform: Platform, text: &str) -> usize {
    match platform {
        Platform::X => x_length::weighted_length(text),
        Platform::Linkedin => utf16_len(text),
    }
}

/// Number of UTF-16 code units of `text`, counted on its bytes: each character
/// starts with a byte that is no continuation byte (`10xxxxxx`), and characters
/// beyond the BMP, whose first byte is `11110xxx`, take two units.
fn utf16_len(text: &str) -> usize {
    text.bytes()
        .map(|b| usize::from(b & 0xC0 != 0x80) + usize::from(b >= 0xF0))
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn linkedin_counts_utf16_units() {
        for text in [
            "",
            "abc",
            "Zürich",
            "€ 5",
            "👋🏽 Hallo",
            "👩‍👩‍👧",
            "𝔘𝔫𝔦",
            "a\u{10FFFF}",
        ] {
            assert_eq!(
                length(Platform::Linkedin, text),
                text.encode_utf16().count(),
                "{text}"
            );
        }
    }
}
