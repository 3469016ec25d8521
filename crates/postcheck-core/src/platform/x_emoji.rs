//! Emoji as twitter-text 3.1.0 finds them when it counts the length of a post on X.
//!
//! twitter-text counts each emoji, however many code points it has (a ZWJ family, a flag,
//! a keycap, a skin tone), as one character of weight 2. What it calls an emoji is whatever
//! the regex of twemoji-parser 11.0.2 matches; `twitter_text/emoji.regex` is that regex,
//! rewritten for the `regex` crate by `tests/twitter-text/generate.js`, which also lists the
//! characters a match can start with in `twitter_text/emoji_start.txt` (MIT-licensed data,
//! see `twitter_text/README.md`). The differential test in `tests/twitter-text/` checks the
//! result against the npm package.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

struct EmojiRegex {
    /// twemoji-parser's regex, anchored at the start of the haystack.
    anchored: Regex,
    /// The code points a match can start with: a bit set for the BMP, ranges above.
    start_bmp: Vec<u64>,
    start_astral: Vec<(u32, u32)>,
}

impl EmojiRegex {
    fn may_start(&self, c: char) -> bool {
        let cp = u32::from(c);
        if cp <= 0xFFFF {
            self.start_bmp
                .get(cp as usize / 64)
                .is_some_and(|w| w >> (cp % 64) & 1 == 1)
        } else {
            self.start_astral
                .iter()
                .any(|&(a, b)| (a..=b).contains(&cp))
        }
    }
}

static EMOJI: LazyLock<Option<EmojiRegex>> = LazyLock::new(|| {
    let anchored = Regex::new(&format!(
        "\\A(?:{}\n)",
        include_str!("twitter_text/emoji.regex")
    ))
    .ok()?;
    let mut start_bmp = vec![0u64; 1024];
    let mut start_astral = Vec::new();
    for line in include_str!("twitter_text/emoji_start.txt").lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let (a, b) = line
            .trim()
            .split_once('-')
            .unwrap_or((line.trim(), line.trim()));
        let (a, b) = (
            u32::from_str_radix(a, 16).ok()?,
            u32::from_str_radix(b, 16).ok()?,
        );
        for cp in a..=b.min(0xFFFF) {
            if let Some(w) = start_bmp.get_mut(cp as usize / 64) {
                *w |= 1 << (cp % 64);
            }
        }
        if b > 0xFFFF {
            start_astral.push((a.max(0x10000), b));
        }
    }
    Some(EmojiRegex {
        anchored,
        start_bmp,
        start_astral,
    })
});

/// Byte ranges of the emoji in `text`, in order, as twemoji-parser's `parse` finds them.
///
/// twemoji-parser tries its regex at every position and takes the first branch that matches
/// there. The regex runs here only where a match can start, anchored, which gives the same
/// emoji and keeps plain text fast.
pub(crate) fn emoji_ranges(text: &str) -> Vec<Range<usize>> {
    let Some(re) = EMOJI.as_ref() else {
        return Vec::new();
    };
    let mut found = Vec::new();
    let mut resume = 0;
    for (start, c) in text.char_indices() {
        if start < resume || !re.may_start(c) {
            continue;
        }
        let Some(m) = text.get(start..).and_then(|rest| re.anchored.find(rest)) else {
            continue;
        };
        // The original regex has `X(?:\ufe0f|(?!\ufe0e))`: a text-default emoji followed by
        // U+FE0E (text presentation) is no emoji, and no other branch matches there. The
        // rewritten regex matches it with the U+FE0E: skip it, go on at the next character.
        if m.is_empty() || m.as_str().contains('\u{FE0E}') {
            continue;
        }
        found.push(start..start + m.end());
        resume = start + m.end();
    }
    found
}

#[cfg(test)]
mod tests {
    use super::{EMOJI, emoji_ranges};

    fn emoji(text: &str) -> Vec<&str> {
        emoji_ranges(text)
            .into_iter()
            .filter_map(|r| text.get(r))
            .collect()
    }

    #[test]
    fn the_generated_regex_compiles() {
        assert!(EMOJI.is_some());
    }

    #[test]
    fn finds_sequences_as_one_emoji() {
        let family = "👨\u{200D}👩\u{200D}👧\u{200D}👦";
        assert_eq!(
            emoji(&format!("a{family}b🙋🏽🇨🇭1\u{FE0F}\u{20E3}")),
            [family, "🙋🏽", "🇨🇭", "1\u{FE0F}\u{20E3}"]
        );
    }

    #[test]
    fn text_presentation_selector_makes_no_emoji() {
        assert_eq!(emoji("\u{263A}\u{FE0E}"), Vec::<&str>::new());
        assert_eq!(
            emoji("\u{263A}\u{FE0F}\u{263A}"),
            ["\u{263A}\u{FE0F}", "\u{263A}"]
        );
    }
}
