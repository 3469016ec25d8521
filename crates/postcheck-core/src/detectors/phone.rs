//! `phone`: telephone numbers, international and in the national forms of
//! Switzerland, Germany, Austria, France and Italy.
//!
//! Why it matters: a colleague's or customer's mobile number is personal data;
//! one's own private number invites calls and scams. A company switchboard is
//! usually fine, which is why packs show this as a question.
//!
//! Example: "Ruft mich an: +41 44 668 18 00" flags `+41 44 668 18 00`.
//!
//! A candidate starts with `+` or `00` and a country code, or with the
//! national trunk `0` (also `(0xx)`), and continues in digit groups with single
//! separators (space, hyphen, dot, slash, ` / `), and `(0)` after the country
//! code. It is validated by its length: the country codes are checked against
//! the ITU list, and CH, DE, AT, FR, IT, LI, LU, UK, US and other common
//! countries have their national lengths; a national number must fit CH/FR
//! (ten digits) or DE/AT/IT (six to twelve). A run that holds more digits is cut
//! after the groups that make a valid number, so two numbers in a row are two.
//! Dates, times, ISBNs, prices, years, version numbers, postcodes and order or
//! reference numbers ("Bestellnr.", "ISBN", "Ticket", "Art.-Nr." nearby) are not
//! phone numbers. Italian mobile numbers without the trunk (`347 123 4567`)
//! count only next to a word like "cell" or "tel".
//!
//! Confidence: international numbers of the countries above with the right
//! length, and any number next to a word like "Tel", "Telefon", "Handy",
//! "Natel", "mobile", "phone", "appelez", "portable", "cellulare", "WhatsApp",
//! are high; other international numbers and national numbers written in the
//! usual groups (`044 668 18 00`, `030 1234567`, `06 12 34 56 78`) are medium;
//! a run of digits with no groups (`0446681800`) or a short number is low.
//! An international number written without spaces (`+41791234567`,
//! `0041791234567`) counts when its length fits its country exactly: medium
//! after `+` for the countries above, low otherwise (after `00` it may be an
//! id), high next to a phone word.
//!
//! Public contacts (see [`Detector::is_public_contact`]): toll-free and
//! service numbers (CH 0800/084x/090x, DE 0800/0180/0137/0900, AT
//! 0800/0810/0820, FR 08, IT 800/803/84x/199/89x, UK 0800/0808/03/084/087, US
//! 800/888/...), and numbers next to a word like "Zentrale", "Hauptnummer",
//! "Kundendienst", "switchboard", "main line", "standard", "accueil",
//! "service client", "centralino", "servizio clienti", "hotline", are an
//! organisation's; a mobile number, or one next to "mein", "my", "moi",
//! "mio", "Natel", "WhatsApp", never is.

use std::sync::LazyLock;

use regex::Regex;

use super::around::{
    char_after, char_before, context_near, has_whole_word, has_word_start, second_char_after,
    second_char_before, window_after, words_before,
};
use super::{Candidate, Confidence, Detector, DetectorOptions};

/// Finds telephone numbers.
pub struct Phone;

static START: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"\+[ ]?[1-9]|\(0[1-9]|\b0[0-9]|\b3[0-9]{2}[ .]?[0-9]{3}").ok());

const PHONE_WORDS: &[&str] = &[
    "tel",
    "telefon",
    "téléphone",
    "telefono",
    "phone",
    "handy",
    "natel",
    "mobil",
    "mobile",
    "cell",
    "portable",
    "fax",
    "ruf",
    "anruf",
    "call",
    "appel",
    "chiama",
    "whatsapp",
    "signal",
    "sms",
    "hotline",
    "erreichbar",
    "reach me",
    "joignable",
    "raggiungibile",
    "numéro",
    "nummer",
    "numero",
    "number",
];

const NOT_PHONE_WORDS: &[&str] = &[
    "isbn",
    "issn",
    "iban",
    "konto",
    "bestell",
    "auftrag",
    "order",
    "artikel",
    "art.-nr",
    "art-nr",
    "art. nr",
    "rechnung",
    "invoice",
    "ticket",
    "referenz",
    "ref.",
    "ref:",
    "commande",
    "facture",
    "ordine",
    "fattura",
    "sku",
    "plz",
    "postleitzahl",
    "serien",
    "serial",
    "charge",
    "lot",
    "version",
    "release",
    "kunden-nr",
    "kundennr",
    "vertrags",
    "contract",
    "dossier",
    "aktenzeichen",
    "az.",
    "case",
    "fall",
    "swift",
    "bic",
    "ean",
    "gtin",
    "chf",
    "eur",
    "usd",
    "€",
    "$",
];

/// Words before (or just after) a number that make it an organisation's
/// switchboard, hotline or service line (see [`Detector::is_public_contact`]).
const SWITCHBOARD_WORDS: &[&str] = &[
    "zentrale",
    "hauptnummer",
    "telefonzentrale",
    "empfang",
    "rezeption",
    "hotline",
    "helpline",
    "help line",
    "infoline",
    "servicenummer",
    "service-nummer",
    "servicetelefon",
    "service-telefon",
    "kundendienst",
    "kundenservice",
    "kundencenter",
    "kunden-hotline",
    "sekretariat",
    "kostenlos",
    "gebührenfrei",
    "switchboard",
    "main line",
    "main number",
    "head office",
    "front desk",
    "reception",
    "customer service",
    "customer care",
    "customer support",
    "service line",
    "support line",
    "helpdesk",
    "help desk",
    "service desk",
    "toll-free",
    "toll free",
    "freephone",
    "standard",
    "accueil",
    "réception",
    "service client",
    "service-client",
    "service clientèle",
    "secrétariat",
    "numéro vert",
    "appel gratuit",
    "centralino",
    "servizio clienti",
    "assistenza clienti",
    "numero verde",
    "segreteria",
    "medienstelle",
    "pressestelle",
    "medienanfragen",
    "medienauskunft",
    "press office",
    "media office",
    "press enquiries",
    "media enquiries",
    "media relations",
    "service de presse",
    "relations presse",
    "ufficio stampa",
    "reservation",
    "reservierung",
    "réservation",
    "prenota",
    "centrale",
    "terminvereinbarung",
    "rendez-vous",
];

/// Words near a number that make it a person's, even next to a switchboard word.
const PRIVATE_WORDS: &[&str] = &[
    "mein", "meine", "meiner", "mich", "mir", "privat", "persönlich", "direkt", "handy",
    "natel", "mobil", "my", "me", "private", "personal", "direct", "cell", "moi", "mon",
    "ma", "perso", "personnel", "privé", "portable", "mio", "mia", "mi", "privato",
    "personale", "diretto", "cellulare", "whatsapp", "signal",
];

/// Whether the national significant number `nsn` (without trunk 0) of a
/// number in country `cc` (`None`: written in national form, country unknown)
/// is a toll-free or shared-cost service number.
fn is_service_number(cc: Option<u32>, nsn: &[u8]) -> bool {
    let starts = |prefixes: &[&[u8]]| prefixes.iter().any(|p| nsn.starts_with(p));
    match cc {
        // CH 0800 free, 084x shared cost, 090x premium; 058 is the range of
        // companies' own networks (switchboards, service desks, press offices)
        Some(41) => starts(&[&[8, 0, 0], &[8, 4], &[9, 0], &[5, 8]]),
        // DE 0800 free, 0180x service, 0137/0138 mass calls, 0900 premium
        Some(49) => starts(&[&[8, 0, 0], &[1, 8, 0], &[1, 3, 7], &[1, 3, 8], &[9, 0, 0]]),
        // AT 0800 free, 0810/0820/0821 service, 0900/093x premium
        Some(43) => starts(&[&[8, 0, 0], &[8, 1, 0], &[8, 2, 0], &[8, 2, 1], &[9, 0], &[9, 3]]),
        // FR 08xx
        Some(33) => starts(&[&[8]]),
        // IT 800/803 free, 840/848 shared cost, 199 and 89x premium
        Some(39) => starts(&[&[8, 0, 0], &[8, 0, 3], &[8, 4], &[1, 9, 9], &[8, 9]]),
        // UK 0800/0808 free, 03 non-geographic, 084x/087x service
        Some(44) => starts(&[&[8, 0, 0], &[8, 0, 8], &[3], &[8, 4], &[8, 7]]),
        // North America 800, 888, 877, 866, 855, 844, 833
        Some(1) => starts(&[
            &[8, 0, 0],
            &[8, 8, 8],
            &[8, 7, 7],
            &[8, 6, 6],
            &[8, 5, 5],
            &[8, 4, 4],
            &[8, 3, 3],
        ]),
        Some(_) => starts(&[&[8, 0, 0]]),
        // national: the ranges CH, DE, AT and FR share or that are unique to one
        None => starts(&[
            &[8, 0, 0],
            &[8, 4, 0],
            &[8, 4, 2],
            &[8, 4, 4],
            &[8, 4, 8],
            &[8, 1, 0],
            &[8, 2, 0],
            &[9, 0, 0],
            &[9, 0, 1],
            &[9, 0, 6],
            &[1, 8, 0],
            &[1, 3, 7],
        ]),
    }
}

/// Whether `nsn` (without trunk 0) in country `cc` (`None`: national form) is a mobile number.
fn is_mobile(cc: Option<u32>, nsn: &[u8]) -> bool {
    let first = nsn.first().copied();
    let starts = |prefixes: &[&[u8]]| prefixes.iter().any(|p| nsn.starts_with(p));
    match cc {
        // CH and LI mobiles are 074 to 079 (071 is St. Gallen)
        Some(41 | 423) => first == Some(7) && nsn.get(1).is_some_and(|d| (4..=9).contains(d)),
        Some(44) => first == Some(7),
        Some(49) => starts(&[&[1, 5], &[1, 6], &[1, 7]]),
        Some(43) => first == Some(6),
        Some(33) => matches!(first, Some(6 | 7)),
        Some(39) => first == Some(3),
        Some(_) => false,
        None => matches!(first, Some(6 | 7)) || starts(&[&[1, 5], &[1, 6], &[1, 7]]),
    }
}

/// The country (if written) and national significant number of a number as written.
fn national_number(written: &str) -> Option<(Option<u32>, Vec<u8>)> {
    // "(044) 668 18 00"
    let written = written.strip_prefix('(').unwrap_or(written);
    let digits: Vec<u8> = written
        .bytes()
        .filter(u8::is_ascii_digit)
        .map(|b| b - b'0')
        .collect();
    let international = written.starts_with('+') || written.starts_with("00");
    if international {
        let rest = if written.starts_with('+') {
            &digits[..]
        } else {
            digits.get(2..)?
        };
        let (cc, len) = country_code(rest)?;
        let mut nsn = rest.get(len..)?;
        // "+41 (0)44 ...", "+49 030 ...": the trunk 0 is not part of it (Italy keeps it)
        if cc != 39 && nsn.first() == Some(&0) {
            nsn = nsn.get(1..)?;
        }
        Some((Some(cc), nsn.to_vec()))
    } else if digits.first() == Some(&0) {
        Some((None, digits.get(1..)?.to_vec()))
    } else {
        None
    }
}

/// The text before `start` that belongs to this number: up to 50 characters,
/// from after the last digit or line break (a label of an earlier number is not this one's).
fn own_words_before(text: &str, start: usize) -> String {
    let before = words_before(text, start, 50);
    let cut = before
        .rfind(|c: char| c.is_ascii_digit() || c == '\n')
        .map_or(0, |i| i + 1);
    before.get(cut..).unwrap_or("").to_lowercase()
}

/// The text after `end` that belongs to this number: up to 25 characters, up
/// to the next digit, line break, comma or semicolon (the label of a next number is not this one's).
fn own_words_after(text: &str, end: usize) -> String {
    let after = window_after(text, end, 25);
    let cut = after
        .find(|c: char| c.is_ascii_digit() || matches!(c, '\n' | ',' | ';' | '/' | '|'))
        .unwrap_or(after.len());
    after.get(..cut).unwrap_or("").to_lowercase()
}

/// International country codes of the ITU plan (1 to 3 digits), as prefixes.
fn country_code(digits: &[u8]) -> Option<(u32, usize)> {
    const TWO: &[u32] = &[
        20, 27, 30, 31, 32, 33, 34, 36, 39, 40, 41, 43, 44, 45, 46, 47, 48, 49, 51, 52, 53, 54, 55,
        56, 57, 58, 60, 61, 62, 63, 64, 65, 66, 81, 82, 84, 86, 90, 91, 92, 93, 94, 95, 98,
    ];
    const THREE_PREFIX: &[u32] = &[
        21, 22, 23, 24, 25, 26, 29, 35, 37, 38, 42, 50, 59, 67, 68, 69, 80, 85, 87, 88, 96, 97, 99,
    ];
    let d = |i: usize| digits.get(i).map(|&x| u32::from(x));
    let first = d(0)?;
    if first == 1 || first == 7 {
        return Some((first, 1));
    }
    let two = first * 10 + d(1)?;
    if TWO.contains(&two) {
        return Some((two, 2));
    }
    if THREE_PREFIX.contains(&two) {
        return Some((two * 10 + d(2)?, 3));
    }
    None
}

/// Lengths of the national number (without trunk 0) per country code, and
/// whether the country is one this detector knows well (CH, DE, AT, FR, IT, LI, LU).
fn national_lengths(cc: u32) -> (usize, usize, bool) {
    match cc {
        41 => (9, 9, true),
        49 => (6, 12, true),
        43 => (6, 13, true),
        33 => (9, 9, true),
        39 => (6, 11, true),
        423 => (7, 7, true),
        352 => (6, 11, true),
        44 => (9, 10, false),
        1 => (10, 10, false),
        31 | 34 | 48 | 351 | 61 | 420 | 421 => (9, 9, false),
        32 => (8, 9, false),
        45 | 47 => (8, 8, false),
        46 => (7, 10, false),
        30 | 7 | 91 | 90 => (10, 10, false),
        36 => (8, 9, false),
        353 => (7, 9, false),
        86 => (11, 11, false),
        _ => (7, 12, false),
    }
}

/// A number as read: its digit groups.
#[derive(Debug)]
struct Reading {
    /// Byte ends of each group in the text, with the digits of each group.
    groups: Vec<(usize, Vec<u8>)>,
}

/// Reads digit groups from `pos`: digits, then a single separator (or ` / `,
/// ` - `) or `(0)`, and so on, at most 8 groups and 17 digits.
fn read_groups(text: &str, mut pos: usize) -> Reading {
    let mut groups: Vec<(usize, Vec<u8>)> = Vec::new();
    let mut total = 0;
    loop {
        // closing bracket of an area code: "(044) 668"
        let mut digits = Vec::new();
        while let Some(c) = char_after(text, pos).filter(char::is_ascii_digit) {
            digits.push(u8::try_from(c.to_digit(10).unwrap_or(0)).unwrap_or(0));
            pos += 1;
        }
        if digits.is_empty() {
            break;
        }
        total += digits.len();
        groups.push((pos, digits));
        if groups.len() >= 8 || total > 17 {
            break;
        }
        let rest = text.get(pos..).unwrap_or("");
        let skip = if rest.starts_with(") ") || rest.starts_with(")-") {
            Some(2)
        } else if rest.starts_with(')') {
            Some(1)
        } else if rest.starts_with(" (") && !rest.starts_with(" (0)") {
            // an area code in brackets: "+1 (800) 555-0199"
            Some(2)
        } else if rest.starts_with(" (0) ") || rest.starts_with(" (0)") {
            Some(if rest.starts_with(" (0) ") { 5 } else { 4 })
        } else if rest.starts_with("(0)") {
            Some(if rest.starts_with("(0) ") { 4 } else { 3 })
        } else if rest.starts_with(" / ") || rest.starts_with(" - ") {
            Some(3)
        } else {
            match rest.chars().next() {
                Some(c @ (' ' | '-' | '.' | '/' | '\u{a0}' | '\u{202f}')) => Some(c.len_utf8()),
                _ => None,
            }
        };
        match skip {
            Some(n)
                if text
                    .get(pos + n..)
                    .and_then(|r| r.chars().next())
                    .is_some_and(|c| c.is_ascii_digit()) =>
            {
                pos += n
            }
            _ => break,
        }
    }
    Reading { groups }
}

fn looks_like_date_or_version(text: &str) -> bool {
    static DATE: LazyLock<Option<Regex>> = LazyLock::new(|| {
        Regex::new(r"^(?:[0-9]{1,2}[./\-][0-9]{1,2}[./\-](?:[0-9]{2}|[0-9]{4})|[0-9]{4}[./\-][0-9]{1,2}[./\-][0-9]{1,2}|[0-9]{1,2}\.[0-9]{1,2}\.|[0-9]+(?:\.[0-9]+){1,3})$").ok()
    });
    DATE.as_ref().is_some_and(|re| re.is_match(text))
}

fn isbn10_valid(digits: &[u8]) -> bool {
    digits.len() == 10
        && digits
            .iter()
            .enumerate()
            .map(|(i, &d)| (10 - i as u32) * u32::from(d))
            .sum::<u32>()
            % 11
            == 0
}

fn free_before(text: &str, start: usize) -> bool {
    match char_before(text, start) {
        None => true,
        Some(c) if c.is_alphanumeric() => false,
        // the middle of a grouped number ("CH93 0076 2011")
        Some(' ' | '\u{a0}' | '\u{202f}')
            if second_char_before(text, start).is_some_and(|c| c.is_ascii_digit()) =>
        {
            false
        }
        Some(
            '.' | ',' | '/' | '@' | '#' | '_' | '=' | '&' | '?' | '%' | '\'' | '’' | '+' | '-'
            | '$' | '€' | '£',
        ) => false,
        Some(':') => !second_char_before(text, start).is_some_and(|c| c.is_ascii_digit()),
        Some(_) => true,
    }
}

fn free_after(text: &str, end: usize) -> bool {
    match char_after(text, end) {
        None => true,
        Some(c) if c.is_alphanumeric() => false,
        Some('%' | '°' | '€' | '$' | '£' | '\'' | '’' | '_' | '@') => false,
        Some('.' | ',' | ':' | '/' | '-') => {
            !second_char_after(text, end).is_some_and(|c| c.is_ascii_digit())
        }
        Some(_) => true,
    }
}

/// Judges the groups of a candidate; returns the number of groups that form
/// the number and its confidence without context.
fn judge(
    groups: &[(usize, Vec<u8>)],
    international: bool,
    wide_lead: bool,
) -> Option<(usize, Confidence)> {
    let all: Vec<u8> = groups.iter().flat_map(|(_, d)| d.iter().copied()).collect();
    if international {
        let digits = if all.starts_with(&[0, 0]) {
            all.get(2..)?
        } else {
            &all[..]
        };
        let (cc, cc_len) = country_code(digits)?;
        let (min, max, known) = national_lengths(cc);
        // Try the longest prefix of groups that makes a valid length.
        let lead = all.len() - digits.len();
        let mut count = 0;
        let mut best = None;
        for (i, (_, g)) in groups.iter().enumerate() {
            count += g.len();
            let mut national = count.saturating_sub(lead + cc_len);
            // A national 0 written after the country code is not counted ("(0)" is not read at all).
            let national_digits = digits.get(cc_len..).unwrap_or(&[]);
            if national_digits.first() == Some(&0) && cc != 39 && national > 0 {
                national -= 1;
            }
            // one group: the whole run must be the number ("+41791234567")
            let whole_run = groups.len() == 1 && national >= 8;
            if (min..=max).contains(&national) && (i >= 1 || whole_run) {
                best = Some(i + 1);
            }
        }
        let n = best?;
        // A run of digits without groups is a number in the usual written
        // form only after "+"; after "00" it may as well be an id.
        if groups.len() == 1 {
            return Some((
                n,
                if lead == 0 && known {
                    Confidence::Medium
                } else {
                    Confidence::Low
                },
            ));
        }
        let used = groups.get(1..n).unwrap_or(&[]);
        // "+250 000 000" is an amount, not a number
        if used.iter().all(|(_, g)| g.len() == 3)
            && groups.first().is_some_and(|(_, g)| g.len() <= 3)
        {
            return Some((n, Confidence::Low));
        }
        return Some((
            n,
            if known {
                Confidence::High
            } else {
                Confidence::Medium
            },
        ));
    }
    // National: the first digit is the trunk 0 (Italian mobiles excepted, handled by the caller).
    if all.first() != Some(&0) || all.get(1) == Some(&0) {
        return None;
    }
    let mut count = 0;
    let mut best: Option<(usize, Confidence)> = None;
    for (i, (_, g)) in groups.iter().enumerate() {
        count += g.len();
        let sizes: Vec<usize> = groups.iter().take(i + 1).map(|(_, g)| g.len()).collect();
        let first = sizes.first().copied().unwrap_or(0);
        // the usual groupings of ten-digit CH/FR/DE numbers, or "(044) ..."
        let usual_groups = count == 10
            && (matches!(
                sizes.as_slice(),
                [3, 3, 2, 2]
                    | [2, 2, 2, 2, 2]
                    | [3, 7]
                    | [4, 6]
                    | [3, 3, 4]
                    | [4, 3, 3]
                    | [2, 4, 4]
                    | [4, 2, 2, 2]
            ) || wide_lead);
        // area code (0 + 2 to 5 digits), then the subscriber number in groups
        let area_and_number = (9..=12).contains(&count)
            && sizes.len() >= 2
            && (3..=6).contains(&first)
            && sizes.iter().skip(1).all(|&s| s >= 2)
            && sizes.get(1).is_some_and(|&s| s >= 3);
        let confidence = if usual_groups || area_and_number {
            Some(Confidence::Medium)
        } else if (6..=12).contains(&count) {
            Some(Confidence::Low)
        } else {
            None
        };
        if let Some(c) = confidence {
            best = Some((i + 1, c));
        }
    }
    best
}

impl Detector for Phone {
    fn id(&self) -> &'static str {
        "phone"
    }

    fn summary(&self) -> &'static str {
        "telephone numbers, international and DE/AT/CH/FR/IT national forms"
    }

    fn example(&self) -> &'static str {
        "Ruft mich an: `+41 44 668 18 00`"
    }

    fn find(&self, text: &str, _: &DetectorOptions, found: &mut Vec<Candidate>) {
        let Some(re) = START.as_ref() else { return };
        let mut done = 0;
        for m in re.find_iter(text) {
            let start = m.start();
            if start < done || !free_before(text, start) {
                continue;
            }
            let first = m.as_str().chars().next();
            let international = first == Some('+') || m.as_str().starts_with("00");
            let italian_mobile = first == Some('3');
            // where the digits begin
            let (digits_at, wide_lead) = match first {
                Some('+') => (
                    start + if m.as_str().starts_with("+ ") { 2 } else { 1 },
                    false,
                ),
                Some('(') => (start + 1, true),
                _ => (start, false),
            };
            let reading = read_groups(text, digits_at);
            if reading.groups.is_empty() {
                continue;
            }
            let whole_end = reading.groups.last().map_or(start, |(e, _)| *e);
            let Some(written) = text.get(start..whole_end) else {
                continue;
            };
            if !international && looks_like_date_or_version(written) {
                continue;
            }
            let judged = if italian_mobile {
                let digits: usize = reading.groups.iter().map(|(_, g)| g.len()).sum();
                (digits == 10).then_some((reading.groups.len(), Confidence::Low))
            } else {
                judge(&reading.groups, international, wide_lead)
            };
            let Some((n, base)) = judged else { continue };
            let Some(&(end, _)) = reading.groups.get(n.saturating_sub(1)) else {
                continue;
            };
            if !free_after(text, end) && n == reading.groups.len() {
                continue;
            }
            let span = start..end;
            let digits: Vec<u8> = reading
                .groups
                .iter()
                .take(n)
                .flat_map(|(_, g)| g.iter().copied())
                .collect();
            if digits.iter().all(|&d| Some(&d) == digits.get(1))
                || (!international && isbn10_valid(&digits) && written.contains('-'))
            {
                continue;
            }
            let phone_context = context_near(text, &span, 30, 0, PHONE_WORDS);
            if !phone_context && context_near(text, &span, 30, 0, NOT_PHONE_WORDS) {
                continue;
            }
            let confidence = if phone_context {
                Confidence::High
            } else if italian_mobile {
                continue;
            } else {
                base
            };
            done = end;
            found.push(Candidate { span, confidence });
        }
    }

    fn is_public_contact(&self, text: &str, candidate: &Candidate) -> bool {
        let Some(written) = text.get(candidate.span.clone()) else {
            return false;
        };
        let Some((cc, nsn)) = national_number(written) else {
            return false;
        };
        let groups: Vec<usize> = written
            .split([' ', '.', '\u{a0}'])
            .map(str::len)
            .collect();
        // "071 365 66 00": a Swiss landline (071 to 073), grouped the Swiss way
        let swiss_landline = cc.is_none()
            && groups == [3, 3, 2, 2]
            && nsn.first() == Some(&7)
            && nsn.get(1).is_some_and(|d| (1..=3).contains(d));
        if is_mobile(cc, &nsn) && !swiss_landline {
            return false;
        }
        // French special rates written in pairs: "08 92 68 00 00"
        let french_service = cc.is_none() && written.starts_with("08") && groups.iter().all(|&g| g == 2);
        // Swiss company networks written the Swiss way: "058 123 60 60"
        // (German 058x area codes are written "05841 ...")
        let swiss_company = cc.is_none() && written.starts_with("058 ") && groups == [3, 3, 2, 2];
        if is_service_number(cc, &nsn) || french_service || swiss_company {
            return true;
        }
        let around = format!(
            "{}\u{1}{}",
            own_words_before(text, candidate.span.start),
            own_words_after(text, candidate.span.end)
        );
        // given with a role mailbox ("presse@… et au +41 …"): that role's number
        let with_role_mailbox = around
            .split_whitespace()
            .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
            .any(|w| w.contains('@') && super::email::is_role_address(w));
        (with_role_mailbox || SWITCHBOARD_WORDS.iter().any(|w| has_word_start(&around, w)))
            && !PRIVATE_WORDS.iter().any(|w| has_whole_word(&around, w))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detectors::testing;

    fn find(text: &str) -> Vec<(&str, Confidence)> {
        testing::found(&Phone, text)
    }

    fn shown(text: &str) -> Vec<&str> {
        testing::shown(&Phone, text)
    }

    #[test]
    fn finds_international_numbers() {
        assert_eq!(
            find("Ruft mich an: +41 44 668 18 00"),
            [("+41 44 668 18 00", Confidence::High)]
        );
        assert_eq!(shown("0041 79 123 45 67"), ["0041 79 123 45 67"]);
        assert_eq!(shown("Berlin: +49 (0)30 12345678."), ["+49 (0)30 12345678"]);
        assert_eq!(
            shown("+43 1 234 56 78 / +33 1 23 45 67 89"),
            ["+43 1 234 56 78", "+33 1 23 45 67 89"]
        );
        assert_eq!(shown("+39 06 1234 5678"), ["+39 06 1234 5678"]);
        assert_eq!(shown("+49-89-1234567"), ["+49-89-1234567"]);
        assert_eq!(
            find("US office +1 212 555 0147"),
            [("+1 212 555 0147", Confidence::Medium)]
        );
        assert_eq!(shown("Call us: +1 (800) 555-0199"), ["+1 (800) 555-0199"]);
        assert_eq!(shown("Tel. +41 (0)44 668 18 00"), ["+41 (0)44 668 18 00"]);
        assert_eq!(shown("London +44 20 7946 0958"), ["+44 20 7946 0958"]);
    }

    #[test]
    fn finds_national_numbers() {
        assert_eq!(
            shown("Zentrale 044 668 18 00, Fax 044 668 18 01"),
            ["044 668 18 00", "044 668 18 01"]
        );
        assert_eq!(shown("Natel 079 123 45 67"), ["079 123 45 67"]);
        assert_eq!(
            shown("030 12345678 oder 089/1234567"),
            ["030 12345678", "089/1234567"]
        );
        assert_eq!(shown("(044) 668 18 00"), ["(044) 668 18 00"]);
        assert_eq!(shown("appelez le 06 12 34 56 78"), ["06 12 34 56 78"]);
        assert_eq!(shown("Wien 01 234 56 78"), Vec::<&str>::new()); // short form: low without context
        assert_eq!(shown("Tel. 01 234 56 78"), ["01 234 56 78"]);
        assert_eq!(shown("chiamami al cell 347 123 4567"), ["347 123 4567"]);
        assert_eq!(find("0446681800"), [("0446681800", Confidence::Low)]);
        assert_eq!(shown("Telefon: 0446681800"), ["0446681800"]);
        assert_eq!(shown("Hotline 0800 55 66 77"), ["0800 55 66 77"]);
        assert_eq!(shown("Mobile: 0171/1234567"), ["0171/1234567"]);
    }

    /// The numbers `Phone` shows in `text`, each with whether it takes it for a public contact.
    fn public(text: &str) -> Vec<(&str, bool)> {
        let mut found = Vec::new();
        Phone.find(text, &DetectorOptions::default(), &mut found);
        found
            .iter()
            .filter(|c| c.confidence >= Confidence::Medium)
            .filter_map(|c| Some((text.get(c.span.clone())?, Phone.is_public_contact(text, c))))
            .collect()
    }

    #[test]
    fn finds_international_numbers_written_without_spaces() {
        assert_eq!(
            find("Meldet euch per WhatsApp: 0041791234567"),
            [("0041791234567", Confidence::High)]
        );
        assert_eq!(
            find("Natel +41791234567, ich bin ab Montag erreichbar."),
            [("+41791234567", Confidence::High)]
        );
        assert_eq!(
            find("Mein Handy, falls was ist: +4915112345678"),
            [("+4915112345678", Confidence::High)]
        );
        assert_eq!(
            shown("Reach me on WhatsApp anytime at +447911123456"),
            ["+447911123456"]
        );
        assert_eq!(
            shown("Vous pouvez me joindre sur mon portable, c'est le +33612345678."),
            ["+33612345678"]
        );
        assert_eq!(
            shown("Scrivetemi su WhatsApp al numero +393471234567"),
            ["+393471234567"]
        );
        assert_eq!(shown("Telefon tagsüber 0041441234567"), ["0041441234567"]);
        // without a word about phones: "+" and the right length for the country
        assert_eq!(
            find("Bis bald! +41791234567"),
            [("+41791234567", Confidence::Medium)]
        );
        assert_eq!(find("0041791234567"), [("0041791234567", Confidence::Low)]);
    }

    #[test]
    fn digit_runs_without_spaces_that_are_ids_stay_quiet() {
        for text in [
            "Bestellung 00412345678901 ist unterwegs.",
            "Ticket-ID 0041791234567 im System geschlossen.",
            "Zeitstempel 20260312094512 im Log.",
            "Order #004915112345678 shipped today.",
            "Referenz 0049123456 und Version +4912345",
            "+41791234567890123 Punkte",
            "Kunden-Nr. 0033612345678",
        ] {
            assert!(shown(text).is_empty(), "{text}: {:?}", find(text));
        }
    }

    #[test]
    fn service_numbers_and_switchboards_are_public_contacts() {
        for text in [
            "Unsere Hotline erreichen Sie kostenlos unter 0800 123 456.",
            "Service-Nummer 0848 800 800 (Normaltarif), Mo–Fr 8–18 Uhr.",
            "Kundendienst 0842 33 44 55, Montag bis Freitag.",
            "Zentrale: +41 44 668 18 00, wir freuen uns auf Ihren Anruf.",
            "Hauptnummer 044 668 18 00, der Empfang verbindet Sie gern.",
            "Bestellungen telefonisch über 0180 5 123456 (14 ct/Min.).",
            "Call our switchboard on +44 20 7946 0958 for the press office.",
            "Main line: +1 212 555 0147. Our team will route your call.",
            "Free hotline 0800 55 66 77 for all existing customers.",
            "Toll-free in the US: +1 800 555 0199",
            "Standard : 01 23 45 67 89, du lundi au vendredi.",
            "Accueil de la mairie : 04 72 10 30 30.",
            "Service client : 08 92 68 00 00",
            "Centralino: +39 02 1234 5678, dalle 9 alle 18.",
            "Servizio clienti: +39 02 8765 4321",
            "Our office: +41 44 668 18 00 (switchboard)",
            "Telefonzentrale (044) 668 18 00",
            "Für Medienanfragen: Medienstelle ACME, +41 58 310 20 00",
            "or +41 58 310 40 00 from abroad",
            "le service informatique au 058 123 60 60 (centrale de rendez-vous)",
            "Reservation über 071 365 66 00, unbedingt die Chäshörnli probieren",
            "notre porte-parole répond à ufficiostampa@acme.example et au +41 91 910 30 00.",
        ] {
            let found = public(text);
            assert!(!found.is_empty(), "{text}: nothing found");
            assert!(found.iter().all(|(_, p)| *p), "{text}: {found:?}");
        }
    }

    #[test]
    fn private_numbers_are_not_public_contacts() {
        for text in [
            "Ruft mich an: +41 79 123 45 67",
            "Mein Natel: 079 123 45 67",
            "Appelez-moi au 06 12 34 56 78",
            "Chiamami al +39 347 123 4567",
            "Tel. +41 44 668 18 00",
            "Hotline? Ruft mich direkt an: 044 668 18 01",
            "Zentrale 044 668 18 00, mein Natel 079 123 45 67",
            "Hotline-Team, WhatsApp: +4915112345678",
            "Standard : 06 12 34 56 78",
        ] {
            let found = public(text);
            let last = found.last().copied();
            assert!(last.is_some_and(|(_, p)| !p), "{text}: {found:?}");
        }
    }

    #[test]
    fn two_numbers_in_a_row_are_two() {
        assert_eq!(
            shown("Tel. 044 668 18 00 / 079 123 45 67"),
            ["044 668 18 00", "079 123 45 67"]
        );
    }

    #[test]
    fn ignores_dates_times_prices_and_codes() {
        for text in [
            "am 01.03.2026 um 09:30–17:00 Uhr",
            "Q3 2026, Halle 4.2, Stand B-117",
            "CHF 1'250.–, EUR 0,99 und +12,5 %",
            "ISBN 978-3-16-148410-0 und ISBN 0-306-40615-2",
            "Bestellnummer 0012345678, Ticket 0815-4711",
            "Version 0.9.12 und 2026-03-01",
            "PLZ 01067 Dresden",
            "+250 000 000 Besucher, +15 000 neue Follower",
            "347 Teilnehmende aus 12 Ländern",
            "https://example.com/events/0441234567",
            "Raum 0.12 im Erdgeschoss, Gleis 07",
            "CH93 0076 2011 6238 5295 7",
            "9:30-17:00 Uhr, 10.-12. März",
        ] {
            assert!(shown(text).is_empty(), "{text}: {:?}", find(text));
        }
    }
}
