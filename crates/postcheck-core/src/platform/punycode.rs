//! The length of a domain label in Punycode (RFC 3492), as JavaScript's `punycode.toASCII`
//! (punycode.js 2.1, which twitter-text uses) writes it.
//!
//! twitter-text rejects a URL whose domain has a label longer than 63 characters once
//! encoded, so finding URLs as X does needs the encoded length, not the encoding.
//! Works on UTF-16 code units, like JavaScript: a lone surrogate counts as a code point.

const BASE: u64 = 36;
const T_MIN: u64 = 1;
const T_MAX: u64 = 26;
const SKEW: u64 = 38;
const DAMP: u64 = 700;
const INITIAL_BIAS: u64 = 72;
const INITIAL_N: u64 = 128;
const MAX_INT: u64 = 0x7FFF_FFFF;

/// The length of `punycode.toASCII(label)` in code units, or `None` where punycode.js
/// throws (an overflow, only for very long labels far beyond any valid domain).
///
/// Like `toASCII`, it splits at the IDNA dots (`.`, `。`, `．`, `｡`), keeps labels of
/// ASCII only as they are and writes the others as `xn--` and their encoding.
pub(crate) fn to_ascii_len(label: &[u16]) -> Option<usize> {
    // `mapDomain` keeps only what is around the first `@`; a domain label never has one.
    let mut total = 0usize;
    let mut parts = 0usize;
    for part in label.split(|&u| matches!(u, 0x2E | 0x3002 | 0xFF0E | 0xFF61)) {
        parts += 1;
        total += if part.iter().all(|&u| u <= 0x7F) {
            part.len()
        } else {
            4 + encoded_len(&ucs2_decode(part))?
        };
    }
    Some(total + parts.saturating_sub(1))
}

/// Code points of UTF-16 `units`, keeping lone surrogates as they are (punycode.js `ucs2decode`).
fn ucs2_decode(units: &[u16]) -> Vec<u64> {
    char::decode_utf16(units.iter().copied())
        .map(|r| {
            r.map_or_else(
                |e| u64::from(e.unpaired_surrogate()),
                |c| u64::from(u32::from(c)),
            )
        })
        .collect()
}

fn adapt(delta: u64, points: u64, first: bool) -> u64 {
    let mut delta = if first { delta / DAMP } else { delta >> 1 };
    delta += delta / points.max(1);
    let mut k = 0;
    while delta > ((BASE - T_MIN) * T_MAX) >> 1 {
        delta /= BASE - T_MIN;
        k += BASE;
    }
    k + (BASE - T_MIN + 1) * delta / (delta + SKEW)
}

/// The length of the Punycode encoding of `input` (without the `xn--` prefix).
fn encoded_len(input: &[u64]) -> Option<usize> {
    let basic = input.iter().filter(|&&c| c < 0x80).count();
    let mut out = basic + usize::from(basic > 0);
    let mut handled = basic;
    let (mut n, mut delta, mut bias) = (INITIAL_N, 0u64, INITIAL_BIAS);
    while handled < input.len() {
        let m = input.iter().copied().filter(|&c| c >= n).min()?;
        let plus_one = handled as u64 + 1;
        if m - n > (MAX_INT - delta) / plus_one {
            return None;
        }
        delta += (m - n) * plus_one;
        n = m;
        for &c in input {
            if c < n {
                delta += 1;
                if delta > MAX_INT {
                    return None;
                }
            }
            if c == n {
                let mut q = delta;
                let mut k = BASE;
                loop {
                    let t = if k <= bias {
                        T_MIN
                    } else if k >= bias + T_MAX {
                        T_MAX
                    } else {
                        k - bias
                    };
                    if q < t {
                        break;
                    }
                    out += 1;
                    q = (q - t) / (BASE - t);
                    k += BASE;
                }
                out += 1;
                bias = adapt(delta, handled as u64 + 1, handled == basic);
                delta = 0;
                handled += 1;
            }
        }
        delta += 1;
        n += 1;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::to_ascii_len;

    fn len(s: &str) -> Option<usize> {
        to_ascii_len(&s.encode_utf16().collect::<Vec<_>>())
    }

    #[test]
    fn matches_the_rfc_3492_samples() {
        // RFC 3492 section 7.1: (A) Arabic, (L) Japanese; the encodings, with `xn--`.
        let arabic = "\u{644}\u{64A}\u{647}\u{645}\u{627}\u{628}\u{62A}\u{643}\u{644}\u{645}\u{648}\u{634}\u{639}\u{631}\u{628}\u{64A}\u{61F}";
        assert_eq!(len(arabic), Some("xn--egbpdaj6bu4bxfgehfvwxn".len()));
        assert_eq!(
            len("3年B組金八先生"),
            Some("xn--3B-ww4c5e180e575a65lsy2b".len())
        );
        assert_eq!(len("bücher"), Some("xn--bcher-kva".len()));
    }

    #[test]
    fn keeps_ascii_and_splits_at_idna_dots() {
        assert_eq!(len("example"), Some(7));
        assert_eq!(len("a\u{3002}b"), Some(3));
        assert_eq!(len(""), Some(0));
    }
}
