//! Helpers for the detectors' tests: what a detector finds in a text, as text.

use super::{Confidence, Detector, DetectorOptions};

/// What `detector` finds in `text` (without options): each finding's text and confidence.
pub(super) fn found<'t>(detector: &dyn Detector, text: &'t str) -> Vec<(&'t str, Confidence)> {
    let mut found = Vec::new();
    detector.find(text, &DetectorOptions::default(), &mut found);
    found
        .iter()
        .filter_map(|c| Some((text.get(c.span.clone())?, c.confidence)))
        .collect()
}

/// The text of each finding of `detector` in `text`, whatever its confidence.
pub(super) fn texts<'t>(detector: &dyn Detector, text: &'t str) -> Vec<&'t str> {
    found(detector, text).into_iter().map(|(s, _)| s).collect()
}

/// The text of each finding that a rule shows by default (medium confidence or more).
pub(super) fn shown<'t>(detector: &dyn Detector, text: &'t str) -> Vec<&'t str> {
    found(detector, text)
        .into_iter()
        .filter(|(_, c)| *c >= Confidence::Medium)
        .map(|(s, _)| s)
        .collect()
}
