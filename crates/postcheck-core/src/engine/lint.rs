//! Warnings for a pack's author that look at the whole pack as written (its
//! JSON): placeholders a message would show as written, a term listed by two
//! rules, texts that a regional language gets from its base language, and
//! (with today's date, which only the caller knows: the core has no clock)
//! dates already past. None of them refuses a pack.

use std::collections::{HashMap, HashSet};

use serde_json::Value;

use crate::format::date::Date;
use crate::format::problem::Problem;
use crate::rules::validate::term_text;
use crate::text::fold::fold_term;

/// The placeholders every rule's message may use.
const EVERY_RULE_PLACEHOLDERS: [&str; 1] = ["match"];

/// The placeholders a `metric` rule's message may use besides `{match}`.
const METRIC_PLACEHOLDERS: [&str; 3] = ["count", "max", "excess"];

/// Most warnings of one kind in one pack: a pack with thousands of them needs
/// the first few to see the pattern, not all of them.
const MOST_WARNINGS: usize = 50;

/// The placeholders of `text`: the names between `{` and `}` made of letters,
/// digits, `_` and `-` (`{match}`, `{treffer}`), each once, in order.
fn placeholders(text: &str) -> Vec<&str> {
    let mut found: Vec<&str> = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        rest = rest.get(open + 1..).unwrap_or_default();
        let Some(close) = rest.find('}') else { break };
        let name = rest.get(..close).unwrap_or_default();
        let is_name = !name.is_empty()
            && name.len() <= 40
            && name
                .chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '-');
        if is_name && !found.contains(&name) {
            found.push(name);
        }
    }
    found
}

/// The texts of a localised value, by locale (`None` for a plain text).
fn texts_of(value: &Value) -> Vec<(Option<&str>, &str)> {
    match value {
        Value::String(s) => vec![(None, s.as_str())],
        Value::Object(map) => map
            .iter()
            .filter_map(|(locale, v)| Some((Some(locale.as_str()), v.as_str()?)))
            .collect(),
        _ => Vec::new(),
    }
}

/// A warning per rule message with a placeholder that is never filled in
/// (`{treffer}` for `{match}`): the hint would show it as written. A
/// suggestion's placeholders are never filled in.
pub(crate) fn unknown_placeholders(rules: &[Value], problems: &mut Vec<Problem>) {
    let mut count = 0;
    for (i, rule) in rules.iter().enumerate() {
        let id = rule.get("id").and_then(Value::as_str);
        let metric = rule.get("kind").and_then(Value::as_str) == Some("metric");
        let valid: Vec<&str> = EVERY_RULE_PLACEHOLDERS
            .iter()
            .chain(if metric {
                &METRIC_PLACEHOLDERS[..]
            } else {
                &[]
            })
            .copied()
            .collect();
        let listed: Vec<String> = valid.iter().map(|v| format!("{{{v}}}")).collect();
        for field in ["message", "suggestion"] {
            let Some(text) = rule.get(field) else {
                continue;
            };
            for (locale, s) in texts_of(text) {
                let path = match locale {
                    Some(l) => format!("$.rules[{i}].{field}.{l}"),
                    None => format!("$.rules[{i}].{field}"),
                };
                let names = placeholders(s);
                let unknown: Vec<String> = names
                    .iter()
                    .filter(|n| field == "suggestion" || !valid.contains(n))
                    .map(|n| format!("{{{n}}}"))
                    .collect();
                if unknown.is_empty() || count >= MOST_WARNINGS {
                    continue;
                }
                count += 1;
                let (message, fix) = if field == "suggestion" {
                    (
                        format!(
                            "{} in a suggestion is shown as written: only a message's placeholders are filled in",
                            unknown.join(", ")
                        ),
                        "write the suggestion without placeholders, or move the placeholder into the message".to_string(),
                    )
                } else {
                    (
                        format!(
                            "{} is not a placeholder: the hint would show it as written",
                            unknown.join(", ")
                        ),
                        format!(
                            "use {} (the passage found{}), or write the text without braces",
                            listed.join(", "),
                            if metric {
                                "; the number measured, the most allowed, how many too many"
                            } else {
                                ""
                            }
                        ),
                    )
                };
                problems.push(Problem::warning(path, message).fix(fix).in_rule(id));
            }
        }
    }
}

/// A warning per term of a `terms` rule that an earlier `terms` rule lists
/// too (compared as they match: folded, whatever the case): a draft with it
/// gets two hints, and a change to one list misses the other.
pub(crate) fn duplicate_terms(rules: &[Value], problems: &mut Vec<Problem>) {
    let mut first: HashMap<String, (usize, usize)> = HashMap::new();
    let mut count = 0;
    for (i, rule) in rules.iter().enumerate() {
        if rule.get("kind").and_then(Value::as_str) != Some("terms") {
            continue;
        }
        let Some(terms) = rule.get("terms").and_then(Value::as_array) else {
            continue;
        };
        let mut own: HashSet<String> = HashSet::new();
        for (k, term) in terms.iter().enumerate() {
            let Some(text) = term_text(term) else {
                continue;
            };
            let folded = fold_term(text, false);
            if folded.trim().is_empty() || own.contains(&folded) {
                continue;
            }
            own.insert(folded.clone());
            match first.get(&folded) {
                Some(&(j, m)) if j != i && count < MOST_WARNINGS => {
                    count += 1;
                    let other = rules
                        .get(j)
                        .and_then(|r| r.get("id"))
                        .and_then(Value::as_str)
                        .unwrap_or_default();
                    problems.push(
                        Problem::warning(
                            format!("$.rules[{i}].terms[{k}]"),
                            format!(
                                "the term \"{text}\" is also in rule \"{other}\" ($.rules[{j}].terms[{m}]): a draft with it gets a hint from each"
                            ),
                        )
                        .fix("keep the term in one rule")
                        .in_rule(rule.get("id").and_then(Value::as_str)),
                    );
                }
                Some(_) => {}
                None => {
                    first.insert(folded.clone(), (i, k));
                }
            }
        }
    }
}

/// Most terms of a rule, and words of an example, compared to find the
/// nearest miss: enough for the lists people test, bounded work for others.
const NEAREST_TERMS: usize = 200;
const NEAREST_WORDS: usize = 200;

/// Most failing `hit` examples of a pack that get a nearest miss.
pub(crate) const NEAREST_EXAMPLES: usize = 20;

/// The edit distance of `a` and `b` (in characters).
fn edit_distance(a: &[char], b: &[char]) -> usize {
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut diagonal = row.first().copied().unwrap_or(0);
        if let Some(first) = row.first_mut() {
            *first = i + 1;
        }
        for (j, cb) in b.iter().enumerate() {
            let above = row.get(j + 1).copied().unwrap_or(0);
            let left = row.get(j).copied().unwrap_or(0);
            let here = (diagonal + usize::from(ca != cb))
                .min(above + 1)
                .min(left + 1);
            diagonal = above;
            if let Some(cell) = row.get_mut(j + 1) {
                *cell = here;
            }
        }
    }
    row.last().copied().unwrap_or(0)
}

/// For a `hit` example in which `rule` (as written) found nothing: the term of
/// its word lists closest to a passage of the example (a typo, another
/// spelling, a hyphen), as `the closest term is "Orion": the example has
/// "Orlon" at 1:5`; `None` when no term is close.
pub(crate) fn nearest_term(rule: &Value, text: &str) -> Option<String> {
    let kind = rule.get("kind").and_then(Value::as_str);
    let words: Vec<(usize, usize)> = word_spans(text).take(NEAREST_WORDS).collect();
    let mut best: Option<(usize, &str, std::ops::Range<usize>)> = None;
    let lists = crate::rules::RuleKind::word_lists(kind, rule);
    let terms = lists
        .iter()
        .filter(|l| {
            l.searched
                && l.written
                && (l.place.ends_with(".terms") || l.place.ends_with(".instead_of"))
                && !l.place.contains("unless")
        })
        .flat_map(|l| l.words.iter().filter_map(term_text))
        .take(NEAREST_TERMS);
    for term in terms {
        let folded: Vec<char> = fold_term(term, false).chars().collect();
        let count = word_spans(&fold_term(term, false)).count().max(1);
        if folded.is_empty() || folded.len() > 40 {
            continue;
        }
        let most = (folded.len() / 3).max(1);
        for window in words.windows(count) {
            let (Some(first), Some(last)) = (window.first(), window.last()) else {
                continue;
            };
            let span = first.0..last.1;
            let passage = text.get(span.clone()).unwrap_or_default();
            // Lengths further apart than the distance allowed: not close.
            if passage.chars().count().abs_diff(folded.len()) > most + 2 {
                continue;
            }
            let passage: Vec<char> = fold_term(passage, false).chars().collect();
            let distance = edit_distance(&passage, &folded);
            let close = distance <= most;
            if close && best.as_ref().is_none_or(|b| distance < b.0) {
                best = Some((distance, term, span));
            }
        }
    }
    let (_, term, span) = best?;
    let before = text.get(..span.start).unwrap_or_default();
    let line = before.matches('\n').count() + 1;
    let column = before
        .rsplit('\n')
        .next()
        .unwrap_or_default()
        .chars()
        .count()
        + 1;
    let found = text.get(span).unwrap_or_default();
    Some(format!(
        "the closest term is \"{term}\": the example has \"{found}\" at {line}:{column}"
    ))
}

/// The byte spans of the words of `text` (runs of letters and digits, with
/// `'` inside a word; a hyphen separates words, so that `Blue-Falcon` is
/// near `Blue Falcon`).
fn word_spans(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut spans = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in text.char_indices() {
        let inside = c.is_alphanumeric() || (start.is_some() && c == '\'');
        match (inside, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                spans.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        spans.push((s, text.len()));
    }
    spans.into_iter()
}

/// The language of a regional locale (`de` for `de-CH`), `None` for a locale
/// without a region or script.
fn base_language(locale: &str) -> Option<&str> {
    let (base, _) = locale.split_once(['-', '_'])?;
    Some(base)
}

/// Counts the texts given per locale (objects with a key `base`) that have
/// `base` but not `regional`, anywhere in `value`.
fn texts_served_by_base(value: &Value, base: &str, regional: &str) -> usize {
    match value {
        Value::Object(map) => {
            let here = usize::from(
                map.get(base).is_some_and(Value::is_string) && !map.contains_key(regional),
            );
            here + map
                .values()
                .map(|v| texts_served_by_base(v, base, regional))
                .sum::<usize>()
        }
        Value::Array(items) => items
            .iter()
            .map(|v| texts_served_by_base(v, base, regional))
            .sum(),
        _ => 0,
    }
}

/// One warning per regional language of the pack (`de-CH`) whose texts are
/// written in its base language (`de`): its readers get those texts, so no
/// text lacks it, but the author may have meant to list the base language.
/// `manifest` is the pack without its rules.
pub(crate) fn regional_languages(
    manifest: &Value,
    rules: &[Value],
    languages: &[String],
    problems: &mut Vec<Problem>,
) {
    for (i, lang) in languages.iter().enumerate() {
        let Some(base) = base_language(lang) else {
            continue;
        };
        if languages.iter().any(|l| l == base) {
            continue;
        }
        let served = texts_served_by_base(manifest, base, lang)
            + rules
                .iter()
                .map(|r| texts_served_by_base(r, base, lang))
                .sum::<usize>();
        if served == 0 {
            continue;
        }
        problems.push(
            Problem::warning(
                format!("$.languages[{i}]"),
                format!(
                    "{served} text{} written in \"{base}\" but not in \"{lang}\": readers of \"{lang}\" get the \"{base}\" text{}",
                    if served == 1 { " is" } else { "s are" },
                    if served == 1 { "" } else { "s" },
                ),
            )
            .fix(format!(
                "list \"{base}\" in `languages` if the texts are the same for every reader of {base}; keep \"{lang}\" and write \"{lang}\" texts only where they differ (e.g. ss for ß)"
            )),
        );
    }
}

/// A warning for each date of `pack` (its JSON) already past on `today`: a
/// rule's `valid_until` (it no longer fires), a `public_from` (the embargo has
/// ended: the rule or term no longer fires) and the pack's `expires`.
pub fn past_dates(pack: &Value, today: Date, problems: &mut Vec<Problem>) {
    let mut found = Vec::new();
    dates_in(pack, "$", &mut found);
    for (path, key, date) in found {
        // A rule fires until the end of its `valid_until` and the pack is
        // current on its `expires` day; an embargo is over on its `public_from` day.
        let past = if key == "public_from" {
            date <= today
        } else {
            date < today
        };
        if !past || problems.len() >= 10_000 {
            continue;
        }
        let (message, fix) = match key {
            "valid_until" => (
                format!("the rule ended on {date}: it no longer fires"),
                "remove the rule, or move `valid_until` to a later day",
            ),
            "public_from" => (
                format!(
                    "the embargo ended on {date}: what it protects is public, so this no longer fires"
                ),
                "remove it once it is public, or move `public_from` to the new day",
            ),
            _ => (
                format!(
                    "the pack expired on {date}: it still checks, but the extension and the CLI tell its readers to update it"
                ),
                "publish a new version with a later `expires`",
            ),
        };
        problems.push(Problem::warning(path, message).fix(fix));
    }
}

/// Every `valid_until`, `public_from` and `expires` that is a date, anywhere in
/// `value` at `path`.
fn dates_in(value: &Value, path: &str, out: &mut Vec<(String, &'static str, Date)>) {
    match value {
        Value::Object(map) => {
            for (key, v) in map {
                let here = format!("{path}.{key}");
                let known = ["valid_until", "public_from", "expires"]
                    .into_iter()
                    .find(|k| k == key);
                match (known, v.as_str().and_then(Date::parse)) {
                    (Some(k), Some(date)) => out.push((here, k, date)),
                    _ => dates_in(v, &here, out),
                }
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                dates_in(v, &format!("{path}[{i}]"), out);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_hit_that_finds_nothing_names_the_closest_term() {
        let rule =
            json!({"kind": "terms", "terms": ["Orion", "Blue Falcon"], "exceptions": ["Orlon"]});
        assert_eq!(
            nearest_term(&rule, "Wir zeigen\nOrlon heute").as_deref(),
            Some("the closest term is \"Orion\": the example has \"Orlon\" at 2:1")
        );
        assert_eq!(
            nearest_term(&rule, "the Blue-Falcon lands").as_deref(),
            Some("the closest term is \"Blue Falcon\": the example has \"Blue-Falcon\" at 1:5")
        );
        assert_eq!(nearest_term(&rule, "nothing like it"), None);
        assert_eq!(edit_distance(&['a', 'b'], &['a', 'c', 'b']), 1);
    }

    #[test]
    fn placeholders_are_names_in_braces() {
        assert_eq!(
            placeholders("{match} and {treffer}, {match} again"),
            ["match", "treffer"]
        );
        assert!(placeholders("{ not one } {} {\"json\": 1}").is_empty());
    }

    #[test]
    fn a_misspelt_placeholder_is_a_warning_listing_the_valid_ones() {
        let rules = [
            json!({"id": "a", "kind": "terms", "message": {"de": "Treffer: {treffer}", "en": "{match}"}}),
            json!({"id": "m", "kind": "metric", "message": "{count} of {max}, {excess} too many", "suggestion": "drop {excess}"}),
            json!({"id": "b", "kind": "pattern", "message": "{count}"}),
        ];
        let mut problems = Vec::new();
        unknown_placeholders(&rules, &mut problems);
        let found: Vec<(&str, &str)> = problems
            .iter()
            .map(|p| (p.path.as_str(), p.message.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                (
                    "$.rules[0].message.de",
                    "{treffer} is not a placeholder: the hint would show it as written"
                ),
                (
                    "$.rules[1].suggestion",
                    "{excess} in a suggestion is shown as written: only a message's placeholders are filled in"
                ),
                (
                    "$.rules[2].message",
                    "{count} is not a placeholder: the hint would show it as written"
                ),
            ]
        );
        assert!(problems.iter().all(|p| !p.is_error()));
        assert_eq!(problems[0].rule.as_deref(), Some("a"));
        assert!(
            problems[0]
                .fix
                .as_deref()
                .is_some_and(|f| f.starts_with("use {match} (the passage found)"))
        );
    }

    #[test]
    fn a_term_of_two_rules_is_a_warning_at_the_second() {
        let rules = [
            json!({"id": "a", "kind": "terms", "terms": ["Orion", "Vega", "vega"]}),
            json!({"id": "n", "kind": "near", "a": {"terms": ["Orion"]}}),
            json!({"id": "b", "kind": "terms", "terms": ["ORION", {"term": "Lyra"}, "Vega"]}),
            json!({"id": "c", "kind": "terms", "terms": ["Lyra"]}),
        ];
        let mut problems = Vec::new();
        duplicate_terms(&rules, &mut problems);
        let found: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(
            found,
            [
                "$.rules[2].terms[0]",
                "$.rules[2].terms[2]",
                "$.rules[3].terms[0]"
            ]
        );
        assert_eq!(
            problems[0].message,
            "the term \"ORION\" is also in rule \"a\" ($.rules[0].terms[0]): a draft with it gets a hint from each"
        );
    }

    #[test]
    fn a_regional_language_written_in_its_base_gets_one_warning() {
        let manifest =
            json!({"name": {"de": "N", "fr": "N"}, "description": {"de": "D", "fr": "D"}});
        let rules: Vec<Value> = (0..40)
            .map(|i| json!({"id": format!("r{i}"), "message": {"de": "m", "fr": "m"}}))
            .collect();
        let languages = ["de-CH".to_string(), "fr".to_string()];
        let mut problems = Vec::new();
        regional_languages(&manifest, &rules, &languages, &mut problems);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].path, "$.languages[0]");
        assert_eq!(
            problems[0].message,
            "42 texts are written in \"de\" but not in \"de-CH\": readers of \"de-CH\" get the \"de\" texts"
        );
        // Listed with its base, or written in the regional form: nothing to say.
        let mut none = Vec::new();
        let both = ["de".to_string(), "de-CH".to_string()];
        regional_languages(&manifest, &rules, &both, &mut none);
        let regional = json!({"name": {"de-CH": "N"}});
        regional_languages(&regional, &[], &languages, &mut none);
        assert!(none.is_empty(), "{none:?}");
    }

    #[test]
    fn dates_already_past_are_warnings() {
        let pack = json!({"expires": "2026-01-01", "rules": [
            {"id": "a", "valid_until": "2026-03-01", "public_from": "2026-03-02"},
            {"id": "b", "terms": [{"term": "Globex", "public_from": "2025-12-31"}, "x"]}
        ]});
        let mut problems = Vec::new();
        past_dates(
            &pack,
            Date::parse("2026-03-02").unwrap_or_else(|| unreachable!()),
            &mut problems,
        );
        let found: Vec<(&str, &str)> = problems
            .iter()
            .map(|p| (p.path.as_str(), p.message.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                (
                    "$.expires",
                    "the pack expired on 2026-01-01: it still checks, but the extension and the CLI tell its readers to update it"
                ),
                // An embargo is over on its day; a rule fires until the end of its last day.
                (
                    "$.rules[0].public_from",
                    "the embargo ended on 2026-03-02: what it protects is public, so this no longer fires"
                ),
                (
                    "$.rules[0].valid_until",
                    "the rule ended on 2026-03-01: it no longer fires"
                ),
                (
                    "$.rules[1].terms[0].public_from",
                    "the embargo ended on 2025-12-31: what it protects is public, so this no longer fires"
                ),
            ]
        );
    }
}
