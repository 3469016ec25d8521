//! What a check gives: a [`Report`] of [`Hint`]s, within [`HintLimits`]. How
//! a report is written (the CLI's JSON, JavaScript's objects) and its offsets
//! converted is in [`super::wire`].

use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

use serde::{Serialize, Serializer};

use super::wire::Offsets;
use crate::format::model::{Category, Level, Platform};
/// A hint's fix: see [`crate::rules::fix`] for its kinds and how it is written
/// (`{"kind": "replace" | "remove" | "append", "text"}`, after `suggestions`).
pub use crate::rules::fix::{Fix, FixKind};

/// The most hints one rule gives in one check of the extension: its first by
/// position. A hostile draft can repeat what a rule finds thousands of times;
/// nobody reads more than this many hints of one rule, and each costs memory
/// and time. The rest are counted in [`Report::omitted`].
pub const MAX_HINTS_PER_RULE: usize = 100;

/// The most hints one check of the extension gives: the first by position,
/// then rule order. The extension shows 200; 5,000 rules that each find the
/// same 200 passages would otherwise make a million hints (gigabytes for a
/// 100 KB draft). The rest are counted in [`Report::omitted`], and no text is
/// built for them.
pub const MAX_HINTS: usize = 200;

/// How many hints a check gives ([`crate::CompiledPack::check_limited`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HintLimits {
    /// The most hints of one rule.
    pub per_rule: usize,
    /// The most hints in all.
    pub total: usize,
}

impl HintLimits {
    /// The extension's limits: [`MAX_HINTS_PER_RULE`] and [`MAX_HINTS`].
    pub const EXTENSION: HintLimits = HintLimits {
        per_rule: MAX_HINTS_PER_RULE,
        total: MAX_HINTS,
    };

    /// No limit: every hint (for trusted packs, tests and tools).
    pub const NONE: HintLimits = HintLimits {
        per_rule: usize::MAX,
        total: usize::MAX,
    };
}

impl Default for HintLimits {
    fn default() -> Self {
        HintLimits::EXTENSION
    }
}

/// The result of a check: what the CLI writes as JSON and JavaScript receives
/// (see [`super::wire`] for how it is written; its `Serialize` is the CLI's JSON).
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// The pack that checked; in a stack check, the topmost layer.
    pub pack: PackRef,
    /// The layers of the stack that checked, bottom first (see
    /// [`super::stack::PackStack`]); empty for a pack checked alone, and then
    /// not written, so that its result is what it always was.
    pub packs: Vec<LayerRef>,
    /// The platform checked for, when one was given.
    pub platform: Option<Platform>,
    /// The post's length on the platform, when a platform was given.
    pub length: Option<Length>,
    /// The hints, by position, within the check's [`HintLimits`].
    pub hints: Vec<Hint>,
    /// How many hints were left out by the check's [`HintLimits`] (not built).
    /// A passage a rule finds again after others may count twice. Not written
    /// when zero.
    pub omitted: usize,
    /// The unit of every hint's `start` and `end`: [`Offsets::Utf8Bytes`] as
    /// the check gives them, until [`Report::convert_offsets`] converts them.
    /// Not written.
    pub offsets: Offsets,
}

/// The pack a report came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PackRef {
    /// Pack id.
    pub id: String,
    /// Pack version.
    pub version: String,
}

/// A layer of a stack, as a report names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LayerRef {
    /// Pack id.
    pub id: String,
    /// Pack version.
    pub version: String,
    /// Name in the reader's locale.
    pub name: String,
    /// Publisher.
    pub publisher: String,
}

/// A text of the pack (a message, a guideline, a contact's name) shared by all
/// hints that show it: a 4 MB guideline text cited by 200 hints is kept once,
/// not copied 200 times. Reads as a `str`; serialized as a string.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct SharedText(Arc<str>);

impl SharedText {
    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether `a` and `b` are the same shared text (not only equal texts).
    pub fn ptr_eq(a: &SharedText, b: &SharedText) -> bool {
        Arc::ptr_eq(&a.0, &b.0)
    }
}

impl Deref for SharedText {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for SharedText {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for SharedText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl fmt::Display for SharedText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&*self.0, f)
    }
}

impl From<&str> for SharedText {
    fn from(s: &str) -> Self {
        SharedText(Arc::from(s))
    }
}

impl From<String> for SharedText {
    fn from(s: String) -> Self {
        SharedText(Arc::from(s))
    }
}

impl PartialEq<str> for SharedText {
    fn eq(&self, other: &str) -> bool {
        &*self.0 == other
    }
}

impl PartialEq<&str> for SharedText {
    fn eq(&self, other: &&str) -> bool {
        &*self.0 == *other
    }
}

impl PartialEq<String> for SharedText {
    fn eq(&self, other: &String) -> bool {
        *self.0 == **other
    }
}

impl Serialize for SharedText {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

/// Length of the post as the platform counts it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Length {
    /// Characters used.
    pub used: usize,
    /// Characters allowed.
    pub limit: usize,
}

/// One piece of advice about the draft. Its `Serialize` writes it as the CLI's
/// JSON does (absent parts left out), see [`super::wire`].
#[derive(Debug, Clone, PartialEq)]
pub struct Hint {
    /// Id of the rule that gave it.
    pub rule: String,
    /// In a stack check, the id of the layer (pack) whose rule gave it; `None`
    /// for a pack checked alone (then not written).
    pub pack: Option<String>,
    /// What it protects.
    pub category: Category,
    /// How strongly it is worded.
    pub level: Level,
    /// Start of the passage in the draft, in the report's [`Report::offsets`]
    /// (UTF-8 bytes as the check gives it).
    pub start: usize,
    /// End of the passage (exclusive), in the same unit; equals `start` for
    /// hints about the whole post.
    pub end: usize,
    /// The passage itself.
    pub excerpt: String,
    /// The advice, in the reader's locale.
    pub message: SharedText,
    /// What to do instead, in the reader's locale.
    pub advice: Option<SharedText>,
    /// Concrete texts to use instead of the passage (or, for disclosures, to add).
    pub suggestions: Vec<String>,
    /// The one concrete change that resolves the hint, when there is one that
    /// is safe to make for the employee (the extension's "Apply"); `None` for
    /// the rest. Written after `suggestions`, left out of the CLI's JSON when
    /// absent ([`super::wire`]).
    pub fix: Option<Fix>,
    /// The guideline the advice stands on.
    pub guideline: Option<GuidelineRef>,
    /// Whom to ask.
    pub contact: Option<ContactRef>,
}

/// A guideline section, in the reader's locale. Its absent link is left out
/// in every way of writing a report (the CLI's and JavaScript's alike).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GuidelineRef {
    /// Its id in the pack.
    pub id: String,
    /// Its title.
    pub title: SharedText,
    /// What it says.
    pub text: SharedText,
    /// Where to read all of it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub link: Option<SharedText>,
}

/// Whom to ask, in the reader's locale. Its absent e-mail, phone and web page
/// are left out in every way of writing a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ContactRef {
    /// Its id in the pack.
    pub id: String,
    /// Person or team.
    pub name: SharedText,
    /// E-mail address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<SharedText>,
    /// Telephone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<SharedText>,
    /// Web page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<SharedText>,
}
