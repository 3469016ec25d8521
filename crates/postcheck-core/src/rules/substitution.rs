//! `substitution`: "say X instead of Y".
//!
//! What it finds: each word or phrase of `instead_of` (matched like `terms`)
//! and offers the words of `use` as replacements. When the text already is one
//! of the replacements with the right case (`GitHub` for a rule that turns
//! `Github` into `GitHub`), nothing is said. A replacement takes the capital
//! letter of the word it replaces at the start of a sentence.
//!
//! Why it matters: inclusive wording and the right spelling of brand and product
//! names are part of most corporate guidelines, and the fix is one click.
//!
//! Example:
//! ```json
//! { "id": "inclusive-staff", "kind": "substitution", "category": "values", "level": "note",
//!   "languages": ["de"], "message": "Wir schreiben inklusiv.",
//!   "swap": [ { "instead_of": ["Mitarbeiter"], "use": ["Mitarbeitende"] } ] }
//! ```

use std::ops::Range;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::validate::WordList;
use crate::format::limits::MAX_REPLACEMENTS;
use crate::format::problem::thousands;

use super::{CompiledRule, Compiler, Draft, Finding, Findings, Kind};
use super::fix::Fix;
use crate::format::problem::Problem;
use crate::text::terms::{MatchMode, TermListSpec, TermSetId};

/// Fields of a `substitution` rule.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub struct Substitution {
    /// The replacements.
    pub swap: Vec<Swap>,
    /// How the words to replace must stand in the text (default `word`: endings change the word).
    #[serde(default = "word_mode", rename = "match")]
    pub match_mode: MatchMode,
}

fn word_mode() -> MatchMode {
    MatchMode::Word
}

/// One replacement.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Swap {
    /// Words or phrases to replace.
    pub instead_of: Vec<String>,
    /// What to write instead, best first. At most 20.
    #[serde(rename = "use")]
    pub use_: Vec<String>,
}

#[derive(Debug)]
struct CompiledSubstitution {
    set: TermSetId,
    /// For each term of the set, the swap it belongs to.
    owner: Vec<usize>,
    swap: Vec<Swap>,
    /// For each swap, its replacements folded (the empty ones left out).
    folded_uses: Vec<Vec<FoldedUse>>,
}

/// A replacement in folded form, to find it in the folded draft.
#[derive(Debug)]
struct FoldedUse {
    text: String,
    /// Whether two occurrences can overlap (`ana` in `anana`): a proper prefix
    /// is also a suffix. Such a replacement is searched in the whole draft, as
    /// only the leftmost of overlapping occurrences counts.
    overlaps: bool,
}

impl FoldedUse {
    fn new(u: &str) -> Option<FoldedUse> {
        let text = crate::text::fold::fold_term(u, false);
        let text = text.trim();
        if text.is_empty() {
            return None;
        }
        let b = text.as_bytes();
        let overlaps = (1..b.len()).any(|k| b.get(k..) == b.get(..b.len() - k));
        Some(FoldedUse {
            text: text.to_string(),
            overlaps,
        })
    }
}

impl Kind for Substitution {
    const SUMMARY: &'static str = r#""Say X instead of Y": inclusive wording, brand spellings."#;
    const FINDS: &'static str = r#""say X instead of Y", with one-click suggestions"#;
    const FIELDS: &'static str = r#"`swap: [{"instead_of": [...], "use": [...]}]`, `match`"#;

    fn compile(
        &self,
        cx: &mut Compiler,
        path: &str,
    ) -> Result<Box<dyn CompiledRule>, Vec<Problem>> {
        let mut problems = Vec::new();
        if self.swap.is_empty() {
            problems.push(
                Problem::error(format!("{path}.swap"), "the list is empty")
                    .fix("add at least one {\"instead_of\": [...], \"use\": [...]}"),
            );
        }
        let mut terms = Vec::new();
        let mut owner = Vec::new();
        let mut place = Vec::new();
        for (i, swap) in self.swap.iter().enumerate() {
            if swap.instead_of.is_empty() {
                problems.push(
                    Problem::error(format!("{path}.swap[{i}].instead_of"), "the list is empty")
                        .fix("add the words to replace"),
                );
            }
            if swap.use_.iter().all(|u| u.trim().is_empty()) {
                problems.push(
                    Problem::error(format!("{path}.swap[{i}].use"), "gives no replacement")
                        .fix("add at least one word to use instead"),
                );
            }
            for (j, t) in swap.instead_of.iter().enumerate() {
                terms.push(t.clone());
                owner.push(i);
                place.push(format!("{path}.swap[{i}].instead_of[{j}]"));
            }
        }
        let (set, bad) = cx.terms.add(TermListSpec {
            terms: &terms,
            mode: self.match_mode,
            case_sensitive: false,
        });
        for b in bad {
            let at = place
                .get(b.index)
                .cloned()
                .unwrap_or_else(|| path.to_string());
            problems.push(Problem::error(at, b.reason).fix("remove it"));
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        let folded_uses = self
            .swap
            .iter()
            .map(|swap| swap.use_.iter().filter_map(|u| FoldedUse::new(u)).collect())
            .collect();
        Ok(Box::new(CompiledSubstitution {
            set,
            owner,
            swap: self.swap.clone(),
            folded_uses,
        }))
    }

    fn check_lengths(&self, path: &str, problems: &mut Vec<Problem>) {
        for (i, swap) in self.swap.iter().enumerate() {
            let count = swap.use_.len();
            if count > MAX_REPLACEMENTS {
                problems.push(
                    Problem::error(
                        format!("{path}.swap[{i}].use"),
                        format!(
                            "the swap has {} replacements; a swap may offer at most {MAX_REPLACEMENTS}",
                            thousands(count)
                        ),
                    )
                    .fix("offer the few best replacements, best first; every hint of the swap shows all of them"),
                );
            }
        }
    }

    fn word_lists<'a>(rule: &'a Value, lists: &mut Vec<WordList<'a>>) {
        let Some(swaps) = rule.get("swap").and_then(Value::as_array) else {
            return;
        };
        for (i, swap) in swaps.iter().enumerate() {
            let place = |key: &str| format!(".swap[{i}].{key}");
            lists.extend(WordList::at(swap.get("instead_of"), place("instead_of")));
            lists.extend(WordList::at(swap.get("use"), place("use")).map(WordList::offered));
        }
    }
}

/// Gives `suggestion` the capital first letter of `found` when `found` has one and it has none.
fn match_case(found: &str, suggestion: &str) -> String {
    let found_upper = found.chars().next().is_some_and(char::is_uppercase);
    let mut chars = suggestion.chars();
    match chars.next() {
        Some(first) if found_upper && first.is_lowercase() => {
            first.to_uppercase().chain(chars).collect()
        }
        _ => suggestion.to_string(),
    }
}

/// Where a replacement stands in the draft: the original ranges of its folded
/// occurrences, in order (left to right, each search going on after the last
/// occurrence).
fn replacement_spans(draft: &Draft<'_>, u: &FoldedUse) -> Vec<Range<usize>> {
    draft
        .folded
        .text
        .match_indices(u.text.as_str())
        .filter_map(|(at, _)| draft.folded.original_range(at..at + u.text.len()))
        .collect()
}

/// Whether `span` lies inside a longer occurrence of a replacement. The ranges
/// are in order with ends that never decrease, so only those starting at or
/// before `span` and reaching its end need a look.
fn inside_spans(ranges: &[Range<usize>], span: &Range<usize>) -> bool {
    let until = ranges.partition_point(|r| r.start <= span.start);
    ranges
        .get(..until)
        .unwrap_or_default()
        .iter()
        .rev()
        .take_while(|r| span.end <= r.end)
        .any(|r| r != span)
}

/// Whether `span` lies inside a longer occurrence of replacement `u`, looking
/// only where such an occurrence can be: it starts at most `u`'s length before
/// the folded match ends, and at the latest where the match starts. (Searching
/// the whole draft for each swap that has a match was O(matches x draft).)
/// For a replacement without overlapping occurrences, every occurrence counts,
/// so the few found there are all that matter.
fn inside_nearby(draft: &Draft<'_>, u: &FoldedUse, span: &Range<usize>) -> bool {
    let folded = &draft.folded;
    let text = folded.text.as_str();
    let len = u.text.len();
    // The occurrence must reach the match's end and start no later than its start.
    let first = (folded.folded_reaching(span.end) + 1).saturating_sub(len);
    let last = folded.folded_from(span.start + 1);
    if last == 0 {
        return false;
    }
    let from = text.floor_char_boundary(first);
    let to = text.ceil_char_boundary((last - 1 + len).min(text.len()));
    let Some(window) = text.get(from..to) else {
        return false;
    };
    window.match_indices(u.text.as_str()).any(|(at, _)| {
        folded
            .original_range(from + at..from + at + len)
            .is_some_and(|r| r.start <= span.start && span.end <= r.end && r != *span)
    })
}

impl CompiledRule for CompiledSubstitution {
    fn check(&self, draft: &Draft<'_>, out: &mut Findings) {
        // The places of replacements whose occurrences can overlap, found in the
        // whole draft once per swap that has a match.
        let mut whole: Vec<Option<Vec<Vec<Range<usize>>>>> = vec![None; self.swap.len()];
        for m in draft.terms.of(self.set) {
            let Some(&owner) = self.owner.get(m.term) else {
                continue;
            };
            let Some(swap) = self.swap.get(owner) else {
                continue;
            };
            let found = draft.text.get(m.span.clone()).unwrap_or_default();
            if swap.use_.iter().any(|u| u == found) {
                continue;
            }
            let uses = self.folded_uses.get(owner).map_or(&[][..], Vec::as_slice);
            if uses
                .iter()
                .any(|u| !u.overlaps && inside_nearby(draft, u, &m.span))
            {
                continue;
            }
            if uses.iter().any(|u| u.overlaps)
                && let Some(slot) = whole.get_mut(owner)
            {
                let spans = slot.get_or_insert_with(|| {
                    uses.iter()
                        .map(|u| {
                            if u.overlaps {
                                replacement_spans(draft, u)
                            } else {
                                Vec::new()
                            }
                        })
                        .collect()
                });
                if spans.iter().any(|ranges| inside_spans(ranges, &m.span)) {
                    continue;
                }
            }
            // In a hashtag a replacement must stay one word: #AcmeRobotics → #ACMERobotics.
            let in_hashtag = draft
                .text
                .get(..m.span.start)
                .is_some_and(|b| b.ends_with('#'));
            let mut suggestions: Vec<String> = Vec::new();
            for u in swap.use_.iter().filter(|u| !u.trim().is_empty()) {
                let u = if in_hashtag {
                    u.split_whitespace().collect::<String>()
                } else {
                    u.clone()
                };
                let s = match_case(found, &u);
                if !suggestions.contains(&s) {
                    suggestions.push(s);
                }
            }
            // One replacement is a change to make; several are a choice for the employee.
            let fix = match suggestions.as_slice() {
                [only] => Some(Fix::replace(only.clone())),
                _ => None,
            };
            out.push(Finding {
                span: m.span.clone(),
                suggestions,
                fix,
                ..Finding::default()
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{assert_hits, assert_no_hits, assert_suggestions};

    const INCLUSIVE: &str = r#"{ "id": "inclusive", "kind": "substitution", "category": "values",
        "level": "note", "message": "inclusive",
        "swap": [ { "instead_of": ["Mitarbeiter", "Angestellte"], "use": ["Mitarbeitende", "Team"] },
                  { "instead_of": ["Github"], "use": ["GitHub"] },
                  { "instead_of": ["Kollegen"], "use": ["Kolleginnen und Kollegen"] },
                  { "instead_of": ["Acme Robotics", "AcmeRobotics"], "use": ["ACME Robotics"] } ] }"#;

    #[test]
    fn suggests_replacements_with_matching_case() {
        assert_hits(INCLUSIVE, "Unsere Mitarbeiter sind toll", &["Mitarbeiter"]);
        assert_suggestions(
            INCLUSIVE,
            "Mitarbeiter sind toll",
            &["Mitarbeitende", "Team"],
        );
        assert_suggestions(INCLUSIVE, "mehr auf github", &["GitHub"]);
        assert_suggestions(INCLUSIVE, "Neu bei Acme Robotics", &["ACME Robotics"]);
        assert_suggestions(INCLUSIVE, "Neu: #AcmeRobotics", &["ACMERobotics"]);
    }

    #[test]
    fn says_nothing_when_the_text_is_already_right() {
        assert_no_hits(INCLUSIVE, "Code liegt auf GitHub");
        assert_no_hits(INCLUSIVE, "Unsere Mitarbeitenden sind toll");
        assert_no_hits(INCLUSIVE, "Danke an die Kolleginnen und Kollegen!");
        assert_hits(INCLUSIVE, "Danke an die Kollegen!", &["Kollegen"]);
    }

    #[test]
    fn looks_for_the_replacement_around_each_match_in_a_long_draft() {
        // Accents and ß before the matches: folded and original offsets differ.
        let filler = "Grüße aus Zürich, Straße für Straße. ".repeat(40);
        let text = format!(
            "{filler}Danke an die Kolleginnen und Kollegen! {filler}Liebe Kollegen, {filler}\
             Die Mitarbeitenden und die Mitarbeiter. {filler}Kolleginnen und Kollegen {filler}"
        );
        assert_hits(INCLUSIVE, &text, &["Kollegen", "Mitarbeiter"]);
    }

    #[test]
    fn of_overlapping_replacements_only_the_leftmost_counts() {
        // "anana" stands in "ananana" at 0 (and at 2, overlapping it): "nan" at 1
        // lies inside the first, "nan" at 3 inside no occurrence that counts.
        let rule = r#"{ "id": "s", "kind": "substitution", "category": "values", "level": "note",
            "message": "m", "match": "anywhere", "swap": [ { "instead_of": ["nan"], "use": ["anana"] } ] }"#;
        assert_hits(rule, "ananana", &["nan"]);
        assert_no_hits(rule, "anana");
    }
}
