//! Reads JSON strings, one per line, on stdin; prints for each a JSON line with its X
//! weighted length and its links as UTF-16 index ranges (as twitter-text reports them):
//! `{"weightedLength":26,"urls":[[3,17]]}`.
//!
//! Used by the differential test against the npm package twitter-text
//! (`tests/twitter-text/run.sh test`):
//!
//! ```text
//! echo '"Hi http://test.co"' | cargo run -q --example x_length -p postcheck-core
//! ```

use std::io::{BufRead, BufWriter, Write};

use postcheck_core::platform::{urls::find_urls, x_length::weighted_length};

/// The UTF-16 index of byte offset `byte` in `text`.
fn utf16_index(text: &str, byte: usize) -> usize {
    text.get(..byte).map_or(0, |s| s.encode_utf16().count())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let stdin = std::io::stdin();
    let mut out = BufWriter::new(std::io::stdout().lock());
    for line in stdin.lock().lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let text: String = serde_json::from_str(&line)?;
        let urls: Vec<[usize; 2]> = find_urls(&text)
            .into_iter()
            .map(|r| [utf16_index(&text, r.start), utf16_index(&text, r.end)])
            .collect();
        let result = serde_json::json!({ "weightedLength": weighted_length(&text), "urls": urls });
        writeln!(out, "{result}")?;
    }
    out.flush()?;
    Ok(())
}
