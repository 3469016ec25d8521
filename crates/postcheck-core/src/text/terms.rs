//! The term index: every word list of a pack in one Aho-Corasick automaton.
//!
//! Rules that look for words (`terms`, `substitution`, and the sides of
//! `requires` and `near`) register their lists here when the pack is compiled
//! and get a [`TermSetId`] back. A check folds the draft once and runs the
//! automaton over it once, whatever the number of terms (10,000 code names
//! cost one pass, not 10,000 searches); each rule then reads the matches of
//! its own sets.

use std::collections::HashMap;
use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::fold::{Folded, fold_term, is_word_char};

/// How a term must stand in the text to match.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum MatchMode {
    /// As a whole word or phrase: `Orion` matches `Orion`, `Orion-Launch`, `#Orion`, not `Orionnebel`.
    Word,
    /// As a whole word, also with a common ending of German, English, French or
    /// Italian (`-s`, `-es`, `-e`, `-en`, `-n`, `-er`, `-ern`, `-ens`, `-x`, `'s`):
    /// `Orion` matches `Orions` and `Orion's`. The default.
    #[default]
    Inflected,
    /// At the start of a word, so that compounds match: `Orion` matches `Orionprojekt`.
    Prefix,
    /// Anywhere, also inside words: `vertrag` matches `Kundenvertrag`.
    Anywhere,
}

/// Endings accepted by [`MatchMode::Inflected`], in folded form; `hashed_terms`
/// tries the same ones.
pub const INFLECTIONS: [&str; 10] = ["s", "es", "e", "en", "n", "er", "ern", "ens", "x", "'s"];

/// Handle of a registered word list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TermSetId(usize);

/// A word list to register.
#[derive(Debug, Clone, Copy)]
pub struct TermListSpec<'a> {
    /// The words or phrases as the author wrote them.
    pub terms: &'a [String],
    /// How they must stand in the text.
    pub mode: MatchMode,
    /// Whether case must match (`GitHub` but not `github`).
    pub case_sensitive: bool,
}

#[derive(Debug, Clone)]
struct Entry {
    set: TermSetId,
    term: usize,
    mode: MatchMode,
    /// The term as folded with its case kept, for case-sensitive lists.
    exact: Option<String>,
    needs_start_boundary: bool,
    needs_end_boundary: bool,
}

/// Collects word lists while a pack is compiled.
#[derive(Debug, Default)]
pub struct TermIndexBuilder {
    /// Each distinct folded term and its slot (its index in `entries` and in the automaton).
    by_pattern: HashMap<String, usize>,
    entries: Vec<Vec<Entry>>,
    sets: usize,
}

/// Why a term could not be registered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadTerm {
    /// Index of the term in its list.
    pub index: usize,
    /// What is wrong with it.
    pub reason: String,
}

impl TermIndexBuilder {
    /// Registers a list; returns its id and the terms that were left out (empty after folding).
    pub fn add(&mut self, spec: TermListSpec<'_>) -> (TermSetId, Vec<BadTerm>) {
        let set = TermSetId(self.sets);
        self.sets += 1;
        let mut bad = Vec::new();
        for (index, term) in spec.terms.iter().enumerate() {
            let folded = fold_term(term, false);
            let folded = folded.trim_start();
            if folded.is_empty() {
                bad.push(BadTerm {
                    index,
                    reason: if term.trim().is_empty() {
                        "the term is empty or only white space".into()
                    } else {
                        "the term has no visible characters (only invisible or joining characters)"
                            .into()
                    },
                });
                continue;
            }
            let first = folded.chars().next().is_some_and(is_word_char);
            let last = folded.chars().next_back().is_some_and(is_word_char);
            let entry = Entry {
                set,
                term: index,
                mode: spec.mode,
                exact: spec
                    .case_sensitive
                    .then(|| fold_term(term, true).trim_start().to_string()),
                needs_start_boundary: first && spec.mode != MatchMode::Anywhere,
                needs_end_boundary: last,
            };
            let next = self.entries.len();
            let slot = *self.by_pattern.entry(folded.to_string()).or_insert(next);
            if slot == next {
                self.entries.push(Vec::new());
            }
            if let Some(list) = self.entries.get_mut(slot) {
                list.push(entry);
            }
        }
        (set, bad)
    }

    /// Number of lists registered so far: the next list gets this number as
    /// its id, so the lists of one rule are a range of these numbers.
    pub fn set_count(&self) -> usize {
        self.sets
    }

    /// Builds the automaton.
    pub fn build(self) -> Result<TermIndex, String> {
        // The distinct folded terms, in the order of their slots.
        let mut patterns: Vec<(usize, String)> = self
            .by_pattern
            .into_iter()
            .map(|(term, slot)| (slot, term))
            .collect();
        patterns.sort_unstable_by_key(|(slot, _)| *slot);
        let patterns: Vec<String> = patterns.into_iter().map(|(_, term)| term).collect();
        let automaton = if patterns.is_empty() {
            None
        } else {
            Some(
                AhoCorasickBuilder::new()
                    .match_kind(MatchKind::Standard)
                    .build(&patterns)
                    .map_err(|e| format!("the word lists are too large to compile: {e}"))?,
            )
        };
        Ok(TermIndex {
            automaton,
            entries: self.entries,
            sets: self.sets,
        })
    }
}

/// The compiled word lists of a pack.
#[derive(Debug, Clone, Default)]
pub struct TermIndex {
    automaton: Option<AhoCorasick>,
    entries: Vec<Vec<Entry>>,
    sets: usize,
}

/// One occurrence of a term in the draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TermMatch {
    /// Byte range in the original draft, including an inflection or the rest of a compound.
    pub span: Range<usize>,
    /// Index of the term in its list.
    pub term: usize,
}

/// All occurrences of the registered lists searched in one draft, by list.
#[derive(Debug, Clone, Default)]
pub struct TermMatches {
    /// The number of the first list searched.
    first: usize,
    by_set: Vec<Vec<TermMatch>>,
}

impl TermMatches {
    /// The occurrences of one list, by position (none for a list not searched).
    pub fn of(&self, set: TermSetId) -> &[TermMatch] {
        set.0
            .checked_sub(self.first)
            .and_then(|i| self.by_set.get(i))
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }
}

impl TermIndex {
    /// Number of distinct folded terms in the automaton.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when no list has any term.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Finds every registered term in a draft, in one pass over its folded text.
    pub fn find_all(&self, original: &str, folded: &Folded) -> TermMatches {
        self.find_sets(original, folded, 0..self.sets)
    }

    /// Finds the terms of the lists numbered `sets` only (those of one rule,
    /// see [`TermIndexBuilder::set_count`]), still in one pass: the work grows
    /// with the draft and the matches of these lists, not with the pack's lists.
    pub fn find_sets(&self, original: &str, folded: &Folded, sets: Range<usize>) -> TermMatches {
        let first = sets.start;
        let mut by_set = vec![Vec::new(); sets.len()];
        let Some(automaton) = &self.automaton else {
            return TermMatches { first, by_set };
        };
        let text = folded.text.as_str();
        for m in automaton.find_overlapping_iter(text) {
            let Some(entries) = self.entries.get(m.pattern().as_usize()) else {
                continue;
            };
            // The entries of a term are in the order of their lists: skip to the lists searched.
            let from = entries.partition_point(|e| e.set.0 < sets.start);
            let to = entries.partition_point(|e| e.set.0 < sets.end);
            for entry in entries.get(from..to).unwrap_or_default() {
                if let Some(span) = accept(entry, text, m.start(), m.end())
                    .and_then(|end| folded.original_range(m.start()..end))
                    && case_matches(entry, original, &span)
                    && let Some(list) = by_set.get_mut(entry.set.0 - first)
                {
                    list.push(TermMatch {
                        span,
                        term: entry.term,
                    });
                }
            }
        }
        for list in &mut by_set {
            list.sort_by_key(|m| (m.span.start, m.span.end, m.term));
            list.dedup_by(|a, b| a.span == b.span);
        }
        TermMatches { first, by_set }
    }
}

/// Checks the boundaries of a match in the folded text; returns where the match ends
/// once an inflection or the rest of a compound is included.
fn accept(entry: &Entry, text: &str, start: usize, end: usize) -> Option<usize> {
    let before = text.get(..start).and_then(|s| s.chars().next_back());
    if entry.needs_start_boundary && before.is_some_and(is_word_char) {
        return None;
    }
    let rest = text.get(end..)?;
    let ends_word = |s: &str| !s.chars().next().is_some_and(is_word_char);
    if !entry.needs_end_boundary {
        return Some(end);
    }
    match entry.mode {
        MatchMode::Anywhere => Some(end),
        MatchMode::Word => ends_word(rest).then_some(end),
        MatchMode::Inflected => {
            let longest_ending = INFLECTIONS
                .iter()
                .filter(|suffix| rest.starts_with(*suffix))
                .map(|suffix| suffix.len())
                .filter(|len| rest.get(*len..).is_some_and(ends_word))
                .max();
            match longest_ending {
                Some(len) => Some(end + len),
                None => ends_word(rest).then_some(end),
            }
        }
        MatchMode::Prefix => {
            let word_rest: usize = rest
                .chars()
                .take_while(|c| is_word_char(*c))
                .map(char::len_utf8)
                .sum();
            Some(end + word_rest)
        }
    }
}

fn case_matches(entry: &Entry, original: &str, span: &Range<usize>) -> bool {
    let Some(exact) = &entry.exact else {
        return true;
    };
    original
        .get(span.clone())
        .is_some_and(|found| fold_term(found, true).starts_with(exact.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(terms: &[&str], mode: MatchMode, text: &str) -> Vec<String> {
        let terms: Vec<String> = terms.iter().map(|t| t.to_string()).collect();
        let mut b = TermIndexBuilder::default();
        let (set, bad) = b.add(TermListSpec {
            terms: &terms,
            mode,
            case_sensitive: false,
        });
        assert!(bad.is_empty());
        let index = b.build().unwrap_or_default();
        let folded = Folded::new(text, false);
        index
            .find_all(text, &folded)
            .of(set)
            .iter()
            .map(|m| text.get(m.span.clone()).unwrap_or("?").to_string())
            .collect()
    }

    #[test]
    fn find_sets_reads_only_the_lists_asked_for() {
        // Three lists share a term: the automaton has one slot for it with
        // three entries; searching lists 1..2 keeps only the middle one's.
        let mut b = TermIndexBuilder::default();
        let lists = [
            vec!["Orion".to_string()],
            vec!["orion".to_string(), "Vega".to_string()],
            vec!["ORION".to_string()],
        ];
        let sets: Vec<TermSetId> = lists
            .iter()
            .map(|terms| {
                b.add(TermListSpec {
                    terms,
                    mode: MatchMode::Word,
                    case_sensitive: false,
                })
                .0
            })
            .collect();
        assert_eq!(b.set_count(), 3);
        let index = b.build().unwrap_or_default();
        let text = "Orion und Vega";
        let folded = Folded::new(text, false);
        let found = index.find_sets(text, &folded, 1..2);
        let spans = |set: TermSetId| -> Vec<Range<usize>> {
            found.of(set).iter().map(|m| m.span.clone()).collect()
        };
        assert_eq!(spans(sets[1]), [0..5, 10..14]);
        assert!(spans(sets[0]).is_empty() && spans(sets[2]).is_empty());
        assert_eq!(found.by_set.len(), 1, "one list searched, one list kept");
        // All lists: the same as asking for each.
        let all = index.find_all(text, &folded);
        assert_eq!(all.of(sets[1]), found.of(sets[1]));
        assert_eq!(all.of(sets[0]).len(), 1);
    }

    #[test]
    fn inflected_matches_german_and_english_forms() {
        let t = "Orions Start, Orion's team, das Orion-Launch-Event und #Orion!";
        assert_eq!(
            find(&["Orion"], MatchMode::Inflected, t),
            ["Orions", "Orion's", "Orion", "Orion"]
        );
    }

    #[test]
    fn word_mode_does_not_match_inside_words() {
        assert!(find(&["Orion"], MatchMode::Word, "Der Orionnebel und Orions").is_empty());
        assert!(find(&["Orion"], MatchMode::Inflected, "Der Orionnebel").is_empty());
    }

    #[test]
    fn prefix_mode_takes_the_whole_compound() {
        assert_eq!(
            find(&["Orion"], MatchMode::Prefix, "Das Orionprojekt startet"),
            ["Orionprojekt"]
        );
    }

    #[test]
    fn anywhere_mode_finds_compound_tails() {
        assert_eq!(
            find(
                &["vertrag"],
                MatchMode::Anywhere,
                "Der Kundenvertrag ist da"
            ),
            ["vertrag"]
        );
    }

    #[test]
    fn folding_matches_case_diacritics_spacing_and_hidden_characters() {
        assert_eq!(
            find(
                &["Zürich Tower"],
                MatchMode::Word,
                "ZURICH  tower, zu\u{200B}rich\ntower"
            ),
            ["ZURICH  tower", "zu\u{200B}rich\ntower"]
        );
    }

    #[test]
    fn phrases_with_punctuation_edges_match() {
        assert_eq!(
            find(&["#ACMEemployee"], MatchMode::Word, "Proud! #acmeemployee"),
            ["#acmeemployee"]
        );
    }

    #[test]
    fn overlapping_terms_of_one_list_are_all_found() {
        assert_eq!(
            find(&["ACME Cloud", "Cloud"], MatchMode::Word, "ACME Cloud"),
            ["ACME Cloud", "Cloud"]
        );
    }

    #[test]
    fn case_sensitive_lists_respect_case() {
        let terms = vec!["GitHub".to_string()];
        let mut b = TermIndexBuilder::default();
        let (set, _) = b.add(TermListSpec {
            terms: &terms,
            mode: MatchMode::Word,
            case_sensitive: true,
        });
        let index = b.build().unwrap_or_default();
        let text = "github vs GitHub";
        let found = index.find_all(text, &Folded::new(text, false));
        assert_eq!(found.of(set).len(), 1);
        assert_eq!(found.of(set).first().map(|m| m.span.clone()), Some(10..16));
    }

    #[test]
    fn empty_terms_are_reported() {
        let terms = vec!["ok".to_string(), "  ".to_string(), "\u{200B}".to_string()];
        let mut b = TermIndexBuilder::default();
        let (_, bad) = b.add(TermListSpec {
            terms: &terms,
            mode: MatchMode::Word,
            case_sensitive: false,
        });
        assert_eq!(bad.iter().map(|b| b.index).collect::<Vec<_>>(), [1, 2]);
    }
}
