//! `file-share`: paths to network shares and internal file locations.
//!
//! Why it matters: a share path names internal servers, departments and
//! projects (`\\fs01\Finanzen\Budget 2027`), and a local path often shows a
//! user name (`C:\Users\anna.muster\...`). Neither means anything to the
//! readers of a post.
//!
//! Example: "liegt unter \\fs01.corp\Projekte\Falke\Angebot.pdf" flags the path.
//!
//! Finds UNC paths (`\\server\share\...`), `file://` links, `smb://`, `cifs://`,
//! `afp://` and `nfs://` links, and drive paths (`S:\Projekte\...`, also with
//! forward slashes) with at least one folder or file name. The span runs to
//! the next white space (paths with spaces are cut there). Confidence: high,
//! except paths on the local system drive `C:` (medium).

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::around::char_before;
use super::scan;
use super::{Candidate, Confidence, Detector, DetectorOptions};

/// Finds network share paths, file links and drive paths.
pub struct FileShare;

static SHARE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(concat!(
        // UNC: \\server\share...
        r#"(?P<unc>\\\\[A-Za-z0-9][A-Za-z0-9._$\-]*\\[^\s\\/:*?"<>|]+(?:\\[^\s\\:*?"<>|]*)*)"#,
        // file:, smb:, cifs:, afp:, nfs: links
        r#"|(?P<link>(?i:\b(?:file:/{1,3}|(?:smb|cifs|afp|nfs)://))[^\s<>"'`]+)"#,
        // drive paths: S:\Projekte\... or S:/Projekte/...
        r#"|(?P<drive>\b(?P<letter>[A-Za-z]):[\\/][^\s\\/:*?"<>|]{2,}(?:[\\/][^\s\\/:*?"<>|]*)*)"#,
    ))
    .ok()
});

fn trim_end(text: &str, span: Range<usize>) -> Range<usize> {
    let Some(s) = text.get(span.clone()) else {
        return span;
    };
    let mut t = s.trim_end_matches(['.', ',', ';', ':', '!', '?', '\'', '"', '»', '”']);
    while t.ends_with(')') && t.matches(')').count() > t.matches('(').count() {
        t = t
            .strip_suffix(')')
            .unwrap_or(t)
            .trim_end_matches(['.', ',', ';', ':', '!', '?']);
    }
    span.start..span.start + t.len()
}

/// The words (runs of characters other than white space) that can hold a
/// path: those with `\\` (UNC) or `:/`, `:\` (links, drives). Every path is
/// inside one, as none holds white space; most drafts have none, and the
/// expression (slow on non-ASCII text, for its Unicode `\b`) reads only these.
fn path_words(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let followed_by = |i: usize, next: &[u8]| bytes.get(i + 1).is_some_and(|b| next.contains(b));
    let mut marks: Vec<usize> = text
        .match_indices('\\')
        .filter(|&(i, _)| followed_by(i, b"\\"))
        .chain(
            text.match_indices(':')
                .filter(|&(i, _)| followed_by(i, b"/\\")),
        )
        .map(|(i, _)| i)
        .collect();
    marks.sort_unstable();
    let mut words: Vec<Range<usize>> = Vec::new();
    for mark in marks {
        if words.last().is_some_and(|w| mark < w.end) {
            continue;
        }
        words.push(scan::word_around(text, mark));
    }
    words
}

impl Detector for FileShare {
    fn id(&self) -> &'static str {
        "file-share"
    }

    fn summary(&self) -> &'static str {
        "UNC paths, `file://` and `smb://` links, drive paths"
    }

    fn example(&self) -> &'static str {
        r#"liegt unter `\\fs01\Projekte\Angebot.pdf`"#
    }

    fn find(&self, text: &str, _: &DetectorOptions, found: &mut Vec<Candidate>) {
        let Some(re) = SHARE.as_ref() else { return };
        let captures = path_words(text).into_iter().flat_map(|word| {
            // The search stops at the end of the word: no path goes past white space.
            let head = text.get(..word.end).unwrap_or("");
            let mut at = word.start;
            std::iter::from_fn(move || {
                let caps = re.captures_at(head, at)?;
                at = caps.get(0)?.end();
                Some(caps)
            })
        });
        for caps in captures {
            let Some(all) = caps.get(0) else { continue };
            let confidence = if let Some(letter) = caps.name("letter") {
                // not the end of a word or a link ("http://", "x:/y")
                if char_before(text, all.start())
                    .is_some_and(|c| c.is_alphanumeric() || c == '/' || c == '\\')
                {
                    continue;
                }
                if letter.as_str().eq_ignore_ascii_case("c") {
                    Confidence::Medium
                } else {
                    Confidence::High
                }
            } else {
                Confidence::High
            };
            let span = trim_end(text, all.range());
            if span.len() > 4 {
                found.push(Candidate { span, confidence });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detectors::testing;

    fn find(text: &str) -> Vec<(&str, Confidence)> {
        testing::found(&FileShare, text)
    }

    #[test]
    fn finds_unc_paths_links_and_drive_paths() {
        assert_eq!(
            find(r"liegt unter \\fs01.corp\Projekte\Falke\Angebot.pdf."),
            [(r"\\fs01.corp\Projekte\Falke\Angebot.pdf", Confidence::High)]
        );
        assert_eq!(
            find(r"(\\srv-zh-02\hr$)"),
            [(r"\\srv-zh-02\hr$", Confidence::High)]
        );
        assert_eq!(
            find("Öffnet file:///Volumes/Marketing/Kampagne2027.key"),
            [(
                "file:///Volumes/Marketing/Kampagne2027.key",
                Confidence::High
            )]
        );
        assert_eq!(
            find("smb://nas01/Finanzen/Q3"),
            [("smb://nas01/Finanzen/Q3", Confidence::High)]
        );
        assert_eq!(
            find(r"Ablage: S:\Projekte\Falke\Offerte_v3.docx"),
            [(r"S:\Projekte\Falke\Offerte_v3.docx", Confidence::High)]
        );
        assert_eq!(
            find(r"C:\Users\anna.muster\Desktop"),
            [(r"C:\Users\anna.muster\Desktop", Confidence::Medium)]
        );
        assert_eq!(
            find("P:/Marketing/2027/Plan.xlsx"),
            [("P:/Marketing/2027/Plan.xlsx", Confidence::High)]
        );
    }

    #[test]
    fn ignores_links_ratios_and_smileys() {
        assert!(find("https://www.acme.ch/karriere").is_empty());
        assert!(find("Verhältnis 3:1 und Zeit 9:30, Team A:B").is_empty());
        assert!(find("Frage: \\o/ und :\\ und C:\\").is_empty());
        assert!(find("Teil A: Einleitung, Teil B: Umsetzung").is_empty());
    }
}
