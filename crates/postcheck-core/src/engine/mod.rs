//! The engine, the top layer: a pack loaded ([`load`]) into a [`CompiledPack`]
//! that checks drafts ([`compiled`]) and runs its own examples ([`examples`]),
//! and what a check gives ([`report`]).

pub mod compiled;
pub mod examples;
pub mod load;
pub mod report;

pub use compiled::CompiledPack;
