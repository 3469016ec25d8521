//! Reading one rule of a pack: its kind, the fields every rule has, the fields
//! of its kind, and no others.

use serde_json::Value;

use super::{Rule, RuleKind};
use crate::format::from_value::{fields_of, from_value, serde_problem};
use crate::format::json::kind_of;
use crate::format::model::RuleCommon;
use crate::format::problem::Problem;

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
                    .fix("add \"kind\": one of terms, hashed_terms, substitution, pattern, detector, requires, near, metric, context")
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
            .in_rule(Some(&rule.common.id)),
        );
    }
    if !unknown.is_empty() {
        return None;
    }
    Some(rule)
}

/// The rule kinds, as written in packs.
pub const KINDS: [&str; 9] = [
    "terms",
    "hashed_terms",
    "substitution",
    "pattern",
    "detector",
    "requires",
    "near",
    "metric",
    "context",
];
