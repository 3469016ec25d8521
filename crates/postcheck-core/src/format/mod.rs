//! The pack format, the bottom layer: the model ([`model`]), its limits
//! ([`limits`]), reading JSON ([`json`], [`from_value`]), validating the
//! manifest and texts ([`validate`], [`characters`]), and the problems found in
//! bad packs ([`problem`], located by [`locate`]), and a pack's signature
//! ([`signature`]). Imports nothing else of the crate.

pub mod characters;
pub mod date;
pub mod from_value;
pub mod json;
pub mod limits;
pub mod locate;
pub mod model;
pub mod problem;
pub mod signature;
pub mod validate;

use model::Localized;

impl Localized {
    /// The text for `locale`, falling back from a regional locale to its
    /// language (`de-CH` → `de`), then to the pack's default locale, then to
    /// English, then to any text there is.
    pub fn resolve<'a>(&'a self, locale: &str, default_locale: &str) -> Option<&'a str> {
        let map = match self {
            Localized::Plain(s) => return Some(s),
            Localized::PerLocale(map) => map,
        };
        let find = |want: &str| {
            map.iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(want))
                .map(|(_, v)| v.as_str())
        };
        let base = locale.split(['-', '_']).next().unwrap_or(locale);
        find(&locale.replace('_', "-"))
            .or_else(|| find(base))
            .or_else(|| find(default_locale))
            .or_else(|| find("en"))
            .or_else(|| map.values().next().map(String::as_str))
    }

    /// The locales this text has; a plain text has the pack's default locale.
    pub fn locales<'a>(&'a self, default_locale: &'a str) -> Vec<&'a str> {
        match self {
            Localized::Plain(_) => vec![default_locale],
            Localized::PerLocale(map) => map.keys().map(String::as_str).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::model::Localized;
    use std::collections::BTreeMap;

    fn texts() -> Localized {
        let mut m = BTreeMap::new();
        m.insert("de".to_string(), "Hallo".to_string());
        m.insert("de-CH".to_string(), "Grüezi".to_string());
        m.insert("en".to_string(), "Hello".to_string());
        m.insert("fr".to_string(), "Bonjour".to_string());
        Localized::PerLocale(m)
    }

    #[test]
    fn falls_back_from_region_to_language_to_default() {
        let t = texts();
        assert_eq!(t.resolve("de-CH", "en"), Some("Grüezi"));
        assert_eq!(t.resolve("de-AT", "en"), Some("Hallo"));
        assert_eq!(t.resolve("de_at", "en"), Some("Hallo"));
        assert_eq!(t.resolve("it", "fr"), Some("Bonjour"));
        assert_eq!(t.resolve("it", "xx"), Some("Hello"));
        assert_eq!(
            Localized::Plain("Hi".into()).resolve("fr", "de"),
            Some("Hi")
        );
    }
}
