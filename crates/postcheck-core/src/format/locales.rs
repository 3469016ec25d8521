//! The languages a reader reads, most preferred first ([`Locales`]), and how
//! a text of a pack is picked for them ([`Localized::resolve`]).
//!
//! The order in which a text is looked for:
//!
//! 1. each of the reader's locales in turn (the browser's UI language, then
//!    its other preferred languages; the CLI's `--lang`, or `LANGUAGE` and
//!    `LANG`): the locale itself (`de-CH`), then its language (`de`), then
//!    any regional form of that language the text has (`de-AT`);
//! 2. English (`en`, then any `en-...`): the language most readers read when
//!    theirs is missing;
//! 3. the pack's default locale;
//! 4. any text there is (the first by locale).
//!
//! So a French-speaking reader of a pack in German and English gets English,
//! not the German of its default locale, and a reader of `fr-CH, de` gets the
//! German text of a pack without French.

use super::model::Localized;

/// The most locales of a reader that are kept; the rest are left out. A
/// browser lists a handful; each costs a few lookups per text of a hint.
pub const MAX_READER_LOCALES: usize = 8;

/// The longest locale kept, in bytes (`de-CH`, `zh-Hant-TW`, `sr-Latn-RS`...).
const MAX_LOCALE_BYTES: usize = 35;

/// The locales a reader reads, most preferred first, e.g. `["de-CH", "fr",
/// "en-US"]`: normalised (`de_CH` → `de-CH`), each once, at most
/// [`MAX_READER_LOCALES`]. Anything that is not a locale (empty, `*`, too
/// long, other characters) is left out, so it may be empty: texts are then
/// looked for in English, then in the pack's default locale.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Locales(Vec<String>);

impl Locales {
    /// The reader's locales from `locales`, most preferred first.
    pub fn new<I, S>(locales: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut kept: Vec<String> = Vec::new();
        for l in locales {
            if kept.len() >= MAX_READER_LOCALES {
                break;
            }
            let l = l.as_ref().trim().replace('_', "-");
            if looks_like_locale(&l) && !kept.iter().any(|k| k.eq_ignore_ascii_case(&l)) {
                kept.push(l);
            }
        }
        Locales(kept)
    }

    /// The locales, most preferred first.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(String::as_str)
    }

    /// The most preferred locale, if there is one.
    pub fn first(&self) -> Option<&str> {
        self.0.first().map(String::as_str)
    }
}

impl From<&str> for Locales {
    fn from(locale: &str) -> Self {
        Locales::new([locale])
    }
}

impl From<&String> for Locales {
    fn from(locale: &String) -> Self {
        Locales::new([locale])
    }
}

impl From<&Locales> for Locales {
    fn from(locales: &Locales) -> Self {
        locales.clone()
    }
}

/// A language of 2 or 3 ASCII letters, then parts of 1 to 8 ASCII letters or
/// digits joined by `-`: lenient about case (`en-US`), as browsers send it.
fn looks_like_locale(l: &str) -> bool {
    let mut parts = l.split('-');
    let lang = parts.next().unwrap_or_default();
    l.len() <= MAX_LOCALE_BYTES
        && (2..=3).contains(&lang.len())
        && lang.chars().all(|c| c.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// The language of a locale: `de` of `de-CH`.
fn language(locale: &str) -> &str {
    locale.split(['-', '_']).next().unwrap_or(locale)
}

impl Localized {
    /// The text for `reader`, in the order the module's documentation gives:
    /// each of the reader's locales (itself, its language, a regional form of
    /// its language), then English, then the pack's `default_locale`, then
    /// any text there is. A plain text is the only text there is.
    pub fn resolve<'a>(&'a self, reader: &Locales, default_locale: &str) -> Option<&'a str> {
        let map = match self {
            Localized::Plain(s) => return Some(s),
            Localized::PerLocale(map) => map,
        };
        let exact = |want: &str| {
            map.iter()
                .find(|(k, _)| k.replace('_', "-").eq_ignore_ascii_case(want))
                .map(|(_, v)| v.as_str())
        };
        let same_language = |lang: &str| {
            map.iter()
                .find(|(k, _)| language(k).eq_ignore_ascii_case(lang))
                .map(|(_, v)| v.as_str())
        };
        let readable = |locale: &str| {
            exact(locale)
                .or_else(|| exact(language(locale)))
                .or_else(|| same_language(language(locale)))
        };
        reader
            .iter()
            .find_map(readable)
            .or_else(|| readable("en"))
            .or_else(|| exact(default_locale))
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
    use super::{Locales, MAX_READER_LOCALES};
    use crate::format::model::Localized;
    use std::collections::BTreeMap;

    fn texts(pairs: &[(&str, &str)]) -> Localized {
        let map: BTreeMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Localized::PerLocale(map)
    }

    fn pick<'a>(t: &'a Localized, reader: &[&str], default: &str) -> Option<&'a str> {
        t.resolve(&Locales::new(reader), default)
    }

    #[test]
    fn falls_back_from_region_to_language() {
        let t = texts(&[
            ("de", "Hallo"),
            ("de-CH", "Grüezi"),
            ("en", "Hello"),
            ("fr", "Bonjour"),
        ]);
        assert_eq!(pick(&t, &["de-CH"], "en"), Some("Grüezi"));
        assert_eq!(pick(&t, &["de-AT"], "en"), Some("Hallo"));
        assert_eq!(pick(&t, &["de_at"], "en"), Some("Hallo"));
        assert_eq!(pick(&t, &["FR-ch"], "en"), Some("Bonjour"));
        assert_eq!(
            Localized::Plain("Hi".into()).resolve(&"fr".into(), "de"),
            Some("Hi")
        );
    }

    #[test]
    fn a_regional_text_serves_readers_of_its_language() {
        let t = texts(&[("de-CH", "Grüezi"), ("en", "Hello")]);
        assert_eq!(pick(&t, &["de"], "en"), Some("Grüezi"));
        assert_eq!(pick(&t, &["de-AT"], "en"), Some("Grüezi"));
    }

    #[test]
    fn tries_the_readers_other_languages_before_english() {
        // A pack in German (its default), English and French; an Italian reader
        // who also reads French gets French, one who reads only Italian English.
        let t = texts(&[("de", "Hallo"), ("en", "Hello"), ("fr", "Bonjour")]);
        assert_eq!(pick(&t, &["it-CH", "fr-CH", "de"], "de"), Some("Bonjour"));
        assert_eq!(pick(&t, &["it-CH", "de-CH", "fr"], "de"), Some("Hallo"));
        assert_eq!(pick(&t, &["it"], "de"), Some("Hello"));
        assert_eq!(pick(&t, &["it", "rm"], "de"), Some("Hello"));
    }

    #[test]
    fn prefers_english_to_the_packs_default_locale() {
        let t = texts(&[("de", "Hallo"), ("en-GB", "Hello")]);
        assert_eq!(pick(&t, &["fr"], "de"), Some("Hello"));
        let t = texts(&[("de", "Hallo"), ("it", "Ciao")]);
        assert_eq!(pick(&t, &["fr"], "de"), Some("Hallo"));
        assert_eq!(pick(&t, &[], "de"), Some("Hallo"));
        // A default locale the text lacks (a refused pack's): any text.
        assert_eq!(pick(&t, &["fr"], "rm"), Some("Hallo"));
    }

    #[test]
    fn keeps_only_locales_each_once_and_a_few() {
        let l = Locales::new(["de_CH", " de-ch ", "*", "", "de-CH;q=0.9", "x", "en-US"]);
        assert_eq!(l.iter().collect::<Vec<_>>(), ["de-CH", "en-US"]);
        let many: Vec<String> = (0..100)
            .map(|i| format!("l{}", char::from(b'a' + i % 26)))
            .collect();
        assert_eq!(Locales::new(&many).iter().count(), MAX_READER_LOCALES);
        assert_eq!(Locales::new(["de-CH-1996-abcdefghi"]).first(), None);
        assert_eq!(Locales::new([&"de-".repeat(20)]).first(), None);
    }
}
