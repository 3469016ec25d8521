//! Emoji as twitter-text 3.1.0 finds them when it counts the length of a post on X.
//!
//! twitter-text counts each emoji, however many code points it has (a ZWJ family, a flag,
//! a keycap, a skin tone), as one character of weight 2. What it calls an emoji is whatever
//! the regex of twemoji-parser 11.0.2 matches; `twitter_text/emoji.regex` is that regex,
//! rewritten for the `regex` crate by `tests/twitter-text/generate.js` (MIT-licensed data,
//! see `twitter_text/README.md`). The differential test in `tests/twitter-text/` checks the
//! result against the npm package.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

static EMOJI: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(include_str!("twitter_text/emoji.regex")).ok());

/// Byte ranges of the emoji in `text`, in order, as twemoji-parser's `parse` finds them.
pub(crate) fn emoji_ranges(text: &str) -> Vec<Range<usize>> {
    let Some(re) = EMOJI.as_ref() else {
        return Vec::new();
    };
    let mut found = Vec::new();
    let mut at = 0;
    while let Some(m) = re.find_at(text, at) {
        let first_char_end = m.start()
            + text
                .get(m.start()..)
                .and_then(|s| s.chars().next())
                .map_or(1, char::len_utf8);
        if m.as_str().contains('\u{FE0E}') {
            // The original regex has `X(?:\ufe0f|(?!\ufe0e))`: a text-default emoji followed by
            // U+FE0E (text presentation) is no emoji, and nothing else matches there either.
            // The rewritten regex matches it with U+FE0E: skip it, go on at the next character.
            at = first_char_end;
            continue;
        }
        at = if m.is_empty() {
            first_char_end
        } else {
            m.end()
        };
        if !m.is_empty() {
            found.push(m.range());
        }
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
