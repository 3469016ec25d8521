//! `postcheck check`: check a draft and print the hints.

use std::process::ExitCode;

use postcheck_core::{Context, Date, Hint, HintLimits, Media, Platform, Report};
use serde::Serialize;

use crate::input::{load_pack, locale, read_draft, today};
use crate::render;
use crate::style::Style;
use crate::terminal::{Output, escape};
use crate::{CheckArgs, Failure, Format, MediaArg, PlatformArg};

/// The most hints `postcheck check` gives: the extension's limits, so that
/// both show the same hints of a draft. A pack and a draft are untrusted: 5,000
/// rules on one detector and a draft with 250 e-mail addresses would otherwise
/// make more than a million hints. The rest are counted, not built.
pub const LIMITS: HintLimits = HintLimits::EXTENSION;

/// The JSON output: the machine contract of `postcheck check --format json`.
#[derive(Serialize)]
struct JsonReport<'a> {
    pack: JsonPack<'a>,
    platform: Option<&'static str>,
    length: Option<postcheck_core::Length>,
    hints: Vec<JsonHint<'a>>,
    /// Hints left out by [`LIMITS`]; not written when zero.
    #[serde(skip_serializing_if = "is_zero")]
    omitted: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

#[derive(Serialize)]
struct JsonPack<'a> {
    id: &'a str,
    version: &'a str,
}

/// A hint with `start`/`end` counted in Unicode scalar values of the input.
#[derive(Serialize)]
struct JsonHint<'a> {
    rule: &'a str,
    category: postcheck_core::Category,
    level: postcheck_core::Level,
    start: usize,
    end: usize,
    excerpt: &'a str,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    advice: Option<&'a str>,
    suggestions: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    guideline: Option<&'a postcheck_core::GuidelineRef>,
    #[serde(skip_serializing_if = "Option::is_none")]
    contact: Option<&'a postcheck_core::ContactRef>,
}

impl<'a> JsonHint<'a> {
    fn new(chars: &CharOffsets, h: &'a Hint) -> JsonHint<'a> {
        JsonHint {
            rule: &h.rule,
            category: h.category,
            level: h.level,
            start: chars.of(h.start),
            end: chars.of(h.end),
            excerpt: &h.excerpt,
            message: &h.message,
            advice: h.advice.as_deref(),
            suggestions: &h.suggestions,
            guideline: h.guideline.as_ref(),
            contact: h.contact.as_ref(),
        }
    }
}

/// Converts byte offsets to Unicode scalar value offsets; built once per draft,
/// so a draft with many hints is not re-counted from the start for each.
struct CharOffsets(Vec<usize>);

impl CharOffsets {
    fn new(text: &str) -> CharOffsets {
        CharOffsets(text.char_indices().map(|(i, _)| i).collect())
    }

    /// Number of characters that start before `byte`.
    fn of(&self, byte: usize) -> usize {
        self.0.partition_point(|&start| start < byte)
    }
}

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
    let loaded = load_pack(args.pack.as_deref())?;
    let text = read_draft(args.file.as_deref())?;
    let ctx = Context {
        platform: args.platform.map(platform),
        locale: locale(args.lang.clone()),
        date: Some(date),
        media: args.media.iter().copied().map(media).collect(),
    };
    let report = loaded.pack.check_limited(&text, &ctx, LIMITS);
    let manifest = loaded.pack.manifest();
    let mut out = Output::stdout();
    match args.format {
        Format::Json => {
            let chars = CharOffsets::new(&text);
            let json = JsonReport {
                pack: JsonPack {
                    id: &manifest.id,
                    version: &manifest.version,
                },
                platform: ctx.platform.map(Platform::as_str),
                length: report.length,
                hints: report
                    .hints
                    .iter()
                    .map(|h| JsonHint::new(&chars, h))
                    .collect(),
                omitted: report.omitted,
            };
            out.json_pretty(&json)?;
        }
        Format::Text => {
            let style = Style::new(args.color);
            let file = match args.file.as_deref() {
                Some(p) if p != std::path::Path::new("-") => {
                    escape(&p.display().to_string()).into_owned()
                }
                _ => "<stdin>".to_string(),
            };
            let lengths = lengths(&loaded.pack, &text, &report, ctx.platform);
            render::report(&mut out, &style, &file, &text, &report, LIMITS, &lengths)?;
            out.line(&format!(
                "Pack: {} {} ({})",
                escape(&manifest.id),
                escape(&manifest.version),
                escape(&loaded.name)
            ))?;
        }
    }
    out.finish()?;
    Ok(ExitCode::SUCCESS)
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
