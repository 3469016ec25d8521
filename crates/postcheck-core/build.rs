//! Writes the Unicode normalization data the engine needs, small, into `OUT_DIR`.
//!
//! The data comes from the `unicode-normalization` crate, run here at build
//! time; the engine only reads the compact tables below (`text::normalize`).
//! Linking that crate's own tables into the wasm engine cost 65 KB gzipped;
//! these tables are a fraction of it because they hold only what postcheck
//! uses (folding and NFC for X's length count) and compress well.
//!
//! Every table is a list of entries in code point order, each written as
//! LEB128 numbers: the distance from the previous entry's code point, then the
//! entry's data. `text::normalize` says what each table's data is.

use std::env;
use std::fs;
use std::path::Path;

use unicode_normalization::char::{
    canonical_combining_class, compose, decompose_canonical, decompose_compatible,
    is_combining_mark,
};
use unicode_normalization::{IsNormalized, is_nfc_quick};

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    let Some(out) = env::var_os("OUT_DIR") else {
        println!("cargo::error=OUT_DIR is not set");
        return;
    };
    let out = Path::new(&out);
    let tables = [
        ("fold.bin", fold()),
        ("ccc.bin", combining_classes()),
        ("canonical.bin", canonical()),
        ("compositions.bin", compositions()),
        ("not_nfc_plain.bin", not_nfc_plain()),
    ];
    for (name, bytes) in tables {
        if let Err(e) = fs::write(out.join(name), bytes) {
            println!("cargo::error=cannot write {name} into OUT_DIR: {e}");
        }
    }
}

/// Every Unicode scalar value.
fn scalars() -> impl Iterator<Item = char> {
    (0..=0x10FFFF).filter_map(char::from_u32)
}

fn is_hangul_syllable(c: char) -> bool {
    ('\u{AC00}'..='\u{D7A3}').contains(&c)
}

/// Appends `n` as LEB128.
fn push(out: &mut Vec<u8>, mut n: u32) {
    loop {
        let byte = (n & 0x7F) as u8;
        n >>= 7;
        if n == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

/// A table of `(code point, data)` entries, delta-coded.
struct Table {
    bytes: Vec<u8>,
    last: u32,
}

impl Table {
    fn new() -> Table {
        Table {
            bytes: Vec::new(),
            last: 0,
        }
    }
    fn entry(&mut self, c: char, data: &[u32]) {
        push(&mut self.bytes, u32::from(c) - self.last);
        self.last = u32::from(c);
        for &d in data {
            push(&mut self.bytes, d);
        }
    }
    /// An entry for `c` with a list of characters (the count, then the
    /// characters), unless the list is `c` itself.
    fn list(&mut self, c: char, list: &[char]) {
        if list != [c] {
            let mut data = vec![list.len() as u32];
            data.extend(list.iter().map(|&d| u32::from(d)));
            self.entry(c, &data);
        }
    }
}

/// Folding: for each non-ASCII character (Hangul syllables aside, which the
/// engine decomposes itself) whose compatibility decomposition without
/// combining marks is not the character itself: the number of characters,
/// then the characters. Combining marks have an entry with none.
fn fold() -> Vec<u8> {
    let mut table = Table::new();
    for c in scalars().filter(|c| !c.is_ascii() && !is_hangul_syllable(*c)) {
        let mut kept = Vec::new();
        decompose_compatible(c, |d| {
            if !is_combining_mark(d) {
                kept.push(d);
            }
        });
        table.list(c, &kept);
    }
    table.bytes
}

/// Canonical combining classes other than 0: the class.
fn combining_classes() -> Vec<u8> {
    let mut table = Table::new();
    for c in scalars() {
        let class = canonical_combining_class(c);
        if class != 0 {
            table.entry(c, &[u32::from(class)]);
        }
    }
    table.bytes
}

/// Full canonical decompositions (Hangul aside): the number of characters, then the characters.
fn canonical() -> Vec<u8> {
    let mut table = Table::new();
    for (c, parts) in canonical_decompositions() {
        table.list(c, &parts);
    }
    table.bytes
}

/// Every character (Hangul syllables aside, which the engine handles by
/// arithmetic) with its full canonical decomposition.
fn canonical_decompositions() -> impl Iterator<Item = (char, Vec<char>)> {
    scalars().filter(|c| !is_hangul_syllable(*c)).map(|c| {
        let mut parts = Vec::new();
        decompose_canonical(c, |d| parts.push(d));
        (c, parts)
    })
}

/// Primary composites (Hangul aside), by composite: the two characters it composes from.
fn compositions() -> Vec<u8> {
    let mut table = Table::new();
    for (c, parts) in canonical_decompositions() {
        let Some((&last, init)) = parts.split_last() else {
            continue;
        };
        let Some((&head, rest)) = init.split_first() else {
            continue;
        };
        // The first of the pair is what the rest composes to, step by step.
        let Some(first) = rest.iter().try_fold(head, |acc, &next| compose(acc, next)) else {
            continue;
        };
        if compose(first, last) == Some(c) {
            table.entry(c, &[u32::from(first), u32::from(last)]);
        }
    }
    table.bytes
}

/// Characters a text can hold and still be NFC whatever is around them are
/// those with NFC_Quick_Check=Yes and combining class 0. This table lists the
/// others as ranges: first character, then the range's length.
fn not_nfc_plain() -> Vec<u8> {
    let mut table = Table::new();
    let mut run: Option<(char, u32)> = None;
    for c in scalars() {
        let plain = canonical_combining_class(c) == 0
            && is_nfc_quick(std::iter::once(c)) == IsNormalized::Yes;
        run = match (plain, run) {
            (false, Some((start, len))) if u32::from(start) + len == u32::from(c) => {
                Some((start, len + 1))
            }
            (false, other) => {
                if let Some((start, len)) = other {
                    table.entry(start, &[len]);
                }
                Some((c, 1))
            }
            (true, other) => {
                if let Some((start, len)) = other {
                    table.entry(start, &[len]);
                }
                None
            }
        };
    }
    if let Some((start, len)) = run {
        table.entry(start, &[len]);
    }
    table.bytes
}
