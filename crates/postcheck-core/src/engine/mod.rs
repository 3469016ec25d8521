//! The engine, the top layer: a pack loaded ([`load`]) into a [`CompiledPack`]
//! that checks drafts ([`compiled`]) and runs its own examples ([`examples`]),
//! a stack of packs checking together ([`stack`]), what a check gives
//! ([`report`]) and how it is written for the CLI and
//! JavaScript ([`wire`]).

pub mod compiled;
pub mod examples;
pub mod lint;
pub mod load;
pub mod report;
pub mod stack;
pub mod wire;

pub use compiled::CompiledPack;
