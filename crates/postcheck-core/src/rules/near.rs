//! `near`: two things close to each other.
//!
//! What it finds: a place of `a` with a place of `b` at most `within` words
//! before or after it; the hint covers both. Each place of `a` is reported
//! once, with its closest `b`.
//!
//! Why it matters: a customer's name is fine, and so is the word "contract";
//! together they can disclose a deal. A figure near "Umsatz", "revenue" or "Q3"
//! can break a quiet period before results are published.
//!
//! With `"same_sentence": true` the two must stand in one sentence: "Thank
//! you Globex. In order to grow ..." pairs nothing (a sentence ends at `.`,
//! `!`, `?` or `…` before white space, and at a line break; a full stop after
//! a number, a single letter or a common abbreviation ends none, see
//! [`crate::text::sentences`]). Off by default.
//!
//! With `unless` (terms or a pattern, as `a` and `b`), a pair whose sentence
//! also holds one of them is no finding: a figure near "revenue" in a sentence
//! that says "as published in our annual report" is public already.
//!
//! The rule's `exceptions` also keep a place of `a` or `b` that lies inside
//! one from pairing: with `"exceptions": ["in order to"]` the `order` of "in
//! order to" is no deal word, whatever stands around it.
//!
//! Example:
//! ```json
//! { "id": "customer-deal", "kind": "near", "category": "confidential", "level": "important",
//!   "a": { "terms": ["Globex", "Initech"] }, "b": { "terms": ["Vertrag", "deal", "contract"] },
//!   "within": 8, "message": "A customer name next to a deal: is this announced?" }
//! ```

use std::ops::Range;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::validate::WordList;

use super::side::{CompiledSide, Side};
use super::{CompiledRule, Compiler, Draft, Finding, Findings, Kind};
use crate::format::problem::Problem;
use crate::text::sentences::{crosses_sentence_end, in_sentence_of, sentence_ends};
use crate::text::words::word_index_at_end;

/// Fields of a `near` rule.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub struct Near {
    /// One thing.
    pub a: Side,
    /// The other thing.
    pub b: Side,
    /// The most words between them (default 10).
    #[serde(default = "default_within")]
    pub within: usize,
    /// Whether both must stand in the same sentence (default false).
    #[serde(default, skip_serializing_if = "is_false")]
    pub same_sentence: bool,
    /// Words or a pattern that, in the sentence of a pair, make it no finding
    /// ("published", "annual report").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unless: Option<Side>,
}

fn is_false(b: &bool) -> bool {
    !*b
}

fn default_within() -> usize {
    10
}

#[derive(Debug)]
struct CompiledNear {
    a: CompiledSide,
    b: CompiledSide,
    within: usize,
    same_sentence: bool,
    unless: Option<CompiledSide>,
}

impl Kind for Near {
    const SUMMARY: &'static str = r#"Two things close to each other: a customer name near "contract", a figure near "revenue"."#;
    const FINDS: &'static str = r#"A within N words of B, e.g. a customer near "Vertrag""#;
    const FIELDS: &'static str = "`a`, `b` (as above), `within` (default 10), `same_sentence` (true: never across a sentence end), `unless` (terms or pattern: not in a sentence that holds them)";

    fn compile(
        &self,
        cx: &mut Compiler,
        path: &str,
    ) -> Result<Box<dyn CompiledRule>, Vec<Problem>> {
        let a = self.a.compile(cx, &format!("{path}.a"));
        let b = self.b.compile(cx, &format!("{path}.b"));
        let mut problems: Vec<Problem> = Vec::new();
        let unless = Side::compile_optional(
            self.unless.as_ref(),
            cx,
            &format!("{path}.unless"),
            &mut problems,
        );
        if self.within > 100 {
            problems.push(
                Problem::error(
                    format!("{path}.within"),
                    format!("{} words is not near", self.within),
                )
                .fix("use at most 100 words; for the whole post use a `requires` rule"),
            );
        }
        match (a, b) {
            (Ok(a), Ok(b)) if problems.is_empty() => Ok(Box::new(CompiledNear {
                a,
                b,
                within: self.within,
                same_sentence: self.same_sentence,
                unless,
            })),
            (a, b) => {
                problems.extend(a.err().into_iter().chain(b.err()).flatten());
                Err(problems)
            }
        }
    }

    fn word_lists<'a>(rule: &'a Value, lists: &mut Vec<WordList<'a>>) {
        lists.extend(WordList::side(rule, "a"));
        lists.extend(WordList::side(rule, "b"));
        lists.extend(WordList::side(rule, "unless"));
    }
}

/// Words strictly between two non-overlapping spans.
fn words_between(ends: &[usize], x: &Range<usize>, y: &Range<usize>) -> usize {
    let (first, second) = if x.start <= y.start { (x, y) } else { (y, x) };
    word_index_at_end(ends, second.start).saturating_sub(word_index_at_end(ends, first.end))
}

impl CompiledRule for CompiledNear {
    fn check(&self, draft: &Draft<'_>, out: &mut Findings) {
        let mut a = self.a.find(draft);
        a.retain(|x| !out.excepted(x));
        if a.is_empty() {
            return;
        }
        // `b` is sorted by start, then end. For each `x` (sorted too), the closest
        // `b` before it is the one whose end is the furthest word, found by a
        // sweep over `b` in end order; the closest after it is the first that
        // starts after it. Ties go to the earlier start, as when every pair was
        // compared (which was quadratic: 20,000 pairs in a draft took seconds).
        let mut b = self.b.find(draft);
        b.retain(|y| !out.excepted(y));
        let unless = self.unless.as_ref().map(|u| u.find(draft)).unwrap_or_default();
        let sentence_ends = if self.same_sentence || !unless.is_empty() {
            sentence_ends(draft.text)
        } else {
            Vec::new()
        };
        let ends = draft.word_ends();
        let mut by_end: Vec<&Range<usize>> = b.iter().collect();
        by_end.sort_by_key(|y| (y.end, y.start));
        let mut ended = by_end.into_iter().peekable();
        // (word index of the end, the span) of the best `b` that ends before `x`.
        let mut before: Option<(usize, &Range<usize>)> = None;
        for x in &a {
            while let Some(y) = ended.next_if(|y| y.end <= x.start) {
                let w = word_index_at_end(ends, y.end);
                before = match before {
                    Some((bw, best)) if bw > w || (bw == w && best.start <= y.start) => {
                        Some((bw, best))
                    }
                    _ => Some((w, y)),
                };
            }
            let after = b.get(b.partition_point(|y| y.start < x.end));
            let closest = before
                .map(|(_, y)| y)
                .into_iter()
                .chain(after)
                .map(|y| (words_between(ends, x, y), y))
                .filter(|(d, y)| {
                    *d <= self.within
                        && !(self.same_sentence && {
                            let (from, to) = if y.start < x.start {
                                (y.end, x.start)
                            } else {
                                (x.end, y.start)
                            };
                            crosses_sentence_end(&sentence_ends, from, to)
                        })
                })
                .min_by_key(|(d, y)| (*d, y.start));
            if let Some((_, y)) = closest {
                let pair = x.start.min(y.start)..x.end.max(y.end);
                if !unless.is_empty() && in_sentence_of(&sentence_ends, &pair, &unless, draft.text.len()) {
                    continue;
                }
                out.push(Finding::at(pair));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{assert_hits, assert_no_hits};

    const DEAL: &str = r#"{ "id": "deal", "kind": "near", "category": "confidential",
        "level": "important", "message": "deal", "within": 3,
        "a": { "terms": ["Globex"] }, "b": { "terms": ["Vertrag", "deal"], "match": "anywhere" } }"#;

    #[test]
    fn finds_both_within_the_distance_either_way() {
        assert_hits(
            DEAL,
            "Der Globex Rahmenvertrag ist unterschrieben",
            &["Globex Rahmenvertrag"],
        );
        assert_hits(DEAL, "Big deal with Globex today", &["deal with Globex"]);
    }

    const SAME_SENTENCE: &str = r#"{ "id": "deal", "kind": "near", "category": "confidential",
        "level": "important", "message": "deal", "within": 8, "same_sentence": true,
        "a": { "terms": ["Globex"] }, "b": { "terms": ["Vertrag", "deal", "order"] },
        "exceptions": ["in order to"] }"#;

    #[test]
    fn same_sentence_pairs_only_within_a_sentence() {
        assert_no_hits(SAME_SENTENCE, "Thank you Globex! Big deal for us.");
        assert_no_hits(SAME_SENTENCE, "Danke Globex.\nVertrag folgt");
        assert_hits(
            SAME_SENTENCE,
            "Am 3. März unterschreibt Globex z. B. den Vertrag",
            &["Globex z. B. den Vertrag"],
        );
        // without the option, the sentence end does not count
        assert_hits(DEAL, "Danke Globex. Deal!", &["Globex. Deal"]);
    }

    #[test]
    fn a_side_inside_an_exception_does_not_pair() {
        assert_no_hits(SAME_SENTENCE, "Globex helps us in order to grow");
        assert_hits(SAME_SENTENCE, "Globex placed an order", &["Globex placed an order"]);
    }

    const QUIET: &str = r#"{ "id": "quiet", "kind": "near", "category": "confidential",
        "level": "important", "message": "figure", "within": 6,
        "a": { "pattern": "\\d+ ?%" }, "b": { "terms": ["revenue", "Umsatz"] },
        "unless": { "terms": ["annual report", "Geschäftsbericht"] } }"#;

    #[test]
    fn unless_in_the_same_sentence_keeps_a_pair_quiet() {
        assert_no_hits(
            QUIET,
            "As published in our annual report 2025, revenue grew 12 % last year.",
        );
        assert_hits(
            QUIET,
            "See our annual report. This quarter revenue grew 14 % already!",
            &["revenue grew 14 %"],
        );
        assert_hits(QUIET, "Umsatz plus 9 % im Quartal", &["Umsatz plus 9 %"]);
    }

    #[test]
    fn ignores_them_far_apart_or_alone() {
        assert_no_hits(
            DEAL,
            "Globex war da. Wir haben heute viel gelernt über den Vertrag",
        );
        assert_no_hits(DEAL, "Hallo Globex!");
    }
}
