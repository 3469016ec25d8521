//! Characters that make a text read differently from what it is: bidirectional
//! controls, invisible characters, HTML markup. Used to check the texts, terms
//! and addresses of a pack.

/// The first thing that looks like an HTML tag: `<` followed by a letter, `/` or `!`, up to `>`.
pub(crate) fn html_tag(s: &str) -> Option<String> {
    let mut rest = s;
    while let Some(i) = rest.find('<') {
        let after = rest.get(i + 1..)?;
        if after.starts_with(|c: char| c.is_ascii_alphabetic() || c == '/' || c == '!')
            && let Some(end) = after.find('>')
        {
            let tag: String = after.get(..end)?.chars().take(40).collect();
            return Some(format!("<{tag}>"));
        }
        rest = after;
    }
    None
}

/// Bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069):
/// the characters of "Trojan Source", which reorder how a text is displayed.
pub(crate) fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Invisible characters that folding drops, so a term that has them matches
/// without them. Joiners (U+200C, U+200D) and variation selectors are left out:
/// they belong to emoji and to some scripts.
pub(crate) fn is_stray_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}' | '\u{034F}' | '\u{200B}' | '\u{200E}' | '\u{200F}' | '\u{2060}'
            ..='\u{2064}' | '\u{FEFF}'
    )
}

/// Invisible characters that folding keeps, so that a term with one never
/// matches the word it shows (U+180E in "orion" reads "orion"): the Arabic
/// letter mark, Hangul fillers, Khmer inherent vowels, the Mongolian vowel
/// separator, deprecated format characters, interlinear annotation, shorthand
/// and musical format controls, and tag characters (see [`first_hidden`]).
pub(crate) fn is_hidden(c: char) -> bool {
    matches!(
        c,
        '\u{061C}'
            | '\u{115F}'
            | '\u{1160}'
            | '\u{17B4}'
            | '\u{17B5}'
            | '\u{180E}'
            | '\u{206A}'..='\u{206F}'
            | '\u{3164}'
            | '\u{FFA0}'
            | '\u{FFF9}'..='\u{FFFB}'
            | '\u{1BCA0}'..='\u{1BCA3}'
            | '\u{1D173}'..='\u{1D17A}'
            | '\u{E0000}'..='\u{E007F}'
    )
}

/// The first [`is_hidden`] character of `s`. Tag characters that spell an
/// emoji flag after U+1F3F4 (England, Scotland, Wales) are part of the emoji.
pub(crate) fn first_hidden(s: &str) -> Option<char> {
    let mut in_flag = false;
    for c in s.chars() {
        match c {
            '\u{E0020}'..='\u{E007E}' if in_flag => continue,
            '\u{E007F}' if in_flag => {
                in_flag = false;
                continue;
            }
            _ => {}
        }
        if is_hidden(c) {
            return Some(c);
        }
        in_flag = c == '\u{1F3F4}';
    }
    None
}
