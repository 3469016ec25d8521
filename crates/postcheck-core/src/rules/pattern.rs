//! `pattern`: a regular expression.
//!
//! What it finds: every match of `pattern` (Rust `regex` syntax: linear time,
//! no look-around or back-references), or of one of its groups when `group`
//! names it, so the hint marks only the part that matters.
//!
//! Why it matters: some confidential things have a shape rather than a name,
//! such as internal ticket numbers or document ids. Patterns are size-limited
//! and cannot backtrack, so a pack cannot make a check hang.
//!
//! Example (marks the figure only):
//! ```json
//! { "id": "ticket-ids", "kind": "pattern", "category": "confidential", "level": "consider",
//!   "message": "Internal ticket numbers stay internal.", "pattern": "\\b(?<id>ACME-\\d{4,6})\\b",
//!   "group": "id" }
//! ```

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{CompiledRule, Compiler, Draft, Finding, Findings, Kind};
use crate::format::problem::Problem;
use crate::text::regexes::RegexId;

/// Fields of a `pattern` rule.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub struct Pattern {
    /// The regular expression.
    pub pattern: String,
    /// The group whose span the hint marks: a number or a name. The whole match when absent.
    #[serde(default)]
    pub group: Option<Group>,
    /// Whether letters match in any case (default false; `(?i)` in the pattern does the same).
    #[serde(default)]
    pub case_insensitive: bool,
}

/// A capture group, by number or by name.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum Group {
    /// The n-th group, counting from 1.
    Number(usize),
    /// A named group `(?<name>...)`.
    Name(String),
}

#[derive(Debug)]
struct CompiledPattern {
    id: RegexId,
    group: usize,
}

impl Kind for Pattern {
    const SUMMARY: &'static str = "A regular expression.";
    const FINDS: &'static str = "a regular expression (Rust syntax, linear time, size-limited)";
    const FIELDS: &'static str =
        "`pattern`, `group` (number or name of the part to mark), `case_insensitive`";

    fn compile(
        &self,
        cx: &mut Compiler,
        path: &str,
    ) -> Result<Box<dyn CompiledRule>, Vec<Problem>> {
        let id = cx
            .regexes
            .add(
                &self.pattern,
                self.case_insensitive,
                &format!("{path}.pattern"),
            )
            .map_err(|p| vec![p])?;
        let groups = cx.regexes.groups(id);
        let group = match &self.group {
            None => 0,
            Some(Group::Number(n)) if *n < groups.len() => *n,
            Some(Group::Number(n)) => {
                return Err(vec![Problem::error(
                    format!("{path}.group"),
                    format!("the pattern has no group {n}; it has {}", groups.len().saturating_sub(1)),
                )
                .fix("count the opening parentheses of capturing groups from 1, or name the group")]);
            }
            Some(Group::Name(name)) => {
                match groups
                    .iter()
                    .position(|n| n.as_deref() == Some(name.as_str()))
                {
                    Some(i) => i,
                    None => {
                        return Err(vec![
                            Problem::error(
                                format!("{path}.group"),
                                format!("the pattern has no group named \"{name}\""),
                            )
                            .fix(format!("name a group in the pattern: (?<{name}>...)")),
                        ]);
                    }
                }
            }
        };
        Ok(Box::new(CompiledPattern { id, group }))
    }
}

impl CompiledRule for CompiledPattern {
    fn check(&self, draft: &Draft<'_>, out: &mut Findings) {
        if self.group == 0 {
            let found = draft.regexes.of(self.id);
            out.extend(found.iter().map(|r| Finding::at(r.clone())));
            return;
        }
        if !draft.regexes.may_match(self.id) {
            return;
        }
        let Some(regex) = draft.regexes.regex(self.id) else {
            return;
        };
        for caps in regex.captures_iter(draft.text) {
            if let Some(m) = caps.get(self.group).filter(|m| !m.is_empty()) {
                out.push(Finding::at(m.range()));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{assert_hits, assert_no_hits};

    const TICKETS: &str = r#"{ "id": "tickets", "kind": "pattern", "category": "confidential",
        "level": "consider", "message": "ticket", "pattern": "(?i)\\bticket\\s+(?<id>ACME-\\d{4,6})\\b", "group": "id" }"#;

    #[test]
    fn marks_the_named_group() {
        assert_hits(TICKETS, "Fixed Ticket ACME-12345 today", &["ACME-12345"]);
        assert_no_hits(TICKETS, "ACME-12345 alone is not a ticket");
    }
}
