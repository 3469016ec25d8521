//! What a check takes (the [`Context`]) and gives (a [`Report`] of [`Hint`]s).

use serde::Serialize;

use crate::pack::date::Date;
use crate::pack::model::{Category, Level, Media, Platform};

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

/// The result of a check.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// The post's length on the platform, when a platform was given.
    pub length: Option<Length>,
    /// The hints, by position.
    pub hints: Vec<Hint>,
}

/// Length of the post as the platform counts it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Length {
    /// Characters used.
    pub used: usize,
    /// Characters allowed.
    pub limit: usize,
}

/// One piece of advice about the draft.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hint {
    /// Id of the rule that gave it.
    pub rule: String,
    /// What it protects.
    pub category: Category,
    /// How strongly it is worded.
    pub level: Level,
    /// Start of the passage, as a byte offset into the draft (UTF-8).
    pub start: usize,
    /// End of the passage (exclusive), as a byte offset; equals `start` for hints about the whole post.
    pub end: usize,
    /// The passage itself.
    pub excerpt: String,
    /// The advice, in the reader's locale.
    pub message: String,
    /// What to do instead, in the reader's locale.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub advice: Option<String>,
    /// Concrete texts to use instead of the passage (or, for disclosures, to add).
    pub suggestions: Vec<String>,
    /// The guideline the advice stands on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub guideline: Option<GuidelineRef>,
    /// Whom to ask.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact: Option<ContactRef>,
}

/// A guideline section, in the reader's locale.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GuidelineRef {
    /// Its id in the pack.
    pub id: String,
    /// Its title.
    pub title: String,
    /// What it says.
    pub text: String,
    /// Where to read all of it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
}

/// Whom to ask, in the reader's locale.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ContactRef {
    /// Its id in the pack.
    pub id: String,
    /// Person or team.
    pub name: String,
    /// E-mail address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Telephone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// Web page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}
