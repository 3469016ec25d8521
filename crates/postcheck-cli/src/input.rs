//! Reading drafts and packs from files or standard input, with clear messages.

use std::io::Read;
use std::path::Path;

use postcheck_core::format::limits::MAX_PACK_BYTES;
use std::path::PathBuf;

use postcheck_core::{
    CompiledPack, Context, Date, HintLimits, PackError, PackStack, Problem, Report, Severity,
    StackOptions, starter_pack,
};

use crate::terminal::escape;

/// Largest draft read, in bytes (a post is a few thousand characters; this is generous).
const MAX_DRAFT_BYTES: u64 = 16 * 1024 * 1024;

/// Reads a text file, or standard input for `None` or `-`.
pub fn read_text(path: Option<&Path>, what: &str, limit: u64) -> Result<String, String> {
    let mut bytes = Vec::new();
    let name = match path {
        Some(p) if p != Path::new("-") => {
            let shown = escape(&p.display().to_string()).into_owned();
            let file = std::fs::File::open(p)
                .map_err(|e| format!("cannot read the {what} {shown}: {e}"))?;
            file.take(limit + 1)
                .read_to_end(&mut bytes)
                .map_err(|e| format!("cannot read the {what} {shown}: {e}"))?;
            shown
        }
        _ => {
            std::io::stdin()
                .take(limit + 1)
                .read_to_end(&mut bytes)
                .map_err(|e| format!("cannot read the {what} from standard input: {e}"))?;
            "standard input".to_string()
        }
    };
    if bytes.len() as u64 > limit {
        return Err(format!(
            "the {what} {name} is larger than {} MB; is it the right file?",
            limit / 1_048_576
        ));
    }
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "the {what} {name} is not UTF-8 text (invalid byte at offset {}); save it as UTF-8",
            e.utf8_error().valid_up_to()
        )
    })
}

/// Reads the draft to check.
pub fn read_draft(path: Option<&Path>) -> Result<String, String> {
    read_text(path, "draft", MAX_DRAFT_BYTES)
}

/// A pack as read from a file, with its name for messages.
pub struct LoadedPack {
    /// The compiled pack.
    pub pack: CompiledPack,
    /// File name, or "built-in starter pack".
    pub name: String,
}

/// Reads the pack file's text; a file over the size limit is refused before it is read whole.
pub fn read_pack_text(path: &Path) -> Result<String, String> {
    // Read one byte more than allowed, so the core reports the size with its usual message.
    read_text(Some(path), "pack", MAX_PACK_BYTES as u64 + 1).map_err(|e| {
        if e.contains("larger than") {
            format!(
                "{}: error: $: the file is larger than {} MB, the most a pack may have\n  fix: check that this is the pack file",
                escape(&path.display().to_string()),
                MAX_PACK_BYTES / 1_048_576
            )
        } else {
            e
        }
    })
}

/// Loads the pack at `path`, or the built-in starter pack.
pub fn load_pack(path: Option<&Path>) -> Result<LoadedPack, String> {
    match path {
        None => CompiledPack::from_json(starter_pack())
            .map(|pack| LoadedPack {
                pack,
                name: "built-in starter pack".to_string(),
            })
            .map_err(|e| format!("the built-in starter pack is broken (please report this):\n{e}")),
        Some(p) => {
            let text = read_pack_text(p)?;
            CompiledPack::from_json(&text)
                .map(|pack| LoadedPack {
                    pack,
                    name: p.display().to_string(),
                })
                .map_err(|e| describe_refusal(&p.display().to_string(), &e))
        }
    }
}

/// What checks a draft: one pack alone, or a stack of packs.
pub enum Checker {
    /// One pack alone: the built-in baseline, or a pack with `--no-baseline`.
    /// Its results are what they always were.
    Single(Box<LoadedPack>),
    /// The baseline and the given packs, or several packs.
    Stack {
        /// The stack.
        stack: PackStack,
        /// The files given, in order.
        files: Vec<String>,
    },
}

impl Checker {
    /// Checks a draft.
    pub fn check(&self, text: &str, ctx: &Context, limits: HintLimits) -> Report {
        match self {
            Checker::Single(loaded) => loaded.pack.check_limited(text, ctx, limits),
            Checker::Stack { stack, .. } => stack.check_limited(text, ctx, limits),
        }
    }

    /// The topmost pack (the only one of a single pack).
    pub fn top(&self) -> Option<&CompiledPack> {
        match self {
            Checker::Single(loaded) => Some(&loaded.pack),
            Checker::Stack { stack, .. } => stack.top(),
        }
    }

    /// Every pack that checks, bottom first.
    pub fn packs(&self) -> Vec<&CompiledPack> {
        match self {
            Checker::Single(loaded) => vec![&loaded.pack],
            Checker::Stack { stack, .. } => stack.packs().collect(),
        }
    }
}

/// Loads what `--pack` (repeated, bottom first) and `--no-baseline` say:
/// nothing: the baseline alone; packs: a stack on the baseline; packs and
/// `--no-baseline`: the packs alone (one pack: checked alone, as a single pack).
pub fn load_checker(paths: &[PathBuf], no_baseline: bool) -> Result<Checker, String> {
    match (paths, no_baseline) {
        ([], false) => load_pack(None).map(|p| Checker::Single(Box::new(p))),
        ([], true) => Err(
            "--no-baseline leaves nothing to check with: give the packs to check with --pack PACK (repeat it for several)"
                .into(),
        ),
        ([one], true) => load_pack(Some(one)).map(|p| Checker::Single(Box::new(p))),
        (paths, no_baseline) => {
            let mut packs = Vec::with_capacity(paths.len());
            for p in paths {
                packs.push(load_pack(Some(p))?.pack);
            }
            let files: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
            let options = StackOptions {
                baseline: !no_baseline,
            };
            PackStack::new(packs, options)
                .map(|stack| Checker::Stack { stack, files })
                .map_err(|e| {
                    format!(
                        "the packs {} cannot be stacked: {}\n  fix: {}",
                        escape(&paths.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ")),
                        escape(&e.message),
                        escape(&e.fix)
                    )
                })
        }
    }
}

/// A refused pack, described with the file name before every problem.
pub fn describe_refusal(file: &str, e: &PackError) -> String {
    let n = e.errors().count();
    let mut out = format!(
        "the pack {} was refused ({n} problem{} to fix):",
        escape(file),
        if n == 1 { "" } else { "s" }
    );
    for p in &e.problems {
        out.push('\n');
        out.push_str(&located(file, p));
    }
    out
}

/// A problem as `file:line: error: path (rule "id"): message` and its fix, the
/// form editors and terminals turn into a link to the place. Every part is
/// escaped: paths, rule ids and messages quote the pack (field names, ids,
/// locale keys, links).
pub fn located(file: &str, p: &Problem) -> String {
    let mut out = escape(file).into_owned();
    if let Some(line) = p.line {
        out.push_str(&format!(":{line}"));
        if let Some(column) = p.column {
            out.push_str(&format!(":{column}"));
        }
    }
    let severity = match p.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    out.push_str(&format!(": {severity}: {}", escape(&p.path)));
    if let Some(rule) = &p.rule {
        out.push_str(&format!(" (rule \"{}\")", escape(rule)));
    }
    out.push_str(&format!(": {}", escape(&p.message)));
    if let Some(fix) = &p.fix {
        out.push_str(&format!("\n  fix: {}", escape(fix)));
    }
    out
}

/// Today's date (UTC) from the system clock.
pub fn today() -> Date {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    Date::from_days_since_epoch(i64::try_from(secs / 86_400).unwrap_or(0))
}

/// The reader's locales, most preferred first and never empty: those of
/// `--lang` (one, or several separated by commas: `de-CH,fr`), else those of
/// the environment as gettext reads it: `LANGUAGE` (a list separated by
/// colons, `de_CH:fr`) when a locale is set, then LC_ALL / LC_MESSAGES / LANG
/// (`de_CH.UTF-8` → `de-CH`); else `en`. A hint text the pack lacks in the
/// first is looked for in the next (the order: `postcheck_core::format::locales`).
pub fn locales(arg: Option<&str>) -> Vec<String> {
    locales_from(arg, |name| std::env::var(name).ok())
}

/// [`locales`] with the environment read by `var`.
fn locales_from(arg: Option<&str>, var: impl Fn(&str) -> Option<String>) -> Vec<String> {
    let clean = |v: &str| {
        v.split(['.', '@'])
            .next()
            .unwrap_or_default()
            .trim()
            .replace('_', "-")
    };
    let keep = |l: &String| !l.is_empty() && l != "C" && l != "POSIX";
    let mut found: Vec<String> = match arg {
        Some(list) => list.split(',').map(clean).filter(keep).collect(),
        None => {
            let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
                .iter()
                .filter_map(|name| var(name))
                .map(|v| clean(&v))
                .find(keep);
            match locale {
                // gettext ignores LANGUAGE in the C locale; so does postcheck.
                None => Vec::new(),
                Some(locale) => var("LANGUAGE")
                    .unwrap_or_default()
                    .split(':')
                    .map(clean)
                    .filter(keep)
                    .chain([locale])
                    .collect(),
            }
        }
    };
    if found.is_empty() {
        found.push("en".to_string());
    }
    found
}

#[cfg(test)]
mod tests {
    use super::locales_from;
    use std::collections::HashMap;

    fn env(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let vars: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |name| vars.get(name).cloned()
    }

    #[test]
    fn the_option_comes_first_and_may_list_several() {
        let lang = env(&[("LANG", "fr_CH.UTF-8")]);
        assert_eq!(locales_from(Some("de-CH"), &lang), ["de-CH"]);
        assert_eq!(locales_from(Some("it_CH, de ,"), &lang), ["it-CH", "de"]);
        assert_eq!(locales_from(Some(""), &lang), ["en"]);
    }

    #[test]
    fn the_environment_gives_language_then_the_locale() {
        let vars = env(&[("LANG", "de_CH.UTF-8"), ("LANGUAGE", "it_CH:fr")]);
        assert_eq!(locales_from(None, &vars), ["it-CH", "fr", "de-CH"]);
        let vars = env(&[("LC_ALL", "fr_FR@euro"), ("LANG", "de_CH.UTF-8")]);
        assert_eq!(locales_from(None, &vars), ["fr-FR"]);
        let vars = env(&[("LC_MESSAGES", "it_IT.UTF-8"), ("LANG", "C")]);
        assert_eq!(locales_from(None, &vars), ["it-IT"]);
    }

    #[test]
    fn the_c_locale_and_nothing_give_english() {
        assert_eq!(locales_from(None, env(&[])), ["en"]);
        let vars = env(&[("LANG", "C"), ("LANGUAGE", "de:fr")]);
        assert_eq!(locales_from(None, &vars), ["en"]);
        let vars = env(&[("LANG", "POSIX.UTF-8")]);
        assert_eq!(locales_from(None, &vars), ["en"]);
    }
}
