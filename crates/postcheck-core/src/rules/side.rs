//! A side of a `requires` or `near` rule: what to look for, by words, pattern or detector.
//!
//! Not a rule kind itself: `requires` and `near` combine two sides.

use std::ops::Range;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Compiler, Draft};
use crate::detectors::{self, Confidence, Detector, DetectorOptions};
use crate::format::problem::Problem;
use crate::text::regexes::RegexId;
use crate::text::terms::{MatchMode, TermListSpec, TermSetId};

/// Something to look for: words, a regular expression, a detector, or several of them
/// (any of them counts).
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Side {
    /// Words or phrases, matched like the terms of a `terms` rule.
    #[serde(default)]
    pub terms: Vec<String>,
    /// How the words must stand in the text.
    #[serde(default, rename = "match")]
    pub match_mode: MatchMode,
    /// A regular expression (Rust `regex` syntax).
    #[serde(default)]
    pub pattern: Option<String>,
    /// Id of a built-in detector, e.g. `"email"` or `"iban"`.
    #[serde(default)]
    pub detector: Option<String>,
    /// Settings for the detector, e.g. `internal_hosts` for `internal-url`.
    #[serde(default)]
    pub options: DetectorOptions,
}

/// A compiled side.
#[derive(Debug)]
pub struct CompiledSide {
    terms: Option<TermSetId>,
    pattern: Option<RegexId>,
    detector: Option<&'static dyn Detector>,
    options: DetectorOptions,
}

impl std::fmt::Debug for dyn Detector {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Detector({})", self.id())
    }
}

impl Side {
    /// Compiles an optional side (a rule's `unless`): none when absent or
    /// wrong, with its problems added to `problems`.
    pub fn compile_optional(
        side: Option<&Side>,
        cx: &mut Compiler,
        path: &str,
        problems: &mut Vec<Problem>,
    ) -> Option<CompiledSide> {
        side?.compile(cx, path).map_err(|p| problems.extend(p)).ok()
    }

    /// Validates and compiles the side found at `path`.
    pub fn compile(&self, cx: &mut Compiler, path: &str) -> Result<CompiledSide, Vec<Problem>> {
        let mut problems = Vec::new();
        if self.terms.is_empty() && self.pattern.is_none() && self.detector.is_none() {
            problems.push(
                Problem::error(path, "says nothing to look for")
                    .fix("give `terms`, a `pattern` or a `detector`"),
            );
        }
        let terms = if self.terms.is_empty() {
            None
        } else {
            let (set, bad) = cx.terms.add(TermListSpec {
                terms: &self.terms,
                mode: self.match_mode,
                case_sensitive: false,
            });
            for b in bad {
                problems.push(
                    Problem::error(format!("{path}.terms[{}]", b.index), b.reason)
                        .fix("remove it or write the word"),
                );
            }
            Some(set)
        };
        let pattern = match &self.pattern {
            Some(src) => match cx.regexes.add(src, false, &format!("{path}.pattern")) {
                Ok(id) => Some(id),
                Err(p) => {
                    problems.push(p);
                    None
                }
            },
            None => None,
        };
        let detector = match &self.detector {
            Some(id) => match detectors::by_id(id) {
                Some(d) => Some(d),
                None => {
                    problems.push(unknown_detector(&format!("{path}.detector"), id));
                    None
                }
            },
            None => None,
        };
        if problems.is_empty() {
            Ok(CompiledSide {
                terms,
                pattern,
                detector,
                options: self.options.clone(),
            })
        } else {
            Err(problems)
        }
    }
}

/// The problem for a detector id that does not exist, listing those that do.
pub fn unknown_detector(path: &str, id: &str) -> Problem {
    let known: Vec<&str> = detectors::DETECTORS.iter().map(|d| d.id()).collect();
    Problem::error(path, format!("there is no built-in detector \"{id}\""))
        .fix(format!("use one of: {}", known.join(", ")))
}

impl CompiledSide {
    /// Every place the side is found in the draft, by position.
    pub fn find(&self, draft: &Draft<'_>) -> Vec<Range<usize>> {
        let mut spans: Vec<Range<usize>> = Vec::new();
        if let Some(set) = self.terms {
            spans.extend(draft.terms.of(set).iter().map(|m| m.span.clone()));
        }
        if let Some(id) = self.pattern {
            spans.extend(draft.regexes.of(id).iter().cloned());
        }
        if let Some(d) = self.detector {
            let found = draft.detections.of(d, &self.options, draft.text);
            // As in `detector` rules, only what the detector is reasonably sure of.
            spans.extend(
                found
                    .iter()
                    .filter(|c| c.confidence >= Confidence::Medium)
                    .map(|c| c.span.clone()),
            );
        }
        spans.retain(|s| !s.is_empty());
        spans.sort_by_key(|s| (s.start, s.end));
        spans.dedup();
        spans
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{assert_hits, assert_no_hits};

    const LINK_NEAR_SLIDES: &str = r#"{ "id": "n", "kind": "near", "category": "confidential",
        "level": "consider", "message": "m", "within": 4,
        "a": { "detector": "internal-url", "options": { "internal_hosts": ["*.corp.example.com"] } },
        "b": { "terms": ["slides", "Folien"] } }"#;

    #[test]
    fn passes_its_options_to_the_detector() {
        assert_hits(
            LINK_NEAR_SLIDES,
            "Die Folien: https://wiki.corp.example.com/roadmap",
            &["Folien: https://wiki.corp.example.com/roadmap"],
        );
        assert_no_hits(
            LINK_NEAR_SLIDES,
            "Die Folien: https://www.example.com/roadmap",
        );
    }

    #[test]
    fn counts_only_confident_detector_findings() {
        // A bare 11-digit number is no tax ID without a context word.
        let rule = r#"{ "id": "t", "kind": "requires", "category": "personal-data", "level": "note",
            "message": "m", "if_any": { "detector": "de-tax-id" }, "unless_any": { "terms": ["xyz"] } }"#;
        assert_no_hits(rule, "Bestellung 86095742719 ist unterwegs");
        assert_hits(rule, "Meine Steuer-ID: 86095742719", &["86095742719"]);
    }
}
