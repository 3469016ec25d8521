//! A hint's fix: the one concrete change that resolves it, when there is one
//! that is safe to make for the employee (the extension's "Apply" makes it in
//! the editor after the employee's click). Rules give it with their findings
//! ([`super::Finding::fix`]); a hint carries it ([`crate::Hint::fix`]), and the
//! wire writes it after `suggestions` ([`crate::engine::wire`]).

use serde::Serialize;

/// A concrete change to the draft that resolves a hint: what the extension's
/// "Apply" writes into the editor, after the employee's click.
///
/// Written as `{"kind": "replace" | "remove" | "append", "text": "..."}`:
///
/// - `replace`: the hint's passage (`start`..`end`, `excerpt`) becomes `text`
///   (a substitution with exactly one replacement: `Github` → `GitHub`; a run
///   of repeated punctuation: `!!!` → `!`).
/// - `remove`: the hint's passage is taken out; `text` is empty (a rule with
///   `"offer_removal": true`, e.g. an internal marker). The extension takes one
///   space along when the passage stands between two, so no double space is left.
/// - `append`: `text` is added at the end of the draft, after its last
///   character that is not white space (trailing blank lines and spaces stay
///   after it). `text` starts with the separator it needs (a space when the
///   draft has text, nothing when it is empty): a disclosure such as
///   `" #ACMEemployee"`. The hint's span still points at the passage that asked
///   for it (the product named).
///
/// The offsets are the hint's own; the fix has none, so converting a report's
/// offsets converts a fix's place too.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fix {
    /// What kind of change.
    pub kind: FixKind,
    /// The text to write (empty for `remove`).
    pub text: String,
}

/// The kinds of [`Fix`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FixKind {
    /// Replace the hint's passage with the fix's text.
    Replace,
    /// Remove the hint's passage.
    Remove,
    /// Add the fix's text at the end of the draft.
    Append,
}

impl Fix {
    /// Replace the hint's passage with `text`.
    pub fn replace(text: impl Into<String>) -> Fix {
        Fix {
            kind: FixKind::Replace,
            text: text.into(),
        }
    }

    /// Remove the hint's passage.
    pub fn remove() -> Fix {
        Fix {
            kind: FixKind::Remove,
            text: String::new(),
        }
    }

    /// Add `addition` at the end of `draft` (after its last character that is
    /// not white space), with a space before it when the draft has text.
    pub fn append(draft: &str, addition: &str) -> Fix {
        let separator = if draft.trim_end().is_empty() { "" } else { " " };
        Fix {
            kind: FixKind::Append,
            text: format!("{separator}{}", addition.trim()),
        }
    }
}
