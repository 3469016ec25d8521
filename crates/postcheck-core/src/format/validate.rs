//! Validation of a pack's manifest (everything but the rules) and of the texts,
//! links, addresses, ids and locales that rules use too. Each check adds
//! located problems with a fix; none stops at the first.

use std::collections::BTreeMap;

use super::characters::{first_hidden, html_tag, is_bidi_control, is_stray_invisible};
use super::limits::*;
use super::model::{Localized, MAX_PLATFORM_LENGTH, Manifest};
use super::problem::{Problem, thousands};

/// Most ids named in the fix of a reference to a missing guideline or contact.
pub(crate) const IDS_SHOWN: usize = 10;

/// Checks the number of languages, guidelines and contacts; false (with the
/// problems) when one is over its limit. A pack of 60,000 guidelines and
/// 5,000 rules citing a missing one took 10 GB: each problem listed every id.
pub(crate) fn check_manifest_limits(m: &Manifest, problems: &mut Vec<Problem>) -> bool {
    let before = problems.len();
    for (field, count, most, fix) in [
        (
            "languages",
            m.languages.len(),
            MAX_LANGUAGES,
            "list the languages the pack's texts are written in",
        ),
        (
            "guidelines",
            m.guidelines.len(),
            MAX_GUIDELINES,
            "cite sections of the guidelines, not every paragraph; split very large packs",
        ),
        (
            "contacts",
            m.contacts.len(),
            MAX_CONTACTS,
            "name the teams employees can ask, not every person",
        ),
        (
            "overrides",
            m.overrides.len(),
            MAX_OVERRIDES,
            "switch off or change whole categories instead of many single rules",
        ),
    ] {
        if count > most {
            problems.push(
                Problem::error(
                    format!("$.{field}"),
                    format!("the pack has {count} {field}; at most {most} are read"),
                )
                .fix(fix),
            );
        }
    }
    for (i, o) in m.overrides.iter().enumerate() {
        if o.exceptions.len() > MAX_OVERRIDE_EXCEPTIONS {
            problems.push(
                Problem::error(
                    format!("$.overrides[{i}].exceptions"),
                    format!(
                        "the override has {} exceptions; at most {MAX_OVERRIDE_EXCEPTIONS} are read",
                        thousands(o.exceptions.len())
                    ),
                )
                .fix("keep the exceptions to the public numbers, addresses and names that are flagged"),
            );
        }
    }
    problems.len() == before
}

/// A problem when `s` has more characters than `limit` allows.
pub(crate) fn check_chars(s: &str, path: &str, limit: &TextLimit, problems: &mut Vec<Problem>) {
    // Most texts are short: count characters only when the bytes could be too many.
    if s.len() <= limit.most {
        return;
    }
    let chars = s.chars().count();
    if chars > limit.most {
        let one = limit.one;
        let field = one.split_once(' ').map_or(one, |(_, field)| field);
        problems.push(
            Problem::error(
                path,
                format!(
                    "the {field} has {} characters; {one} may have at most {}",
                    thousands(chars),
                    thousands(limit.most)
                ),
            )
            .fix(limit.fix),
        );
    }
}

/// [`check_chars`] for each locale of a text.
pub(crate) fn check_length(
    text: &Localized,
    path: &str,
    limit: &TextLimit,
    problems: &mut Vec<Problem>,
) {
    match text {
        Localized::Plain(s) => check_chars(s, path, limit, problems),
        Localized::PerLocale(map) => {
            for (locale, s) in map {
                check_chars(s, &format!("{path}.{locale}"), limit, problems);
            }
        }
    }
}

/// Checks the length of every text of the manifest that is shown (the pack's
/// name, description, guidelines and contacts); false (with the problems) when
/// one is too long. Every hint carries its guideline and contact, so these are
/// checked before anything else reads them.
pub(crate) fn check_manifest_lengths(m: &Manifest, problems: &mut Vec<Problem>) -> bool {
    let before = problems.len();
    check_length(&m.name, "$.name", &PACK_NAME, problems);
    if let Some(d) = &m.description {
        check_length(d, "$.description", &DESCRIPTION, problems);
    }
    check_chars(&m.version, "$.version", &VERSION, problems);
    check_chars(&m.publisher, "$.publisher", &PUBLISHER, problems);
    if let Some(url) = &m.update_url {
        check_chars(url, "$.update_url", &ADDRESS, problems);
    }
    for (i, g) in m.guidelines.iter().enumerate() {
        let path = format!("$.guidelines[{i}]");
        check_chars(&g.id, &format!("{path}.id"), &ID, problems);
        check_length(
            &g.title,
            &format!("{path}.title"),
            &GUIDELINE_TITLE,
            problems,
        );
        check_length(&g.text, &format!("{path}.text"), &GUIDELINE_TEXT, problems);
        if let Some(link) = &g.link {
            check_chars(link, &format!("{path}.link"), &ADDRESS, problems);
        }
    }
    for (i, c) in m.contacts.iter().enumerate() {
        let path = format!("$.contacts[{i}]");
        check_chars(&c.id, &format!("{path}.id"), &ID, problems);
        check_length(&c.name, &format!("{path}.name"), &CONTACT_NAME, problems);
        if let Some(topics) = &c.topics {
            check_length(topics, &format!("{path}.topics"), &TOPICS, problems);
        }
        for (field, address) in [("email", &c.email), ("phone", &c.phone), ("url", &c.url)] {
            if let Some(address) = address {
                check_chars(address, &format!("{path}.{field}"), &ADDRESS, problems);
            }
        }
    }
    problems.len() == before
}

/// "use one of: a, b, c" for the ids a reference may name, the first few only.
pub(crate) fn use_one_of<'a>(ids: impl ExactSizeIterator<Item = &'a str>) -> String {
    let count = ids.len();
    let shown: Vec<&str> = ids.take(IDS_SHOWN).collect();
    if count > shown.len() {
        format!("use one of: {}, ... ({count} in all)", shown.join(", "))
    } else {
        format!("use one of: {}", shown.join(", "))
    }
}

pub(crate) fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '.' | '_'))
        && id.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
}

pub(crate) fn valid_locale(l: &str) -> bool {
    let mut parts = l.split(['-', '_']);
    let lang = parts.next().unwrap_or_default();
    (2..=3).contains(&lang.len())
        && lang.chars().all(|c| c.is_ascii_lowercase())
        && parts.all(|p| (2..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// The problem of a locale or language code that [`valid_locale`] refuses,
/// with what is accepted. `what` is "a locale" or "a language code".
pub(crate) fn locale_problem(path: &str, value: &str, what: &str) -> Problem {
    let accepted = "a language code is 2 or 3 lowercase letters (de, en, fr, it), optionally followed by a region or script (de-CH, zh-Hant)";
    let private_use = value
        .split(['-', '_'])
        .any(|part| part.eq_ignore_ascii_case("x"));
    if private_use {
        Problem::error(
            path,
            format!(
                "\"{value}\" is not {what}: private-use tags (x-..., or ...-x-...) are not read"
            ),
        )
        .fix(format!("use the language the text is in: {accepted}"))
    } else {
        Problem::error(path, format!("\"{value}\" is not {what}")).fix(format!("use {accepted}"))
    }
}

pub(crate) fn check_link(link: &str, path: &str, problems: &mut Vec<Problem>) {
    check_address(link, path, problems);
    if link.starts_with("https://") && link.len() > "https://".len() {
        return;
    }
    if link.starts_with("http://") {
        problems.push(Problem::warning(path, "the link is not https").fix("use an https link"));
    } else if !link.starts_with("mailto:") {
        problems.push(
            Problem::error(path, format!("\"{link}\" is not a link"))
                .fix("use a full https:// or mailto: link"),
        );
    }
}

pub(crate) fn check_text(text: &Localized, path: &str, m: &Manifest, problems: &mut Vec<Problem>) {
    match text {
        Localized::Plain(s) => {
            if s.trim().is_empty() {
                problems.push(Problem::error(path, "the text is empty").fix("write the text"));
            }
            check_shown_text(s, path, problems);
            if m.languages.len() > 1 {
                problems.push(
                    Problem::warning(
                        path,
                        format!(
                            "the text is given in one language, but the pack is in {}",
                            m.languages.join(", ")
                        ),
                    )
                    .fix("give it per locale: {\"de\": \"...\", \"en\": \"...\"}"),
                );
            }
        }
        Localized::PerLocale(map) => {
            for (locale, s) in map {
                if !valid_locale(locale) {
                    problems.push(locale_problem(
                        &format!("{path}.{locale}"),
                        locale,
                        "a locale",
                    ));
                }
                if s.trim().is_empty() {
                    problems.push(
                        Problem::error(format!("{path}.{locale}"), "the text is empty")
                            .fix("write the text or remove the locale"),
                    );
                }
                check_shown_text(s, &format!("{path}.{locale}"), problems);
            }
            if !map.contains_key(&m.default_locale) {
                problems.push(
                    Problem::error(
                        path,
                        format!(
                            "the text has no version in the pack's default locale \"{}\"",
                            m.default_locale
                        ),
                    )
                    .fix(format!("add \"{}\": \"...\"", m.default_locale)),
                );
            }
        }
    }
}

/// The pack's languages (besides its default locale) that a text given per
/// locale lacks. A plain text is warned about by [`check_text`] instead.
fn missing_languages<'m>(text: &Localized, m: &'m Manifest) -> Vec<&'m str> {
    match text {
        Localized::Plain(_) => Vec::new(),
        Localized::PerLocale(map) => m
            .languages
            .iter()
            .filter(|lang| *lang != &m.default_locale && !has_language(map.keys(), lang))
            .map(String::as_str)
            .collect(),
    }
}

/// Whether one of `locales` is `lang` or a regional form of it (`de-CH` for
/// `de`): such a text is what readers of `lang` get.
/// A regional `lang` (`de-CH`) is also had when its language (`de`) is: its
/// readers get that text (see [`super::locales`]); `pack lint` says so once
/// for the whole pack instead of once per text.
fn has_language<'a>(mut locales: impl Iterator<Item = &'a String>, lang: &str) -> bool {
    let base = lang.split(['-', '_']).next().unwrap_or(lang);
    locales.any(|l| l == lang || l == base || l.split(['-', '_']).next() == Some(lang))
}

/// One warning for the texts of one thing (a rule's message and suggestion, a
/// guideline's title and text...) at `path`, naming every language of the
/// pack that any of them lacks and the fields that lack it: a pack author
/// fixes a rule at a time, and a rule without Italian is one thing to fix,
/// not one per text. `texts` are the fields by name.
pub(crate) fn check_languages(
    path: &str,
    texts: &[(&str, Option<&Localized>)],
    m: &Manifest,
    problems: &mut Vec<Problem>,
) {
    let mut missing: Vec<&str> = Vec::new();
    let mut fields: Vec<&str> = Vec::new();
    for (field, text) in texts {
        let Some(text) = text else { continue };
        let lacks = missing_languages(text, m);
        if lacks.is_empty() {
            continue;
        }
        fields.push(field);
        for lang in lacks {
            if !missing.contains(&lang) {
                missing.push(lang);
            }
        }
    }
    if missing.is_empty() {
        return;
    }
    missing.sort_by_key(|l| m.languages.iter().position(|x| x == l));
    let names: Vec<String> = missing.iter().map(|l| format!("\"{l}\"")).collect();
    let languages = match names.as_slice() {
        [one] => format!("{one}, one of the pack's languages"),
        _ => format!("{}, languages of the pack", names.join(", ")),
    };
    let fallback = if m.default_locale == "en" || m.default_locale.starts_with("en-") {
        format!("else \"{}\"", m.default_locale)
    } else {
        format!("else English, else \"{}\"", m.default_locale)
    };
    let adds: Vec<String> = missing
        .iter()
        .map(|l| format!("\"{l}\": \"...\""))
        .collect();
    problems.push(
        Problem::warning(
            path,
            format!(
                "no text in {languages} ({}); its readers get another language they read, {fallback}",
                fields.join(", ")
            ),
        )
        .fix(format!("add {} to {}", adds.join(", "), fields.join(", "))),
    );
}

/// Texts are shown as plain text everywhere (CLI, extension), never as HTML: markup
/// is harmless but shows as written, so `pack lint` warns about it. Bidirectional
/// overrides can make a text read differently from what it says: also a warning.
pub(crate) fn check_shown_text(s: &str, path: &str, problems: &mut Vec<Problem>) {
    if let Some(tag) = html_tag(s) {
        problems.push(
            Problem::warning(
                path,
                format!("the text has HTML markup ({tag}); it is shown as plain text, so the markup appears as written"),
            )
            .fix("write plain text without tags"),
        );
    }
    if let Some(c) = s.chars().find(|c| is_bidi_control(*c)) {
        problems.push(
            Problem::warning(
                path,
                format!(
                    "the text has a bidirectional control character (U+{:04X}), which can make it read differently from what it says",
                    u32::from(c)
                ),
            )
            .fix("remove it; right-to-left text needs no control characters"),
        );
    }
    if let Some(c) = first_hidden(s) {
        problems.push(
            Problem::warning(
                path,
                format!(
                    "the text has an invisible character (U+{:04X}), which can hide or change what it says",
                    u32::from(c)
                ),
            )
            .fix("remove the invisible character (it often comes in with copy and paste)"),
        );
    }
}

/// An address (e-mail, phone, link) with a bidirectional control or an
/// invisible character reads differently from where it leads: refused, as
/// such characters in terms are.
pub(crate) fn check_address(address: &str, path: &str, problems: &mut Vec<Problem>) {
    let found = address
        .chars()
        .find(|c| is_bidi_control(*c) || is_stray_invisible(*c))
        .or_else(|| first_hidden(address));
    if let Some(c) = found {
        problems.push(
            Problem::error(
                path,
                format!(
                    "the address has an invisible or reordering character (U+{:04X}), so it reads differently from where it leads",
                    u32::from(c)
                ),
            )
            .fix("type the address again without it (such characters often come in with copy and paste)"),
        );
    }
}

pub(crate) fn check_manifest(m: &Manifest, problems: &mut Vec<Problem>) {
    check_overrides(m, problems);
    if let Some(key) = &m.publisher_key
        && let Err(e) = super::signature::PublicKey::parse(key)
    {
        let p = e.problem();
        problems.push(
            Problem::error("$.publisher_key", format!("the publisher key cannot be read: {}", p.message))
                .fix("paste the key line of the `.pub` file that `postcheck pack keygen` or `minisign -G` made (it starts with RW)"),
        );
    }
    if !valid_id(&m.id) {
        problems.push(
            Problem::error("$.id", format!("\"{}\" is not a valid pack id", m.id))
                .fix("use lowercase letters, digits and '-', e.g. \"acme-social\""),
        );
    }
    if m.version.trim().is_empty() {
        problems
            .push(Problem::error("$.version", "the version is empty").fix("e.g. \"2026.11.1\""));
    }
    if m.publisher.trim().is_empty() {
        problems.push(
            Problem::error("$.publisher", "the publisher is empty")
                .fix("name the team that publishes the pack"),
        );
    }
    if !valid_locale(&m.default_locale) {
        problems.push(locale_problem(
            "$.default_locale",
            &m.default_locale,
            "a locale",
        ));
    }
    if m.languages.is_empty() {
        problems.push(
            Problem::error("$.languages", "the list is empty").fix(format!(
                "list the languages of the pack's texts, e.g. [\"{}\"]",
                m.default_locale
            )),
        );
    }
    for (i, l) in m.languages.iter().enumerate() {
        if !valid_locale(l) {
            problems.push(locale_problem(
                &format!("$.languages[{i}]"),
                l,
                "a language code",
            ));
        }
    }
    if !m.languages.contains(&m.default_locale) {
        problems.push(
            Problem::warning(
                "$.default_locale",
                format!("\"{}\" is not among the pack's languages", m.default_locale),
            )
            .fix("add it to `languages`"),
        );
    }
    check_text(&m.name, "$.name", m, problems);
    if let Some(d) = &m.description {
        check_text(d, "$.description", m, problems);
    }
    check_languages(
        "$",
        &[
            ("name", Some(&m.name)),
            ("description", m.description.as_ref()),
        ],
        m,
        problems,
    );
    if let Some(url) = &m.update_url {
        check_address(url, "$.update_url", problems);
    }
    if let Some(url) = &m.update_url
        && !url.starts_with("https://")
    {
        problems.push(
            Problem::error("$.update_url", "the update link must be https")
                .fix("publish the pack on an https address"),
        );
    }
    let mut ids: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, g) in m.guidelines.iter().enumerate() {
        let path = format!("$.guidelines[{i}]");
        if let Some(first) = ids.insert(&g.id, i) {
            problems.push(
                Problem::error(
                    format!("{path}.id"),
                    format!("the id \"{}\" is also used by $.guidelines[{first}]", g.id),
                )
                .fix("give every guideline its own id"),
            );
        }
        check_text(&g.title, &format!("{path}.title"), m, problems);
        check_text(&g.text, &format!("{path}.text"), m, problems);
        check_languages(
            &path,
            &[("title", Some(&g.title)), ("text", Some(&g.text))],
            m,
            problems,
        );
        if let Some(link) = &g.link {
            check_link(link, &format!("{path}.link"), problems);
        }
    }
    let mut ids: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, c) in m.contacts.iter().enumerate() {
        let path = format!("$.contacts[{i}]");
        if let Some(first) = ids.insert(&c.id, i) {
            problems.push(
                Problem::error(
                    format!("{path}.id"),
                    format!("the id \"{}\" is also used by $.contacts[{first}]", c.id),
                )
                .fix("give every contact its own id"),
            );
        }
        check_text(&c.name, &format!("{path}.name"), m, problems);
        check_languages(&path, &[("name", Some(&c.name))], m, problems);
        if let Some(url) = &c.url {
            check_link(url, &format!("{path}.url"), problems);
        }
        for (field, address) in [("email", &c.email), ("phone", &c.phone)] {
            if let Some(address) = address {
                check_address(address, &format!("{path}.{field}"), problems);
            }
        }
        if c.email.is_none() && c.phone.is_none() && c.url.is_none() {
            problems.push(
                Problem::warning(&path, "the contact has no e-mail, phone or link")
                    .fix("add a way to reach them"),
            );
        }
    }
    for (name, s) in [("x", &m.platforms.x), ("linkedin", &m.platforms.linkedin)] {
        for (field, value) in [("max_length", Some(s.max_length)), ("fold_at", s.fold_at)] {
            if let Some(v) = value.filter(|v| *v > MAX_PLATFORM_LENGTH) {
                problems.push(
                    Problem::error(
                        format!("$.platforms.{name}.{field}"),
                        format!(
                            "{v} characters is more than the {MAX_PLATFORM_LENGTH} postcheck counts"
                        ),
                    )
                    .fix("use the platform's limit, e.g. 280 for X, 3000 for LinkedIn"),
                );
            }
        }
        if s.max_length == 0 {
            problems.push(
                Problem::error(
                    format!("$.platforms.{name}.max_length"),
                    "a limit of 0 allows no post",
                )
                .fix("use the platform's limit, e.g. 280 for X, 3000 for LinkedIn"),
            );
        }
    }
}

/// Each override names one target (a rule, a category, or a pack alone) and
/// says what changes; switched off, nothing else can change. Its texts and
/// exceptions are checked as a rule's are.
fn check_overrides(m: &Manifest, problems: &mut Vec<Problem>) {
    for (i, o) in m.overrides.iter().enumerate() {
        let path = format!("$.overrides[{i}]");
        if let Some(id) = &o.rule
            && !valid_id(id)
        {
            problems.push(
                Problem::error(
                    format!("{path}.rule"),
                    format!("\"{id}\" is not a valid rule id"),
                )
                .fix("use the id of a rule of a pack beneath, as `postcheck pack info` shows it"),
            );
        }
        if let Some(id) = &o.pack
            && !valid_id(id)
        {
            problems.push(
                Problem::error(format!("{path}.pack"), format!("\"{id}\" is not a valid pack id"))
                    .fix("use the id of a pack beneath, e.g. \"postcheck-starter\" for the built-in baseline"),
            );
        }
        if o.pack.as_deref() == Some(m.id.as_str()) {
            problems.push(
                Problem::error(
                    format!("{path}.pack"),
                    "an override changes the packs beneath, not its own pack",
                )
                .fix("change the pack's own rules directly"),
            );
        }
        if o.rule.is_some() && o.category.is_some() {
            problems.push(
                Problem::error(&path, "the override names both a rule and a category")
                    .fix("write one override for the rule and one for the category"),
            );
        }
        if o.rule.is_none() && o.category.is_none() && o.pack.is_none() {
            problems.push(
                Problem::error(&path, "the override names no rule, category or pack").fix(
                    "add \"rule\": \"<id>\", \"category\": \"<category>\" or \"pack\": \"<id>\"",
                ),
            );
        }
        let changes = o.level.is_some()
            || o.message.is_some()
            || o.suggestion.is_some()
            || !o.exceptions.is_empty();
        if o.off && changes {
            problems.push(
                Problem::warning(&path, "the override switches the rules off and also changes them; the changes do nothing")
                    .fix("keep either \"off\": true or the changes"),
            );
        } else if !o.off && !changes {
            problems.push(Problem::error(&path, "the override changes nothing").fix(
                "add \"off\": true, or a \"level\", \"message\", \"suggestion\" or \"exceptions\"",
            ));
        } else if !o.off && o.rule.is_none() && o.category.is_none() {
            problems.push(
                Problem::error(&path, "only \"off\" can change a whole pack")
                    .fix("name a rule or a category of the pack to change it"),
            );
        }
        if let Some(text) = &o.message {
            check_text(text, &format!("{path}.message"), m, problems);
            check_length(text, &format!("{path}.message"), &MESSAGE, problems);
        }
        if let Some(text) = &o.suggestion {
            check_text(text, &format!("{path}.suggestion"), m, problems);
            check_length(text, &format!("{path}.suggestion"), &SUGGESTION, problems);
        }
        check_languages(
            &path,
            &[
                ("message", o.message.as_ref()),
                ("suggestion", o.suggestion.as_ref()),
            ],
            m,
            problems,
        );
        for (j, term) in o.exceptions.iter().enumerate() {
            let at = format!("{path}.exceptions[{j}]");
            let chars = term.chars().count();
            if term.trim().is_empty() {
                problems.push(
                    Problem::error(&at, "the exception is empty")
                        .fix("write the word or passage, or remove it"),
                );
            } else if chars > MAX_TERM_CHARS {
                problems.push(
                    Problem::error(
                        &at,
                        format!(
                            "the exception is {chars} characters long; at most {MAX_TERM_CHARS}"
                        ),
                    )
                    .fix("shorten it to the number, address or name that is flagged"),
                );
            } else if term
                .chars()
                .any(|c| is_bidi_control(c) || is_stray_invisible(c))
                || first_hidden(term).is_some()
            {
                problems.push(
                    Problem::error(
                        &at,
                        "the exception has an invisible or bidirectional control character",
                    )
                    .fix("remove it (it often comes in with copy and paste)"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::from_value::from_value;

    fn manifest(extra: &str) -> Manifest {
        let json = format!(
            r#"{{ "schema": "postcheck/pack/v1", "id": "acme", "name": {{"de": "ACME", "en": "ACME"}},
            "version": "1", "publisher": "ACME Comms", "date": "2026-01-01",
            "default_locale": "de", "languages": ["de", "en"] {extra} }}"#
        );
        let value: serde_json::Value = serde_json::from_str(&json).expect("test JSON");
        from_value(&value).expect("a manifest")
    }

    fn problems_of(check: impl FnOnce(&mut Vec<Problem>)) -> Vec<(String, String)> {
        let mut problems = Vec::new();
        check(&mut problems);
        problems.into_iter().map(|p| (p.path, p.message)).collect()
    }

    #[test]
    fn a_good_manifest_has_no_problem() {
        let m = manifest("");
        assert!(problems_of(|p| check_manifest(&m, p)).is_empty());
        assert!(check_manifest_limits(&m, &mut Vec::new()));
        assert!(check_manifest_lengths(&m, &mut Vec::new()));
    }

    #[test]
    fn ids_and_locales() {
        assert!(valid_id("acme-social") && valid_id("codename.orion_2"));
        assert!(
            !valid_id("") && !valid_id("ACME") && !valid_id("-acme") && !valid_id(&"a".repeat(65))
        );
        assert!(valid_locale("de") && valid_locale("de-CH") && valid_locale("zh-Hant"));
        assert!(!valid_locale("DE") && !valid_locale("deutsch") && !valid_locale("d"));
        let private = locale_problem("$.languages[0]", "x-klingon", "a language code");
        assert!(
            private.message.contains("private-use"),
            "{}",
            private.message
        );
    }

    #[test]
    fn manifest_problems_are_located() {
        let m = manifest(
            r#", "update_url": "http://acme.example/pack.json",
            "contacts": [{"id": "c", "name": {"de": "Team", "en": "Team"}}, {"id": "c", "name": {"de": "B", "en": "B"}, "email": "b@acme.example"}]"#,
        );
        let found = problems_of(|p| check_manifest(&m, p));
        let paths: Vec<&str> = found.iter().map(|(path, _)| path.as_str()).collect();
        assert_eq!(
            paths,
            ["$.update_url", "$.contacts[0]", "$.contacts[1].id"],
            "{found:?}"
        );
        assert_eq!(found[0].1, "the update link must be https");
        assert_eq!(found[1].1, "the contact has no e-mail, phone or link");
    }

    #[test]
    fn texts_must_have_every_language() {
        let m = manifest("");
        let one = Localized::Plain("Hallo".into());
        let found = problems_of(|p| check_text(&one, "$.name", &m, p));
        assert_eq!(found.len(), 1);
        assert!(found[0].1.contains("one language"), "{found:?}");
        let mut map = std::collections::BTreeMap::new();
        map.insert("en".to_string(), "Hello".to_string());
        let found = problems_of(|p| check_text(&Localized::PerLocale(map), "$.name", &m, p));
        assert_eq!(found.len(), 1);
        assert!(found[0].1.contains("default locale \"de\""), "{found:?}");
    }

    #[test]
    fn one_warning_per_thing_names_every_language_and_field_it_lacks() {
        let mut m = manifest("");
        m.languages = ["de", "en", "fr", "it"].map(String::from).to_vec();
        let texts = |pairs: &[(&str, &str)]| {
            Localized::PerLocale(
                pairs
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .collect(),
            )
        };
        let message = texts(&[("de", "Hallo"), ("en", "Hello"), ("fr", "Bonjour")]);
        let suggestion = texts(&[("de", "Tipp"), ("en", "Tip")]);
        let found = problems_of(|p| {
            check_languages(
                "$.rules[3]",
                &[
                    ("message", Some(&message)),
                    ("suggestion", Some(&suggestion)),
                ],
                &m,
                p,
            )
        });
        assert_eq!(
            found,
            [(
                "$.rules[3]".to_string(),
                "no text in \"fr\", \"it\", languages of the pack (message, suggestion); its readers get another language they read, else English, else \"de\"".to_string()
            )]
        );
        // A regional form serves its language; a complete rule gets none.
        let complete = texts(&[("de", "a"), ("en", "b"), ("fr-CH", "c"), ("it", "d")]);
        let none = problems_of(|p| {
            check_languages(
                "$.rules[0]",
                &[("message", Some(&complete)), ("suggestion", None)],
                &m,
                p,
            )
        });
        assert!(none.is_empty(), "{none:?}");
    }

    #[test]
    fn links_and_addresses() {
        assert!(problems_of(|p| check_link("https://acme.example/g", "$.l", p)).is_empty());
        assert!(problems_of(|p| check_link("mailto:press@acme.example", "$.l", p)).is_empty());
        assert_eq!(
            problems_of(|p| check_link("http://acme.example", "$.l", p)),
            [("$.l".to_string(), "the link is not https".to_string())]
        );
        assert_eq!(
            problems_of(|p| check_link("acme.example", "$.l", p)),
            [(
                "$.l".to_string(),
                "\"acme.example\" is not a link".to_string()
            )]
        );
        let bidi = problems_of(|p| check_address("+41 44 \u{202E}123", "$.phone", p));
        assert_eq!(bidi.len(), 1, "{bidi:?}");
    }

    #[test]
    fn texts_over_their_limit_name_it() {
        let long = "a".repeat(MAX_NAME_CHARS + 1);
        let found = problems_of(|p| check_chars(&long, "$.version", &VERSION, p));
        assert_eq!(found.len(), 1);
        assert!(
            found[0].1.contains("a version may have at most 200"),
            "{found:?}"
        );
        let short = "ä".repeat(MAX_NAME_CHARS);
        assert!(problems_of(|p| check_chars(&short, "$.version", &VERSION, p)).is_empty());
    }

    #[test]
    fn too_many_languages_stop_the_checks() {
        let langs: Vec<String> = (0..=MAX_LANGUAGES)
            .map(|i| format!("\"l{i:02}\""))
            .collect();
        let mut m = manifest("");
        m.languages = langs
            .iter()
            .map(|l| l.trim_matches('"').to_string())
            .collect();
        let mut problems = Vec::new();
        assert!(!check_manifest_limits(&m, &mut problems));
        assert_eq!(problems[0].path, "$.languages");
    }

    #[test]
    fn a_publisher_key_must_be_a_minisign_public_key() {
        let good = manifest(
            r#", "publisher_key": "RWQpkxv0FKrdhZwojgjpWwOMXCazZv9JStmwESNwrkeiikF+7nGcMSbp""#,
        );
        assert!(problems_of(|p| check_manifest(&good, p)).is_empty());
        let bad = manifest(r#", "publisher_key": "not a key""#);
        let found = problems_of(|p| check_manifest(&bad, p));
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, "$.publisher_key");
        assert!(
            found[0].1.starts_with("the publisher key cannot be read: "),
            "{found:?}"
        );
    }

    #[test]
    fn overrides_name_one_target_and_a_change() {
        let m = manifest(
            r#", "overrides": [
                {"rule": "phone", "exceptions": ["+41 800 22 63 00"]},
                {"category": "netiquette", "level": "note"},
                {"pack": "postcheck-starter", "off": true},
                {"rule": "Phone"},
                {"rule": "a", "category": "netiquette", "off": true},
                {"off": true},
                {"pack": "acme", "off": true},
                {"pack": "postcheck-starter", "level": "note"},
                {"rule": "b", "off": true, "level": "note"},
                {"rule": "c", "exceptions": [" ", "\u202eevil"]}
            ]"#,
        );
        let found = problems_of(|p| check_overrides(&m, p));
        let paths: Vec<&str> = found.iter().map(|(path, _)| path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "$.overrides[3].rule",
                "$.overrides[3]",
                "$.overrides[4]",
                "$.overrides[5]",
                "$.overrides[6].pack",
                "$.overrides[7]",
                "$.overrides[8]",
                "$.overrides[9].exceptions[0]",
                "$.overrides[9].exceptions[1]",
            ],
            "{found:?}"
        );
        assert_eq!(found[1].1, "the override changes nothing");
        assert_eq!(found[5].1, "only \"off\" can change a whole pack");
    }
}
