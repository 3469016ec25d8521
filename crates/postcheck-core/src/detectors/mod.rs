//! Built-in detectors: validated finders for values that should not be posted.
//!
//! A `detector` rule names one of these (`"detector": "email"`). Each detector
//! finds candidates with a pattern and then validates them (checksums, lengths,
//! context words), so that an ordinary number is not flagged. It reports the
//! span of the whole value and a [`Confidence`], which only chooses the wording
//! of the hint.
//!
//! To add a detector: write one file in this folder with a unit struct that
//! implements [`Detector`], a doc comment (what it finds, why it matters, an
//! example) and its tests, then list it in [`DETECTORS`].

use std::ops::Range;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::pack::model::Category;

mod ahv;
mod api_token;
mod ch_uid;
mod date_of_birth;
mod de_tax_id;
mod document_marker;
mod email;
mod eu_vat;
mod file_share;
mod high_entropy_token;
mod home_address;
mod iban;
mod internal_url;
mod jwt;
mod password_assignment;
mod payment_card;
mod phone;
mod private_ip;
mod private_key;
mod util;

/// Every built-in detector, by id, in alphabetical order. The list a pack can name.
pub static DETECTORS: &[&dyn Detector] = &[
    &ahv::Ahv,
    &api_token::ApiToken,
    &ch_uid::ChUid,
    &date_of_birth::DateOfBirth,
    &de_tax_id::DeTaxId,
    &document_marker::DocumentMarker,
    &email::Email,
    &eu_vat::EuVat,
    &file_share::FileShare,
    &high_entropy_token::HighEntropyToken,
    &home_address::HomeAddress,
    &iban::Iban,
    &internal_url::InternalUrl,
    &jwt::Jwt,
    &password_assignment::PasswordAssignment,
    &payment_card::PaymentCard,
    &phone::Phone,
    &private_ip::PrivateIp,
    &private_key::PrivateKey,
];

/// Looks a detector up by its id.
pub fn by_id(id: &str) -> Option<&'static dyn Detector> {
    DETECTORS.iter().copied().find(|d| d.id() == id)
}

/// How sure a detector is that a candidate is what it looks for.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Default,
    Deserialize,
    Serialize,
    JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Confidence {
    /// Plausible, but could well be something else.
    Low,
    /// Likely.
    #[default]
    Medium,
    /// Validated (checksum) or confirmed by a context word.
    High,
}

/// A value a detector found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// Byte range of the whole value in the draft.
    pub span: Range<usize>,
    /// How sure the detector is.
    pub confidence: Confidence,
}

/// Settings a `detector` rule can pass to its detector.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DetectorOptions {
    /// Host names that are internal to the company, for detectors of internal links,
    /// e.g. `["intranet", "*.corp.example.com"]`.
    #[serde(default)]
    pub internal_hosts: Vec<String>,
}

/// A built-in detector. See the module documentation.
pub trait Detector: Sync {
    /// Stable id used in packs, e.g. `"email"`.
    fn id(&self) -> &'static str;
    /// The category its findings usually belong to.
    fn category(&self) -> Category;
    /// One line on what it finds, for `postcheck pack info` and the docs.
    fn summary(&self) -> &'static str;
    /// Finds the values in `text` (the draft as written, not folded), in order.
    fn find(&self, text: &str, options: &DetectorOptions, found: &mut Vec<Candidate>);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_well_formed() {
        let mut ids: Vec<&str> = DETECTORS.iter().map(|d| d.id()).collect();
        for id in &ids {
            assert!(
                id.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{id}"
            );
        }
        let n = ids.len();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), n, "duplicate detector id");
    }
}
