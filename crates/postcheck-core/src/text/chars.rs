//! Character classes of the standard library, with a fast path for the
//! letters of Western European text.
//!
//! `char::is_alphabetic` and `char::is_alphanumeric` answer ASCII at once but
//! search Unicode tables for every other character, a search of many
//! data-dependent steps. German, French and Italian drafts are full of `é`,
//! `ü` and `ß`, all in U+00C0 to U+024F, where every character is a letter
//! except `×` and `÷`: answered here without the search. Everything else
//! goes to the standard library, so the answers are always its answers
//! (a test compares them for every character).

/// Whether `c` is a letter of U+00C0 to U+024F (Latin-1 letters, Latin
/// Extended-A and -B), `None` outside that range.
#[inline]
fn latin_letter(c: char) -> Option<bool> {
    matches!(c, '\u{C0}'..='\u{24F}').then(|| !matches!(c, '\u{D7}' | '\u{F7}'))
}

/// [`char::is_alphabetic`], faster for Latin letters.
#[inline]
pub fn is_alphabetic(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    latin_letter(c).unwrap_or_else(|| c.is_alphabetic())
}

/// [`char::is_alphanumeric`], faster for Latin letters.
#[inline]
pub fn is_alphanumeric(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    latin_letter(c).unwrap_or_else(|| c.is_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_as_the_standard_library_for_every_character() {
        for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
            assert_eq!(is_alphabetic(c), c.is_alphabetic(), "{c:?}");
            assert_eq!(is_alphanumeric(c), c.is_alphanumeric(), "{c:?}");
        }
    }

    #[test]
    fn latin_letters_are_letters_and_signs_are_not() {
        assert!("éüßÉÜçœŒŁřǅ".chars().all(is_alphabetic));
        assert!(!"×÷€–«»".chars().any(is_alphanumeric));
    }
}
