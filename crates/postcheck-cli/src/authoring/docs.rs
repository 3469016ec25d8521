//! `postcheck pack docs`: a pack's guidelines as a page for employees
//! (Markdown or one self-contained HTML file), in the reader's language,
//! with the built-in baseline's checks beneath it unless `--only-pack`.

use std::path::Path;
use std::process::ExitCode;

use clap::ValueEnum;
use postcheck_core::authoring::docs::{guideline_page, guideline_page_on_baseline};
use postcheck_core::engine::stack::baseline;
use postcheck_core::format::locales::Locales;

use crate::Failure;
use crate::input::locales;
use crate::terminal::{Output, escape};

/// The format of the page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum DocsFormat {
    /// Markdown.
    Md,
    /// One HTML page: no script, no external resource.
    Html,
}

/// `pack docs`: writes the page to `out`, or to standard output. The
/// built-in baseline's checks, which employees meet beneath the pack, are
/// on the page too ("Also checked for everyone"), unless `only_pack` (or the
/// pack is an edited copy of the baseline, which takes its place).
pub fn run(
    path: &Path,
    lang: Option<&str>,
    format: DocsFormat,
    out: Option<&Path>,
    only_pack: bool,
) -> Result<ExitCode, Failure> {
    let (_, pack) = super::load(path)?;
    let reader = Locales::new(locales(lang));
    let baseline = if only_pack {
        None
    } else {
        let base =
            baseline().map_err(|e| format!("{}\n  fix: {}", escape(&e.message), escape(&e.fix)))?;
        (base.manifest().id != pack.manifest().id).then_some(base)
    };
    let page = match &baseline {
        Some(base) => guideline_page_on_baseline(&pack, base, reader),
        None => guideline_page(&pack, reader),
    };
    let text = match format {
        DocsFormat::Md => page.to_markdown(),
        DocsFormat::Html => page.to_html(),
    };
    match out {
        Some(file) => std::fs::write(file, text).map_err(|e| {
            format!(
                "cannot write {}: {e}\n  fix: check that its folder exists and can be written",
                escape(&file.display().to_string())
            )
        })?,
        None => {
            let mut stdout = Output::stdout();
            stdout.text(&text)?;
            stdout.finish()?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
