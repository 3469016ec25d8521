//! Tools for the people who write packs (communications teams) and for the
//! employees who read them: the corpus of posts shipped with postcheck and
//! its word lists (`corpus.rs`, `words.rs`), the audit of a pack against
//! them (`audit.rs`), and the guideline page of a pack (`docs.rs`). Above
//! the engine: these run packs, they are not part of a check.

pub mod audit;
pub mod corpus;
pub mod docs;
pub mod lint;
pub mod words;
