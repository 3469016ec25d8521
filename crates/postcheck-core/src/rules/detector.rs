//! `detector`: a built-in, validated detector, named by id.
//!
//! What it finds: whatever the named detector finds (see `crate::detectors`:
//! e-mail addresses, phone numbers, IBANs, keys and tokens, ...), at or above
//! `min_confidence`.
//!
//! Why it matters: personal data and secrets have shapes with checksums that a
//! word list or a plain pattern cannot validate; a detector flags the real thing
//! and leaves ordinary numbers alone.
//!
//! Example:
//! ```json
//! { "id": "email", "kind": "detector", "detector": "email", "category": "personal-data",
//!   "level": "consider", "message": "An e-mail address: is it yours to share?" }
//! ```

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::side::unknown_detector;
use super::{CompiledRule, Compiler, Draft, Finding, Findings, Kind};
use crate::detectors::{self, Confidence, Detector, DetectorOptions};
use crate::format::problem::Problem;

/// Fields of a `detector` rule.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub struct DetectorRule {
    /// Id of the built-in detector, e.g. `"email"`.
    pub detector: String,
    /// Settings for the detector.
    #[serde(default)]
    pub options: DetectorOptions,
    /// The least confidence a finding needs to be shown (default `medium`).
    #[serde(default)]
    pub min_confidence: Confidence,
}

#[derive(Debug)]
struct CompiledDetector {
    detector: &'static dyn Detector,
    options: DetectorOptions,
    min_confidence: Confidence,
}

impl Kind for DetectorRule {
    const SUMMARY: &'static str =
        "A built-in, validated detector (e-mail, phone, IBAN, keys, ...).";
    const FINDS: &'static str = "a built-in validated detector";
    const FIELDS: &'static str = "`detector`, `options`, `min_confidence`";

    fn compile(&self, _: &mut Compiler, path: &str) -> Result<Box<dyn CompiledRule>, Vec<Problem>> {
        let detector = detectors::by_id(&self.detector).ok_or_else(|| {
            vec![unknown_detector(
                &format!("{path}.detector"),
                &self.detector,
            )]
        })?;
        Ok(Box::new(CompiledDetector {
            detector,
            options: self.options.clone(),
            min_confidence: self.min_confidence,
        }))
    }
}

impl CompiledRule for CompiledDetector {
    fn check(&self, draft: &Draft<'_>, out: &mut Findings) {
        let found = draft
            .detections
            .of(self.detector, &self.options, draft.text);
        out.extend(
            found
                .iter()
                .filter(|c| c.confidence >= self.min_confidence && !c.span.is_empty())
                .map(|c| Finding::at(c.span.clone())),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{assert_hits, assert_no_hits};

    const EMAIL: &str = r#"{ "id": "email", "kind": "detector", "detector": "email",
        "category": "personal-data", "level": "consider", "message": "e-mail" }"#;

    #[test]
    fn runs_the_named_detector() {
        assert_hits(EMAIL, "Mail an max@acme.example", &["max@acme.example"]);
        assert_no_hits(EMAIL, "Danke @max!");
    }
}
