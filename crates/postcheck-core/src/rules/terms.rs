//! `terms`: words or phrases that should not appear in a post.
//!
//! What it finds: any term of the list, folded (case, diacritics, `ß`, invisible
//! characters) and on word boundaries, with German and English endings and
//! compounds as `match` says (`Orion` finds `Orions`, `Orion-Launch`, `#orion`).
//!
//! Why it matters: confidential code names, customer names and banned words are
//! the most common leak, and a list is what communications teams already keep.
//! All lists of a pack share one automaton, so 10,000 terms cost one pass.
//!
//! Titles of works: with `"skip_titles": true` a match in the title of a
//! novel, play, film, song or series stays quiet: between quotation marks
//! (`„Der Idiot“`, `"Liar Liar"`, `«Le Dîner de cons»`, `*Liar Liar*`), after
//! a word for a work (`the film Liar Liar`, `il film I soliti idioti`) or
//! after a capitalised article inside a sentence (`j'ai revu Le Voleur de
//! bicyclette`); see [`crate::text::titles`]. Meant for insult and accusation
//! lists (netiquette); off by default, so a code name in quotation marks is
//! still found.
//!
//! Another meaning: with `unless` (terms or a pattern), a match whose sentence
//! also holds one of them stays quiet: a code name that is also a mountain
//! (`"terms": ["Matterhorn"], "unless": {"terms": ["climbed", "summit",
//! "Gipfel"]}`) is found in "the Matterhorn team" and not in "we climbed the
//! Matterhorn".
//!
//! Example:
//! ```json
//! { "id": "codenames", "kind": "terms", "category": "confidential", "level": "important",
//!   "message": "\"{match}\" is an internal code name.", "terms": ["Orion", "Blue Falcon"],
//!   "exceptions": ["Orion Health"], "examples": { "hit": ["Orions Launch"], "miss": ["Orion Health"] } }
//! ```

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::validate::WordList;

use super::side::{CompiledSide, Side};
use super::{CompiledRule, Compiler, Draft, Finding, Findings, Kind};
use crate::format::date::Date;
use crate::format::problem::Problem;
use crate::text::terms::{MatchMode, TermListSpec, TermSetId};
use crate::text::sentences::{in_sentence_of, sentence_ends};
use crate::text::titles::in_title;

/// Fields of a `terms` rule.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub struct Terms {
    /// The words or phrases. Each is a text, or `{"term": "Globex", "public_from":
    /// "2027-02-01"}` for a name that becomes public on that day (a customer
    /// announced then): from that day on it is no longer flagged.
    pub terms: Vec<TermEntry>,
    /// How they must stand in the text (default `inflected`).
    #[serde(default, rename = "match")]
    pub match_mode: MatchMode,
    /// Whether case must match (default false).
    #[serde(default)]
    pub case_sensitive: bool,
    /// Whether a match in the title of a work (a novel, film, song ...: quoted,
    /// after "film"/"Buch"/"roman"/"libro", or after a capitalised article
    /// inside a sentence) is left out (default false): for insult lists, where
    /// "Der Idiot" by Dostoevsky insults nobody.
    #[serde(default, skip_serializing_if = "is_false")]
    pub skip_titles: bool,
    /// Words or a pattern that, in the sentence of a match, show another
    /// meaning: the match stays quiet ("climbed", "Gipfel" for a code name that
    /// is also a mountain).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unless: Option<Side>,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// A term of a `terms` rule: the word or phrase, or the word or phrase with
/// the day it becomes public.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum TermEntry {
    /// The word or phrase.
    Plain(String),
    /// The word or phrase, flagged only before the day it becomes public.
    Embargoed(EmbargoedTerm),
}

/// A word or phrase with the end of its embargo.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EmbargoedTerm {
    /// The word or phrase.
    pub term: String,
    /// From this day (`YYYY-MM-DD`) on the term is public and no longer flagged.
    pub public_from: Date,
}

impl TermEntry {
    /// The word or phrase.
    pub fn text(&self) -> &str {
        match self {
            TermEntry::Plain(t) => t,
            TermEntry::Embargoed(e) => &e.term,
        }
    }

    /// The day the term becomes public, if it has one.
    pub fn public_from(&self) -> Option<Date> {
        match self {
            TermEntry::Plain(_) => None,
            TermEntry::Embargoed(e) => Some(e.public_from),
        }
    }
}

#[derive(Debug)]
struct CompiledTerms {
    terms: TermSetId,
    /// The day each term (by its index) becomes public; empty when none has one.
    public_from: Vec<Option<Date>>,
    /// Whether matches in titles of works are left out.
    skip_titles: bool,
    /// What, in a match's sentence, shows another meaning.
    unless: Option<CompiledSide>,
}

impl Kind for Terms {
    const SUMMARY: &'static str =
        "Words or phrases that should not appear: code names, customer names, banned words.";
    const FINDS: &'static str = "words and phrases: code names, customer names, banned words. Folded (case, accents, `ß`, hidden characters) and on word boundaries; all lists of a pack run in one pass, so 10,000 terms cost no more than ten";
    const FIELDS: &'static str = "`terms` (each a text, or `{\"term\": ..., \"public_from\": \"YYYY-MM-DD\"}` for a name public from that day), `match` (`word`, `inflected` (default: `Orions`, `Orion's`), `prefix` (compounds: `Orionprojekt`), `anywhere`), `case_sensitive`, `skip_titles` (true: quiet in titles of works, `„Der Idiot“`, `the film Liar Liar`), `unless` (terms or pattern: quiet in a sentence that holds them)";

    fn compile(
        &self,
        cx: &mut Compiler,
        path: &str,
    ) -> Result<Box<dyn CompiledRule>, Vec<Problem>> {
        let mut problems = Vec::new();
        if self.terms.is_empty() {
            problems.push(
                Problem::error(format!("{path}.terms"), "the list is empty")
                    .fix("add at least one term"),
            );
        }
        let texts: Vec<String> = self.terms.iter().map(|t| t.text().to_string()).collect();
        let public_from: Vec<Option<Date>> = if self.terms.iter().any(|t| t.public_from().is_some()) {
            self.terms.iter().map(TermEntry::public_from).collect()
        } else {
            Vec::new()
        };
        let (terms, bad) = cx.terms.add(TermListSpec {
            terms: &texts,
            mode: self.match_mode,
            case_sensitive: self.case_sensitive,
        });
        problems.extend(bad.into_iter().map(|b| {
            Problem::error(format!("{path}.terms[{}]", b.index), b.reason)
                .fix("remove it from the list")
        }));
        let unless = Side::compile_optional(
            self.unless.as_ref(),
            cx,
            &format!("{path}.unless"),
            &mut problems,
        );
        if problems.is_empty() {
            Ok(Box::new(CompiledTerms {
                terms,
                public_from,
                skip_titles: self.skip_titles,
                unless,
            }))
        } else {
            Err(problems)
        }
    }

    fn word_lists<'a>(rule: &'a Value, lists: &mut Vec<WordList<'a>>) {
        lists.extend(WordList::field(rule, "terms"));
        lists.extend(WordList::side(rule, "unless"));
    }
}

impl CompiledTerms {
    /// Whether term `index` is public on the day of the check (without a date:
    /// never, as for a rule's own `public_from`).
    fn is_public(&self, index: usize, draft: &Draft<'_>) -> bool {
        let Some(today) = draft.context.date else {
            return false;
        };
        self.public_from
            .get(index)
            .copied()
            .flatten()
            .is_some_and(|from| today >= from)
    }
}

impl CompiledRule for CompiledTerms {
    fn check(&self, draft: &Draft<'_>, out: &mut Findings) {
        // The matches are sorted by start, then end, with distinct spans, so one
        // sweep finds which lie inside a longer one. (The rule's `exceptions`,
        // common to every kind, are applied to what it finds: see `Findings`.)
        let matches = draft.terms.of(self.terms);
        let unless = match &self.unless {
            Some(side) if !matches.is_empty() => side.find(draft),
            _ => Vec::new(),
        };
        let ends = if unless.is_empty() {
            Vec::new()
        } else {
            sentence_ends(draft.text)
        };
        // The furthest end of the matches that start before the match.
        let mut reach_before: Option<usize> = None;
        let mut group = (usize::MAX, None::<usize>);
        for (i, m) in matches.iter().enumerate() {
            if m.span.start != group.0 {
                reach_before = reach_before.max(group.1);
                group = (m.span.start, None);
            }
            group.1 = group.1.max(Some(m.span.end));
            // A shorter term inside a longer one of the same list ("Cloud" in "ACME Cloud") is
            // not repeated: one that starts earlier reaches as far, or one that starts with it is longer.
            let inside_longer = reach_before.is_some_and(|end| m.span.end <= end)
                || matches
                    .get(i + 1)
                    .is_some_and(|next| next.span.start == m.span.start);
            let in_a_title = self.skip_titles && in_title(draft.text, &m.span);
            let other_meaning =
                !unless.is_empty() && in_sentence_of(&ends, &m.span, &unless, draft.text.len());
            if !inside_longer && !self.is_public(m.term, draft) && !in_a_title && !other_meaning {
                out.push(Finding::at(m.span.clone()));
            }
        }
    }
}

#[cfg(test)]
mod unless_tests {
    use crate::testing::{assert_hits, assert_no_hits};

    const CODENAME: &str = r#"{ "id": "codenames", "kind": "terms", "category": "confidential",
        "level": "important", "message": "code name", "terms": ["Matterhorn"],
        "unless": { "terms": ["climbed", "Gipfel", "Zermatt"] } }"#;

    #[test]
    fn another_meaning_in_the_sentence_keeps_a_match_quiet() {
        assert_no_hits(CODENAME, "Last summer we climbed the Matterhorn via the Hörnli ridge.");
        assert_hits(
            CODENAME,
            "We climbed a mountain. The Matterhorn prototype picked 1,000 parcels!",
            &["Matterhorn"],
        );
        assert_hits(CODENAME, "Grüsse vom Matterhorn-Team", &["Matterhorn"]);
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{assert_hits, assert_no_hits};

    const RULE: &str = r#"{ "id": "codenames", "kind": "terms", "category": "confidential",
        "level": "important", "message": "code name", "terms": ["Orion", "Blue Falcon", "ACME Cloud", "Cloud"],
        "exceptions": ["Orion Health"] }"#;

    #[test]
    fn finds_terms_in_their_forms() {
        assert_hits(RULE, "Bald startet Orion!", &["Orion"]);
        assert_hits(RULE, "Das Orion-Launch-Event", &["Orion"]);
        assert_hits(RULE, "Orions Start ist nah", &["Orions"]);
        assert_hits(RULE, "Team BLUE  FALCON rocks", &["BLUE  FALCON"]);
        assert_hits(
            RULE,
            "#bluefalcon ist kein Treffer, aber #orion schon",
            &["orion"],
        );
    }

    #[test]
    fn keeps_the_longer_term() {
        assert_hits(RULE, "Neu: ACME Cloud", &["ACME Cloud"]);
    }

    const INSULT: &str = r#"{ "id": "insult", "kind": "terms", "category": "netiquette",
        "level": "consider", "message": "insult", "terms": ["Idiot", "liar", "voleur"], "skip_titles": true }"#;

    #[test]
    fn skip_titles_leaves_out_titles_of_works_only() {
        assert_no_hits(INSULT, "Dostojewskis „Der Idiot“ gelesen");
        assert_no_hits(INSULT, "We watched the film Liar Liar at our offsite");
        assert_no_hits(INSULT, "Jeudi, on revoit Le Voleur de bicyclette");
        assert_hits(INSULT, "Der Typ ist ein Idiot", &["Idiot"]);
        assert_hits(INSULT, "Their CEO is a liar", &["liar"]);
        // without the option, a title is a match as before
        assert_hits(
            RULE,
            "Wir zeigen den Film \"Orion Rising\" im Kino",
            &["Orion"],
        );
    }

    #[test]
    fn respects_exceptions_and_word_boundaries() {
        assert_no_hits(RULE, "Wir waren bei Orion Health zu Gast");
        assert_no_hits(RULE, "Der Orionnebel ist schön");
        assert_no_hits(RULE, "Ein interner Workshop");
    }
}
