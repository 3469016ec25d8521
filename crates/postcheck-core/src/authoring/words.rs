//! Word lists shipped with the corpus: everyday words per language that
//! companies tend to pick as code names or that look like deal words, and
//! place names (DACH, France, Italy) that make tempting code names. A rule
//! term that is one of them fires on ordinary posts; `postcheck pack audit`
//! says so. Entries are compared folded, as terms are matched.

use std::collections::HashMap;

use crate::text::fold::fold_term;

/// Which list a word is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum WordList {
    /// An everyday word in a language (`de`, `en`, `fr`, `it`).
    Everyday(&'static str),
    /// A place: a city, mountain, pass, lake, river or region.
    Place,
}

impl WordList {
    /// What the list is, in words: "an everyday German word", "a place name".
    pub fn describe(self) -> &'static str {
        match self {
            WordList::Everyday("de") => "an everyday German word",
            WordList::Everyday("fr") => "an everyday French word",
            WordList::Everyday("it") => "an everyday Italian word",
            WordList::Everyday(_) => "an everyday English word",
            WordList::Place => "a place name",
        }
    }
}

/// The lists: (list, file text).
const LISTS: [(WordList, &str); 5] = [
    (
        WordList::Everyday("de"),
        include_str!("words/common-words-de.txt"),
    ),
    (
        WordList::Everyday("en"),
        include_str!("words/common-words-en.txt"),
    ),
    (
        WordList::Everyday("fr"),
        include_str!("words/common-words-fr.txt"),
    ),
    (
        WordList::Everyday("it"),
        include_str!("words/common-words-it.txt"),
    ),
    (WordList::Place, include_str!("words/places.txt")),
];

/// The entries of a list file: every line that is not empty or a `//` comment.
fn entries(file: &str) -> impl Iterator<Item = &str> {
    file.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("//"))
}

/// Every entry of every list as written, with its list.
pub fn all_entries() -> impl Iterator<Item = (&'static str, WordList)> {
    LISTS
        .iter()
        .flat_map(|(list, file)| entries(file).map(move |e| (e, *list)))
}

/// The lists folded: folded entry to the lists it is on (a word can be on
/// several: `Ticino` is a river and a region, `Lotus` an everyday word in
/// three languages), restricted to the everyday words of `languages` (all
/// when empty); place names are always in.
pub fn folded(languages: &[String]) -> HashMap<String, Vec<WordList>> {
    let mut map: HashMap<String, Vec<WordList>> = HashMap::new();
    for (entry, list) in all_entries() {
        if let WordList::Everyday(lang) = list
            && !languages.is_empty()
            && !languages.iter().any(|l| l.starts_with(lang))
        {
            continue;
        }
        let lists = map.entry(fold_term(entry, false)).or_default();
        if !lists.contains(&list) {
            lists.push(list);
        }
    }
    map
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_folded_and_hold_what_companies_pick() {
        let all = folded(&[]);
        for word in ["ORDER", "auftrag", "Marché", "marche", "gara", "commessa"] {
            assert!(all.contains_key(&fold_term(word, false)), "{word}");
        }
        for place in [
            "Gotthard",
            "matterhorn",
            "SANTIS",
            "Léman",
            "Rhone",
            "Ticino",
        ] {
            let lists = all.get(&fold_term(place, false));
            assert!(
                lists.is_some_and(|l| l.contains(&WordList::Place)),
                "{place}"
            );
        }
        let german = folded(&["de".to_owned()]);
        assert!(german.contains_key("auftrag"));
        assert!(!german.contains_key("order"));
    }

    #[test]
    fn every_list_has_a_few_hundred_entries_and_a_header() {
        for (list, file) in LISTS {
            assert!(file.starts_with("//"), "{list:?} has a header");
            assert!(entries(file).count() >= 200, "{list:?}");
        }
    }
}
