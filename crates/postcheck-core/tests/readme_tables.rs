//! README.md's tables of rule kinds and of built-in detectors are generated
//! from the registries: each kind's `FINDS` and `FIELDS` (rules::KIND_DOCS)
//! and each detector's `summary()` and `example()` (detectors::DETECTORS).
//! They stand between marker comments; this test fails when they are out of
//! date, and rewrites them when run with `POSTCHECK_REGENERATE=1`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use postcheck_core::detectors::DETECTORS;
use postcheck_core::rules::KIND_DOCS;

const README: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../README.md");
const REGENERATE: &str = "POSTCHECK_REGENERATE=1 cargo test -p postcheck-core --test readme_tables";

/// A Markdown table: the header, then one row per entry.
fn table(header: &[&str], rows: impl Iterator<Item = Vec<String>>) -> String {
    let mut out = format!(
        "| {} |\n|{}\n",
        header.join(" | "),
        "---|".repeat(header.len())
    );
    for row in rows {
        for cell in &row {
            assert!(
                !cell.contains(['|', '\n']),
                "{cell:?} would break README.md's table"
            );
        }
        out.push_str(&format!("| {} |\n", row.join(" | ")));
    }
    out
}

fn kinds_table() -> String {
    table(
        &["kind", "finds", "own fields"],
        KIND_DOCS.iter().map(|(name, finds, fields)| {
            vec![format!("`{name}`"), finds.to_string(), fields.to_string()]
        }),
    )
}

fn detectors_table() -> String {
    table(
        &["id", "finds", "example (flagged part in backticks)"],
        DETECTORS.iter().map(|d| {
            vec![
                format!("`{}`", d.id()),
                d.summary().to_string(),
                d.example().to_string(),
            ]
        }),
    )
}

/// The generated tables: their name in the marker comments, and their text.
fn tables() -> [(&'static str, String); 2] {
    [
        ("rule kinds", kinds_table()),
        ("built-in detectors", detectors_table()),
    ]
}

fn start_marker(name: &str) -> String {
    format!(
        "<!-- {name}: generated from the registry; to change it, edit the code and run {REGENERATE} -->\n"
    )
}

fn end_marker(name: &str) -> String {
    format!("<!-- end of {name} -->\n")
}

/// `readme` with the text between the markers of `name` replaced by `text`.
fn with_table(readme: &str, name: &str, text: &str) -> String {
    let (start, end) = (start_marker(name), end_marker(name));
    let Some(from) = readme.find(&start).map(|i| i + start.len()) else {
        panic!("README.md has no line {start:?}");
    };
    let Some(to) = readme[from..].find(&end).map(|i| i + from) else {
        panic!("README.md has no line {end:?} after {start:?}");
    };
    // Blank lines around the table, so that Markdown sees a table after the comment.
    format!("{}\n{text}\n{}", &readme[..from], &readme[to..])
}

#[test]
fn readme_tables_are_current() {
    let readme = std::fs::read_to_string(README).unwrap();
    let mut generated = readme.clone();
    for (name, text) in tables() {
        generated = with_table(&generated, name, &text);
    }
    if generated == readme {
        return;
    }
    if std::env::var_os("POSTCHECK_REGENERATE").is_some() {
        std::fs::write(README, generated).unwrap();
        return;
    }
    let stale: Vec<&str> = tables()
        .iter()
        .filter(|(name, text)| with_table(&readme, name, text) != readme)
        .map(|(name, _)| *name)
        .collect();
    panic!(
        "README.md's table of {} is out of date; please regenerate it:\n  {REGENERATE}",
        stale.join(" and ")
    );
}
