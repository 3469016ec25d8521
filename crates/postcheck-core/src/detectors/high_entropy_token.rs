//! `high-entropy-token`: generic secrets, i.e. long random-looking strings
//! that no fixed token shape covers (API keys of smaller services, session ids,
//! signing secrets, AWS secret access keys).
//!
//! Why it matters: a random string of twenty or more characters in a post is
//! almost always a key or token that was copied by mistake, for example in a
//! screenshot caption or a code snippet.
//!
//! Example: "der Key ist wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY8" flags the key.
//!
//! A candidate is a run of 20 or more base64/base64url characters holding both
//! letters and digits. It is flagged when it looks random: high Shannon entropy,
//! short runs of one character class (a random string switches between upper
//! case, lower case and digits every two characters or so, a word does not),
//! few vowels, and no part that reads as a word. Left alone: ordinary words and
//! long German compounds, hashtags and @mentions, UUIDs, hex colour codes,
//! anything inside a link (commit hashes, ids, tracking codes) except the value
//! of a secret-named query parameter (`?token=`, `&api_key=`, `sig=`) or a
//! password in the link itself (`https://user:pass@host`), and values that
//! `api-token`, `jwt`, `private-key` or `password-assignment` report already.
//! A hex-only string (a hash) counts only with a context word such as "key",
//! "secret", "token", "Passwort" nearby. Context words raise any finding to high.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::around::context_near;
use super::checksums::shannon_entropy;
use super::scan::{long_runs, word_around};
use super::{
    Candidate, Confidence, Detector, DetectorOptions, api_token, jwt, password_assignment,
    private_key,
};

/// Finds long random-looking strings.
pub struct HighEntropyToken;

static TOKEN: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"[A-Za-z0-9+/_\-]{20,}={0,2}").ok());

static UUID: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"^(?i)[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$").ok()
});

const CONTEXT: &[&str] = &[
    "key",
    "secret",
    "token",
    "password",
    "passwort",
    "kennwort",
    "api",
    "credential",
    "bearer",
    "auth",
    "schlüssel",
    "zugang",
    "clé",
    "cle ",
    "chiave",
    "mot de passe",
    "segreto",
    "geheim",
    "signing",
    "private",
];

/// Query parameter names whose values are secrets.
const SECRET_PARAMS: &[&str] = &[
    "token",
    "access_token",
    "id_token",
    "refresh_token",
    "auth",
    "auth_token",
    "api_key",
    "apikey",
    "key",
    "secret",
    "client_secret",
    "password",
    "pwd",
    "pass",
    "sig",
    "signature",
    "x-amz-signature",
    "x-amz-credential",
    "sas",
    "session",
    "sessionid",
];

fn is_vowel(c: char) -> bool {
    matches!(c.to_ascii_lowercase(), 'a' | 'e' | 'i' | 'o' | 'u')
}

#[derive(PartialEq, Eq, Clone, Copy)]
enum Class {
    Upper,
    Lower,
    Digit,
    Other,
}

fn class(c: char) -> Class {
    if c.is_ascii_uppercase() {
        Class::Upper
    } else if c.is_ascii_lowercase() {
        Class::Lower
    } else if c.is_ascii_digit() {
        Class::Digit
    } else {
        Class::Other
    }
}

/// Whether a part between separators reads as a word ("Plattform", "linux", "SALE").
fn is_wordlike(part: &str) -> bool {
    let n = part.chars().count();
    if n < 4 || !part.chars().all(|c| c.is_ascii_alphabetic()) {
        return false;
    }
    let rest_lower = part.chars().skip(1).all(|c| c.is_ascii_lowercase());
    let all_upper = part.chars().all(|c| c.is_ascii_uppercase());
    let vowels = part.chars().filter(|&c| is_vowel(c)).count();
    (rest_lower || all_upper) && vowels * 5 >= n
}

/// Lengths of the runs of one character class, where an upper-case letter
/// followed by lower-case ones counts as one run ("Pro" in "iPhone15Pro").
fn class_runs(s: &str) -> Vec<usize> {
    let mut runs = Vec::new();
    let mut len = 0usize;
    let mut prev: Option<Class> = None;
    let mut run_starts_upper = false;
    for c in s.chars() {
        let k = class(c);
        if k == Class::Other {
            if len > 0 {
                runs.push(len);
            }
            len = 0;
            prev = None;
            continue;
        }
        let same = match prev {
            None => false,
            Some(p) if p == k => true,
            // one capital followed by lower case letters
            Some(Class::Upper) => k == Class::Lower && len == 1 && run_starts_upper,
            Some(_) => false,
        };
        if same {
            len += 1;
        } else {
            if len > 0 {
                runs.push(len);
            }
            len = 1;
            run_starts_upper = k == Class::Upper;
        }
        prev = Some(k);
    }
    if len > 0 {
        runs.push(len);
    }
    runs
}

/// How random `token` looks: `None` for ordinary text, otherwise whether it is
/// only hex digits (a hash) or a random mix.
#[derive(Debug, PartialEq, Eq)]
enum Look {
    Hex,
    Random,
}

fn look(token: &str, min_len: usize) -> Option<Look> {
    let core = token.trim_end_matches('=');
    let n = core.chars().count();
    if n < min_len || n > 4096 {
        return None;
    }
    let has_digit = core.chars().any(|c| c.is_ascii_digit());
    let has_letter = core.chars().any(|c| c.is_ascii_alphabetic());
    if !has_digit || !has_letter {
        return None;
    }
    if UUID.as_ref().is_some_and(|re| re.is_match(core)) {
        return None;
    }
    if core.chars().all(|c| c.is_ascii_hexdigit()) {
        let mixed_case = core.chars().any(|c| c.is_ascii_uppercase())
            && core.chars().any(|c| c.is_ascii_lowercase());
        return (!mixed_case && shannon_entropy(core) >= 3.0).then_some(Look::Hex);
    }
    if core.split(['-', '_', '/', '+']).any(is_wordlike) {
        return None;
    }
    let runs = class_runs(core);
    if runs.is_empty() {
        return None;
    }
    let alnum: usize = runs.iter().sum();
    let avg = alnum as f64 / runs.len() as f64;
    let single_case = !(core.chars().any(|c| c.is_ascii_uppercase())
        && core.chars().any(|c| c.is_ascii_lowercase()));
    let max_avg = if single_case { 4.0 } else { 3.0 };
    let letters: Vec<char> = core.chars().filter(char::is_ascii_alphabetic).collect();
    let vowels = letters.iter().filter(|&&c| is_vowel(c)).count();
    let vowel_ratio = vowels as f64 / letters.len().max(1) as f64;
    let entropy = shannon_entropy(core);
    (avg <= max_avg && vowel_ratio <= 0.35 && entropy >= 3.5 && (!single_case || n >= 24))
        .then_some(Look::Random)
}

/// The spans other secret detectors report, which this one leaves to them:
/// sorted, with overlapping spans merged.
fn reported_elsewhere(text: &str) -> Vec<Range<usize>> {
    let options = DetectorOptions::default();
    let mut found = api_token::tokens(text);
    let others: [&dyn Detector; 3] = [
        &jwt::Jwt,
        &private_key::PrivateKey,
        &password_assignment::PasswordAssignment,
    ];
    for d in others {
        d.find(text, &options, &mut found);
    }
    let mut spans: Vec<Range<usize>> = found.into_iter().map(|c| c.span).collect();
    spans.sort_by_key(|s| s.start);
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(spans.len());
    for s in spans {
        match merged.last_mut() {
            Some(last) if s.start < last.end => last.end = last.end.max(s.end),
            _ => merged.push(s),
        }
    }
    merged
}

/// Walks sorted, disjoint spans alongside candidates given in increasing order.
struct Exclusions {
    spans: Vec<Range<usize>>,
    next: usize,
}

impl Exclusions {
    /// Whether `span` overlaps an excluded span; candidates must come in increasing order.
    fn covers(&mut self, span: &Range<usize>) -> bool {
        while self
            .spans
            .get(self.next)
            .is_some_and(|s| s.end <= span.start)
        {
            self.next += 1;
        }
        self.spans
            .get(self.next)
            .is_some_and(|s| s.start < span.end)
    }
}

fn is_url(word: &str) -> bool {
    let lower = word.to_ascii_lowercase();
    lower.contains("://")
        || lower.starts_with("www.")
        || lower.contains("](")
        || lower.starts_with("mailto:")
}

/// Secrets inside a link: the password of `user:pass@host`, and the values of
/// secret-named query parameters.
fn secrets_in_url(word: &str, offset: usize, out: &mut Vec<Candidate>) {
    if let Some(scheme_end) = word.find("://") {
        let after = scheme_end + 3;
        let authority_end = word
            .get(after..)
            .and_then(|a| a.find(['/', '?', '#']))
            .map_or(word.len(), |i| after + i);
        if let Some(authority) = word.get(after..authority_end)
            && let Some(at) = authority.rfind('@')
            && let Some(colon) = authority.get(..at).and_then(|u| u.find(':'))
        {
            let pass = authority.get(colon + 1..at).unwrap_or("");
            if pass.chars().count() >= 4
                && !pass.chars().all(|c| matches!(c, '*' | 'x' | 'X' | '.'))
            {
                let start = offset + after + colon + 1;
                out.push(Candidate {
                    span: start..start + pass.len(),
                    confidence: Confidence::High,
                });
            }
        }
    }
    let Some(q) = word.find('?') else { return };
    let mut pos = q + 1;
    let query = word.get(pos..).unwrap_or("");
    for pair in query.split(['&', ';', '#']) {
        if let Some((name, value)) = pair.split_once('=') {
            let value_start = pos + name.len() + 1;
            let value = value.trim_end_matches([')', '.', ',', ']', '>', '"', '\'']);
            let name = name.to_ascii_lowercase();
            if SECRET_PARAMS.contains(&name.as_str()) && value.len() >= 16 {
                let has_digit = value.chars().any(|c| c.is_ascii_digit());
                let has_letter = value.chars().any(|c| c.is_ascii_alphabetic());
                if has_digit && has_letter && shannon_entropy(value) >= 3.0 {
                    let start = offset + value_start;
                    out.push(Candidate {
                        span: start..start + value.len(),
                        confidence: Confidence::High,
                    });
                }
            }
        }
        pos += pair.len() + 1;
    }
}

/// Places in `text` whose word can hold a finding, in order: the starts of
/// runs of 20 or more token characters (what `TOKEN` needs), and the marks of
/// a link (`:` of `://` and `mailto:`, `](`, `www.`). A draft is read word by
/// word only there.
fn word_hints(text: &str) -> Vec<usize> {
    let token_char = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'_' | b'-');
    let mut hints: Vec<usize> = long_runs(text, token_char, 20)
        .into_iter()
        .map(|r| r.start)
        .collect();
    let bytes = text.as_bytes();
    hints.extend(text.match_indices(':').map(|(i, _)| i));
    hints.extend(
        text.match_indices(']')
            .filter(|&(i, _)| bytes.get(i + 1) == Some(&b'('))
            .map(|(i, _)| i),
    );
    hints.extend(text.match_indices('.').filter_map(|(i, _)| {
        let www = bytes.get(i.checked_sub(3)?..i)?;
        www.eq_ignore_ascii_case(b"www").then_some(i)
    }));
    hints.sort_unstable();
    hints
}

impl Detector for HighEntropyToken {
    fn id(&self) -> &'static str {
        "high-entropy-token"
    }

    fn summary(&self) -> &'static str {
        "other generated secrets: long random-looking strings (generic keys, session ids), not words, hashtags, links or UUIDs"
    }

    fn example(&self) -> &'static str {
        "der Key ist `wJalrXUtnFEMI/K7MDENG/bPxRfiCYzQ9vT2kLm8`"
    }

    fn find(&self, text: &str, _: &DetectorOptions, found: &mut Vec<Candidate>) {
        let Some(token_re) = TOKEN.as_ref() else {
            return;
        };
        // What other detectors report is only needed once there is a candidate.
        let mut elsewhere: Option<Exclusions> = None;
        let mut done = 0;
        for at in word_hints(text) {
            if at < done {
                continue;
            }
            let word_range = word_around(text, at);
            let (start, word) = (word_range.start, text.get(word_range).unwrap_or(""));
            done = start + word.len();
            if word.len() < 16 {
                continue;
            }
            // hashtags, mentions and inline data (data:image/png;base64,...) are no secrets
            if word.starts_with(['#', '@']) || word.starts_with("data:") {
                continue;
            }
            let mut here = Vec::new();
            if is_url(word) {
                secrets_in_url(word, start, &mut here);
            } else {
                for m in token_re.find_iter(word) {
                    let span = start + m.start()..start + m.end();
                    let Some(kind) = look(m.as_str(), 20) else {
                        continue;
                    };
                    let context = context_near(text, &span, 40, 0, CONTEXT);
                    let confidence = match (kind, context) {
                        (_, true) => Confidence::High,
                        (Look::Random, false) => Confidence::Medium,
                        (Look::Hex, false) => Confidence::Low,
                    };
                    here.push(Candidate { span, confidence });
                }
            }
            if here.is_empty() {
                continue;
            }
            let elsewhere = elsewhere.get_or_insert_with(|| Exclusions {
                spans: reported_elsewhere(text),
                next: 0,
            });
            found.extend(here.into_iter().filter(|c| !elsewhere.covers(&c.span)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detectors::testing;

    fn find(text: &str) -> Vec<(&str, Confidence)> {
        testing::found(&HighEntropyToken, text)
    }

    fn shown(text: &str) -> Vec<&str> {
        testing::shown(&HighEntropyToken, text)
    }

    #[test]
    fn finds_random_strings() {
        assert_eq!(
            find("der Key ist wJalrXUtnFEMI/K7MDENG/bPxRfiCYzQ9vT2kLm8"),
            [("wJalrXUtnFEMI/K7MDENG/bPxRfiCYzQ9vT2kLm8", Confidence::High)]
        );
        assert_eq!(
            find("Unser neues Setup: 9fK2xQ7LmR4vT8bN3wZ6pH1c läuft"),
            [("9fK2xQ7LmR4vT8bN3wZ6pH1c", Confidence::Medium)]
        );
        assert_eq!(
            shown("session=Zk93LmQ0cX7aR2vB8nT4wY6e"),
            ["Zk93LmQ0cX7aR2vB8nT4wY6e"]
        );
    }

    #[test]
    fn finds_secrets_in_links() {
        assert_eq!(
            shown(
                "https://files.example.com/f/report.pdf?expires=1767225600&sig=Q7mX2vR9kL4tB8nW3zP6"
            ),
            ["Q7mX2vR9kL4tB8nW3zP6"]
        );
        assert_eq!(
            shown("git clone https://deploy:Gh7Kq2Lm9Xz@git.acme.example/app.git"),
            ["Gh7Kq2Lm9Xz"]
        );
    }

    #[test]
    fn a_hash_needs_a_context_word() {
        let sha = "9c56cc51b374c3ba189210d5b6d4bf57790d351c";
        assert_eq!(find(&format!("Fixed in {sha}")), [(sha, Confidence::Low)]);
        // "Secret: ..." is reported by password-assignment, so not twice
        assert!(find(&format!("Secret: {sha}")).is_empty());
        assert_eq!(shown(&format!("our signing key {sha}")), [sha]);
    }

    #[test]
    fn ignores_words_compounds_hashtags_links_and_uuids() {
        for text in [
            "Donaudampfschifffahrtsgesellschaftskapitän und Mitarbeiterinnen2026Programm",
            "#DigitalTransformation2026 #Kundenzufriedenheit2026 @AcmeSwitzerland2026",
            "https://github.com/acme/postcheck/commit/9c56cc51b374c3ba189210d5b6d4bf57790d351c",
            "https://www.linkedin.com/events/7211234567890123456/?trk=Zk93LmQ0cX7aR2vB8nT4",
            "Ticket 123e4567-e89b-12d3-a456-426614174000 ist erledigt",
            "Farbe #1a2b3c und #FF00AA",
            "x86_64-unknown-linux-gnu, ISO27001-Zertifizierung, B2B-Plattform-2026",
            "SUMMER2026SALESPECIAL und iPhone15ProMaxLaunchEvent",
            "src/main/java/com/acme/service/CustomerService2026Impl.java",
            "Q3RoadmapUpdate2026Final und COVID19Pandemiebewältigung",
            "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk",
        ] {
            assert!(shown(text).is_empty(), "{text}: {:?}", find(text));
        }
    }

    #[test]
    fn leaves_known_shapes_to_their_detectors() {
        assert!(find("ghp_8fK2mQ9xLr4TzW1bN7cV3yH5jD0sA6eP2uXo").is_empty());
        assert!(find("password=Zk93LmQ0cX7aR2vB8nT4wY6e").is_empty());
    }
}
