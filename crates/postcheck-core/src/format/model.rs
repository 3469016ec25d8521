//! The rule pack v1 as it is written in JSON: the contract with every company.
//!
//! These types are the single source of the pack format: the loader reads them,
//! and `postcheck pack schema` turns them into the published JSON Schema. Every
//! field has a doc comment, which becomes the schema's description.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::date::Date;

/// The value of the `schema` field this version of postcheck reads.
pub const SCHEMA_V1: &str = "postcheck/pack/v1";

/// A rule pack's manifest: everything but its rules, which the rules layer
/// reads one by one. The pack file is this object with `rules`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// Format version of this file. Always `"postcheck/pack/v1"`.
    pub schema: String,
    /// Stable identifier of the pack, lowercase letters, digits and `-`, e.g. `"acme-social"`.
    pub id: String,
    /// Name shown to employees, e.g. `"ACME social-media guidelines"`. At most 200 characters per locale.
    pub name: Localized,
    /// Version of this pack, e.g. `"2026.11.1"`; shown in the extension and CLI. At most 200 characters.
    pub version: String,
    /// Who publishes the pack, e.g. `"ACME Corporate Communications"`. At most 200 characters.
    pub publisher: String,
    /// Date of this release, `YYYY-MM-DD`.
    pub date: Date,
    /// Locale used when a text has no translation for the reader's locale, e.g. `"de"`.
    pub default_locale: String,
    /// Languages the pack's texts are written in, e.g. `["de", "en"]`.
    /// Every message should have a text for each of them.
    pub languages: Vec<String>,
    /// A short description of the pack for the employee. At most 2,000 characters per locale.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Localized>,
    /// Where employees can download the newest version of this pack (https). At most 2,048 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub update_url: Option<String>,
    /// People or teams employees can ask, cited by rules.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contacts: Vec<Contact>,
    /// Sections of the company's guidelines, cited by rules so that every hint can say why.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub guidelines: Vec<Guideline>,
    /// Per-platform settings: length limits and the "see more" fold.
    #[serde(default)]
    pub platforms: Platforms,
    /// The publisher's public key (minisign; the key line of its `.pub` file,
    /// or the whole file), for a pack published with a signature: the
    /// extension pins it when the pack is first imported from its link with a
    /// valid signature by it, and then takes later versions only when that key
    /// signed them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher_key: Option<String>,
    /// After this date (`YYYY-MM-DD`) the pack is out of date: it still checks,
    /// and the extension and CLI say that it should be updated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires: Option<Date>,
    /// Changes this pack makes to the rules of the packs beneath it when packs
    /// are stacked (the built-in baseline, then company packs): switch rules or
    /// whole categories off, change their level or texts, add exceptions. A
    /// pack checked alone ignores them. At most 1,000.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub overrides: Vec<Override>,
}

/// A change to rules of the packs beneath in a stack. It names its target
/// (`rule`, `category`, or `pack` alone for a whole pack, e.g. to switch the
/// built-in baseline off on purpose) and what changes (`off`, or any of
/// `level`, `message`, `suggestion`, `exceptions`).
///
/// Example: `{"rule": "phone", "exceptions": ["+41 800 22 63 00"]}` leaves the
/// company's public hotline alone; `{"category": "netiquette", "level": "note"}`
/// words every netiquette hint beneath as a note.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Override {
    /// Id of the rule changed (in every pack beneath, or in `pack` only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    /// The category whose rules are changed (in every pack beneath, or in `pack` only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<Category>,
    /// Id of the pack beneath whose rules are changed; alone, the whole pack.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pack: Option<String>,
    /// Switch the rules off.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub off: bool,
    /// The level the rules' hints get instead of their own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<Level>,
    /// The message the rules' hints get instead of their own (same placeholders). At most 1,000 characters per locale.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<Localized>,
    /// The advice the rules' hints get instead of their own. At most 1,000 characters per locale.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suggestion: Option<Localized>,
    /// Words or passages the rules leave alone: a hint whose passage lies within
    /// one of them (folded, as `terms` match) is not given. At most 1,000 per
    /// override, each at most 200 characters.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exceptions: Vec<String>,
}

/// A text in one or more locales. Either a plain string (in the pack's default locale)
/// or an object from locale to text: `{"de": "...", "en": "...", "de-CH": "..."}`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(untagged)]
pub enum Localized {
    /// The text in the pack's default locale.
    Plain(String),
    /// The text per locale (`de`, `en`, `fr`, `it`, or a regional form such as `de-CH`).
    PerLocale(BTreeMap<String, String>),
}

/// A person or team employees can turn to.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    /// Identifier that rules use in their `contact` field. At most 200 characters.
    pub id: String,
    /// Name of the person or team, e.g. `"Corporate Communications"`. At most 200 characters per locale.
    pub name: Localized,
    /// E-mail address. At most 2,048 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Telephone number. At most 2,048 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// A web page (https), e.g. the intranet page of the team. At most 2,048 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// What to ask them about, e.g. `"Crisis topics, press enquiries"`. At most 2,000 characters per locale.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub topics: Option<Localized>,
}

/// One section of the company's social-media guidelines.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Guideline {
    /// Identifier that rules use in their `guideline` field. At most 200 characters.
    pub id: String,
    /// Title of the section, e.g. `"Confidential information"`. At most 200 characters per locale.
    pub title: Localized,
    /// The guideline in a few sentences: what is asked, and why. At most 10,000
    /// characters per locale: it is shown with every hint that cites it; the
    /// full guideline is behind `link`.
    pub text: Localized,
    /// Link to the full guideline (https). At most 2,048 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
}

/// Settings per platform.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Platforms {
    /// X (Twitter).
    #[serde(default = "PlatformSettings::x")]
    pub x: PlatformSettings,
    /// LinkedIn.
    #[serde(default = "PlatformSettings::linkedin")]
    pub linkedin: PlatformSettings,
}

impl Default for Platforms {
    fn default() -> Self {
        Self {
            x: PlatformSettings::x(),
            linkedin: PlatformSettings::linkedin(),
        }
    }
}

/// Most characters a platform limit (`max_length`, `fold_at`) may be: far
/// above any network's limit, and the same on every target (32 and 64 bits).
pub const MAX_PLATFORM_LENGTH: usize = 1_000_000;

/// Limits of one platform.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct PlatformSettings {
    /// Most characters a post may have, counted as the platform counts
    /// (X: weighted length of twitter-text; LinkedIn: JavaScript string length).
    /// From 1 to 1,000,000.
    #[schemars(range(min = 1, max = 1_000_000))]
    pub max_length: usize,
    /// Where the platform folds a long post behind "see more", in characters, if it does.
    /// At most 1,000,000.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(max = 1_000_000))]
    pub fold_at: Option<usize>,
}

impl PlatformSettings {
    /// X: 280 weighted characters (twitter-text configuration v3).
    pub fn x() -> Self {
        Self {
            max_length: 280,
            fold_at: None,
        }
    }
    /// LinkedIn: 3,000 characters; "see more" after about 210.
    pub fn linkedin() -> Self {
        Self {
            max_length: 3000,
            fold_at: Some(210),
        }
    }
}

/// The fields every rule has, whatever its kind.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub struct RuleCommon {
    /// Stable identifier, unique in the pack, e.g. `"codename-orion"`. Lowercase letters, digits, `-` and `.`.
    pub id: String,
    /// What the rule protects.
    pub category: Category,
    /// How strongly the hint is worded. Every level is advice; nothing blocks a post.
    pub level: Level,
    /// The hint shown to the employee. May use `{match}` (the matched text), and for
    /// `metric` rules `{count}`, `{max}` and `{excess}`. At most 1,000 characters per locale.
    pub message: Localized,
    /// Optional advice on what to do instead, shown under the message. At most 1,000
    /// characters per locale.
    #[serde(default)]
    pub suggestion: Option<Localized>,
    /// Id of the guideline section the rule stands on.
    #[serde(default)]
    pub guideline: Option<String>,
    /// Id of the contact to ask.
    #[serde(default)]
    pub contact: Option<String>,
    /// Platforms the rule applies to; all when empty or absent.
    #[serde(default)]
    pub platforms: Vec<Platform>,
    /// Languages of the draft the rule applies to (`de`, `en`, `fr`, `it`); all when empty.
    /// The language of a draft is guessed from common words; when unsure, every rule applies.
    #[serde(default)]
    pub languages: Vec<String>,
    /// The rule applies only before this date: from this day on the name is public (an embargo ends).
    #[serde(default)]
    pub public_from: Option<Date>,
    /// Words or passages the rule leaves alone, whatever its kind: a hint whose
    /// passage lies within one of them (folded, with endings, as `terms`
    /// match) is not given, e.g. `"Orion Health"` (another company) for the
    /// code name `"Orion"`, or the company's public hotline for a phone rule.
    #[serde(default)]
    pub exceptions: Vec<String>,
    /// The rule applies only when one of these media is attached to the post:
    /// words and media together, e.g. a photo whose caption names track-side
    /// equipment. All posts when empty or absent.
    #[serde(default)]
    pub with_media: Vec<Media>,
    /// The rule applies only from this date on, inclusive: with `valid_until`,
    /// a period such as a quiet period before results.
    #[serde(default)]
    pub valid_from: Option<Date>,
    /// The rule applies only until this date, inclusive.
    #[serde(default)]
    pub valid_until: Option<Date>,
    /// The passage can simply be taken out of the post (an internal marker such as
    /// "INTERNAL ONLY" in front of a public text): each hint then offers to remove
    /// it in place (its `fix`, the extension's "Apply"). Default `false`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub offer_removal: bool,
    /// Texts that must trigger the rule and texts that must not. Checked whenever the pack is loaded.
    /// At most 100 per rule (`hit` and `miss` together); a pack has at most 20,000
    /// examples with 2 MB of text in all.
    #[serde(default)]
    pub examples: Examples,
}

/// Example texts of a rule; the pack is refused when one of them does not behave as stated.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Examples {
    /// Texts that must trigger the rule.
    #[serde(default)]
    pub hit: Vec<Example>,
    /// Texts that must not trigger the rule.
    #[serde(default)]
    pub miss: Vec<Example>,
}

/// An example text, either a plain string or an object with the context it is checked in.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum Example {
    /// The draft text alone.
    Text(String),
    /// The draft with its context.
    WithContext(ExampleWithContext),
}

/// An example with the context it is checked in.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExampleWithContext {
    /// The draft text.
    pub text: String,
    /// Platform to check for.
    #[serde(default)]
    pub platform: Option<Platform>,
    /// Media attached to the post.
    #[serde(default)]
    pub media: Vec<Media>,
}

impl Example {
    /// The example's text.
    pub fn text(&self) -> &str {
        match self {
            Example::Text(t) => t,
            Example::WithContext(e) => &e.text,
        }
    }
}

/// What a rule protects. A fixed vocabulary, so that hints can be grouped and filtered.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    /// Code names, customer names, figures, internal documents.
    Confidential,
    /// Personal data of colleagues, customers or oneself.
    PersonalData,
    /// Passwords, keys, tokens.
    Secret,
    /// The company's values and wording.
    Values,
    /// Disclosing the employment when speaking about the employer.
    Disclosure,
    /// Tone and manners.
    Netiquette,
    /// Image rights and third-party content.
    Copyright,
    /// Platform limits and conventions.
    Platform,
    /// The poster's own safety.
    Safety,
}

impl Category {
    /// Every category, in documentation order.
    pub const ALL: [Category; 9] = [
        Category::Confidential,
        Category::PersonalData,
        Category::Secret,
        Category::Values,
        Category::Disclosure,
        Category::Netiquette,
        Category::Copyright,
        Category::Platform,
        Category::Safety,
    ];

    /// The name used in packs and output, e.g. `personal-data`.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Confidential => "confidential",
            Category::PersonalData => "personal-data",
            Category::Secret => "secret",
            Category::Values => "values",
            Category::Disclosure => "disclosure",
            Category::Netiquette => "netiquette",
            Category::Copyright => "copyright",
            Category::Platform => "platform",
            Category::Safety => "safety",
        }
    }
}

/// How strongly a hint is worded. Every level is advice, never an error.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Level {
    /// Worth knowing.
    Note,
    /// Worth a second look.
    Consider,
    /// Please check before posting.
    Important,
}

impl Level {
    /// The name used in packs and output.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Note => "note",
            Level::Consider => "consider",
            Level::Important => "important",
        }
    }
}

/// A social network postcheck knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Platform {
    /// X (Twitter).
    X,
    /// LinkedIn.
    Linkedin,
}

impl Platform {
    /// The name used in packs and output.
    pub fn as_str(self) -> &'static str {
        match self {
            Platform::X => "x",
            Platform::Linkedin => "linkedin",
        }
    }
    /// Reads `x`, `twitter` or `linkedin`.
    pub fn parse(s: &str) -> Option<Platform> {
        match s.to_ascii_lowercase().as_str() {
            "x" | "twitter" => Some(Platform::X),
            "linkedin" => Some(Platform::Linkedin),
            _ => None,
        }
    }
}

/// Something attached to a post.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Media {
    /// A photo or picture.
    Image,
    /// A video.
    Video,
    /// A document (PDF, slides).
    Document,
}

impl Media {
    /// Reads `image`, `video` or `document`.
    pub fn parse(s: &str) -> Option<Media> {
        match s.to_ascii_lowercase().as_str() {
            "image" | "photo" | "picture" => Some(Media::Image),
            "video" => Some(Media::Video),
            "document" | "pdf" => Some(Media::Document),
            _ => None,
        }
    }
}
