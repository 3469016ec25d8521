//! Loading a pack: read the JSON, check the manifest and every rule, compile
//! the rules, and run the examples. All problems are collected, not only the
//! first, each with its JSON path, the rule id and a fix.

use std::collections::HashMap;

use serde_json::Value;

use super::compiled::{CompiledPack, LoadedRule};
use super::examples::ExampleResult;
use super::lint;
use crate::format::date::Date;
use crate::format::from_value::{from_value, serde_problem};
use crate::format::json::{duplicate_key, kind_of, parse};
use crate::format::limits::*;
use crate::format::model::{Manifest, SCHEMA_V1};
use crate::format::problem::{PackError, Problem};
use crate::format::validate::{check_manifest, check_manifest_lengths, check_manifest_limits};
use crate::rules::Compiler;
use crate::rules::read::read_rule;
use crate::rules::validate::{check_common, check_term_characters, count_terms, term_bytes};
use crate::text::regexes::RegexTable;
use crate::text::terms::{MatchMode, TermListSpec, TermSetId};

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
    load_and_test(json, mode).0
}

/// What a full load found besides the pack: every example run, and (for a
/// refused pack) its rules that compiled, to run more examples with.
#[derive(Default)]
struct Tested {
    examples: Vec<ExampleResult>,
    refused_pack: Option<CompiledPack>,
}

/// What `postcheck pack lint` and `pack test` show of a pack: every problem
/// (a refused pack's too), and the outcome of every example of every rule
/// that compiled, even when the pack is refused for other problems.
#[derive(Debug)]
pub struct Lint {
    /// Every problem, errors and warnings; examples that fail are errors.
    pub problems: Vec<Problem>,
    /// Every example run, in pack order, passed or not.
    pub examples: Vec<ExampleResult>,
    /// The pack, when it loads (no errors).
    pub pack: Option<CompiledPack>,
    /// A refused pack's rules that compiled (with a stand-in manifest when
    /// the pack's could not be read), to run more examples with.
    pub refused_pack: Option<CompiledPack>,
}

impl Lint {
    /// The pack to run examples with: the pack, else a refused pack's rules
    /// that compiled.
    pub fn testable(&self) -> Option<&CompiledPack> {
        self.pack.as_ref().or(self.refused_pack.as_ref())
    }
}

/// Lints a pack: [`Lint`]. `today` is the day to judge dates by (the core has
/// no clock): a `valid_until`, `public_from` or `expires` already past is a
/// warning.
pub fn lint(json: &str, today: Date) -> Lint {
    let (result, mut tested) = load_and_test(json, Mode::Full);
    let (mut problems, pack) = match result {
        Ok(mut pack) => (std::mem::take(&mut pack.warnings), Some(pack)),
        Err(e) => (e.problems, None),
    };
    let text = json.strip_prefix('\u{FEFF}').unwrap_or(json);
    if json.len() <= MAX_PACK_BYTES
        && let Ok(value) = serde_json::from_str::<Value>(text)
    {
        let mut dated = Vec::new();
        lint::past_dates(&value, today, &mut dated);
        crate::format::locate::locate(json, &mut dated);
        for p in &mut dated {
            if let Some(rule) = rule_index(&p.path).and_then(|i| value.get("rules")?.get(i)) {
                p.rule = rule.get("id").and_then(Value::as_str).map(str::to_string);
            }
        }
        problems.extend(dated);
        // A `hit` that found nothing: the closest term of the rule, if any.
        let mut examples = tested.examples;
        for r in examples
            .iter_mut()
            .filter(|r| r.should_hit && !r.passed)
            .take(lint::NEAREST_EXAMPLES)
        {
            let nearest = rule_index(&r.path)
                .and_then(|i| value.get("rules")?.get(i))
                .and_then(|rule| lint::nearest_term(rule, &r.text));
            if let Some(nearest) = nearest
                && r.why.as_deref() == Some(NOTHING_FOUND)
            {
                let old = r.problem().message;
                r.why = Some(format!("{NOTHING_FOUND}; {nearest}"));
                let new = r.problem().message;
                for p in problems
                    .iter_mut()
                    .filter(|p| p.path == r.path && p.message == old)
                {
                    p.message = new.clone();
                }
            }
        }
        tested.examples = examples;
    }
    let pack = pack.map(|mut pack| {
        pack.warnings = problems.clone();
        pack
    });
    Lint {
        problems,
        examples: tested.examples,
        pack,
        refused_pack: tested.refused_pack,
    }
}

/// Why a `hit` example failed when its rule found nothing (see
/// [`ExampleResult::why`]).
const NOTHING_FOUND: &str = "it found nothing in it";

/// The index of the rule of a path such as `$.rules[3].valid_until`.
fn rule_index(path: &str) -> Option<usize> {
    path.strip_prefix("$.rules[")?
        .split(']')
        .next()?
        .parse()
        .ok()
}

/// Loads a pack in `mode`, and gives the outcome of every example run (in
/// [`Mode::Full`]: those of every rule that compiled, also when the pack is refused).
fn load_and_test(json: &str, mode: Mode) -> (Result<CompiledPack, PackError>, Tested) {
    let mut problems = Vec::new();
    let mut tested = Tested::default();
    let result = load_into(json, mode, &mut problems, &mut tested);
    if json.len() <= MAX_PACK_BYTES {
        // Every problem at once: one pass over the text, however many.
        crate::format::locate::locate(json, &mut problems);
    }
    let result = match result {
        Some(mut pack) if !problems.iter().any(Problem::is_error) => {
            pack.warnings = problems;
            Ok(pack)
        }
        refused => {
            if !problems.iter().any(Problem::is_error) {
                problems.push(Problem::error("$", "the pack could not be read"));
            }
            // Refused for its examples alone: more examples may run with it.
            if refused.is_some() {
                tested.refused_pack = refused;
            }
            Err(PackError { problems })
        }
    };
    (result, tested)
}

fn load_into(
    json: &str,
    mode: Mode,
    problems: &mut Vec<Problem>,
    tested: &mut Tested,
) -> Option<CompiledPack> {
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
    let value = parse(json, problems)?;
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
    // than copy them; the manifest is the rest.
    let mut value = value;
    let rules = value.as_object_mut().and_then(|top| top.remove("rules"));
    let default_locale = value
        .get("default_locale")
        .and_then(Value::as_str)
        .unwrap_or("en")
        .to_string();
    let manifest = read_manifest(&value, problems);
    let raw_rules: Vec<Value> = match rules {
        Some(Value::Array(rules)) => rules,
        // Worded as for any other field of the manifest, after its problems.
        Some(other) if manifest.is_some() => {
            if let Err(e) = from_value::<Vec<Value>>(&other) {
                problems.push(serde_problem("$.rules", e.path, e.message, None));
            }
            return None;
        }
        None if manifest.is_some() => {
            problems.push(serde_problem(
                "$",
                String::new(),
                "missing field `rules`".into(),
                None,
            ));
            return None;
        }
        _ => Vec::new(),
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
    lint::unknown_placeholders(&raw_rules, problems);
    lint::duplicate_terms(&raw_rules, problems);
    if let Some(m) = &manifest {
        lint::regional_languages(&value, &raw_rules, &m.languages, problems);
    }

    // The exceptions of the pack's overrides are terms too (they are matched
    // as `terms` are when packs are stacked): they count towards the limits.
    let exceptions = manifest
        .iter()
        .flat_map(|m| &m.overrides)
        .flat_map(|o| &o.exceptions);
    let exception_count = exceptions.clone().count();
    let exception_bytes: usize = exceptions.map(String::len).sum();
    let terms_total: usize = raw_rules.iter().map(count_terms).sum::<usize>() + exception_count;
    if terms_total > MAX_TERMS {
        problems.push(
            Problem::error("$.rules", format!("the pack has {terms_total} terms{}; at most {MAX_TERMS} are read", with_exceptions(exception_count)))
                .fix("keep the lists to the names that matter; split very large lists into several packs"),
        );
        return None;
    }
    let term_bytes: usize = raw_rules.iter().map(term_bytes).sum::<usize>() + exception_bytes;
    if term_bytes > MAX_TERM_BYTES {
        problems.push(
            Problem::error(
                "$.rules",
                format!(
                    "the word lists hold {:.1} MB of terms{}; at most {} MB are read",
                    term_bytes as f64 / 1_048_576.0,
                    with_exceptions(exception_count),
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
    let mut word_lists_refused = false;
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
        let term_problems = problems.len();
        check_term_characters(raw, &path, problems);
        // A refused term (too long, bidirectional controls) is still in the
        // word lists: a refused pack with one builds no automaton (a long
        // term makes it costly), so its examples do not run.
        word_lists_refused |= problems
            .get(term_problems..)
            .is_some_and(|new| new.iter().any(Problem::is_error));
        let first_set = compiler.terms.set_count();
        let compiled = rule.kind.compile(&mut compiler, &path);
        let exceptions =
            compile_exceptions(&rule.common.exceptions, &mut compiler, &path, problems);
        let term_sets = first_set..compiler.terms.set_count();
        let regex_ids = compiler.regexes.take_handed_out();
        problems.append(&mut compiler.warnings);
        problems.append(&mut compiler.regexes.take_warnings());
        match compiled {
            // Kept even with errors elsewhere in the rule (the pack is then
            // refused): its examples still run, so that one lint shows them.
            Ok(compiled) => {
                loaded.push(LoadedRule {
                    index: i,
                    common: rule.common,
                    kind: rule.kind.name(),
                    compiled,
                    exceptions,
                    term_sets,
                    regex_ids,
                });
            }
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
    if problems.iter().any(Problem::is_error) {
        // A refused pack needs no automaton to check drafts; only a full load
        // (`pack lint`, a first import) runs the examples of every rule that
        // compiled, so that one run shows every problem (not when a term was
        // refused: see above).
        if mode == Mode::Full && !word_lists_refused {
            let stand_in = || stand_in_manifest(&default_locale);
            let manifest = manifest.or_else(stand_in)?;
            let terms = compiler.terms.build().ok()?;
            let pack = CompiledPack::new(manifest, loaded, terms, compiler.regexes.build());
            tested.examples = pack.run_examples();
            problems.extend(failed_examples(&tested.examples));
            tested.refused_pack = Some(pack);
        }
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
        tested.examples = pack.run_examples();
        problems.extend(failed_examples(&tested.examples));
    }
    Some(pack)
}

/// The problems of the examples that failed.
fn failed_examples(examples: &[ExampleResult]) -> impl Iterator<Item = Problem> + '_ {
    examples
        .iter()
        .filter(|r| !r.passed)
        .map(ExampleResult::problem)
}

/// Most unknown fields of the manifest taken out, one after the other, to read
/// the rest of it.
const MOST_UNKNOWN_FIELDS: usize = 100;

/// Reads the manifest (the pack without its rules). An unknown field is an
/// error, but the manifest is read again without it, so that the rest of the
/// pack is checked in the same run; `None` when it cannot be read.
fn read_manifest(value: &Value, problems: &mut Vec<Problem>) -> Option<Manifest> {
    // A copy only when a field is taken out (a pack with unknown fields).
    let mut without: Option<Value> = None;
    for _ in 0..MOST_UNKNOWN_FIELDS {
        match from_value::<Manifest>(without.as_ref().unwrap_or(value)) {
            Ok(m) => return Some(m),
            Err(e) => {
                // The file's top-level fields are the manifest's and `rules`.
                let top_level = !e.path.contains(['.', '[']);
                let unknown = e.message.starts_with("unknown field");
                let message = if top_level && unknown {
                    format!("{}, `rules`", e.message)
                } else {
                    e.message
                };
                let removed =
                    unknown && remove_place(without.get_or_insert_with(|| value.clone()), &e.path);
                problems.push(serde_problem("$", e.path, message, None));
                if !removed {
                    return None;
                }
            }
        }
    }
    None
}

/// Removes the value at `place` (`colour`, `contacts[0].fax`, as
/// [`from_value`] names places); false when there is none.
fn remove_place(value: &mut Value, place: &str) -> bool {
    let (parent, key) = match place.rsplit_once('.') {
        Some((parent, key)) => (Some(parent), key),
        None => (None, place),
    };
    let mut at = value;
    for step in parent.into_iter().flat_map(|p| p.split('.')) {
        let (name, indexes) = step.split_once('[').unwrap_or((step, ""));
        let Some(next) = at.get_mut(name) else {
            return false;
        };
        at = next;
        for index in indexes.split('[') {
            let Some(i) = index
                .strip_suffix(']')
                .and_then(|i| i.parse::<usize>().ok())
            else {
                continue;
            };
            let Some(next) = at.get_mut(i) else {
                return false;
            };
            at = next;
        }
    }
    at.as_object_mut()
        .is_some_and(|object| object.remove(key).is_some())
}

/// A manifest that stands in for one that could not be read, to run the
/// examples of the rules all the same (in the pack's default language).
fn stand_in_manifest(default_locale: &str) -> Option<Manifest> {
    from_value(&serde_json::json!({
        "schema": SCHEMA_V1, "id": "pack", "name": "pack", "version": "0",
        "publisher": "", "date": "2000-01-01", "default_locale": default_locale,
        "languages": [default_locale]
    }))
    .ok()
}

/// " (with the N exceptions of its overrides)" when there are any: the term
/// limits count them too.
fn with_exceptions(count: usize) -> String {
    if count == 0 {
        String::new()
    } else {
        format!(" (with the {count} exceptions of its overrides)")
    }
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

/// The word list of a rule's `exceptions` (any kind), matched as `terms`
/// exceptions always were: folded, with endings, whatever the case. `None`
/// when the rule has none.
fn compile_exceptions(
    exceptions: &[String],
    compiler: &mut Compiler,
    path: &str,
    problems: &mut Vec<Problem>,
) -> Option<TermSetId> {
    if exceptions.is_empty() {
        return None;
    }
    let (set, bad) = compiler.terms.add(TermListSpec {
        terms: exceptions,
        mode: MatchMode::Inflected,
        case_sensitive: false,
    });
    problems.extend(bad.into_iter().map(|b| {
        Problem::error(format!("{path}.exceptions[{}]", b.index), b.reason)
            .fix("remove it from the list")
    }));
    Some(set)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MANIFEST: &str = r#""schema": "postcheck/pack/v1", "id": "t", "name": "T", "version": "1",
        "publisher": "P", "date": "2026-01-01", "default_locale": "en", "languages": ["en"]"#;

    fn refused(json: &str) -> Vec<Problem> {
        match load(json) {
            Ok(_) => panic!("the pack should be refused: {json}"),
            Err(e) => e.problems,
        }
    }

    fn rule(id: &str) -> String {
        format!(
            r#"{{"id": "{id}", "kind": "terms", "category": "confidential", "level": "consider", "terms": ["orion"], "message": "m",
            "examples": {{"hit": ["orion"]}}}}"#
        )
    }

    #[test]
    fn loads_a_pack_and_keeps_its_warnings() {
        let json = format!(
            r#"{{ {MANIFEST}, "rules": [{{"id": "r", "kind": "terms", "category": "confidential", "level": "consider", "terms": ["orion"], "message": "m"}}] }}"#
        );
        let pack = load(&json).expect("loads");
        assert_eq!(pack.warnings.len(), 1, "{:?}", pack.warnings);
        assert_eq!(pack.warnings[0].path, "$.rules[0].examples");
        assert_eq!(pack.warnings[0].rule.as_deref(), Some("r"));
    }

    #[test]
    fn the_rules_are_a_required_list() {
        let missing = refused(&format!("{{ {MANIFEST} }}"));
        assert_eq!(
            (missing[0].path.as_str(), missing[0].message.as_str()),
            ("$", "missing field `rules`")
        );
        let five = refused(&format!("{{ {MANIFEST}, \"rules\": 5 }}"));
        assert_eq!(
            (five[0].path.as_str(), five[0].message.as_str()),
            ("$.rules", "must be a list, not 5")
        );
        assert_eq!(five[0].line, Some(2));
    }

    #[test]
    fn an_unknown_top_level_field_lists_rules_among_the_known_ones() {
        let p = refused(&format!("{{ {MANIFEST}, \"rulez\": [], \"rules\": [] }}"));
        assert_eq!(p[0].path, "$.rulez");
        assert!(
            p[0].message.ends_with("`overrides`, `rules`"),
            "{}",
            p[0].message
        );
        let nested = refused(&format!(
            "{{ {MANIFEST}, \"contacts\": [{{\"id\": \"c\", \"name\": \"C\", \"fax\": \"1\"}}], \"rules\": [] }}"
        ));
        assert_eq!(nested[0].path, "$.contacts[0].fax");
        assert!(
            !nested[0].message.contains("`rules`"),
            "{}",
            nested[0].message
        );
    }

    #[test]
    fn the_schema_version_is_checked_first() {
        let p = refused(r#"{"schema": "postcheck/pack/v2", "rules": []}"#);
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].path, "$.schema");
        assert!(p[0].message.contains("not \"postcheck/pack/v2\""));
        assert_eq!(
            refused("[1, 2]")[0].message,
            "the pack is a JSON array, not an object"
        );
    }

    #[test]
    fn every_problem_is_collected_and_located() {
        let json = format!(
            "{{ {MANIFEST},\n\"rules\": [\n{},\n{},\n{{\"id\": \"x\", \"kind\": \"nonsense\"}}\n] }}",
            rule("dup"),
            rule("dup")
        );
        let p = refused(&json);
        let found: Vec<(&str, Option<usize>)> =
            p.iter().map(|p| (p.path.as_str(), p.line)).collect();
        assert_eq!(
            found,
            [
                // The second rule repeats the first one's term: a warning.
                ("$.rules[1].terms[0]", Some(6)),
                ("$.rules[1].id", Some(6)),
                ("$.rules[2].kind", Some(8))
            ],
            "{p:?}"
        );
        assert_eq!(p[0].rule.as_deref(), Some("dup"));
    }

    /// A pack with a misspelt manifest field, a rule with an unknown field and
    /// a rule that cannot be read: every problem, and every failing example
    /// of the rules that compile, in one run.
    #[test]
    fn one_lint_shows_the_failing_examples_of_a_refused_pack() {
        let json = format!(
            r#"{{ {MANIFEST}, "colour": "red", "rules": [
            {{"id": "a", "kind": "terms", "category": "confidential", "level": "note", "message": "m",
              "terms": ["orion"], "bogus": 1, "examples": {{"hit": ["nothing here"]}}}},
            {{"id": "b", "kind": "near", "category": "confidential", "level": "note", "message": "m",
              "a": "orion", "b": {{"terms": ["x"]}}}},
            {{"id": "c", "kind": "pattern", "category": "confidential", "level": "note", "message": "m",
              "pattern": "Pro\\d+", "examples": {{"hit": ["Pro X"], "miss": ["Pro1 is out"]}}}}
            ] }}"#
        );
        let p = refused(&json);
        let found: Vec<(&str, &str)> = p
            .iter()
            .map(|p| (p.path.as_str(), p.message.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                (
                    "$.colour",
                    "unknown field `colour`, expected one of `schema`, `id`, `name`, `version`, `publisher`, `date`, `default_locale`, `languages`, `description`, `update_url`, `contacts`, `guidelines`, `platforms`, `publisher_key`, `expires`, `overrides`, `rules`"
                ),
                ("$.rules[0].bogus", "a `terms` rule has no field `bogus`"),
                ("$.rules[1].a", "must be an object, not the text \"orion\""),
                (
                    "$.rules[0].examples.hit[0]",
                    "the example \"nothing here\" does not trigger the rule: it found nothing in it"
                ),
                (
                    "$.rules[2].examples.hit[0]",
                    "the example \"Pro X\" does not trigger the rule: it found nothing in it"
                ),
                (
                    "$.rules[2].examples.miss[0]",
                    "the example \"Pro1 is out\" triggers the rule: it found \"Pro1\" at 1:1"
                ),
            ]
        );
        // The same with the manifest unreadable (no `name`): a stand-in runs the examples.
        let nameless = json.replace(r#""name": "T","#, "");
        let p = refused(&nameless);
        assert!(
            p.iter().any(|p| p.path == "$.rules[2].examples.miss[0]"),
            "{p:?}"
        );
    }

    #[test]
    fn a_failing_example_refuses_the_pack_but_not_without_examples() {
        let json = format!(
            r#"{{ {MANIFEST}, "rules": [{{"id": "r", "kind": "terms", "category": "confidential", "level": "consider", "terms": ["orion"], "message": "m",
            "examples": {{"hit": ["nothing here"]}}}}] }}"#
        );
        let p = refused(&json);
        assert_eq!(p[0].rule.as_deref(), Some("r"));
        assert!(load_without_examples(&json).is_ok());
        assert!(load_validated(&json).is_ok());
    }

    #[test]
    fn an_oversized_file_is_refused_before_it_is_read() {
        let json = format!(
            "{{ {MANIFEST}, \"rules\": [], \"x\": \"{}\" }}",
            "a".repeat(MAX_PACK_BYTES)
        );
        let p = refused(&json);
        assert_eq!(p.len(), 1);
        assert!(
            p[0].message.starts_with("the file is 16.0 MB"),
            "{}",
            p[0].message
        );
    }
}
