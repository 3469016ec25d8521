//! One function that compiles a pattern and finds its matches: everything of
//! the regex crate a pack pattern can use is kept, nothing else is there.

use wasm_bindgen::prelude::wasm_bindgen;

/// The start and end of every match of `pattern` in `text`, one after the other.
#[wasm_bindgen]
pub fn find(pattern: &str, text: &str) -> Result<Vec<usize>, String> {
    let regex = regex::Regex::new(pattern).map_err(|e| e.to_string())?;
    Ok(regex
        .find_iter(text)
        .flat_map(|m| [m.start(), m.end()])
        .collect())
}
