//! Running a pack's own examples: texts each rule must and must not find.

use serde::Serialize;

use super::model::{Example, RuleCommon};
use super::problem::Problem;
use crate::check::Context;
use crate::compiled::CompiledPack;

/// The outcome of one example.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExampleResult {
    /// Id of the rule.
    pub rule: String,
    /// JSON path of the example, e.g. `$.rules[2].examples.hit[0]`.
    pub path: String,
    /// True for a text that must trigger the rule, false for one that must not.
    pub should_hit: bool,
    /// The example text.
    pub text: String,
    /// Whether the rule behaved as the example says.
    pub passed: bool,
}

impl ExampleResult {
    /// The pack problem for a failed example.
    pub fn problem(&self) -> Problem {
        let what = if self.should_hit {
            "does not trigger the rule"
        } else {
            "triggers the rule"
        };
        Problem::error(
            &self.path,
            format!("the example {:?} {what}", short(&self.text)),
        )
        .fix(if self.should_hit {
            "correct the rule so that it finds this text, or move the example to `miss`"
        } else {
            "correct the rule (e.g. add an exception), or move the example to `hit`"
        })
        .in_rule(Some(&self.rule))
    }
}

impl CompiledPack {
    /// Runs every example of every rule, in pack order.
    pub fn run_examples(&self) -> Vec<ExampleResult> {
        let mut results = Vec::new();
        for rule in self.rules() {
            let path = format!("$.rules[{}].examples", rule.index);
            let e = &rule.common.examples;
            let cases = e
                .hit
                .iter()
                .enumerate()
                .map(|(i, x)| (true, i, x))
                .chain(e.miss.iter().enumerate().map(|(i, x)| (false, i, x)));
            for (should_hit, i, example) in cases {
                let ctx = example_context(&rule.common, example, &self.manifest().default_locale);
                let fired = self.check_rule(rule, example.text(), &ctx);
                results.push(ExampleResult {
                    rule: rule.common.id.clone(),
                    path: format!("{path}.{}[{i}]", if should_hit { "hit" } else { "miss" }),
                    should_hit,
                    text: example.text().to_string(),
                    passed: fired == should_hit,
                });
            }
        }
        results
    }
}

fn short(s: &str) -> String {
    if s.chars().count() <= 80 {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(77).collect();
        t.push_str("...");
        t
    }
}

/// The context an example is checked in: its own, else the rule's first platform;
/// no date, so that embargoed rules are tested whatever the day.
fn example_context(common: &RuleCommon, example: &Example, default_locale: &str) -> Context {
    let (platform, media) = match example {
        Example::Text(_) => (None, Vec::new()),
        Example::WithContext(e) => (e.platform, e.media.clone()),
    };
    Context {
        platform: platform.or(common.platforms.first().copied()),
        locale: default_locale.to_string(),
        date: None,
        media,
    }
}
