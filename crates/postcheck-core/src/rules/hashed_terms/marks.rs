//! Marks: 16-bit, salted, non-cryptographic hashes of hashed terms, so that a
//! check computes SHA-256 only for the few phrases that may be a term.
//!
//! What: the mark of a text is FNV-1a 64 over the salt's bytes, one NUL byte and
//! the text's bytes, xor-folded to 16 bits (the xor of the hash's four 16-bit
//! quarters). The text is the same folded, space-joined words that SHA-256 hashes.
//!
//! Why xor-folded and not simply the low 16 bits: the low bits of a multiplicative
//! hash depend only on the low bits of what came before (bit 0 is the parity of
//! the bytes' bit 0), and the high bits hardly depend on the last byte, so
//! `falcon` and `falcom` would often share a mark. Folding mixes both ends.
//!
//! Example: the mark of `orion` with the salt `acme` is FNV-1a 64 of the bytes
//! `acme\0orion`, `0x972a7987536c60ba`, folded: `0x972a ^ 0x7987 ^ 0x536c ^ 0x60ba`
//! = 56699.

/// FNV-1a 64's offset basis.
const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
/// FNV-1a 64's prime.
const PRIME: u64 = 0x0000_0100_0000_01b3;

/// The most bytes an ending takes off a word; [`Fnv::extend_keeping_tail`]
/// keeps the states of that many last positions.
pub(crate) const TAIL: usize = 3;

/// The state of an FNV-1a 64 hash: copied, then extended by more bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Fnv(u64);

impl Fnv {
    /// The state after `salt` and the NUL byte: every mark of a rule starts here.
    pub(crate) fn salted(salt: &str) -> Fnv {
        Fnv(OFFSET).extend(salt.as_bytes()).extend(&[0])
    }

    /// The state after `bytes` more.
    pub(crate) fn extend(self, bytes: &[u8]) -> Fnv {
        Fnv(bytes
            .iter()
            .fold(self.0, |h, b| (h ^ u64::from(*b)).wrapping_mul(PRIME)))
    }

    /// Extends by `bytes`, and returns the states after all of them (`[0]`), after
    /// all but the last (`[1]`), ..., after all but the last [`TAIL`] (`[TAIL]`):
    /// the marks of a word and of the word without an ending, in one pass.
    /// Entries for more bytes than `bytes` has are the state before it.
    pub(crate) fn extend_keeping_tail(self, bytes: &[u8]) -> [Fnv; TAIL + 1] {
        let (head, last) = bytes
            .split_at_checked(bytes.len().saturating_sub(TAIL))
            .unwrap_or((&[], bytes));
        // A shift register of the last states, newest first; what was never
        // shifted in is the state before `bytes`. Built from whole values, not
        // stored entry by entry, so that it is read back without waiting for
        // the stores.
        let mut tail = [self.extend(head), self, self, self];
        for b in last {
            let [now, one, two, _] = tail;
            tail = [now.extend(&[*b]), now, one, two];
        }
        tail
    }

    /// The 64-bit hash of what was fed in (the mark is made of it).
    #[cfg(test)]
    fn value(self) -> u64 {
        self.0
    }

    /// The mark: the hash xor-folded to 16 bits.
    pub(crate) fn mark(self) -> u16 {
        let h = self.0;
        // Truncation is the point: the low 16 bits of the folded value.
        ((h ^ (h >> 16) ^ (h >> 32) ^ (h >> 48)) & 0xffff) as u16
    }
}

/// The marks of a rule as a set of 65,536 bits (8 KB): one look-up per phrase.
#[derive(Debug, Clone)]
pub(crate) struct MarkSet(Box<[u64]>);

impl MarkSet {
    /// The set of `marks`.
    pub(crate) fn new(marks: impl IntoIterator<Item = u16>) -> MarkSet {
        let mut bits = vec![0u64; 1 << 10].into_boxed_slice();
        for m in marks {
            if let Some(word) = bits.get_mut(usize::from(m >> 6)) {
                *word |= 1 << (m & 63);
            }
        }
        MarkSet(bits)
    }

    /// Whether `mark` is one of the rule's marks.
    pub(crate) fn contains(&self, mark: u16) -> bool {
        self.0
            .get(usize::from(mark >> 6))
            .is_some_and(|word| word >> (mark & 63) & 1 == 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn is_fnv1a_64() {
        // The published test vectors of FNV-1a 64.
        assert_eq!(Fnv(OFFSET).extend(b"").value(), 0xcbf2_9ce4_8422_2325);
        assert_eq!(Fnv(OFFSET).extend(b"a").value(), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(Fnv(OFFSET).extend(b"foobar").value(), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn marks_are_the_folded_hash_of_salt_nul_and_text() {
        let orion = Fnv::salted("acme").extend(b"orion");
        assert_eq!(orion, Fnv(OFFSET).extend(b"acme\0orion"));
        assert_eq!(orion.value(), 0x972a_7987_536c_60ba);
        assert_eq!(orion.mark(), 0x972a ^ 0x7987 ^ 0x536c ^ 0x60ba);
        assert_eq!(orion.mark(), 56699);
    }

    #[test]
    fn keeps_the_states_of_the_last_bytes() {
        let start = Fnv::salted("s");
        let tail = start.extend_keeping_tail(b"falcons");
        assert_eq!(tail[0], start.extend(b"falcons"));
        assert_eq!(tail[1], start.extend(b"falcon"));
        assert_eq!(tail[2], start.extend(b"falco"));
        assert_eq!(tail[3], start.extend(b"falc"));
        let short = start.extend_keeping_tail(b"ab");
        assert_eq!(
            short,
            [start.extend(b"ab"), start.extend(b"a"), start, start]
        );
        let three = start.extend_keeping_tail(b"abc");
        assert_eq!(three[3], start);
        assert_eq!(three[0], start.extend(b"abc"));
        assert_eq!(start.extend_keeping_tail(b""), [start; TAIL + 1]);
    }

    #[test]
    fn the_set_holds_exactly_its_marks() {
        let set = MarkSet::new([0, 63, 64, 56699, u16::MAX]);
        for m in [0, 63, 64, 56699, u16::MAX] {
            assert!(set.contains(m), "{m}");
        }
        for m in [1, 62, 65, 56698, 56700, u16::MAX - 1] {
            assert!(!set.contains(m), "{m}");
        }
    }
}
