//! Long drafts in the text output: the work stays linear in the draft and the
//! hints (a long line is shown as a window around each hint, not whole for
//! each), and a reader that closes the pipe early ends the output quietly.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::io::{BufRead, BufReader};
use std::process::{Output, Stdio};

use unicode_width::UnicodeWidthStr;

mod common;

/// `postcheck check -` of `draft`, all of which the CLI reads.
fn check(draft: &str) -> Output {
    let (out, written) = common::postcheck_with_stdin(&["check", "-"], draft.as_bytes());
    written.unwrap();
    out
}

/// The number of hints the summary line gives.
fn hints(text: &str) -> usize {
    text.lines()
        .find_map(|l| l.split_once(" hints (").map(|(n, _)| n.parse().unwrap()))
        .unwrap_or_else(|| panic!("no summary in {:.2000}", text))
}

/// Checks a draft with many hints: the check succeeds, shows 100 hints or
/// more, and under 1,000 bytes of output per hint. Gives the output and the
/// number of hints.
fn check_many_hints(draft: &str) -> (String, usize) {
    let out = check(draft);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    let n = hints(&text);
    assert!(n >= 100, "{n} hints");
    assert!(text.len() / n < 1_000, "{} bytes for {n} hints", text.len());
    (text, n)
}

#[test]
fn many_hints_on_one_line_show_a_bounded_window_each() {
    let ips = 2_000;
    // Each hint shows at most a window of the 18,000-character line.
    // (10.0.0.2: 10.0.0.1 is a home router's factory address, which says nothing)
    let (text, _) = check_many_hints(&"10.0.0.2 ".repeat(ips));
    for line in text.lines() {
        assert!(line.width() < 300, "a line of {} columns", line.width());
    }
}

#[test]
fn a_long_line_is_cut_around_the_hint_and_the_carets_stay_under_it() {
    let draft = format!(
        "{}streng vertraulich{}",
        "Grüsse aus Zürich ".repeat(30),
        " und 👩🏽‍💻 weiter".repeat(30)
    );
    let out = check(&draft);
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let shown = lines
        .iter()
        .position(|l| l.starts_with("1 | "))
        .unwrap_or_else(|| panic!("no draft line in {text}"));
    let (line, carets) = (lines[shown], lines[shown + 1]);
    assert!(line.starts_with("1 | …") && line.ends_with('…'), "{line}");
    assert!(line.width() <= 130, "{line}");
    // The carets start in the column where the excerpt starts.
    let at = line.find("streng vertraulich").unwrap();
    assert_eq!(
        carets.find('^').map(|i| carets[..i].width()),
        Some(line[..at].width()),
        "\n{line}\n{carets}"
    );
    assert!(
        carets.contains(&"^".repeat("streng vertraulich".len())),
        "{carets}"
    );
    // The place is still counted in the whole line.
    let column = "Grüsse aus Zürich ".repeat(30).chars().count() + 1;
    assert!(text.contains(&format!("<stdin>:1:{column}")), "{text}");
}

#[test]
fn many_lines_with_hints_are_checked() {
    let lines = 20_000;
    let (text, n) = check_many_hints(&"Das bleibt streng vertraulich.\n".repeat(lines));
    if n == lines {
        assert!(
            text.contains(&format!("<stdin>:{lines}:12")),
            "the last line"
        );
    }
}

#[test]
fn a_closed_pipe_ends_the_output_quietly() {
    let draft = "Das bleibt streng vertraulich.\n".repeat(5_000);
    let dir = std::env::temp_dir().join(format!("postcheck-pipe-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("big.txt");
    std::fs::write(&file, draft).unwrap();
    for args in [vec!["check"], vec!["check", "--format", "json"]] {
        let mut child = common::postcheck()
            .args(&args)
            .arg(&file)
            .env("NO_COLOR", "1")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // `| head -1`: read one line, then close the pipe.
        let mut first = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut first)
            .unwrap();
        assert!(!first.is_empty());
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {err}");
        assert!(err.is_empty(), "{args:?}: {err}");
    }
}

#[test]
fn an_output_that_cannot_be_written_is_a_clear_error() {
    let Ok(full) = std::fs::File::create("/dev/full") else {
        return; // not on this system
    };
    let out = common::postcheck()
        .args(["pack", "starter"])
        .stdout(full)
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.starts_with("postcheck: cannot write the output: ") && !err.contains("panicked"),
        "{err}"
    );
}
