//! The weighted length of a post on X, as twitter-text (configuration v3) counts it.

/// The weighted length of `text`: most characters count 1, CJK and emoji 2.
///
/// Preliminary: counts code points in the Latin ranges as 1 and others as 2;
/// URL and emoji-sequence handling follows with the twitter-text port.
pub fn weighted_length(text: &str) -> usize {
    text.chars()
        .map(|c| {
            let cp = c as u32;
            if cp <= 4351 || (8192..=8205).contains(&cp) || (8208..=8223).contains(&cp) || (8242..=8247).contains(&cp) {
                1
            } else {
                2
            }
        })
        .sum()
}
