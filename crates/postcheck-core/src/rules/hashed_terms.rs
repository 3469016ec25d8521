//! `hashed_terms`: secret words the pack itself must not reveal.
//!
//! What it finds: the same as `terms` (folded, whole words of up to `max_words`
//! words, with common endings), but the pack holds only salted SHA-256 hashes
//! of the folded terms. Whoever reads the pack does not see the code names.
//! `postcheck pack hash-terms` turns a list of words into such a rule.
//!
//! Why it matters: a pack is downloaded by every employee and may be forwarded;
//! the names of unannounced products must not leak through the pack itself.
//! The hashes keep casual readers out; they are no protection against someone
//! who already guesses a name and tries it, so keep truly secret names short-lived.
//!
//! How terms are hashed: fold the term (lowercase, no diacritics), split it into
//! words, join them with one space, and take the SHA-256 of the salt, a NUL byte
//! and that text, in lowercase hex. A draft's word n-grams are hashed the same way.
//!
//! Marks (optional, `marks`): one number from 0 to 65535 per hash, in the same
//! order, for the same folded text: FNV-1a 64 (offset basis `0xcbf29ce484222325`,
//! prime `0x100000001b3`; per byte: xor, then multiply modulo 2^64) over the
//! salt, a NUL byte and the text, xor-folded to 16 bits
//! (`(h ^ h >> 16 ^ h >> 32 ^ h >> 48) & 0xffff`). For `orion` with the salt
//! `acme`: `h = 0x972a7987536c60ba`, the mark is 56699. A check computes the
//! marks of a draft's phrases (cheap, incrementally, word by word) and the
//! SHA-256 only of the few whose mark is in the rule (about one phrase in 65 for
//! 1,000 terms), instead of the SHA-256 of every phrase: that is what made this
//! rule the slowest one, in the browser most of all (software SHA-256).
//! A rule whose marks do not pair up with its hashes (another count) is checked
//! without them, with a warning: a term without its mark would never be found.
//!
//! Why marks reveal nothing new: the salt is in the pack, so its SHA-256 hashes
//! already let anyone test a guess exactly and fast. The mark of the same whole
//! term is a weaker test of the same guess (one wrong guess in 65,536 passes);
//! at most it lets a guesser drop wrong guesses a little faster before the
//! SHA-256, a constant factor on an attack the hashes never stopped. Marks are
//! only of whole terms: marks of the single words of `Blue Falcon` would let a
//! guesser find each word on its own, a few thousand tries each instead of
//! their product, so `postcheck pack hash-terms` never writes them.
//!
//! Example:
//! ```json
//! { "id": "secret-codenames", "kind": "hashed_terms", "category": "confidential",
//!   "level": "important", "message": "This looks like an unannounced code name.",
//!   "salt": "acme-2026", "max_words": 2, "hashes": ["5d1c..."], "marks": [40152] }
//! ```

use std::cell::OnceCell;
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::validate::WordList;
use sha2::{Digest, Sha256};

use self::marks::{Fnv, MarkSet};
use super::{CompiledRule, Compiler, Draft, Finding, Findings, Kind};
use crate::format::problem::Problem;
use crate::text::fold::Folded;
use crate::text::terms::INFLECTIONS;
use crate::text::words::word_spans;

mod marks;

/// Fields of a `hashed_terms` rule.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub struct HashedTerms {
    /// The salt mixed into every hash; any text, unique to the pack.
    pub salt: String,
    /// Lowercase hex SHA-256 hashes, as `postcheck pack hash-terms` writes them.
    pub hashes: Vec<String>,
    /// Optional, for faster checks: the 16-bit mark of each hashed term, in the
    /// order of `hashes`, as `postcheck pack hash-terms` writes them (FNV-1a 64
    /// of the salt, a NUL byte and the folded term, xor-folded to 16 bits).
    /// A pack may have at most 8 rules without marks (or with marks that do not
    /// pair up with the hashes): each of them hashes every phrase of a draft.
    #[serde(default)]
    #[schemars(inner(range(min = 0, max = 65535)))]
    pub marks: Vec<i64>,
    /// The most words a hashed term has (default 3).
    #[serde(default = "default_max_words")]
    pub max_words: usize,
}

fn default_max_words() -> usize {
    3
}

/// Endings tried when the last word does not match as it is: those of `terms`
/// rules, so that a hashed word matches what the same word in `terms` matches.
const ENDINGS: [&str; 10] = INFLECTIONS;

/// The last bytes of the endings, as a set of ASCII bits: a word that ends in
/// none of them (most words) has no ending to try.
const ENDING_LAST_BYTES: u128 = {
    let mut set = 0u128;
    let mut rest: &[&str] = &ENDINGS;
    while let [ending, more @ ..] = rest {
        if let [.., last] = ending.as_bytes()
            && *last < 128
        {
            set |= 1 << *last;
        }
        rest = more;
    }
    set
};

/// How many bytes to cut off the last word of a phrase to try it, as a set of
/// bits (bit `k`: cut `k` bytes): 0 (as it is), and the length of each ending
/// the word has, if what remains is at least 2 bytes. Computed once per word.
fn cut_mask(last: &str) -> u8 {
    let might_end = last
        .as_bytes()
        .last()
        .is_some_and(|b| *b < 128 && ENDING_LAST_BYTES >> b & 1 == 1);
    if !might_end {
        return 1;
    }
    let ends_with = |e: &str| {
        last.len() > e.len() + 1 && last.bytes().rev().zip(e.bytes().rev()).all(|(a, b)| a == b)
    };
    ENDINGS
        .iter()
        .filter(|e| ends_with(e))
        .fold(1, |mask, e| mask | 1 << e.len())
}

/// The cuts of a [`cut_mask`], shortest first.
fn cuts(mask: u8) -> impl Iterator<Item = usize> {
    let mut rest = mask;
    std::iter::from_fn(move || {
        let k = rest.trailing_zeros();
        rest &= rest.wrapping_sub(1);
        (k < 8).then_some(k as usize)
    })
}

/// Number of words a term has, counted as hashing counts them (`Blue-Falcon` has two).
pub fn term_word_count(term: &str) -> usize {
    word_spans(&Folded::new(term, false).text).len()
}

/// The hash of one term, as stored in a `hashed_terms` rule.
pub fn hash_term(salt: &str, term: &str) -> String {
    hash_words(salt, &term_text(term))
}

/// The mark of one term, as stored in a `hashed_terms` rule's `marks`: a cheap
/// 16-bit hash that lets a check skip the SHA-256 of almost every phrase.
///
/// ```
/// assert_eq!(postcheck_core::mark_term("acme", "Orion"), 56699);
/// ```
pub fn mark_term(salt: &str, term: &str) -> u16 {
    Fnv::salted(salt).extend(term_text(term).as_bytes()).mark()
}

/// The text that is hashed for a term: its folded words, joined with one space.
fn term_text(term: &str) -> String {
    let folded = Folded::new(term, false).text;
    let words: Vec<&str> = word_spans(&folded)
        .into_iter()
        .filter_map(|r| folded.get(r))
        .collect();
    words.join(" ")
}

fn hash_words(salt: &str, words: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let digest = digest_words(&salted(salt), words);
    let mut hex = String::with_capacity(64);
    for b in digest {
        for nibble in [b >> 4, b & 0xf] {
            hex.push(char::from(
                HEX.get(usize::from(nibble)).copied().unwrap_or(b'0'),
            ));
        }
    }
    hex
}

/// The hasher after `salt` and the NUL byte: cloned for each text, so the salt is fed once.
fn salted(salt: &str) -> Sha256 {
    let mut h = Sha256::new();
    h.update(salt.as_bytes());
    h.update([0u8]);
    h
}

/// The SHA-256 of the salt, NUL and `words`, as bytes (no hex text to allocate).
fn digest_words(salted: &Sha256, words: &str) -> [u8; 32] {
    let mut h = salted.clone();
    h.update(words.as_bytes());
    h.finalize().into()
}

/// The bytes of a hash written as 64 lowercase hex digits.
fn parse_hex(hex: &str) -> Option<[u8; 32]> {
    let digit = |c: u8| match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        _ => None,
    };
    let bytes = hex.as_bytes();
    if bytes.len() != 64 {
        return None;
    }
    let mut out = [0u8; 32];
    for (slot, pair) in out.iter_mut().zip(bytes.chunks_exact(2)) {
        let [hi, lo] = pair else { return None };
        *slot = digit(*hi)? << 4 | digit(*lo)?;
    }
    Some(out)
}

#[derive(Debug)]
struct CompiledHashedTerms {
    /// The hasher with the salt fed in.
    salted: Sha256,
    /// The hashes, as bytes.
    hashes: HashSet<[u8; 32], FastHash>,
    max_words: usize,
    /// With usable marks: the mark hasher with the salt fed in, and the marks.
    marks: Option<(Fnv, MarkSet)>,
}

impl Kind for HashedTerms {
    const SUMMARY: &'static str =
        "Like `terms`, but the pack holds salted hashes, so it does not reveal the words.";
    const FINDS: &'static str = "the same, but the pack holds only salted hashes, so it does not reveal secret names (`postcheck pack hash-terms` makes them; see below)";
    const FIELDS: &'static str = "`salt`, `hashes`, `marks`, `max_words`";
    // Examples that trigger it would write the hidden words into the pack.
    const EXAMPLES_OPTIONAL: bool = true;

    fn compile(
        &self,
        cx: &mut Compiler,
        path: &str,
    ) -> Result<Box<dyn CompiledRule>, Vec<Problem>> {
        let mut problems = Vec::new();
        if self.salt.is_empty() {
            problems.push(
                Problem::error(format!("{path}.salt"), "the salt is empty")
                    .fix("use the salt that `postcheck pack hash-terms` printed with the hashes"),
            );
        }
        if self.hashes.is_empty() {
            problems.push(
                Problem::error(format!("{path}.hashes"), "the list is empty")
                    .fix("add hashes made by `postcheck pack hash-terms`"),
            );
        }
        for (i, h) in self.hashes.iter().enumerate() {
            if h.len() != 64
                || !h
                    .bytes()
                    .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
            {
                problems.push(
                    Problem::error(format!("{path}.hashes[{i}]"), format!("\"{h}\" is not a SHA-256 hash (64 lowercase hex digits)"))
                        .fix("make the hashes with `postcheck pack hash-terms`; never put the words themselves here"),
                );
            }
        }
        for (i, m) in self.marks.iter().enumerate() {
            if u16::try_from(*m).is_err() {
                problems.push(
                    Problem::error(
                        format!("{path}.marks[{i}]"),
                        format!("{m} is not a mark (a number from 0 to 65535)"),
                    )
                    .fix("make the marks with `postcheck pack hash-terms`, together with the hashes, or remove `marks`"),
                );
            }
        }
        if !(1..=MAX_WORDS).contains(&self.max_words) {
            problems.push(
                Problem::error(
                    format!("{path}.max_words"),
                    format!("{} is out of range", self.max_words),
                )
                .fix("use a number from 1 to 8: the most words one term has"),
            );
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        let marks = self.usable_marks(path, &mut cx.warnings);
        if marks.is_none() {
            cx.unmarked_hashed_rules += 1;
            if cx.unmarked_hashed_rules > MAX_UNMARKED_RULES {
                // The warning about the missing marks says the same, slower: the error says it.
                cx.warnings.pop();
                return Err(vec![
                    Problem::error(
                        format!("{path}.hashes"),
                        format!(
                            "the pack has more than {MAX_UNMARKED_RULES} `hashed_terms` rules without usable `marks`; each of them hashes every word and phrase of a draft with SHA-256, which makes checks slow"
                        ),
                    )
                    .fix("give the rule marks: `postcheck pack hash-terms` writes them; or put the hashes of rules with the same salt into one rule"),
                ]);
            }
        }
        Ok(Box::new(CompiledHashedTerms {
            salted: salted(&self.salt),
            hashes: self.hashes.iter().filter_map(|h| parse_hex(h)).collect(),
            max_words: self.max_words,
            marks: marks.map(|m| (Fnv::salted(&self.salt), m)),
        }))
    }

    fn word_lists<'a>(rule: &'a Value, lists: &mut Vec<WordList<'a>>) {
        lists.extend(WordList::field(rule, "hashes").map(WordList::hashed));
    }
}

impl HashedTerms {
    /// The marks as a set, when there are marks and they pair up with the hashes;
    /// otherwise a warning and `None` (the rule hashes every phrase, as without marks).
    /// Fewer marks than hashes would leave terms unmarked, so never found: ignoring
    /// them keeps every term found, only slower. More marks than hashes are as
    /// suspect (written by hand, or hashes removed): also ignored.
    fn usable_marks(&self, path: &str, warnings: &mut Vec<Problem>) -> Option<MarkSet> {
        if self.marks.is_empty() {
            warnings.push(
                Problem::warning(
                    format!("{path}.hashes"),
                    "the rule has no `marks`, so every word and phrase of a draft is hashed with SHA-256: slow, in the browser most of all",
                )
                .fix("re-run `postcheck pack hash-terms` to add marks; checks get faster"),
            );
            return None;
        }
        if self.marks.len() != self.hashes.len() {
            warnings.push(
                Problem::warning(
                    format!("{path}.marks"),
                    format!(
                        "{} marks for {} hashes: a term without its mark would never be found, so the marks are ignored and every phrase is hashed with SHA-256 (slow)",
                        self.marks.len(),
                        self.hashes.len()
                    ),
                )
                .fix("re-run `postcheck pack hash-terms` with the rule's salt: it writes one mark per hash"),
            );
            return None;
        }
        Some(MarkSet::new(
            self.marks.iter().filter_map(|m| u16::try_from(*m).ok()),
        ))
    }
}

impl CompiledHashedTerms {
    /// Whether `text` is one of the rule's terms.
    fn is_term(&self, text: &str) -> bool {
        self.hashes.contains(&digest_words(&self.salted, text))
    }

    /// Whether the phrase, or the phrase with an ending of its last word taken
    /// off (`cuts`, see [`cut_mask`]), is hashed.
    fn is_hashed(&self, phrase: &str, cuts_of_last: u8) -> bool {
        cuts(cuts_of_last)
            .filter_map(|cut| phrase.get(..phrase.len() - cut))
            .any(|stem| self.is_term(stem))
    }

    /// The draft's phrases of up to `max_words` words whose text, or whose
    /// text with an ending of its last word cut off, is hashed; each distinct
    /// phrase is tested once, then all its places are found.
    ///
    /// With marks, a phrase's mark is computed from the mark of the phrase one
    /// word shorter (plus a space and the word), and only a phrase whose mark is
    /// one of the rule's is written out and hashed with SHA-256. Without marks,
    /// every distinct phrase is hashed.
    fn find(&self, draft: &Draft<'_>, out: &mut Findings) {
        let words = draft
            .folded_words
            .get_or_init(|| Words::of(&draft.folded.text));
        let text = draft.folded.text.as_str();
        // The mark state of each distinct phrase of the length before.
        let mut states: Vec<Fnv> = Vec::new();
        let mut phrase = String::new();
        for n in 1..=self.max_words {
            let level = words.phrases(n);
            if level.is_empty() {
                break;
            }
            let mut next_states =
                Vec::with_capacity(if self.marks.is_some() { level.len() } else { 0 });
            for p in level {
                let (last, mask) = words
                    .words
                    .get(p.first + n - 1)
                    .cloned()
                    .unwrap_or((0..0, 1));
                let hit = match &self.marks {
                    Some((start, marks)) => {
                        let before = if n == 1 {
                            *start
                        } else {
                            states.get(p.prefix).copied().unwrap_or(*start).extend(b" ")
                        };
                        let word = text.get(last).unwrap_or_default().as_bytes();
                        let tail = before.extend_keeping_tail(word);
                        next_states.push(tail.first().copied().unwrap_or(before));
                        cuts(mask).any(|cut| {
                            tail.get(cut).is_some_and(|s| marks.contains(s.mark())) && {
                                words.write(text, p.first, n, &mut phrase);
                                phrase
                                    .get(..phrase.len() - cut)
                                    .is_some_and(|stem| self.is_term(stem))
                            }
                        })
                    }
                    None => {
                        words.write(text, p.first, n, &mut phrase);
                        self.is_hashed(&phrase, mask)
                    }
                };
                if hit {
                    for &i in &p.starts {
                        if let Some(span) = words.folded_span(i, n)
                            && let Some(span) = draft.folded.original_range(span)
                        {
                            out.push(Finding::at(span));
                        }
                    }
                }
            }
            states = next_states;
        }
    }
}

/// The words of a draft's folded text and its distinct phrases, shared by all
/// `hashed_terms` rules of a check: split, numbered and grouped once, however
/// many rules read them (5,000 rules each split and numbered 100 KB again).
#[derive(Debug, Default)]
pub struct Words {
    /// Each word's byte range in the folded text and its cuts ([`cut_mask`]).
    words: Vec<(Range<usize>, u8)>,
    /// Each word's number: the same word, the same number.
    ids: Vec<usize>,
    /// The distinct phrases of `n` words at index `n - 1`, grouped when first asked for.
    levels: [OnceCell<Vec<Phrase>>; MAX_WORDS],
}

/// A distinct phrase of a draft: where it is, and the phrase one word shorter.
#[derive(Debug)]
struct Phrase {
    /// Its first word, in its first place.
    first: usize,
    /// The index of the phrase without its last word, among the phrases one word shorter.
    prefix: usize,
    /// The first word of each of its places.
    starts: Vec<usize>,
}

impl Words {
    /// Splits and numbers the words of a folded text.
    fn of(folded: &str) -> Words {
        let spans = word_spans(folded);
        let mut numbers: HashMap<&str, usize, FastHash> = HashMap::default();
        let ids = spans
            .iter()
            .map(|w| {
                let next = numbers.len();
                *numbers
                    .entry(folded.get(w.clone()).unwrap_or_default())
                    .or_insert(next)
            })
            .collect();
        let words = spans
            .into_iter()
            .map(|w| {
                let mask = cut_mask(folded.get(w.clone()).unwrap_or_default());
                (w, mask)
            })
            .collect();
        Words {
            words,
            ids,
            levels: Default::default(),
        }
    }

    /// The distinct phrases of `n` words (1 to [`MAX_WORDS`]), in the order
    /// they first appear; each is the phrase of `n - 1` words at `prefix` plus
    /// one word.
    fn phrases(&self, n: usize) -> &[Phrase] {
        let Some(cell) = n.checked_sub(1).and_then(|i| self.levels.get(i)) else {
            return &[];
        };
        cell.get_or_init(|| {
            let shorter = if n == 1 { &[][..] } else { self.phrases(n - 1) };
            let mut index: HashMap<(usize, usize), usize, FastHash> = HashMap::default();
            let mut level: Vec<Phrase> = Vec::new();
            let mut add = |prefix: usize, last_id: usize, start: usize| {
                let next = level.len();
                let at = *index.entry((prefix, last_id)).or_insert(next);
                if at == next {
                    level.push(Phrase {
                        first: start,
                        prefix,
                        starts: Vec::new(),
                    });
                }
                if let Some(p) = level.get_mut(at) {
                    p.starts.push(start);
                }
            };
            if n == 1 {
                for (i, id) in self.ids.iter().enumerate() {
                    add(0, *id, i);
                }
            } else {
                for (k, p) in shorter.iter().enumerate() {
                    for &start in &p.starts {
                        if let Some(id) = self.ids.get(start + n - 1) {
                            add(k, *id, start);
                        }
                    }
                }
            }
            level
        })
    }

    /// Writes the phrase of `n` words from word `first` into `out`: the words joined by one space.
    fn write(&self, folded: &str, first: usize, n: usize, out: &mut String) {
        out.clear();
        for (k, (w, _)) in self.words.iter().skip(first).take(n).enumerate() {
            if k > 0 {
                out.push(' ');
            }
            out.push_str(folded.get(w.clone()).unwrap_or_default());
        }
    }

    /// The byte range in the folded text of the phrase of `n` words from word `first`.
    fn folded_span(&self, first: usize, n: usize) -> Option<Range<usize>> {
        let start = self.words.get(first)?.0.start;
        let end = self.words.get(first + n - 1)?.0.end;
        Some(start..end)
    }
}

impl CompiledRule for CompiledHashedTerms {
    fn check(&self, draft: &Draft<'_>, out: &mut Findings) {
        self.find(draft, out);
    }
}

/// The most `hashed_terms` rules of a pack without usable marks (none, or not
/// one per hash). Each such rule computes the SHA-256 of every phrase of a
/// draft, whatever its salt: 5,000 of them took 32 s on 100 KB of prose
/// (native); 8 take about 40 ms. Rules with marks are not limited.
pub const MAX_UNMARKED_RULES: usize = 8;

/// The most words a hashed term may have (`max_words`).
const MAX_WORDS: usize = 8;

/// FxHash-style hasher for the sets of this rule: its keys are SHA-256 digests
/// (already uniform) and word numbers of one draft, so SipHash's protection
/// against crafted keys buys nothing and costs more than the lookup.
#[derive(Debug, Default, Clone, Copy)]
struct Fx(u64);

impl Hasher for Fx {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            for (w, b) in word.iter_mut().zip(chunk) {
                *w = *b;
            }
            self.write_u64(u64::from_le_bytes(word));
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }

    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

type FastHash = BuildHasherDefault<Fx>;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{assert_hits, assert_no_hits, hits_in, pack_with};
    use crate::{CompiledPack, Context};

    /// A rule of `terms`, with their marks when `marked`.
    fn rule_of(terms: &[&str], marked: bool) -> String {
        let hashes: Vec<String> = terms
            .iter()
            .map(|t| format!("\"{}\"", hash_term("s3cret", t)))
            .collect();
        let marks: Vec<String> = terms
            .iter()
            .map(|t| mark_term("s3cret", t).to_string())
            .collect();
        let marks = if marked {
            format!(r#", "marks": [{}]"#, marks.join(","))
        } else {
            String::new()
        };
        format!(
            r#"{{ "id": "secret", "kind": "hashed_terms", "category": "confidential", "level": "important",
            "message": "code name", "salt": "s3cret", "max_words": 2, "hashes": [{}]{marks} }}"#,
            hashes.join(",")
        )
    }

    /// The rule of `terms`, with and without marks.
    fn rules(terms: &[&str]) -> [String; 2] {
        [rule_of(terms, true), rule_of(terms, false)]
    }

    #[test]
    fn finds_hashed_words_and_phrases_in_their_forms() {
        for r in rules(&["Nebula", "Blue Falcon"]) {
            assert_hits(&r, "Nebula kommt!", &["Nebula"]);
            assert_hits(&r, "Die NEBULAS sind da", &["NEBULAS"]);
            assert_hits(&r, "Projekt Blue-Falcon startet", &["Blue-Falcon"]);
            assert_hits(&r, "Blue\nFalcon", &["Blue\nFalcon"]);
            assert_hits(
                &r,
                "Two Blue Falcons, one blue falcon.",
                &["Blue Falcons", "blue falcon"],
            );
        }
    }

    #[test]
    fn ignores_other_words() {
        for r in rules(&["Nebula", "Blue Falcon"]) {
            assert_no_hits(&r, "A blue sky and a falcon");
            assert_no_hits(&r, "Der Nebulizer ist ein Gerät");
        }
    }

    /// The reference: every phrase at every place, hashed as it is and with
    /// each ending cut off; the spans by position, each once.
    fn reference(terms: &[&str], max_words: usize, text: &str) -> Vec<String> {
        let hashes: HashSet<String> = terms.iter().map(|t| hash_term("s3cret", t)).collect();
        let folded = Folded::new(text, false);
        let words = word_spans(&folded.text);
        let mut spans = Vec::new();
        for i in 0..words.len() {
            for n in 1..=max_words.min(words.len() - i) {
                let phrase: Vec<&str> = words[i..i + n]
                    .iter()
                    .map(|w| &folded.text[w.clone()])
                    .collect();
                let phrase = phrase.join(" ");
                let last = &folded.text[words[i + n - 1].clone()];
                let hit = cuts(cut_mask(last)).any(|cut| {
                    hashes.contains(&hash_words("s3cret", &phrase[..phrase.len() - cut]))
                });
                if hit
                    && let Some(span) = folded.original_range(words[i].start..words[i + n - 1].end)
                {
                    spans.push(span);
                }
            }
        }
        spans.sort_by_key(|s| (s.start, s.end));
        spans.dedup();
        spans.into_iter().map(|s| text[s].to_string()).collect()
    }

    fn word() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        prop_oneof![
            Just("Nebula".to_string()),
            Just("NEBULAS".to_string()),
            Just("nebulae".to_string()),
            Just("Blue".to_string()),
            Just("Falcons".to_string()),
            Just("falcon's".to_string()),
            Just("Föhn".to_string()),
            Just("und".to_string()),
            Just("es".to_string()),
            "[a-z]{1,3}",
        ]
    }

    proptest::proptest! {
        #[test]
        fn finds_what_hashing_every_phrase_finds(
            words in proptest::collection::vec((word(), proptest::sample::select(vec![" ", "  ", "-", ", ", "\n"])), 0..40),
            max_words in 1usize..4,
        ) {
            let text: String = words.iter().map(|(w, sep)| format!("{w}{sep}")).collect();
            let terms = ["Nebula", "Blue Falcon", "und Nebula", "es", "Föhn Blue Falcon"];
            let want = reference(&terms, max_words, &text);
            for marked in [true, false] {
                let rule = rule_of(&terms, marked).replace(r#""max_words": 2"#, &format!(r#""max_words": {max_words}"#));
                proptest::prop_assert_eq!(&hits_in(&rule, &text, &Context::default()), &want, "marked {}", marked);
            }
        }
    }

    #[test]
    fn cuts_are_the_endings_a_word_has() {
        let cuts_of = |w: &str| cuts(cut_mask(w)).collect::<Vec<_>>();
        assert_eq!(cuts_of("falcons"), [0, 1]);
        assert_eq!(cuts_of("kunden"), [0, 1, 2]);
        assert_eq!(cuts_of("häusern"), [0, 1, 3]);
        assert_eq!(cuts_of("lebens"), [0, 1, 3]);
        assert_eq!(cuts_of("nebula"), [0]);
        // French plurals in -x, as `terms` reads them.
        assert_eq!(cuts_of("bijoux"), [0, 1]);
        // At least 2 bytes stay: "es" keeps "es", "ens" has no cut of 3.
        assert_eq!(cuts_of("es"), [0]);
        assert_eq!(cuts_of("ens"), [0, 1]);
        for e in ENDINGS {
            let last = e.as_bytes().last().copied().unwrap();
            assert!(ENDING_LAST_BYTES >> last & 1 == 1, "{e}");
        }
    }

    #[test]
    fn every_ending_is_within_the_marked_tail() {
        assert!(ENDINGS.iter().all(|e| e.len() <= marks::TAIL));
    }

    /// A word whose mark is the mark of `term` (but which is not `term`).
    fn collider(salt: &str, term: &str) -> String {
        let mark = mark_term(salt, term);
        (0u32..)
            .map(|i| format!("w{i}"))
            .find(|w| mark_term(salt, w) == mark)
            .unwrap()
    }

    #[test]
    fn a_colliding_mark_is_verified_by_sha256() {
        let r = rule_of(&["Nebula"], true);
        let other = collider("s3cret", "Nebula");
        assert_eq!(mark_term("s3cret", &other), mark_term("s3cret", "Nebula"));
        // Also as the stem of a word with an ending, and repeated (hashed once).
        let draft = format!("{other} und {other}s, {other} {other}. Nebula!");
        assert_eq!(
            hits_in(&r, &draft, &Context::default()),
            ["Nebula"],
            "{draft}"
        );
    }

    #[test]
    fn a_hashed_word_matches_the_forms_the_same_word_in_terms_matches() {
        let terms = r#"{ "id": "plain", "kind": "terms", "category": "confidential", "level": "important",
            "message": "m", "terms": ["Nebula"], "examples": {"hit": ["Nebula"]} }"#;
        for marked in [true, false] {
            let hashed = rule_of(&["Nebula"], marked);
            for form in [
                "Nebulas", "Nebulax", "Nebula's", "Nebulaen", "Nebulae", "Nebulaxx", "Nebulan",
            ] {
                let draft = format!("Wir zeigen {form} heute.");
                // Whether it is found; the passage of "Nebula's" differs
                // (`terms` includes the "'s", `hashed_terms` splits words at
                // the apostrophe).
                assert_eq!(
                    hits_in(&hashed, &draft, &Context::default()).is_empty(),
                    hits_in(terms, &draft, &Context::default()).is_empty(),
                    "{form}, marked: {marked}"
                );
            }
        }
    }

    #[test]
    fn marks_pin_fnv1a_64_folded_to_16_bits() {
        // FNV-1a 64 of "acme\0orion" is 0x972a7987536c60ba; its four quarters xored.
        assert_eq!(
            mark_term("acme", "Orion"),
            0x972a ^ 0x7987 ^ 0x536c ^ 0x60ba
        );
        assert_eq!(mark_term("acme", "Orion"), 56699);
        // Folded like the hashes: case, spaces and hyphens do not matter.
        assert_eq!(mark_term("acme", "Blue  Falcon"), 30635);
        assert_eq!(mark_term("acme", "blue-falcon"), 30635);
    }

    fn problems_of(rule: &str) -> Vec<Problem> {
        match CompiledPack::from_json(&pack_with(rule)) {
            Ok(p) => p.warnings().to_vec(),
            Err(e) => e.problems,
        }
    }

    #[test]
    fn marks_out_of_range_are_refused_where_they_are() {
        let hash = hash_term("s", "Nebula");
        let rule = format!(
            r#"{{ "id": "secret", "kind": "hashed_terms", "category": "confidential", "level": "important",
            "message": "m", "salt": "s", "hashes": ["{hash}", "{hash}", "{hash}"], "marks": [1, 65536, -1] }}"#
        );
        let problems = problems_of(&rule);
        let errors: Vec<&Problem> = problems.iter().filter(|p| p.is_error()).collect();
        assert_eq!(errors.len(), 2, "{problems:#?}");
        assert_eq!(errors[0].path, "$.rules[0].marks[1]");
        assert_eq!(errors[0].rule.as_deref(), Some("secret"));
        assert!(
            errors[0].message.contains("65536 is not a mark"),
            "{}",
            errors[0].message
        );
        assert!(errors[0].fix.as_deref().unwrap().contains("hash-terms"));
        assert_eq!(errors[1].path, "$.rules[0].marks[2]");
    }

    #[test]
    fn a_rule_without_marks_works_with_a_hint_to_add_them() {
        let problems = problems_of(&rule_of(&["Nebula"], false));
        assert_eq!(problems.len(), 1, "{problems:#?}");
        assert!(!problems[0].is_error());
        assert_eq!(problems[0].path, "$.rules[0].hashes");
        assert_eq!(problems[0].rule.as_deref(), Some("secret"));
        assert_eq!(
            problems[0].fix.as_deref(),
            Some("re-run `postcheck pack hash-terms` to add marks; checks get faster")
        );
        assert!(problems_of(&rule_of(&["Nebula"], true)).is_empty());
    }

    #[test]
    fn marks_that_do_not_pair_up_are_ignored_with_a_warning() {
        // One mark for two hashes: "Blue Falcon" has none, yet it is found.
        let hashes = [hash_term("s", "Nebula"), hash_term("s", "Blue Falcon")];
        let rule = format!(
            r#"{{ "id": "secret", "kind": "hashed_terms", "category": "confidential", "level": "important",
            "message": "m", "salt": "s", "hashes": ["{}", "{}"], "marks": [{}] }}"#,
            hashes[0],
            hashes[1],
            mark_term("s", "Nebula")
        );
        let problems = problems_of(&rule);
        assert_eq!(problems.len(), 1, "{problems:#?}");
        assert!(!problems[0].is_error());
        assert_eq!(problems[0].path, "$.rules[0].marks");
        assert!(problems[0].message.starts_with("1 marks for 2 hashes"));
        assert_hits(&rule, "Blue Falcon und Nebula", &["Blue Falcon", "Nebula"]);
    }

    #[test]
    fn counts_words_as_hashing_splits_them() {
        assert_eq!(term_word_count("Blue-Falcon"), 2);
        assert_eq!(term_word_count("  Nebula "), 1);
        assert_eq!(term_word_count("Projekt #Orion 2"), 3);
    }

    #[test]
    fn hashes_are_compared_as_bytes() {
        let hex = hash_term("acme", "Orion");
        let bytes = parse_hex(&hex);
        assert_eq!(bytes, Some(digest_words(&salted("acme"), "orion")));
        assert_eq!(parse_hex(&hex.to_uppercase()), None);
        assert_eq!(parse_hex(&hex[..62]), None);
        // SHA-256 of "acme\0orion", as any other tool computes it.
        assert_eq!(
            hash_term("acme", "Orion"),
            "0c64b924ee9b8f3fffcd8b39e3e36e38623b73eeab25df748e9acc675495f2dd"
        );
    }

    #[test]
    fn hash_is_stable() {
        // Pinned so that packs hashed today keep working in later versions.
        assert_eq!(
            hash_term("acme", "Blue  Falcon"),
            hash_term("acme", "blue falcon")
        );
        assert_eq!(
            &hash_term("acme", "orion")[..16],
            &hash_words("acme", "orion")[..16]
        );
    }
}
