//! `requires`: if one thing appears and another does not, say so.
//!
//! What it finds: the first place where `if_any` is found, when `unless_any` is
//! found nowhere in the post. `add` is the text to suggest adding, per locale.
//!
//! Why it matters: when employees promote their employer's products, consumer
//! law and platform rules ask them to disclose the employment
//! ("#ACMEemployee", "Ich arbeite bei ACME"); forgetting it is the most common
//! slip of corporate influencers.
//!
//! Example:
//! ```json
//! { "id": "disclose-employment", "kind": "requires", "category": "disclosure", "level": "consider",
//!   "if_any": { "terms": ["ACME Cloud", "ACME Studio"] },
//!   "unless_any": { "terms": ["#ACMEemployee", "I work at ACME", "Ich arbeite bei ACME"] },
//!   "message": "You mention an ACME product: say that you work at ACME.",
//!   "add": { "en": "#ACMEemployee", "de": "#ACMEmitarbeiter" } }
//! ```

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::validate::WordList;
use crate::format::limits::ADD;
use crate::format::validate::check_length;

use super::side::{CompiledSide, Side};
use super::{CompiledRule, Compiler, Draft, Finding, Findings, Kind};
use super::fix::Fix;
use crate::format::locales::Locales;
use crate::format::model::Localized;
use crate::format::problem::Problem;
use crate::text::language::LanguageGuess;

/// Fields of a `requires` rule.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub struct Requires {
    /// What makes the rule look further.
    pub if_any: Side,
    /// What, found anywhere in the post, makes the hint unnecessary.
    pub unless_any: Side,
    /// Text to suggest adding, per locale. At most 1,000 characters per locale.
    #[serde(default)]
    pub add: Option<Localized>,
}

#[derive(Debug)]
struct CompiledRequires {
    if_any: CompiledSide,
    unless_any: CompiledSide,
    add: Option<Localized>,
}

impl Kind for Requires {
    const SUMMARY: &'static str = "If something appears and something else does not: e.g. the employer is named without a disclosure.";
    const FINDS: &'static str = "A appears and B does not, e.g. a product without a disclosure";
    const FIELDS: &'static str = r#"`if_any`, `unless_any` (each `{"terms": [...], "pattern": "...", "detector": "..."}`), `add` (text to suggest, per locale)"#;

    fn compile(
        &self,
        cx: &mut Compiler,
        path: &str,
    ) -> Result<Box<dyn CompiledRule>, Vec<Problem>> {
        let if_any = self.if_any.compile(cx, &format!("{path}.if_any"));
        let unless_any = self.unless_any.compile(cx, &format!("{path}.unless_any"));
        match (if_any, unless_any) {
            (Ok(if_any), Ok(unless_any)) => Ok(Box::new(CompiledRequires {
                if_any,
                unless_any,
                add: self.add.clone(),
            })),
            (a, b) => Err(a.err().into_iter().chain(b.err()).flatten().collect()),
        }
    }

    fn check_lengths(&self, path: &str, problems: &mut Vec<Problem>) {
        if let Some(add) = &self.add {
            check_length(add, &format!("{path}.add"), &ADD, problems);
        }
    }

    fn word_lists<'a>(rule: &'a Value, lists: &mut Vec<WordList<'a>>) {
        lists.extend(WordList::side(rule, "if_any"));
        lists.extend(WordList::side(rule, "unless_any"));
    }
}

/// The locales to pick the text to add in: the post's language when it is
/// clear and the rule has a text in it (an English post gets "#ACMEemployee"
/// even for a German-speaking reader), else the reader's locales.
fn suggestion_locales(draft: &Draft<'_>, add: &Localized) -> Locales {
    if let LanguageGuess::Languages(found) = draft.languages()
        && let [only] = found.as_slice()
        && add.locales(draft.default_locale).contains(only)
    {
        return Locales::from(*only);
    }
    draft.context.reader_locales()
}

impl CompiledRule for CompiledRequires {
    fn check(&self, draft: &Draft<'_>, out: &mut Findings) {
        let Some(first) = self.if_any.find(draft).into_iter().next() else {
            return;
        };
        if !self.unless_any.find(draft).is_empty() {
            return;
        }
        let add = self
            .add
            .as_ref()
            .and_then(|t| t.resolve(&suggestion_locales(draft, t), draft.default_locale));
        out.push(Finding {
            span: first,
            suggestions: add.map(|s| vec![s.to_string()]).unwrap_or_default(),
            fix: add
                .filter(|s| !s.trim().is_empty())
                .map(|s| Fix::append(draft.text, s)),
            ..Finding::default()
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::context::Context;
    use crate::testing::{assert_hits, assert_no_hits, suggestions_in};

    const RULE: &str = r##"{ "id": "disclose", "kind": "requires", "category": "disclosure",
        "level": "consider", "message": "disclose",
        "if_any": { "terms": ["ACME Cloud", "ACME Studio"] },
        "unless_any": { "terms": ["#ACMEemployee", "Ich arbeite bei ACME", "I work at ACME"],
                        "pattern": "(?i)\\bmein(em)? Arbeitgeber\\b" },
        "add": { "en": "#ACMEemployee", "de": "#ACMEmitarbeiter" } }"##;

    #[test]
    fn asks_for_the_disclosure_once() {
        assert_hits(RULE, "Try ACME Cloud! ACME Studio too.", &["ACME Cloud"]);
    }

    #[test]
    fn is_quiet_with_a_disclosure_or_without_a_product() {
        assert_no_hits(RULE, "Try ACME Cloud! #ACMEemployee");
        assert_no_hits(RULE, "ACME Cloud – ich arbeite bei ACME.");
        assert_no_hits(RULE, "ACME Cloud von meinem Arbeitgeber");
        assert_no_hits(RULE, "Cloud computing is great");
    }

    #[test]
    fn suggests_the_text_in_the_readers_locale() {
        let de = Context {
            locale: "de-CH".into(),
            ..Context::default()
        };
        assert_eq!(
            suggestions_in(RULE, "ACME Cloud!", &de),
            ["#ACMEmitarbeiter"]
        );
        let fr = Context {
            locale: "fr".into(),
            ..Context::default()
        };
        assert_eq!(suggestions_in(RULE, "ACME Cloud!", &fr), ["#ACMEemployee"]);
    }
}
