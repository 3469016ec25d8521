//! What a check takes besides the draft: the [`Context`] (platform, locale,
//! date, attached media). Above the pack format, below everything that checks.

use crate::format::date::Date;
use crate::format::model::{Media, Platform};

/// The circumstances of a check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Context {
    /// The platform the post is for; length and platform rules need it.
    pub platform: Option<Platform>,
    /// The reader's locale for the hint texts, e.g. `de-CH`.
    pub locale: String,
    /// Today's date, for embargoes (`public_from`) and `valid_until`; without
    /// it, every rule applies whatever its dates.
    pub date: Option<Date>,
    /// Media attached to the post.
    pub media: Vec<Media>,
}

impl Default for Context {
    fn default() -> Self {
        Context {
            platform: None,
            locale: "en".to_string(),
            date: None,
            media: Vec::new(),
        }
    }
}
