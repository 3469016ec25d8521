//! Validation of one rule: its common fields against the pack's manifest, the
//! lengths of what its kind adds, the characters and number of its terms.

use serde_json::Value;

use super::{Rule, RuleKind};
use crate::format::characters::{first_hidden, is_bidi_control, is_hidden, is_stray_invisible};
use crate::format::limits::*;
use crate::format::model::{Manifest, RuleCommon};
use crate::format::problem::Problem;
use crate::format::validate::{
    check_languages, check_length, check_text, locale_problem, use_one_of, valid_id, valid_locale,
};

/// A list of words in a rule as written (raw JSON), as a kind declares it in
/// [`Kind::word_lists`](super::Kind::word_lists).
#[derive(Debug, Clone, PartialEq)]
pub struct WordList<'a> {
    /// Where the list is, below the rule: `.terms`, `.swap[0].use`, `.a.terms`.
    pub place: String,
    /// The words (any JSON values: the rule is not read yet).
    pub words: &'a [Value],
    /// Searched for in drafts: counts toward the pack's limit on terms.
    pub searched: bool,
    /// Written out (not hashed): its characters are checked, and when searched
    /// for, its bytes count toward the pack's limit on the size of word lists.
    pub written: bool,
}

impl<'a> WordList<'a> {
    /// The array at `value`, if it is one: words searched for and written out.
    pub fn at(value: Option<&'a Value>, place: String) -> Option<WordList<'a>> {
        Some(WordList {
            place,
            words: value?.as_array()?,
            searched: true,
            written: true,
        })
    }

    /// The array at field `key` of `rule`.
    pub fn field(rule: &'a Value, key: &str) -> Option<WordList<'a>> {
        WordList::at(rule.get(key), format!(".{key}"))
    }

    /// The `terms` of the side at field `key` of `rule`.
    pub fn side(rule: &'a Value, key: &str) -> Option<WordList<'a>> {
        WordList::at(
            rule.get(key).and_then(|side| side.get("terms")),
            format!(".{key}.terms"),
        )
    }

    /// The same list, not searched for (texts offered instead, like replacements).
    pub fn offered(self) -> WordList<'a> {
        WordList {
            searched: false,
            ..self
        }
    }

    /// The same list, not written out (hashes).
    pub fn hashed(self) -> WordList<'a> {
        WordList {
            written: false,
            ..self
        }
    }
}

/// How many terms a raw rule searches for, whatever its kind says (the lists
/// of every kind count: the rule is not read yet).
pub(crate) fn count_terms(rule: &Value) -> usize {
    RuleKind::word_lists(None, rule)
        .iter()
        .filter(|l| l.searched)
        .map(|l| l.words.len())
        .sum()
}

/// How many bytes of words a raw rule searches for, whatever its kind says.
pub(crate) fn term_bytes(rule: &Value) -> usize {
    RuleKind::word_lists(None, rule)
        .iter()
        .filter(|l| l.searched && l.written)
        .flat_map(|l| l.words.iter().filter_map(term_text))
        .map(str::len)
        .sum()
}

/// The text of a term as written: a string, or the `term` of an object
/// (`{"term": "Globex", "public_from": "2027-02-01"}` in `terms` rules).
pub(crate) fn term_text(term: &Value) -> Option<&str> {
    term.as_str()
        .or_else(|| term.get("term").and_then(Value::as_str))
}

/// Terms that are too long, or have characters that make them read differently
/// from what they match: bidirectional controls are refused, other invisible
/// characters get a warning.
/// (A term that is only invisible characters is refused when it is compiled.)
pub(crate) fn check_term_characters(rule: &Value, path: &str, problems: &mut Vec<Problem>) {
    let kind = rule.get("kind").and_then(Value::as_str);
    for list in RuleKind::word_lists(kind, rule) {
        if !list.written {
            continue;
        }
        let place = &list.place;
        for (i, term) in list.words.iter().enumerate() {
            let Some(term) = term_text(term) else {
                continue;
            };
            let chars = term.chars().count();
            // Most terms are fine: fold and name the place only for those that are not.
            if chars <= MAX_TERM_CHARS
                && !term
                    .chars()
                    .any(|c| is_bidi_control(c) || is_stray_invisible(c))
                && first_hidden(term).is_none()
            {
                continue;
            }
            let matches = crate::text::fold::fold_term(term, false);
            let matches = matches.trim();
            if matches.is_empty() {
                continue;
            }
            let at = format!("{path}{place}[{i}]");
            if chars > MAX_TERM_CHARS {
                problems.push(
                    Problem::error(
                        at,
                        format!("the term is {chars} characters long; a term is a word or a phrase of at most {MAX_TERM_CHARS}"),
                    )
                    .fix("shorten it to the words that matter, or use a `pattern` rule"),
                );
            } else if let Some(c) = term.chars().find(|c| is_bidi_control(*c)) {
                problems.push(
                    Problem::error(
                        at,
                        format!(
                            "the term has a bidirectional control character (U+{:04X}), which reorders how it is displayed; postcheck reads it as \"{matches}\"",
                            u32::from(c)
                        ),
                    )
                    .fix("remove it; right-to-left words need no control characters"),
                );
            } else if let Some(c) = first_hidden(term) {
                let shown: String = term.chars().filter(|c| !is_hidden(*c)).collect();
                problems.push(
                    Problem::error(
                        at,
                        format!(
                            "the term has an invisible character (U+{:04X}) that is part of it: it reads \"{shown}\" but never matches \"{shown}\" in a post",
                            u32::from(c)
                        ),
                    )
                    .fix("remove the invisible character (it often comes in with copy and paste)"),
                );
            } else if let Some(c) = term.chars().find(|c| is_stray_invisible(*c)) {
                problems.push(
                    Problem::warning(
                        at,
                        format!(
                            "the term has an invisible character (U+{:04X}), which is ignored: it matches \"{matches}\"",
                            u32::from(c)
                        ),
                    )
                    .fix("remove the invisible character (it often comes in with copy and paste)"),
                );
            }
        }
    }
}

/// A problem when a rule's `field` (`guideline` or `contact`) names an id
/// the pack's list of them (`guidelines`, `contacts`) does not have.
fn check_reference<'a>(
    path: &str,
    field: &str,
    id: Option<&str>,
    ids: impl ExactSizeIterator<Item = &'a str> + Clone,
    problems: &mut Vec<Problem>,
) {
    let Some(id) = id else { return };
    if ids.clone().any(|x| x == id) {
        return;
    }
    let fix = if ids.len() == 0 {
        format!("add it to `{field}s`")
    } else {
        use_one_of(ids)
    };
    problems.push(
        Problem::error(
            format!("{path}.{field}"),
            format!("there is no {field} \"{id}\" in the pack"),
        )
        .fix(fix),
    );
}

pub(crate) fn check_common(
    c: &RuleCommon,
    rule: &Rule,
    m: &Manifest,
    path: &str,
    problems: &mut Vec<Problem>,
) {
    if !valid_id(&c.id) {
        problems.push(
            Problem::error(
                format!("{path}.id"),
                format!("\"{}\" is not a valid rule id", c.id),
            )
            .fix("use lowercase letters, digits, '-' and '.', e.g. \"codename-orion\""),
        );
    }
    check_text(&c.message, &format!("{path}.message"), m, problems);
    check_length(&c.message, &format!("{path}.message"), &MESSAGE, problems);
    if let Some(s) = &c.suggestion {
        check_text(s, &format!("{path}.suggestion"), m, problems);
        check_length(s, &format!("{path}.suggestion"), &SUGGESTION, problems);
    }
    check_languages(
        path,
        &[
            ("message", Some(&c.message)),
            ("suggestion", c.suggestion.as_ref()),
        ],
        m,
        problems,
    );
    rule.kind.check_lengths(path, problems);
    let guidelines = m.guidelines.iter().map(|g| g.id.as_str());
    check_reference(
        path,
        "guideline",
        c.guideline.as_deref(),
        guidelines,
        problems,
    );
    let contacts = m.contacts.iter().map(|c| c.id.as_str());
    check_reference(path, "contact", c.contact.as_deref(), contacts, problems);
    for (i, l) in c.languages.iter().enumerate() {
        if !valid_locale(l) {
            problems.push(locale_problem(
                &format!("{path}.languages[{i}]"),
                l,
                "a language code",
            ));
        }
    }
    if let (Some(from), Some(until)) = (c.public_from, c.valid_until)
        && until < from
    {
        problems.push(
            Problem::warning(
                format!("{path}.valid_until"),
                format!("the rule ends on {until}, before the name becomes public on {from}"),
            )
            .fix("check both dates"),
        );
    }
    if let (Some(from), Some(until)) = (c.valid_from, c.valid_until)
        && until < from
    {
        problems.push(
            Problem::warning(
                format!("{path}.valid_until"),
                format!("the rule ends on {until}, before it starts on {from}: it never applies"),
            )
            .fix("check both dates"),
        );
    }
    if c.examples.hit.is_empty() && !rule.kind.examples_optional() {
        problems.push(
            Problem::warning(format!("{path}.examples"), "the rule has no example that triggers it")
                .fix("add \"examples\": {\"hit\": [\"a text it finds\"], \"miss\": [\"a similar text it leaves alone\"]}"),
        );
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::rules::read::read_rule;

    fn rule(kind_fields: Value) -> Value {
        let mut rule =
            json!({ "id": "r", "category": "confidential", "level": "note", "message": "m" });
        if let (Some(rule), Value::Object(fields)) = (rule.as_object_mut(), kind_fields) {
            rule.extend(fields);
        }
        rule
    }

    fn manifest() -> Manifest {
        serde_json::from_value(json!({
            "schema": "postcheck/pack/v1", "id": "test", "name": "Test", "version": "1",
            "publisher": "Tests", "date": "2026-01-01", "default_locale": "en", "languages": ["en"],
            "guidelines": [{ "id": "g", "title": "G", "text": "T" }]
        }))
        .unwrap_or_else(|e| unreachable!("{e}"))
    }

    /// The problems of `check_common` (which checks the kind's lengths) and
    /// `check_term_characters` for a raw rule, as (path, message).
    fn problems_of(raw: &Value) -> Vec<(String, String)> {
        let mut problems = Vec::new();
        let Some(read) = read_rule(raw, "$.rules[0]", Some("r"), &mut problems) else {
            unreachable!("{problems:?}");
        };
        check_common(
            &read.common,
            &read,
            &manifest(),
            "$.rules[0]",
            &mut problems,
        );
        check_term_characters(raw, "$.rules[0]", &mut problems);
        problems.into_iter().map(|p| (p.path, p.message)).collect()
    }

    fn places(raw: &Value) -> Vec<String> {
        let kind = raw.get("kind").and_then(Value::as_str);
        RuleKind::word_lists(kind, raw)
            .into_iter()
            .map(|l| l.place)
            .collect()
    }

    #[test]
    fn each_kind_names_its_word_lists() {
        let terms = rule(json!({ "kind": "terms", "terms": ["a"], "exceptions": ["b"] }));
        assert_eq!(places(&terms), [".terms", ".exceptions"]);
        let swap = rule(json!({ "kind": "substitution", "swap": [
            { "instead_of": ["a"], "use": ["b"] }, { "instead_of": ["c"], "use": ["d"] }] }));
        assert_eq!(
            places(&swap),
            [
                ".swap[0].instead_of",
                ".swap[0].use",
                ".swap[1].instead_of",
                ".swap[1].use"
            ]
        );
        let requires = rule(json!({ "kind": "requires", "if_any": { "terms": ["a"] },
            "unless_any": { "pattern": "b" } }));
        assert_eq!(places(&requires), [".if_any.terms"]);
        let near =
            rule(json!({ "kind": "near", "a": { "terms": ["a"] }, "b": { "terms": ["b"] } }));
        assert_eq!(places(&near), [".a.terms", ".b.terms"]);
        let pattern = rule(json!({ "kind": "pattern", "pattern": "a" }));
        assert!(places(&pattern).is_empty());
    }

    #[test]
    fn terms_are_counted_in_every_list_that_is_searched() {
        let terms = rule(json!({ "kind": "terms", "terms": ["a", "b", "c"], "exceptions": ["d"] }));
        assert_eq!(count_terms(&terms), 4);
        let hashed = rule(json!({ "kind": "hashed_terms", "salt": "s", "hashes": ["x", "y"] }));
        assert_eq!(count_terms(&hashed), 2);
        // Replacements are offered, not searched for.
        let swap = rule(json!({ "kind": "substitution", "swap": [
            { "instead_of": ["a", "b"], "use": ["c", "d", "e"] }, { "instead_of": ["f"], "use": [] }] }));
        assert_eq!(count_terms(&swap), 3);
        let near =
            rule(json!({ "kind": "near", "a": { "terms": ["a"] }, "b": { "terms": ["b", "c"] } }));
        assert_eq!(count_terms(&near), 3);
        let requires = rule(json!({ "kind": "requires", "if_any": { "terms": ["a"] },
            "unless_any": { "terms": ["b", "c"] } }));
        assert_eq!(count_terms(&requires), 3);
    }

    #[test]
    fn a_rule_not_read_yet_counts_the_lists_of_every_kind() {
        // Before rules are read, their kind is not trusted: a list counts
        // wherever a kind keeps one, each place once.
        let odd = json!({ "kind": "pattern", "terms": ["a", "b"], "hashes": ["h"],
            "a": { "terms": ["c"] }, "unless_any": { "terms": ["d"] },
            "swap": [{ "instead_of": ["e"], "use": ["f"] }] });
        assert_eq!(count_terms(&odd), 6);
        assert_eq!(count_terms(&json!({ "terms": ["a"] })), 1);
        assert_eq!(count_terms(&json!({ "terms": "a", "hashes": 3 })), 0);
        assert_eq!(count_terms(&json!(["a"])), 0);
    }

    #[test]
    fn term_bytes_count_written_words_searched_for() {
        let swap = rule(json!({ "kind": "substitution", "swap": [
            { "instead_of": ["ab", "cde"], "use": ["a very long replacement"] }] }));
        assert_eq!(term_bytes(&swap), 5);
        let hashed = rule(json!({ "kind": "hashed_terms", "salt": "s", "hashes": ["0123456789"] }));
        assert_eq!(term_bytes(&hashed), 0);
        let terms = rule(json!({ "kind": "terms", "terms": ["Zürich", 3], "exceptions": ["x"] }));
        assert_eq!(term_bytes(&terms), "Zürich".len() + 1);
    }

    #[test]
    fn term_characters_are_checked_at_their_place() {
        let long = "x".repeat(MAX_TERM_CHARS + 1);
        let raw = rule(json!({ "kind": "substitution", "swap": [
            { "instead_of": ["ok", long], "use": ["fine", "bad\u{202E}"] }], "examples": { "hit": ["ok"] } }));
        assert_eq!(
            problems_of(&raw),
            [
                (
                    "$.rules[0].swap[0].instead_of[1]".to_string(),
                    format!("the term is {} characters long; a term is a word or a phrase of at most {MAX_TERM_CHARS}", MAX_TERM_CHARS + 1)
                ),
                (
                    "$.rules[0].swap[0].use[1]".to_string(),
                    "the term has a bidirectional control character (U+202E), which reorders how it is displayed; postcheck reads it as \"bad\"".to_string()
                ),
            ]
        );
        let hidden = rule(json!({ "kind": "near", "a": { "terms": ["Ori\u{AD}on"] },
            "b": { "terms": ["x"] }, "examples": { "hit": ["Orion x"] } }));
        assert_eq!(
            problems_of(&hidden),
            [(
                "$.rules[0].a.terms[0]".to_string(),
                "the term has an invisible character (U+00AD), which is ignored: it matches \"orion\"".to_string()
            )]
        );
    }

    #[test]
    fn kinds_check_the_lengths_of_what_they_add() {
        let many: Vec<String> = (0..=MAX_REPLACEMENTS).map(|i| format!("r{i}")).collect();
        let raw = rule(
            json!({ "kind": "substitution", "swap": [{ "instead_of": ["a"], "use": many }],
            "examples": { "hit": ["a"] } }),
        );
        assert_eq!(
            problems_of(&raw),
            [(
                "$.rules[0].swap[0].use".to_string(),
                format!(
                    "the swap has 21 replacements; a swap may offer at most {MAX_REPLACEMENTS}"
                )
            )]
        );
        let add = "#".repeat(ADD.most + 1);
        let raw = rule(json!({ "kind": "requires", "if_any": { "terms": ["a"] },
            "unless_any": { "terms": ["b"] }, "add": { "de": add }, "examples": { "hit": ["a"] } }));
        let problems = problems_of(&raw);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(
            problems.first().map(|p| p.0.as_str()),
            Some("$.rules[0].add.de")
        );
    }

    #[test]
    fn only_hashed_terms_go_without_examples() {
        let missing = (
            "$.rules[0].examples".to_string(),
            "the rule has no example that triggers it".to_string(),
        );
        let terms = rule(json!({ "kind": "terms", "terms": ["a"] }));
        assert_eq!(problems_of(&terms), [missing]);
        let hashed = rule(json!({ "kind": "hashed_terms", "salt": "s",
            "hashes": [crate::rules::hashed_terms::hash_term("s", "a")] }));
        assert_eq!(problems_of(&hashed), []);
    }

    #[test]
    fn references_name_what_the_pack_has() {
        let raw = rule(
            json!({ "kind": "terms", "terms": ["a"], "guideline": "nope",
            "contact": "nobody", "examples": { "hit": ["a"] } }),
        );
        let mut problems = Vec::new();
        let read = read_rule(&raw, "$.rules[0]", Some("r"), &mut problems);
        let Some(read) = read else {
            unreachable!("{problems:?}")
        };
        check_common(
            &read.common,
            &read,
            &manifest(),
            "$.rules[0]",
            &mut problems,
        );
        let found: Vec<(&str, &str, Option<&str>)> = problems
            .iter()
            .map(|p| (p.path.as_str(), p.message.as_str(), p.fix.as_deref()))
            .collect();
        assert_eq!(
            found,
            [
                (
                    "$.rules[0].guideline",
                    "there is no guideline \"nope\" in the pack",
                    Some("use one of: g")
                ),
                (
                    "$.rules[0].contact",
                    "there is no contact \"nobody\" in the pack",
                    Some("add it to `contacts`")
                ),
            ]
        );
    }
}
