//! Rule kinds: the registry of what a pack's rules can check.
//!
//! Each kind lives in its own file: a struct with the kind's fields (read from
//! the pack with serde, documented for the JSON Schema), a `compile` step that
//! validates and prepares it once when the pack is loaded, and a compiled form
//! that implements [`CompiledRule`]. The kind's type implements [`Kind`]: its
//! texts for the schema and the README, and what the loader checks before
//! reading it. `kind` in the pack picks one.
//!
//! To add a kind: write its file (with its tests) and add one line to the
//! registry, `rule_kinds!` (below). Then regenerate the schema (`cargo run -p
//! postcheck-cli -- pack schema > schema/pack-v1.schema.json`) and the
//! README's table (`POSTCHECK_REGENERATE=1 cargo test -p postcheck-core --test
//! readme_tables`), and add a rule of the kind to the every-kind test pack
//! (`crates/postcheck-core/tests/data/every-kind.json`) and to the example
//! pack (`examples/packs/acme.json`): tests fail until each is done.

use std::cell::{OnceCell, RefCell};
use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::ops::Range;
use std::rc::Rc;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::context::Context;
use crate::detectors::{Candidate, Detector, DetectorOptions};
use crate::format::model::{Level, PlatformSettings, RuleCommon};
use crate::format::problem::Problem;
use crate::text::fold::Folded;
use crate::text::language::LanguageGuess;
use crate::text::regexes::{RegexMatches, RegexTable};
use crate::text::terms::{TermIndexBuilder, TermMatches};
use crate::text::words::word_ends;
use fix::Fix;

pub mod fix;
pub mod read;
pub mod side;
pub mod validate;

/// One rule as written in a pack: the common fields and the fields of its kind.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub struct Rule {
    /// Fields every rule has.
    #[serde(flatten)]
    pub common: RuleCommon,
    /// What the rule checks.
    #[serde(flatten)]
    pub kind: RuleKind,
}

/// What every rule kind provides. Each kind implements it in its own file;
/// the registry (`rule_kinds!` below) lists each kind once, and the enum
/// [`RuleKind`], its `kind` names ([`KINDS`]), reading, compiling, the limits
/// on word lists and the README's table derive from it.
pub trait Kind: serde::de::DeserializeOwned + Sized {
    /// One sentence on what the kind checks: the kind's description in the
    /// JSON Schema.
    const SUMMARY: &'static str;
    /// What the kind finds, for the README's table of kinds (Markdown, one line).
    const FINDS: &'static str;
    /// The kind's own fields, for the README's table of kinds (Markdown, one
    /// line; each field of the kind named in backticks).
    const FIELDS: &'static str;
    /// Whether a rule of the kind may go without examples that trigger it
    /// (they would reveal what the rule hides).
    const EXAMPLES_OPTIONAL: bool = false;

    /// Validates the rule and prepares it for checking. `path` is the rule's JSON path.
    fn compile(&self, cx: &mut Compiler, path: &str)
    -> Result<Box<dyn CompiledRule>, Vec<Problem>>;

    /// Checks the lengths of what the kind adds to its hints (texts to add,
    /// replacements), beyond the message and suggestion every rule has.
    fn check_lengths(&self, _path: &str, _problems: &mut Vec<Problem>) {}

    /// The word lists of a rule of this kind as written (before it is read,
    /// so whatever its shape), in the order of the rule: the loader bounds
    /// their number and size, and checks their characters.
    fn word_lists<'a>(_rule: &'a serde_json::Value, _lists: &mut Vec<validate::WordList<'a>>) {}
}

/// The registry of rule kinds: for each, the variant of [`RuleKind`], the
/// `kind` name written in packs, and the module (its own file, declared here)
/// and type that implements [`Kind`]. To add a kind: write its file and add
/// one line here.
macro_rules! rule_kinds {
    ($($variant:ident = $name:literal => $module:ident :: $kind:ident,)*) => {
        $(pub mod $module;)*

        /// The kinds of rules. The `kind` field of a rule names one.
        #[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
        #[serde(tag = "kind")]
        pub enum RuleKind {
            $(
                #[schemars(description = <$module::$kind as Kind>::SUMMARY)]
                #[serde(rename = $name)]
                $variant($module::$kind),
            )*
        }

        /// The rule kinds, as written in packs, in the registry's order.
        pub const KINDS: &[&str] = &[$($name),*];

        /// The README's table of rule kinds: each kind's name, [`Kind::FINDS`]
        /// and [`Kind::FIELDS`], in the registry's order.
        pub const KIND_DOCS: &[(&str, &str, &str)] =
            &[$(($name, <$module::$kind as Kind>::FINDS, <$module::$kind as Kind>::FIELDS)),*];

        impl RuleKind {
            /// The `kind` name as written in packs.
            pub fn name(&self) -> &'static str {
                match self {
                    $(RuleKind::$variant(_) => $name,)*
                }
            }

            /// Reads the fields of kind `kind` from a rule object, and gives the names
            /// of the fields the kind has. On error, returns the path inside the rule
            /// and the message.
            pub fn read(
                kind: &str,
                rule: &serde_json::Value,
            ) -> Result<(RuleKind, &'static [&'static str]), (String, String)> {
                use crate::format::from_value::{fields_of, from_value};
                match kind {
                    $($name => from_value::<$module::$kind>(rule)
                        .map(|read| (RuleKind::$variant(read), fields_of::<$module::$kind>()))
                        .map_err(|e| (e.path, e.message)),)*
                    other => Err(("kind".into(), format!("unknown variant `{other}`"))),
                }
            }

            /// The names of the fields of kind `kind` (for the tests of the docs).
            #[cfg(test)]
            fn fields_of_kind(kind: &str) -> &'static [&'static str] {
                match kind {
                    $($name => crate::format::from_value::fields_of::<$module::$kind>(),)*
                    _ => &[],
                }
            }

            /// Validates the rule and prepares it for checking. `path` is the rule's JSON path.
            pub fn compile(
                &self,
                cx: &mut Compiler,
                path: &str,
            ) -> Result<Box<dyn CompiledRule>, Vec<Problem>> {
                match self {
                    $(RuleKind::$variant(r) => r.compile(cx, path),)*
                }
            }

            /// Checks the lengths of what the kind adds to its hints ([`Kind::check_lengths`]).
            pub fn check_lengths(&self, path: &str, problems: &mut Vec<Problem>) {
                match self {
                    $(RuleKind::$variant(r) => r.check_lengths(path, problems),)*
                }
            }

            /// Whether examples are optional for this kind ([`Kind::EXAMPLES_OPTIONAL`]).
            pub fn examples_optional(&self) -> bool {
                match self {
                    $(RuleKind::$variant(_) => <$module::$kind as Kind>::EXAMPLES_OPTIONAL,)*
                }
            }

            /// The word lists of a raw rule of kind `kind` ([`Kind::word_lists`]);
            /// with no such kind, those of every kind, each place once.
            pub fn word_lists<'a>(
                kind: Option<&str>,
                rule: &'a serde_json::Value,
            ) -> Vec<validate::WordList<'a>> {
                let mut lists = Vec::new();
                match kind {
                    $(Some($name) => <$module::$kind as Kind>::word_lists(rule, &mut lists),)*
                    _ => {
                        $(<$module::$kind as Kind>::word_lists(rule, &mut lists);)*
                    }
                }
                // The exceptions every rule may have, after the kind's own lists.
                lists.extend(validate::WordList::field(rule, "exceptions"));
                if kind.is_none_or(|k| !KINDS.contains(&k)) {
                    let mut seen = std::collections::HashSet::new();
                    lists.retain(|l| seen.insert(l.place.clone()));
                }
                lists
            }
        }
    };
}

rule_kinds! {
    Terms = "terms" => terms::Terms,
    HashedTerms = "hashed_terms" => hashed_terms::HashedTerms,
    Substitution = "substitution" => substitution::Substitution,
    Pattern = "pattern" => pattern::Pattern,
    Detector = "detector" => detector::DetectorRule,
    Requires = "requires" => requires::Requires,
    Near = "near" => near::Near,
    Metric = "metric" => metric::Metric,
    Context = "context" => context::ContextRule,
}

/// What is shared while a pack compiles: the term index all word lists go
/// into, the table of all patterns, and the warnings of rules that compiled
/// (`compile` returns errors; a rule that works but could be better, e.g.
/// `hashed_terms` without marks, says so here).
#[derive(Debug, Default)]
pub struct Compiler {
    /// Word lists of all rules, compiled into one automaton at the end.
    pub terms: TermIndexBuilder,
    /// Patterns of all rules, each compiled once, within one size budget.
    pub regexes: RegexTable,
    /// Warnings of the rule just compiled; the loader takes them after each rule.
    pub warnings: Vec<Problem>,
    /// How many `hashed_terms` rules so far have no usable marks (each hashes
    /// every phrase of a draft; see [`hashed_terms::MAX_UNMARKED_RULES`]).
    pub unmarked_hashed_rules: usize,
}

/// A draft prepared for checking: analysed once, read by every rule.
#[derive(Debug)]
pub struct Draft<'a> {
    /// The draft as written.
    pub text: &'a str,
    /// The folded draft (lowercase, no diacritics), with its map back to `text`.
    pub folded: Folded,
    /// Every term of every word list, found in one pass.
    pub terms: TermMatches,
    /// The matches of the pack's patterns, each searched once when first asked for.
    pub regexes: RegexMatches<'a>,
    /// Where the words of `text` end, split when first asked for (only
    /// `near` rules whose first side is found need them, to count words).
    pub word_ends: OnceCell<Vec<usize>>,
    /// Platform, locale, date and media of the check.
    pub context: &'a Context,
    /// The limits of the platform checked for, if one was given.
    pub platform: Option<&'a PlatformSettings>,
    /// The pack's default locale, for texts a rule resolves itself.
    pub default_locale: &'a str,
    /// The length on the platform checked for, counted when first asked for.
    pub length: OnceCell<Option<usize>>,
    /// The draft's languages, guessed when first asked for (once per check,
    /// however many rules ask).
    pub languages: OnceCell<LanguageGuess>,
    /// What each detector found, with each set of options, run when first
    /// asked for (once per check, however many rules use it).
    pub detections: Detections,
    /// The words of the folded text, for `hashed_terms` rules: split and
    /// numbered once per check, however many rules read them.
    pub folded_words: OnceCell<hashed_terms::Words>,
}

/// What the detectors found in a draft, by detector and options: a detector
/// runs once per check however many rules name it (5,000 rules on the same
/// detector ran it 5,000 times).
#[derive(Debug, Default)]
pub struct Detections {
    /// By the hash of detector id and options; the few with the same hash are
    /// told apart by comparing them.
    found: RefCell<HashMap<u64, Vec<Detection>>>,
}

#[derive(Debug)]
struct Detection {
    detector: &'static str,
    options: DetectorOptions,
    candidates: Rc<[Candidate]>,
}

impl Detections {
    /// What `detector` finds in `text` with `options`: found on the first call,
    /// shared after.
    pub fn of(
        &self,
        detector: &'static dyn Detector,
        options: &DetectorOptions,
        text: &str,
    ) -> Rc<[Candidate]> {
        let mut hasher = DefaultHasher::new();
        (detector.id(), options).hash(&mut hasher);
        let key = hasher.finish();
        let known = self.found.try_borrow().ok().and_then(|found| {
            found.get(&key)?.iter().find_map(|d| {
                (d.detector == detector.id() && d.options == *options)
                    .then(|| Rc::clone(&d.candidates))
            })
        });
        if let Some(candidates) = known {
            return candidates;
        }
        let mut found = Vec::new();
        detector.find(text, options, &mut found);
        let candidates: Rc<[Candidate]> = found.into();
        if let Ok(mut all) = self.found.try_borrow_mut() {
            all.entry(key).or_default().push(Detection {
                detector: detector.id(),
                options: options.clone(),
                candidates: Rc::clone(&candidates),
            });
        }
        candidates
    }
}

impl Draft<'_> {
    /// The draft's length as the platform checked for counts it (`None` without a platform).
    pub fn platform_length(&self) -> Option<usize> {
        *self.length.get_or_init(|| {
            self.context
                .platform
                .map(|p| crate::platform::length(p, self.text))
        })
    }

    /// Where the words of the draft end ([`word_ends`]), split on the first call only.
    pub fn word_ends(&self) -> &[usize] {
        self.word_ends.get_or_init(|| word_ends(self.text))
    }

    /// The draft's guessed languages, guessed on the first call only.
    pub fn languages(&self) -> &LanguageGuess {
        self.languages
            .get_or_init(|| LanguageGuess::of(&self.folded.text))
    }
}

/// A finding of one rule, before it is worded as a hint.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Finding {
    /// Byte range in the draft; empty for findings about the whole post.
    pub span: Range<usize>,
    /// Concrete texts to use instead of the span, or to add.
    pub suggestions: Vec<String>,
    /// The one safe change that resolves the finding, if any (see [`Fix`]).
    pub fix: Option<Fix>,
    /// Values for the message template: `{count}`, `{max}`, `{excess}`.
    pub vars: Vec<(&'static str, String)>,
    /// How to show this finding if not like the rule's others: a detector
    /// rule shows an organisation's public contact (a switchboard, a role
    /// mailbox) at its own lower level with its own texts.
    pub shown_as: Option<Rc<ShownAs>>,
}

/// A finding's own level and texts, in place of its rule's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShownAs {
    /// The level of the hint; a layer that lowers the rule below it lowers this too.
    pub level: Level,
    /// The message, in the reader's locale.
    pub message: String,
    /// The advice under the message, in the reader's locale (`None`: the rule's own).
    pub advice: Option<String>,
}

impl Finding {
    /// A finding at `span` with nothing else to say.
    pub fn at(span: Range<usize>) -> Finding {
        Finding {
            span,
            ..Finding::default()
        }
    }
}

/// The findings of one rule in one draft, at most `cap` of them: the first by
/// position (start, then end), each passage once (the first finding at it).
///
/// A rule may find far more than anyone reads (a hostile draft repeats an
/// e-mail address 10,000 times; 5,000 rules find it each time). This keeps at
/// most twice `cap` at any moment: when that many are held, they are sorted and
/// those after the first `cap` dropped; after that, a finding after the last one
/// kept is counted as left out without being stored.
#[derive(Debug)]
pub struct Findings {
    kept: Vec<Finding>,
    cap: usize,
    /// Once `cap` are kept: the span of the last of them.
    last_kept: Option<(usize, usize)>,
    /// Findings left out (each passage counted once, except a passage found
    /// again after others: findings come mostly in order).
    left_out: usize,
    /// The span of the finding left out last, not to count it twice in a row.
    last_left_out: Option<(usize, usize)>,
    /// The rule's exceptions in the draft: their starts, sorted, and the
    /// furthest end of those starting at or before each. A finding inside one
    /// is dropped before it counts (see [`Findings::except`]).
    exception_starts: Vec<usize>,
    exception_reach: Vec<usize>,
}

impl Findings {
    /// Room for the first `cap` findings (at least one; `usize::MAX`: all).
    pub fn new(cap: usize) -> Findings {
        Findings {
            kept: Vec::new(),
            cap: cap.max(1),
            last_kept: None,
            left_out: 0,
            last_left_out: None,
            exception_starts: Vec::new(),
            exception_reach: Vec::new(),
        }
    }

    /// Drops every finding that lies within one of `spans` (the matches of a
    /// rule's `exceptions` in the draft, sorted by start): "Orion Health" for
    /// the code name "Orion", a company's public hotline for a phone rule.
    /// Findings about the whole post (an empty span) are never dropped.
    pub fn except(mut self, spans: impl Iterator<Item = Range<usize>>) -> Findings {
        let mut reach = 0;
        for span in spans {
            reach = reach.max(span.end);
            self.exception_starts.push(span.start);
            self.exception_reach.push(reach);
        }
        self
    }

    /// Whether `span` lies within an exception.
    pub(crate) fn excepted(&self, span: &Range<usize>) -> bool {
        if span.is_empty() {
            return false;
        }
        let before = self.exception_starts.partition_point(|&s| s <= span.start);
        before
            .checked_sub(1)
            .and_then(|i| self.exception_reach.get(i))
            .is_some_and(|&end| span.end <= end)
    }

    /// Adds a finding.
    pub fn push(&mut self, finding: Finding) {
        if !self.exception_starts.is_empty() && self.excepted(&finding.span) {
            return;
        }
        let at = (finding.span.start, finding.span.end);
        if let Some(last) = self.last_kept
            && at >= last
        {
            if at > last && self.last_left_out != Some(at) {
                self.left_out += 1;
                self.last_left_out = Some(at);
            }
            return;
        }
        self.kept.push(finding);
        if self.kept.len() >= self.cap.saturating_mul(2) {
            self.keep_first();
        }
    }

    /// Adds findings.
    pub fn extend(&mut self, findings: impl IntoIterator<Item = Finding>) {
        for f in findings {
            self.push(f);
        }
    }

    /// Whether nothing was found.
    pub fn is_empty(&self) -> bool {
        self.kept.is_empty() && self.left_out == 0
    }

    /// Sorts and dedups what is kept, and keeps the first `cap`.
    fn keep_first(&mut self) {
        self.kept.sort_by_key(|f| (f.span.start, f.span.end));
        self.kept.dedup_by(|a, b| a.span == b.span);
        if self.kept.len() >= self.cap {
            self.left_out += self.kept.len() - self.cap;
            if self.kept.len() > self.cap {
                // The last one dropped, as if it had come after the cap was reached.
                self.last_left_out = self.kept.last().map(|f| (f.span.start, f.span.end));
            }
            self.kept.truncate(self.cap);
            self.last_kept = self.kept.last().map(|f| (f.span.start, f.span.end));
        }
    }

    /// The findings kept, by position, and how many were left out.
    pub fn finish(mut self) -> (Vec<Finding>, usize) {
        self.keep_first();
        (self.kept, self.left_out)
    }
}

/// A rule ready to check drafts.
pub trait CompiledRule: Send + Sync + std::fmt::Debug {
    /// Adds what the rule finds in the draft to `out`.
    fn check(&self, draft: &Draft<'_>, out: &mut Findings);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detectors::by_id;

    /// What `Findings` keeps of `spans` with `cap`: its spans and the count left out.
    fn kept(spans: &[(usize, usize)], cap: usize) -> (Vec<(usize, usize)>, usize) {
        let mut findings = Findings::new(cap);
        findings.extend(spans.iter().map(|&(s, e)| Finding::at(s..e)));
        let (kept, left_out) = findings.finish();
        (
            kept.iter().map(|f| (f.span.start, f.span.end)).collect(),
            left_out,
        )
    }

    /// The reference: all of them sorted, each span once, the first `cap`.
    fn first(spans: &[(usize, usize)], cap: usize) -> (Vec<(usize, usize)>, usize) {
        let mut all = spans.to_vec();
        all.sort_unstable();
        all.dedup();
        let distinct = all.len();
        all.truncate(cap);
        (all, distinct - cap.min(distinct))
    }

    proptest::proptest! {
        #[test]
        fn findings_keep_the_first_by_position(
            spans in proptest::collection::vec((0usize..60, 0usize..4), 0..300),
            cap in 1usize..20,
        ) {
            let spans: Vec<(usize, usize)> = spans.into_iter().map(|(s, l)| (s, s + l)).collect();
            let (kept_spans, left_out) = kept(&spans, cap);
            let (want, distinct_left_out) = first(&spans, cap);
            proptest::prop_assert_eq!(kept_spans, want);
            // Spans in any order: each one left out is counted at least once.
            proptest::prop_assert!(left_out >= distinct_left_out);
            // In order (as most rules find them): exactly.
            let mut sorted = spans.clone();
            sorted.sort_unstable();
            proptest::prop_assert_eq!(kept(&sorted, cap), first(&sorted, cap));
        }
    }

    #[test]
    fn findings_hold_at_most_twice_their_cap() {
        let mut findings = Findings::new(100);
        for i in (0..100_000).rev() {
            findings.push(Finding::at(i..i + 1));
            assert!(findings.kept.len() < 200);
        }
        let (kept, left_out) = findings.finish();
        assert_eq!(kept.len(), 100);
        assert_eq!(kept.first().map(|f| f.span.clone()), Some(0..1));
        assert_eq!(left_out, 99_900);
    }

    #[test]
    fn the_first_finding_at_a_passage_is_kept() {
        let mut findings = Findings::new(1);
        findings.push(Finding {
            span: 3..5,
            suggestions: vec!["first".into()],
            ..Finding::default()
        });
        findings.push(Finding {
            span: 3..5,
            suggestions: vec!["second".into()],
            ..Finding::default()
        });
        let (kept, left_out) = findings.finish();
        assert_eq!(kept.len(), 1);
        assert_eq!(
            kept.first().map(|f| f.suggestions.clone()),
            Some(vec!["first".to_string()])
        );
        assert_eq!(left_out, 0);
    }

    #[test]
    fn kind_names_are_unique_and_snake_case() {
        let mut names = KINDS.to_vec();
        assert!(
            names
                .iter()
                .all(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_lowercase() || c == '_')),
            "{names:?}"
        );
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), KINDS.len(), "a kind is listed twice");
        assert_eq!(KIND_DOCS.len(), KINDS.len());
    }

    #[test]
    fn each_kind_documents_every_field_it_has() {
        for &(name, finds, fields) in KIND_DOCS {
            assert!(!finds.is_empty(), "{name}");
            let own = RuleKind::fields_of_kind(name);
            assert!(!own.is_empty(), "{name} has no fields");
            for field in own {
                assert!(
                    fields.contains(&format!("`{field}")),
                    "the FIELDS of `{name}` do not name its field `{field}`: {fields}"
                );
            }
        }
    }

    #[test]
    fn a_detector_runs_once_per_options() {
        let detections = Detections::default();
        let text = "mail a@acme.example, see https://wiki.corp.example.com/x";
        let email = by_id("email").unwrap();
        let url = by_id("internal-url").unwrap();
        let none = DetectorOptions::default();
        let corp = DetectorOptions {
            internal_hosts: vec!["*.corp.example.com".into()],
        };
        let first = detections.of(email, &none, text);
        assert_eq!(first.len(), 1);
        assert!(Rc::ptr_eq(&first, &detections.of(email, &none, text)));
        let with = detections.of(url, &corp, text);
        assert_eq!(with.len(), 1);
        assert!(Rc::ptr_eq(&with, &detections.of(url, &corp.clone(), text)));
        let without = detections.of(url, &none, text);
        assert!(without.is_empty());
        assert!(!Rc::ptr_eq(&with, &without));
    }
}
