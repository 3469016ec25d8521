//! `home-address`: postal addresses with street, house number, postcode and
//! town, in German, Austrian, Swiss, French and Italian form.
//!
//! Why it matters: a home address in a post (one's own, a colleague's, a
//! customer's) tells strangers where someone lives; for people who speak for
//! the company in public it is a real safety risk.
//!
//! Example: "Paket bitte an Musterstrasse 12, 8001 Zürich" flags
//! `Musterstrasse 12, 8001 Zürich`.
//!
//! All three parts are required: a street (a name ending in -strasse, -straße,
//! -str., -gasse, -weg, -platz, -allee, -ring ..., or starting with "Am", "Im",
//! "An der" ..., or a French or Italian street word: rue, avenue, chemin,
//! route, place, via, viale, piazza, corso ...), a house number (before the
//! street in French, after it elsewhere), and a four- or five-digit postcode
//! (optionally with `CH-`, `D-`, `A-`, `F-`, `I-`) followed by a capitalised town
//! name. Forms: "Musterstrasse 12, 8001 Zürich", "Hauptstraße 5, D-10115
//! Berlin", "12 rue de la Paix, 75002 Paris", "Rue du Lac 3, 1003 Lausanne",
//! "Via Roma 5, 00184 Roma", "Via Nassa 5 - 6900 Lugano".
//!
//! The detector cannot tell a home from an office, so: high next to words like
//! "wohne", "zu Hause", "privat", "bei mir", "I live", "housewarming", "home
//! address", "j'habite", "domicile", "abito", or a doorbell right after it
//! ('ring "Meier"', "klingeln bei"); low when a business or venue is named just before
//! (AG, GmbH, SA, Messe, Hotel, Kongresshaus, Campus, Büro, office, venue,
//! "Ort:", "Adresse:" of an event ...); medium otherwise.

use std::ops::Range;
use std::sync::LazyLock;

use super::around::{context_near, has_whole_word, words_before};
use super::bounded::Bounded;
use super::scan::digit_groups;
use super::{Candidate, Confidence, Detector, DetectorOptions};

/// Finds postal addresses.
pub struct HomeAddress;

const TOWN: &str = r"(?:St|Ste|S)\.[ ]\p{Lu}[\p{L}'’\-]+|\p{Lu}[\p{L}'’\-]+(?:[ ](?:am[ ]|an[ ]der[ ]|im[ ]|bei[ ]|sur[ ]|sous[ ])?\p{Lu}[\p{L}'’\-]+)?";
const POSTCODE: &str = r"(?:(?:CH|D|DE|A|AT|F|FR|I|IT|FL|LI)[- ])?[0-9]{4,5}";
const BREAK: &str = r"(?:[ \t]*,[ \t]*\n?[ \t]*|[ \t]+[-–][ \t]+|[ \t]*\n[ \t]*|[ \t]+)";

static ADDRESS: LazyLock<Bounded> = LazyLock::new(|| {
    let dach_suffix = r"(?i:stra(?:ss|ß)e|str\.|gasse|weg|platz|allee|ring|damm|ufer|steig|pfad|chaussee|promenade|graben|quai|kai|rain|halde|zeile|markt|gässli|gässlein|strässchen)";
    let dach = format!(
        r"(?:(?:\p{{Lu}}[\p{{L}}.\-]*[ ]){{0,2}}\p{{L}}[\p{{L}}\-]*{dach_suffix}|(?:\p{{Lu}}[\p{{L}}.\-]*[ ]){{1,2}}{dach_suffix}|(?:Am|Im|An der|An den|Auf der|Auf dem|Zum|Zur|In der|In den|Unter den|Hinter der|Vor dem|Beim)[ ]\p{{Lu}}[\p{{L}}\-]+)[ ]+[0-9]{{1,4}}[ ]?[a-zA-Z]?"
    );
    let latin_street = r"(?:Rue|rue|Avenue|avenue|Av\.|av\.|Boulevard|boulevard|Bd|bd|Place|place|Chemin|chemin|Ch\.|Allée|allée|Impasse|impasse|Quai|quai|Route|route|Rte|Cours|cours|Passage|passage|Square|square|Faubourg|Rampe|rampe|Via|via|Viale|viale|Piazza|piazza|Piazzale|piazzale|Corso|corso|Vicolo|vicolo|Largo|largo|Strada|strada|Contrada|Lungolago|Lungomare|Salita|salita)";
    // 12 rue de la Paix
    let french = format!(
        r"[0-9]{{1,4}}(?:[ ]?(?:bis|ter|[a-c]))?,?[ ]+{latin_street}[ ]+[^\n,;:0-9]{{2,50}}?"
    );
    // Rue du Lac 3, Via Roma 5, Via Roma, 5
    let latin = format!(r"{latin_street}[ ]+[^\n,;:0-9]{{2,50}}?,?[ ]+[0-9]{{1,4}}[ ]?[a-zA-Z]?");
    Bounded::new(
        "",
        &format!(r"(?:{dach}|{french}|{latin}){BREAK}{POSTCODE}[ ]+(?:{TOWN})"),
        false,
    )
});

const HOME_WORDS: &[&str] = &[
    "wohne",
    "wohnen",
    "wohnt",
    "wohnhaft",
    "wohnung",
    "zu hause",
    "zuhause",
    "daheim",
    "privat",
    "privatadresse",
    "meine adresse",
    "home",
    "i live",
    "we live",
    "my address",
    "j'habite",
    "j’habite",
    "chez moi",
    "domicile",
    "mon adresse",
    "abito",
    "casa mia",
    "residenza",
    "residente",
    "il mio indirizzo",
    "bei mir",
    "bei uns daheim",
    "at my place",
    "my place",
    "my flat",
    "my apartment",
    "housewarming",
    "einweihungsparty",
    "wg-party",
    "pendaison de crémaillère",
    "da me",
    "a casa mia",
    "klingeln bei",
    "klingel",
    "ring the bell",
    "sonnez chez",
    "citofono",
];

/// Words right after an address that say someone lives there: a doorbell.
const DOORBELL_WORDS: &[&str] = &["ring", "klingeln", "klingel", "sonnez", "sonner", "citofono", "suonare"];

const BUSINESS_WORDS: &[&str] = &[
    "ag",
    "gmbh",
    "sa",
    "sàrl",
    "sarl",
    "s.p.a",
    "spa",
    "srl",
    "s.r.l",
    "ltd",
    "inc",
    "kg",
    "ohg",
    "e.v",
    "messe",
    "hotel",
    "kongress",
    "congress",
    "zentrum",
    "center",
    "centre",
    "centro",
    "campus",
    "büro",
    "office",
    "bureau",
    "ufficio",
    "halle",
    "saal",
    "venue",
    "location",
    "veranstaltungsort",
    "lieu",
    "luogo",
    "sede",
    "ort:",
    "adresse:",
    "address:",
    "adresse :",
    "indirizzo:",
    "hochschule",
    "universität",
    "université",
    "università",
    "eth",
    "epfl",
    "museum",
    "musée",
    "museo",
    "restaurant",
    "laden",
    "geschäft",
    "praxis",
    "atelier",
    "studio",
    "werkstatt",
    "apotheke",
    "magasin",
    "cabinet",
    "agence",
    "pharmacie",
    "negozio",
    "bottega",
    "agenzia",
    "farmacia",
    "bar",
    "bistro",
    "pizzeria",
    "trattoria",
    "kita",
    "schule",
    "école",
    "scuola",
    "café",
    "gasthof",
    "kirche",
    "rathaus",
    "stadthaus",
    "bahnhof",
    "gare",
    "stazione",
    "filiale",
    "store",
    "shop",
    "boutique",
    "showroom",
    "headquarters",
    "hq",
    "hauptsitz",
    "siège",
    "niederlassung",
    "standort",
    "event",
    "workshop",
    "meetup",
    "konferenz",
    "conference",
    "forum",
    "hôtel",
    "palais",
    "palazzo",
    "congrès",
    "congressi",
    "kongresshaus",
    "séminaire",
    "seminar",
    "convegno",
    "fiera",
    "salon",
    "auditorium",
    "aula",
];

/// Where an address can end: a postcode, four or five digits with spaces and
/// a capital letter (the town) after them. The offsets of the digits.
fn postcodes(text: &str) -> impl Iterator<Item = usize> {
    digit_groups(text).filter_map(|digits| {
        let after = text.get(digits.end..)?;
        let town = after.strip_prefix(' ')?.trim_start_matches(' ');
        ((4..=5).contains(&digits.len()) && town.chars().next().is_some_and(char::is_uppercase))
            .then_some(digits.start)
    })
}

/// The parts of `text` to search for addresses: the line of each postcode and
/// the line before it, merged where they overlap. An address holds at most one
/// line break (between the street and the postcode), so none crosses their
/// ends, and a draft without a postcode is not searched at all.
fn windows(text: &str) -> Vec<Range<usize>> {
    let mut postcodes = postcodes(text).peekable();
    if postcodes.peek().is_none() {
        return Vec::new();
    }
    let breaks: Vec<usize> = text.match_indices('\n').map(|(i, _)| i).collect();
    let mut windows: Vec<Range<usize>> = Vec::new();
    for at in postcodes {
        // the line breaks before `at`: the last two end the lines before
        let before = breaks.partition_point(|&b| b < at);
        let start = before
            .checked_sub(2)
            .and_then(|i| breaks.get(i))
            .map_or(0, |b| b + 1);
        let end = breaks.get(before).copied().unwrap_or(text.len());
        match windows.last_mut() {
            Some(last) if start <= last.end => last.end = last.end.max(end),
            _ => windows.push(start..end),
        }
    }
    windows
}

impl Detector for HomeAddress {
    fn id(&self) -> &'static str {
        "home-address"
    }

    fn summary(&self) -> &'static str {
        "postal addresses: street, number, postcode and town (DE, AT, CH, FR, IT)"
    }

    fn example(&self) -> &'static str {
        "Paket an `Musterstrasse 12, 8001 Zürich`"
    }

    fn find(&self, text: &str, _: &DetectorOptions, found: &mut Vec<Candidate>) {
        let hits = windows(text)
            .into_iter()
            .flat_map(|window| ADDRESS.captures_in(text, window));
        for hit in hits {
            let Some(span) = hit.range("hit") else {
                continue;
            };
            let before = words_before(text, span.start, 60).to_lowercase();
            // Home words before, or right after (a doorbell: 'ring "Meier"').
            let home = context_near(text, &span, 60, 0, HOME_WORDS)
                || context_near(text, &span, 0, 40, DOORBELL_WORDS);
            let business = BUSINESS_WORDS.iter().any(|w| {
                if w.ends_with(':') {
                    before.contains(w)
                } else {
                    has_whole_word(&before, w)
                }
            });
            let confidence = if home {
                Confidence::High
            } else if business {
                Confidence::Low
            } else {
                Confidence::Medium
            };
            found.push(Candidate { span, confidence });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detectors::testing;

    fn find(text: &str) -> Vec<(&str, Confidence)> {
        testing::found(&HomeAddress, text)
    }

    fn shown(text: &str) -> Vec<&str> {
        testing::shown(&HomeAddress, text)
    }

    #[test]
    fn a_pickup_at_home_and_a_doorbell_say_home() {
        assert_eq!(
            find("Für eine Schule oder einen Club. Abholung bei mir: Lindenweg 7, 70597 Stuttgart, am Samstag."),
            [("Lindenweg 7, 70597 Stuttgart", Confidence::High)]
        );
        assert_eq!(
            find("Address: Rosenbergstrasse 27, 9000 St. Gallen, 3rd floor, ring \"Meier/Frei\"."),
            [("Rosenbergstrasse 27, 9000 St. Gallen", Confidence::High)]
        );
        assert_eq!(
            find("Address: Rosenbergstrasse 27, 9000 St. Gallen, 3rd floor."),
            [("Rosenbergstrasse 27, 9000 St. Gallen", Confidence::Low)]
        );
    }

    #[test]
    fn finds_addresses_in_five_countries() {
        assert_eq!(
            shown("Paket bitte an Musterstrasse 12, 8001 Zürich"),
            ["Musterstrasse 12, 8001 Zürich"]
        );
        assert_eq!(
            shown("Hauptstraße 5a, D-10115 Berlin"),
            ["Hauptstraße 5a, D-10115 Berlin"]
        );
        assert_eq!(
            shown("Mariahilfer Straße 1, 1060 Wien"),
            ["Mariahilfer Straße 1, 1060 Wien"]
        );
        assert_eq!(
            shown("Am Mühlbach 3\n6300 Zug"),
            ["Am Mühlbach 3\n6300 Zug"]
        );
        assert_eq!(
            shown("12 rue de la Paix, 75002 Paris"),
            ["12 rue de la Paix, 75002 Paris"]
        );
        assert_eq!(
            shown("Rue du Lac 3, 1003 Lausanne"),
            ["Rue du Lac 3, 1003 Lausanne"]
        );
        assert_eq!(shown("Via Roma 5, 00184 Roma"), ["Via Roma 5, 00184 Roma"]);
        assert_eq!(
            shown("Via Nassa 5 - 6900 Lugano"),
            ["Via Nassa 5 - 6900 Lugano"]
        );
        assert_eq!(
            shown("St. Galler-Strasse 4, 9000 St. Gallen"),
            ["St. Galler-Strasse 4, 9000 St. Gallen"]
        );
    }

    #[test]
    fn home_words_raise_and_venues_lower() {
        assert_eq!(
            find("Ich wohne an der Musterstrasse 12, 8001 Zürich"),
            [("Musterstrasse 12, 8001 Zürich", Confidence::High)]
        );
        assert_eq!(
            find("Messe Zürich, Wallisellenstrasse 49, 8050 Zürich"),
            [("Wallisellenstrasse 49, 8050 Zürich", Confidence::Low)]
        );
        assert_eq!(
            find("Neu eröffnet: unser Laden an der Bahnhofstrasse 12, 8001 Zürich"),
            [("Bahnhofstrasse 12, 8001 Zürich", Confidence::Low)]
        );
        assert_eq!(
            find("Acme AG, Bahnhofstrasse 10, 8001 Zürich"),
            [("Bahnhofstrasse 10, 8001 Zürich", Confidence::Low)]
        );
    }

    #[test]
    fn needs_all_three_parts() {
        for text in [
            "Wir sind jetzt an der Bahnhofstrasse in Zürich.",
            "Musterstrasse 12 ist unser neues Zuhause",
            "8001 Zürich ist schön",
            "Bahnhofstrasse, 8001 Zürich",
            "Halle 4.2, Stand B-117, 8050 Zürich",
            "Am 12.03.2026 in 8001 Zürich",
            "Rue de la Paix, Paris",
            "Via Roma a Roma",
            "Von 9 bis 17 Uhr, 2026 Teilnehmende",
        ] {
            assert!(find(text).is_empty(), "{text}: {:?}", find(text));
        }
    }
}
