//! Text analysis shared by the rules: folding, word lists, words and languages.

pub mod chars;
pub mod fold;
pub mod language;
pub mod normalize;
pub mod regexes;
pub mod sentences;
pub mod terms;
pub mod titles;
pub mod words;
