//! `postcheck pack docs`: a pack's guidelines as a page for employees
//! (Markdown or one self-contained HTML file), in the reader's language.

use std::path::Path;
use std::process::ExitCode;

use clap::ValueEnum;
use postcheck_core::authoring::docs::guideline_page;
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

/// `pack docs`: writes the page to `out`, or to standard output.
pub fn run(
    path: &Path,
    lang: Option<&str>,
    format: DocsFormat,
    out: Option<&Path>,
) -> Result<ExitCode, Failure> {
    let (_, pack) = super::load(path)?;
    let page = guideline_page(&pack, Locales::new(locales(lang)));
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
