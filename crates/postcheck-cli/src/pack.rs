//! `postcheck pack ...`: lint, test, inspect and write rule packs.

use std::path::Path;
use std::process::ExitCode;

use postcheck_core::{CompiledPack, Severity, hash_term, mark_term, starter_pack, term_word_count};

use crate::Format;
use crate::input::{describe_refusal, load_pack, locale, located, read_pack_text, read_text};

/// `pack lint`: every problem with its place and fix; exit 1 when the pack would be refused.
pub fn lint(path: &Path, format: Format) -> Result<ExitCode, String> {
    let text = read_pack_text(path)?;
    let file = path.display().to_string();
    let (problems, pack) = match CompiledPack::from_json(&text) {
        Ok(pack) => (pack.warnings().to_vec(), Some(pack)),
        Err(e) => (e.problems, None),
    };
    let errors = problems
        .iter()
        .filter(|p| p.severity == Severity::Error)
        .count();
    let warnings = problems.len() - errors;
    match format {
        Format::Json => {
            let out = serde_json::json!({ "file": file, "ok": errors == 0, "problems": problems });
            println!(
                "{}",
                serde_json::to_string_pretty(&out).map_err(|e| e.to_string())?
            );
        }
        Format::Text => {
            for p in &problems {
                println!("{}", located(&file, p));
            }
            match pack {
                Some(pack) => println!(
                    "{file}: ok: {} rules, {} examples pass, {warnings} warning{}",
                    pack.rule_count(),
                    pack.run_examples().len(),
                    if warnings == 1 { "" } else { "s" }
                ),
                None => println!(
                    "{file}: refused: {errors} error{}, {warnings} warning{}",
                    if errors == 1 { "" } else { "s" },
                    if warnings == 1 { "" } else { "s" }
                ),
            }
        }
    }
    Ok(if errors == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// `pack test`: runs every example and reports each failure; exit 1 on any failure.
pub fn test(path: &Path) -> Result<ExitCode, String> {
    let text = read_pack_text(path)?;
    let file = path.display().to_string();
    let pack =
        CompiledPack::from_json_without_examples(&text).map_err(|e| describe_refusal(&file, &e))?;
    let results = pack.run_examples();
    let failed: Vec<_> = results.iter().filter(|r| !r.passed).collect();
    for r in &failed {
        println!(
            "FAIL {} {}: {:?} should {}trigger the rule",
            r.rule,
            r.path,
            r.text,
            if r.should_hit { "" } else { "not " }
        );
    }
    let info = pack.info("en");
    let rules_without: Vec<&str> = info
        .rules
        .iter()
        .filter(|rule| !results.iter().any(|r| r.rule == rule.id))
        .map(|rule| rule.id.as_str())
        .collect();
    let passed = results.len() - failed.len();
    println!("{passed} passed, {} failed", failed.len());
    if !rules_without.is_empty() {
        println!("rules without examples: {}", rules_without.join(", "));
    }
    Ok(if failed.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// `pack schema`.
pub fn schema() -> Result<ExitCode, String> {
    print!("{}", postcheck_core::schema::pack_schema());
    Ok(ExitCode::SUCCESS)
}

/// `pack starter`.
pub fn starter() -> Result<ExitCode, String> {
    print!("{}", starter_pack());
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
pub fn hash_terms(file: Option<&Path>, salt: Option<String>, id: &str) -> Result<ExitCode, String> {
    let text = read_text(file, "term list", 64 * 1024 * 1024)?;
    let terms: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|t| !t.is_empty() && !t.starts_with('#'))
        .collect();
    if terms.is_empty() {
        return Err(
            "no terms to hash: give one term per line (lines starting with # are comments)".into(),
        );
    }
    let salt = salt.unwrap_or_else(new_salt);
    // Sorted by hash, so the order says nothing about the list; each mark stays
    // with its hash (a term written twice, or folded alike, is kept once).
    let mut hashed: Vec<(String, u16)> = terms
        .iter()
        .map(|t| (hash_term(&salt, t), mark_term(&salt, t)))
        .collect();
    hashed.sort();
    hashed.dedup();
    let (hashes, marks): (Vec<String>, Vec<u16>) = hashed.into_iter().unzip();
    let max_words = terms
        .iter()
        .map(|t| term_word_count(t))
        .max()
        .unwrap_or(1)
        .clamp(1, 8);
    let rule = serde_json::json!({
        "id": id,
        "kind": "hashed_terms",
        "category": "confidential",
        "level": "important",
        "message": {
            "en": "This looks like an unannounced code name. Please keep it internal until it is public.",
            "de": "Das sieht nach einem unveröffentlichten Codenamen aus. Bitte intern halten, bis er öffentlich ist."
        },
        "salt": salt,
        "max_words": max_words,
        "hashes": hashes,
        "marks": marks,
    });
    println!(
        "{}",
        serde_json::to_string_pretty(&rule).map_err(|e| e.to_string())?
    );
    eprintln!(
        "postcheck: {} term{} hashed. Paste the rule into your pack's \"rules\"; keep the word list itself out of the pack.",
        terms.len(),
        if terms.len() == 1 { "" } else { "s" }
    );
    Ok(ExitCode::SUCCESS)
}

/// `pack info`.
pub fn info(path: Option<&Path>, lang: Option<String>, format: Format) -> Result<ExitCode, String> {
    let loaded = load_pack(path)?;
    let info = loaded.pack.info(&locale(lang));
    if format == Format::Json {
        println!(
            "{}",
            serde_json::to_string_pretty(&info).map_err(|e| e.to_string())?
        );
        return Ok(ExitCode::SUCCESS);
    }
    println!("{} {} ({})", info.name, info.version, info.id);
    println!(
        "Published by {} on {}; languages: {}",
        info.publisher,
        info.date,
        info.languages.join(", ")
    );
    if let Some(d) = &info.description {
        println!("{d}");
    }
    if let Some(u) = &info.update_url {
        println!("Updates: {u}");
    }
    println!(
        "\n{} rules ({} distinct terms):",
        info.rules.len(),
        info.terms
    );
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
            format!(" [{}]", scope.join(", "))
        };
        let dates: String = [
            r.public_from
                .as_ref()
                .map(|d| format!(" (until public on {d})")),
            r.valid_until
                .as_ref()
                .map(|d| format!(" (valid until {d})")),
        ]
        .into_iter()
        .flatten()
        .collect();
        println!(
            "  {:<28} {:<12} {:<13} {:<9}{scope}{dates}",
            r.id,
            r.kind,
            r.category.as_str(),
            r.level.as_str()
        );
    }
    if !info.guidelines.is_empty() {
        println!("\nGuidelines:");
        for g in &info.guidelines {
            let link = g
                .link
                .as_deref()
                .map(|l| format!(" <{l}>"))
                .unwrap_or_default();
            println!("  {}: {}{link}", g.id, g.title);
        }
    }
    if !info.contacts.is_empty() {
        println!("\nContacts:");
        for c in &info.contacts {
            let how: Vec<&str> = [c.email.as_deref(), c.phone.as_deref(), c.url.as_deref()]
                .into_iter()
                .flatten()
                .collect();
            println!("  {}: {} ({})", c.id, c.name, how.join(", "));
        }
    }
    Ok(ExitCode::SUCCESS)
}
