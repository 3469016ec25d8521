//! `private-key`: private keys in PEM and similar armoured text form.
//!
//! Why it matters: a private key pasted into a post (a screenshot of a terminal,
//! a "look what I found in our repo") gives anyone the server, the signing
//! identity or the VPN it belongs to. It must be revoked at once.
//!
//! Example: "-----BEGIN RSA PRIVATE KEY-----\nMIIEow...\n-----END RSA PRIVATE KEY-----"
//! flags the whole block.
//!
//! Finds `-----BEGIN ... PRIVATE KEY-----` headers (PKCS#1 RSA, EC, DSA,
//! PKCS#8, encrypted PKCS#8, OpenSSH, PGP private key blocks) and PuTTY key
//! files. The span runs to the matching END line, or, when that is missing
//! (a truncated paste), over the base64 lines after the header. A header with
//! key material is high confidence; a bare header with nothing after it (for
//! example in a post that explains the format) is low.

use std::sync::LazyLock;

use regex::Regex;

use super::scan::has_literal;
use super::{Candidate, Confidence, Detector, DetectorOptions};

/// Finds private key blocks.
pub struct PrivateKey;

static BEGIN: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"-----BEGIN[ ]?(?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP |SSH2 |OPENVPN )?PRIVATE KEY(?: BLOCK)?-----|PuTTY-User-Key-File-[0-9]+:",
    )
    .ok()
});

static END: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"-----END[ ]?(?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP |SSH2 |OPENVPN )?PRIVATE KEY(?: BLOCK)?-----|Private-MAC: ?[0-9a-fA-F]+").ok()
});

fn is_base64_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '=' | '-' | '_')
}

/// The end of the key material right after `from`: lines of base64 (and
/// armour headers like `Proc-Type:`), up to the first line that is neither.
/// Also returns how many base64 characters were seen.
///
/// The reference for [`Lines::body_end`], which gives the same in time linear
/// in the text for all headers together (this one rescans the rest of the
/// header's line for each header: quadratic for many headers on one line).
#[cfg(test)]
fn body_end(text: &str, from: usize) -> (usize, usize) {
    let Some(rest) = text.get(from..) else {
        return (from, 0);
    };
    let mut end = from;
    let mut material = 0;
    let mut offset = from;
    for (i, line) in rest.split_inclusive('\n').enumerate() {
        let trimmed = line.trim();
        let is_header = trimmed.contains(": ") || trimmed.ends_with(':');
        let is_b64 = !trimmed.is_empty()
            && (trimmed.len() >= 16 || material > 0)
            && trimmed.chars().all(is_base64_char);
        if i == 0 && trimmed.is_empty() {
            // the rest of the header line
        } else if is_b64 {
            material += trimmed.len();
            end = offset + line.trim_end().len();
        } else if !(is_header || trimmed.is_empty() && material == 0) {
            break;
        }
        offset += line.len();
    }
    (end, material)
}

/// What a line is, for the key material after a header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LineKind {
    /// Only white space.
    Empty,
    /// An armour header (`Proc-Type: 4,ENCRYPTED`, `Comment:`).
    Header,
    /// Only base64 characters (after trimming), this many bytes.
    Base64(usize),
    /// Anything else: the key material ends before it.
    Other,
}

/// One line of the text: where the next one starts (after its `\n`), where
/// its last non-blank character ends, and what it is.
#[derive(Debug, Clone, Copy)]
struct Line {
    next: usize,
    content_end: usize,
    kind: LineKind,
}

#[cfg(test)]
thread_local! {
    /// Bytes of the lines read by [`line_at`] and [`Material::header_line`] (tests count the work).
    static BYTES_READ: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Counts the bytes of a line read, in tests.
fn count_read(_line: &str) {
    #[cfg(test)]
    BYTES_READ.with(|n| n.set(n.get() + _line.len()));
}

/// Reads the line that starts at `start` (`None` at the end of the text).
fn line_at(text: &str, start: usize) -> Option<Line> {
    let rest = text.get(start..).filter(|r| !r.is_empty())?;
    let line = rest.split_inclusive('\n').next().unwrap_or(rest);
    count_read(line);
    let trimmed = line.trim();
    let kind = if trimmed.is_empty() {
        LineKind::Empty
    } else if trimmed.contains(": ") || trimmed.ends_with(':') {
        LineKind::Header
    } else if trimmed.chars().all(is_base64_char) {
        LineKind::Base64(trimmed.len())
    } else {
        LineKind::Other
    };
    Some(Line {
        next: start + line.len(),
        content_end: start + line.trim_end().len(),
        kind,
    })
}

/// A run of key material: base64 and armour header lines.
#[derive(Debug, Clone, Copy)]
struct Run {
    /// Where its first line starts.
    from: usize,
    /// Where its last base64 line starts and ends, if it has one.
    last: Option<(usize, usize)>,
    /// Where the first line after it starts.
    stop: usize,
    /// Its base64 bytes.
    material: usize,
}

/// The line a header is on, as far as its key material needs it.
#[derive(Debug, Clone, Copy)]
struct HeaderLine {
    /// Where the next line starts.
    next: usize,
    /// Where its last non-blank character ends.
    content_end: usize,
    /// Where the last `": "` before `content_end` starts, if any.
    colon_space: Option<usize>,
}

/// Finds the key material after each header ([`body_end`] for each), the
/// headers taken in order: what was read for one header is kept for the next
/// ones (their line, the blank and armour header lines after it, the run of
/// base64 lines), so that all headers together read the text about once. The
/// reference read the rest of the header's line and the lines after it again
/// for each header: 40,000 headers on one line took 1.4 s natively.
#[derive(Debug)]
struct Material<'t> {
    text: &'t str,
    line: Option<HeaderLine>,
    /// The last walk over blank and armour header lines: where it started and
    /// the first line that was neither.
    skipped: Option<(usize, usize)>,
    run: Option<Run>,
}

impl<'t> Material<'t> {
    fn new(text: &'t str) -> Material<'t> {
        Material {
            text,
            line: None,
            skipped: None,
            run: None,
        }
    }

    /// The same as `body_end(text, from)`, for `from` at or after every `from` asked for before.
    fn body_end(&mut self, from: usize) -> (usize, usize) {
        let line = self.header_line(from);
        let rest = self
            .text
            .get(from..line.content_end.max(from))
            .unwrap_or_default();
        let rest_start = from + (rest.len() - rest.trim_start().len());
        let rest = rest.trim_start();
        if rest.is_empty() {
            // Only the rest of the header line: the key material starts on a later line.
            return self.material_from(line.next, from);
        }
        // `rest` ends at the line's last non-blank character. This scan stops at
        // its first character that is not base64: for many headers on one line,
        // in the next header.
        if rest.len() >= 16 && rest.chars().all(is_base64_char) {
            let after = self.run_from(line.next);
            let end = after.last.map_or(line.content_end, |(_, end)| end);
            return (end, rest.len() + after.material);
        }
        let armour = rest.ends_with(':') || line.colon_space.is_some_and(|at| at >= rest_start);
        if armour {
            return self.material_from(line.next, from);
        }
        (from, 0)
    }

    /// The line `from` is on (read once for all headers on it).
    fn header_line(&mut self, from: usize) -> HeaderLine {
        if let Some(line) = self.line
            && from < line.next
        {
            return line;
        }
        let rest = self.text.get(from..).unwrap_or_default();
        let line = rest.split_inclusive('\n').next().unwrap_or(rest);
        count_read(line);
        let content = line.trim_end();
        let found = HeaderLine {
            next: from + line.len(),
            content_end: from + content.len(),
            colon_space: content.rfind(": ").map(|at| from + at),
        };
        self.line = Some(found);
        found
    }

    /// The key material from the line that starts at `start` on, before any was
    /// seen: blank and armour header lines are passed over, then a base64 line
    /// of 16 bytes or more starts it.
    fn material_from(&mut self, start: usize, from: usize) -> (usize, usize) {
        let solid = match self.skipped {
            Some((walked_from, solid)) if walked_from <= start && start <= solid => solid,
            _ => {
                let mut at = start;
                while let Some(line) = line_at(self.text, at)
                    && matches!(line.kind, LineKind::Empty | LineKind::Header)
                {
                    at = line.next;
                }
                self.skipped = Some((start, at));
                at
            }
        };
        match line_at(self.text, solid).map(|l| l.kind) {
            Some(LineKind::Base64(len)) if len >= 16 => {
                let run = self.run_from(solid);
                (run.last.map_or(from, |(_, end)| end), run.material)
            }
            _ => (from, 0),
        }
    }

    /// The run of base64 (of any length) and armour header lines from the line
    /// that starts at `start`. A header after the last base64 line of the run
    /// before (the only place a later header can be, as a span runs to that
    /// line) gets the empty rest of that run without reading it again.
    fn run_from(&mut self, start: usize) -> Run {
        if let Some(run) = self.run
            && run.from <= start
            && start <= run.stop
        {
            if start == run.from {
                return run;
            }
            if run.last.is_none_or(|(last, _)| last < start) {
                return Run {
                    from: start,
                    last: None,
                    stop: run.stop,
                    material: 0,
                };
            }
        }
        let mut run = Run {
            from: start,
            last: None,
            stop: start,
            material: 0,
        };
        while let Some(line) = line_at(self.text, run.stop) {
            match line.kind {
                LineKind::Base64(len) => {
                    run.material += len;
                    run.last = Some((run.stop, line.content_end));
                }
                LineKind::Header => {}
                LineKind::Empty | LineKind::Other => break,
            }
            run.stop = line.next;
        }
        self.run = Some(run);
        run
    }
}

impl Detector for PrivateKey {
    fn id(&self) -> &'static str {
        "private-key"
    }

    fn summary(&self) -> &'static str {
        "PEM private key blocks (`-----BEGIN ... PRIVATE KEY-----`) and PuTTY key files"
    }

    fn example(&self) -> &'static str {
        "`-----BEGIN RSA PRIVATE KEY-----`"
    }

    fn find(&self, text: &str, _: &DetectorOptions, found: &mut Vec<Candidate>) {
        let mut bodies = Material::new(text);
        find_blocks(text, &mut |from| bodies.body_end(from), found);
    }
}

/// Finds the key blocks; `body_end` gives the end of the key material after a
/// header without END line (asked for headers in order) and its base64 bytes.
fn find_blocks(
    text: &str,
    body_end: &mut dyn FnMut(usize) -> (usize, usize),
    found: &mut Vec<Candidate>,
) {
    // Every header holds one of these: without one, there is nothing to find.
    if !(has_literal(text, "-----BEGIN") || has_literal(text, "PuTTY-User-Key-File-")) {
        return;
    }
    let (Some(begin), Some(end_re)) = (BEGIN.as_ref(), END.as_ref()) else {
        return;
    };
    // All END markers, found once, so that each header looks its END up in order.
    let ends: Vec<(usize, usize)> = end_re
        .find_iter(text)
        .map(|m| (m.start(), m.end()))
        .collect();
    let mut next_end = 0;
    let mut done = 0;
    for m in begin.find_iter(text) {
        if m.start() < done {
            continue;
        }
        while ends.get(next_end).is_some_and(|&(s, _)| s < m.end()) {
            next_end += 1;
        }
        // The next header, if any: an END after it belongs to that one.
        let next_begin = begin
            .find_at(text, m.end())
            .map_or(usize::MAX, |n| n.start());
        let (span_end, material) = match ends.get(next_end) {
            Some(&(s, e)) if s < next_begin => {
                let material = text
                    .get(m.end()..s)
                    .map_or(0, |b| b.chars().filter(|&c| is_base64_char(c)).count());
                (e, material)
            }
            _ => body_end(m.end()),
        };
        let span_end = span_end.max(m.end());
        found.push(Candidate {
            span: m.start()..span_end,
            confidence: if material >= 32 {
                Confidence::High
            } else {
                Confidence::Low
            },
        });
        done = span_end;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detectors::testing;

    fn find(text: &str) -> Vec<(&str, Confidence)> {
        testing::found(&PrivateKey, text)
    }

    const KEY: &str = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun\nVTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxK\n-----END RSA PRIVATE KEY-----";

    #[test]
    fn finds_whole_blocks() {
        let post = format!("Oops, das war im Screenshot:\n{KEY}\nSorry!");
        assert_eq!(find(&post), [(KEY, Confidence::High)]);
        let openssh = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n-----END OPENSSH PRIVATE KEY-----";
        assert_eq!(find(openssh), [(openssh, Confidence::High)]);
    }

    #[test]
    fn a_truncated_block_runs_over_its_base64_lines() {
        let post = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj\nMzEfYyjiWA4R4/M2bS1GB4t7NXp98C3SC6dVMvDuictGeurT8jNbvJZHtCSuYEvu\n\nund dann kam der Rest";
        let found = find(post);
        assert_eq!(found.len(), 1);
        assert!(
            found
                .iter()
                .all(|(s, c)| s.ends_with("SuYEvu") && *c == Confidence::High),
            "{found:?}"
        );
    }

    #[test]
    fn a_bare_header_is_low_and_ordinary_text_is_nothing() {
        assert_eq!(
            find("Never paste a line like -----BEGIN PRIVATE KEY----- anywhere."),
            [("-----BEGIN PRIVATE KEY-----", Confidence::Low)]
        );
        assert!(find("-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA\n-----END PUBLIC KEY-----").is_empty());
        assert!(find("Wir sprechen über Private Keys und PKI.").is_empty());
    }

    #[test]
    fn many_headers_without_end_stay_fast() {
        let text = "-----BEGIN PRIVATE KEY-----\n".repeat(20_000);
        assert_eq!(find(&text).len(), 20_000);
    }

    /// What the reference gives: `body_end` reading the lines after each header again.
    fn reference(text: &str) -> Vec<Candidate> {
        let mut found = Vec::new();
        find_blocks(text, &mut |from| body_end(text, from), &mut found);
        found
    }

    fn linear(text: &str) -> Vec<Candidate> {
        let mut found = Vec::new();
        PrivateKey.find(text, &DetectorOptions::default(), &mut found);
        found
    }

    fn piece() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        prop_oneof![
            Just("-----BEGIN PRIVATE KEY-----".to_owned()),
            Just("-----BEGIN RSA PRIVATE KEY-----".to_owned()),
            Just("-----END PRIVATE KEY-----".to_owned()),
            Just("PuTTY-User-Key-File-2:".to_owned()),
            Just("PuTTY-User-Key-File-3: ssh-rsa".to_owned()),
            Just("Private-MAC: 0a1b".to_owned()),
            Just("MIIEvQIBADANBgkqhkiG9w0BAQEFAASC".to_owned()),
            Just("MIIE".to_owned()),
            Just("Proc-Type: 4,ENCRYPTED".to_owned()),
            Just("Comment:".to_owned()),
            Just("x: y".to_owned()),
            Just(":".to_owned()),
            Just("\n".to_owned()),
            Just("\r\n".to_owned()),
            Just(" ".to_owned()),
            Just("\u{a0}".to_owned()),
            Just("und dann".to_owned()),
            "[A-Za-z0-9+/=_-]{1,40}",
            any::<char>().prop_map(|c| c.to_string()),
        ]
    }

    proptest::proptest! {
        #[test]
        fn finds_what_the_reference_finds(parts in proptest::collection::vec(piece(), 0..40)) {
            let text = parts.concat();
            proptest::prop_assert_eq!(linear(&text), reference(&text));
        }
    }

    #[test]
    fn finds_what_the_reference_finds_in_crafted_texts() {
        let key_lines = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC\nAAAA\n".repeat(3);
        for text in [
            format!("-----BEGIN PRIVATE KEY-----\n{key_lines}\nmore"),
            format!("-----BEGIN PRIVATE KEY----- MIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n{key_lines}"),
            format!("-----BEGIN PRIVATE KEY-----\nProc-Type: 4\n\n\n{key_lines}x y\n-----BEGIN PRIVATE KEY-----"),
            "x: -----BEGIN PRIVATE KEY-----MIIEvQIBADANBgkqhkiG9w0BAQEFAASC\nPuTTY-User-Key-File-2:\n".repeat(30),
            "-----BEGIN PRIVATE KEY-----".repeat(50) + ": x\nComment:\n" + &key_lines,
            "PuTTY-User-Key-File-2:\n".repeat(40) + &key_lines,
            "PuTTY-User-Key-File-2:MIIEvQIBADANBgkqhkiG9w0BAQEFAASC\nComment: a\n".repeat(20),
        ] {
            assert_eq!(linear(&text), reference(&text), "{text:?}");
        }
    }

    /// Counts the bytes of the lines read: about the text once, however many headers.
    #[test]
    fn many_headers_on_one_line_are_read_about_once() {
        for text in [
            "-----BEGIN PRIVATE KEY-----".repeat(40_000),
            "-----BEGIN PRIVATE KEY-----".repeat(40_000) + ": x\n" + &"Comment: x\n".repeat(40_000),
            "PuTTY-User-Key-File-2:\n".repeat(40_000),
        ] {
            BYTES_READ.with(|n| n.set(0));
            let mut bodies = Material::new(&text);
            let mut found = Vec::new();
            let mut asked = 0;
            find_blocks(
                &text,
                &mut |from| {
                    asked += 1;
                    bodies.body_end(from)
                },
                &mut found,
            );
            assert_eq!(found.len(), 40_000);
            assert!(asked >= 40_000);
            let read = BYTES_READ.with(|n| n.replace(0));
            assert!(
                read <= 2 * text.len(),
                "{read} bytes read of {}",
                text.len()
            );
        }
    }
}
