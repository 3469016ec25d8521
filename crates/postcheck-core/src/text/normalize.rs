//! Unicode normalization, as much as postcheck needs: the letters a character
//! folds to (its compatibility decomposition without combining marks), and
//! NFC for X's length count.
//!
//! Why our own: the tables come from the `unicode-normalization` crate at build
//! time (`build.rs`), but only these few and compactly, which keeps the wasm
//! engine 40 KB (gzipped) smaller than linking the crate. The tests compare
//! every Unicode scalar value, and random texts, with that crate.
//!
//! Example: `ﬁ` folds to `f`, `i`; `é` to `e`; `"e\u{301}"` in NFC is `"é"`.

use std::collections::HashMap;
use std::sync::LazyLock;

/// Reads the LEB128 numbers of a table written by `build.rs`.
struct Numbers<'a> {
    bytes: std::slice::Iter<'a, u8>,
}

impl Iterator for Numbers<'_> {
    type Item = u32;

    fn next(&mut self) -> Option<u32> {
        let mut n = 0u32;
        for shift in (0..35).step_by(7) {
            let byte = *self.bytes.next()?;
            n |= u32::from(byte & 0x7F) << shift;
            if byte < 0x80 {
                return Some(n);
            }
        }
        None
    }
}

/// Calls `entry(code point, numbers)` for each entry of a table, whose entries
/// have `width` numbers of data, or, with `width` 0, a count and that many.
fn read_table(bytes: &[u8], width: usize, mut entry: impl FnMut(u32, &[u32])) {
    let mut numbers = Numbers {
        bytes: bytes.iter(),
    };
    let mut at = 0u32;
    let mut data = Vec::new();
    while let Some(delta) = numbers.next() {
        at += delta;
        let count = match width {
            0 => numbers.next().unwrap_or(0) as usize,
            n => n,
        };
        data.clear();
        data.extend(numbers.by_ref().take(count));
        entry(at, &data);
    }
}

/// Characters with a list of characters each, sorted for binary search.
struct CharLists {
    keys: Vec<char>,
    /// End of each key's list in `chars`; it starts where the previous one ends.
    ends: Vec<u32>,
    chars: Vec<char>,
    /// For the code points below [`DIRECT`] (Latin, Greek, Cyrillic, ...): the
    /// index of their key plus one, or 0 without one; no search for them.
    direct: Vec<u16>,
}

/// Code points looked up without a search: the two-byte UTF-8 ones.
const DIRECT: u32 = 0x800;

impl CharLists {
    fn read(bytes: &[u8]) -> CharLists {
        let mut lists = CharLists {
            keys: Vec::new(),
            ends: Vec::new(),
            chars: Vec::new(),
            direct: vec![0; DIRECT as usize],
        };
        read_table(bytes, 0, |key, list| {
            if let Some(key) = char::from_u32(key) {
                if let (Some(slot), Ok(index)) = (
                    lists.direct.get_mut(key as usize),
                    u16::try_from(lists.keys.len() + 1),
                ) {
                    *slot = index;
                }
                lists.keys.push(key);
                lists
                    .chars
                    .extend(list.iter().filter_map(|&c| char::from_u32(c)));
                lists.ends.push(lists.chars.len() as u32);
            }
        });
        lists
    }

    fn get(&self, c: char) -> Option<&[char]> {
        let i = match self.direct.get(c as usize) {
            Some(&index) => usize::from(index).checked_sub(1)?,
            None => self.keys.binary_search(&c).ok()?,
        };
        let start = match i {
            0 => 0,
            _ => *self.ends.get(i - 1)?,
        };
        let end = *self.ends.get(i)?;
        self.chars.get(start as usize..end as usize)
    }
}

static FOLD: LazyLock<CharLists> =
    LazyLock::new(|| CharLists::read(include_bytes!(concat!(env!("OUT_DIR"), "/fold.bin"))));

static CANONICAL: LazyLock<CharLists> =
    LazyLock::new(|| CharLists::read(include_bytes!(concat!(env!("OUT_DIR"), "/canonical.bin"))));

static COMBINING_CLASSES: LazyLock<Vec<(char, u8)>> = LazyLock::new(|| {
    let mut classes = Vec::new();
    read_table(
        include_bytes!(concat!(env!("OUT_DIR"), "/ccc.bin")),
        1,
        |c, class| {
            if let (Some(c), Some(&class)) = (char::from_u32(c), class.first()) {
                classes.push((c, u8::try_from(class).unwrap_or(0)));
            }
        },
    );
    classes
});

static COMPOSITIONS: LazyLock<HashMap<(char, char), char>> = LazyLock::new(|| {
    let mut pairs = HashMap::new();
    read_table(
        include_bytes!(concat!(env!("OUT_DIR"), "/compositions.bin")),
        2,
        |composite, pair| {
            let chars = (
                char::from_u32(composite),
                pair.first().copied().and_then(char::from_u32),
                pair.get(1).copied().and_then(char::from_u32),
            );
            if let (Some(composite), Some(first), Some(second)) = chars {
                pairs.insert((first, second), composite);
            }
        },
    );
    pairs
});

/// Ranges (first, last) of the characters that are not [`is_nfc_plain`].
static NOT_NFC_PLAIN: LazyLock<Vec<(u32, u32)>> = LazyLock::new(|| {
    let mut ranges = Vec::new();
    read_table(
        include_bytes!(concat!(env!("OUT_DIR"), "/not_nfc_plain.bin")),
        1,
        |start, len| {
            if let Some(&len) = len.first() {
                ranges.push((start, start + len.saturating_sub(1)));
            }
        },
    );
    ranges
});

// Hangul syllables decompose and compose by arithmetic (Unicode, chapter 3.12).
const S_BASE: u32 = 0xAC00;
const L_BASE: u32 = 0x1100;
const V_BASE: u32 = 0x1161;
const T_BASE: u32 = 0x11A7;
const L_COUNT: u32 = 19;
const V_COUNT: u32 = 21;
const T_COUNT: u32 = 28;
const N_COUNT: u32 = V_COUNT * T_COUNT;
const S_COUNT: u32 = L_COUNT * N_COUNT;

/// The jamo of a Hangul syllable, or `None` for any other character.
fn hangul_jamo(c: char) -> Option<impl Iterator<Item = char>> {
    let s = u32::from(c).checked_sub(S_BASE).filter(|&s| s < S_COUNT)?;
    let l = L_BASE + s / N_COUNT;
    let v = V_BASE + (s % N_COUNT) / T_COUNT;
    let t = Some(T_BASE + s % T_COUNT).filter(|&t| t != T_BASE);
    Some(
        [Some(l), Some(v), t]
            .into_iter()
            .flatten()
            .filter_map(char::from_u32),
    )
}

fn compose_hangul(first: char, second: char) -> Option<char> {
    let (a, b) = (u32::from(first), u32::from(second));
    if (L_BASE..L_BASE + L_COUNT).contains(&a) && (V_BASE..V_BASE + V_COUNT).contains(&b) {
        return char::from_u32(S_BASE + ((a - L_BASE) * V_COUNT + (b - V_BASE)) * T_COUNT);
    }
    let s = a.checked_sub(S_BASE).filter(|&s| s < S_COUNT)?;
    if s % T_COUNT == 0 && (T_BASE + 1..T_BASE + T_COUNT).contains(&b) {
        return char::from_u32(a + (b - T_BASE));
    }
    None
}

/// Calls `out` with the letters `c` folds to: its compatibility decomposition
/// (NFKD) without combining marks. `ﬁ` gives `f`, `i`; `Å` gives `A`; a
/// combining mark gives nothing; most characters give themselves.
pub fn compatibility_letters(c: char, mut out: impl FnMut(char)) {
    if c.is_ascii() {
        return out(c);
    }
    if let Some(jamo) = hangul_jamo(c) {
        return jamo.for_each(out);
    }
    match FOLD.get(c) {
        Some(letters) => letters.iter().copied().for_each(out),
        None => out(c),
    }
}

/// The canonical combining class of `c` (0 for starters).
pub fn combining_class(c: char) -> u8 {
    if c < '\u{300}' {
        return 0;
    }
    let classes = &*COMBINING_CLASSES;
    classes
        .binary_search_by_key(&c, |&(k, _)| k)
        .ok()
        .and_then(|i| classes.get(i))
        .map_or(0, |&(_, class)| class)
}

/// Whether a text holding `c` is NFC around it whatever its neighbours are:
/// `c` is a starter (combining class 0) with NFC_Quick_Check=Yes. A text of
/// such characters only is NFC.
pub fn is_nfc_plain(c: char) -> bool {
    let c = u32::from(c);
    if c < 0x300 {
        return true;
    }
    let ranges = &*NOT_NFC_PLAIN;
    let i = ranges.partition_point(|&(first, _)| first <= c);
    !matches!(i.checked_sub(1).and_then(|i| ranges.get(i)), Some(&(_, last)) if c <= last)
}

/// `text` in Normalization Form C (canonical decomposition, canonical order,
/// canonical composition), as X counts it.
pub fn nfc(text: &str) -> String {
    let mut chars: Vec<char> = Vec::with_capacity(text.len());
    for c in text.chars() {
        if let Some(jamo) = hangul_jamo(c) {
            chars.extend(jamo);
        } else if let Some(parts) = CANONICAL.get(c) {
            chars.extend_from_slice(parts);
        } else {
            chars.push(c);
        }
    }
    // Canonical order: each run of non-starters sorted by class (stably).
    for run in chars.chunk_by_mut(|a, b| (combining_class(*a) == 0) == (combining_class(*b) == 0)) {
        if run.first().is_some_and(|&c| combining_class(c) != 0) {
            run.sort_by_key(|&c| combining_class(c));
        }
    }
    // Composition: each character joins the last starter unless a character
    // between them blocks it (a starter, or one of the same or a higher class).
    let mut out: Vec<char> = Vec::with_capacity(chars.len());
    let mut starter: Option<usize> = None;
    // Class of the last character after the starter; `None` right after it.
    let mut last_class: Option<u8> = None;
    for c in chars {
        let class = combining_class(c);
        if let Some(slot) = starter.and_then(|s| out.get_mut(s)) {
            let blocked = last_class.is_some_and(|last| last == 0 || last >= class);
            if !blocked {
                let composite =
                    compose_hangul(*slot, c).or_else(|| COMPOSITIONS.get(&(*slot, c)).copied());
                if let Some(composite) = composite {
                    *slot = composite;
                    continue;
                }
            }
        }
        if class == 0 {
            starter = Some(out.len());
            last_class = None;
        } else {
            last_class = Some(class);
        }
        out.push(c);
    }
    out.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::char::{decompose_compatible, is_combining_mark};
    use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

    fn scalars() -> impl Iterator<Item = char> {
        (0..=0x10FFFF).filter_map(char::from_u32)
    }

    #[test]
    fn folds_every_character_as_the_crate_decomposes_it() {
        for c in scalars() {
            let mut ours = Vec::new();
            compatibility_letters(c, |d| ours.push(d));
            let mut crate_letters = Vec::new();
            decompose_compatible(c, |d| {
                if !is_combining_mark(d) {
                    crate_letters.push(d);
                }
            });
            assert_eq!(ours, crate_letters, "{c:?} U+{:04X}", u32::from(c));
        }
        let mut fi = String::new();
        compatibility_letters('ﬁ', |d| fi.push(d));
        assert_eq!(fi, "fi");
    }

    #[test]
    fn every_character_alone_is_nfc_as_the_crate_makes_it() {
        for c in scalars() {
            let text = c.to_string();
            assert_eq!(
                nfc(&text),
                text.nfc().collect::<String>(),
                "U+{:04X}",
                u32::from(c)
            );
            assert_eq!(
                combining_class(c),
                unicode_normalization::char::canonical_combining_class(c),
                "U+{:04X}",
                u32::from(c)
            );
            let plain =
                combining_class(c) == 0 && is_nfc_quick(std::iter::once(c)) == IsNormalized::Yes;
            assert_eq!(is_nfc_plain(c), plain, "U+{:04X}", u32::from(c));
        }
    }

    #[test]
    fn composes_reorders_and_leaves_blocked_marks() {
        for (text, want) in [
            ("e\u{301}te\u{301}", "été"),
            // Dot below (220) before the circumflex (230), whatever the order written.
            ("a\u{302}\u{323}", "\u{1EAD}"),
            ("a\u{323}\u{302}", "\u{1EAD}"),
            // A second acute is blocked by the first, which composed.
            ("e\u{301}\u{301}", "é\u{301}"),
            // A mark of the same class in between (candrabindu) blocks the acute.
            ("e\u{310}\u{301}", "e\u{310}\u{301}"),
            // Hangul jamo compose to a syllable.
            ("\u{1100}\u{1161}\u{11A8}", "\u{AC01}"),
            // A singleton (Ohm sign) becomes Omega and stays.
            ("\u{2126}", "\u{3A9}"),
            ("Zu\u{308}rich 👩🏽‍💻", "Zürich 👩🏽‍💻"),
            // Non-starters alone, out of order (230 before 216): sorted.
            ("\u{300}\u{F39}", "\u{F39}\u{300}"),
        ] {
            assert_eq!(nfc(text), want, "{text:?}");
            assert_eq!(nfc(text), text.nfc().collect::<String>(), "{text:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn any_text_is_nfc_as_the_crate_makes_it(text in concat!(
            "([a-zA-Z ]|[\u{300}-\u{36F}]|[\u{1100}-\u{1112}\u{1161}-\u{1175}\u{11A8}-\u{11C2}]",
            "|[\u{AC00}-\u{AC20}]|[\u{C0}-\u{24F}\u{1E00}-\u{1EFF}]|[\u{591}-\u{5C7}\u{5D0}-\u{5EA}]",
            "|[\u{900}-\u{97F}\u{F00}-\u{FFF}\u{3099}\u{309A}\u{3040}-\u{30FF}]|[\u{2000}-\u{2FFF}])",
            "{0,16}"
        )) {
            proptest::prop_assert_eq!(nfc(&text), text.nfc().collect::<String>());
        }
    }
}
