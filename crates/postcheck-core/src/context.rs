//! What a check takes besides the draft: the [`Context`] (platform, the
//! reader's locales, date, attached media). Above the pack format, below
//! everything that checks.

use crate::format::date::Date;
use crate::format::locales::Locales;
use crate::format::model::{Media, Platform};

/// The circumstances of a check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Context {
    /// The platform the post is for; length and platform rules need it.
    pub platform: Option<Platform>,
    /// The reader's locale for the hint texts, e.g. `de-CH`: their UI language.
    pub locale: String,
    /// The reader's other locales, most preferred first (the browser's
    /// preferred languages, the CLI's `LANGUAGE`), for a text that has none
    /// in `locale`: tried after it and before English and the pack's default
    /// locale (the order: [`crate::format::locales`]). Empty by default.
    pub fallback_locales: Vec<String>,
    /// Today's date, for embargoes (`public_from`) and `valid_until`; without
    /// it, every rule applies whatever its dates.
    pub date: Option<Date>,
    /// Media attached to the post.
    pub media: Vec<Media>,
}

impl Context {
    /// The reader's locales in order: `locale`, then `fallback_locales`.
    pub fn reader_locales(&self) -> Locales {
        Locales::new(std::iter::once(&self.locale).chain(&self.fallback_locales))
    }
}

impl Default for Context {
    fn default() -> Self {
        Context {
            platform: None,
            locale: "en".to_string(),
            fallback_locales: Vec::new(),
            date: None,
            media: Vec::new(),
        }
    }
}
