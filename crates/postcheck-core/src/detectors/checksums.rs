//! Check-digit algorithms (Luhn, ISO 7064 mod 11,10 and mod 97, EAN, weighted
//! sums) and the Shannon entropy of a token: what tells a real number or key
//! from a random string of digits or letters.

/// The Luhn (mod 10) check over all digits, the last one being the check digit.
pub(super) fn luhn_valid(digits: &[u8]) -> bool {
    luhn_sum(digits).is_multiple_of(10) && !digits.is_empty()
}

/// The Luhn sum of `digits` (the last one counted as the check digit position).
pub(super) fn luhn_sum(digits: &[u8]) -> u32 {
    digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| {
            let d = u32::from(d);
            if i % 2 == 1 {
                let x = d * 2;
                if x > 9 { x - 9 } else { x }
            } else {
                d
            }
        })
        .sum()
}

/// ISO 7064 MOD 11,10 over all digits, the last one being the check digit.
pub(super) fn mod_11_10_valid(digits: &[u8]) -> bool {
    if digits.is_empty() {
        return false;
    }
    let mut check: u32 = 5;
    for &d in digits {
        let c = if check == 0 { 10 } else { check };
        check = ((c * 2) % 11 + u32::from(d)) % 10;
    }
    check == 1
}

/// The EAN-13 (GTIN) check: weights 1 and 3 from the left, the last digit checks.
pub(super) fn ean_valid(digits: &[u8]) -> bool {
    let Some((&check, body)) = digits.split_last() else {
        return false;
    };
    let sum: u32 = body
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| u32::from(d) * if i % 2 == 0 { 3 } else { 1 })
        .sum();
    (10 - sum % 10) % 10 == u32::from(check)
}

/// The remainder modulo 97 of the number written by `chars`, where letters
/// count as two digits (A = 10 ... Z = 35), as in ISO 7064 MOD 97-10.
/// `None` for any other character.
pub(super) fn mod97(chars: impl Iterator<Item = char>) -> Option<u32> {
    let mut rem: u32 = 0;
    for c in chars {
        let v = c.to_digit(36)?;
        rem = if v < 10 {
            (rem * 10 + v) % 97
        } else {
            (rem * 100 + v) % 97
        };
    }
    Some(rem)
}

/// The remainder of a decimal number given by its digits, modulo `m`.
pub(super) fn digits_mod(digits: &[u8], m: u32) -> u32 {
    if m == 0 {
        return 0;
    }
    digits
        .iter()
        .fold(0u32, |r, &d| (r * 10 + u32::from(d)) % m)
}

/// A weighted digit sum: `sum(w * d)`, weights paired from the left.
pub(super) fn weighted_sum(digits: &[u8], weights: &[i32]) -> i32 {
    digits
        .iter()
        .zip(weights)
        .map(|(&d, &w)| i32::from(d) * w)
        .sum()
}

/// Shannon entropy of the characters of `s`, in bits per character.
pub(super) fn shannon_entropy(s: &str) -> f64 {
    let mut counts: std::collections::HashMap<char, u32> = std::collections::HashMap::new();
    let mut n = 0u32;
    for c in s.chars() {
        *counts.entry(c).or_insert(0) += 1;
        n += 1;
    }
    if n == 0 {
        return 0.0;
    }
    let n = f64::from(n);
    counts
        .values()
        .map(|&k| {
            let p = f64::from(k) / n;
            -p * p.log2()
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detectors::digits::digit_values;

    #[test]
    fn check_digit_algorithms() {
        assert!(luhn_valid(&digit_values("4111 1111 1111 1111")));
        assert!(!luhn_valid(&digit_values("4111 1111 1111 1112")));
        assert!(!luhn_valid(&[]));
        assert!(mod_11_10_valid(&digit_values("86095742719")));
        assert!(!mod_11_10_valid(&digit_values("86095742718")));
        assert!(ean_valid(&digit_values("7569217076985")));
        assert!(!ean_valid(&digit_values("7569217076986")));
        assert_eq!(mod97("370400440532013000DE89".chars()), Some(1));
        assert_eq!(mod97("X!".chars()), None);
        assert_eq!(digits_mod(&[1, 0, 0], 7), 2);
        assert!(shannon_entropy("aaaa") < 0.01);
        assert!((shannon_entropy("abcd") - 2.0).abs() < 1e-9);
    }
}
