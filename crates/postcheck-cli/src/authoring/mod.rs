//! Commands for pack authors beyond lint and test: `pack new` (a pack to
//! fill in), `pack audit` (what a pack does to ordinary posts) and `pack
//! docs` (the guidelines as a page for employees).

pub mod audit;
pub mod docs;
pub mod new;

use std::path::Path;

use postcheck_core::{CompiledPack, PackStack, StackOptions};

use crate::input::{describe_refusal, read_pack_text};
use crate::terminal::escape;

/// Reads and loads the pack at `path`: its JSON and the pack.
fn load(path: &Path) -> Result<(String, CompiledPack), String> {
    let text = read_pack_text(path)?;
    let pack = CompiledPack::from_json(&text)
        .map_err(|e| describe_refusal(&path.display().to_string(), &e))?;
    Ok((text, pack))
}

/// The pack on the built-in baseline, as the extension checks with it.
fn on_baseline(path: &Path, pack: CompiledPack) -> Result<PackStack, String> {
    PackStack::new(vec![pack], StackOptions::default()).map_err(|e| {
        format!(
            "{} cannot be stacked on the baseline: {}\n  fix: {}",
            escape(&path.display().to_string()),
            escape(&e.message),
            escape(&e.fix)
        )
    })
}
