//! Running a pack's own examples: texts each rule must and must not find.

use serde::Serialize;

use crate::context::Context;
use crate::engine::compiled::CompiledPack;
use crate::format::model::{Example, RuleCommon};
use crate::format::problem::Problem;

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
        fallback_locales: Vec::new(),
        date: None,
        media,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every example text of a pack, with the context of its own rule.
    fn all_examples(pack: &CompiledPack) -> Vec<(String, Context)> {
        let locale = &pack.manifest().default_locale;
        pack.rules()
            .iter()
            .flat_map(|r| {
                let e = &r.common.examples;
                e.hit
                    .iter()
                    .chain(&e.miss)
                    .map(|x| (x.text().to_string(), example_context(&r.common, x, locale)))
            })
            .collect()
    }

    #[test]
    fn checking_one_rule_finds_what_the_whole_check_finds() {
        // One rule is checked with only its own word lists and patterns searched:
        // the same outcome as a check with every rule, for every rule and every
        // example text of the pack (also the other rules' texts).
        for json in [
            crate::starter_pack(),
            include_str!("../../../../examples/packs/acme.json"),
        ] {
            let pack = CompiledPack::from_json(json).unwrap_or_else(|e| panic!("{e}"));
            let texts = all_examples(&pack);
            let mut fired = 0;
            for (text, ctx) in &texts {
                let report = pack.check(text, ctx);
                for rule in pack.rules() {
                    let whole = report.hints.iter().any(|h| h.rule == rule.common.id);
                    assert_eq!(
                        pack.check_rule(rule, text, ctx),
                        whole,
                        "{} on {text:?}",
                        rule.common.id
                    );
                    fired += usize::from(whole);
                }
            }
            assert!(fired >= texts.len() / 2, "the examples fire rules");
        }
    }

    #[test]
    fn rules_that_share_terms_and_patterns_are_checked_each_on_its_own() {
        // Two rules with the same term and the same pattern (one slot of the
        // automaton, one compiled pattern): each rule's exceptions stay its own.
        let json = r#"{ "schema": "postcheck/pack/v1", "id": "shared", "name": "S", "version": "1",
          "publisher": "T", "date": "2026-01-01", "default_locale": "en", "languages": ["en"], "rules": [
          { "id": "a", "kind": "terms", "category": "confidential", "level": "note", "message": "m",
            "terms": ["Orion"], "exceptions": ["Orion Nebula"],
            "examples": { "hit": ["Orion ships"], "miss": ["the Orion Nebula"] } },
          { "id": "b", "kind": "terms", "category": "confidential", "level": "note", "message": "m",
            "terms": ["orion"], "examples": { "hit": ["Orion ships", "the Orion Nebula"] } },
          { "id": "c", "kind": "pattern", "category": "confidential", "level": "note", "message": "m",
            "pattern": "ACME-\\d+", "examples": { "hit": ["ACME-1"], "miss": ["ACME-X"] } },
          { "id": "d", "kind": "near", "category": "confidential", "level": "note", "message": "m",
            "a": { "pattern": "ACME-\\d+" }, "b": { "terms": ["Orion"] }, "within": 3,
            "examples": { "hit": ["ACME-1 for Orion"], "miss": ["ACME-1 and nothing else"] } } ] }"#;
        let pack = CompiledPack::from_json(json).unwrap_or_else(|e| panic!("{e}"));
        let results = pack.run_examples();
        assert_eq!(results.len(), 8);
        assert!(results.iter().all(|r| r.passed), "{results:#?}");
    }
}
