//! Reading a pack: JSON syntax, the schema version, every field, every rule,
//! and the rule's own examples. All problems are collected, not only the first,
//! each with its JSON path, the rule id and a fix.

use std::collections::{BTreeMap, HashMap};

use serde_json::Value;

use super::from_value::{fields_of, from_value};
use super::model::{Localized, MAX_PLATFORM_LENGTH, PackFile, RuleCommon, SCHEMA_V1};
use super::problem::{PackError, Problem, thousands};
use crate::compiled::{CompiledPack, LoadedRule};
use crate::rules::{Compiler, Rule, RuleKind};
use crate::text::regexes::RegexTable;

/// Largest pack file read, in bytes.
pub const MAX_PACK_BYTES: usize = 16 * 1024 * 1024;
/// Most terms (words, phrases, hashes) in one pack, over all rules.
pub const MAX_TERMS: usize = 250_000;
/// Most rules in one pack.
pub const MAX_RULES: usize = 5_000;
/// Longest term, in characters: a word or a phrase, not a text.
pub const MAX_TERM_CHARS: usize = 200;
/// Most bytes of all terms together. The word lists become one automaton whose
/// memory and build time grow with them; 4 MB is 250,000 names of 16 letters.
pub const MAX_TERM_BYTES: usize = 4 * 1024 * 1024;
/// Most compiled size of all regular expressions of a pack together (each one
/// is also limited on its own): without it, thousands of patterns just under
/// their own limit take gigabytes.
pub use crate::text::regexes::MAX_PATTERN_BUDGET;
/// Most examples of one rule, `hit` and `miss` together: a few of each show
/// what a rule finds and what it leaves alone.
pub const MAX_EXAMPLES_PER_RULE: usize = 100;
/// Most examples of one pack, over all rules: each is checked whenever the
/// pack loads (3,000,000 examples took minutes).
pub const MAX_EXAMPLES: usize = 20_000;
/// Most bytes of all example texts of a pack together.
pub const MAX_EXAMPLE_BYTES: usize = 2 * 1024 * 1024;
/// Most languages a pack lists: each text of the pack is checked for each.
pub const MAX_LANGUAGES: usize = 32;
/// Most guideline sections of a pack.
pub const MAX_GUIDELINES: usize = 1_000;
/// Most contacts of a pack.
pub const MAX_CONTACTS: usize = 1_000;
/// Longest rule message, suggestion and text to add (`add` of `requires`), per
/// locale, in characters. Every hint carries its rule's texts, and the
/// extension sends up to 200 hints per check as JSON (the shipped packs' longest
/// is under 200 characters).
pub const MAX_MESSAGE_CHARS: usize = 1_000;
/// Longest guideline text, per locale, in characters: a guideline section in a
/// few sentences, shown with every hint that cites it (a 4 MB guideline text
/// with an 800-character draft took 3.1 GB). The full guideline is its `link`.
pub const MAX_GUIDELINE_TEXT_CHARS: usize = 10_000;
/// Longest name, per locale, in characters: the pack's name, version and
/// publisher, a guideline's title, a contact's name, and the id of a guideline
/// or contact (each shown with every hint that cites it).
pub const MAX_NAME_CHARS: usize = 200;
/// Longest description, per locale, in characters: the pack's description and
/// a contact's topics.
pub const MAX_DESCRIPTION_CHARS: usize = 2_000;
/// Longest address, in characters: a link, an e-mail address, a phone number,
/// the update link (2,048 is the longest link browsers and servers commonly take).
pub const MAX_ADDRESS_CHARS: usize = 2_048;
/// Most replacements (`use`) of one swap of a `substitution` rule: each hint of
/// the swap offers all of them.
pub const MAX_REPLACEMENTS: usize = 20;
/// Most ids named in the fix of a reference to a missing guideline or contact.
const IDS_SHOWN: usize = 10;
/// Most bytes read to find the lines of a pack's problems (the first problems
/// of a large file get a line; all of them have their JSON path).
const LOCATE_BUDGET_BYTES: usize = 64 * 1024 * 1024;

/// How much of a pack is checked while it loads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Everything, examples included.
    Full,
    /// Everything but the examples.
    WithoutExamples,
    /// A pack this same engine loaded in full before: no examples, and
    /// patterns compiled when first used (see [`RegexTable::deferred`]).
    Validated,
}

/// Reads, validates and compiles a pack from its JSON text, and runs its examples.
pub fn load(json: &str) -> Result<CompiledPack, PackError> {
    load_with(json, Mode::Full)
}

/// Like [`load`], but does not run the examples (for `postcheck pack test`,
/// which runs and reports them one by one).
pub fn load_without_examples(json: &str) -> Result<CompiledPack, PackError> {
    load_with(json, Mode::WithoutExamples)
}

/// Loads a pack that this same engine loaded with [`load`] before (the
/// extension's stored pack after a restart): the examples are not run, and the
/// patterns are compiled when a draft first needs them, so their size limits
/// are not checked again. Every other problem is still found.
pub fn load_validated(json: &str) -> Result<CompiledPack, PackError> {
    load_with(json, Mode::Validated)
}

fn load_with(json: &str, mode: Mode) -> Result<CompiledPack, PackError> {
    let mut problems = Vec::new();
    let result = load_into(json, mode, &mut problems);
    if json.len() <= MAX_PACK_BYTES {
        // Each look-up reads the file from its start: bound the bytes read, so
        // that thousands of problems in a large file do not take minutes.
        let most = (LOCATE_BUDGET_BYTES / json.len().max(1)).max(1);
        for p in problems
            .iter_mut()
            .filter(|p| p.line.is_none() && p.path != "$")
            .take(most)
        {
            p.line = super::locate::line_of(json, &p.path);
        }
    }
    match result {
        Some(mut pack) if !problems.iter().any(Problem::is_error) => {
            pack.warnings = problems;
            Ok(pack)
        }
        _ => {
            if !problems.iter().any(Problem::is_error) {
                problems.push(Problem::error("$", "the pack could not be read"));
            }
            Err(PackError { problems })
        }
    }
}

fn load_into(json: &str, mode: Mode, problems: &mut Vec<Problem>) -> Option<CompiledPack> {
    if json.len() > MAX_PACK_BYTES {
        problems.push(
            Problem::error(
                "$",
                format!(
                    "the file is {:.1} MB; a pack may be at most {} MB",
                    json.len() as f64 / 1_048_576.0,
                    MAX_PACK_BYTES / 1_048_576
                ),
            )
            .fix("check that this is the pack file; move very long word lists into `hashed_terms` or split the pack"),
        );
        return None;
    }
    let json = json.strip_prefix('\u{FEFF}').unwrap_or(json);
    let value: Value = match serde_json::from_str(json) {
        Ok(v) => v,
        Err(e) => {
            let message = strip_position(&e.to_string());
            let (what, fix) = match e.classify() {
                serde_json::error::Category::Eof => (
                    "the file ends too early (is it cut off?)".to_string(),
                    "check quotes, commas and brackets near that line; a JSON validator or editor shows the spot",
                ),
                _ if message.starts_with("recursion limit exceeded") => (
                    "the values are nested more than 128 levels deep".to_string(),
                    "a pack nests only a few levels: check that this is a pack file",
                ),
                _ if message.contains("hex escape") || message.contains("surrogate") => (
                    format!("this is not valid JSON: a \\u escape is broken ({message})"),
                    "write the character itself, or a complete escape; a lone UTF-16 surrogate such as \\ud800 is not a character",
                ),
                _ => (
                    format!("this is not valid JSON: {message}"),
                    "check quotes, commas and brackets near that line; a JSON validator or editor shows the spot",
                ),
            };
            let mut p = Problem::error("$", what).fix(fix);
            p.line = Some(e.line());
            problems.push(p);
            return None;
        }
    };
    if let Some(p) = duplicate_key(json) {
        problems.push(p);
    }
    let Value::Object(top) = &value else {
        problems.push(
            Problem::error("$", format!("the pack is a JSON {}, not an object", kind_of(&value)))
                .fix("a pack is one object: { \"schema\": \"postcheck/pack/v1\", \"id\": ..., \"rules\": [...] }"),
        );
        return None;
    };
    match top.get("schema") {
        Some(Value::String(s)) if s == SCHEMA_V1 => {}
        Some(Value::String(s)) => {
            problems.push(
                Problem::error(
                    "$.schema",
                    format!("this postcheck reads packs of schema \"{SCHEMA_V1}\", not \"{s}\""),
                )
                .fix("update postcheck, or ask the pack's publisher for a v1 pack"),
            );
            return None;
        }
        _ => {
            problems.push(
                Problem::error("$.schema", "the pack does not say its schema version")
                    .fix(format!("add \"schema\": \"{SCHEMA_V1}\" at the top")),
            );
            return None;
        }
    }

    // The rules are read one by one below: take them out of the value rather
    // than copy them (the manifest then reads an empty list of rules).
    let mut value = value;
    let raw_rules: Vec<Value> = match value.get_mut("rules") {
        Some(Value::Array(rules)) => std::mem::take(rules),
        _ => Vec::new(),
    };
    let manifest = match from_value::<PackFile>(&value) {
        Ok(m) => Some(m),
        Err(e) => {
            problems.push(serde_problem("$", e.path, e.message, None));
            None
        }
    };
    if raw_rules.len() > MAX_RULES {
        problems.push(
            Problem::error(
                "$.rules",
                format!(
                    "{} rules is more than the {MAX_RULES} a pack may have",
                    raw_rules.len()
                ),
            )
            .fix("put long word lists into one `terms` rule instead of one rule per word"),
        );
        return None;
    }
    if let Some(m) = &manifest {
        // Every text is checked against every language, every rule's guideline
        // and contact against all of them: bound the lists first.
        if !check_manifest_limits(m, problems) || !check_manifest_lengths(m, problems) {
            return None;
        }
        check_manifest(m, problems);
    }

    if !check_example_limits(&raw_rules, problems) {
        return None;
    }

    let terms_total: usize = raw_rules.iter().map(count_terms).sum();
    if terms_total > MAX_TERMS {
        problems.push(
            Problem::error("$.rules", format!("the pack has {terms_total} terms; at most {MAX_TERMS} are read"))
                .fix("keep the lists to the names that matter; split very large lists into several packs"),
        );
        return None;
    }
    let term_bytes: usize = raw_rules
        .iter()
        .flat_map(term_lists)
        .filter(|(place, _)| !place.ends_with(".use"))
        .flat_map(|(_, list)| list.iter().filter_map(Value::as_str))
        .map(str::len)
        .sum();
    if term_bytes > MAX_TERM_BYTES {
        problems.push(
            Problem::error(
                "$.rules",
                format!(
                    "the word lists hold {:.1} MB of terms; at most {} MB are read",
                    term_bytes as f64 / 1_048_576.0,
                    MAX_TERM_BYTES / 1_048_576
                ),
            )
            .fix("keep the lists to the names that matter; long lists of secret names fit into `hashed_terms`"),
        );
        return None;
    }

    let mut compiler = Compiler::default();
    if mode == Mode::Validated {
        compiler.regexes = RegexTable::deferred();
    }
    let mut loaded = Vec::new();
    let mut seen_ids: HashMap<String, usize> = HashMap::new();
    for (i, raw) in raw_rules.iter().enumerate() {
        let path = format!("$.rules[{i}]");
        let id = raw.get("id").and_then(Value::as_str).map(str::to_string);
        let Some(rule) = read_rule(raw, &path, id.as_deref(), problems) else {
            continue;
        };
        let id = rule.common.id.clone();
        if let Some(first) = seen_ids.get(&id) {
            problems.push(
                Problem::error(
                    format!("{path}.id"),
                    format!("the id \"{id}\" is also used by $.rules[{first}]"),
                )
                .fix("give every rule its own id")
                .in_rule(Some(&id)),
            );
        } else {
            seen_ids.insert(id.clone(), i);
        }
        let before = problems.len();
        if let Some(m) = &manifest {
            check_common(&rule.common, &rule, m, &path, problems);
        }
        check_term_characters(raw, &path, problems);
        let first_set = compiler.terms.set_count();
        let compiled = rule.kind.compile(&mut compiler, &path);
        let term_sets = first_set..compiler.terms.set_count();
        let regex_ids = compiler.regexes.take_handed_out();
        problems.append(&mut compiler.warnings);
        problems.append(&mut compiler.regexes.take_warnings());
        match compiled {
            Ok(compiled)
                if problems.len() == before
                    || !problems.iter().skip(before).any(Problem::is_error) =>
            {
                loaded.push(LoadedRule {
                    index: i,
                    common: rule.common,
                    kind: rule.kind.name(),
                    compiled,
                    term_sets,
                    regex_ids,
                });
            }
            Ok(_) => {}
            Err(found) => problems.extend(found.into_iter().map(|p| p.in_rule(Some(&id)))),
        }
        // Thousands of patterns could take gigabytes: stop at the budget.
        if compiler.regexes.over_budget() {
            return None;
        }
        if let Some(added) = problems.get_mut(before..) {
            for p in added {
                if p.rule.is_none() {
                    p.rule = Some(id.clone());
                }
            }
        }
    }
    // A refused pack needs no automaton: building it is the costly part.
    if problems.iter().any(Problem::is_error) {
        return None;
    }
    let terms = match compiler.terms.build() {
        Ok(t) => t,
        Err(e) => {
            problems.push(Problem::error("$.rules", e));
            return None;
        }
    };
    let manifest = manifest?;
    let pack = CompiledPack::new(manifest, loaded, terms, compiler.regexes.build());
    if mode == Mode::Full {
        problems.extend(
            pack.run_examples()
                .into_iter()
                .filter(|r| !r.passed)
                .map(|r| r.problem()),
        );
    }
    Some(pack)
}

/// The examples of a raw rule: `hit` and `miss` together.
fn examples_of(rule: &Value) -> impl Iterator<Item = &Value> {
    let examples = rule.get("examples");
    ["hit", "miss"]
        .into_iter()
        .filter_map(move |key| examples.and_then(|e| e.get(key)).and_then(Value::as_array))
        .flatten()
}

/// The bytes of an example's text, written as a text or as `{"text": ...}`.
fn example_bytes(example: &Value) -> usize {
    example
        .as_str()
        .or_else(|| example.get("text").and_then(Value::as_str))
        .map_or(0, str::len)
}

/// Checks the number and size of the examples before anything is compiled:
/// every example is checked whenever the pack loads. Returns false (with the
/// problems) when they are over a limit.
fn check_example_limits(rules: &[Value], problems: &mut Vec<Problem>) -> bool {
    let before = problems.len();
    let mut total = 0;
    let mut bytes = 0;
    for (i, rule) in rules.iter().enumerate() {
        let count = examples_of(rule).count();
        total += count;
        bytes += examples_of(rule).map(example_bytes).sum::<usize>();
        if count > MAX_EXAMPLES_PER_RULE {
            let id = rule.get("id").and_then(Value::as_str);
            problems.push(
                Problem::error(
                    format!("$.rules[{i}].examples"),
                    format!(
                        "the rule has {count} examples; a rule may have at most {MAX_EXAMPLES_PER_RULE} (`hit` and `miss` together)"
                    ),
                )
                .fix("keep a few texts it must find and a few it must leave alone; try longer lists of texts with `postcheck check`")
                .in_rule(id),
            );
        }
    }
    if total > MAX_EXAMPLES {
        problems.push(
            Problem::error(
                "$.rules",
                format!("the pack has {total} examples; at most {MAX_EXAMPLES} are checked"),
            )
            .fix("keep a few examples per rule; try longer lists of texts with `postcheck check`"),
        );
    }
    if bytes > MAX_EXAMPLE_BYTES {
        problems.push(
            Problem::error(
                "$.rules",
                format!(
                    "the examples hold {bytes} bytes of text; at most {MAX_EXAMPLE_BYTES} ({} MB) are checked",
                    MAX_EXAMPLE_BYTES / 1_048_576
                ),
            )
            .fix("shorten the examples to the sentences that matter"),
        );
    }
    problems.len() == before
}

/// Checks the number of languages, guidelines and contacts; false (with the
/// problems) when one is over its limit. A pack of 60,000 guidelines and
/// 5,000 rules citing a missing one took 10 GB: each problem listed every id.
fn check_manifest_limits(m: &PackFile, problems: &mut Vec<Problem>) -> bool {
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
    problems.len() == before
}

/// The longest a displayed text of a pack may be: what it is called in a
/// problem, its limit in characters, and how to shorten it.
struct TextLimit {
    /// "a guideline text": with the article, as in "a guideline text may have ...".
    one: &'static str,
    most: usize,
    fix: &'static str,
}

const MESSAGE: TextLimit = TextLimit {
    one: "a message",
    most: MAX_MESSAGE_CHARS,
    fix: "say it in a few sentences; the guideline the rule cites can say more",
};
const SUGGESTION: TextLimit = TextLimit {
    one: "a suggestion",
    most: MAX_MESSAGE_CHARS,
    fix: "say in a few sentences what to do instead; the guideline the rule cites can say more",
};
const ADD: TextLimit = TextLimit {
    one: "a text to add",
    most: MAX_MESSAGE_CHARS,
    fix: "suggest a short disclosure, e.g. \"#ACMEemployee\"",
};
const GUIDELINE_TEXT: TextLimit = TextLimit {
    one: "a guideline text",
    most: MAX_GUIDELINE_TEXT_CHARS,
    fix: "keep the essentials here and put the full guideline behind `link`",
};
const GUIDELINE_TITLE: TextLimit = TextLimit {
    one: "a guideline title",
    most: MAX_NAME_CHARS,
    fix: "use the section's heading; the text says the rest",
};
const CONTACT_NAME: TextLimit = TextLimit {
    one: "a contact name",
    most: MAX_NAME_CHARS,
    fix: "name the person or team; say what to ask them in `topics`",
};
const TOPICS: TextLimit = TextLimit {
    one: "a list of topics",
    most: MAX_DESCRIPTION_CHARS,
    fix: "list what to ask them about in a few words; link to more with `url`",
};
const PACK_NAME: TextLimit = TextLimit {
    one: "a pack name",
    most: MAX_NAME_CHARS,
    fix: "use a short name; say more in `description`",
};
const DESCRIPTION: TextLimit = TextLimit {
    one: "a description",
    most: MAX_DESCRIPTION_CHARS,
    fix: "describe the pack in a few sentences; the guidelines say the rest",
};
const VERSION: TextLimit = TextLimit {
    one: "a version",
    most: MAX_NAME_CHARS,
    fix: "use a short version, e.g. \"2026.11.1\"",
};
const PUBLISHER: TextLimit = TextLimit {
    one: "a publisher",
    most: MAX_NAME_CHARS,
    fix: "name the team that publishes the pack",
};
const ID: TextLimit = TextLimit {
    one: "an id",
    most: MAX_NAME_CHARS,
    fix: "use a short id, e.g. \"confidential\"",
};
const ADDRESS: TextLimit = TextLimit {
    one: "an address",
    most: MAX_ADDRESS_CHARS,
    fix: "use the address itself, or a short link to the page",
};

/// A problem when `s` has more characters than `limit` allows.
fn check_chars(s: &str, path: &str, limit: &TextLimit, problems: &mut Vec<Problem>) {
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
fn check_length(text: &Localized, path: &str, limit: &TextLimit, problems: &mut Vec<Problem>) {
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
fn check_manifest_lengths(m: &PackFile, problems: &mut Vec<Problem>) -> bool {
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

/// The lengths of what a rule's kind adds to its hints: the text to add of a
/// `requires` rule, the replacements of a `substitution` rule.
fn check_kind_lengths(kind: &RuleKind, path: &str, problems: &mut Vec<Problem>) {
    match kind {
        RuleKind::Requires(r) => {
            if let Some(add) = &r.add {
                check_length(add, &format!("{path}.add"), &ADD, problems);
            }
        }
        RuleKind::Substitution(s) => {
            for (i, swap) in s.swap.iter().enumerate() {
                let count = swap.use_.len();
                if count > MAX_REPLACEMENTS {
                    problems.push(
                        Problem::error(
                            format!("{path}.swap[{i}].use"),
                            format!(
                                "the swap has {} replacements; a swap may offer at most {MAX_REPLACEMENTS}",
                                thousands(count)
                            ),
                        )
                        .fix("offer the few best replacements, best first; every hint of the swap shows all of them"),
                    );
                }
            }
        }
        _ => {}
    }
}

/// "use one of: a, b, c" for the ids a reference may name, the first few only.
fn use_one_of<'a>(ids: impl ExactSizeIterator<Item = &'a str>) -> String {
    let count = ids.len();
    let shown: Vec<&str> = ids.take(IDS_SHOWN).collect();
    if count > shown.len() {
        format!("use one of: {}, ... ({count} in all)", shown.join(", "))
    } else {
        format!("use one of: {}", shown.join(", "))
    }
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn strip_position(msg: &str) -> String {
    match msg.rfind(" at line ") {
        Some(i) => msg.get(..i).unwrap_or(msg).to_string(),
        None => msg.to_string(),
    }
}

fn count_terms(rule: &Value) -> usize {
    let len = |v: Option<&Value>| v.and_then(Value::as_array).map_or(0, Vec::len);
    let side = |v: Option<&Value>| len(v.and_then(|s| s.get("terms")));
    len(rule.get("terms"))
        + len(rule.get("hashes"))
        + len(rule.get("exceptions"))
        + rule
            .get("swap")
            .and_then(Value::as_array)
            .map_or(0, |s| s.iter().map(|w| len(w.get("instead_of"))).sum())
        + side(rule.get("a"))
        + side(rule.get("b"))
        + side(rule.get("if_any"))
        + side(rule.get("unless_any"))
}

/// Turns a serde error into a located problem with a fix.
fn serde_problem(base: &str, inner_path: String, message: String, rule: Option<&str>) -> Problem {
    let path = if inner_path == "." || inner_path.is_empty() {
        base.to_string()
    } else {
        format!("{base}.{inner_path}")
    };
    let fix = if message.starts_with("unknown field") {
        "remove the field or correct its spelling (see `postcheck pack schema`)"
    } else if message.starts_with("missing field") {
        "add the field (see `postcheck pack schema` and the pack guide in the README)"
    } else if message.starts_with("unknown variant") {
        "use one of the values listed"
    } else if message.contains("untagged enum Example") {
        "write the example as a text, or as {\"text\": \"...\", \"platform\": \"x\", \"media\": [\"image\"]}"
    } else if message.contains("untagged enum Group") {
        "name the group by its number (1 for the first) or by its name"
    } else if message.contains("data did not match any variant") {
        "write a text either as a string or as an object of locale to text, e.g. {\"de\": \"...\", \"en\": \"...\"}"
    } else {
        "correct the value (see `postcheck pack schema`)"
    };
    let message = message
        .replace(
            "data did not match any variant of untagged enum Localized",
            "expected a text or an object of locale to text",
        )
        .replace(
            "data did not match any variant of untagged enum Example",
            "expected a text, or an object with `text` and optionally `platform` (x, linkedin) and `media` (image, video, document)",
        )
        .replace(
            "data did not match any variant of untagged enum Group",
            "expected a group number or name",
        );
    Problem::error(path, message).fix(fix).in_rule(rule)
}

fn read_rule(
    raw: &Value,
    path: &str,
    id: Option<&str>,
    problems: &mut Vec<Problem>,
) -> Option<Rule> {
    let Value::Object(obj) = raw else {
        problems.push(
            Problem::error(
                path,
                format!("a rule must be an object, not a {}", kind_of(raw)),
            )
            .fix("write the rule as { \"id\": ..., \"kind\": ..., ... }"),
        );
        return None;
    };
    match obj.get("kind") {
        None => {
            problems.push(
                Problem::error(path, "the rule has no `kind`")
                    .fix("add \"kind\": one of terms, hashed_terms, substitution, pattern, detector, requires, near, metric, context")
                    .in_rule(id),
            );
            return None;
        }
        Some(Value::String(k)) if !KINDS.contains(&k.as_str()) => {
            problems.push(
                Problem::error(
                    format!("{path}.kind"),
                    format!("there is no rule kind \"{k}\""),
                )
                .fix(format!("use one of: {}", KINDS.join(", ")))
                .in_rule(id),
            );
            return None;
        }
        _ => {}
    }
    let common: RuleCommon = match from_value(raw) {
        Ok(c) => c,
        Err(e) => {
            problems.push(serde_problem(path, e.path, e.message, id));
            return None;
        }
    };
    let kind_name = obj.get("kind").and_then(Value::as_str).unwrap_or_default();
    let (kind, kind_fields) = match RuleKind::read(kind_name, raw) {
        Ok(read) => read,
        Err((inner, message)) => {
            problems.push(serde_problem(path, inner, message, id));
            return None;
        }
    };
    let rule = Rule { common, kind };
    // Unknown fields: what the rule has that neither every rule nor its kind knows.
    let mut known: Vec<&str> = ["kind"]
        .into_iter()
        .chain(fields_of::<RuleCommon>().iter().copied())
        .chain(kind_fields.iter().copied())
        .collect();
    known.sort_unstable();
    let unknown: Vec<&String> = obj
        .keys()
        .filter(|k| !known.contains(&k.as_str()))
        .collect();
    for key in &unknown {
        problems.push(
            Problem::error(
                format!("{path}.{key}"),
                format!("a `{}` rule has no field `{key}`", rule.kind.name()),
            )
            .fix(format!("remove it or use one of: {}", known.join(", ")))
            .in_rule(Some(&rule.common.id)),
        );
    }
    if !unknown.is_empty() {
        return None;
    }
    Some(rule)
}

/// The rule kinds, as written in packs.
pub const KINDS: [&str; 9] = [
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

fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '.' | '_'))
        && id.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
}

fn valid_locale(l: &str) -> bool {
    let mut parts = l.split(['-', '_']);
    let lang = parts.next().unwrap_or_default();
    (2..=3).contains(&lang.len())
        && lang.chars().all(|c| c.is_ascii_lowercase())
        && parts.all(|p| (2..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// The problem of a locale or language code that [`valid_locale`] refuses,
/// with what is accepted. `what` is "a locale" or "a language code".
fn locale_problem(path: &str, value: &str, what: &str) -> Problem {
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

fn check_link(link: &str, path: &str, problems: &mut Vec<Problem>) {
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

fn check_text(text: &Localized, path: &str, m: &PackFile, problems: &mut Vec<Problem>) {
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
            // One warning per text, naming every language it lacks.
            let missing: Vec<&String> = m
                .languages
                .iter()
                .filter(|lang| *lang != &m.default_locale && !map.contains_key(*lang))
                .collect();
            if let [lang] = missing.as_slice() {
                problems.push(
                    Problem::warning(path, format!("no text in \"{lang}\", one of the pack's languages; readers get \"{}\"", m.default_locale))
                        .fix(format!("add \"{lang}\": \"...\"")),
                );
            } else if !missing.is_empty() {
                let names: Vec<String> = missing.iter().map(|l| format!("\"{l}\"")).collect();
                let adds: Vec<String> = missing
                    .iter()
                    .map(|l| format!("\"{l}\": \"...\""))
                    .collect();
                problems.push(
                    Problem::warning(
                        path,
                        format!(
                            "no text in {}, languages of the pack; readers get \"{}\"",
                            names.join(", "),
                            m.default_locale
                        ),
                    )
                    .fix(format!("add {}", adds.join(", "))),
                );
            }
        }
    }
}

/// Texts are shown as plain text everywhere (CLI, extension), never as HTML: markup
/// is harmless but shows as written, so `pack lint` warns about it. Bidirectional
/// overrides can make a text read differently from what it says: also a warning.
fn check_shown_text(s: &str, path: &str, problems: &mut Vec<Problem>) {
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
fn check_address(address: &str, path: &str, problems: &mut Vec<Problem>) {
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

/// The first thing that looks like an HTML tag: `<` followed by a letter, `/` or `!`, up to `>`.
fn html_tag(s: &str) -> Option<String> {
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
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Invisible characters that folding drops, so a term that has them matches
/// without them. Joiners (U+200C, U+200D) and variation selectors are left out:
/// they belong to emoji and to some scripts.
fn is_stray_invisible(c: char) -> bool {
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
fn is_hidden(c: char) -> bool {
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
fn first_hidden(s: &str) -> Option<char> {
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

/// The word lists of a raw rule, each with its path below the rule: the terms
/// and exceptions, the words of a substitution, and the words of each side.
fn term_lists(rule: &Value) -> Vec<(String, &Vec<Value>)> {
    let mut lists = Vec::new();
    for key in ["terms", "exceptions"] {
        if let Some(list) = rule.get(key).and_then(Value::as_array) {
            lists.push((format!(".{key}"), list));
        }
    }
    if let Some(swaps) = rule.get("swap").and_then(Value::as_array) {
        for (i, swap) in swaps.iter().enumerate() {
            for key in ["instead_of", "use"] {
                if let Some(list) = swap.get(key).and_then(Value::as_array) {
                    lists.push((format!(".swap[{i}].{key}"), list));
                }
            }
        }
    }
    for side in ["a", "b", "if_any", "unless_any"] {
        if let Some(list) = rule
            .get(side)
            .and_then(|s| s.get("terms"))
            .and_then(Value::as_array)
        {
            lists.push((format!(".{side}.terms"), list));
        }
    }
    lists
}

/// Terms that are too long, or have characters that make them read differently
/// from what they match: bidirectional controls are refused, other invisible
/// characters get a warning.
/// (A term that is only invisible characters is refused when it is compiled.)
fn check_term_characters(rule: &Value, path: &str, problems: &mut Vec<Problem>) {
    for (place, list) in term_lists(rule) {
        for (i, term) in list.iter().enumerate() {
            let Some(term) = term.as_str() else {
                continue;
            };
            let chars = term.chars().count();
            // Most terms are fine: fold and name the place only for those that are not.
            if chars <= MAX_TERM_CHARS
                && !term
                    .chars()
                    .any(|c| is_bidi_control(c) || is_stray_invisible(c))
                && first_hidden(term).is_none()
            {
                continue;
            }
            let matches = crate::text::fold::fold_term(term, false);
            let matches = matches.trim();
            if matches.is_empty() {
                continue;
            }
            let at = format!("{path}{place}[{i}]");
            if chars > MAX_TERM_CHARS {
                problems.push(
                    Problem::error(
                        at,
                        format!("the term is {chars} characters long; a term is a word or a phrase of at most {MAX_TERM_CHARS}"),
                    )
                    .fix("shorten it to the words that matter, or use a `pattern` rule"),
                );
            } else if let Some(c) = term.chars().find(|c| is_bidi_control(*c)) {
                problems.push(
                    Problem::error(
                        at,
                        format!(
                            "the term has a bidirectional control character (U+{:04X}), which reorders how it is displayed; postcheck reads it as \"{matches}\"",
                            u32::from(c)
                        ),
                    )
                    .fix("remove it; right-to-left words need no control characters"),
                );
            } else if let Some(c) = first_hidden(term) {
                let shown: String = term.chars().filter(|c| !is_hidden(*c)).collect();
                problems.push(
                    Problem::error(
                        at,
                        format!(
                            "the term has an invisible character (U+{:04X}) that is part of it: it reads \"{shown}\" but never matches \"{shown}\" in a post",
                            u32::from(c)
                        ),
                    )
                    .fix("remove the invisible character (it often comes in with copy and paste)"),
                );
            } else if let Some(c) = term.chars().find(|c| is_stray_invisible(*c)) {
                problems.push(
                    Problem::warning(
                        at,
                        format!(
                            "the term has an invisible character (U+{:04X}), which is ignored: it matches \"{matches}\"",
                            u32::from(c)
                        ),
                    )
                    .fix("remove the invisible character (it often comes in with copy and paste)"),
                );
            }
        }
    }
}

fn check_manifest(m: &PackFile, problems: &mut Vec<Problem>) {
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

fn check_common(
    c: &RuleCommon,
    rule: &Rule,
    m: &PackFile,
    path: &str,
    problems: &mut Vec<Problem>,
) {
    if !valid_id(&c.id) {
        problems.push(
            Problem::error(
                format!("{path}.id"),
                format!("\"{}\" is not a valid rule id", c.id),
            )
            .fix("use lowercase letters, digits, '-' and '.', e.g. \"codename-orion\""),
        );
    }
    check_text(&c.message, &format!("{path}.message"), m, problems);
    check_length(&c.message, &format!("{path}.message"), &MESSAGE, problems);
    if let Some(s) = &c.suggestion {
        check_text(s, &format!("{path}.suggestion"), m, problems);
        check_length(s, &format!("{path}.suggestion"), &SUGGESTION, problems);
    }
    check_kind_lengths(&rule.kind, path, problems);
    if let Some(g) = &c.guideline
        && !m.guidelines.iter().any(|x| &x.id == g)
    {
        problems.push(
            Problem::error(
                format!("{path}.guideline"),
                format!("there is no guideline \"{g}\" in the pack"),
            )
            .fix(if m.guidelines.is_empty() {
                "add it to `guidelines`".to_string()
            } else {
                use_one_of(m.guidelines.iter().map(|g| g.id.as_str()))
            }),
        );
    }
    if let Some(ct) = &c.contact
        && !m.contacts.iter().any(|x| &x.id == ct)
    {
        problems.push(
            Problem::error(
                format!("{path}.contact"),
                format!("there is no contact \"{ct}\" in the pack"),
            )
            .fix(if m.contacts.is_empty() {
                "add it to `contacts`".to_string()
            } else {
                use_one_of(m.contacts.iter().map(|c| c.id.as_str()))
            }),
        );
    }
    for (i, l) in c.languages.iter().enumerate() {
        if !valid_locale(l) {
            problems.push(locale_problem(
                &format!("{path}.languages[{i}]"),
                l,
                "a language code",
            ));
        }
    }
    if let (Some(from), Some(until)) = (c.public_from, c.valid_until)
        && until < from
    {
        problems.push(
            Problem::warning(
                format!("{path}.valid_until"),
                format!("the rule ends on {until}, before the name becomes public on {from}"),
            )
            .fix("check both dates"),
        );
    }
    if c.examples.hit.is_empty() && !rule.kind.examples_optional() {
        problems.push(
            Problem::warning(format!("{path}.examples"), "the rule has no example that triggers it")
                .fix("add \"examples\": {\"hit\": [\"a text it finds\"], \"miss\": [\"a similar text it leaves alone\"]}"),
        );
    }
}

/// The first key that appears twice in one object, as a problem at its path.
/// JSON readers keep only one of them (serde and JavaScript the last), so a
/// second `"terms"` could hide the list a reviewer sees.
fn duplicate_key(json: &str) -> Option<Problem> {
    use serde::de::DeserializeSeed;
    let found = std::cell::RefCell::new(None);
    let walk = KeyWalk {
        step: Step::Root,
        parent: None,
        found: &found,
    };
    let mut de = serde_json::Deserializer::from_str(json);
    let line = walk.deserialize(&mut de).err().map(|e| e.line());
    let (path, key) = found.into_inner()?;
    let mut p = Problem::error(
        path,
        format!("the key \"{key}\" appears twice in this object; only the last one would be read"),
    )
    .fix("remove one of them, or merge them into one");
    p.line = line;
    Some(p)
}

#[derive(Clone, Copy)]
enum Step<'a> {
    Root,
    Key(&'a str),
    Index(usize),
}

/// Walks a JSON text without keeping it, to find a repeated key.
struct KeyWalk<'a> {
    step: Step<'a>,
    parent: Option<&'a KeyWalk<'a>>,
    found: &'a std::cell::RefCell<Option<(String, String)>>,
}

impl KeyWalk<'_> {
    fn path(&self) -> String {
        let mut steps = Vec::new();
        let mut at = Some(self);
        while let Some(w) = at {
            steps.push(w.step);
            at = w.parent;
        }
        let mut path = String::from("$");
        for step in steps.iter().rev() {
            match step {
                Step::Root => {}
                Step::Key(k) => {
                    path.push('.');
                    path.push_str(k);
                }
                Step::Index(i) => path.push_str(&format!("[{i}]")),
            }
        }
        path
    }
}

impl<'de> serde::de::DeserializeSeed<'de> for KeyWalk<'_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for KeyWalk<'_> {
    type Value = ();
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut i = 0;
        while seq
            .next_element_seed(KeyWalk {
                step: Step::Index(i),
                parent: Some(&self),
                found: self.found,
            })?
            .is_some()
        {
            i += 1;
        }
        Ok(())
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut seen = std::collections::HashSet::new();
        while let Some(key) = map.next_key::<String>()? {
            if seen.contains(&key) {
                *self.found.borrow_mut() = Some((format!("{}.{key}", self.path()), key));
                return Err(serde::de::Error::custom("repeated key"));
            }
            map.next_value_seed(KeyWalk {
                step: Step::Key(&key),
                parent: Some(&self),
                found: self.found,
            })?;
            seen.insert(key);
        }
        Ok(())
    }
}
