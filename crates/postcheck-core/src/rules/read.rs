//! Reading one rule of a pack: its kind, the fields every rule has, the fields
//! of its kind, and no others.

use serde_json::Value;

use super::{KINDS, Rule, RuleKind};
use crate::format::from_value::{fields_of, from_value, serde_problem};
use crate::format::json::kind_of;
use crate::format::model::RuleCommon;
use crate::format::problem::Problem;

/// Reads rule `raw` at `path` (`id` when it has one): `None`, with the
/// problems, when it is not an object, has no known `kind` or a field of the
/// wrong shape. A field neither every rule nor its kind has is an error, but
/// the rule is still read (so that its examples run in the same lint).
pub(crate) fn read_rule(
    raw: &Value,
    path: &str,
    id: Option<&str>,
    problems: &mut Vec<Problem>,
) -> Option<Rule> {
    let Value::Object(obj) = raw else {
        problems.push(
            Problem::error(
                path,
                format!("a rule must be an object, not a {}", kind_of(raw)),
            )
            .fix("write the rule as { \"id\": ..., \"kind\": ..., ... }"),
        );
        return None;
    };
    match obj.get("kind") {
        None => {
            problems.push(
                Problem::error(path, "the rule has no `kind`")
                    .fix(format!("add \"kind\": one of {}", KINDS.join(", ")))
                    .in_rule(id),
            );
            return None;
        }
        Some(k) if !k.is_string() => {
            problems.push(
                Problem::error(
                    format!("{path}.kind"),
                    format!("the `kind` must be a text, not a {}", kind_of(k)),
                )
                .fix(format!("use one of: {}", KINDS.join(", ")))
                .in_rule(id),
            );
            return None;
        }
        Some(Value::String(k)) if !KINDS.contains(&k.as_str()) => {
            problems.push(
                Problem::error(
                    format!("{path}.kind"),
                    format!("there is no rule kind \"{k}\""),
                )
                .fix(format!("use one of: {}", KINDS.join(", ")))
                .in_rule(id),
            );
            return None;
        }
        _ => {}
    }
    let common: RuleCommon = match from_value(raw) {
        Ok(c) => c,
        Err(e) => {
            problems.push(serde_problem(path, e.path, e.message, id));
            return None;
        }
    };
    let kind_name = obj.get("kind").and_then(Value::as_str).unwrap_or_default();
    let (kind, kind_fields) = match RuleKind::read(kind_name, raw) {
        Ok(read) => read,
        Err((inner, message)) => {
            problems.push(serde_problem(path, inner, message, id));
            return None;
        }
    };
    let rule = Rule { common, kind };
    // Unknown fields: what the rule has that neither every rule nor its kind knows.
    let mut known: Vec<&str> = ["kind"]
        .into_iter()
        .chain(fields_of::<RuleCommon>().iter().copied())
        .chain(kind_fields.iter().copied())
        .collect();
    known.sort_unstable();
    let unknown: Vec<&String> = obj
        .keys()
        .filter(|k| !known.contains(&k.as_str()))
        .collect();
    for key in &unknown {
        problems.push(
            Problem::error(
                format!("{path}.{key}"),
                format!("a `{}` rule has no field `{key}`", rule.kind.name()),
            )
            .fix(format!("remove it or use one of: {}", known.join(", ")))
            .in_rule(Some(&rule.common.id))
            .at_key(),
        );
    }
    // A rule with unknown fields is still given back (the pack is refused
    // by the errors above): its other problems and its examples are found in
    // the same run.
    Some(rule)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    /// Reads `rule` as the first rule of a pack: the rule, and the problems.
    fn read(rule: &Value) -> (Option<Rule>, Vec<Problem>) {
        let mut problems = Vec::new();
        let id = rule.get("id").and_then(Value::as_str);
        let read = read_rule(rule, "$.rules[0]", id, &mut problems);
        (read, problems)
    }

    /// The one problem of reading `rule`: its path, message and fix.
    fn problem(rule: &Value) -> (String, String, String) {
        let (read, problems) = read(rule);
        assert!(read.is_none(), "{rule} was read");
        assert_eq!(problems.len(), 1, "{problems:?}");
        let p = problems
            .into_iter()
            .next()
            .unwrap_or_else(|| unreachable!());
        (p.path, p.message, p.fix.unwrap_or_default())
    }

    fn terms_rule() -> Value {
        json!({ "id": "t", "kind": "terms", "category": "confidential", "level": "note",
                "message": "m", "terms": ["Orion"] })
    }

    #[test]
    fn a_terms_rule_reads() {
        let (rule, problems) = read(&terms_rule());
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(rule.map(|r| r.kind.name()), Some("terms"));
    }

    #[test]
    fn a_rule_that_is_no_object_is_refused() {
        let (path, message, fix) = problem(&json!(["terms"]));
        assert_eq!(path, "$.rules[0]");
        assert_eq!(message, "a rule must be an object, not a array");
        assert_eq!(fix, "write the rule as { \"id\": ..., \"kind\": ..., ... }");
    }

    #[test]
    fn a_missing_kind_lists_every_kind_of_the_registry() {
        let mut rule = terms_rule();
        rule.as_object_mut().map(|o| o.remove("kind"));
        let (path, message, fix) = problem(&rule);
        assert_eq!(path, "$.rules[0]");
        assert_eq!(message, "the rule has no `kind`");
        assert_eq!(fix, format!("add \"kind\": one of {}", KINDS.join(", ")));
        // The kinds of v1 first, as they always were; a new kind comes after.
        assert!(fix.starts_with(
            "add \"kind\": one of terms, hashed_terms, substitution, pattern, detector, requires, near, metric, context"
        ));
    }

    #[test]
    fn an_unknown_kind_names_the_known_ones() {
        let mut rule = terms_rule();
        rule["kind"] = json!("regex");
        let (path, message, fix) = problem(&rule);
        assert_eq!(path, "$.rules[0].kind");
        assert_eq!(message, "there is no rule kind \"regex\"");
        assert_eq!(fix, format!("use one of: {}", KINDS.join(", ")));
        assert!(fix.starts_with(
            "use one of: terms, hashed_terms, substitution, pattern, detector, requires, near, metric, context"
        ));
    }

    #[test]
    fn an_unknown_field_lists_the_fields_of_every_rule_and_of_its_kind() {
        let mut rule = terms_rule();
        rule["pattern"] = json!("Orion");
        let (read, problems) = read(&rule);
        // Still read: its examples run in the same lint.
        assert!(read.is_some());
        let [p] = problems.as_slice() else {
            unreachable!("{problems:?}")
        };
        let (path, message, fix) = (&p.path, &p.message, p.fix.clone().unwrap_or_default());
        assert_eq!(path, "$.rules[0].pattern");
        assert_eq!(message, "a `terms` rule has no field `pattern`");
        assert_eq!(
            fix,
            "remove it or use one of: case_sensitive, category, contact, examples, exceptions, guideline, id, kind, languages, level, match, message, offer_removal, platforms, public_from, skip_titles, suggestion, terms, unless, valid_from, valid_until, with_media"
        );
    }

    #[test]
    fn every_unknown_field_is_named() {
        let mut rule = terms_rule();
        rule["kind"] = json!("metric");
        rule["measure"] = json!("hashtags");
        let (read, problems) = read(&rule);
        assert!(read.is_some());
        let paths: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(paths, ["$.rules[0].terms"]);
        assert_eq!(
            problems.first().map(|p| p.message.as_str()),
            Some("a `metric` rule has no field `terms`")
        );
        assert_eq!(problems.first().and_then(|p| p.rule.as_deref()), Some("t"));
    }

    #[test]
    fn a_field_of_the_wrong_shape_is_located() {
        let mut rule = terms_rule();
        rule["terms"] = json!("Orion");
        let (path, _, _) = problem(&rule);
        assert_eq!(path, "$.rules[0].terms");
        let mut rule = terms_rule();
        rule["level"] = json!("urgent");
        let (path, _, _) = problem(&rule);
        assert_eq!(path, "$.rules[0].level");
    }
}
