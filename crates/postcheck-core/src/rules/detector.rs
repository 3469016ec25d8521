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
//!   "level": "consider", "message": "An e-mail address: is it yours to share?",
//!   "public_contact": { "message": "This looks like an organisation's public address." } }
//! ```
//!
//! Public contacts: the `phone` and `email` detectors tell an organisation's
//! public contact (a switchboard or hotline, a toll-free or service number, a
//! role mailbox such as `presse@` or `jobs@`) from a person's. A rule with
//! `public_contact` shows those at `note` (or lower, if the rule is lower) with
//! the texts given there; a rule without it shows them like any other finding,
//! as it always did.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use std::rc::Rc;

use super::side::unknown_detector;
use super::{CompiledRule, Compiler, Draft, Finding, Findings, Kind, ShownAs};
use crate::detectors::{self, Confidence, Detector, DetectorOptions};
use crate::format::limits::{MESSAGE, SUGGESTION};
use crate::format::model::{Level, Localized};
use crate::format::problem::Problem;
use crate::format::validate::check_length;

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
    /// How to show an organisation's public contact (a switchboard, a
    /// toll-free number, a role mailbox such as `presse@`): at `note`, with
    /// these texts. Without it, such a finding is shown like the others.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_contact: Option<PublicContact>,
}

/// The texts of a `detector` rule for an organisation's public contact, shown at `note`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PublicContact {
    /// The message, e.g. "This looks like an organisation's public address."
    /// (`{match}` is the number or address). At most 1,000 characters.
    pub message: Localized,
    /// Advice under the message; without it, the rule's `suggestion`. At most 1,000 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suggestion: Option<Localized>,
}

#[derive(Debug)]
struct CompiledDetector {
    detector: &'static dyn Detector,
    options: DetectorOptions,
    min_confidence: Confidence,
    public_contact: Option<PublicContact>,
}

impl Kind for DetectorRule {
    const SUMMARY: &'static str =
        "A built-in, validated detector (e-mail, phone, IBAN, keys, ...).";
    const FINDS: &'static str = "a built-in validated detector";
    const FIELDS: &'static str = "`detector`, `options`, `min_confidence`, `public_contact`";

    fn compile(&self, _: &mut Compiler, path: &str) -> Result<Box<dyn CompiledRule>, Vec<Problem>> {
        let detector = detectors::by_id(&self.detector).ok_or_else(|| {
            vec![unknown_detector(
                &format!("{path}.detector"),
                &self.detector,
            )]
        })?;
        if let Some(public) = &self.public_contact {
            let mut problems = Vec::new();
            let at = format!("{path}.public_contact");
            check_length(&public.message, &format!("{at}.message"), &MESSAGE, &mut problems);
            if let Some(s) = &public.suggestion {
                check_length(s, &format!("{at}.suggestion"), &SUGGESTION, &mut problems);
            }
            for (place, text) in [("message", Some(&public.message)), ("suggestion", public.suggestion.as_ref())] {
                if text.is_some_and(is_blank) {
                    problems.push(
                        Problem::error(format!("{at}.{place}"), "the text is empty")
                            .fix("write the text, or leave `public_contact` out"),
                    );
                }
            }
            if !problems.is_empty() {
                return Err(problems);
            }
        }
        Ok(Box::new(CompiledDetector {
            detector,
            options: self.options.clone(),
            min_confidence: self.min_confidence,
            public_contact: self.public_contact.clone(),
        }))
    }
}

/// Whether a text is empty or blank in every locale it has.
fn is_blank(text: &Localized) -> bool {
    match text {
        Localized::Plain(s) => s.trim().is_empty(),
        Localized::PerLocale(map) => map.values().all(|s| s.trim().is_empty()),
    }
}

impl CompiledDetector {
    /// How this rule shows a public contact in this draft's locale, if it
    /// tells them apart.
    fn public_shown_as(&self, draft: &Draft<'_>) -> Option<Rc<ShownAs>> {
        let public = self.public_contact.as_ref()?;
        let reader = draft.context.reader_locales();
        let text = |t: &Localized| {
            t.resolve(&reader, draft.default_locale)
                .unwrap_or_default()
                .to_string()
        };
        Some(Rc::new(ShownAs {
            level: Level::Note,
            message: text(&public.message),
            advice: public.suggestion.as_ref().map(text),
        }))
    }
}

impl CompiledRule for CompiledDetector {
    fn check(&self, draft: &Draft<'_>, out: &mut Findings) {
        let found = draft
            .detections
            .of(self.detector, &self.options, draft.text);
        // Resolved once per check, and only when a public contact is found.
        let mut public: Option<Option<Rc<ShownAs>>> = None;
        for c in found
            .iter()
            .filter(|c| c.confidence >= self.min_confidence && !c.span.is_empty())
        {
            let shown_as = if self.public_contact.is_some()
                && self.detector.is_public_contact(draft.text, c)
            {
                public
                    .get_or_insert_with(|| self.public_shown_as(draft))
                    .clone()
            } else {
                None
            };
            out.push(Finding {
                shown_as,
                ..Finding::at(c.span.clone())
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::context::Context;
    use crate::engine::compiled::CompiledPack;
    use crate::format::model::Level;
    use crate::testing::{assert_hits, assert_no_hits, pack_with};

    const EMAIL: &str = r#"{ "id": "email", "kind": "detector", "detector": "email",
        "category": "personal-data", "level": "consider", "message": "e-mail" }"#;

    const EMAIL_AND_PUBLIC: &str = r#"{ "id": "email", "kind": "detector", "detector": "email",
        "category": "personal-data", "level": "consider", "message": "e-mail",
        "suggestion": "ask first",
        "public_contact": { "message": { "en": "public {match}", "de": "öffentlich {match}" } } }"#;

    const PHONE_AND_PUBLIC: &str = r#"{ "id": "phone", "kind": "detector", "detector": "phone",
        "category": "personal-data", "level": "important", "message": "phone {match}",
        "public_contact": { "message": "public {match}", "suggestion": "fine if official" } }"#;

    /// Each hint of `rule` on `text` in `locale`: excerpt, level, message, advice.
    fn hints(rule: &str, text: &str, locale: &str) -> Vec<(String, Level, String, Option<String>)> {
        let pack = CompiledPack::from_json(&pack_with(rule)).unwrap_or_else(|e| panic!("{e}"));
        let ctx = Context {
            locale: locale.to_string(),
            ..Context::default()
        };
        pack.check(text, &ctx)
            .hints
            .into_iter()
            .map(|h| {
                let advice = h.advice.map(|a| a.to_string());
                (h.excerpt, h.level, h.message.to_string(), advice)
            })
            .collect()
    }

    #[test]
    fn public_contacts_are_notes_with_their_own_texts() {
        assert_eq!(
            hints(EMAIL_AND_PUBLIC, "presse@acme.example, anna.muster@acme.example", "de"),
            [
                (
                    "presse@acme.example".to_string(),
                    Level::Note,
                    "öffentlich presse@acme.example".to_string(),
                    Some("ask first".to_string())
                ),
                (
                    "anna.muster@acme.example".to_string(),
                    Level::Consider,
                    "e-mail".to_string(),
                    Some("ask first".to_string())
                ),
            ]
        );
        assert_eq!(
            hints(PHONE_AND_PUBLIC, "Zentrale 044 668 18 00, Natel 079 123 45 67", "en"),
            [
                (
                    "044 668 18 00".to_string(),
                    Level::Note,
                    "public 044 668 18 00".to_string(),
                    Some("fine if official".to_string())
                ),
                (
                    "079 123 45 67".to_string(),
                    Level::Important,
                    "phone 079 123 45 67".to_string(),
                    None
                ),
            ]
        );
    }

    #[test]
    fn without_public_contact_texts_a_rule_shows_public_contacts_as_before() {
        let levels: Vec<Level> = hints(EMAIL, "presse@acme.example und jobs@acme.example", "de")
            .into_iter()
            .map(|(_, level, message, _)| {
                assert_eq!(message, "e-mail");
                level
            })
            .collect();
        assert_eq!(levels, [Level::Consider, Level::Consider]);
    }

    #[test]
    fn a_rule_below_note_keeps_its_level() {
        // a note rule stays at note; public contacts are never raised
        let note = EMAIL_AND_PUBLIC.replace(r#""level": "consider""#, r#""level": "note""#);
        let found = hints(&note, "info@acme.example", "en");
        assert_eq!(found.len(), 1);
        assert_eq!(found.first().map(|h| h.1), Some(Level::Note));
    }

    #[test]
    fn empty_public_contact_texts_are_refused_at_their_place() {
        let empty = r#"{ "id": "email", "kind": "detector", "detector": "email",
            "category": "personal-data", "level": "consider", "message": "e-mail",
            "public_contact": { "message": " " } }"#;
        let Err(e) = CompiledPack::from_json(&pack_with(empty)) else {
            panic!("an empty public_contact message loads");
        };
        let text = e.to_string();
        assert!(
            text.contains("$.rules[0].public_contact.message") && text.contains("empty"),
            "{text}"
        );
    }

    #[test]
    fn runs_the_named_detector() {
        assert_hits(EMAIL, "Mail an max@acme.example", &["max@acme.example"]);
        assert_no_hits(EMAIL, "Danke @max!");
    }
}
