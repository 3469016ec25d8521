//! `metric`: counts and limits.
//!
//! What it finds, by `measure`:
//! - `length`: the post is longer than the platform allows (X counts the
//!   weighted length of twitter-text, LinkedIn JavaScript string length); `max`
//!   defaults to the pack's platform limit. The hint marks the part beyond it.
//! - `fold`: on a platform that folds long posts behind "see more" (LinkedIn),
//!   marks where the fold falls, so the first lines can carry the message.
//! - `hashtags`, `mentions`, `links`: more than `max` of them; marks the extra ones.
//! - `caps_ratio`: more than `max` (a share, 0 to 1) of the letters are capitals,
//!   in a post with at least `min_letters` letters: shouting.
//! - `repeated_punctuation`: a run of more than `max` `!` or `?` (`!!!`, `?!?!`).
//!
//! Messages can say `{count}`, `{max}` and `{excess}`.
//!
//! Why it matters: a post cut off by the platform, a hashtag flood or shouting
//! reads badly for the poster and the company; netiquette guidelines ask for calm.
//!
//! Example:
//! ```json
//! { "id": "hashtag-flood", "kind": "metric", "measure": "hashtags", "max": 5,
//!   "category": "netiquette", "level": "note", "message": "{count} hashtags: 3 to 5 read better." }
//! ```

use std::ops::Range;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{CompiledRule, Compiler, Draft, Finding, Findings, Kind};
use super::fix::Fix;
use crate::format::model::Platform;
use crate::format::problem::Problem;
use crate::platform;
use crate::text::chars;
use crate::text::fold::is_word_char;

/// Fields of a `metric` rule.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub struct Metric {
    /// What is counted.
    pub measure: Measure,
    /// The most allowed. For `length` the platform's limit when absent; for
    /// `caps_ratio` a share from 0 to 1 (default 0.7); for `repeated_punctuation`
    /// the longest run (default 2); required for the counts.
    #[serde(default)]
    pub max: Option<f64>,
    /// For `caps_ratio`: posts with fewer letters are not measured (default 20).
    #[serde(default)]
    pub min_letters: Option<usize>,
}

/// What a `metric` rule counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    /// Length as the platform counts it.
    Length,
    /// Where the platform folds the post behind "see more".
    Fold,
    /// Number of `#hashtags`.
    Hashtags,
    /// Number of `@mentions`.
    Mentions,
    /// Number of links.
    Links,
    /// Share of capital letters among all letters.
    CapsRatio,
    /// Longest run of `!` and `?`.
    RepeatedPunctuation,
}

#[derive(Debug)]
struct CompiledMetric {
    measure: Measure,
    max: Option<f64>,
    min_letters: usize,
}

impl Kind for Metric {
    const SUMMARY: &'static str =
        "Counts and limits: length, hashtags, mentions, links, capitals, repeated punctuation.";
    const FINDS: &'static str = "counts and limits";
    const FIELDS: &'static str = "`measure` (`length`, `fold`, `hashtags`, `mentions`, `links`, `caps_ratio`, `repeated_punctuation`), `max`, `min_letters`";

    fn compile(&self, _: &mut Compiler, path: &str) -> Result<Box<dyn CompiledRule>, Vec<Problem>> {
        let max = self.max.or(match self.measure {
            Measure::CapsRatio => Some(0.7),
            Measure::RepeatedPunctuation => Some(2.0),
            _ => None,
        });
        let at = format!("{path}.max");
        let problem = match (self.measure, max) {
            (_, Some(m)) if !m.is_finite() || m < 0.0 => Some(
                Problem::error(&at, format!("{m} is not a limit")).fix("use a number of 0 or more"),
            ),
            (Measure::CapsRatio, Some(m)) if m > 1.0 => Some(
                Problem::error(&at, format!("{m} is not a share"))
                    .fix("write the share of capitals from 0 to 1, e.g. 0.7"),
            ),
            (Measure::Hashtags | Measure::Mentions | Measure::Links, None) => Some(
                Problem::error(path, "a count needs a `max`")
                    .fix("add \"max\": the most that is fine, e.g. 5"),
            ),
            (Measure::Fold, Some(_)) => Some(
                Problem::error(&at, "the fold is set per platform")
                    .fix("remove `max` and set `platforms.linkedin.fold_at` in the pack"),
            ),
            (m, Some(v)) if m != Measure::CapsRatio && v.fract() != 0.0 => Some(
                Problem::error(&at, format!("{v} is not a whole number")).fix("use a whole number"),
            ),
            _ => None,
        };
        if let Some(p) = problem {
            return Err(vec![p]);
        }
        Ok(Box::new(CompiledMetric {
            measure: self.measure,
            max,
            min_letters: self.min_letters.unwrap_or(20),
        }))
    }
}

fn limit(max: f64) -> usize {
    // `max` was validated as a finite whole number of 0 or more.
    max as usize
}

fn vars(count: usize, max: usize) -> Vec<(&'static str, String)> {
    vec![
        ("count", count.to_string()),
        ("max", max.to_string()),
        ("excess", count.saturating_sub(max).to_string()),
    ]
}

impl CompiledRule for CompiledMetric {
    fn check(&self, draft: &Draft<'_>, out: &mut Findings) {
        let text = draft.text;
        match self.measure {
            Measure::Length => {
                let Some(p) = draft.context.platform else {
                    return;
                };
                let Some(max) = self.max.map(limit).or(draft.platform.map(|s| s.max_length)) else {
                    return;
                };
                let used = draft.platform_length().unwrap_or_default();
                if used > max {
                    let cut = platform_prefix_end(p, text, max);
                    out.push(Finding {
                        span: cut..text.len(),
                        suggestions: Vec::new(),
                        vars: vars(used, max),
                        shown_as: None,
                        fix: None,
                    });
                }
            }
            Measure::Fold => {
                let (Some(p), Some(fold)) = (
                    draft.context.platform,
                    draft.platform.and_then(|s| s.fold_at),
                ) else {
                    return;
                };
                let used = draft.platform_length().unwrap_or_default();
                if used > fold {
                    let cut = platform_prefix_end(p, text, fold);
                    let rest = text.get(cut..).unwrap_or_default();
                    let word_end = rest.find(char::is_whitespace).unwrap_or(rest.len());
                    let start = text.get(..cut).map_or(cut, |s| {
                        s.trim_end_matches(|c: char| !c.is_whitespace()).len()
                    });
                    out.push(Finding {
                        span: start..cut + word_end,
                        suggestions: Vec::new(),
                        vars: vars(used, fold),
                        shown_as: None,
                        fix: None,
                    });
                }
            }
            Measure::Hashtags | Measure::Mentions | Measure::Links => {
                let found = match self.measure {
                    Measure::Hashtags => tagged(text, '#'),
                    Measure::Mentions => tagged(text, '@'),
                    _ => platform::urls::find_urls(text),
                };
                let max = self.max.map(limit).unwrap_or(usize::MAX);
                if let (true, Some(first), Some(last)) =
                    (found.len() > max, found.get(max), found.last())
                {
                    out.push(Finding {
                        span: first.start..last.end,
                        suggestions: Vec::new(),
                        vars: vars(found.len(), max),
                        shown_as: None,
                        fix: None,
                    });
                }
            }
            Measure::CapsRatio => {
                let (letters, upper) = letters_and_capitals(text);
                let max = self.max.unwrap_or(0.7);
                if letters >= self.min_letters && upper as f64 > max * letters as f64 {
                    let shouting = shouting_words(text);
                    let span = match (shouting.first(), shouting.last()) {
                        (Some(a), Some(b)) => a.start..b.end,
                        _ => 0..text.trim_end().len(),
                    };
                    out.push(Finding {
                        span,
                        suggestions: Vec::new(),
                        vars: vec![
                            ("count", format!("{}%", upper * 100 / letters)),
                            ("max", format!("{}%", (max * 100.0) as usize)),
                        ],
                        shown_as: None,
                        fix: None,
                    });
                }
            }
            Measure::RepeatedPunctuation => {
                let max = self.max.map(limit).unwrap_or(2);
                for run in punctuation_runs(text) {
                    let n = text.get(run.clone()).map_or(0, |s| s.chars().count());
                    if n > max {
                        let first = text
                            .get(run_start_char(text, run.start))
                            .unwrap_or("!")
                            .to_string();
                        out.push(Finding {
                            suggestions: vec![first.clone()],
                            span: run,
                            vars: vars(n, max),
                            shown_as: None,
                            fix: Some(Fix::replace(first)),
                        });
                    }
                }
            }
        }
    }
}

/// The end of the longest prefix of `text` that is at most `max` long on platform `p`.
fn platform_prefix_end(p: Platform, text: &str, max: usize) -> usize {
    match p {
        // UTF-16 units add up character by character: one pass, not a search over prefixes.
        Platform::Linkedin => {
            let mut used = 0;
            for (i, c) in text.char_indices() {
                used += c.len_utf16();
                if used > max {
                    return i;
                }
            }
            text.len()
        }
        Platform::X => prefix_end_within(text, max, |t| platform::length(p, t)),
    }
}

/// The end of the longest prefix of `text` whose length (as `measure` counts) is at most `max`.
fn prefix_end_within(text: &str, max: usize, measure: impl Fn(&str) -> usize) -> usize {
    let bounds: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .chain([text.len()])
        .collect();
    let fits = bounds.partition_point(|&b| text.get(..b).is_some_and(|p| measure(p) <= max));
    bounds.get(fits.saturating_sub(1)).copied().unwrap_or(0)
}

/// Number of letters and of capital letters, in one pass (ASCII without decoding).
fn letters_and_capitals(text: &str) -> (usize, usize) {
    let (mut letters, mut upper) = (0, 0);
    for (i, b) in text.bytes().enumerate() {
        if b.is_ascii() {
            letters += usize::from(b.is_ascii_alphabetic());
            upper += usize::from(b.is_ascii_uppercase());
        } else if b & 0xC0 != 0x80
            && let Some(c) = text.get(i..).and_then(|rest| rest.chars().next())
        {
            letters += usize::from(chars::is_alphabetic(c));
            upper += usize::from(c.is_uppercase());
        }
    }
    (letters, upper)
}

/// `#tags` or `@mentions`: the sign after a non-word character, followed by a word.
/// Only the signs are looked at (a byte search), not every character.
fn tagged(text: &str, sign: char) -> Vec<Range<usize>> {
    let mut found = Vec::new();
    for (i, _) in text.match_indices(sign) {
        let prev = text.get(..i).and_then(|before| before.chars().next_back());
        if prev.is_some_and(|p| is_word_char(p) || p == sign) {
            continue;
        }
        let rest = text.get(i + sign.len_utf8()..).unwrap_or_default();
        let len: usize = rest
            .chars()
            .take_while(|c| is_word_char(*c))
            .map(char::len_utf8)
            .sum();
        if len > 0
            && rest
                .chars()
                .next()
                .is_some_and(|c| !c.is_ascii_digit() || sign == '@')
        {
            found.push(i..i + sign.len_utf8() + len);
        }
    }
    found
}

/// Words of two or more letters written all in capitals.
fn shouting_words(text: &str) -> Vec<Range<usize>> {
    crate::text::words::word_spans(text)
        .into_iter()
        .filter(|w| {
            text.get(w.clone()).is_some_and(|s| {
                s.chars().filter(|c| c.is_alphabetic()).count() >= 2
                    && !s.chars().any(char::is_lowercase)
            })
        })
        .collect()
}

/// Runs of `!`, `?` and their full-width and inverted forms. Only the bytes a
/// mark can start with are decoded, not every character.
fn punctuation_runs(text: &str) -> Vec<Range<usize>> {
    let is_mark = |c: char| matches!(c, '!' | '?' | '！' | '？' | '¡' | '¿' | '‼' | '⁉');
    // The first bytes of the marks in UTF-8: `!`, `?`, 0xC2 (¡ ¿), 0xE2 (‼ ⁉), 0xEF (！ ？).
    let may_start = |b: &u8| matches!(b, b'!' | b'?' | 0xC2 | 0xE2 | 0xEF);
    let mut runs: Vec<Range<usize>> = Vec::new();
    let mut from = 0;
    while let Some(at) = text
        .as_bytes()
        .get(from..)
        .and_then(|rest| rest.iter().position(may_start))
    {
        let at = from + at;
        let c = text.get(at..).and_then(|rest| rest.chars().next());
        let end = at + c.map_or(1, char::len_utf8);
        if c.is_some_and(is_mark) {
            match runs.last_mut() {
                Some(run) if run.end == at => run.end = end,
                _ => runs.push(at..end),
            }
        }
        from = end;
    }
    runs
}

fn run_start_char(text: &str, start: usize) -> Range<usize> {
    let len = text
        .get(start..)
        .and_then(|s| s.chars().next())
        .map_or(1, char::len_utf8);
    start..start + len
}

#[cfg(test)]
mod tests {
    use crate::context::Context;
    use crate::format::model::Platform;
    use crate::testing::{assert_hits, assert_no_hits, hits_in};

    #[test]
    fn counts_letters_and_capitals_as_unicode_does() {
        for text in [
            "",
            "ACME rocks!",
            "ÜBER ÄRGER ÖL",
            "Straße ẞ",
            "ΑΘΗΝΑ athens",
            "日本 OK 👋🏽",
            "ǅ ǈ",
        ] {
            let expected = (
                text.chars().filter(|c| c.is_alphabetic()).count(),
                text.chars().filter(|c| c.is_uppercase()).count(),
            );
            assert_eq!(super::letters_and_capitals(text), expected, "{text}");
        }
    }

    fn rule(measure: &str, max: Option<f64>) -> String {
        let max = max.map(|m| format!(r#", "max": {m}"#)).unwrap_or_default();
        format!(
            r#"{{ "id": "m", "kind": "metric", "category": "netiquette", "level": "note",
            "message": "{{count}} > {{max}}", "measure": "{measure}"{max} }}"#
        )
    }

    #[test]
    fn linkedin_prefix_is_the_one_the_search_finds() {
        use super::{platform_prefix_end, prefix_end_within};
        let texts = [
            "",
            "abc",
            "👍🇨🇭 é x",
            "Zürich 😀😀 done",
            "a\u{10000}b\u{FE0F}c",
        ];
        for text in texts {
            for max in 0..12 {
                assert_eq!(
                    platform_prefix_end(Platform::Linkedin, text, max),
                    prefix_end_within(text, max, |t| crate::platform::length(
                        Platform::Linkedin,
                        t
                    )),
                    "{text:?} within {max}"
                );
            }
        }
    }

    #[test]
    fn counts_hashtags_and_marks_the_extra_ones() {
        let r = rule("hashtags", Some(2.0));
        assert_hits(&r, "#a #b #c #d", &["#c #d"]);
        assert_no_hits(&r, "#a #b and C# and issue #12 and a#b");
        // A tag follows a character that is neither a word character nor the sign.
        let none = rule("hashtags", Some(0.0));
        assert_hits(
            &none,
            "👋#eins ##zwei é#drei (#vier",
            &["#eins ##zwei é#drei (#vier"],
        );
        assert_hits(&none, "##zwei #drei", &["#drei"]);
    }

    #[test]
    fn counts_mentions() {
        let r = rule("mentions", Some(1.0));
        assert_hits(&r, "@anna @ben hi", &["@ben"]);
        assert_no_hits(&r, "@anna mail me at a@b.ch");
    }

    #[test]
    fn finds_shouting_only_in_long_enough_posts() {
        let r = rule("caps_ratio", None);
        assert_hits(
            &r,
            "THIS IS THE BEST PRODUCT EVER MADE!!",
            &["THIS IS THE BEST PRODUCT EVER MADE"],
        );
        assert_no_hits(&r, "WOW!");
        assert_no_hits(&r, "Great talk by the CEO at the AI summit in NYC today");
    }

    #[test]
    fn finds_repeated_punctuation() {
        let r = rule("repeated_punctuation", None);
        assert_hits(&r, "Wow!!! Really?!? Yes!!", &["!!!", "?!?"]);
        assert_no_hits(&r, "Wow! Really? Yes!!");
        // Full-width and inverted forms, next to other characters of the same first bytes.
        assert_hits(
            &r,
            "¡¡¡Hola!!! ¿¿¿Qué??? ！？！ – ‼⁉‼ ©?",
            &["¡¡¡", "!!!", "¿¿¿", "???", "！？！", "‼⁉‼"],
        );
    }

    #[test]
    fn marks_what_goes_beyond_the_platform_limit() {
        let r = rule("length", Some(10.0));
        let x = Context {
            platform: Some(Platform::Linkedin),
            ..Context::default()
        };
        assert_eq!(hits_in(&r, "Hello world, again", &x), ["d, again"]);
        assert!(hits_in(&r, "Hello", &x).is_empty());
        assert!(
            hits_in(&r, "Hello world, again", &Context::default()).is_empty(),
            "no platform, no length"
        );
    }

    #[test]
    fn refuses_meaningless_limits() {
        let pack = crate::testing::pack_with(&rule("hashtags", None));
        assert!(crate::CompiledPack::from_json(&pack).is_err());
        let pack = crate::testing::pack_with(&rule("caps_ratio", Some(3.0)));
        assert!(crate::CompiledPack::from_json(&pack).is_err());
    }
}
