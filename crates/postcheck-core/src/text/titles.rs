//! Whether a word of a draft stands in the title of a work (a novel, play,
//! film, song or series), for `terms` rules with `skip_titles`: "Der Idiot"
//! by Dostoevsky or the film "Liar Liar" name a work, they insult nobody.
//!
//! A place counts as a title when one of these holds, all within its line:
//!
//! - it stands between quotation marks (`„…“`, `"…"`, `“…”`, `«…»`, `»…«`,
//!   `‹…›`, `‘…’`, `'…'`, `*…*`) that hold two to eight words starting with
//!   a capital letter or a digit, or one such word right after a word for a
//!   work (`Roman „Idiot“`); `What a *total idiot*` is emphasis, no title;
//! - it stands between quotation marks, whatever their words, with a word for
//!   a work at most four words before them (`die Sonderausstellung „Genies und
//!   Idioten“`) or an author or a work word right after them (`„Vollidiot“ von
//!   Tommy Jaud`, `an early "Jackass" episode`);
//! - a word for a work (`Film`, `book`, `roman`, `libro` ...) stands at most
//!   four words before it, in the same clause, and the word after it starts
//!   with a capital letter (`the film Liar Liar`, `il film I soliti idioti`;
//!   not `Das Buch lesen nur Idioten`);
//! - a capitalised article (`Der`, `The`, `Le`, `Il` ...; `I` only before a
//!   word ending in `i`, as in Italian) stands at most three words before it,
//!   in the same clause, and not at the start of a sentence (`ich lese Der
//!   Idiot`, `j'ai revu Le Voleur de bicyclette`).
//!
//! A title at the start of a sentence without quotation marks or a word for a
//! work stays a match: "Der Idiot von nebenan" cannot be told from a title.
//! All look-ups are bounded: a few hundred bytes around the place.

use std::ops::Range;

/// Words for works, lower case.
const WORKS: &[&str] = &[
    // German
    "film",
    "kinofilm",
    "buch",
    "roman",
    "romans",
    "stück",
    "theaterstück",
    "komödie",
    "serie",
    "lied",
    "song",
    "album",
    "titel",
    "klassiker",
    "bestseller",
    "hörbuch",
    "oper",
    "musical",
    "drama",
    "podcast",
    "filmklassiker",
    "kultfilm",
    "ausstellung",
    "sonderausstellung",
    "staffel",
    "folge",
    // English
    "movie",
    "book",
    "novel",
    "play",
    "comedy",
    "series",
    "show",
    "sitcom",
    "episode",
    "track",
    "title",
    "classic",
    "opera",
    "documentary",
    "exhibition",
    "exhibit",
    "season",
    // French
    "livre",
    "roman",
    "pièce",
    "comédie",
    "série",
    "chanson",
    "titre",
    "classique",
    "opéra",
    "documentaire",
    "long-métrage",
    "exposition",
    "expo",
    "saison",
    // Italian
    "libro",
    "romanzo",
    "commedia",
    "opera",
    "canzone",
    "brano",
    "titolo",
    "classico",
    "documentario",
    "spettacolo",
    "mostra",
    "esposizione",
    "stagione",
    "puntata",
];

/// Articles that open a title, as written at its start (capitalised).
const ARTICLES: &[&str] = &[
    "Der", "Die", "Das", "Den", "The", "Le", "La", "Les", "Il", "Lo", "Gli", "Un", "Une", "Uno",
    "Una", "Ein", "Eine",
];

/// Quotation marks: opening and closing.
const QUOTES: &[(char, char)] = &[
    ('„', '“'),
    ('„', '”'),
    ('‚', '‘'),
    ('“', '”'),
    ('‘', '’'),
    ('«', '»'),
    ('»', '«'),
    ('‹', '›'),
    ('›', '‹'),
    ('"', '"'),
    ('\'', '\''),
    ('*', '*'),
];

/// How far around a place the look-ups go, in bytes.
const REACH: usize = 120;

/// Whether the place `span` of `text` stands in the title of a work (see the module).
pub fn in_title(text: &str, span: &Range<usize>) -> bool {
    let (before, after) = line_parts(text, span);
    let place_first = text.get(span.clone()).and_then(|p| p.chars().next());
    if quoted(before, after, place_first) {
        return true;
    }
    let back = clause_words_back(before, 5);
    after_work_word(&back) || after_title_article(&back)
}

/// The text of the line before and after `span`, each at most [`REACH`] bytes.
fn line_parts<'t>(text: &'t str, span: &Range<usize>) -> (&'t str, &'t str) {
    // cut to the reach first: the line can be the whole draft
    let before = tail(text.get(..span.start).unwrap_or(""), REACH);
    let before = before.rsplit('\n').next().unwrap_or("");
    let after = head(text.get(span.end..).unwrap_or(""), REACH);
    (before, after.split('\n').next().unwrap_or(""))
}

fn tail(s: &str, max: usize) -> &str {
    let mut from = s.len().saturating_sub(max);
    while !s.is_char_boundary(from) {
        from += 1;
    }
    s.get(from..).unwrap_or("")
}

fn head(s: &str, max: usize) -> &str {
    let mut to = s.len().min(max);
    while !s.is_char_boundary(to) {
        to -= 1;
    }
    s.get(..to).unwrap_or("")
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric()
}

/// Whether the place stands between a pair of quotation marks of a title.
fn quoted(before: &str, after: &str, place_first: Option<char>) -> bool {
    // most places have no quotation mark before them: one pass tells
    let marks: Vec<char> = before
        .chars()
        .filter(|c| QUOTES.iter().any(|(open, _)| open == c))
        .collect();
    if marks.is_empty() {
        return false;
    }
    QUOTES
        .iter()
        .filter(|(open, _)| marks.contains(open))
        .any(|&(open, close)| {
            let Some(at) = opening(before, open, close) else {
                return false;
            };
            let Some(to) = closing(after, close, open == close) else {
                return false;
            };
            let inside_before = before.get(at + open.len_utf8()..).unwrap_or("");
            let inside_after = after.get(..to).unwrap_or("");
            // the words inside: those before the place, the place's own, those after it
            let words = words(inside_before).len() + 1 + words(inside_after).len();
            let outside = before.get(..at).unwrap_or("");
            // a title starts with a capital letter or a digit ("What a *total idiot*" is emphasis)
            let capital = inside_before
                .chars()
                .chain(place_first)
                .find(|c| is_word(*c))
                .is_some_and(|c| c.is_uppercase() || c.is_numeric());
            let after_close = after.get(to + close.len_utf8()..).unwrap_or("");
            (capital && ((2..=8).contains(&words) || (words == 1 && ends_with_work_word(outside))))
                || names_a_work(outside, after_close)
        })
}

/// Whether the words around a quotation say it names a work, whatever its
/// words: a word for a work shortly before it (`die Sonderausstellung „Genies
/// und Idioten“`, `la mostra «Bugiardi!»`), or an author or a work word right
/// after it (`„Vollidiot“ von Tommy Jaud`, `"Imbeciles" by Adam Cohen`,
/// `« Salaud, on t'aime » de Lelouch`, `an early "Jackass" episode`).
fn names_a_work(outside: &str, after_close: &str) -> bool {
    let before: Vec<&str> = words(outside).into_iter().rev().take(4).collect();
    if before
        .iter()
        .any(|w| WORKS.contains(&w.to_lowercase().as_str()))
    {
        return true;
    }
    let mut next = words(after_close).into_iter();
    let first = next.next().unwrap_or("");
    if WORKS.contains(&first.to_lowercase().as_str()) {
        return true;
    }
    let capitalised = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
    // "d'Adam Cohen": the elided "de" is one word with the name
    let elided = ["d'", "d’"]
        .iter()
        .any(|d| first.strip_prefix(d).is_some_and(capitalised));
    elided || (AUTHOR_WORDS.contains(&first) && next.next().is_some_and(capitalised))
}

/// Words that put a work's author after its title: `von`, `by`, `de`, `di`, `of`.
const AUTHOR_WORDS: &[&str] = &["von", "by", "de", "di", "of", "du", "dal", "della"];

/// Where the quotation opens before the place: the last `open` with no `close` after it.
fn opening(before: &str, open: char, close: char) -> Option<usize> {
    let (at, _) = before.char_indices().rev().find(|&(i, c)| {
        if c == open {
            return true;
        }
        // a closing mark nearer than the opening one: the place is outside
        c == close && (open != close || valid_closing(before, i, c))
    })?;
    let c = before.get(at..)?.chars().next()?;
    if c != open {
        return None;
    }
    // a symmetric mark opens after a non-word character and before a word
    let prev = before.get(..at)?.chars().next_back();
    let next = before.get(at + c.len_utf8()..)?.chars().next();
    // (at the end of `before`, the place follows: a word)
    let opens = prev.is_none_or(|p| !is_word(p)) && next.is_none_or(|n| !n.is_whitespace());
    (open != close || opens).then_some(at)
}

/// Whether the symmetric mark at `i` of `s` closes a quotation (a word before
/// it, none after it; at the start of `s` the place stands before it).
fn valid_closing(s: &str, i: usize, c: char) -> bool {
    let prev = s.get(..i).and_then(|p| p.chars().next_back());
    let next = s.get(i + c.len_utf8()..).and_then(|n| n.chars().next());
    prev.is_none_or(|p| !p.is_whitespace()) && next.is_none_or(|n| !is_word(n))
}

/// Where the quotation closes after the place. A symmetric mark (`"`, `'`,
/// `*`) closes only after a word; a paired one (`»`, `“`) wherever it stands,
/// also after a space as French writes it (`« Le Menteur »`).
fn closing(after: &str, close: char, symmetric: bool) -> Option<usize> {
    after
        .char_indices()
        .find(|&(i, c)| c == close && (!symmetric || valid_closing(after, i, c)))
        .map(|(i, _)| i)
}

/// Whether `c` separates words (an apostrophe or a hyphen does not: `L'idiota`).
fn is_separator(c: char) -> bool {
    !is_word(c) && c != '\'' && c != '’' && c != '-'
}

/// The words of `s`.
fn words(s: &str) -> Vec<&str> {
    s.split(is_separator)
        .filter(|w| w.chars().any(is_word))
        .collect()
}

/// Whether `s` ends with a word for a work (and white space).
fn ends_with_work_word(s: &str) -> bool {
    let last = s
        .trim_end()
        .rsplit(|c: char| !is_word(c) && c != '-')
        .next()
        .unwrap_or("");
    WORKS.contains(&last.to_lowercase().as_str())
}

/// The words of the clause that ends where the place starts, last first, at
/// most `n`, each with whether it starts a sentence (the first word of the
/// clause, which opens the line or follows `.`, `!`, `?`, `:` or a bracket; a
/// clause after a comma or a dash is no new sentence).
fn clause_words_back(before: &str, n: usize) -> Vec<(&str, bool)> {
    let mark = before.rfind(['.', ',', ';', '!', '?', '(', ')', ':', '–', '—', '|', '…']);
    let clause = mark.map_or(before, |i| {
        let c = before
            .get(i..)
            .and_then(|s| s.chars().next())
            .unwrap_or('.');
        before.get(i + c.len_utf8()..).unwrap_or("")
    });
    let opens_sentence = mark
        .and_then(|i| before.get(i..).and_then(|s| s.chars().next()))
        .is_none_or(|c| !matches!(c, ',' | ';' | '–' | '—'));
    // the last n + 1 words, last first: when fewer came, the last of them opens the clause
    let mut back: Vec<&str> = clause
        .rsplit(is_separator)
        .filter(|w| w.chars().any(is_word))
        .take(n + 1)
        .collect();
    let whole_clause = back.len() <= n;
    back.truncate(n);
    let count = back.len();
    back.into_iter()
        .enumerate()
        .map(|(i, w)| (w, whole_clause && i + 1 == count && opens_sentence))
        .collect()
}

/// Whether a word for a work stands at most four words before the place,
/// followed by a capitalised word.
fn after_work_word(back: &[(&str, bool)]) -> bool {
    // `back` is last word first; the word after a work word is the one before it in `back`
    back.iter().enumerate().any(|(i, (w, _))| {
        if !WORKS.contains(&w.to_lowercase().as_str()) {
            return false;
        }
        // the first word of the title: the next in the text, or the place itself (i == 0)
        match i.checked_sub(1).and_then(|j| back.get(j)) {
            Some((next, _)) => next.chars().next().is_some_and(char::is_uppercase),
            None => true,
        }
    })
}

/// Whether a capitalised article, not at the start of a sentence, opens a
/// title at most three words before the place.
fn after_title_article(back: &[(&str, bool)]) -> bool {
    back.iter().enumerate().take(3).any(|(i, (w, first))| {
        let next = i.checked_sub(1).and_then(|j| back.get(j)).map(|(n, _)| *n);
        let article = ARTICLES.contains(w)
            || (*w == "I" && next.is_none_or(|n| n.ends_with(['i', 'I'])))
            || w.starts_with("L'")
            || w.starts_with("L’");
        article && !*first
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn title(text: &str, word: &str) -> bool {
        let start = text.find(word).unwrap_or(0);
        in_title(text, &(start..start + word.len()))
    }

    #[test]
    fn quoted_titles_of_two_words_or_more() {
        assert!(title("Dostojewskis „Der Idiot“ gelesen", "Idiot"));
        assert!(title("Kino mit \"Liar Liar\" heute", "Liar"));
        assert!(title("Ce soir «Le Dîner de cons» au théâtre", "cons"));
        assert!(title("Serata: 'I soliti idioti' e pizza", "idioti"));
        assert!(title("movie night: *Liar Liar* and popcorn", "Liar"));
        assert!(title("Il romanzo „Idiota“ è bello", "Idiota"));
        // emphasis, not a title: no capital letter
        assert!(!title("What a *total idiot* he is", "idiot"));
        assert!(!title("Quel «pauvre crétin» celui-là", "crétin"));
        // one quoted word without a word for a work: a quoted insult
        assert!(!title("Er nannte ihn einen „Idioten“", "Idioten"));
        // apostrophes are no quotation marks
        assert!(!title("L'idiota dell'ufficio", "idiota"));
        // a closed quotation before the place
        assert!(!title(
            "Wir sahen \"Liar Liar\" mit einem Idioten",
            "Idioten"
        ));
    }

    #[test]
    fn quotations_named_as_works_by_the_words_around_them() {
        assert!(title(
            "Buchclub: „Vollidiot“ von Tommy Jaud. Leicht!",
            "Vollidiot"
        ));
        assert!(title(
            "Read \"Imbeciles\" by Adam Cohen, about 1927",
            "Imbeciles"
        ));
        assert!(title(
            "an early \"Jackass\" episode: things dropped",
            "Jackass"
        ));
        assert!(title("Ce soir : « Le Menteur » de Corneille.", "Menteur"));
        assert!(title(
            "de « Salaud, on t'aime » de Lelouch à « Dumb & Dumber »",
            "Salaud"
        ));
        assert!(title(
            "Die Sonderausstellung „Genies und Idioten – Erfindungen“ ist ein Spass",
            "Idioten"
        ));
        assert!(title(
            "la mostra «Bugiardi! Falsi d'autore e grandi imbrogli»",
            "Bugiardi"
        ));
        // quoted speech stays speech
        assert!(!title("Er rief nur „Idioten!“ und ging.", "Idioten"));
        assert!(!title("She said \"you idiots\" to the team", "idiots"));
    }

    #[test]
    fn titles_after_a_word_for_a_work() {
        assert!(title(
            "We watched the film Liar Liar at our offsite",
            "Liar"
        ));
        assert!(title("il film I soliti idioti con il team", "idioti"));
        assert!(!title("Das Buch lesen nur Idioten", "Idioten"));
        assert!(!title(
            "Der Film war gut, aber der Regisseur ist ein Idiot",
            "Idiot"
        ));
    }

    #[test]
    fn titles_after_a_capitalised_article_inside_a_sentence() {
        assert!(title("In den Ferien habe ich Der Idiot gelesen", "Idiot"));
        assert!(title("J'ai revu Le Voleur de bicyclette", "Voleur"));
        assert!(title("Abbiamo rivisto I soliti idioti ieri", "idioti"));
        assert!(!title("Der Idiot von nebenan parkt schon wieder", "Idiot"));
        assert!(!title("Yesterday I called those idiots", "idiots"));
        assert!(!title("Heute. Der Idiot hat angerufen", "Idiot"));
    }

    #[test]
    fn looks_only_a_bounded_way_around_the_place() {
        // one line of 600,000 bytes: each place reads at most REACH bytes on
        // either side, so the work grows with the places, not with their square
        let text = format!("„{}Idiot{}“", "ä ".repeat(150_000), " ö".repeat(150_000));
        let start = text.find("Idiot").unwrap_or(0);
        let (before, after) = line_parts(&text, &(start..start + 5));
        assert!(before.len() <= REACH && after.len() <= REACH);
        assert!(before.len() > REACH - 4 && after.len() > REACH - 4);
        assert!(
            !in_title(&text, &(start..start + 5)),
            "no title: too many words"
        );
    }
}
