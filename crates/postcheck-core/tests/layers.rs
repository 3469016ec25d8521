//! The core's top-level modules form layers: each imports (by `crate::` paths,
//! outside `#[cfg(test)]`) only the modules below it in [`LAYERS`].
//! A new arrow upwards, which would make a cycle, fails here with the file.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::indexing_slicing)]

use std::fs;
use std::path::{Path, PathBuf};

const SRC: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/src");

/// The layers, bottom first (docs/architecture.md draws them): a module may
/// import those before it in this list, never those after it.
const LAYERS: [&str; 9] = [
    "format",
    "context",
    "text",
    "platform",
    "detectors",
    "rules",
    "engine",
    "schema",
    "authoring",
];

/// The top-level modules `lib.rs` declares.
fn declared_modules() -> Vec<String> {
    let lib = fs::read_to_string(Path::new(SRC).join("lib.rs")).expect("lib.rs");
    lib.lines()
        .filter_map(|l| {
            l.trim()
                .strip_prefix("pub mod ")
                .or_else(|| l.trim().strip_prefix("mod "))
        })
        .filter_map(|l| l.strip_suffix(';'))
        .filter(|m| *m != "testing")
        .map(str::to_string)
        .collect()
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).expect("readable source folder").flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The code of a file without its test module(s) and comments.
fn code_outside_tests(text: &str) -> String {
    let text = text.split("#[cfg(test)]").next().unwrap_or_default();
    text.lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The top-level modules a file's code names with `crate::name`.
fn imports(code: &str) -> Vec<String> {
    code.match_indices("crate::")
        .map(|(i, m)| {
            code[i + m.len()..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect::<String>()
        })
        .collect()
}

#[test]
fn every_module_imports_only_the_layers_below_it() {
    let mut declared = declared_modules();
    declared.sort();
    let mut layers = LAYERS.map(str::to_string).to_vec();
    layers.sort();
    assert_eq!(
        declared, layers,
        "every module of lib.rs has its place in LAYERS"
    );
    let layers = LAYERS;
    let mut files = Vec::new();
    rust_files(Path::new(SRC), &mut files);
    let mut upward = Vec::new();
    for file in &files {
        let rel = file.strip_prefix(SRC).expect("under src");
        let top = rel
            .components()
            .next()
            .and_then(|c| c.as_os_str().to_str())
            .map(|s| s.trim_end_matches(".rs").to_string())
            .unwrap_or_default();
        let Some(level) = layers.iter().position(|l| *l == top) else {
            continue; // lib.rs, testing.rs
        };
        let code = code_outside_tests(&fs::read_to_string(file).expect("readable"));
        for target in imports(&code) {
            match layers.iter().position(|l| *l == target) {
                Some(t) if t > level => upward.push(format!(
                    "{}: `{top}` imports `{target}`, a layer above it",
                    rel.display()
                )),
                _ => {}
            }
        }
    }
    assert!(
        upward.is_empty(),
        "imports against the layers (see docs/architecture.md):\n{}",
        upward.join("\n")
    );
}

#[test]
fn an_upward_import_is_seen() {
    let code = code_outside_tests("use crate::engine::CompiledPack;\n#[cfg(test)]\nuse crate::x;");
    assert_eq!(imports(&code), ["engine"]);
    assert!(imports(&code_outside_tests("// crate::engine\n")).is_empty());
}
