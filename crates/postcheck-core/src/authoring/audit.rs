//! `postcheck pack audit`: what a pack would do to ordinary posts, before it
//! is published.
//!
//! The pack is run, on the stack it is checked in (the baseline beneath, as
//! the extension does), against the shipped corpus ([`super::corpus`]). The
//! audit lists:
//!
//! - every hint at `consider` or `important` on an ordinary post: a probable
//!   false alarm, with its rule, the post and the passage;
//! - every term that is an everyday word or a place name (the shipped word
//!   lists, [`super::words`]): the `terms` of `terms` rules, the `a` side of
//!   `near` rules and the `if_any` side of `requires` rules, the words that
//!   make a rule fire on their own. Deal words on the `b` side of a `near`
//!   rule, `unless` lists and exceptions are everyday words by design and
//!   are not listed. A hashed term is compared by its hash (with the rule's
//!   salt) and reported without its word: the audit's output may be shared,
//!   and the word is what the hash hides;
//! - rules of the pack that fire on no post of the corpus, ordinary or with
//!   problems: they fire on nothing but their own examples (the corpus has no
//!   attached media, so `context` rules and rules with `with_media` are
//!   expected here);
//! - rules without a `hit` example (a `hashed_terms` rule may go without: an
//!   example would reveal the word).

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::Serialize;
use serde_json::Value;

use super::corpus::{self, Post};
use super::words::{self, WordList};
use crate::context::Context;
use crate::engine::stack::PackStack;
use crate::format::date::Date;
use crate::format::model::{Level, Platform};
use crate::rules::hashed_terms::hash_term;
use crate::text::fold::fold_term;

/// What the audit runs on.
#[derive(Debug, Clone, Default)]
pub struct AuditOptions {
    /// Languages of the corpus to run (`de`, `en`, `fr`, `it`); all when empty.
    pub languages: Vec<String>,
    /// The day checked for (rules with dates); none: every dated rule applies
    /// as on a day without dates (see [`Context::date`]).
    pub date: Option<Date>,
}

/// What the audit found.
#[derive(Debug, Clone, Serialize)]
pub struct Audit {
    /// Id of the pack audited (the top of the stack).
    pub pack: String,
    /// Number of ordinary posts checked.
    pub ordinary_posts: usize,
    /// Number of posts with problems checked.
    pub problem_posts: usize,
    /// Hints at `consider` or `important` on ordinary posts: probable false alarms.
    pub false_alarms: Vec<FalseAlarm>,
    /// Terms that are everyday words or place names.
    pub everyday_terms: Vec<EverydayTerm>,
    /// Rules of the pack that fire on no post of the corpus.
    pub only_on_examples: Vec<String>,
    /// Rules of the pack without a `hit` example.
    pub without_hit_example: Vec<String>,
}

/// A hint on an ordinary post.
#[derive(Debug, Clone, Serialize)]
pub struct FalseAlarm {
    /// The pack (layer) whose rule gave it.
    pub pack: String,
    /// The rule.
    pub rule: String,
    /// Its level.
    pub level: Level,
    /// Where the post is in the corpus: `de-ordinary.txt:12`.
    pub post: String,
    /// The passage flagged.
    pub passage: String,
    /// The passage with some text around it, on one line.
    pub context: String,
}

/// A term that is an everyday word or a place name.
#[derive(Debug, Clone, Serialize)]
pub struct EverydayTerm {
    /// The rule.
    pub rule: String,
    /// Its JSON path in the pack: `rules[3].terms[1]`, `rules[4].hashes[0]`.
    pub path: String,
    /// The term as written; `None` for a hashed term (not revealed).
    pub term: Option<String>,
    /// The lists it is on.
    pub lists: Vec<WordList>,
}

/// Runs the audit of `stack`'s top pack, whose JSON is `pack_json`.
pub fn audit(stack: &PackStack, pack_json: &str, options: &AuditOptions) -> Audit {
    let top = stack.top();
    let pack_id = top.map(|p| p.manifest().id.clone()).unwrap_or_default();
    let posts: Vec<Post> = corpus::posts()
        .into_iter()
        .filter(|p| {
            options.languages.is_empty() || options.languages.iter().any(|l| l.starts_with(p.lang))
        })
        .collect();
    let mut fired: HashSet<String> = HashSet::new();
    let mut false_alarms = Vec::new();
    for post in &posts {
        let ctx = Context {
            platform: Some(Platform::Linkedin),
            locale: post.lang.to_owned(),
            date: options.date,
            ..Context::default()
        };
        let report = stack.check(&post.text, &ctx);
        for hint in &report.hints {
            let pack = hint.pack.clone().unwrap_or_else(|| pack_id.clone());
            if pack == pack_id {
                fired.insert(hint.rule.clone());
            }
            if post.is_ordinary() && hint.level >= Level::Consider {
                false_alarms.push(FalseAlarm {
                    pack,
                    rule: hint.rule.clone(),
                    level: hint.level,
                    post: post.place.clone(),
                    passage: hint.excerpt.clone(),
                    context: around(&post.text, hint.start, hint.end),
                });
            }
        }
    }
    let rules = rule_values(pack_json);
    let only_on_examples = top
        .map(|p| p.info("en").rules)
        .unwrap_or_default()
        .into_iter()
        .map(|r| r.id)
        .filter(|id| !fired.contains(id))
        .collect();
    let without_hit_example = rules
        .iter()
        .filter(|(_, rule)| {
            rule.pointer("/examples/hit")
                .and_then(Value::as_array)
                .is_none_or(Vec::is_empty)
        })
        .filter_map(|(_, rule)| rule.get("id").and_then(Value::as_str).map(str::to_owned))
        .collect();
    Audit {
        pack: pack_id,
        ordinary_posts: posts.iter().filter(|p| p.is_ordinary()).count(),
        problem_posts: posts.iter().filter(|p| !p.is_ordinary()).count(),
        false_alarms,
        everyday_terms: everyday_terms(&rules, &options.languages),
        only_on_examples,
        without_hit_example,
    }
}

/// The rules of a pack's JSON, with their index; none when it does not parse
/// (the pack was loaded from it, so it does).
pub(crate) fn rule_values(pack_json: &str) -> Vec<(usize, Value)> {
    // Only the rules are read into values (the rest is skipped), and they
    // are taken, not copied.
    #[derive(serde::Deserialize)]
    struct Rules {
        rules: Vec<Value>,
    }
    serde_json::from_str::<Rules>(pack_json)
        .map(|r| r.rules)
        .unwrap_or_default()
        .into_iter()
        .enumerate()
        .collect()
}

/// The fields holding the terms that make a rule of `kind` fire on their own.
fn trigger_lists(kind: &str) -> &'static [&'static str] {
    match kind {
        "terms" => &["/terms"],
        "near" => &["/a/terms"],
        "requires" => &["/if_any/terms"],
        _ => &[],
    }
}

/// Terms of `rules` on a word list (everyday words of `languages`, all when
/// empty, and places).
pub(crate) fn everyday_terms(rules: &[(usize, Value)], languages: &[String]) -> Vec<EverydayTerm> {
    let lists = words::folded(languages);
    let mut by_salt: HashMap<String, HashMap<String, Vec<WordList>>> = HashMap::new();
    let mut out = Vec::new();
    for (index, rule) in rules {
        let id = rule.get("id").and_then(Value::as_str).unwrap_or_default();
        let kind = rule.get("kind").and_then(Value::as_str).unwrap_or_default();
        for field in trigger_lists(kind) {
            let Some(terms) = rule.pointer(field).and_then(Value::as_array) else {
                continue;
            };
            for (i, term) in terms.iter().enumerate() {
                let text = term
                    .as_str()
                    .or_else(|| term.get("term").and_then(Value::as_str));
                let Some(text) = text else { continue };
                if let Some(on) = lists.get(&fold_term(text, false)) {
                    out.push(EverydayTerm {
                        rule: id.to_owned(),
                        path: format!("rules[{index}]{}[{i}]", field.replace('/', ".")),
                        term: Some(text.to_owned()),
                        lists: on.clone(),
                    });
                }
            }
        }
        if kind == "hashed_terms" {
            let salt = rule.get("salt").and_then(Value::as_str).unwrap_or_default();
            // Each salt hashes every word of the lists: bound the work.
            if !by_salt.contains_key(salt) && by_salt.len() >= MOST_SALTS {
                continue;
            }
            let hashed = by_salt
                .entry(salt.to_owned())
                .or_insert_with(|| hashed_lists(salt, languages));
            let hashes = rule.get("hashes").and_then(Value::as_array);
            for (i, hash) in hashes.into_iter().flatten().enumerate() {
                let Some(on) = hash
                    .as_str()
                    .and_then(|h| hashed.get(&h.to_ascii_lowercase()))
                else {
                    continue;
                };
                out.push(EverydayTerm {
                    rule: id.to_owned(),
                    path: format!("rules[{index}].hashes[{i}]"),
                    term: None,
                    lists: on.clone(),
                });
            }
        }
    }
    out
}

/// Most salts whose hashes are compared with the word lists (each salt
/// hashes the 1,300 words of the lists again); a pack has one or two.
const MOST_SALTS: usize = 16;

/// The word lists hashed with `salt`: hash to the lists.
fn hashed_lists(salt: &str, languages: &[String]) -> HashMap<String, Vec<WordList>> {
    let wanted = words::folded(languages);
    let mut out: HashMap<String, Vec<WordList>> = HashMap::new();
    for (folded, lists) in wanted {
        out.insert(hash_term(salt, &folded), lists);
    }
    out
}

/// The passage `start..end` of `text` with up to 40 characters either side,
/// on one line.
fn around(text: &str, start: usize, end: usize) -> String {
    let before: String = {
        let head = text.get(..start).unwrap_or_default();
        let mut chars: Vec<char> = head.chars().rev().take(40).collect();
        chars.reverse();
        chars.into_iter().collect()
    };
    let passage = text.get(start..end).unwrap_or_default();
    let after: String = text
        .get(end..)
        .unwrap_or_default()
        .chars()
        .take(40)
        .collect();
    let one_line = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = String::new();
    if before.len() < start {
        out.push('…');
    }
    out.push_str(&one_line(&before));
    if before.ends_with(char::is_whitespace) {
        out.push(' ');
    }
    out.push_str(&one_line(passage));
    if after.starts_with(char::is_whitespace) {
        out.push(' ');
    }
    out.push_str(&one_line(&after));
    if start + passage.len() + after.len() < text.len() {
        out.push('…');
    }
    out
}

/// The audit's counts per rule: (rule, false alarms), most first.
pub fn false_alarms_per_rule(audit: &Audit) -> Vec<(String, usize)> {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for f in &audit.false_alarms {
        *counts.entry(format!("{}/{}", f.pack, f.rule)).or_default() += 1;
    }
    let mut list: Vec<(String, usize)> = counts.into_iter().collect();
    list.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    list
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn around_gives_the_passage_on_one_line_with_some_context() {
        let text = "Hello\nworld, this is a post";
        assert_eq!(around(text, 6, 11), "Hello world, this is a post");
        let long = format!("{}X{}", "a ".repeat(50), "b ".repeat(50));
        let at = long.find('X').unwrap_or(0);
        let shown = around(&long, at, at + 1);
        assert!(shown.starts_with('…') && shown.ends_with('…'), "{shown}");
    }
}
