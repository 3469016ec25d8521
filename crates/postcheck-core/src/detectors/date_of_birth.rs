//! `date-of-birth`: a full date next to a word that makes it a birth date.
//!
//! Why it matters: the date of birth is a key to identity checks (banks,
//! insurers, authorities); together with a name it helps identity theft. Posts
//! congratulating a colleague or introducing a new hire give it away easily.
//!
//! Example: "Lena, geboren am 14.03.1991 in Bern" flags `14.03.1991`.
//!
//! Dates with day, month and year: `14.03.1991`, `14/03/1991`, `1991-03-14`,
//! `14. März 1991`, `14 March 1991`, `March 14, 1991`, `14 mars 1991`,
//! `1er mars 1991`, `14 marzo 1991` (month names in German, English, French,
//! Italian); day and month are checked against the calendar. A date counts only
//! right after "geboren", "geb.", "Geburtsdatum", "born", "date of birth",
//! "DOB", "Birthday:", "né(e) le", "date de naissance", "nato/nata il", "data di
//! nascita" (high), or right before "geboren" / "born" (medium, as in "am
//! 14.03.1991 in Bern geboren"). A date alone is not a birth date, and a
//! date without a year is left alone.
//!
//! Organisations are "born" too: "ACME est née le 3 mai 1998", "the idea was
//! born on ...", "L'azienda è nata il ...". A birth word right after a word
//! for an organisation or a project (entreprise, company, Firma, azienda,
//! startup, idea ...) or after a name in capitals ("ACME"), or a founding word
//! between the birth word and the date ("gegründet", "founded", "fondée"), is
//! no birth date of a person. A date of birth before 1926 is of a historic
//! figure ("Max Frisch, geboren am 15. Mai 1911"): low confidence.

use std::ops::Range;
use std::sync::LazyLock;

use super::around::{has_whole_word, has_word_start, window_after, words_before};
use super::bounded::{Bounded, Hit};
use super::scan::{Stems, digit_groups};
use super::{Candidate, Confidence, Detector, DetectorOptions};

/// Finds dates of birth.
pub struct DateOfBirth;

/// Month names and abbreviations with their number.
const MONTHS: &[(&str, u32)] = &[
    ("januar", 1),
    ("jänner", 1),
    ("january", 1),
    ("janvier", 1),
    ("gennaio", 1),
    ("jan", 1),
    ("februar", 2),
    ("feber", 2),
    ("february", 2),
    ("février", 2),
    ("fevrier", 2),
    ("febbraio", 2),
    ("feb", 2),
    ("févr", 2),
    ("märz", 3),
    ("maerz", 3),
    ("march", 3),
    ("mars", 3),
    ("marzo", 3),
    ("mar", 3),
    ("mär", 3),
    ("april", 4),
    ("avril", 4),
    ("aprile", 4),
    ("apr", 4),
    ("avr", 4),
    ("mai", 5),
    ("may", 5),
    ("maggio", 5),
    ("juni", 6),
    ("june", 6),
    ("juin", 6),
    ("giugno", 6),
    ("jun", 6),
    ("juli", 7),
    ("july", 7),
    ("juillet", 7),
    ("luglio", 7),
    ("jul", 7),
    ("juil", 7),
    ("august", 8),
    ("août", 8),
    ("aout", 8),
    ("agosto", 8),
    ("aug", 8),
    ("september", 9),
    ("septembre", 9),
    ("settembre", 9),
    ("sept", 9),
    ("sep", 9),
    ("oktober", 10),
    ("october", 10),
    ("octobre", 10),
    ("ottobre", 10),
    ("okt", 10),
    ("oct", 10),
    ("november", 11),
    ("novembre", 11),
    ("nov", 11),
    ("dezember", 12),
    ("december", 12),
    ("décembre", 12),
    ("decembre", 12),
    ("dicembre", 12),
    ("dez", 12),
    ("dec", 12),
    ("déc", 12),
];

static DATE: LazyLock<Bounded> = LazyLock::new(|| {
    let mut names: Vec<&str> = MONTHS.iter().map(|(n, _)| *n).collect();
    names.sort_by_key(|n| std::cmp::Reverse(n.len()));
    let months = names.join("|");
    let body = format!(
        concat!(
            r"(?:",
            // 14.03.1991, 14/03/1991, 14-03-1991, 14.3.91
            r"(?P<d1>[0-9]{{1,2}})(?P<s1>[./\-])(?P<m1>[0-9]{{1,2}})(?P<t1>[./\-])(?P<y1>[0-9]{{4}}|[0-9]{{2}})",
            // 1991-03-14
            r"|(?P<y2>(?:19|20)[0-9]{{2}})-(?P<m2>[0-9]{{2}})-(?P<d2>[0-9]{{2}})",
            // 14. März 1991, 14 mars 1991, 1er mars 1991, 14th of March 1991
            r"|(?P<d3>[0-9]{{1,2}})(?:\.|er|st|nd|rd|th)?\s*(?:of\s+|de\s+)?(?P<m3>{months})\.?\s+(?P<y3>[0-9]{{4}})",
            // March 14, 1991
            r"|(?P<m4>{months})\.?\s+(?P<d4>[0-9]{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y4>[0-9]{{4}})",
            r")",
        ),
        months = months
    );
    Bounded::new("(?i)", &body, true)
});

/// Words right before a date that make it a birth date; short ones must be whole words.
const BEFORE_WORDS: &[&str] = &[
    "geboren",
    "geburtsdatum",
    "geburtstag:",
    "date of birth",
    "birth date",
    "birthdate",
    "birthday:",
    "d.o.b",
    "date de naissance",
    "né(e)",
    "data di nascita",
    "nato/a",
    "nata/o",
];

const BEFORE_WHOLE_WORDS: &[&str] = &[
    "born",
    "geb.",
    "geb",
    "dob",
    "né",
    "née",
    "nato",
    "nata",
    "naissance",
    "nascita",
];

const AFTER_WORDS: &[&str] = &["geboren", "born", "zur welt gekommen"];

/// Words for an organisation or a project: the subject of "née le", "born on"
/// when a company, not a person, was born.
const ORGANISATION_WORDS: &[&str] = &[
    "firma",
    "unternehmen",
    "gesellschaft",
    "verein",
    "stiftung",
    "genossenschaft",
    "startup",
    "start-up",
    "projekt",
    "idee",
    "marke",
    "company",
    "firm",
    "business",
    "organisation",
    "organization",
    "association",
    "foundation",
    "project",
    "idea",
    "brand",
    "entreprise",
    "société",
    "societe",
    "boîte",
    "maison",
    "fondation",
    "coopérative",
    "projet",
    "idée",
    "marque",
    "azienda",
    "società",
    "impresa",
    "ditta",
    "associazione",
    "fondazione",
    "cooperativa",
    "progetto",
    "marca",
    "club",
    "klub",
    "band",
    "team",
    "schule",
    "school",
    "école",
    "scuola",
    "ag",
    "gmbh",
    "sa",
    "sàrl",
    "sarl",
    "srl",
    "spa",
    "inc",
    "ltd",
    "llc",
];

/// Founding words: a date after one of them is when something was founded.
const FOUNDING_WORDS: &[&str] = &[
    "gegründet",
    "gründung",
    "founded",
    "established",
    "incorporated",
    "fondée",
    "fondé",
    "créée",
    "créé",
    "fondata",
    "fondato",
    "costituita",
    "costituito",
];

/// Words that may stand between an organisation and its birth word:
/// "ACME est née le", "the company was born on", "L'azienda è nata il".
const LINKING_WORDS: &[&str] = &[
    "est", "a", "été", "is", "was", "ist", "wurde", "war", "è", "e", "stata", "stato", "officially",
    "officiellement", "offiziell", "ufficialmente", "notre", "nostra", "nostro", "our", "unsere",
    "unser", "la", "le", "l", "il", "lo", "die", "der", "das", "the",
];

/// Birth words that are verbs, which an organisation can be the subject of
/// ("ACME est née le"); labels such as "Geburtsdatum" or "DOB" are about people.
const BIRTH_VERBS: &[&str] = &["geboren", "born", "né", "née", "nato", "nata"];

/// Whether the last birth word in `before` (the text before a date) is about
/// an organisation: a founding word stands between it and the date, or it is
/// a verb whose subject is an organisation word or a name in capitals.
fn about_an_organisation(before: &str) -> bool {
    let words: Vec<&str> = before
        .split(|c: char| !(c.is_alphanumeric() || c == '-'))
        .filter(|w| !w.is_empty())
        .collect();
    let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
    let Some(birth) = lower.iter().rposition(|w| {
        BEFORE_WHOLE_WORDS.contains(&w.as_str())
            || BEFORE_WORDS.iter().any(|b| w.starts_with(b))
            || w.starts_with("geboren")
    }) else {
        return false;
    };
    let founding_after = lower
        .get(birth + 1..)
        .unwrap_or(&[])
        .iter()
        .any(|w| FOUNDING_WORDS.contains(&w.as_str()));
    if founding_after {
        return true;
    }
    if !lower
        .get(birth)
        .is_some_and(|w| BIRTH_VERBS.contains(&w.as_str()))
    {
        return false;
    }
    // the subject: the nearest word before the verb that is not "est", "was", "the" ...
    let Some(subject) = (0..birth)
        .rev()
        .find(|&i| lower.get(i).is_some_and(|w| !LINKING_WORDS.contains(&w.as_str())))
    else {
        return false;
    };
    let (Some(word), Some(word_lower)) = (words.get(subject), lower.get(subject)) else {
        return false;
    };
    if ORGANISATION_WORDS.contains(&word_lower.as_str()) {
        return true;
    }
    // a name in capitals ("ACME"), unless it is a surname after a first name ("Marie DUPONT")
    let in_capitals = |w: &str| {
        w.chars().count() >= 3
            && w.chars().all(|c| c.is_uppercase() || c.is_ascii_digit() || c == '-')
            && w.chars().any(char::is_uppercase)
    };
    let first_name_before = subject
        .checked_sub(1)
        .and_then(|i| words.get(i))
        .is_some_and(|w| {
            let mut chars = w.chars();
            chars.next().is_some_and(char::is_uppercase) && chars.all(char::is_lowercase)
        });
    in_capitals(word) && !first_name_before
}

/// Whether `after` (lower case, the text after a date) names an organisation
/// or its founding before the birth word: "1975, the firm was born".
fn organisation_before_birth_word(after: &str) -> bool {
    let end = AFTER_WORDS
        .iter()
        .filter_map(|w| after.find(w))
        .min()
        .unwrap_or(after.len());
    let head = after.get(..end).unwrap_or("");
    ORGANISATION_WORDS
        .iter()
        .chain(FOUNDING_WORDS)
        .any(|w| has_whole_word(head, w))
}

/// Whether the words before a date (lower or upper case) name an organisation
/// or a project as the subject of a birth word after the date: "Die Idee für
/// unser Projekt wurde am 3. März 2019 geboren".
fn organisation_leads_up_to(before: &str) -> bool {
    let sentence = before
        .rfind(['.', '!', '?', '\n'])
        .and_then(|i| before.get(i + 1..))
        .unwrap_or(before)
        .to_lowercase();
    ORGANISATION_WORDS.iter().any(|w| has_whole_word(&sentence, w))
}

/// Dates of birth before this year are of historic figures: people born a
/// century ago or more, whom data-protection law no longer covers as living.
const HISTORIC_BEFORE: u32 = 1926;

fn days_in_month(month: u32, year: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        2 => 28,
        _ => 0,
    }
}

fn month_number(name: &str) -> Option<u32> {
    let lower = name.to_lowercase();
    MONTHS.iter().find(|(n, _)| *n == lower).map(|&(_, m)| m)
}

/// The year of the date `caps` found, when it is a real date (day and month
/// checked against the calendar, year from 1900 to 2100).
fn valid_date(caps: &Hit<'_>) -> Option<u32> {
    let num = |name: &str| caps.text(name).and_then(|m| m.parse::<u32>().ok());
    let (day, month, year) =
        if let (Some(d), Some(m), Some(y)) = (num("d1"), num("m1"), caps.text("y1")) {
            // one separator throughout: 14.03.1991, not 14.03-1991
            if caps.text("s1") != caps.text("t1") {
                return None;
            }
            let year = y.parse::<u32>().unwrap_or(0);
            (d, m, if y.len() == 2 { 1900 + year } else { year })
        } else if let (Some(d), Some(m), Some(y)) = (num("d2"), num("m2"), num("y2")) {
            (d, m, y)
        } else if let (Some(d), Some(m), Some(y)) = (num("d3"), caps.text("m3"), num("y3")) {
            (d, month_number(m).unwrap_or(0), y)
        } else if let (Some(d), Some(m), Some(y)) = (num("d4"), caps.text("m4"), num("y4")) {
            (d, month_number(m).unwrap_or(0), y)
        } else {
            return None;
        };
    ((1..=12).contains(&month)
        && (1900..=2100).contains(&year)
        && day >= 1
        && day <= days_in_month(month, year))
    .then_some(year)
}

/// Whether `text` has the digits of a date: a group of four digits (a year,
/// also in `1991-03-14`), or `d.m.y` with one or two digits for day and month
/// and one of `./-` between. Every date the expression finds has them.
fn has_date_digits(text: &str) -> bool {
    let sep_at = |pos: usize| matches!(text.as_bytes().get(pos), Some(b'.' | b'/' | b'-'));
    let (mut day, mut month): (Option<Range<usize>>, Option<Range<usize>>) = (None, None);
    for group in digit_groups(text) {
        if group.len() == 4 {
            return true;
        }
        // day and month: short groups, each followed by a separator and the next group
        if let (Some(day), Some(month)) = (&day, &month)
            && day.len() <= 2
            && month.len() <= 2
            && sep_at(day.end)
            && month.start == day.end + 1
            && sep_at(month.end)
            && group.start == month.end + 1
        {
            return true;
        }
        day = month.take();
        month = Some(group);
    }
    false
}

/// Beginnings of words of [`BEFORE_WORDS`], [`BEFORE_WHOLE_WORDS`] and
/// [`AFTER_WORDS`], in lower case: each of those holds one at the start of a word.
const BIRTH_STEMS: &[&str] = &[
    "gebor",
    "geburt",
    "geb",
    "birth",
    "dob",
    "d.o.b",
    "né",
    "nÉ",
    "nato",
    "nata",
    "nascita",
    "naissance",
    "born",
    "gekommen",
];

static BIRTH: LazyLock<Stems> = LazyLock::new(|| Stems::new(BIRTH_STEMS.iter().copied()));

/// Whether `text` may hold one of the words that make a date a birth date. A
/// date finding needs one in its window, and a window is part of the text.
fn has_birth_word(text: &str) -> bool {
    let Some(found) = BIRTH.find_all(text) else {
        return true;
    };
    found.iter().any(|&(at, stem)| {
        // "geb" only as the whole words "geb" and "geb."
        BIRTH_STEMS.get(stem) != Some(&"geb")
            || !text
                .as_bytes()
                .get(at + 3)
                .is_some_and(u8::is_ascii_alphanumeric)
    })
}

impl Detector for DateOfBirth {
    fn id(&self) -> &'static str {
        "date-of-birth"
    }

    fn summary(&self) -> &'static str {
        r#"a full date next to "geboren", "born", "né(e) le", "nato/a il", "Geburtsdatum", "DOB""#
    }

    fn example(&self) -> &'static str {
        "Lena, geboren am `14.03.1991`"
    }

    fn find(&self, text: &str, _: &DetectorOptions, found: &mut Vec<Candidate>) {
        // Most drafts have no date, or no word about birth: then the date
        // expression (slow, for its month names in four languages) is not run.
        if !has_date_digits(text) || !has_birth_word(text) {
            return;
        }
        for caps in DATE.captures_iter(text) {
            let Some(m) = caps.range("hit") else { continue };
            let Some(year) = valid_date(&caps) else {
                continue;
            };
            // Born a century ago or more: a historic figure ("Max Frisch,
            // geboren am 15. Mai 1911"), no living person's data.
            if year < HISTORIC_BEFORE {
                found.push(Candidate {
                    span: m,
                    confidence: Confidence::Low,
                });
                continue;
            }
            let before = words_before(text, m.start, 35).to_lowercase();
            let confidence = if BEFORE_WORDS.iter().any(|w| has_word_start(&before, w))
                || BEFORE_WHOLE_WORDS
                    .iter()
                    .any(|w| has_whole_word(&before, w))
            {
                if about_an_organisation(words_before(text, m.start, 80)) {
                    continue;
                }
                Confidence::High
            } else {
                let after = window_after(text, m.end, 30).to_lowercase();
                if AFTER_WORDS.iter().any(|w| has_word_start(&after, w))
                    && !organisation_before_birth_word(&after)
                    && !organisation_leads_up_to(words_before(text, m.start, 80))
                {
                    Confidence::Medium
                } else {
                    continue;
                }
            };
            found.push(Candidate {
                span: m,
                confidence,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detectors::testing;

    fn find(text: &str) -> Vec<(&str, Confidence)> {
        testing::found(&DateOfBirth, text)
    }

    #[test]
    fn finds_birth_dates_in_four_languages() {
        assert_eq!(
            find("Lena, geboren am 14.03.1991 in Bern"),
            [("14.03.1991", Confidence::High)]
        );
        assert_eq!(
            find("Geburtsdatum: 1991-03-14"),
            [("1991-03-14", Confidence::High)]
        );
        assert_eq!(
            find("geb. 3. Mai 1988"),
            [("3. Mai 1988", Confidence::High)]
        );
        assert_eq!(
            find("born on March 14, 1991 in Zurich"),
            [("March 14, 1991", Confidence::High)]
        );
        assert_eq!(find("DOB 14/03/91"), [("14/03/91", Confidence::High)]);
        assert_eq!(
            find("Née le 1er mars 1990 à Lyon"),
            [("1er mars 1990", Confidence::High)]
        );
        assert_eq!(
            find("nato il 14 marzo 1991 a Lugano"),
            [("14 marzo 1991", Confidence::High)]
        );
        assert_eq!(
            find("Ich bin am 29.02.1992 in Basel geboren."),
            [("29.02.1992", Confidence::Medium)]
        );
    }

    #[test]
    fn historic_figures_and_ideas_born_on_a_date_are_not_shown() {
        assert_eq!(
            find("Max Frisch, geboren am 15. Mai 1911 in Zürich, hat mich begleitet."),
            [("15. Mai 1911", Confidence::Low)]
        );
        assert_eq!(
            find("On 23 June 1912, Alan Turing was born in London."),
            [("23 June 1912", Confidence::Low)]
        );
        assert!(find("Die Idee für unser Projekt wurde am 3. März 2019 in der Kaffeeküche geboren.").is_empty());
        assert!(find("Our football club was born on 9 September 1984 in a pub.").is_empty());
        // A person born in 1990 still is one.
        assert_eq!(
            find("Lena, geboren am 14.03.1990 in Bern"),
            [("14.03.1990", Confidence::High)]
        );
    }

    #[test]
    fn founding_dates_of_organisations_are_not_birth_dates() {
        for text in [
            "Die ACME AG wurde gegründet am 12.03.1985 in Zürich.",
            "Founded on March 14, 1991, our company has grown to 200 people.",
            "ACME est née le 3 mai 1998 à Lyon, dans un petit garage.",
            "Notre entreprise, née le 1er mars 1990, fête ses 35 ans.",
            "L'associazione è nata il 14 marzo 1991 a Lugano.",
            "L'azienda, nata il 2 giugno 1975, festeggia 50 anni.",
            "Our company was born on 12 June 1975 as a family business.",
            "On 12 June 1975, the firm was born in a garage.",
            "Am 01.04.1990 wurde die Firma in Bern geboren.",
            "The idea was born on 3 May 2019 in a garage.",
            "Unsere Firma, geboren am 01.04.1990 in einer Garage, feiert Jubiläum.",
            "La société, née (fondée) le 5 avril 1987, compte 40 personnes.",
            "Seit dem 01.04.1990 sind wir in Bern zuhause.",
        ] {
            assert!(find(text).is_empty(), "{text}: {:?}", find(text));
        }
    }

    #[test]
    fn people_are_born_next_to_words_about_organisations() {
        assert_eq!(
            find("Name: MÜLLER ANNA, DOB 14/03/91"),
            [("14/03/91", Confidence::High)]
        );
        assert_eq!(
            find("Bienvenue à Marie DUPONT, née le 1er mars 1990 à Lyon."),
            [("1er mars 1990", Confidence::High)]
        );
        assert_eq!(
            find("Anna, die ACME gegründet hat, ist am 3. Mai 1970 geboren."),
            [("3. Mai 1970", Confidence::Medium)]
        );
        assert_eq!(
            find("Anna founded ACME. She was born on 3 May 1970."),
            [("3 May 1970", Confidence::High)]
        );
        assert_eq!(
            find("Unser Team begrüsst Anna, geboren am 12.03.1985 in Bern."),
            [("12.03.1985", Confidence::High)]
        );
        assert_eq!(
            find("Welcome to ACME, Tom! He was born on March 14, 1991."),
            [("March 14, 1991", Confidence::High)]
        );
        assert_eq!(
            find("Marie, née le 1er mars 1990 à Lyon, rejoint l'entreprise."),
            [("1er mars 1990", Confidence::High)]
        );
        assert_eq!(
            find("Luca, nato il 14 marzo 1991 a Lugano, entra in azienda."),
            [("14 marzo 1991", Confidence::High)]
        );
    }

    #[test]
    fn ignores_dates_without_birth_words_and_impossible_dates() {
        assert!(find("Webinar am 14.03.2026 um 10:00 Uhr").is_empty());
        // a birthday party is not a birth date
        assert!(find("Max feiert seinen 50. Geburtstag am 14.03.2026 mit Kuchen").is_empty());
        assert_eq!(
            find("Geburtstag: 14.03.1976"),
            [("14.03.1976", Confidence::High)]
        );
        assert!(find("Save the date: March 14, 2026").is_empty());
        assert!(find("geboren am 31.02.1991").is_empty());
        assert!(find("geboren am 29.02.1991").is_empty());
        assert!(find("geboren am 14.03-1991").is_empty());
        assert!(find("geboren im März 1991").is_empty());
        assert!(find("geboren 1991").is_empty());
        assert!(find("Unsere Firma wurde 1991 gegründet, am 14.03.1991.").is_empty());
        assert!(find("Nachgeborene Ideen am 14.03.2026").is_empty());
    }
}
