//! The regular expressions of a pack: compiled once, matched at most once per draft.
//!
//! `pattern` rules and the sides of `near` and `requires` rules register their
//! patterns here when the pack is compiled. The table
//! - compiles each distinct pattern once (five rules that look for the same
//!   figure pattern near different words share one compiled regex),
//! - charges every pattern to one budget for the whole pack, so that thousands
//!   of patterns cannot take gigabytes (the budget is counted while compiling,
//!   so each pattern is compiled once, not once to measure and once to use),
//! - finds the matches of a pattern in a draft once, however many rules ask
//!   ([`RegexMatches`]),
//! - and skips patterns that cannot match: most patterns start with a word
//!   (`\bACME-\d{4}`, `(?i)ticket\s+\d+`); the literals every match of a
//!   pattern must start with go into one Aho-Corasick automaton, and one pass of
//!   it over the draft tells which patterns are worth running. Fifty patterns
//!   cost one scan of the draft and the few searches that can succeed, not fifty
//!   scans.
//!
//! Example: two `near` rules whose `a` is `\d+(?:[.,]\d+)?\s?(?:Mio|%)` scan the
//! draft for figures once.
//!
//! A pack this same engine validated before (the extension rebuilding its stored
//! pack after a worker restart) is loaded with a [`RegexTable::deferred`] table:
//! its patterns are parsed when added (syntax, groups and prefixes are known at
//! once) but compiled when a draft first needs them. Compiling is most of a
//! large pack's load, and most patterns are never needed by a given draft.

use std::cell::OnceCell;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use regex::{Regex, RegexBuilder};
use regex_syntax::hir::literal::{ExtractKind, Extractor};
use regex_syntax::hir::{Hir, HirKind};

use crate::format::problem::Problem;

pub use crate::format::limits::{MAX_PATTERN_BUDGET, PATTERN_SIZE_LIMIT};

/// The size limits a pattern is tried under, smallest first: a pattern is
/// charged the first one it compiles under.
const SIZE_TIERS: [usize; 3] = [64 * 1024, 256 * 1024, PATTERN_SIZE_LIMIT];

/// Handle of a registered pattern, for finding its matches in a draft.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RegexId(usize);

/// Collects and compiles the patterns of a pack.
#[derive(Debug, Default)]
pub struct RegexTable {
    patterns: Vec<TablePattern>,
    by_source: HashMap<(String, bool), usize>,
    /// Bytes charged so far (see [`SIZE_TIERS`]).
    charged: usize,
    /// Set once the budget is exceeded: later patterns are not compiled.
    over_budget: bool,
    /// Patterns are compiled when first used, not when added.
    deferred: bool,
    /// The prefixes of all patterns, built by [`RegexTable::build`].
    anchors: Option<Anchors>,
    /// The ids handed out by [`RegexTable::add`] since [`RegexTable::take_handed_out`]
    /// (the patterns of the rule just compiled).
    handed_out: Vec<RegexId>,
    /// Warnings about the patterns added since [`RegexTable::take_warnings`].
    warnings: Vec<Problem>,
}

/// One distinct pattern of the table.
#[derive(Debug)]
struct TablePattern {
    src: String,
    case_insensitive: bool,
    /// Compiled when added, or (deferred) when first used; `None` if that failed.
    regex: OnceLock<Option<Regex>>,
    /// Literals one of which starts every match; `None` when the pattern has no
    /// such short list (it always runs).
    prefixes: Option<Vec<Vec<u8>>>,
    /// The names of its groups by number (0, the whole match, has none).
    groups: Vec<Option<String>>,
}

/// One automaton over the prefixes of all patterns that have them.
#[derive(Debug)]
struct Anchors {
    automaton: AhoCorasick,
    /// For each literal of the automaton, the patterns it starts.
    owners: Vec<Vec<usize>>,
}

impl RegexTable {
    /// A table that compiles each pattern when a draft first needs it, for a
    /// pack this same engine has validated before: syntax errors and groups are
    /// still found when a pattern is added, but the size limits, which only
    /// compiling can tell, are not checked again.
    pub fn deferred() -> RegexTable {
        RegexTable {
            deferred: true,
            ..RegexTable::default()
        }
    }

    /// Compiles `src` (or finds it compiled already) and returns its id.
    /// `path` names the pattern in problems.
    pub fn add(
        &mut self,
        src: &str,
        case_insensitive: bool,
        path: &str,
    ) -> Result<RegexId, Problem> {
        if let Some(quantifier) = repeated_repetition(src) {
            self.warnings.push(possessive_warning(path, &quantifier));
        }
        let key = (src.to_string(), case_insensitive);
        if let Some(&i) = self.by_source.get(&key) {
            self.handed_out.push(RegexId(i));
            return Ok(RegexId(i));
        }
        if self.over_budget {
            return Err(budget_problem(path));
        }
        let hir = parse(src, case_insensitive).map_err(|e| match e {
            Unreadable::LeftOut(class) => left_out_problem(path, &class),
            Unreadable::Syntax(e) => not_compiling(path, regex::Error::Syntax(e)),
            Unreadable::Unsupported { what, fix } => {
                Problem::error(path, format!("the pattern does not compile: {what}")).fix(fix)
            }
        })?;
        let regex = OnceLock::new();
        if !self.deferred {
            let (compiled, cost) = compile_charged(src, case_insensitive, path);
            self.charged += cost;
            if self.charged > MAX_PATTERN_BUDGET {
                self.over_budget = true;
                return Err(budget_problem(path));
            }
            let _ = regex.set(Some(compiled?));
        }
        let i = self.patterns.len();
        self.patterns.push(TablePattern {
            src: src.to_string(),
            case_insensitive,
            regex,
            prefixes: required_prefixes(&hir),
            groups: group_names(&hir),
        });
        self.by_source.insert(key, i);
        self.handed_out.push(RegexId(i));
        Ok(RegexId(i))
    }

    /// The warnings about the patterns added since the last call.
    pub fn take_warnings(&mut self) -> Vec<Problem> {
        std::mem::take(&mut self.warnings)
    }

    /// The ids [`RegexTable::add`] handed out since the last call, sorted and
    /// each once: after compiling one rule, the patterns that rule reads.
    pub fn take_handed_out(&mut self) -> Vec<RegexId> {
        let mut ids = std::mem::take(&mut self.handed_out);
        ids.sort_unstable();
        ids.dedup();
        ids
    }

    /// Builds the automaton of the patterns' prefixes, once all are added.
    pub fn build(mut self) -> RegexTable {
        let mut literals: Vec<Vec<u8>> = Vec::new();
        let mut owners: Vec<Vec<usize>> = Vec::new();
        let mut by_literal: HashMap<Vec<u8>, usize> = HashMap::new();
        for (pattern, entry) in self.patterns.iter().enumerate() {
            // Matched in any ASCII case: the 48 case forms of `(?i)ticket` are one
            // literal. A literal in another case only makes a pattern run that
            // then finds nothing; it never skips one that would have found something.
            for literal in entry
                .prefixes
                .iter()
                .flatten()
                .map(|l| l.to_ascii_lowercase())
            {
                let slot = *by_literal.entry(literal.clone()).or_insert_with(|| {
                    literals.push(literal.clone());
                    owners.push(Vec::new());
                    literals.len() - 1
                });
                if let Some(list) = owners.get_mut(slot) {
                    list.push(pattern);
                }
            }
        }
        self.anchors = if literals.is_empty() {
            None
        } else {
            AhoCorasick::builder()
                .match_kind(MatchKind::Standard)
                .ascii_case_insensitive(true)
                .kind(Some(AhoCorasickKind::DFA))
                .build(&literals)
                .ok()
                .map(|automaton| Anchors { automaton, owners })
        };
        self
    }

    /// The compiled regex of a registered pattern (compiled now if deferred).
    pub fn get(&self, id: RegexId) -> Option<&Regex> {
        let entry = self.patterns.get(id.0)?;
        entry
            .regex
            .get_or_init(|| build(&entry.src, entry.case_insensitive, PATTERN_SIZE_LIMIT).ok())
            .as_ref()
    }

    /// The names of a pattern's groups by number; index 0 is the whole match.
    pub fn groups(&self, id: RegexId) -> &[Option<String>] {
        self.patterns.get(id.0).map_or(&[], |p| p.groups.as_slice())
    }

    /// Whether the pack's patterns exceeded [`MAX_PATTERN_BUDGET`].
    pub fn over_budget(&self) -> bool {
        self.over_budget
    }

    /// Number of distinct patterns.
    pub fn len(&self) -> usize {
        self.patterns.len()
    }

    /// True when the pack has no pattern.
    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }
}

/// Most literals kept for one pattern: more, and the pattern simply always runs.
const MAX_PREFIXES: usize = 64;

/// Why a pattern could not be read.
#[derive(Debug)]
enum Unreadable {
    /// It uses a Unicode class postcheck leaves out ([`left_out_class`]), as written.
    LeftOut(String),
    /// regex-syntax's message.
    Syntax(String),
    /// A construct of other pattern languages (PCRE, Java, .NET) that Rust's
    /// syntax does not have, in plain words, with what to write instead.
    Unsupported { what: String, fix: &'static str },
}

/// The pattern as regex-syntax reads it, with the same settings as the regex
/// crate, once it is known to use no class postcheck leaves out.
fn parse(src: &str, case_insensitive: bool) -> Result<Hir, Unreadable> {
    use regex_syntax::{ast, hir};
    let syntax = |e: &dyn std::fmt::Display| Unreadable::Syntax(e.to_string());
    let parsed = ast::parse::ParserBuilder::new()
        .nest_limit(64)
        .build()
        .parse(src)
        .map_err(|e| {
            unsupported(src, &e).unwrap_or_else(|| syntax(&regex_syntax::Error::from(e)))
        })?;
    if let Some(class) = left_out_class(src, &parsed) {
        return Err(Unreadable::LeftOut(class));
    }
    hir::translate::TranslatorBuilder::new()
        .case_insensitive(case_insensitive)
        .build()
        .translate(src, &parsed)
        .map_err(|e| syntax(&regex_syntax::Error::from(e)))
}

/// The first repetition of a repetition in `src`, as written (`a++`, `\d*+`,
/// `x{2}+`): a possessive quantifier in PCRE or Java, but here the repetition
/// repeated, `(a+)+`, which matches what `a+` matches.
fn repeated_repetition(src: &str) -> Option<String> {
    use regex_syntax::ast::Ast;
    fn walk(ast: &Ast) -> Option<regex_syntax::ast::Span> {
        match ast {
            Ast::Repetition(r) if matches!(*r.ast, Ast::Repetition(_)) => Some(r.span),
            Ast::Repetition(r) => walk(&r.ast),
            Ast::Group(g) => walk(&g.ast),
            Ast::Alternation(a) => a.asts.iter().find_map(walk),
            Ast::Concat(c) => c.asts.iter().find_map(walk),
            _ => None,
        }
    }
    // Parsed once more only to look: `parse` has refused what does not parse.
    let ast = regex_syntax::ast::parse::ParserBuilder::new()
        .nest_limit(64)
        .build()
        .parse(src)
        .ok()?;
    let span = walk(&ast)?;
    src.get(span.start.offset..span.end.offset)
        .map(str::to_string)
}

fn possessive_warning(path: &str, quantifier: &str) -> Problem {
    Problem::warning(
        path,
        format!(
            "`{quantifier}` repeats a repetition: possessive quantifiers are not part of the pattern syntax, so it matches what the single repetition matches"
        ),
    )
    .fix("write the repetition once (`a+` for `a++`): patterns here never backtrack, so a possessive quantifier is not needed to keep them fast")
}

/// A plain message for a group of another pattern language that regex-syntax
/// calls an "unrecognized flag": `(?>...)` (atomic), `(?|...)` (branch reset),
/// `(?#...)` (comment), `(?1)`, `(?&name)`, `(?P>name)` (recursion). (`(?R)` is
/// Rust's CRLF flag.)
fn unsupported(src: &str, e: &regex_syntax::ast::Error) -> Option<Unreadable> {
    if *e.kind() != regex_syntax::ast::ErrorKind::FlagUnrecognized {
        return None;
    }
    let at = src.get(e.span().start.offset..)?;
    let (what, fix) = if at.starts_with('>') {
        (
            "an atomic group `(?>...)` is not part of the pattern syntax (nor are possessive quantifiers such as `a++`)",
            "write a plain group `(?:...)`: patterns here never backtrack, so an atomic group is not needed to keep them fast",
        )
    } else if at.starts_with('|') {
        (
            "a branch reset group `(?|...)` is not part of the pattern syntax",
            "write a plain group `(?:...)` and name each alternative's group differently",
        )
    } else if at.starts_with('#') {
        (
            "a comment group `(?#...)` is not part of the pattern syntax",
            "remove the comment, or use `(?x)` and write the comment after `#` at the end of a line",
        )
    } else if at.starts_with(['+', '&'])
        || at.starts_with(|c: char| c.is_ascii_digit())
        || at.starts_with("P>")
        || at.starts_with("P=")
    {
        (
            "recursion and back-references (`(?1)`, `(?&name)`, `(?P>name)`, `(?P=name)`) are not part of the pattern syntax",
            "write the repeated part out, or use a `near` or `requires` rule for two things in one post",
        )
    } else {
        return None;
    };
    Some(Unreadable::Unsupported {
        what: what.to_string(),
        fix,
    })
}

/// The first Unicode class of the pattern `src` (`parsed`, its syntax tree)
/// that postcheck leaves out (Unicode ages and text segmentation:
/// `\p{Age=6.0}`, `\p{Word_Break=ALetter}`), as written.
///
/// Their tables are not in the build (see the workspace `Cargo.toml`). Checked
/// here, on the parsed pattern, so every build refuses them the same way: test
/// builds get the tables anyway through a test library.
fn left_out_class(src: &str, parsed: &regex_syntax::ast::Ast) -> Option<String> {
    use regex_syntax::ast::{self, Ast, ClassSetItem, ClassUnicode, ClassUnicodeKind};

    fn left_out(class: &ClassUnicode) -> bool {
        let ClassUnicodeKind::NamedValue { name, .. } = &class.kind else {
            return false;
        };
        // Loose matching, as regex-syntax does: case, spaces, `_` and `-` do not count.
        let name: String = name
            .chars()
            .filter(|c| !matches!(c, ' ' | '_' | '-'))
            .flat_map(char::to_lowercase)
            .collect();
        matches!(
            name.as_str(),
            "age" | "wordbreak" | "wb" | "sentencebreak" | "sb" | "graphemeclusterbreak" | "gcb"
        )
    }
    struct Finder<'s>(&'s str, Option<String>);
    impl Finder<'_> {
        fn note(&mut self, class: &ClassUnicode) {
            if self.1.is_none() && left_out(class) {
                self.1 = self
                    .0
                    .get(class.span.start.offset..class.span.end.offset)
                    .map(str::to_string);
            }
        }
    }
    impl ast::Visitor for Finder<'_> {
        type Output = Option<String>;
        type Err = ();
        fn finish(self) -> Result<Option<String>, ()> {
            Ok(self.1)
        }
        fn visit_pre(&mut self, ast: &Ast) -> Result<(), ()> {
            if let Ast::ClassUnicode(class) = ast {
                self.note(class);
            }
            Ok(())
        }
        fn visit_class_set_item_pre(&mut self, item: &ClassSetItem) -> Result<(), ()> {
            if let ClassSetItem::Unicode(class) = item {
                self.note(class);
            }
            Ok(())
        }
    }
    ast::visit(parsed, Finder(src, None)).ok()?
}

fn left_out_problem(path: &str, class: &str) -> Problem {
    Problem::error(
        path,
        format!("the pattern uses `{class}`: postcheck leaves out the Unicode age and text segmentation classes"),
    )
    .fix("list the characters you mean in a class instead, e.g. `[\\x{2600}-\\x{26FF}]`, or use a general category such as `\\p{L}`")
}

/// The literals one of which every match of the pattern starts with, if there
/// are few and each is at least three bytes long (shorter ones are everywhere);
/// `None` otherwise. `\bACME-\d+` gives `ACME-`; `(?i)ok` gives nothing.
fn required_prefixes(hir: &Hir) -> Option<Vec<Vec<u8>>> {
    let seq = Extractor::new()
        .kind(ExtractKind::Prefix)
        .limit_class(8)
        .limit_repeat(4)
        .limit_literal_len(16)
        .limit_total(MAX_PREFIXES)
        .extract(hir);
    let literals = seq.literals()?;
    if literals.is_empty()
        || literals.len() > MAX_PREFIXES
        || literals.iter().any(|l| l.as_bytes().len() < 3)
    {
        return None;
    }
    Some(literals.iter().map(|l| l.as_bytes().to_vec()).collect())
}

/// The names of the pattern's capturing groups by number, as the regex crate
/// numbers them (`Regex::capture_names`): index 0 is the whole match.
fn group_names(hir: &Hir) -> Vec<Option<String>> {
    fn walk(hir: &Hir, names: &mut Vec<Option<String>>) {
        match hir.kind() {
            HirKind::Capture(c) => {
                let i = c.index as usize;
                if names.len() <= i {
                    names.resize(i + 1, None);
                }
                if let Some(slot) = names.get_mut(i) {
                    *slot = c.name.as_deref().map(str::to_string);
                }
                walk(&c.sub, names);
            }
            HirKind::Repetition(r) => walk(&r.sub, names),
            HirKind::Concat(subs) | HirKind::Alternation(subs) => {
                subs.iter().for_each(|h| walk(h, names));
            }
            HirKind::Empty | HirKind::Literal(_) | HirKind::Class(_) | HirKind::Look(_) => {}
        }
    }
    let mut names = vec![None];
    walk(hir, &mut names);
    names
}

fn budget_problem(path: &str) -> Problem {
    Problem::error(
        path,
        format!(
            "the pack's patterns are too large together: with this one, compiled, they exceed {} MiB",
            MAX_PATTERN_BUDGET / 1_048_576
        ),
    )
    .fix("use fewer or smaller patterns: `\\w`, `\\d` and `\\b` cover every script, `[A-Za-z0-9_]` or `(?-u:\\w)` is far smaller; word lists belong in `terms`")
}

/// Compiles a pattern under the smallest size tier it fits; returns it with the
/// bytes to charge. A pattern too large for every tier costs the largest; one that
/// does not compile for another reason costs nothing.
fn compile_charged(
    src: &str,
    case_insensitive: bool,
    path: &str,
) -> (Result<Regex, Problem>, usize) {
    let mut last = Err(Problem::error(path, "the pattern does not compile"));
    for limit in SIZE_TIERS {
        match build(src, case_insensitive, limit) {
            Ok(regex) => return (Ok(regex), limit),
            Err(regex::Error::CompiledTooBig(_)) => {
                last = Err(too_large(path));
            }
            Err(other) => return (Err(not_compiling(path, other)), 0),
        }
    }
    (last, PATTERN_SIZE_LIMIT)
}

fn build(src: &str, case_insensitive: bool, size_limit: usize) -> Result<Regex, regex::Error> {
    RegexBuilder::new(src)
        .case_insensitive(case_insensitive)
        .size_limit(size_limit)
        .dfa_size_limit(PATTERN_SIZE_LIMIT)
        .nest_limit(64)
        .build()
}

fn too_large(path: &str) -> Problem {
    Problem::error(
        path,
        format!(
            "the pattern is too large: compiled, it exceeds {} KiB",
            PATTERN_SIZE_LIMIT / 1024
        ),
    )
    .fix("split it, or put long word lists into a `terms` rule, which has no size limit")
}

fn not_compiling(path: &str, e: regex::Error) -> Problem {
    match e {
        regex::Error::Syntax(msg) => {
            let first = msg.lines().last().unwrap_or_default().trim().to_string();
            let fix = if first.contains("Unicode property") {
                "check the class's name: general categories (`\\p{L}`, `\\p{Lu}`, `\\p{N}`), \
                 scripts (`\\p{Greek}`) and properties such as `\\p{Emoji}` work"
            } else {
                "check the syntax (Rust regex: no look-around, no back-references; escape `\\` as `\\\\` in JSON)"
            };
            Problem::error(path, format!("the pattern does not compile: {first}")).fix(fix)
        }
        other => Problem::error(path, format!("the pattern does not compile: {other}")),
    }
}

/// The matches of the table's patterns in one draft, each found when first asked for.
#[derive(Debug)]
pub struct RegexMatches<'a> {
    table: &'a RegexTable,
    text: &'a str,
    /// The patterns that can be asked for, sorted; `None`: every pattern of the table.
    only: Option<&'a [RegexId]>,
    /// The matches of each pattern that can be asked for (by id, or by place in `only`).
    found: Vec<OnceCell<Vec<Range<usize>>>>,
    /// Which of them have one of their prefixes in the text (one pass, when first needed).
    possible: OnceCell<Vec<bool>>,
}

impl<'a> RegexMatches<'a> {
    /// Matches of `table` in `text`; nothing is searched yet.
    pub fn new(table: &'a RegexTable, text: &'a str) -> RegexMatches<'a> {
        RegexMatches {
            table,
            text,
            only: None,
            found: (0..table.len()).map(|_| OnceCell::new()).collect(),
            possible: OnceCell::new(),
        }
    }

    /// Matches of only the patterns `ids` (sorted, as [`RegexTable::take_handed_out`]
    /// gives them) in `text`: for checking one rule, with work that grows
    /// with the rule's patterns, not the pack's. Other patterns have no matches.
    pub fn only(table: &'a RegexTable, ids: &'a [RegexId], text: &'a str) -> RegexMatches<'a> {
        RegexMatches {
            table,
            text,
            only: Some(ids),
            found: ids.iter().map(|_| OnceCell::new()).collect(),
            possible: OnceCell::new(),
        }
    }

    /// The place of a pattern in `found` and `possible`, if it can be asked for.
    fn slot(&self, id: RegexId) -> Option<usize> {
        match self.only {
            None => Some(id.0),
            Some(ids) => ids.binary_search(&id).ok(),
        }
    }

    /// Whether a pattern can match: it has no prefixes, or one of them is in the text.
    pub fn may_match(&self, id: RegexId) -> bool {
        let (
            Some(anchors),
            Some(TablePattern {
                prefixes: Some(_), ..
            }),
            Some(slot),
        ) = (
            &self.table.anchors,
            self.table.patterns.get(id.0),
            self.slot(id),
        )
        else {
            return true;
        };
        let possible = self.possible.get_or_init(|| {
            let mut possible = vec![false; self.found.len()];
            for m in anchors.automaton.find_overlapping_iter(self.text) {
                // The patterns a prefix starts, by id, ascending.
                let owners = anchors
                    .owners
                    .get(m.pattern().as_usize())
                    .map_or(&[][..], Vec::as_slice);
                match self.only {
                    None => {
                        for &p in owners {
                            if let Some(slot) = possible.get_mut(p) {
                                *slot = true;
                            }
                        }
                    }
                    // Thousands of patterns may share a prefix: look up the few asked for.
                    Some(ids) => {
                        for (slot, id) in possible.iter_mut().zip(ids) {
                            if owners.binary_search(&id.0).is_ok() {
                                *slot = true;
                            }
                        }
                    }
                }
            }
            possible
        });
        possible.get(slot).copied().unwrap_or(true)
    }

    /// The compiled regex of a pattern (see [`RegexTable::get`]).
    pub fn regex(&self, id: RegexId) -> Option<&'a Regex> {
        self.table.get(id)
    }

    /// The non-empty matches of one pattern, by position.
    pub fn of(&self, id: RegexId) -> &[Range<usize>] {
        let Some(cell) = self.slot(id).and_then(|slot| self.found.get(slot)) else {
            return &[];
        };
        cell.get_or_init(|| {
            // Asked first: a deferred pattern that cannot match is never compiled.
            if !self.may_match(id) {
                return Vec::new();
            }
            self.table.get(id).map_or_else(Vec::new, |re| {
                re.find_iter(self.text)
                    .map(|m| m.range())
                    .filter(|r| !r.is_empty())
                    .collect()
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The class [`parse`] refuses `pattern` for, if any.
    fn left_out(pattern: &str) -> Option<String> {
        match parse(pattern, false) {
            Err(Unreadable::LeftOut(class)) => Some(class),
            _ => None,
        }
    }

    #[test]
    fn groups_of_other_pattern_languages_are_named_with_a_fix() {
        for (pattern, says, fix) in [
            (
                "(?>a+)b",
                "an atomic group `(?>...)` is not part",
                "`(?:...)`",
            ),
            ("x(?>y|z)", "atomic group", "never backtrack"),
            ("(?|(a)|(b))", "branch reset group", "`(?:...)`"),
            ("a(?#note)b", "comment group", "`(?x)`"),
            ("(a)(?1)", "recursion", "write the repeated part out"),
            ("(?<n>a)(?P>n)", "recursion", "write the repeated part out"),
            (
                "(?<n>a)(?P=n)",
                "back-references",
                "write the repeated part out",
            ),
            ("(?<n>a)(?&n)", "recursion", "write the repeated part out"),
        ] {
            let Err(p) = RegexTable::default().add(pattern, false, "$.p") else {
                panic!("{pattern} is refused");
            };
            assert!(
                p.message.contains(says) && p.fix.as_deref().is_some_and(|f| f.contains(fix)),
                "{pattern}: {p:?}"
            );
            assert!(!p.message.contains("flag"), "{pattern}: {}", p.message);
        }
        // Possessive quantifiers parse as a repetition repeated: a warning.
        for (pattern, quantifier) in [
            ("a++b", "a++"),
            (r"x(\d*+)", r"\d*+"),
            ("(?:ab){2}+c", "(?:ab){2}+"),
        ] {
            let mut table = RegexTable::default();
            assert!(table.add(pattern, false, "$.p").is_ok(), "{pattern}");
            let warnings = table.take_warnings();
            assert_eq!(warnings.len(), 1, "{pattern}");
            assert!(
                warnings[0]
                    .message
                    .starts_with(&format!("`{quantifier}` repeats a repetition"))
                    && warnings[0]
                        .fix
                        .as_deref()
                        .is_some_and(|f| f.contains("`a+`")),
                "{pattern}: {:?}",
                warnings[0]
            );
            assert!(table.take_warnings().is_empty());
        }
        let mut table = RegexTable::default();
        assert!(table.add(r"a+b*(c+)?", false, "$.p").is_ok());
        assert!(table.take_warnings().is_empty(), "no repetition repeated");
        // A flag that does not exist is still called one.
        let Err(p) = RegexTable::default().add("(?z)a", false, "$.p") else {
            panic!("(?z) is refused");
        };
        assert!(p.message.contains("unrecognized flag"), "{}", p.message);
    }

    #[test]
    fn matches_of_some_patterns_search_only_those() {
        let mut table = RegexTable::default();
        let a = table.add(r"ACME-\d+", false, "$.a");
        let b = table.add(r"ACME-[A-Z]+", false, "$.b");
        let again = table.add(r"ACME-\d+", false, "$.c");
        let (Ok(a), Ok(b), Ok(again)) = (a, b, again) else {
            panic!("the patterns compile");
        };
        assert_eq!(a, again, "one pattern, one id");
        assert_eq!(table.take_handed_out(), [a, b]);
        assert!(table.take_handed_out().is_empty());
        let table = table.build();
        let text = "ACME-12 ACME-XY";
        let only = [b];
        let some = RegexMatches::only(&table, &only, text);
        assert_eq!(some.found.len(), 1, "one pattern asked for, one kept");
        assert_eq!(some.of(b), std::slice::from_ref(&(8..15)));
        assert!(some.may_match(b));
        assert!(some.of(a).is_empty(), "not asked for");
        let all = RegexMatches::new(&table, text);
        assert_eq!(all.of(a), std::slice::from_ref(&(0..7)));
        assert_eq!(all.of(b), some.of(b));
        // A prefix that is not in the text: the pattern cannot match.
        let none = RegexMatches::only(&table, &only, "nothing here");
        assert!(!none.may_match(b) && none.of(b).is_empty());
    }

    #[test]
    fn refuses_the_unicode_classes_left_out_of_the_build_by_name() {
        for (pattern, class) in [
            (r"\p{Age=6.0}", r"\p{Age=6.0}"),
            (r"x[a\P{wb=ALetter}]+", r"\P{wb=ALetter}"),
            (
                r"(\p{ Sentence-Break : Upper })",
                r"\p{ Sentence-Break : Upper }",
            ),
            (r"[[a-z]&&\p{GCB!=Extend}]", r"\p{GCB!=Extend}"),
        ] {
            assert_eq!(left_out(pattern).as_deref(), Some(class), "{pattern}");
            let Err(problem) = RegexTable::default().add(pattern, false, "$.p") else {
                panic!("{pattern} is refused");
            };
            assert!(problem.message.contains(class), "{}", problem.message);
        }
        // Classes that are in the build, and patterns that do not parse.
        for pattern in [
            r"\p{Greek}\p{Lu}\w",
            r"\p{Emoji}",
            r"\p{gc=Lu}",
            r"\p{Script=Latin}",
            r"\p{Age",
        ] {
            assert_eq!(left_out(pattern), None, "{pattern}");
        }
        assert!(
            RegexTable::default()
                .add(r"\p{Script=Latin}\p{Emoji}", false, "$.p")
                .is_ok()
        );
    }

    #[test]
    fn compiles_a_pattern_once_and_finds_its_matches_once() {
        let mut table = RegexTable::default();
        let a = table.add(r"\d+ ?%", false, "$.rules[0].a.pattern");
        let b = table.add(r"\d+ ?%", false, "$.rules[1].a.pattern");
        assert_eq!(a, b);
        assert_eq!(table.len(), 1);
        let other = table.add(r"\d+ ?%", true, "$.rules[2].a.pattern");
        assert_ne!(a, other, "case-insensitive is another regex");
        let text = "Up 12 % and 7%";
        let found = RegexMatches::new(&table, text);
        let Ok(a) = a else { panic!("compiles") };
        let spans: Vec<&str> = found
            .of(a)
            .iter()
            .filter_map(|r| text.get(r.clone()))
            .collect();
        assert_eq!(spans, ["12 %", "7%"]);
    }

    #[test]
    fn knows_the_prefixes_every_match_starts_with() {
        let prefixes = |src: &str, ci: bool| {
            required_prefixes(&parse(src, ci).ok()?).map(|l| {
                let mut l: Vec<String> = l
                    .iter()
                    .map(|b| String::from_utf8_lossy(b).into())
                    .collect();
                l.sort();
                l
            })
        };
        assert_eq!(
            prefixes(r"\bACME-\d{4}\b", false),
            Some(vec!["ACME-".into()])
        );
        assert_eq!(
            prefixes(r"\b(?:Projekt|project) (?<name>\w+)", false),
            Some(vec!["Projekt ".into(), "project ".into()])
        );
        assert!(prefixes(r"(?i)\bticket\s+\d+", false).is_some_and(|l| l.len() > 1));
        assert!(
            prefixes("ticket", true)
                .is_some_and(|l| l.contains(&"TICKE".into()) && l.contains(&"ticke".into()))
        );
        // No short list: digits first, one letter, anything at all.
        assert_eq!(prefixes(r"\d+ ?%", false), None);
        assert_eq!(prefixes(r"(?i)ok", false), None);
        assert_eq!(prefixes(r"x*", false), None);
    }

    #[test]
    fn a_deferred_table_compiles_a_pattern_when_first_used_and_finds_the_same() {
        let mut eager = RegexTable::default();
        let mut deferred = RegexTable::deferred();
        let src = r"(?i)\bticket\s+(?<id>[A-Z]+-\d+)";
        let (Ok(a), Ok(b)) = (
            eager.add(src, false, "$.p"),
            deferred.add(src, false, "$.p"),
        ) else {
            panic!("both add the pattern");
        };
        assert!(eager.patterns.iter().all(|p| p.regex.get().is_some()));
        assert!(
            deferred.patterns.iter().all(|p| p.regex.get().is_none()),
            "not compiled yet"
        );
        assert_eq!(eager.groups(a), deferred.groups(b));
        assert_eq!(deferred.groups(b), [None, Some("id".to_string())]);
        let (eager, deferred) = (eager.build(), deferred.build());
        // A draft without the pattern's prefix ("ticket") does not compile it.
        assert!(RegexMatches::new(&deferred, "ABC-12 done").of(b).is_empty());
        assert!(
            deferred.patterns.iter().all(|p| p.regex.get().is_none()),
            "not compiled for a draft it cannot match"
        );
        let text = "Ticket ABC-12 done, TICKET xyz-1 too";
        assert_eq!(
            RegexMatches::new(&eager, text).of(a),
            RegexMatches::new(&deferred, text).of(b)
        );
        assert!(
            deferred.patterns.iter().all(|p| p.regex.get().is_some()),
            "compiled once used"
        );
        // A syntax error is still found when the pattern is added.
        let mut deferred = RegexTable::deferred();
        assert!(
            deferred
                .add("(unclosed", false, "$.rules[0].pattern")
                .is_err_and(
                    |p| p.message.contains("does not compile") && p.path == "$.rules[0].pattern"
                )
        );
    }

    #[test]
    fn group_names_are_numbered_as_the_regex_crate_numbers_them() {
        for src in [
            r"plain",
            r"(a)(?<two>b)(?:c)((d)(?<five>e))",
            r"(?<x>a|(?<y>b)+)|c*(d)",
            r"(?i)\bticket\s+(?<id>ACME-\d{4,6})\b",
        ] {
            let hir = parse(src, false).expect("parses");
            let regex = build(src, false, PATTERN_SIZE_LIMIT).expect("compiles");
            let expected: Vec<Option<String>> = regex
                .capture_names()
                .map(|n| n.map(str::to_string))
                .collect();
            assert_eq!(group_names(&hir), expected, "{src}");
        }
    }

    #[test]
    fn skipping_patterns_never_changes_what_is_found() {
        let patterns = [
            (r"\bACME-\d{4}\b", false),
            (r"(?i)\bticket\s+(?<id>[A-Z]+-\d+)", false),
            ("projekt orion", true),
            (r"\d+(?:[.,]\d+)?\s?(?:Mio|%)", false),
            (r"(?:Kunde|client|cliente)\s+\p{Lu}\w+", false),
            (r"Zürich|Genève", false),
        ];
        let mut table = RegexTable::default();
        let ids: Vec<RegexId> = patterns
            .iter()
            .filter_map(|(src, ci)| table.add(src, *ci, "$.p").ok())
            .collect();
        assert_eq!(ids.len(), patterns.len());
        let table = table.build();
        let drafts = [
            "",
            "ACME-1234 und ACME-12345",
            "Ticket ABC-12 is done; TICKET xyz-1 too",
            "PROJEKT ORION startet in Zürich, +12,5 % Umsatz",
            "Unser Kunde Müller und le client Genève",
            "nothing here at all, just text 👋🏽 with emoji",
            "ACME-123 ticket- Projekt Orio",
        ];
        for draft in drafts {
            let found = RegexMatches::new(&table, draft);
            for ((src, ci), id) in patterns.iter().zip(&ids) {
                let direct: Vec<Range<usize>> = build(src, *ci, PATTERN_SIZE_LIMIT)
                    .map(|re| {
                        re.find_iter(draft)
                            .map(|m| m.range())
                            .filter(|r| !r.is_empty())
                            .collect()
                    })
                    .unwrap_or_default();
                assert_eq!(found.of(*id), direct.as_slice(), "{src} in {draft:?}");
            }
        }
    }

    #[test]
    fn refuses_patterns_that_do_not_compile_or_are_too_large() {
        let mut table = RegexTable::default();
        let bad = table.add("(unclosed", false, "$.rules[0].pattern");
        assert!(bad.is_err_and(
            |p| p.message.contains("does not compile") && p.path == "$.rules[0].pattern"
        ));
        let huge = table.add(r"\w{1000}\w{1000}\w{1000}", false, "$.p");
        assert!(huge.is_err_and(|p| p.message.contains("too large")));
        assert!(
            table.add(r"(a+)+$", false, "$.p").is_ok(),
            "nested quantifiers are fine: regex is linear"
        );
    }

    #[test]
    fn stops_compiling_once_the_budget_is_spent() {
        let mut table = RegexTable::default();
        // Each `\w{40}` is too large for one pattern and costs the whole limit.
        let refused: Vec<Problem> = (0..40)
            .filter_map(|i| table.add(&format!(r"\w{{40}}x{i}"), false, "$.p").err())
            .collect();
        assert!(table.over_budget());
        let budget = refused
            .iter()
            .filter(|p| p.message.contains("too large together"))
            .count();
        assert_eq!(budget, 40 - MAX_PATTERN_BUDGET / PATTERN_SIZE_LIMIT);
        assert!(
            table.add(r"\bok\b", false, "$.p").is_err(),
            "no more patterns"
        );
    }
}
