//! postcheck-core: checks a draft social-media post against a company's rule pack.
//!
//! Pure: no I/O, no clock, no platform types. Load a pack with
//! [`CompiledPack::from_json`], then call [`CompiledPack::check`] with the draft
//! and a [`Context`]. Every hint is advice; nothing here blocks anything.
//!
//! ```
//! use postcheck_core::{CompiledPack, Context, starter_pack};
//! let pack = CompiledPack::from_json(starter_pack()).expect("the starter pack is valid");
//! let report = pack.check("Write to anna.muster@acme.example!", &Context::default());
//! assert_eq!(report.hints[0].excerpt, "anna.muster@acme.example");
//! ```

pub mod check;
mod compiled;
pub mod detectors;
pub mod pack;
pub mod platform;
pub mod rules;
pub mod schema;
pub mod text;

#[cfg(test)]
mod testing;

pub use check::{
    ContactRef, Context, GuidelineRef, Hint, HintLimits, Length, MAX_HINTS, MAX_HINTS_PER_RULE,
    Report, SharedText,
};
pub use compiled::{CompiledPack, PackInfo, RuleInfo};
pub use pack::date::Date;
pub use pack::examples::ExampleResult;
pub use pack::model::{Category, Level, Media, Platform};
pub use pack::problem::{PackError, Problem, Severity};
pub use rules::hashed_terms::{hash_term, mark_term, term_word_count};

/// The built-in starter pack (JSON), used when no company pack is loaded.
pub fn starter_pack() -> &'static str {
    include_str!("../../../packs/starter.json")
}
