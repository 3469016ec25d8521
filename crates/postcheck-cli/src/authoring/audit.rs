//! `postcheck pack audit`: runs a pack on the baseline against the corpus of
//! ordinary posts shipped with postcheck and lists what would bother
//! employees (see `postcheck_core::authoring::audit`).

use std::path::Path;
use std::process::ExitCode;

use postcheck_core::Date;
use postcheck_core::authoring::audit::{Audit, AuditOptions, audit, false_alarms_per_rule};

use crate::terminal::{Output, escape, quoted};
use crate::{Failure, Format};

/// `pack audit`: always exit 0 (the findings are advice, like hints).
pub fn run(
    path: &Path,
    lang: Option<&str>,
    date: Option<&str>,
    format: Format,
) -> Result<ExitCode, Failure> {
    let (json, pack) = super::load(path)?;
    let stack = super::on_baseline(path, pack)?;
    let languages: Vec<String> = lang
        .map(|l| {
            l.split(',')
                .map(|x| x.trim().to_ascii_lowercase())
                .filter(|x| !x.is_empty())
                .collect()
        })
        .unwrap_or_default();
    if let Some(bad) = languages.iter().find(|l| {
        !postcheck_core::authoring::corpus::LANGUAGES
            .iter()
            .any(|c| l.starts_with(c))
    }) {
        return Err(Failure::Message(format!(
            "--lang {}: the corpus has posts in de, en, fr and it\n  fix: give some of them, e.g. --lang de,fr",
            escape(bad)
        )));
    }
    let date = match date {
        None => Some(crate::input::today()),
        Some(d) => Some(Date::parse(d).ok_or_else(|| {
            format!(
                "--date {}: not a date\n  fix: write it as YYYY-MM-DD",
                escape(d)
            )
        })?),
    };
    let options = AuditOptions { languages, date };
    let found = audit(&stack, &json, &options);
    let mut out = Output::stdout();
    match format {
        Format::Json => out.json_pretty(&found)?,
        Format::Text => write_text(&mut out, &found, &options, &path.display().to_string())?,
    }
    out.finish()?;
    Ok(ExitCode::SUCCESS)
}

fn write_text(
    out: &mut Output<impl std::io::Write>,
    a: &Audit,
    options: &AuditOptions,
    file: &str,
) -> std::io::Result<()> {
    let langs = if options.languages.is_empty() {
        "de, en, fr, it".to_owned()
    } else {
        options.languages.join(", ")
    };
    out.line(&format!(
        "Audit of {} ({}) on the built-in baseline: {} ordinary posts and {} posts with problems in {langs}, for LinkedIn{}.",
        escape(file),
        escape(&a.pack),
        a.ordinary_posts,
        a.problem_posts,
        options.date.map(|d| format!(", on {d}")).unwrap_or_default()
    ))?;
    out.line("")?;
    out.line(&format!(
        "Probable false alarms (consider or important on an ordinary post): {}",
        a.false_alarms.len()
    ))?;
    for f in &a.false_alarms {
        out.line(&format!(
            "  {}: {}/{} ({}) on {}",
            f.post,
            escape(&f.pack),
            escape(&f.rule),
            f.level.as_str(),
            quoted(&f.passage)
        ))?;
        out.line(&format!("      {}", escape(&f.context)))?;
    }
    let per_rule = false_alarms_per_rule(a);
    if !per_rule.is_empty() {
        let list: Vec<String> = per_rule
            .iter()
            .map(|(rule, n)| format!("{} {n}", escape(rule)))
            .collect();
        out.line(&format!("  by rule: {}", list.join(", ")))?;
        out.line("  fix: add the passage to the rule's `exceptions`, narrow its terms, or give it an `unless`")?;
    }
    out.line("")?;
    out.line(&format!(
        "Terms that are everyday words or place names: {}",
        a.everyday_terms.len()
    ))?;
    for t in &a.everyday_terms {
        let lists: Vec<&str> = t.lists.iter().map(|l| l.describe()).collect();
        match &t.term {
            Some(term) => out.line(&format!(
                "  {} {}: {} is {}",
                escape(&t.rule),
                t.path,
                quoted(term),
                lists.join(" and ")
            ))?,
            None => out.line(&format!(
                "  {} {}: a hashed term is an everyday word or a place name (not shown here)",
                escape(&t.rule),
                t.path
            ))?,
        }
    }
    if !a.everyday_terms.is_empty() {
        out.line("  fix: posts about holidays, weather or business use such words: add `exceptions` or an `unless` for their ordinary sense, or pick a rarer name")?;
    }
    out.line("")?;
    out.line(&format!(
        "Rules that fire on no post of the corpus, only on their own examples: {}",
        a.only_on_examples.len()
    ))?;
    for r in &a.only_on_examples {
        out.line(&format!("  {}", escape(r)))?;
    }
    if !a.only_on_examples.is_empty() {
        out.line("  fix: check that such a rule finds real drafts; try it on a few with `postcheck check --pack` (the corpus has no attached media: rules about images never fire on it)")?;
    }
    out.line("")?;
    out.line(&format!(
        "Rules without a `hit` example: {}",
        a.without_hit_example.len()
    ))?;
    for r in &a.without_hit_example {
        out.line(&format!("  {}", escape(r)))?;
    }
    if !a.without_hit_example.is_empty() {
        out.line("  fix: add `examples.hit` with drafts the rule must find (a hashed_terms rule may go without: an example would reveal its words)")?;
    }
    Ok(())
}
