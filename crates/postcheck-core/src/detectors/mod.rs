//! Built-in detectors: validated finders for values that should not be posted.
//!
//! A `detector` rule names one of these (`"detector": "email"`). Each detector
//! finds candidates with a pattern and then validates them (checksums, lengths,
//! context words), so that an ordinary number is not flagged. It reports the
//! span of the whole value and a [`Confidence`], which only chooses the wording
//! of the hint.
//!
//! To add a detector: write one file in this folder with a unit struct that
//! implements [`Detector`] (its `summary` and `example` make its row of the
//! README's table), a module doc (what it finds, why it matters, an example)
//! and its tests, and add one line to the registry, `detectors!` (below). Then
//! regenerate the README's table (`POSTCHECK_REGENERATE=1 cargo test -p
//! postcheck-core --test readme_tables`; a test fails until it is done). The
//! every-kind test pack and the fuzz targets get a rule for it by themselves.

use std::ops::Range;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

// Helpers shared by the detectors, one concern each.
mod around;
mod bounded;
mod checksums;
mod digits;
mod scan;
#[cfg(test)]
mod testing;

/// The registry of built-in detectors: for each, its module (its own file,
/// declared here) and the unit struct that implements [`Detector`], in
/// alphabetical order of id. To add a detector: write its file and add one
/// line here.
macro_rules! detectors {
    ($($module:ident :: $detector:ident,)*) => {
        $(mod $module;)*

        /// Every built-in detector, by id, in alphabetical order. The list a pack can name.
        pub static DETECTORS: &[&dyn Detector] = &[$(&$module::$detector),*];
    };
}

detectors! {
    ahv::Ahv,
    api_token::ApiToken,
    ch_uid::ChUid,
    date_of_birth::DateOfBirth,
    de_tax_id::DeTaxId,
    document_marker::DocumentMarker,
    email::Email,
    eu_vat::EuVat,
    file_share::FileShare,
    high_entropy_token::HighEntropyToken,
    home_address::HomeAddress,
    iban::Iban,
    internal_url::InternalUrl,
    jwt::Jwt,
    password_assignment::PasswordAssignment,
    payment_card::PaymentCard,
    phone::Phone,
    private_ip::PrivateIp,
    private_key::PrivateKey,
}

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
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Deserialize, Serialize, JsonSchema)]
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
    /// What it finds, in a few words (Markdown, one line): the "finds" column
    /// of the README's table of detectors, generated from this.
    fn summary(&self) -> &'static str;
    /// A short draft it flags, the flagged part in backticks (Markdown, one
    /// line): the "example" column of the README's table. A test checks that
    /// the detector finds exactly the parts in backticks.
    fn example(&self) -> &'static str;
    /// Finds the values in `text` (the draft as written, not folded), in order.
    fn find(&self, text: &str, options: &DetectorOptions, found: &mut Vec<Candidate>);
    /// Whether a candidate this detector found in `text` is an organisation's
    /// public contact (a switchboard, a toll-free or service number, a role
    /// mailbox such as `presse@`), rather than a person's: a `detector` rule
    /// with `public_contact` texts shows it at `note` with those texts. Only
    /// the detectors of contact details tell; the others never do.
    fn is_public_contact(&self, text: &str, candidate: &Candidate) -> bool {
        let _ = (text, candidate);
        false
    }
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

    #[test]
    fn the_list_is_alphabetical() {
        let ids: Vec<&str> = DETECTORS.iter().map(|d| d.id()).collect();
        let mut sorted = ids.clone();
        sorted.sort_unstable();
        assert_eq!(ids, sorted);
        for d in DETECTORS {
            assert_eq!(by_id(d.id()).map(|found| found.id()), Some(d.id()));
        }
    }

    /// The parts of `example` in backticks, and the example without them.
    fn flagged_parts(example: &str) -> (Vec<&str>, String) {
        let parts = example.split('`').skip(1).step_by(2).collect();
        (parts, example.replace('`', ""))
    }

    #[test]
    fn each_detector_finds_exactly_the_flagged_parts_of_its_example() {
        let options = DetectorOptions {
            internal_hosts: vec!["*.corp.example.com".to_owned()],
        };
        let mut wrong = Vec::new();
        for d in DETECTORS {
            let (want, text) = flagged_parts(d.example());
            assert!(!want.is_empty(), "{}: nothing in backticks", d.id());
            assert!(!d.summary().is_empty(), "{}: no summary", d.id());
            for doc in [d.summary(), d.example()] {
                assert!(
                    !doc.contains(['|', '\n']),
                    "{}: {doc:?} breaks the table",
                    d.id()
                );
            }
            let mut found = Vec::new();
            d.find(&text, &options, &mut found);
            let found: Vec<&str> = found
                .iter()
                .filter_map(|c| text.get(c.span.clone()))
                .collect();
            if found != want {
                wrong.push(format!("{} finds {found:?} in {text:?}", d.id()));
            }
        }
        assert!(wrong.is_empty(), "{wrong:#?}");
    }

    /// Runs every detector and checks that its spans are non-empty, in the
    /// text and on character boundaries.
    fn check_spans(text: &str) -> Result<(), String> {
        let options = DetectorOptions {
            internal_hosts: vec!["*.corp.example.com".to_owned(), "intranet".to_owned()],
        };
        for d in DETECTORS {
            let mut found = Vec::new();
            d.find(text, &options, &mut found);
            for c in &found {
                if c.span.is_empty() || text.get(c.span.clone()).is_none() {
                    return Err(format!("{}: bad span {:?} in {text:?}", d.id(), c.span));
                }
            }
        }
        Ok(())
    }

    fn fragment() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        prop_oneof![
            Just("+41 44 668 18 00".to_owned()),
            Just("CH93 0076 2011 6238 5295 7".to_owned()),
            Just("756.9217.0769.85".to_owned()),
            Just("-----BEGIN PRIVATE KEY-----\n".to_owned()),
            Just("-----END PRIVATE KEY-----".to_owned()),
            Just("password: ".to_owned()),
            Just("eyJhbGciOiJub25lIn0.".to_owned()),
            Just("https://wiki.corp.example.com/".to_owned()),
            Just("\\\\srv\\share".to_owned()),
            Just("VERTRAULICH".to_owned()),
            Just("Musterstrasse 12, 8001 Zürich".to_owned()),
            Just("geboren am 14.03.1991".to_owned()),
            Just("fe80::1".to_owned()),
            Just("10.0.0.1".to_owned()),
            Just("👩🏽‍💻".to_owned()),
            Just("e\u{0301}".to_owned()),
            Just("\u{a0}".to_owned()),
            Just(" ".to_owned()),
            Just("\n".to_owned()),
            "[0-9 .:/+()-]{1,12}",
            "[A-Za-z0-9_+/=-]{1,30}",
            any::<char>().prop_map(|c| c.to_string()),
        ]
    }

    proptest::proptest! {
        #[test]
        fn detectors_never_panic_and_give_valid_spans(
            parts in proptest::collection::vec(fragment(), 0..30)
        ) {
            let text = parts.concat();
            proptest::prop_assert_eq!(check_spans(&text), Ok(()));
        }
    }

    #[test]
    fn large_adversarial_input_stays_fast() {
        // Fragments that start candidates of every detector, repeated: a
        // detector that rescans the rest of the text per candidate would take
        // minutes here, a linear one takes well under a second in release.
        let pieces = [
            "-----BEGIN PRIVATE KEY-----\n",
            "password: ",
            "+41 ",
            "0",
            "CH93 ",
            "DE",
            "756.",
            "eyJ",
            "http://",
            "\\\\srv\\",
            "S:\\",
            "vertraulich ",
            "Musterstrasse 1",
            ", 8001 ",
            "1 ",
            "a1B2",
            "geboren am ",
            "fe80::",
            "10.0.0.",
            "Via Roma ",
            "ü",
            "\n",
        ];
        let text: String = (0..15_000)
            .map(|i| pieces.get(i * 7 % pieces.len()).copied().unwrap_or(""))
            .collect();
        let started = std::time::Instant::now();
        assert_eq!(check_spans(&text), Ok(()));
        let elapsed = started.elapsed();
        assert!(
            elapsed.as_secs() < 30,
            "{elapsed:?} for {} bytes",
            text.len()
        );
    }
}
