//! Links in a post, found as X finds them.
//!
//! What: [`find_urls`] follows twitter-text 3.1.0's `extractUrlsWithIndices`: links with
//! `http://` or `https://`, and bare domains (`example.com/path`) when their top-level
//! domain is one twitter-text knows (`twitter_text/tlds.txt`); with its rules for trailing
//! punctuation, balanced parentheses in paths, query strings, `t.co` links, characters that
//! may not come right before a link (`@`, `#`, `$`, letters, digits; `-`, `_`, `.`, `/`
//! before a bare domain), and domains whose labels are too long once Punycode-encoded.
//!
//! Why: X counts every link as 23 characters, whatever its length, so the length of a post
//! on X depends on exactly which text X takes for a link; the `metric` rule's `links` count
//! uses the same function.
//!
//! How: twitter-text works on UTF-16 code units with a backtracking JavaScript regex; this
//! module reproduces that regex's result by hand on the UTF-16 units of the text (the domain
//! part) and with the `regex` crate's leftmost-first matching (the path and query, whose
//! characters are all in the Basic Multilingual Plane). JavaScript's case-insensitive
//! matching (`i` without `u`) is reproduced by `canonicalize`.
//!
//! ```
//! use postcheck_core::platform::urls::find_urls;
//! let text = "Docs at https://example.com/a_(b) and acme.ch, not @x.com";
//! let found: Vec<&str> = find_urls(text).into_iter().filter_map(|r| text.get(r)).collect();
//! assert_eq!(found, ["https://example.com/a_(b)", "acme.ch"]);
//! ```

use std::collections::HashMap;
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::punycode;

/// Byte ranges of the links in `text`, in order, as twitter-text's `extractUrlsWithIndices` finds them.
///
/// The text is taken as it is (twitter-text does not normalise it here).
pub fn find_urls(text: &str) -> Vec<Range<usize>> {
    if !text.contains('.') {
        return Vec::new();
    }
    let units: Vec<u16> = text.encode_utf16().collect();
    let found = extract_urls_utf16(&units);
    if found.is_empty() {
        return Vec::new();
    }
    // UTF-16 index -> byte offset, for every char boundary.
    let mut byte_at = Vec::with_capacity(units.len() + 1);
    for (i, c) in text.char_indices() {
        byte_at.push(i);
        if c.len_utf16() == 2 {
            byte_at.push(i);
        }
    }
    byte_at.push(text.len());
    let at = |u: usize| byte_at.get(u).copied().unwrap_or(text.len());
    found.into_iter().map(|e| at(e.start)..at(e.end)).collect()
}

/// A URL as twitter-text reports it, in UTF-16 code units.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct UrlEntity {
    /// `indices[0]`.
    pub start: usize,
    /// `indices[1]`.
    pub end: usize,
    /// `url.length`, which the length count skips from `start`. It is `end - start` except
    /// for a bare domain with a path where the domain has other characters before its ASCII
    /// part: twitter-text then keeps the whole path in `url` but starts `indices` later.
    pub len: usize,
}

/// ECMAScript's `Canonicalize` for case-insensitive matching without the `u` flag: the code
/// unit's upper case if that is a single code unit and does not turn a non-ASCII unit into
/// an ASCII one; else the unit itself.
pub(crate) fn canonicalize(u: u16) -> u16 {
    let Some(c) = char::from_u32(u32::from(u)) else {
        return u;
    };
    let mut upper = c.to_uppercase();
    match (upper.next(), upper.next()) {
        (Some(up), None) => match u16::try_from(u32::from(up)) {
            Ok(cu) if !(u >= 128 && cu < 128) => cu,
            _ => u,
        },
        _ => u,
    }
}

/// A set of UTF-16 code units, one bit each.
struct UnitSet(Vec<u64>);

impl UnitSet {
    fn from_fn(f: impl Fn(u16) -> bool) -> Self {
        let mut bits = vec![0u64; 1024];
        for u in 0..=u16::MAX {
            if f(u)
                && let Some(w) = bits.get_mut(usize::from(u) / 64)
            {
                *w |= 1 << (u % 64);
            }
        }
        Self(bits)
    }

    /// The units a JavaScript class of `ranges` matches with the `i` flag: those whose
    /// canonical form is the canonical form of a member.
    fn case_insensitive(ranges: &[(u16, u16)]) -> Self {
        let mut canon = Self(vec![0u64; 1024]);
        for &(a, b) in ranges {
            for m in a..=b {
                let c = canonicalize(m);
                if let Some(w) = canon.0.get_mut(usize::from(c) / 64) {
                    *w |= 1 << (c % 64);
                }
            }
        }
        Self::from_fn(|u| canon.contains(canonicalize(u)))
    }

    fn contains(&self, u: u16) -> bool {
        self.0
            .get(usize::from(u) / 64)
            .is_some_and(|w| w >> (u % 64) & 1 == 1)
    }

    fn union(&self, other: &Self) -> Self {
        Self(self.0.iter().zip(&other.0).map(|(a, b)| a | b).collect())
    }

    /// The set as a `regex` crate character class (all units must be scalar values).
    fn to_regex_class(&self) -> String {
        let mut class = String::from("[");
        let mut u: u32 = 0;
        while u <= 0xFFFF {
            let unit = u16::try_from(u).unwrap_or(u16::MAX);
            if self.contains(unit) {
                let start = u;
                while u < 0xFFFF && self.contains(u16::try_from(u + 1).unwrap_or(u16::MAX)) {
                    u += 1;
                }
                class.push_str(&format!("\\x{{{start:X}}}-\\x{{{u:X}}}"));
            }
            u += 1;
        }
        class.push(']');
        class
    }
}

// twitter-text's character groups (src/regexp/*.js), as code unit ranges.
const LATIN_ACCENTS: &[(u16, u16)] = &[
    (0xC0, 0xD6),
    (0xD8, 0xF6),
    (0xF8, 0xFF),
    (0x100, 0x24F),
    (0x253, 0x254),
    (0x256, 0x257),
    (0x259, 0x259),
    (0x25B, 0x25B),
    (0x263, 0x263),
    (0x268, 0x268),
    (0x26F, 0x26F),
    (0x272, 0x272),
    (0x289, 0x289),
    (0x28B, 0x28B),
    (0x2BB, 0x2BB),
    (0x300, 0x36F),
    (0x1E00, 0x1EFF),
];
const CYRILLIC: (u16, u16) = (0x400, 0x4FF);

fn ascii(chars: &str) -> impl Iterator<Item = (u16, u16)> + '_ {
    chars.bytes().map(|b| (u16::from(b), u16::from(b)))
}

fn ranges(parts: &[&[(u16, u16)]], chars: &str) -> Vec<(u16, u16)> {
    parts
        .iter()
        .flat_map(|p| p.iter().copied())
        .chain(ascii(chars))
        .collect()
}

const A_Z: (u16, u16) = (b'a' as u16, b'z' as u16);
const DIGITS: (u16, u16) = (b'0' as u16, b'9' as u16);

struct Classes {
    /// `validAsciiDomain`'s label characters.
    ascii_label: UnitSet,
    /// Everything a path or query can contain.
    path_or_query: UnitSet,
    /// The path and query part of `extractUrl`, after the domain and port.
    path_query: Option<Regex>,
}

static CLASSES: LazyLock<Classes> = LazyLock::new(|| {
    let general = ranges(
        &[&[A_Z, CYRILLIC, DIGITS, (0x2013, 0x2013)], LATIN_ACCENTS],
        "!*';:=+,.$/%#[]-_~@|&",
    );
    let ending = ranges(&[&[A_Z, CYRILLIC, DIGITS], LATIN_ACCENTS], "+-=_#/");
    let path = UnitSet::case_insensitive(&general);
    let ending = UnitSet::case_insensitive(&ending);
    // validUrlQueryChars and validUrlQueryEndingChars have ASCII letters only: no other unit
    // is the same letter to JavaScript's `i`.
    let query = UnitSet::from_fn(is_query_char);
    let query_end = UnitSet::from_fn(is_query_end);
    let ascii_label = UnitSet::case_insensitive(&ranges(&[&[A_Z, DIGITS], LATIN_ACCENTS], "-"));
    let (g, e, q, qe) = (
        path.to_regex_class(),
        ending.to_regex_class(),
        query.to_regex_class(),
        query_end.to_regex_class(),
    );
    // validUrlBalancedParens, validUrlPathEndingChars, validUrlPath; then extractUrl's
    // `(\/#{validUrlPath}*)?(\?#{validUrlQueryChars}*#{validUrlQueryEndingChars})?`.
    let parens = format!(r"\((?:{g}+|(?:{g}*\({g}+\){g}*))\)");
    // validUrlPathEndingChars is `[...]|(?:parens)` and regexSupplant pastes it into
    // validUrlPath unbracketed, so its `|` splits validUrlPath's first branch in two.
    let path_unit = format!(r"(?:(?:{g}*(?:{parens}{g}*)*{e}|(?:{parens}))|(?:@{g}+/))");
    let path_query = Regex::new(&format!(r"\A(?:/{path_unit}*)?(?:\?{q}*{qe})?")).ok();
    let path_or_query = path.union(&ending).union(&query).union(&query_end);
    Classes {
        ascii_label,
        path_or_query,
        path_query,
    }
});

/// The top-level domains, canonicalized, with their place in the order twitter-text tries them.
struct Tlds {
    /// TLDs of ASCII letters. One followed by an ASCII letter or digit fails the lookahead,
    /// so at a position only the whole run of ASCII letters and digits can be one of them.
    ascii: HashMap<Vec<u16>, usize>,
    /// The other TLDs by their first unit, in order.
    other: HashMap<u16, Vec<(usize, Vec<u16>)>>,
}

/// The longest TLD (in code units), to bound the ASCII look-up.
const MAX_TLD_LEN: usize = 32;

static TLDS: LazyLock<Tlds> = LazyLock::new(|| {
    let mut tlds = Tlds {
        ascii: HashMap::new(),
        other: HashMap::new(),
    };
    let lines = include_str!("twitter_text/tlds.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'));
    for (place, tld) in lines.enumerate() {
        let units: Vec<u16> = tld.encode_utf16().map(canonicalize).collect();
        if units.len() <= MAX_TLD_LEN && units.iter().all(|&u| is_ascii_alnum(u)) {
            tlds.ascii.entry(units).or_insert(place);
        } else if let Some(&first) = units.first() {
            tlds.other.entry(first).or_default().push((place, units));
        }
    }
    tlds
});

/// `validUrlPrecedingChars`: what may come right before a URL (the `^` case aside).
fn may_precede(u: u16) -> bool {
    !(is_ascii_alnum(u)
        || matches!(
            u,
            0x40 | 0xFF20 | 0x24 | 0x23 | 0xFF03 | 0xFFFE | 0xFEFF | 0xFFFF
        ))
}

/// twitter-text's `punct`, the ASCII punctuation no domain has, as a bit set.
const PUNCT: u128 = {
    let mut rest: &[u8] = b"!'#%&()*+,\\-./:;<=>?@[]^_{|}~$";
    let mut set = 0u128;
    while let [first, tail @ ..] = rest {
        set |= 1 << *first;
        rest = tail;
    }
    set
};

/// `validDomainChars`: anything but punctuation, spaces, invalid and directional characters.
fn is_domain_char(u: u16) -> bool {
    if u < 0x80 {
        return PUNCT >> u & 1 == 0 && !matches!(u, 0x09..=0x0D | 0x20);
    }
    !matches!(
        u,
        0x85 | 0xA0
            | 0x1680
            | 0x180E
            | 0x2000..=0x200A
            | 0x2028
            | 0x2029
            | 0x202F
            | 0x205F
            | 0x3000
            | 0xFFFE
            | 0xFEFF
            | 0xFFFF
            | 0x202A..=0x202E
            | 0x061C
            | 0x200E
            | 0x200F
            | 0x2066..=0x2069
    )
}

/// What a domain label may hold: domain characters, `_` and `-`.
fn is_label_char(u: u16) -> bool {
    is_domain_char(u) || u == u16::from(b'_') || u == u16::from(b'-')
}

/// The TLD lookahead `(?=[^0-9a-zA-Z@+-]|$)`.
fn may_follow_tld(next: Option<&u16>) -> bool {
    next.is_none_or(|&u| {
        !(u < 0x80 && ((u as u8).is_ascii_alphanumeric() || matches!(u as u8, b'@' | b'+' | b'-')))
    })
}

fn starts_with_ignore_ascii_case(units: &[u16], at: usize, word: &str) -> bool {
    let mut i = at;
    for b in word.bytes() {
        match units.get(i) {
            Some(&u) if u < 0x80 && (u as u8).eq_ignore_ascii_case(&b) => i += 1,
            _ => return false,
        }
    }
    true
}

fn is_ascii_alnum(u: u16) -> bool {
    u < 0x80 && (u as u8).is_ascii_alphanumeric()
}

/// A TLD at `at` (`validGTLD|validCCTLD|validPunycode`): where it ends. `units` ends where `$` matches.
fn tld_end(units: &[u16], at: usize) -> Option<usize> {
    let tlds = &*TLDS;
    // The first in twitter-text's order that matches and passes the lookahead.
    let mut best: Option<(usize, usize)> = None;
    let run = units
        .get(at..)
        .unwrap_or_default()
        .iter()
        .take_while(|&&u| is_ascii_alnum(u))
        .count();
    if (1..=MAX_TLD_LEN).contains(&run) && may_follow_tld(units.get(at + run)) {
        let mut key = [0u16; MAX_TLD_LEN];
        for (k, &u) in key
            .iter_mut()
            .zip(units.get(at..at + run).unwrap_or_default())
        {
            *k = canonicalize(u);
        }
        if let Some(&place) = key.get(..run).and_then(|k| tlds.ascii.get(k)) {
            best = Some((place, at + run));
        }
    }
    let first = canonicalize(*units.get(at)?);
    for (place, tld) in tlds.other.get(&first).into_iter().flatten() {
        if best.is_some_and(|(p, _)| p < *place) {
            break;
        }
        let end = at + tld.len();
        let same = units
            .get(at..end)
            .is_some_and(|s| s.iter().zip(tld).all(|(&u, &t)| canonicalize(u) == t));
        if same && may_follow_tld(units.get(end)) {
            best = Some((*place, end));
            break;
        }
    }
    if let Some((_, end)) = best {
        return Some(end);
    }
    // validPunycode: xn--[\-0-9a-z]+, greedy, without lookahead.
    if starts_with_ignore_ascii_case(units, at, "xn--") {
        let rest = units.get(at + 4..).unwrap_or_default();
        let run = rest
            .iter()
            .take_while(|&&u| is_ascii_alnum(u) || u == u16::from(b'-'))
            .count();
        if run > 0 {
            return Some(at + 4 + run);
        }
    }
    None
}

/// One match of twitter-text's `extractUrl` regex.
struct RawMatch {
    /// Where the URL (`$3`) starts.
    start: usize,
    /// Length of the protocol (`$4`), 0 if none.
    protocol: usize,
    /// The domain (`$5`).
    domain: Range<usize>,
    /// Whether there is a path (`$7`).
    path: bool,
    /// Where the whole match ends (`lastIndex`).
    end: usize,
}

/// A `.` in the text and the run of label characters before it.
struct Dot {
    /// Where the `.` is.
    at: usize,
    /// Where the run of label characters that ends at it starts (`at` if none).
    run_start: usize,
    /// The last `_` in that run.
    last_underscore: Option<usize>,
}

/// `extractUrl` over one text, with what the backtracking regex would compute again and
/// again kept once: the labels (every label ends at a `.`), which TLD follows which `.`,
/// and the best domain for each chain of labels.
struct Scan<'a> {
    units: &'a [u16],
    dots: Vec<Dot>,
    /// Memo of [`tld_end`] after each dot.
    tld: Vec<Option<Option<usize>>>,
    /// Memo of [`Scan::best_from`] after each dot.
    chain: Vec<Option<Option<usize>>>,
}

impl<'a> Scan<'a> {
    fn new(units: &'a [u16]) -> Self {
        let dot = u16::from(b'.');
        let mut dots = Vec::new();
        for (at, _) in units.iter().enumerate().filter(|&(_, &u)| u == dot) {
            let before = units.get(..at).unwrap_or_default();
            let run = before
                .iter()
                .rev()
                .take_while(|&&u| is_label_char(u))
                .count();
            let run_start = at - run;
            let last_underscore = before
                .get(run_start..)
                .unwrap_or_default()
                .iter()
                .rposition(|&u| u == u16::from(b'_'))
                .map(|i| run_start + i);
            dots.push(Dot {
                at,
                run_start,
                last_underscore,
            });
        }
        let n = dots.len();
        Self {
            units,
            dots,
            tld: vec![None; n],
            chain: vec![None; n],
        }
    }

    fn unit(&self, i: usize) -> Option<u16> {
        self.units.get(i).copied()
    }

    /// The label starting at `at` if one does (label characters up to a `.`): that dot's index.
    fn label(&self, at: usize) -> Option<usize> {
        let i = self.dots.partition_point(|d| d.at <= at);
        self.dots
            .get(i)
            .and_then(|d| (d.run_start <= at).then_some(i))
    }

    fn dot_at(&self, i: usize) -> usize {
        self.dots.get(i).map_or(usize::MAX - 1, |d| d.at)
    }

    /// `validSubdomain`'s label `start..` up to dot `i`: starts and ends with a domain character.
    fn subdomain_ok(&self, start: usize, i: usize) -> bool {
        let end = self.dot_at(i);
        self.unit(start).is_some_and(is_domain_char)
            && end
                .checked_sub(1)
                .and_then(|e| self.unit(e))
                .is_some_and(is_domain_char)
    }

    /// `validDomainName`'s label: the same without `_`.
    fn domain_name_ok(&self, start: usize, i: usize) -> bool {
        self.subdomain_ok(start, i)
            && self
                .dots
                .get(i)
                .and_then(|d| d.last_underscore)
                .is_none_or(|u| u < start)
    }

    /// The TLD right after dot `i`: where it ends.
    fn tld_at(&mut self, i: usize) -> Option<usize> {
        if let Some(Some(known)) = self.tld.get(i) {
            return *known;
        }
        let found = tld_end(self.units, self.dot_at(i) + 1);
        if let Some(memo) = self.tld.get_mut(i) {
            *memo = Some(found);
        }
        found
    }

    /// For labels `L1 . L2 . ...` after dot `i`: where the domain ends with the most of them
    /// as subdomains, one as the domain name and a TLD after it (at least `L1` as the name).
    fn best_from(&mut self, i: usize) -> Option<usize> {
        // Walk down the chain to a known result, then fill in the memo on the way back.
        let mut pending = Vec::new();
        let mut dot = i;
        let mut deeper = None;
        loop {
            if let Some(Some(known)) = self.chain.get(dot) {
                deeper = *known;
                break;
            }
            let start = self.dot_at(dot) + 1;
            let Some(next) = self.label(start) else {
                if let Some(memo) = self.chain.get_mut(dot) {
                    *memo = Some(None);
                }
                break;
            };
            pending.push((dot, start, next));
            if !self.subdomain_ok(start, next) {
                break;
            }
            dot = next;
        }
        while let Some((dot, start, next)) = pending.pop() {
            let result = match deeper {
                Some(d) if self.subdomain_ok(start, next) => Some(d),
                _ if self.domain_name_ok(start, next) => self.tld_at(next),
                _ => None,
            };
            if let Some(memo) = self.chain.get_mut(dot) {
                *memo = Some(result);
            }
            deeper = result;
        }
        deeper
    }

    /// `validDomain` at `at`: `validSubdomain* validDomainName (TLD)`, as the backtracking
    /// regex finds it: the most subdomains that still leave a domain name and a TLD.
    /// Every label ends at a `.`, so a label is exactly the text up to the next `.`.
    fn domain_end(&mut self, at: usize) -> Option<usize> {
        let dot = self.label(at)?;
        if self.subdomain_ok(at, dot)
            && let Some(found) = self.best_from(dot)
        {
            return Some(found);
        }
        if self.domain_name_ok(at, dot) {
            self.tld_at(dot)
        } else {
            None
        }
    }

    /// The URL part of `extractUrl` at `at`.
    fn url_at(&mut self, at: usize) -> Option<RawMatch> {
        let units = self.units;
        // Quick way out: no protocol (starts with `h`) and no label (up to a `.`) here.
        if self.unit(at).is_none_or(|u| u | 0x20 != u16::from(b'h')) && self.label(at).is_none() {
            return None;
        }
        let protocol = if starts_with_ignore_ascii_case(units, at, "https://") {
            8
        } else if starts_with_ignore_ascii_case(units, at, "http://") {
            7
        } else {
            0
        };
        if protocol > 0
            && let Some(m) = self.url_rest(at, protocol)
        {
            return Some(m);
        }
        self.url_rest(at, 0)
    }

    fn url_rest(&mut self, start: usize, protocol: usize) -> Option<RawMatch> {
        let units = self.units;
        let domain_start = start + protocol;
        let domain_stop = self.domain_end(domain_start)?;
        let mut end = domain_stop;
        // (?::(validPortNumber))?
        if units.get(end) == Some(&u16::from(b':')) {
            let digits = units
                .get(end + 1..)
                .unwrap_or_default()
                .iter()
                .take_while(|&&u| (0x30..=0x39).contains(&u))
                .count();
            if digits > 0 {
                end += 1 + digits;
            }
        }
        // Path and query: all their characters are in the BMP, so match them as a string.
        let classes = &*CLASSES;
        let tail: String = units
            .get(end..)
            .unwrap_or_default()
            .iter()
            .take_while(|&&u| classes.path_or_query.contains(u))
            .filter_map(|&u| char::from_u32(u32::from(u)))
            .collect();
        let mut path = false;
        if !tail.is_empty()
            && let Some(m) = classes.path_query.as_ref().and_then(|re| re.find(&tail))
        {
            path = m.as_str().starts_with('/');
            end += m.as_str().chars().count();
        }
        Some(RawMatch {
            start,
            protocol,
            domain: domain_start..domain_stop,
            path,
            end,
        })
    }
}

/// `validAsciiDomain` matches in `domain` (with `g`, as `String.replace` walks them): `(start, end)`.
fn ascii_domains(domain: &[u16]) -> Vec<(usize, usize)> {
    let label = &CLASSES.ascii_label;
    let dot = u16::from(b'.');
    let at = |i: usize| -> Option<usize> {
        // (?:[label]+\.)+ greedy, then a TLD; fewer labels if no TLD follows.
        let mut dots = Vec::new();
        let mut pos = i;
        loop {
            let run = domain
                .get(pos..)
                .unwrap_or_default()
                .iter()
                .take_while(|&&u| label.contains(u))
                .count();
            if run > 0 && domain.get(pos + run) == Some(&dot) {
                dots.push(pos + run);
                pos += run + 1;
            } else {
                break;
            }
        }
        dots.iter().rev().find_map(|&d| tld_end(domain, d + 1))
    };
    let mut found = Vec::new();
    let mut pos = 0;
    while pos < domain.len() {
        match (pos..domain.len()).find_map(|i| at(i).map(|e| (i, e))) {
            Some((s, e)) => {
                found.push((s, e));
                pos = e.max(s + 1);
            }
            None => break,
        }
    }
    found
}

fn index_of(haystack: &[u16], needle: &[u16], from: usize) -> Option<usize> {
    if needle.is_empty() {
        return Some(from.min(haystack.len()));
    }
    haystack
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|i| i + from)
}

/// twitter-text's `isValidUrl`: every label of the domain 1 to 63 characters in Punycode,
/// and the URL (with a protocol) at most 4096.
fn is_valid_url(units: &[u16], m: &RawMatch) -> bool {
    let Some(domain) = units.get(m.domain.clone()) else {
        return false;
    };
    if domain.starts_with(&"xn--".encode_utf16().collect::<Vec<_>>())
        && ascii_domains(domain).is_empty()
    {
        return false;
    }
    let labels_ok = domain
        .split(|&u| u == u16::from(b'.'))
        .all(|label| punycode::to_ascii_len(label).is_some_and(|n| (1..=63).contains(&n)));
    let protocol = if m.protocol > 0 {
        m.protocol
    } else {
        "https://".len()
    };
    labels_ok && protocol + (m.end - m.start) <= 4096
}

/// twitter-text's `extractUrlsWithIndices` on UTF-16 `units`.
pub(crate) fn extract_urls_utf16(units: &[u16]) -> Vec<UrlEntity> {
    let mut urls = Vec::new();
    if !units.contains(&u16::from(b'.')) {
        return urls;
    }
    let mut scan = Scan::new(units);
    let mut p = 0;
    while p < units.len() {
        // validUrlPrecedingChars: a character that may precede, then the URL; or `^`.
        let mut found = None;
        if units.get(p).is_some_and(|&u| may_precede(u)) {
            found = scan.url_at(p + 1).map(|m| (m, units.get(p).copied()));
        }
        if found.is_none() && p == 0 {
            found = scan.url_at(0).map(|m| (m, None));
        }
        let Some((m, before)) = found else {
            p += 1;
            continue;
        };
        p = m.end;
        if !is_valid_url(units, &m) {
            continue;
        }
        if m.protocol == 0 {
            if before.is_some_and(|b| matches!(b, 0x2D | 0x5F | 0x2E | 0x2F)) {
                continue;
            }
            let domain = units.get(m.domain.clone()).unwrap_or_default();
            let mut ascii_end = 0;
            let first = urls.len();
            for (s, e) in ascii_domains(domain) {
                let needle = domain.get(s..e).unwrap_or_default();
                let start = index_of(domain, needle, ascii_end).unwrap_or(s);
                ascii_end = start + needle.len();
                urls.push(UrlEntity {
                    start: m.start + start,
                    end: m.start + ascii_end,
                    len: needle.len(),
                });
            }
            if m.path
                && urls.len() > first
                && let Some(last) = urls.last_mut()
            {
                last.len += (m.end - m.start) - domain.len();
                last.end = m.end;
            }
        } else {
            let mut end = m.end;
            if let Some((slug, tco_end)) = tco_url(units, m.start, m.protocol, m.end) {
                if slug > 40 {
                    continue;
                }
                end = tco_end;
            }
            urls.push(UrlEntity {
                start: m.start,
                end,
                len: end - m.start,
            });
        }
    }
    urls
}

/// `validTcoUrl` on the URL `units[start..end]`: the slug length and where the match ends.
fn tco_url(units: &[u16], start: usize, protocol: usize, end: usize) -> Option<(usize, usize)> {
    let url = units.get(start..end)?;
    if !starts_with_ignore_ascii_case(url, protocol, "t.co/") {
        return None;
    }
    let slug_start = protocol + 5;
    let slug = url
        .get(slug_start..)?
        .iter()
        .take_while(|&&u| is_ascii_alnum(u))
        .count();
    if slug == 0 {
        return None;
    }
    let mut stop = slug_start + slug;
    // (?:\?#{validUrlQueryChars}*#{validUrlQueryEndingChars})?
    if url.get(stop) == Some(&u16::from(b'?')) {
        let run: Vec<u16> = url
            .get(stop + 1..)
            .unwrap_or_default()
            .iter()
            .copied()
            .take_while(|&u| is_query_char(u))
            .collect();
        if let Some(last) = run.iter().rposition(|&u| is_query_end(u)) {
            stop += 1 + last + 1;
        }
    }
    Some((slug, start + stop))
}

fn is_query_char(u: u16) -> bool {
    is_ascii_alnum(u) || (u < 0x80 && b"!?*'@();:&=+$/%#[]-_.,~|".contains(&(u as u8)))
}

fn is_query_end(u: u16) -> bool {
    is_ascii_alnum(u) || (u < 0x80 && b"-_&=#/".contains(&(u as u8)))
}

#[cfg(test)]
mod tests {
    use super::find_urls;

    fn urls(text: &str) -> Vec<&str> {
        find_urls(text)
            .into_iter()
            .filter_map(|r| text.get(r))
            .collect()
    }

    #[test]
    fn the_path_regex_compiles() {
        assert!(super::CLASSES.path_query.is_some());
    }

    #[test]
    fn paths_end_as_in_twitter_text() {
        // twitter-text 3.1.0's extractUrlsWithIndices on the same texts.
        assert_eq!(urls("a.com/a,(b)"), ["a.com/a"]);
        assert_eq!(urls("a.com/a(b.c)"), ["a.com/a(b.c)"]);
        assert_eq!(urls("a.com/[x](example.com)"), ["a.com/[x", "example.com"]);
    }

    #[test]
    fn an_emoji_before_a_dot_lends_its_low_surrogate_to_the_domain() {
        // JavaScript tries the URL from the middle of the emoji; twitter-text finds foo.com.
        assert_eq!(urls("\u{1F600}.foo.com and x"), ["foo.com"]);
    }

    #[test]
    fn finds_links_with_and_without_scheme() {
        assert_eq!(
            urls("see http://example.com/a?b=1. and www.acme.ch!"),
            ["http://example.com/a?b=1", "www.acme.ch"]
        );
        assert_eq!(
            urls("no links: @acme.com #tag.com 1.5 a.b"),
            Vec::<&str>::new()
        );
    }
}
