//! Tools for the people who write packs (communications teams) and for the
//! employees who read them: the corpus of posts shipped with postcheck and
//! its word lists (`corpus.rs`, `words.rs`), the audit of a pack against
//! them (`audit.rs`), the guideline page of a pack (`docs.rs`), lint
//! warnings from the word lists (`lint.rs`) and rules of hashed code names
//! (`hash_rule.rs`). Above
//! the engine: these run packs, they are not part of a check.

pub mod audit;
pub mod corpus;
pub mod docs;
pub mod hash_rule;
pub mod lint;
pub mod words;
