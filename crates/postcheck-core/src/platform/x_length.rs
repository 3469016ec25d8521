//! The weighted length of a post on X, as twitter-text (configuration v3) counts it.
//!
//! What: [`weighted_length`] is twitter-text 3.1.0's `parseTweet(text).weightedLength`. The
//! text is first put in Unicode NFC; then every link counts 23 (whatever its length, see
//! [`super::urls`]), every emoji 2 however many code points it has (ZWJ sequences, skin
//! tones, flags, keycaps; twemoji-parser's list), and every other character by the weight of
//! its UTF-16 code unit: 1 in the ranges of the configuration (Latin, Cyrillic, Greek, Hebrew,
//! Arabic, Devanagari, ... up to U+10FF, and some general punctuation), 2 for the rest (CJK,
//! other emoji, ...). X allows 280.
//!
//! Why: X refuses a post over 280 by this count, and it differs from both the number of
//! characters and the JavaScript string length, so postcheck counts exactly as X does.
//!
//! ```
//! use postcheck_core::platform::x_length::weighted_length;
//! assert_eq!(weighted_length("Hello"), 5);
//! assert_eq!(weighted_length("故人"), 4);
//! assert_eq!(weighted_length("👨\u{200D}👩\u{200D}👧"), 2);
//! assert_eq!(weighted_length("Read https://example.com/a/very/long/path/indeed"), 28);
//! ```

use std::borrow::Cow;
use std::ops::Range;
use std::sync::LazyLock;

use serde::Deserialize;

use super::{urls, x_emoji};
use crate::text::normalize;

/// A weight for the code units from `start` to `end` (inclusive), in a twitter-text configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub struct WeightRange {
    /// First code unit.
    pub start: u32,
    /// Last code unit.
    pub end: u32,
    /// Weight of each, in `scale`ths of a character.
    pub weight: u32,
}

/// A twitter-text length configuration (the fields of its `config/v3.json`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct XConfig {
    /// The configuration's version.
    pub version: u32,
    /// The longest valid post.
    pub max_weighted_tweet_length: usize,
    /// Weights are in `scale`ths of a character.
    pub scale: u32,
    /// Weight of code units outside `ranges`.
    pub default_weight: u32,
    /// Whether an emoji sequence counts as one character of `default_weight`.
    #[serde(default)]
    pub emoji_parsing_enabled: bool,
    /// What each link counts.
    #[serde(rename = "transformedURLLength")]
    pub transformed_url_length: u32,
    /// Weights of code unit ranges; the first range that holds a unit gives its weight.
    pub ranges: Vec<WeightRange>,
}

const V3_RANGES: [WeightRange; 4] = [
    WeightRange {
        start: 0,
        end: 4351,
        weight: 100,
    },
    WeightRange {
        start: 8192,
        end: 8205,
        weight: 100,
    },
    WeightRange {
        start: 8208,
        end: 8223,
        weight: 100,
    },
    WeightRange {
        start: 8242,
        end: 8247,
        weight: 100,
    },
];

impl XConfig {
    /// twitter-text's configuration v3, the one X uses (the conformance test checks it
    /// against twitter-text's `v3.json`).
    pub fn v3() -> Self {
        Self {
            version: 3,
            max_weighted_tweet_length: 280,
            scale: 100,
            default_weight: 200,
            emoji_parsing_enabled: true,
            transformed_url_length: 23,
            ranges: V3_RANGES.to_vec(),
        }
    }

    fn weight(&self, unit: u16) -> u32 {
        let unit = u32::from(unit);
        self.ranges
            .iter()
            .find(|r| (r.start..=r.end).contains(&unit))
            .map_or(self.default_weight, |r| r.weight)
    }
}

/// The weighted length of `text` on X: twitter-text's `parseTweet(text).weightedLength` with
/// configuration v3. X allows 280.
pub fn weighted_length(text: &str) -> usize {
    weighted_length_with(text, &V3)
}

static V3: LazyLock<XConfig> = LazyLock::new(XConfig::v3);

/// The weighted length of `text` under a twitter-text `config` (`parseTweet(text, config).weightedLength`).
pub fn weighted_length_with(text: &str, config: &XConfig) -> usize {
    let text: Cow<'_, str> = if is_nfc_quick(text) {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(normalize::nfc(text))
    };
    let units: Vec<u16> = text.encode_utf16().collect();
    let urls = urls::extract_urls_utf16(&units);
    let emoji = if config.emoji_parsing_enabled {
        utf16_ranges(&text, &x_emoji::emoji_ranges(&text))
    } else {
        Vec::new()
    };
    let (mut urls, mut emoji) = (urls.iter().peekable(), emoji.iter().peekable());
    let mut total: u64 = 0;
    let mut i = 0;
    // parseTweet's loop: a link or an emoji that starts here counts as a whole; else the
    // code unit (the low one of a surrogate pair).
    while i < units.len() {
        while urls.next_if(|u| u.start < i).is_some() {}
        while emoji.next_if(|e| e.start < i).is_some() {}
        if let Some(url) = urls.next_if(|u| u.start == i) {
            total += u64::from(config.transformed_url_length) * u64::from(config.scale);
            i += url.len.max(1);
        } else if let Some(e) = emoji.next_if(|e| e.start == i) {
            total += u64::from(config.default_weight);
            i += e.len().max(1);
        } else {
            let pair = units.get(i).is_some_and(|u| (0xD800..=0xDBFF).contains(u))
                && units
                    .get(i + 1)
                    .is_some_and(|u| (0xDC00..=0xDFFF).contains(u));
            if pair {
                i += 1;
            }
            total += u64::from(units.get(i).map_or(0, |&u| config.weight(u)));
            i += 1;
        }
    }
    usize::try_from(total.checked_div(u64::from(config.scale)).unwrap_or(0)).unwrap_or(usize::MAX)
}

/// Characters in NFC that begin a new combining sequence whatever is around them
/// (`NFC_Quick_Check=Yes`, canonical combining class 0): the quick check can skip them.
fn is_plain_starter(c: char) -> bool {
    matches!(
        u32::from(c),
        0..=0x2FF
            | 0x200D
            | 0x20E3
            | 0x2600..=0x27BF
            | 0x3000..=0x3029
            | 0x3041..=0x3096
            | 0x30A1..=0x30FA
            | 0x3400..=0x4DBF
            | 0x4E00..=0x9FFF
            | 0xAC00..=0xD7A3
            | 0xFE0F
            | 0xFF01..=0xFF60
            | 0x1F000..=0x1FAFF
    )
}

/// Whether `text` is surely NFC: every character is a plain starter. Fast on
/// Latin and CJK text.
fn is_nfc_quick(text: &str) -> bool {
    // Below U+0300 everything is a plain starter; those characters have UTF-8 lead bytes below 0xCC.
    text.bytes().fold(0, u8::max) < 0xCC
        || text
            .chars()
            .all(|c| is_plain_starter(c) || normalize::is_nfc_plain(c))
}

/// Byte ranges of `text` (ordered, on char boundaries) as UTF-16 index ranges.
fn utf16_ranges(text: &str, ranges: &[Range<usize>]) -> Vec<Range<usize>> {
    let mut out = Vec::with_capacity(ranges.len());
    let mut chars = text.char_indices().peekable();
    let mut unit = 0;
    let mut at = |byte: usize| {
        while let Some((_, c)) = chars.next_if(|&(b, _)| b < byte) {
            unit += c.len_utf16();
        }
        unit
    };
    for r in ranges {
        let start = at(r.start);
        let end = at(r.end);
        out.push(start..end);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{XConfig, weighted_length, weighted_length_with};

    #[test]
    fn counts_like_twitter_text() {
        // Expectations from twitter-text 3.1.0's parseTweet (the conformance and differential
        // tests check many more).
        assert_eq!(weighted_length(""), 0);
        assert_eq!(weighted_length("Hi http://test.co"), 26);
        assert_eq!(
            weighted_length("\u{1F64B}\u{1F3FD}\u{1F468}\u{200D}\u{1F3A4}"),
            4
        );
        assert_eq!(weighted_length("A\u{FB2C}"), 4);
    }

    #[test]
    fn plain_starters_are_nfc_starters() {
        use unicode_normalization::char::canonical_combining_class;
        use unicode_normalization::{IsNormalized, is_nfc_quick};
        for c in (0..=0x10FFFF)
            .filter_map(char::from_u32)
            .filter(|&c| super::is_plain_starter(c))
        {
            assert_eq!(is_nfc_quick(std::iter::once(c)), IsNormalized::Yes, "{c:?}");
            assert_eq!(canonical_combining_class(c), 0, "{c:?}");
        }
    }

    #[test]
    fn without_emoji_parsing_counts_code_points() {
        let v2 = XConfig {
            version: 2,
            emoji_parsing_enabled: false,
            ..XConfig::v3()
        };
        assert_eq!(
            weighted_length_with("\u{1F64B}\u{1F3FD}\u{1F468}\u{200D}\u{1F3A4}", &v2),
            9
        );
    }
}
