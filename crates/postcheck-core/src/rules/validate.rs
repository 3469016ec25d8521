//! Validation of one rule: its common fields against the pack's manifest, the
//! lengths of what its kind adds, the characters and number of its terms.

use serde_json::Value;

use super::{Rule, RuleKind};
use crate::format::characters::{first_hidden, is_bidi_control, is_hidden, is_stray_invisible};
use crate::format::limits::*;
use crate::format::model::{Manifest, RuleCommon};
use crate::format::problem::{Problem, thousands};
use crate::format::validate::{
    check_length, check_text, locale_problem, use_one_of, valid_id, valid_locale,
};

/// The lengths of what a rule's kind adds to its hints: the text to add of a
/// `requires` rule, the replacements of a `substitution` rule.
pub(crate) fn check_kind_lengths(kind: &RuleKind, path: &str, problems: &mut Vec<Problem>) {
    match kind {
        RuleKind::Requires(r) => {
            if let Some(add) = &r.add {
                check_length(add, &format!("{path}.add"), &ADD, problems);
            }
        }
        RuleKind::Substitution(s) => {
            for (i, swap) in s.swap.iter().enumerate() {
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
        _ => {}
    }
}

pub(crate) fn count_terms(rule: &Value) -> usize {
    let len = |v: Option<&Value>| v.and_then(Value::as_array).map_or(0, Vec::len);
    let side = |v: Option<&Value>| len(v.and_then(|s| s.get("terms")));
    len(rule.get("terms"))
        + len(rule.get("hashes"))
        + len(rule.get("exceptions"))
        + rule
            .get("swap")
            .and_then(Value::as_array)
            .map_or(0, |s| s.iter().map(|w| len(w.get("instead_of"))).sum())
        + side(rule.get("a"))
        + side(rule.get("b"))
        + side(rule.get("if_any"))
        + side(rule.get("unless_any"))
}

/// The word lists of a raw rule, each with its path below the rule: the terms
/// and exceptions, the words of a substitution, and the words of each side.
pub(crate) fn term_lists(rule: &Value) -> Vec<(String, &Vec<Value>)> {
    let mut lists = Vec::new();
    for key in ["terms", "exceptions"] {
        if let Some(list) = rule.get(key).and_then(Value::as_array) {
            lists.push((format!(".{key}"), list));
        }
    }
    if let Some(swaps) = rule.get("swap").and_then(Value::as_array) {
        for (i, swap) in swaps.iter().enumerate() {
            for key in ["instead_of", "use"] {
                if let Some(list) = swap.get(key).and_then(Value::as_array) {
                    lists.push((format!(".swap[{i}].{key}"), list));
                }
            }
        }
    }
    for side in ["a", "b", "if_any", "unless_any"] {
        if let Some(list) = rule
            .get(side)
            .and_then(|s| s.get("terms"))
            .and_then(Value::as_array)
        {
            lists.push((format!(".{side}.terms"), list));
        }
    }
    lists
}

/// Terms that are too long, or have characters that make them read differently
/// from what they match: bidirectional controls are refused, other invisible
/// characters get a warning.
/// (A term that is only invisible characters is refused when it is compiled.)
pub(crate) fn check_term_characters(rule: &Value, path: &str, problems: &mut Vec<Problem>) {
    for (place, list) in term_lists(rule) {
        for (i, term) in list.iter().enumerate() {
            let Some(term) = term.as_str() else {
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
    check_kind_lengths(&rule.kind, path, problems);
    if let Some(g) = &c.guideline
        && !m.guidelines.iter().any(|x| &x.id == g)
    {
        problems.push(
            Problem::error(
                format!("{path}.guideline"),
                format!("there is no guideline \"{g}\" in the pack"),
            )
            .fix(if m.guidelines.is_empty() {
                "add it to `guidelines`".to_string()
            } else {
                use_one_of(m.guidelines.iter().map(|g| g.id.as_str()))
            }),
        );
    }
    if let Some(ct) = &c.contact
        && !m.contacts.iter().any(|x| &x.id == ct)
    {
        problems.push(
            Problem::error(
                format!("{path}.contact"),
                format!("there is no contact \"{ct}\" in the pack"),
            )
            .fix(if m.contacts.is_empty() {
                "add it to `contacts`".to_string()
            } else {
                use_one_of(m.contacts.iter().map(|c| c.id.as_str()))
            }),
        );
    }
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
