//! Runs built-in detectors on JSON lines, for the external oracle tests.
//!
//! Reads lines `{"detector": "iban", "text": "...", "options": {...}}` from
//! standard input (`options` is optional, as in a `detector` rule) and prints
//! one line per input: `{"spans": [[start, end, "confidence"], ...]}`, where
//! start and end are BYTE offsets into the UTF-8 text, or `{"error": "..."}`.
//!
//! ```sh
//! cargo build --release --example detect -p postcheck-core
//! echo '{"detector":"iban","text":"IBAN CH93 0076 2011 6238 5295 7"}' | target/release/examples/detect
//! ```

use std::io::{self, BufRead, Write};

use postcheck_core::detectors::{self, Candidate, DetectorOptions};
use serde::Deserialize;
use serde_json::json;

#[derive(Deserialize)]
struct Request {
    detector: String,
    text: String,
    #[serde(default)]
    options: DetectorOptions,
}

fn answer(line: &str) -> serde_json::Value {
    let req: Request = match serde_json::from_str(line) {
        Ok(r) => r,
        Err(e) => return json!({ "error": format!("bad request: {e}") }),
    };
    let Some(detector) = detectors::by_id(&req.detector) else {
        return json!({ "error": format!("no detector {:?}", req.detector) });
    };
    let mut found: Vec<Candidate> = Vec::new();
    detector.find(&req.text, &req.options, &mut found);
    let spans: Vec<serde_json::Value> = found
        .iter()
        .map(|c| json!([c.span.start, c.span.end, c.confidence]))
        .collect();
    json!({ "spans": spans })
}

fn main() -> io::Result<()> {
    let stdin = io::stdin();
    let mut out = io::BufWriter::new(io::stdout().lock());
    for line in stdin.lock().lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        writeln!(out, "{}", answer(&line))?;
    }
    out.flush()
}
