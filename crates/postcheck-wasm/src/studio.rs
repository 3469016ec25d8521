//! The Pack Studio's calls (cargo feature `studio`): the authoring tools of
//! the core for a web page, so that a pack author never needs the terminal.
//! Thin wrappers: the core lints, runs examples, audits, hashes and writes the
//! guideline page; this module only turns its results into plain data, with
//! the places of problems as UTF-16 offsets into the pack's JSON text (what a
//! JavaScript editor counts in).
//!
//! ```js
//! lintPack(json, "2026-12-07");            // {loads, problems: [{severity, path, line, column, from, to, rule, message, fix}], examples: [...]}
//! runExamples(json, privateJson, today);   // {examples: [...], problems: [...]} (privateJson may be null)
//! auditPack(json, {languages: ["de"], date: "2026-12-07"}); // the core's Audit; throws {problems} for a refused pack
//! hashTerms(salt, ["Orion"], "codenames", ["de", "en"]);    // {rule, examples, count}: JSON texts to paste and to save
//! guidelinePage(json, "de", ["en"]);       // the core's GuidelinePage (plain data); throws {problems}
//! ```
//!
//! The extension's build leaves this module out: its wasm does not grow.

use postcheck_core::authoring::audit::{AuditOptions, audit};
use postcheck_core::authoring::docs::{GuidelinePage, guideline_page};
use postcheck_core::authoring::hash_rule::hashed_terms_rule;
use postcheck_core::{
    Absent, CompiledPack, Date, ExampleResult, PackStack, Problem, Severity, StackOptions,
};
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

use crate::{reader_locales, start, to_js, to_js_flat};

/// A problem of a pack as the Studio shows it: the core's [`Problem`] with
/// its place in the JSON text as UTF-16 offsets (`from`..`to`), when known.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LocatedProblem {
    /// `"error"` (the pack is refused) or `"warning"`.
    pub severity: Severity,
    /// JSON path, e.g. `$.rules[3].terms[2]`.
    pub path: String,
    /// Line (1-based), when known.
    pub line: Option<usize>,
    /// Column (1-based, in characters), for JSON syntax errors.
    pub column: Option<u32>,
    /// Start of the passage to underline (UTF-16 offset), when the line is known.
    pub from: Option<usize>,
    /// End of that passage (UTF-16 offset, after `from`).
    pub to: Option<usize>,
    /// Id of the rule concerned.
    pub rule: Option<String>,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub fix: Option<String>,
}

/// What [`lint_pack`] found.
#[derive(Debug, Clone, Serialize)]
pub struct StudioLint {
    /// Whether the pack loads (no errors).
    pub loads: bool,
    /// Every problem, errors and warnings.
    pub problems: Vec<LocatedProblem>,
    /// Every example run, passed or not.
    pub examples: Vec<ExampleResult>,
}

/// The passage of line `line` (1-based) of `json` to underline, in UTF-16
/// offsets: with `column` (1-based, characters), the character there (or the
/// end of the line); without, the line without its indentation and trailing
/// blanks. A line past the end gives the end of the text.
pub fn utf16_span(json: &str, line: usize, column: Option<u32>) -> (usize, usize) {
    let utf16 = |s: &str| s.encode_utf16().count();
    let mut start = 0;
    let mut found = None;
    for (n, text) in json.split('\n').enumerate() {
        if n + 1 == line {
            found = Some(text);
            break;
        }
        start += utf16(text) + 1;
    }
    let Some(text) = found else {
        let end = utf16(json);
        return (end, end);
    };
    let text = text.strip_suffix('\r').unwrap_or(text);
    match column {
        Some(column) => {
            let before: String = text.chars().take(column as usize - 1).collect();
            let from = start + utf16(&before);
            let width = text[before.len()..]
                .chars()
                .next()
                .map_or(0, char::len_utf16);
            (from, from + width)
        }
        None => {
            let indent = text.len() - text.trim_start().len();
            let from = start + utf16(&text[..indent]);
            let to = from + utf16(text.trim());
            (from, to)
        }
    }
}

/// A core problem with its place in `json`. A problem at a path in the pack
/// (a field or a value: the core gives the column of its key or value) is
/// underlined from there to the end of its line (a trailing comma left
/// out), so that the author sees the whole `"field": value`; one about the whole text (`$`: a JSON syntax
/// error) marks the one character where reading stopped.
fn located(json: &str, p: &Problem) -> LocatedProblem {
    let column = p.column.map(|c| c.get());
    let (from, to) = match (p.line, column) {
        // A value or key: from where it starts to the end of its line (a
        // trailing comma left out).
        (Some(line), Some(_)) if p.path != "$" => {
            let (from, width_end) = utf16_span(json, line, column);
            let (_, mut to) = utf16_span(json, line, None);
            let text = line.checked_sub(1).and_then(|n| json.split('\n').nth(n));
            if text.is_some_and(|l| l.trim_end().ends_with(',')) {
                to = to.saturating_sub(1);
            }
            (Some(from), Some(to.max(width_end)))
        }
        // A syntax error: the character; no column: the whole line.
        (Some(line), _) => {
            let (from, to) = utf16_span(json, line, column);
            (Some(from), Some(to))
        }
        (None, _) => (None, None),
    };
    LocatedProblem {
        severity: p.severity,
        path: p.path.clone(),
        line: p.line,
        column,
        from,
        to,
        rule: p.rule.clone(),
        message: p.message.clone(),
        fix: p.fix.clone(),
    }
}

/// The day given by JavaScript (`YYYY-MM-DD`), or what is wrong with it.
fn parse_day(day: &str) -> Result<Date, String> {
    Date::parse(day).ok_or_else(|| format!("\"{day}\" is not a date: write YYYY-MM-DD"))
}

/// Lints `json` as `postcheck pack lint` does, judging dates by `today`.
pub fn lint_pack(json: &str, today: Date) -> StudioLint {
    let lint = CompiledPack::lint(json, today);
    // As `postcheck pack lint`: the engine's problems, then the warnings
    // about everyday words and place names (authoring data the engine lacks).
    let everyday = postcheck_core::authoring::lint::everyday_warnings(json);
    StudioLint {
        loads: lint.pack.is_some(),
        problems: lint
            .problems
            .iter()
            .chain(&everyday)
            .map(|p| located(json, p))
            .collect(),
        examples: lint.examples,
    }
}

/// What [`run_examples`] found.
#[derive(Debug, Clone, Serialize)]
pub struct StudioExamples {
    /// Every example run: the pack's, then the private ones.
    pub examples: Vec<ExampleResult>,
    /// Problems that kept examples from running: the pack's errors when no
    /// rule compiled, or those of the private examples file.
    pub problems: Vec<LocatedProblem>,
}

/// Runs the examples of the pack `json` and, if given, the private examples
/// (`{"rule-id": {"hit": [...], "miss": [...]}}`), as `postcheck pack test` does.
pub fn run_examples(json: &str, private: Option<&str>, today: Date) -> StudioExamples {
    let lint = CompiledPack::lint(json, today);
    let mut examples = lint.examples.clone();
    let mut problems = Vec::new();
    match lint.testable() {
        None => problems.extend(lint.problems.iter().map(|p| located(json, p))),
        Some(pack) => {
            if let Some(private) = private.filter(|p| !p.trim().is_empty()) {
                match pack.run_private_examples(private) {
                    Ok(found) => examples.extend(found),
                    Err(e) => problems.extend(e.problems.iter().map(|p| located(private, p))),
                }
            }
        }
    }
    StudioExamples { examples, problems }
}

/// What [`hash_terms`] made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HashedRule {
    /// A `hashed_terms` rule (pretty JSON) to paste into the pack's `rules`.
    pub rule: String,
    /// The private examples file (pretty JSON): a `hit` example per term,
    /// kept out of the pack (it holds the words).
    pub examples: String,
    /// How many terms were hashed.
    pub count: usize,
}

/// Hashes `terms` (one per entry; blank ones and `#` comments skipped) with
/// `salt` into a `hashed_terms` rule `id` with a message in each of
/// `languages`, as `postcheck pack hash-terms` does: hashes sorted (the order
/// says nothing about the list), each with its mark.
pub fn hash_terms(
    salt: &str,
    terms: &[String],
    id: &str,
    languages: &[String],
) -> Result<HashedRule, String> {
    let terms: Vec<&str> = terms.iter().map(String::as_str).collect();
    let made = hashed_terms_rule(salt, &terms, id, languages)?;
    Ok(HashedRule {
        rule: made.rule_json(),
        examples: made.add_private_examples(None)?,
        count: made.terms.len(),
    })
}

/// Options of [`audit_pack`], as JavaScript sends them.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AuditArgs {
    /// Languages of the corpus to run (`de`, `en`, `fr`, `it`); all when empty.
    pub languages: Vec<String>,
    /// The day checked for, `YYYY-MM-DD`.
    pub date: Option<String>,
}

/// Refuses `json` with its problems, as `new Engine` does.
fn refused(e: &postcheck_core::PackError) -> JsValue {
    to_js(&e.serialize_as(Absent::Null)).unwrap_or_else(|e| e)
}

/// A JavaScript `Error` with `message`.
fn error(message: &str) -> JsValue {
    JsValue::from(JsError::new(message))
}

/// Lints a pack: every problem with its place (see [`lint_pack`]).
#[wasm_bindgen(js_name = lintPack)]
pub fn lint_pack_js(json: &str, today: &str) -> Result<JsValue, JsValue> {
    let _busy = start()?;
    let today = parse_day(today).map_err(|e| error(&e))?;
    to_js(&lint_pack(json, today))
}

/// Runs the pack's examples and the private ones (see [`run_examples`]).
#[wasm_bindgen(js_name = runExamples)]
pub fn run_examples_js(
    json: &str,
    private: Option<String>,
    today: &str,
) -> Result<JsValue, JsValue> {
    let _busy = start()?;
    let today = parse_day(today).map_err(|e| error(&e))?;
    to_js(&run_examples(json, private.as_deref(), today))
}

/// The audit of the pack on the baseline against the ordinary-post corpus.
/// Throws `{problems}` for a refused pack.
#[wasm_bindgen(js_name = auditPack)]
pub fn audit_pack_js(json: &str, options: JsValue) -> Result<JsValue, JsValue> {
    let _busy = start()?;
    let args: AuditArgs = if options.is_undefined() || options.is_null() {
        AuditArgs::default()
    } else {
        serde_wasm_bindgen::from_value(options)?
    };
    let date = args
        .date
        .as_deref()
        .map(parse_day)
        .transpose()
        .map_err(|e| error(&e))?;
    let pack = CompiledPack::from_json(json).map_err(|e| refused(&e))?;
    let stack = PackStack::new(vec![pack], StackOptions::default())
        .map_err(|e| error(&format!("{} ({})", e.message, e.fix)))?;
    let options = AuditOptions {
        languages: args.languages,
        date,
    };
    to_js_flat(&audit(&stack, json, &options))
}

/// Hashes terms into a `hashed_terms` rule and a private examples file (see [`hash_terms`]).
#[wasm_bindgen(js_name = hashTerms)]
pub fn hash_terms_js(
    salt: &str,
    terms: Vec<String>,
    id: &str,
    languages: Vec<String>,
) -> Result<JsValue, JsValue> {
    let _busy = start()?;
    to_js(&hash_terms(salt, &terms, id, &languages).map_err(|e| error(&e))?)
}

/// The pack's guideline page for a reader of `locale` (then
/// `fallback_locales`), as plain data. Throws `{problems}` for a refused pack.
#[wasm_bindgen(js_name = guidelinePage)]
pub fn guideline_page_js(
    json: &str,
    locale: &str,
    fallback_locales: Option<Vec<String>>,
) -> Result<JsValue, JsValue> {
    let _busy = start()?;
    let pack = CompiledPack::from_json(json).map_err(|e| refused(&e))?;
    let reader = reader_locales(locale, fallback_locales.as_deref().unwrap_or_default());
    let page: GuidelinePage = guideline_page(&pack, reader);
    to_js(&page)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day() -> Date {
        Date::parse("2026-12-07").expect("a date")
    }

    #[test]
    fn spans_count_utf16_units_and_skip_indentation() {
        let json = "{\n  \"a\": \"😀\",\n  \"b\": 1\n}";
        // Line 3 starts after "{\n" (2) and "  \"a\": \"😀\",\n" (13 units: the emoji is 2).
        assert_eq!(utf16_span(json, 3, None), (17, 23));
        let units: Vec<u16> = json.encode_utf16().collect();
        assert_eq!(String::from_utf16_lossy(&units[17..23]), "\"b\": 1");
        // Column 9 of line 2 is the emoji: two units wide.
        assert_eq!(utf16_span(json, 2, Some(9)), (10, 12));
        // A line past the end: the end of the text.
        let end = json.encode_utf16().count();
        assert_eq!(utf16_span(json, 9, None), (end, end));
    }

    #[test]
    fn a_field_is_underlined_from_its_key_to_the_end_of_its_line() {
        let json = postcheck_core::starter_pack().replacen(
            "\"rules\": [",
            "\"colour\": \"red\",\n  \"rules\": [",
            1,
        );
        let lint = lint_pack(&json, day());
        let p = lint
            .problems
            .iter()
            .find(|p| p.message.contains("colour"))
            .expect("the unknown field listed");
        assert_eq!(p.column, Some(3), "the key's column");
        let units: Vec<u16> = json.encode_utf16().collect();
        let (from, to) = (p.from.expect("located"), p.to.expect("located"));
        assert_eq!(
            String::from_utf16_lossy(&units[from..to]),
            "\"colour\": \"red\"",
            "to the end of the line, the trailing comma left out"
        );
    }

    #[test]
    fn a_syntax_error_is_located_at_its_column() {
        let json = "{\n  \"id\": \"x\",\n  \"name\" \"y\"\n}";
        let lint = lint_pack(json, day());
        assert!(!lint.loads);
        let p = &lint.problems[0];
        assert_eq!((p.line, p.column), (Some(3), Some(10)));
        let units: Vec<u16> = json.encode_utf16().collect();
        let (from, to) = (p.from.expect("located"), p.to.expect("located"));
        assert_eq!(String::from_utf16_lossy(&units[from..to]), "\"");
    }

    #[test]
    fn every_problem_of_a_broken_pack_is_listed_with_its_line() {
        let pack = postcheck_core::starter_pack().replacen(
            "\"rules\": [",
            "\"colour\": \"red\",\n  \"rules\": [",
            1,
        );
        let lint = lint_pack(&pack, day());
        assert!(!lint.loads);
        let unknown = lint
            .problems
            .iter()
            .find(|p| p.message.contains("colour"))
            .expect("the unknown field is named");
        let line = unknown.line.expect("a line");
        assert_eq!(
            pack.lines().nth(line - 1).map(str::trim),
            Some("\"colour\": \"red\",")
        );
        assert!(lint.examples.iter().all(|e| e.passed));
        assert!(lint_pack(postcheck_core::starter_pack(), day()).loads);
    }

    #[test]
    fn everyday_words_and_places_are_warned_about_as_the_cli_does() {
        let pack = include_str!("../../postcheck-cli/tests/lint/everyday-terms.json");
        let lint = lint_pack(pack, day());
        assert!(lint.loads);
        let warning = lint
            .problems
            .iter()
            .find(|p| p.rule.as_deref() == Some("code-names"))
            .expect("a warning for the rule with everyday terms");
        assert!(warning.message.contains("Gotthard"), "{}", warning.message);
        assert!(warning.line.is_some() && warning.from.is_some());
    }

    #[test]
    fn private_examples_run_with_the_pack() {
        let pack = postcheck_core::starter_pack();
        let first_rule = CompiledPack::from_json(pack).expect("loads").run_examples()[0]
            .rule
            .clone();
        let private = format!("{{\"{first_rule}\": {{\"miss\": [\"a quiet sentence\"]}}}}");
        let run = run_examples(pack, Some(&private), day());
        assert!(run.problems.is_empty(), "{:?}", run.problems);
        let last = run.examples.last().expect("examples");
        assert_eq!(last.path, format!("$.{first_rule}.miss[0]"));
        let bad = run_examples(pack, Some("{\"no-such-rule\": {}}"), day());
        assert!(!bad.problems.is_empty());
    }

    #[test]
    fn hashed_terms_match_the_core_and_keep_the_words_out_of_the_rule() {
        let terms = [
            "Orion".to_string(),
            " # a comment".into(),
            "Blue Falcon".into(),
        ];
        let made =
            hash_terms("s4lt", &terms, "codenames", &["de".into(), "rm".into()]).expect("hashed");
        assert_eq!(made.count, 2);
        let rule: serde_json::Value = serde_json::from_str(&made.rule).expect("JSON");
        let hashes = rule["hashes"].as_array().expect("hashes");
        assert!(hashes.contains(&postcheck_core::hash_term("s4lt", "Orion").into()));
        assert_eq!(rule["max_words"], 2);
        assert!(!made.rule.contains("Orion"));
        let keys: Vec<&str> = made
            .rule
            .lines()
            .filter_map(|l| l.strip_prefix("  \"")?.split('"').next())
            .collect();
        assert_eq!(
            keys,
            [
                "id",
                "kind",
                "category",
                "level",
                "message",
                "salt",
                "max_words",
                "hashes",
                "marks"
            ]
        );
        assert!(
            rule["message"]["rm"]
                .as_str()
                .is_some_and(|m| m.starts_with("This looks"))
        );
        let examples: serde_json::Value = serde_json::from_str(&made.examples).expect("JSON");
        assert_eq!(examples["codenames"]["hit"][1], "Blue Falcon");
        assert!(hash_terms("s", &["# only".into()], "x", &[]).is_err());
        assert!(hash_terms(" ", &["a".into()], "x", &[]).is_err());
    }
}
