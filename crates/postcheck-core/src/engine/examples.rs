//! Running a pack's own examples: texts each rule must and must not find.

use serde::Serialize;

use crate::context::Context;
use crate::engine::compiled::{CompiledPack, LoadedRule};
use serde_json::Value;

use crate::format::from_value::{from_value, serde_problem};
use crate::format::json::{kind_of, parse};
use crate::format::limits::{MAX_EXAMPLE_BYTES, MAX_EXAMPLES};
use crate::format::locate::locate;
use crate::format::model::{Example, Examples, RuleCommon};
use crate::format::problem::{PackError, Problem};

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
    /// For a failed example, what the rule found and where (a `miss`), or
    /// why it found nothing and what nearly matched (a `hit`), in plain words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub why: Option<String>,
}

impl ExampleResult {
    /// The pack problem for a failed example.
    pub fn problem(&self) -> Problem {
        let what = if self.should_hit {
            "does not trigger the rule"
        } else {
            "triggers the rule"
        };
        let why = self
            .why
            .as_ref()
            .map(|w| format!(": {w}"))
            .unwrap_or_default();
        Problem::error(
            &self.path,
            format!("the example {:?} {what}{why}", short(&self.text)),
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
            self.run_examples_of(rule, &rule.common.examples, &path, &mut results);
        }
        results
    }

    /// Runs `examples` as if they were those of `rule`; their paths start with `path`.
    fn run_examples_of(
        &self,
        rule: &LoadedRule,
        examples: &Examples,
        path: &str,
        results: &mut Vec<ExampleResult>,
    ) {
        let cases = examples
            .hit
            .iter()
            .enumerate()
            .map(|(i, x)| (true, i, x))
            .chain(examples.miss.iter().enumerate().map(|(i, x)| (false, i, x)));
        for (should_hit, i, example) in cases {
            let ctx = example_context(&rule.common, example, &self.manifest().default_locale);
            let fired = self.check_rule(rule, example.text(), &ctx);
            let passed = fired == should_hit;
            results.push(ExampleResult {
                rule: rule.common.id.clone(),
                path: format!("{path}.{}[{i}]", if should_hit { "hit" } else { "miss" }),
                should_hit,
                text: example.text().to_string(),
                passed,
                why: (!passed).then(|| self.why(rule, example.text(), &ctx, fired)),
            });
        }
    }

    /// Runs examples kept outside the pack (`postcheck pack test --examples`),
    /// e.g. those of `hashed_terms` rules, which would reveal the names in the
    /// pack: `json` is an object of rule id to examples, each written as a
    /// rule's `examples` (`{"codenames": {"hit": ["Orion ships"], "miss": [...]}}`).
    /// Their paths are `$.<rule id>.hit[0]`. Every problem of the file (not
    /// JSON, an unknown rule, a wrong shape, over the limits) refuses it.
    pub fn run_private_examples(&self, json: &str) -> Result<Vec<ExampleResult>, PackError> {
        let mut problems = Vec::new();
        let json = json.strip_prefix('\u{FEFF}').unwrap_or(json);
        let Some(value) = parse(json, &mut problems) else {
            return Err(PackError { problems });
        };
        let Value::Object(by_rule) = &value else {
            return Err(PackError {
                problems: vec![
                    Problem::error(
                        "$",
                        format!("the examples are a JSON {}, not an object", kind_of(&value)),
                    )
                    .fix("write { \"rule-id\": { \"hit\": [\"...\"], \"miss\": [\"...\"] } }"),
                ],
            });
        };
        let mut results = Vec::new();
        let (mut count, mut bytes) = (0, 0);
        for (id, raw) in by_rule {
            let path = format!("$.{id}");
            let Some(rule) = self.rules().iter().find(|r| &r.common.id == id) else {
                let ids: Vec<&str> = self
                    .rules()
                    .iter()
                    .map(|r| r.common.id.as_str())
                    .take(10)
                    .collect();
                problems.push(
                    Problem::error(&path, format!("the pack has no rule \"{id}\""))
                        .fix(format!(
                            "use the id of one of the pack's rules: {}",
                            ids.join(", ")
                        ))
                        .at_key(),
                );
                continue;
            };
            let examples: Examples = match from_value(raw) {
                Ok(e) => e,
                Err(e) => {
                    problems.push(serde_problem(&path, e.path, e.message, Some(id)));
                    continue;
                }
            };
            count += examples.hit.len() + examples.miss.len();
            bytes += examples
                .hit
                .iter()
                .chain(&examples.miss)
                .map(|x| x.text().len())
                .sum::<usize>();
            if count > MAX_EXAMPLES || bytes > MAX_EXAMPLE_BYTES {
                problems.push(
                    Problem::error(
                        "$",
                        format!(
                            "more than {MAX_EXAMPLES} examples or {} MB of example text",
                            MAX_EXAMPLE_BYTES / 1_048_576
                        ),
                    )
                    .fix("keep a few examples per rule"),
                );
                break;
            }
            self.run_examples_of(rule, &examples, &path, &mut results);
        }
        locate(json, &mut problems);
        if problems.is_empty() {
            Ok(results)
        } else {
            Err(PackError { problems })
        }
    }
}

impl CompiledPack {
    /// Why an example failed: what the rule found and where (it `fired`),
    /// else why it found nothing.
    fn why(&self, rule: &LoadedRule, text: &str, ctx: &Context, fired: bool) -> String {
        if fired {
            return match self.first_finding(rule, text, ctx, true) {
                Some(span) => format!("it found {}", at(text, span)),
                None => "it found the text as a whole".into(),
            };
        }
        if let Some(why) = self.why_not_applied(rule, text, ctx) {
            return why;
        }
        match self.first_finding(rule, text, ctx, false) {
            Some(span) => format!(
                "it found {}, but that is inside one of the rule's `exceptions` (a finding inside an exception's passage is left out)",
                at(text, span)
            ),
            None => "it found nothing in it".into(),
        }
    }
}

/// `"Orion" at 2:5` (line and column, in characters, of `span` in `text`).
fn at(text: &str, span: std::ops::Range<usize>) -> String {
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
    format!("{:?} at {line}:{column}", short(found))
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
