//! `postcheck pack docs`: a pack's guidelines as a page for employees, in
//! the reader's language (with the pack's fallback for its own texts).
//!
//! For each guideline: its title, text, link and the contacts its rules
//! name; what is checked, in plain words (the rule's message, with its
//! placeholders as "…", and what kind of thing the rule looks for), the dates
//! a rule holds (an embargo's end, a quiet period), and up to three of the
//! rule's `hit` examples in the reader's language. Hashed names are never
//! revealed: a `hashed_terms` rule shows no example, and an example of any
//! rule that a `hashed_terms` rule of the pack flags is left out.
//!
//! [`guideline_page`] gives plain data (the extension can draw it);
//! [`GuidelinePage::to_markdown`] and [`GuidelinePage::to_html`] write it.
//! Pack texts are untrusted: both escape every text (HTML and Markdown
//! markup shows as written), and bidirectional controls and invisible
//! characters show as `[U+202E]`. The HTML page is self-contained: no
//! script, no external resource, inline CSS, light and dark.

use std::collections::HashSet;

use serde::Serialize;

use crate::context::Context;
use crate::engine::compiled::{CompiledPack, LoadedRule};
use crate::format::characters::{is_bidi_control, is_hidden, is_stray_invisible};
use crate::format::locales::Locales;
use crate::format::model::{Level, Localized};
use crate::text::fold::fold_term;
use crate::text::language::LanguageGuess;

/// Most `hit` examples shown per rule.
pub const EXAMPLES_PER_RULE: usize = 3;

/// A pack's guidelines as a page.
#[derive(Debug, Clone, Serialize)]
pub struct GuidelinePage {
    /// The language of the page's own words: `de`, `en`, `fr` or `it`.
    pub lang: &'static str,
    /// The pack's name.
    pub title: String,
    /// The pack's description.
    pub description: Option<String>,
    /// Who publishes the pack.
    pub publisher: String,
    /// The pack's version.
    pub version: String,
    /// The pack's date, `YYYY-MM-DD`.
    pub date: String,
    /// One section per guideline, in the pack's order, then one for the
    /// rules that cite no guideline (if any; its `id` is `None`).
    pub sections: Vec<Section>,
    /// The pack's contacts.
    pub contacts: Vec<ContactEntry>,
    /// What the built-in baseline beneath the pack checks for everyone, by
    /// its guidelines (with the pack's overrides applied: rules it switches
    /// off are left out, levels it changes shown changed); empty when left
    /// out (see [`guideline_page_on_baseline`]). Not serialised when empty
    /// (a layer's page in the extension: the baseline is a layer of its own).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub also_checked: Vec<Section>,
}

/// A guideline and what its rules check.
#[derive(Debug, Clone, Serialize)]
pub struct Section {
    /// The guideline's id; `None` for the rules without a guideline.
    pub id: Option<String>,
    /// Its title.
    pub title: String,
    /// Its text.
    pub text: Option<String>,
    /// Its link.
    pub link: Option<String>,
    /// Names of the contacts its rules name.
    pub contacts: Vec<String>,
    /// What its rules check.
    pub checks: Vec<Check>,
}

/// What one rule checks, in plain words.
#[derive(Debug, Clone, Serialize)]
pub struct Check {
    /// The rule's level.
    pub level: Level,
    /// The rule's message, its placeholders shown as "…".
    pub what: String,
    /// What kind of thing the rule looks for, in the page's language.
    pub looks_for: &'static str,
    /// When the rule applies (dates), in the page's language.
    pub when: Option<String>,
    /// The platforms it is limited to (`X`, `LinkedIn`); empty for all.
    pub platforms: Vec<&'static str>,
    /// Some of its `hit` examples.
    pub examples: Vec<String>,
}

/// A contact of the pack.
#[derive(Debug, Clone, Serialize)]
pub struct ContactEntry {
    /// Its name.
    pub name: String,
    /// E-mail address.
    pub email: Option<String>,
    /// Phone number.
    pub phone: Option<String>,
    /// Web page.
    pub url: Option<String>,
    /// What to ask them about.
    pub topics: Option<String>,
}

/// The page of `pack` for a reader of `reader` (`"de"`, or [`Locales`] most
/// preferred first). The page's own words are in the first of the reader's
/// languages postcheck has (de, en, fr, it), else the pack's default, else
/// English; the pack's texts as the extension picks them.
pub fn guideline_page(pack: &CompiledPack, reader: impl Into<Locales>) -> GuidelinePage {
    layer_guideline_page(pack, [pack], reader)
}

/// The page of `pack` as one layer of a stack of `packs` (`pack` among
/// them): as [`guideline_page`], but an example that a `hashed_terms` rule of
/// any of the `packs` flags is left out too (a name one layer hashes is not
/// shown by another layer's example), whatever platforms, dates or
/// languages that rule is limited to. Examples are checked only against the
/// `hashed_terms` rules (none: no example is checked).
pub fn layer_guideline_page<'a>(
    pack: &CompiledPack,
    packs: impl IntoIterator<Item = &'a CompiledPack>,
    reader: impl Into<Locales>,
) -> GuidelinePage {
    let packs: Vec<&CompiledPack> = packs.into_iter().collect();
    page_of(pack, &packs, reader.into(), &|rule| Some(rule.common.level))
}

/// The page of `pack` as employees meet it on the built-in `baseline`:
/// [`guideline_page`] with [`GuidelinePage::also_checked`], the baseline's
/// guidelines and checks in the page's language, as the pack's overrides
/// leave them (a baseline switched off entirely leaves nothing).
pub fn guideline_page_on_baseline(
    pack: &CompiledPack,
    baseline: &CompiledPack,
    reader: impl Into<Locales>,
) -> GuidelinePage {
    let mut page = guideline_page(pack, reader);
    let base_id = &baseline.manifest().id;
    let overrides = &pack.manifest().overrides;
    // A rule of the baseline as the pack's overrides leave it: its level, or
    // `None` when switched off (later overrides win, as in a stack).
    let level_of = |rule: &LoadedRule| {
        let mut level = Some(rule.common.level);
        for o in overrides {
            if o.pack.as_ref().is_some_and(|p| p != base_id) {
                continue;
            }
            let names = match (&o.rule, o.category) {
                (Some(id), _) => *id == rule.common.id,
                (None, Some(category)) => category == rule.common.category,
                (None, None) => o.pack.is_some(),
            };
            if !names {
                continue;
            }
            if o.off {
                level = None;
            } else if let (Some(l), Some(_)) = (o.level, level) {
                level = Some(l);
            }
        }
        level
    };
    // A name the pack hashes is not shown by a baseline example either.
    let base = page_of(
        baseline,
        &[baseline, pack],
        Locales::from(page.lang),
        &level_of,
    );
    page.also_checked = base
        .sections
        .into_iter()
        .filter(|s| !s.checks.is_empty())
        .collect();
    page
}

/// The page of `pack` among the layers `packs` (see [`layer_guideline_page`]),
/// each rule at the level `level_of` gives (left out when it gives `None`).
fn page_of(
    pack: &CompiledPack,
    packs: &[&CompiledPack],
    reader: Locales,
    level_of: &dyn Fn(&LoadedRule) -> Option<Level>,
) -> GuidelinePage {
    let m = pack.manifest();
    let lang = page_language(&reader, &m.default_locale);
    let words = Words::of(lang);
    let text = |t: &Localized| {
        t.resolve(&reader, &m.default_locale)
            .unwrap_or_default()
            .to_owned()
    };
    let contact_name = |id: &str| {
        m.contacts
            .iter()
            .find(|c| c.id == id)
            .map(|c| text(&c.name))
    };
    let is_hashed = |r: &crate::engine::compiled::LoadedRule| r.kind == "hashed_terms";
    let hashing: Vec<&CompiledPack> = packs
        .iter()
        .copied()
        .filter(|p| p.rules().iter().any(is_hashed))
        .collect();
    // Each hashed rule alone, wherever and whenever it applies, exceptions
    // aside: a name it hashes is never shown, not even in an example of a
    // rule for another platform or time.
    let hashed_flags = |example: &str| {
        hashing.iter().any(|p| {
            p.rules().iter().filter(|r| is_hashed(r)).any(|r| {
                p.first_finding(r, example, &Context::default(), false)
                    .is_some()
            })
        })
    };
    let check_of = |rule: &LoadedRule, level: Level| {
        let c = &rule.common;
        let examples = if rule.kind == "hashed_terms" {
            Vec::new()
        } else {
            // Examples surely in the page's language first, then those whose
            // language is unsure (unless they lean to another); never one
            // surely in another language.
            let mut shown: Vec<(bool, &str)> = c
                .examples
                .hit
                .iter()
                .map(|e| e.text())
                .filter_map(|e| {
                    let folded = fold_term(e, false);
                    match LanguageGuess::of(&folded) {
                        LanguageGuess::Unsure => LanguageGuess::leaning(&folded)
                            .is_none_or(|l| l == lang)
                            .then_some((true, e)),
                        guess => guess.allows(&[lang.to_owned()]).then_some((false, e)),
                    }
                })
                .collect();
            shown.sort_by_key(|(unsure, _)| *unsure);
            shown
                .into_iter()
                .map(|(_, e)| e)
                .filter(|e| !hashed_flags(e))
                .take(EXAMPLES_PER_RULE)
                .map(str::to_owned)
                .collect()
        };
        Check {
            level,
            what: without_placeholders(&text(&c.message)),
            looks_for: words.kind(rule.kind),
            when: words.when(
                c.valid_from.map(|d| d.to_string()),
                c.valid_until.map(|d| d.to_string()),
                c.public_from.map(|d| d.to_string()),
            ),
            platforms: c
                .platforms
                .iter()
                .map(|p| match p.as_str() {
                    "x" => "X",
                    _ => "LinkedIn",
                })
                .collect(),
            examples,
        }
    };
    let section_of = |id: Option<&str>| {
        let rules: Vec<_> = pack
            .rules()
            .iter()
            .filter(|r| match id {
                Some(id) => r.common.guideline.as_deref() == Some(id),
                None => r
                    .common
                    .guideline
                    .as_deref()
                    .is_none_or(|g| !m.guidelines.iter().any(|x| x.id == g)),
            })
            .filter(|r| level_of(r).is_some())
            .collect();
        let mut seen = HashSet::new();
        let contacts = rules
            .iter()
            .filter_map(|r| r.common.contact.as_deref())
            .filter(|c| seen.insert(*c))
            .filter_map(contact_name)
            .collect();
        (
            rules
                .iter()
                .filter_map(|r| Some(check_of(r, level_of(r)?)))
                .collect::<Vec<_>>(),
            contacts,
        )
    };
    let mut sections: Vec<Section> = m
        .guidelines
        .iter()
        .map(|g| {
            let (checks, contacts) = section_of(Some(&g.id));
            Section {
                id: Some(g.id.clone()),
                title: text(&g.title),
                text: Some(text(&g.text)),
                link: g.link.clone(),
                contacts,
                checks,
            }
        })
        .collect();
    let (checks, contacts) = section_of(None);
    if !checks.is_empty() {
        sections.push(Section {
            id: None,
            title: words.other_checks.to_owned(),
            text: None,
            link: None,
            contacts,
            checks,
        });
    }
    GuidelinePage {
        lang,
        title: text(&m.name),
        description: m.description.as_ref().map(text),
        publisher: m.publisher.clone(),
        version: m.version.clone(),
        date: m.date.to_string(),
        sections,
        contacts: m
            .contacts
            .iter()
            .map(|c| ContactEntry {
                name: text(&c.name),
                email: c.email.clone(),
                phone: c.phone.clone(),
                url: c.url.clone(),
                topics: c.topics.as_ref().map(text),
            })
            .collect(),
        also_checked: Vec::new(),
    }
}

/// The first of the reader's languages postcheck has words for, else the
/// pack's default, else English.
fn page_language(reader: &Locales, default_locale: &str) -> &'static str {
    let base = |l: &str| {
        let b = l.split(['-', '_']).next().unwrap_or(l).to_ascii_lowercase();
        ["de", "en", "fr", "it"].into_iter().find(|x| *x == b)
    };
    reader
        .iter()
        .find_map(base)
        .or_else(|| base(default_locale))
        .unwrap_or("en")
}

/// A message with its placeholders (`{match}`, `{count}`, `{max}`,
/// `{excess}`) shown as "…".
fn without_placeholders(message: &str) -> String {
    ["{match}", "{count}", "{max}", "{excess}"]
        .iter()
        .fold(message.to_owned(), |m, p| m.replace(p, "…"))
}

/// The page's own words in one language.
struct Words {
    intro: &'static str,
    version: &'static str,
    what_is_checked: &'static str,
    examples: &'static str,
    read_more: &'static str,
    questions: &'static str,
    contacts: &'static str,
    other_checks: &'static str,
    also_checked: &'static str,
    also_checked_intro: &'static str,
    only_on: &'static str,
    levels: [&'static str; 3],
    from: &'static str,
    until: &'static str,
    public_from: &'static str,
    kinds: [&'static str; 9],
    quotes: (&'static str, &'static str),
}

/// The rule kinds, in the order of [`Words::kinds`].
const KINDS: [&str; 9] = [
    "terms",
    "hashed_terms",
    "substitution",
    "pattern",
    "detector",
    "requires",
    "near",
    "metric",
    "context",
];

const EN: Words = Words {
    intro: "postcheck checks your draft on your computer before you post. Every hint is advice: nothing is blocked, and your draft is not sent anywhere.",
    version: "Version",
    what_is_checked: "What is checked",
    examples: "For example",
    read_more: "Read more",
    questions: "Questions",
    contacts: "Contacts",
    other_checks: "Other checks",
    also_checked: "Also checked for everyone",
    also_checked_intro: "postcheck's built-in checks apply in addition to your company's rules.",
    only_on: "only on",
    levels: ["Note", "Consider", "Important"],
    from: "from",
    until: "until",
    public_from: "public from",
    kinds: [
        "certain words and names",
        "names that are not public yet (not shown here)",
        "wording, with a better one to use",
        "text of a certain form, such as ticket numbers",
        "data postcheck finds and validates, such as addresses, numbers, links or passwords",
        "a mention that needs something else in the post, such as a disclosure",
        "two things close together, such as a customer and a contract",
        "counts and lengths, such as the length or the hashtags",
        "what is attached to the post, such as an image",
    ],
    quotes: ("“", "”"),
};

const DE: Words = Words {
    intro: "postcheck prüft deinen Entwurf auf deinem Computer, bevor du postest. Jeder Hinweis ist ein Rat: Nichts wird blockiert, und dein Entwurf wird nirgendwohin geschickt.",
    version: "Version",
    what_is_checked: "Was geprüft wird",
    examples: "Zum Beispiel",
    read_more: "Mehr dazu",
    questions: "Fragen",
    contacts: "Kontakte",
    other_checks: "Weitere Prüfungen",
    also_checked: "Ausserdem für alle geprüft",
    also_checked_intro: "Die eingebauten Prüfungen von postcheck gelten zusätzlich zu den Regeln deines Unternehmens.",
    only_on: "nur auf",
    levels: ["Hinweis", "Zu bedenken", "Wichtig"],
    from: "ab",
    until: "bis",
    public_from: "öffentlich ab",
    kinds: [
        "bestimmte Wörter und Namen",
        "Namen, die noch nicht öffentlich sind (hier nicht gezeigt)",
        "Formulierungen, mit einer besseren als Vorschlag",
        "Text einer bestimmten Form, etwa Ticketnummern",
        "Angaben, die postcheck findet und prüft, etwa Adressen, Nummern, Links oder Passwörter",
        "eine Erwähnung, die noch etwas anderes im Post braucht, etwa eine Offenlegung",
        "zwei Dinge nahe beieinander, etwa ein Kunde und ein Vertrag",
        "Zählungen und Längen, etwa die Länge oder die Hashtags",
        "was dem Post beiliegt, etwa ein Bild",
    ],
    quotes: ("„", "“"),
};

const FR: Words = Words {
    intro: "postcheck vérifie votre brouillon sur votre ordinateur avant publication. Chaque indication est un conseil : rien n'est bloqué, et votre brouillon n'est envoyé nulle part.",
    version: "Version",
    what_is_checked: "Ce qui est vérifié",
    examples: "Par exemple",
    read_more: "En savoir plus",
    questions: "Questions",
    contacts: "Contacts",
    other_checks: "Autres vérifications",
    also_checked: "Également vérifié pour tous",
    also_checked_intro: "Les vérifications intégrées de postcheck s'appliquent en plus des règles de votre entreprise.",
    only_on: "seulement sur",
    levels: ["Remarque", "À considérer", "Important"],
    from: "à partir du",
    until: "jusqu'au",
    public_from: "public à partir du",
    kinds: [
        "certains mots et noms",
        "des noms pas encore publics (non montrés ici)",
        "des formulations, avec une meilleure à utiliser",
        "du texte d'une certaine forme, comme des numéros de ticket",
        "des données que postcheck trouve et vérifie, comme adresses, numéros, liens ou mots de passe",
        "une mention qui demande autre chose dans la publication, comme une transparence sur l'emploi",
        "deux éléments proches, comme un client et un contrat",
        "des comptages et longueurs, comme la longueur ou les hashtags",
        "ce qui est joint à la publication, comme une image",
    ],
    quotes: ("« ", " »"),
};

const IT: Words = Words {
    intro: "postcheck controlla la sua bozza sul suo computer prima della pubblicazione. Ogni indicazione è un consiglio: nulla viene bloccato e la bozza non viene inviata da nessuna parte.",
    version: "Versione",
    what_is_checked: "Cosa viene controllato",
    examples: "Per esempio",
    read_more: "Per saperne di più",
    questions: "Domande",
    contacts: "Contatti",
    other_checks: "Altri controlli",
    also_checked: "Controllato anche per tutti",
    also_checked_intro: "I controlli integrati di postcheck valgono in aggiunta alle regole della sua azienda.",
    only_on: "solo su",
    levels: ["Nota", "Da considerare", "Importante"],
    from: "dal",
    until: "fino al",
    public_from: "pubblico dal",
    kinds: [
        "determinate parole e nomi",
        "nomi non ancora pubblici (non mostrati qui)",
        "formulazioni, con una migliore da usare",
        "testo di una certa forma, come numeri di ticket",
        "dati che postcheck trova e verifica, come indirizzi, numeri, link o password",
        "una menzione che richiede altro nel post, come la dichiarazione del rapporto di lavoro",
        "due elementi vicini, come un cliente e un contratto",
        "conteggi e lunghezze, come la lunghezza o gli hashtag",
        "cosa è allegato al post, come un'immagine",
    ],
    quotes: ("«", "»"),
};

impl Words {
    fn of(lang: &str) -> &'static Words {
        match lang {
            "de" => &DE,
            "fr" => &FR,
            "it" => &IT,
            _ => &EN,
        }
    }

    fn kind(&self, kind: &str) -> &'static str {
        KINDS
            .iter()
            .zip(self.kinds)
            .find(|(k, _)| **k == kind)
            .map_or("", |(_, words)| words)
    }

    fn level(&self, level: Level) -> &'static str {
        match level {
            Level::Note => self.levels[0],
            Level::Consider => self.levels[1],
            Level::Important => self.levels[2],
        }
    }

    /// When a rule applies: "from A until B", "until B", "until P, public from P".
    fn when(
        &self,
        from: Option<String>,
        until: Option<String>,
        public_from: Option<String>,
    ) -> Option<String> {
        let mut parts = Vec::new();
        if let Some(d) = from {
            parts.push(format!("{} {d}", self.from));
        }
        if let Some(d) = until {
            parts.push(format!("{} {d}", self.until));
        }
        if let Some(d) = public_from {
            parts.push(format!("{} {d}", self.public_from));
        }
        (!parts.is_empty()).then(|| parts.join(", "))
    }
}

/// `text` with bidirectional controls and invisible characters shown as `[U+XXXX]`.
fn visible(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if is_bidi_control(c)
            || is_stray_invisible(c)
            || is_hidden(c)
            || (c.is_control() && c != '\n')
        {
            out.push_str(&format!("[U+{:04X}]", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
}

/// `text` made visible and escaped for HTML text and attribute values.
fn html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in visible(text).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// `text` made visible and escaped for Markdown, on one line: the
/// characters that make emphasis, code, links, HTML, tables and entities are
/// backslash-escaped (CommonMark allows it for all ASCII punctuation), and
/// so is what would start a heading, list or quote at the start of a line.
fn md(text: &str) -> String {
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let visible = visible(&one_line);
    let mut out = String::with_capacity(visible.len());
    let digits = visible.chars().take_while(char::is_ascii_digit).count();
    for (i, c) in visible.chars().enumerate() {
        let at_start = i == 0 && matches!(c, '-' | '+' | '=' | '>' | '#');
        let list_number = i == digits && digits > 0 && matches!(c, '.' | ')');
        if at_start
            || list_number
            || matches!(
                c,
                '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '!' | '~' | '&'
            )
        {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A link that is safe to write as one: `https://` and no character that
/// could end it or the attribute.
fn safe_link(url: &str) -> Option<&str> {
    (url.starts_with("https://")
        && url
            .chars()
            .all(|c| c.is_ascii_graphic() && !matches!(c, '<' | '>' | '"' | '\'' | '`' | '\\')))
    .then_some(url)
}

/// The colours and layout of the HTML page, light and dark.
const STYLE: &str = "\
:root{color-scheme:light dark;--bg:#fff;--fg:#1b1b1f;--muted:#5b5b66;--line:#d9d9e0;--note:#2b6cb0;--consider:#a15c00;--important:#b3261e}
@media (prefers-color-scheme:dark){:root{--bg:#16161a;--fg:#ececf1;--muted:#a8a8b3;--line:#3a3a44;--note:#8ab4f8;--consider:#f0b35a;--important:#f28b82}}
body{margin:0;background:var(--bg);color:var(--fg);font:16px/1.55 system-ui,-apple-system,\"Segoe UI\",sans-serif}
header,main,footer{max-width:46rem;margin:0 auto;padding:1rem 1.25rem}
header p,footer p,.muted{color:var(--muted)}
section{border-top:1px solid var(--line);padding-top:.5rem;margin-top:1.5rem}
a{color:var(--note)}
.level{font-weight:600}
.level-note{color:var(--note)}.level-consider{color:var(--consider)}.level-important{color:var(--important)}
blockquote{margin:.25rem 0 .25rem 1rem;padding-left:.75rem;border-left:3px solid var(--line);color:var(--muted)}
";

impl GuidelinePage {
    fn words(&self) -> &'static Words {
        Words::of(self.lang)
    }

    /// The details of a check after its message: what it looks for, when, where.
    fn details(&self, c: &Check) -> String {
        let w = self.words();
        let mut parts = vec![c.looks_for.to_owned()];
        parts.extend(c.when.clone());
        if !c.platforms.is_empty() {
            parts.push(format!("{} {}", w.only_on, c.platforms.join(", ")));
        }
        parts.retain(|p| !p.is_empty());
        parts.join("; ")
    }

    /// The page as Markdown.
    pub fn to_markdown(&self) -> String {
        let w = self.words();
        let mut out = format!("# {}\n\n{}\n\n", md(&self.title), md(w.intro));
        if let Some(d) = &self.description {
            out.push_str(&format!("{}\n\n", md(d)));
        }
        out.push_str(&format!(
            "*{} {}, {}, {}*\n",
            w.version,
            md(&self.version),
            md(&self.date),
            md(&self.publisher)
        ));
        for s in &self.sections {
            self.section_markdown(&mut out, s, "##");
        }
        if !self.contacts.is_empty() {
            out.push_str(&format!("\n## {}\n\n", w.contacts));
            for c in &self.contacts {
                let mut ways: Vec<String> = Vec::new();
                ways.extend(c.email.as_deref().map(md));
                ways.extend(c.phone.as_deref().map(md));
                ways.extend(c.url.as_deref().map(|u| match safe_link(u) {
                    Some(url) => format!("<{url}>"),
                    None => md(u),
                }));
                out.push_str(&format!("- **{}**", md(&c.name)));
                if !ways.is_empty() {
                    out.push_str(&format!(": {}", ways.join(" · ")));
                }
                if let Some(t) = &c.topics {
                    out.push_str(&format!(" — {}", md(t)));
                }
                out.push('\n');
            }
        }
        if !self.also_checked.is_empty() {
            out.push_str(&format!(
                "\n## {}\n\n{}\n",
                w.also_checked,
                md(w.also_checked_intro)
            ));
            for s in &self.also_checked {
                self.section_markdown(&mut out, s, "###");
            }
        }
        out
    }

    /// One section in HTML, its title a `heading` (`h2`) with the id `id`,
    /// what is checked one level below.
    fn section_html(&self, out: &mut String, s: &Section, id: &str, heading: &str) {
        let w = self.words();
        let (open, close) = w.quotes;
        let below = if heading == "h2" { "h3" } else { "h4" };
        out.push_str(&format!(
            "<section aria-labelledby=\"{id}\">\n<{heading} id=\"{id}\">{}</{heading}>\n",
            html(&s.title)
        ));
        if let Some(t) = &s.text {
            for para in t.split("\n\n") {
                out.push_str(&format!("<p>{}</p>\n", html(para)));
            }
        }
        if let Some(link) = &s.link {
            out.push_str(&match safe_link(link) {
                Some(url) => format!(
                    "<p><a href=\"{}\" rel=\"noopener noreferrer\">{}</a></p>\n",
                    html(url),
                    w.read_more
                ),
                None => format!("<p>{}: {}</p>\n", w.read_more, html(link)),
            });
        }
        if !s.contacts.is_empty() {
            let names: Vec<String> = s.contacts.iter().map(|c| html(c)).collect();
            out.push_str(&format!(
                "<p><strong>{}:</strong> {}</p>\n",
                w.questions,
                names.join(", ")
            ));
        }
        if !s.checks.is_empty() {
            out.push_str(&format!("<{below}>{}</{below}>\n<ul>\n", w.what_is_checked));
            for c in &s.checks {
                out.push_str(&format!(
                    "<li><span class=\"level level-{}\">{}:</span> {} <span class=\"muted\">({})</span>",
                    c.level.as_str(),
                    w.level(c.level),
                    html(&c.what),
                    html(&self.details(c))
                ));
                for e in &c.examples {
                    out.push_str(&format!(
                        "\n<blockquote>{}: {open}{}{close}</blockquote>",
                        w.examples,
                        html(e)
                    ));
                }
                out.push_str("</li>\n");
            }
            out.push_str("</ul>\n");
        }
        out.push_str("</section>\n");
    }

    /// One section in Markdown, its title at heading `level` (`##`), what
    /// is checked one level below.
    fn section_markdown(&self, out: &mut String, s: &Section, level: &str) {
        let w = self.words();
        let (open, close) = w.quotes;
        out.push_str(&format!("\n{level} {}\n\n", md(&s.title)));
        if let Some(t) = &s.text {
            out.push_str(&format!("{}\n\n", md(t)));
        }
        if let Some(link) = &s.link {
            match safe_link(link) {
                Some(url) => out.push_str(&format!("{}: <{url}>\n\n", w.read_more)),
                None => out.push_str(&format!("{}: {}\n\n", w.read_more, md(link))),
            }
        }
        if !s.contacts.is_empty() {
            let names: Vec<String> = s.contacts.iter().map(|c| md(c)).collect();
            out.push_str(&format!("**{}:** {}\n\n", w.questions, names.join(", ")));
        }
        if !s.checks.is_empty() {
            out.push_str(&format!("{level}# {}\n\n", w.what_is_checked));
            for c in &s.checks {
                out.push_str(&format!(
                    "- **{}:** {} ({})\n",
                    w.level(c.level),
                    md(&c.what),
                    md(&self.details(c))
                ));
                for e in &c.examples {
                    out.push_str(&format!("  - {}: {open}{}{close}\n", w.examples, md(e)));
                }
            }
        }
    }

    /// The page as one self-contained HTML document.
    pub fn to_html(&self) -> String {
        let w = self.words();
        let mut out = format!(
            "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n\
             <title>{}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n<header>\n<h1>{}</h1>\n<p>{}</p>\n",
            self.lang,
            html(&self.title),
            html(&self.title),
            html(w.intro)
        );
        if let Some(d) = &self.description {
            out.push_str(&format!("<p>{}</p>\n", html(d)));
        }
        out.push_str("</header>\n<main>\n");
        for (n, s) in self.sections.iter().enumerate() {
            self.section_html(&mut out, s, &format!("s{n}"), "h2");
        }
        if !self.contacts.is_empty() {
            out.push_str(&format!(
                "<section aria-labelledby=\"contacts\">\n<h2 id=\"contacts\">{}</h2>\n<ul>\n",
                w.contacts
            ));
            for c in &self.contacts {
                let mut ways: Vec<String> = Vec::new();
                ways.extend(c.email.as_deref().map(html));
                ways.extend(c.phone.as_deref().map(html));
                ways.extend(c.url.as_deref().map(|u| match safe_link(u) {
                    Some(url) => format!(
                        "<a href=\"{}\" rel=\"noopener noreferrer\">{}</a>",
                        html(url),
                        html(url)
                    ),
                    None => html(u),
                }));
                out.push_str(&format!("<li><strong>{}</strong>", html(&c.name)));
                if !ways.is_empty() {
                    out.push_str(&format!(": {}", ways.join(" · ")));
                }
                if let Some(t) = &c.topics {
                    out.push_str(&format!("<br><span class=\"muted\">{}</span>", html(t)));
                }
                out.push_str("</li>\n");
            }
            out.push_str("</ul>\n</section>\n");
        }
        if !self.also_checked.is_empty() {
            out.push_str(&format!(
                "<section aria-labelledby=\"everyone\">\n<h2 id=\"everyone\">{}</h2>\n<p>{}</p>\n",
                html(w.also_checked),
                html(w.also_checked_intro)
            ));
            for (n, s) in self.also_checked.iter().enumerate() {
                self.section_html(&mut out, s, &format!("b{n}"), "h3");
            }
            out.push_str("</section>\n");
        }
        out.push_str(&format!(
            "</main>\n<footer>\n<p>{} {}, {}, {}</p>\n</footer>\n</body>\n</html>\n",
            w.version,
            html(&self.version),
            html(&self.date),
            html(&self.publisher)
        ));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_and_bidi_controls_are_escaped() {
        let hostile = "<script>alert(1)</script> \u{202E}evil [x](javascript:y) *b*";
        let h = html(hostile);
        assert!(!h.contains('<') && !h.contains('\u{202E}'), "{h}");
        assert!(h.contains("[U+202E]"));
        let m = md(hostile);
        assert_eq!(
            m,
            r"\<script\>alert(1)\</script\> \[U+202E\]evil \[x\](javascript:y) \*b\*"
        );
        assert_eq!(md("1. # x"), r"1\. \# x");
        assert_eq!(md("- a"), r"\- a");
        assert_eq!(safe_link("javascript:alert(1)"), None);
        assert_eq!(safe_link("https://a.example/\"onload"), None);
        assert_eq!(
            safe_link("https://a.example/x"),
            Some("https://a.example/x")
        );
    }

    #[test]
    fn a_short_example_leaning_to_another_language_is_not_shown() {
        let lean = |t: &str| LanguageGuess::leaning(&fold_term(t, false));
        assert_eq!(
            lean("Vu la démo de Servotech au salon. Franchement minable."),
            Some("fr")
        );
        assert_eq!(
            lean("Can't wait to show you what Aletsch can do in Hannover."),
            Some("en")
        );
        assert_eq!(lean("ACME-4711"), None);
    }

    /// A pack `id` with a `terms` rule whose hit examples are `hits`, and,
    /// with `hashed`, a `hashed_terms` rule of that name.
    fn pack(id: &str, hits: &[&str], hashed: Option<&str>) -> CompiledPack {
        let hashed_rule = hashed.map_or(String::new(), |term| {
            format!(
                r#"{{ "id": "codenames", "kind": "hashed_terms", "category": "confidential", "level": "important",
                     "message": "A code name.", "salt": "s", "max_words": 2,
                     "hashes": ["{}"], "marks": [{}], "examples": {{ "miss": ["nothing"] }} }},"#,
                crate::hash_term("s", term),
                crate::mark_term("s", term)
            )
        });
        let hits: Vec<String> = hits.iter().map(|h| format!("{h:?}")).collect();
        CompiledPack::from_json(&format!(
            r#"{{ "schema": "postcheck/pack/v1", "id": "{id}", "name": "{id}", "version": "1.0.0",
                 "publisher": "p", "date": "2026-12-07", "default_locale": "en", "languages": ["en"],
                 "guidelines": [{{ "id": "g", "title": "T", "text": "X" }}],
                 "rules": [{hashed_rule}
                   {{ "id": "launch", "kind": "terms", "category": "confidential", "level": "consider",
                      "guideline": "g", "message": "A launch.", "terms": ["launch"],
                      "examples": {{ "hit": [{}] }} }} ] }}"#,
            hits.join(", ")
        ))
        .unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn a_hashed_rule_for_one_platform_hides_its_names_everywhere() {
        // Its hashed rule applies on X only: an example naming its code name is still left out.
        let page = guideline_page(&pack_limited(), "en");
        assert_eq!(examples(&page), ["our launch went well"]);
    }

    /// A pack whose hashed rule (the name "Blue Falcon") applies on X only.
    fn pack_limited() -> CompiledPack {
        let term = "Blue Falcon";
        CompiledPack::from_json_without_examples(&format!(
            r#"{{ "schema": "postcheck/pack/v1", "id": "limited", "name": "limited", "version": "1.0.0",
                 "publisher": "p", "date": "2026-12-07", "default_locale": "en", "languages": ["en"],
                 "guidelines": [{{ "id": "g", "title": "T", "text": "X" }}],
                 "rules": [
                   {{ "id": "codenames", "kind": "hashed_terms", "category": "confidential", "level": "important",
                      "platforms": ["x"], "message": "A code name.", "salt": "s", "max_words": 2,
                      "hashes": ["{}"], "marks": [{}] }},
                   {{ "id": "launch", "kind": "terms", "category": "confidential", "level": "consider",
                      "guideline": "g", "message": "A launch.", "terms": ["launch"],
                      "examples": {{ "hit": ["the Blue Falcon launch is near", "our launch went well"] }} }} ] }}"#,
            crate::hash_term("s", term),
            crate::mark_term("s", term)
        ))
        .unwrap_or_else(|e| panic!("{e}"))
    }

    fn examples(page: &GuidelinePage) -> Vec<&str> {
        page.sections
            .iter()
            .flat_map(|s| &s.checks)
            .flat_map(|c| &c.examples)
            .map(String::as_str)
            .collect()
    }

    #[test]
    fn an_example_naming_a_term_another_layer_hashes_is_left_out() {
        let group = pack("group", &["the launch is near"], Some("Blue Falcon"));
        let team = pack(
            "team",
            &["the Blue Falcon launch is near", "our launch went well"],
            None,
        );
        // Alone, the team pack knows of no hashed name: it shows both examples.
        assert_eq!(
            examples(&guideline_page(&team, "en")),
            ["the Blue Falcon launch is near", "our launch went well"]
        );
        // In a stack with the group pack, the example naming its code name goes.
        let page = layer_guideline_page(&team, [&group, &team], "en");
        assert_eq!(examples(&page), ["our launch went well"]);
        let page = layer_guideline_page(&group, [&group, &team], "en");
        assert_eq!(examples(&page), ["the launch is near"]);
    }

    #[test]
    fn the_baseline_is_shown_as_the_pack_overrides_leave_it() {
        let pack = |overrides: &str| {
            CompiledPack::from_json(&format!(
                r#"{{"schema": "postcheck/pack/v1", "id": "co", "name": "Co", "version": "1", "publisher": "Co",
                "date": "2026-01-01", "default_locale": "en", "languages": ["en"], "overrides": [{overrides}],
                "rules": [{{"id": "r", "kind": "terms", "category": "confidential", "level": "note", "message": "m",
                "terms": ["Zyrkonia"], "examples": {{"hit": ["Zyrkonia"]}}}}]}}"#
            ))
            .unwrap_or_else(|e| panic!("{e}"))
        };
        let baseline = crate::engine::stack::baseline().unwrap_or_else(|e| panic!("{}", e.message));
        let titles = |page: &GuidelinePage| -> Vec<String> {
            page.also_checked.iter().map(|s| s.title.clone()).collect()
        };
        let checks = |page: &GuidelinePage, title: &str| -> Vec<(Level, String)> {
            page.also_checked
                .iter()
                .filter(|s| s.title == title)
                .flat_map(|s| s.checks.iter().map(|c| (c.level, c.what.clone())))
                .collect()
        };
        let plain = guideline_page_on_baseline(&pack(""), &baseline, "en");
        assert_eq!(
            titles(&plain),
            [
                "Personal data",
                "Confidential information",
                "Passwords and keys",
                "Respectful tone",
                "Platform limits",
                "Image rights"
            ]
        );
        assert_eq!(checks(&plain, "Respectful tone").len(), 4);
        assert!(guideline_page(&pack(""), "en").also_checked.is_empty());

        // The tone rules switched off, the e-mail rule made a note: so shown.
        let changed = guideline_page_on_baseline(
            &pack(
                r#"{"pack": "postcheck-starter", "category": "netiquette", "off": true},
                {"rule": "email-address", "level": "note"}"#,
            ),
            &baseline,
            "en",
        );
        assert!(!titles(&changed).contains(&"Respectful tone".to_owned()));
        let personal = checks(&changed, "Personal data");
        assert_eq!(personal[0].0, Level::Note, "{personal:?}");
        assert!(personal[0].1.contains("e-mail"), "{personal:?}");

        // The whole baseline switched off: nothing of it.
        let off = guideline_page_on_baseline(
            &pack(r#"{"pack": "postcheck-starter", "off": true}"#),
            &baseline,
            "en",
        );
        assert!(off.also_checked.is_empty());
        assert!(!off.to_markdown().contains("Also checked for everyone"));
        assert!(
            plain
                .to_markdown()
                .contains("\n## Also checked for everyone\n")
        );
        assert!(
            plain
                .to_html()
                .contains("<h2 id=\"everyone\">Also checked for everyone</h2>")
        );
    }

    #[test]
    fn the_page_language_follows_the_reader_then_the_pack() {
        assert_eq!(page_language(&Locales::from("de-CH"), "en"), "de");
        assert_eq!(page_language(&Locales::from("es"), "fr"), "fr");
        assert_eq!(page_language(&Locales::from("es"), "es"), "en");
    }
}
