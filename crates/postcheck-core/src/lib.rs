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

// Layers, bottom first: format, context, text, platform, detectors, rules,
// engine, schema, authoring. Each imports only those below it (tests/layers.rs).
pub mod authoring;
pub mod context;
pub mod detectors;
pub mod engine;
pub mod format;
pub mod platform;
pub mod rules;
pub mod schema;
pub mod text;

#[cfg(test)]
mod testing;

pub use context::Context;
pub use engine::compiled::{CompiledPack, PackInfo, RuleInfo};
pub use engine::examples::ExampleResult;
pub use engine::load::Lint;
pub use engine::report::{
    ContactRef, Fix, FixKind, GuidelineRef, Hint, HintLimits, LayerRef, Length, MAX_HINTS,
    MAX_HINTS_PER_RULE, PackRef, Report, SharedText,
};
pub use engine::stack::{PackStack, StackError, StackInfo, StackOptions};
pub use engine::wire::{
    Absent, Offsets, WirePackError, WireProblem, WireProblems, WireReport, convert_offsets,
    serialize_problems_as,
};
pub use format::date::Date;
pub use format::model::{Category, Level, Media, Platform};
pub use format::problem::{PackError, Problem, Severity};
pub use rules::hashed_terms::{hash_term, mark_term, term_word_count};

/// The built-in starter pack (JSON), used when no company pack is loaded.
pub fn starter_pack() -> &'static str {
    include_str!("../../../packs/starter.json")
}
