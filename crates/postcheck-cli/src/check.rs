//! `postcheck check`: check a draft and print the hints.

use std::process::ExitCode;

use postcheck_core::{
    Absent, Context, Date, HintLimits, Media, Offsets, PackStack, Platform, Report, StackOptions,
};

use crate::companion::machine_packs::{self, PackState};
use crate::companion::places::Places;
use crate::terminal;

use crate::input::{Checker, load_checker, locales, read_draft, today};
use crate::render;
use crate::style::Style;
use crate::terminal::{Output, escape};
use crate::{CheckArgs, Failure, Format, MediaArg, PlatformArg};

/// The most hints `postcheck check` gives: the extension's limits, so that
/// both show the same hints of a draft. A pack and a draft are untrusted: 5,000
/// rules on one detector and a draft with 250 e-mail addresses would otherwise
/// make more than a million hints. The rest are counted, not built.
pub const LIMITS: HintLimits = HintLimits::EXTENSION;

fn platform(p: PlatformArg) -> Platform {
    match p {
        PlatformArg::X => Platform::X,
        PlatformArg::Linkedin => Platform::Linkedin,
    }
}

fn media(m: MediaArg) -> Media {
    match m {
        MediaArg::Image => Media::Image,
        MediaArg::Video => Media::Video,
        MediaArg::Document => Media::Document,
    }
}

/// Runs the check. Exit status 0 whatever the hints (and however many were
/// left out): they are advice.
pub fn run(args: &CheckArgs) -> Result<ExitCode, Failure> {
    let date = match &args.date {
        Some(d) => Date::parse(d).ok_or_else(|| {
            format!(
                "--date {}: write the date as YYYY-MM-DD, e.g. 2026-03-01",
                escape(d)
            )
        })?,
        None => today(),
    };
    let checker = if args.pack.is_empty() && !args.no_machine_packs {
        machine_checker(args.no_baseline)?
    } else {
        load_checker(&args.pack, args.no_baseline)?
    };
    let text = read_draft(args.file.as_deref())?;
    let mut reader = locales(args.lang.as_deref()).into_iter();
    let ctx = Context {
        platform: args.platform.map(platform),
        locale: reader.next().unwrap_or_else(|| "en".to_string()),
        fallback_locales: reader.collect(),
        date: Some(date),
        media: args.media.iter().copied().map(media).collect(),
    };
    let report = checker.check(&text, &ctx, LIMITS);
    let mut out = Output::stdout();
    match args.format {
        Format::Json => {
            // The machine contract: spans in characters (Unicode scalar
            // values), absent parts left out, `omitted` only when not zero.
            let report = report.with_offsets(&text, Offsets::Chars);
            out.json_pretty(&report.serialize_as(Absent::Skip))?;
        }
        Format::Text => {
            let style = Style::new(args.color);
            let file = match args.file.as_deref() {
                Some(p) if p != std::path::Path::new("-") => {
                    escape(&p.display().to_string()).into_owned()
                }
                _ => "<stdin>".to_string(),
            };
            if let Some(top) = checker.top() {
                let lengths = lengths(top, &text, &report, ctx.platform);
                render::report(&mut out, &style, &file, &text, &report, LIMITS, &lengths)?;
            }
            out.line(&packs_line(&checker, &report))?;
            for line in expired_lines(&checker, date) {
                out.line(&line)?;
            }
        }
    }
    out.finish()?;
    Ok(ExitCode::SUCCESS)
}

/// Without `--pack`: the computer's stack, the baseline and the machine packs
/// in use (as the extension gets them from the companion), so that the
/// terminal and the browsers give the same hints. Refused machine packs are
/// named on standard error. Without any machine pack: the baseline alone.
fn machine_checker(no_baseline: bool) -> Result<Checker, Failure> {
    let places = Places::of_this_computer();
    let machine = machine_packs::load(&places);
    for pack in &machine.packs {
        if pack.state != PackState::Ok {
            let what = if pack.state == PackState::Previous {
                "uses its previous good copy"
            } else {
                "is not used"
            };
            terminal::error(&format!(
                "note: the machine pack {} {what}: {}",
                escape(&pack.file.display().to_string()),
                escape(&pack.problems.join("; "))
            ));
        }
    }
    let mut packs = Vec::new();
    let mut files = Vec::new();
    for pack in machine.packs {
        if let Some(accepted) = pack.accepted {
            files.push(pack.file.display().to_string());
            packs.push(accepted.pack);
        }
    }
    if packs.is_empty() {
        return Ok(load_checker(&[], no_baseline)?);
    }
    let options = StackOptions {
        baseline: !no_baseline,
    };
    PackStack::new(packs, options)
        .map(|stack| Checker::Stack { stack, files })
        .map_err(|e| {
            Failure::Message(format!(
                "the machine packs {} cannot be stacked: {}\n  fix: {}; or check without them with --no-machine-packs",
                escape(&machine.folders.iter().map(|f| f.folder.path.display().to_string()).collect::<Vec<_>>().join(", ")),
                escape(&e.message),
                escape(&e.fix)
            ))
        })
}

/// A line for each pack past its `expires` date: it still checks, but its
/// publisher has a newer one (text output only; the JSON is unchanged).
fn expired_lines(checker: &Checker, today: Date) -> Vec<String> {
    checker
        .packs()
        .into_iter()
        .filter_map(|pack| {
            let m = pack.manifest();
            let expires = m.expires.filter(|d| *d < today)?;
            Some(format!(
                "Note: the pack {} {} is out of date since {expires}; it still checks, but ask its publisher ({}) for the newer one.",
                escape(&m.id),
                escape(&m.version),
                escape(&m.publisher)
            ))
        })
        .collect()
}

/// The last line: the pack that checked, or the layers of the stack, bottom first.
fn packs_line(checker: &Checker, report: &Report) -> String {
    match checker {
        Checker::Single(loaded) => {
            let manifest = loaded.pack.manifest();
            format!(
                "Pack: {} {} ({})",
                escape(&manifest.id),
                escape(&manifest.version),
                escape(&loaded.name)
            )
        }
        Checker::Stack { files, .. } => {
            let layers: Vec<String> = report
                .packs
                .iter()
                .map(|p| format!("{} {}", escape(&p.id), escape(&p.version)))
                .collect();
            format!(
                "Packs, bottom first: {} ({})",
                layers.join(", "),
                escape(&files.join(", "))
            )
        }
    }
}

/// The lengths to show: the chosen platform, or both when none was chosen.
fn lengths(
    pack: &postcheck_core::CompiledPack,
    text: &str,
    report: &Report,
    chosen: Option<Platform>,
) -> Vec<(String, usize, usize)> {
    let name = |p: Platform| match p {
        Platform::X => "X",
        Platform::Linkedin => "LinkedIn",
    };
    match (chosen, report.length) {
        (Some(p), Some(l)) => vec![(name(p).to_string(), l.used, l.limit)],
        _ => [Platform::Linkedin, Platform::X]
            .into_iter()
            .map(|p| {
                let used = postcheck_core::platform::length(p, text);
                (
                    name(p).to_string(),
                    used,
                    pack.platform_settings(p).max_length,
                )
            })
            .collect(),
    }
}
