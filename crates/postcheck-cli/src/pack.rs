//! `postcheck pack ...`: lint, test, inspect and write rule packs.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use postcheck_core::authoring::hash_rule::{HashedTerms, hashed_terms_rule};
use postcheck_core::authoring::lint::everyday_warnings;
use postcheck_core::engine::stack::OverrideChange;
use postcheck_core::format::locales::Locales;
use postcheck_core::{CompiledPack, PackInfo, Severity, StackInfo, hash_term, starter_pack};

use crate::input::{
    Checker, describe_refusal, load_checker, locales, located, read_pack_text, read_text, today,
};
use crate::render::contact_ways;
use crate::terminal::{Output, escape, quoted};
use crate::{Failure, Format};

/// `pack lint`: every problem with its place and fix (the examples of every
/// rule that compiles run even when other parts have errors; dates already
/// past on `today` are warnings; terms that are everyday words or place
/// names, from the authoring word lists, are warnings too); exit 1 when the
/// pack would be refused.
pub fn lint(path: &Path, format: Format) -> Result<ExitCode, Failure> {
    let text = read_pack_text(path)?;
    let file = path.display().to_string();
    let lint = CompiledPack::lint(&text, today());
    // The word lists are authoring data, which the engine's lint (and the
    // extension) does not carry: their warnings are added here.
    let mut problems = lint.problems.clone();
    problems.extend(everyday_warnings(&text));
    let problems = &problems;
    let errors = problems
        .iter()
        .filter(|p| p.severity == Severity::Error)
        .count();
    let warnings = problems.len() - errors;
    let mut out = Output::stdout();
    match format {
        Format::Json => {
            let json = serde_json::json!({ "file": file, "ok": errors == 0, "problems": problems });
            out.json(&serde_json::to_string_pretty(&json).map_err(|e| e.to_string())?)?;
            out.json("\n")?;
        }
        Format::Text => {
            for p in problems {
                out.line(&located(&file, p))?;
            }
            let shown = escape(&file);
            out.line(&match &lint.pack {
                Some(pack) => format!(
                    "{shown}: ok: {} rules, {} examples pass, {warnings} warning{}",
                    pack.rule_count(),
                    lint.examples.len(),
                    if warnings == 1 { "" } else { "s" }
                ),
                None => format!(
                    "{shown}: refused: {errors} error{}, {warnings} warning{}",
                    if errors == 1 { "" } else { "s" },
                    if warnings == 1 { "" } else { "s" }
                ),
            })?;
        }
    }
    out.finish()?;
    Ok(if errors == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// `pack test`: runs every example (and those of `--examples`, kept outside
/// the pack) and reports each failure with what the rule found; also when
/// the pack is refused for other problems, whose count it names. Exit 1 on
/// any failure or error.
pub fn test(path: &Path, examples: Option<&Path>) -> Result<ExitCode, Failure> {
    let text = read_pack_text(path)?;
    let file = path.display().to_string();
    let lint = CompiledPack::lint(&text, today());
    let Some(pack) = lint.testable() else {
        // Nothing compiled (not JSON, no rules read): the problems say why.
        let e = postcheck_core::PackError {
            problems: lint.problems,
        };
        return Err(describe_refusal(&file, &e).into());
    };
    let mut results = lint.examples.clone();
    if let Some(examples) = examples {
        let shown = examples.display().to_string();
        let json = read_text(Some(examples), "examples file", 16 * 1024 * 1024)?;
        match pack.run_private_examples(&json) {
            Ok(more) => results.extend(more),
            Err(e) => {
                let lines: Vec<String> = e.problems.iter().map(|p| located(&shown, p)).collect();
                return Err(format!(
                    "the examples file {} was refused:\n{}",
                    escape(&shown),
                    lines.join("\n")
                )
                .into());
            }
        }
    }
    let failed: Vec<_> = results.iter().filter(|r| !r.passed).collect();
    let mut out = Output::stdout();
    for r in &failed {
        let why = r
            .why
            .as_deref()
            .map(|w| format!(": {}", escape(w)))
            .unwrap_or_default();
        out.line(&format!(
            "FAIL {} {}: {} should {}trigger the rule{why}",
            escape(&r.rule),
            escape(&r.path),
            quoted(&r.text),
            if r.should_hit { "" } else { "not " }
        ))?;
    }
    let info = pack.info("en");
    let with_examples: std::collections::HashSet<&str> =
        results.iter().map(|r| r.rule.as_str()).collect();
    let rules_without: Vec<String> = info
        .rules
        .iter()
        .filter(|rule| !with_examples.contains(rule.id.as_str()))
        .map(|rule| escape(&rule.id).into_owned())
        .collect();
    let passed = results.len() - failed.len();
    out.line(&format!("{passed} passed, {} failed", failed.len()))?;
    if !rules_without.is_empty() {
        out.line(&format!(
            "rules without examples: {}",
            rules_without.join(", ")
        ))?;
    }
    let others: Vec<&postcheck_core::Problem> = lint
        .problems
        .iter()
        .filter(|p| p.is_error() && !p.path.contains(".examples."))
        .collect();
    let errors = others.len();
    if errors > 0 {
        out.line(&format!(
            "the pack is refused for {errors} other problem{}: see `postcheck pack lint {}`",
            if errors == 1 { "" } else { "s" },
            escape(&file)
        ))?;
    }
    out.finish()?;
    if errors > 0 {
        let lines: Vec<String> = others.iter().map(|p| located(&file, p)).collect();
        crate::terminal::error(&format!(
            "the pack {} was refused ({errors} problem{} besides its examples):\n{}",
            escape(&file),
            if errors == 1 { "" } else { "s" },
            lines.join("\n")
        ));
    }
    Ok(if failed.is_empty() && errors == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// `pack schema`.
pub fn schema() -> Result<ExitCode, Failure> {
    let mut out = Output::stdout();
    out.json(&postcheck_core::schema::pack_schema())?;
    out.finish()?;
    Ok(ExitCode::SUCCESS)
}

/// `pack starter`.
pub fn starter() -> Result<ExitCode, Failure> {
    let mut out = Output::stdout();
    out.json(starter_pack())?;
    out.finish()?;
    Ok(ExitCode::SUCCESS)
}

fn new_salt() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    let seed = format!("{nanos}:{}:{:p}", std::process::id(), &nanos);
    hash_term(&seed, "salt").chars().take(24).collect()
}

/// `pack hash-terms`: prints a `hashed_terms` rule for the terms read: their
/// salted SHA-256 hashes and, in the same order, their marks (see
/// `postcheck_core::mark_term`), which let checks skip most SHA-256 computations.
pub fn hash_terms(
    file: Option<&Path>,
    salt: Option<String>,
    id: &str,
    for_pack: Option<&Path>,
    examples_out: Option<&Path>,
) -> Result<ExitCode, Failure> {
    let languages = match for_pack {
        Some(path) => pack_languages(path)?,
        // The four languages postcheck has texts in.
        None => Vec::new(),
    };
    let text = read_text(file, "term list", 64 * 1024 * 1024)?;
    let salt = salt.unwrap_or_else(new_salt);
    let lines: Vec<&str> = text.lines().collect();
    let made = hashed_terms_rule(&salt, &lines, id, &languages)?;
    for lang in &made.untranslated {
        crate::terminal::error(&format!(
            "no message text for \"{}\": the English one is written there; translate it",
            escape(lang)
        ));
    }
    let mut out = Output::stdout();
    out.json(&made.rule_json())?;
    out.json("\n")?;
    out.finish()?;
    if let Some(path) = examples_out {
        write_private_examples(path, &made)?;
        crate::terminal::error(&format!(
            "A `hit` example per term written to {}: run `postcheck pack test PACK --examples {}`; it holds the words, so keep it out of the pack.",
            escape(&path.display().to_string()),
            escape(&path.display().to_string())
        ));
    }
    crate::terminal::error(&format!(
        "{} term{} hashed. Paste the rule into your pack's \"rules\"; keep the word list itself out of the pack.",
        made.terms.len(),
        if made.terms.len() == 1 { "" } else { "s" }
    ));
    Ok(ExitCode::SUCCESS)
}

/// The `languages` of the pack at `path` (read as JSON, whether or not it
/// loads), its default locale first.
fn pack_languages(path: &Path) -> Result<Vec<String>, Failure> {
    let text = read_pack_text(path)?;
    let shown = escape(&path.display().to_string()).into_owned();
    let value: serde_json::Value = serde_json::from_str(text.trim_start_matches('\u{FEFF}'))
        .map_err(|e| format!("{shown} is not JSON ({e}): run `postcheck pack lint {shown}`"))?;
    let mut languages: Vec<String> = value
        .get("default_locale")
        .and_then(serde_json::Value::as_str)
        .into_iter()
        .chain(
            value
                .get("languages")
                .and_then(serde_json::Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(serde_json::Value::as_str),
        )
        .map(str::to_string)
        .collect();
    languages.dedup();
    let mut seen = std::collections::HashSet::new();
    languages.retain(|l| seen.insert(l.clone()));
    if languages.is_empty() {
        return Err(
            format!("{shown} names no `languages`: run `postcheck pack lint {shown}`").into(),
        );
    }
    Ok(languages)
}

/// Writes (or updates) the private examples file at `path`: a `hit` example
/// per term of the rule `made`, keeping the other rules' examples of an existing file.
fn write_private_examples(path: &Path, made: &HashedTerms) -> Result<(), Failure> {
    let shown = escape(&path.display().to_string()).into_owned();
    let existing = match std::fs::read_to_string(path) {
        Ok(text) => Some(text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(format!("cannot read {shown}: {e}").into()),
    };
    let text = made
        .add_private_examples(existing.as_deref())
        .map_err(|e| format!("{shown} exists and {e}: give another file"))?;
    std::fs::write(path, text).map_err(|e| format!("cannot write {shown}: {e}"))?;
    Ok(())
}

/// `pack info`: one pack (the baseline alone, or one pack with
/// `--no-baseline`) as it always was; a stack as its layers, what each layer
/// changes beneath, then every company pack in full.
pub fn info(
    paths: &[PathBuf],
    no_baseline: bool,
    lang: Option<String>,
    format: Format,
) -> Result<ExitCode, Failure> {
    let locale = Locales::new(locales(lang.as_deref()));
    let checker = load_checker(paths, no_baseline)?;
    let mut out = Output::stdout();
    match (checker, format) {
        (Checker::Single(loaded), Format::Json) => {
            let info = loaded.pack.info(&locale);
            out.json(&serde_json::to_string_pretty(&info).map_err(|e| e.to_string())?)?;
            out.json("\n")?;
        }
        (Checker::Single(loaded), Format::Text) => {
            pack_details(&mut out, &loaded.pack.info(&locale))?;
        }
        (Checker::Stack { stack, .. }, Format::Json) => {
            let info = stack.info(&locale);
            out.json(&serde_json::to_string_pretty(&info).map_err(|e| e.to_string())?)?;
            out.json("\n")?;
        }
        (Checker::Stack { stack, .. }, Format::Text) => {
            let info = stack.info(&locale);
            stack_summary(&mut out, &info)?;
            for layer in info.layers.iter().filter(|l| !l.built_in) {
                out.line(&format!("\n── {} ──", escape(&layer.pack.id)))?;
                pack_details(&mut out, &layer.pack)?;
            }
        }
    }
    out.finish()?;
    Ok(ExitCode::SUCCESS)
}

/// The layers of a stack, bottom first, and what each changes beneath.
fn stack_summary(out: &mut Output<impl std::io::Write>, info: &StackInfo) -> Result<(), Failure> {
    out.line(&format!(
        "Stack, bottom first ({} packs):",
        info.layers.len()
    ))?;
    for (n, layer) in info.layers.iter().enumerate() {
        let p = &layer.pack;
        let notes: String = [
            layer.built_in.then(|| "built-in baseline".to_string()),
            layer
                .expires
                .as_ref()
                .map(|d| format!("expires {}", escape(d))),
            layer
                .switched_off_by
                .as_ref()
                .map(|by| format!("switched off by {}", escape(by))),
        ]
        .into_iter()
        .flatten()
        .map(|note| format!("; {note}"))
        .collect();
        out.line(&format!(
            "  {}. {} {} \"{}\" by {}: {} rules{notes}",
            n + 1,
            escape(&p.id),
            escape(&p.version),
            escape(&p.name),
            escape(&p.publisher),
            p.rules.len()
        ))?;
    }
    out.line("\nWhat each layer changes beneath:")?;
    for layer in &info.layers {
        if layer.changes.is_empty() {
            if !layer.built_in {
                out.line(&format!("  {}: nothing", escape(&layer.pack.id)))?;
            }
            continue;
        }
        out.line(&format!("  {}:", escape(&layer.pack.id)))?;
        for c in &layer.changes {
            out.line(&format!("    {}: {}", escape(&c.target), change_words(c)))?;
            if let Some(w) = &c.warning {
                out.line(&format!("      warning: {}", escape(w)))?;
            } else {
                let mut rules: Vec<String> = c
                    .rules
                    .iter()
                    .map(|r| format!("{}/{}", escape(&r.pack), escape(&r.rule)))
                    .collect();
                if c.matched > rules.len() {
                    rules.push(format!("and {} more", c.matched - rules.len()));
                }
                out.line(&format!(
                    "      {} rule{}: {}",
                    c.matched,
                    if c.matched == 1 { "" } else { "s" },
                    rules.join(", ")
                ))?;
            }
        }
    }
    Ok(())
}

/// What an override does, in a few words.
fn change_words(c: &OverrideChange) -> String {
    if c.off {
        return "switched off".into();
    }
    let mut parts = Vec::new();
    if let Some(level) = c.level {
        parts.push(format!("level {}", level.as_str()));
    }
    if let Some(m) = &c.message {
        parts.push(format!("message {}", quoted(m)));
    }
    if let Some(s) = &c.suggestion {
        parts.push(format!("suggestion {}", quoted(s)));
    }
    if !c.exceptions.is_empty() {
        let list: Vec<String> = c.exceptions.iter().map(|e| quoted(e)).collect();
        parts.push(format!("except {}", list.join(", ")));
    }
    parts.join("; ")
}

/// One pack in full: manifest, rules, guidelines, contacts.
fn pack_details(out: &mut Output<impl std::io::Write>, info: &PackInfo) -> Result<(), Failure> {
    let list = |items: &[String]| -> String {
        items
            .iter()
            .map(|s| escape(s).into_owned())
            .collect::<Vec<_>>()
            .join(", ")
    };
    out.line(&format!(
        "{} {} ({})",
        escape(&info.name),
        escape(&info.version),
        escape(&info.id)
    ))?;
    out.line(&format!(
        "Published by {} on {}; languages: {}",
        escape(&info.publisher),
        escape(&info.date),
        list(&info.languages)
    ))?;
    if let Some(d) = &info.description {
        out.line(&escape(d))?;
    }
    if let Some(u) = &info.update_url {
        out.line(&format!("Updates: {}", escape(u)))?;
    }
    out.line(&format!(
        "\n{} rules ({} distinct terms):",
        info.rules.len(),
        info.terms
    ))?;
    for r in &info.rules {
        let scope: Vec<String> = r
            .platforms
            .iter()
            .map(|p| p.as_str().to_string())
            .chain(r.languages.iter().cloned())
            .collect();
        let scope = if scope.is_empty() {
            String::new()
        } else {
            format!(" [{}]", list(&scope))
        };
        let dates: String = [
            r.public_from
                .as_ref()
                .map(|d| format!(" (until public on {})", escape(d))),
            r.valid_until
                .as_ref()
                .map(|d| format!(" (valid until {})", escape(d))),
        ]
        .into_iter()
        .flatten()
        .collect();
        out.line(&format!(
            "  {:<28} {:<12} {:<13} {:<9}{scope}{dates}",
            escape(&r.id),
            escape(&r.kind),
            r.category.as_str(),
            r.level.as_str()
        ))?;
    }
    if !info.guidelines.is_empty() {
        out.line("\nGuidelines:")?;
        for g in &info.guidelines {
            let link = g
                .link
                .as_deref()
                .map(|l| format!(" <{}>", escape(l)))
                .unwrap_or_default();
            out.line(&format!("  {}: {}{link}", escape(&g.id), escape(&g.title)))?;
        }
    }
    if !info.contacts.is_empty() {
        out.line("\nContacts:")?;
        for c in &info.contacts {
            out.line(&format!(
                "  {}: {} ({})",
                escape(&c.id),
                escape(&c.name),
                contact_ways(c)
            ))?;
        }
    }
    Ok(())
}
