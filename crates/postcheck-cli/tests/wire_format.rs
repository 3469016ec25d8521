//! The JSON the CLI writes stays byte for byte what it was: `postcheck check
//! --no-baseline --format json` (one pack alone) on every case of `tests/wire/cases.json` (the same cases the
//! extension's `test/wasm-results.test.mjs` runs through the wasm engine), and
//! `postcheck pack lint --format json` on the refused packs of `tests/wire/packs`.
//!
//! The expected outputs are the files in `tests/snapshots/wire/`, compared as
//! bytes. After an intended change of the contract, write them again with
//! `POSTCHECK_WRITE_SNAPSHOTS=1 cargo test -p postcheck-cli --test wire_format`
//! and review the diff.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use std::path::{Path, PathBuf};

use serde::Deserialize;

/// One check: a pack, a draft and the options, as `tests/wire/cases.json` lists them.
#[derive(Deserialize)]
struct Case {
    name: String,
    /// Pack file, from the repository's root.
    pack: String,
    /// Draft file, from the repository's root.
    draft: String,
    platform: Option<String>,
    lang: String,
    date: String,
    media: Vec<String>,
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn tests_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests")
}

fn cases() -> Vec<Case> {
    let text = std::fs::read_to_string(tests_dir().join("wire/cases.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// Runs `postcheck` in the repository's root with `args`; its standard output.
fn postcheck(args: &[String]) -> Vec<u8> {
    let out = common::postcheck()
        .args(args)
        .current_dir(repo())
        .env("LANG", "C")
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(
        out.stderr.is_empty(),
        "postcheck {args:?} wrote to stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// Compares `got` with the snapshot `name`, byte for byte (or writes it, see
/// the module's doc). Gives a description of the difference, if any.
fn differs(name: &str, got: &[u8]) -> Option<String> {
    let path = tests_dir().join("snapshots/wire").join(name);
    if std::env::var_os("POSTCHECK_WRITE_SNAPSHOTS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, got).unwrap();
        return None;
    }
    let Ok(want) = std::fs::read(&path) else {
        return Some(format!("{name}: no snapshot at {}", path.display()));
    };
    if want == got {
        return None;
    }
    let at = want
        .iter()
        .zip(got)
        .position(|(a, b)| a != b)
        .unwrap_or(want.len().min(got.len()));
    let around = |b: &[u8]| {
        String::from_utf8_lossy(&b[at.saturating_sub(60)..b.len().min(at + 60)]).into_owned()
    };
    Some(format!(
        "{name}: differs at byte {at} (snapshot {} bytes, output {} bytes)\n  snapshot: {:?}\n  output:   {:?}",
        want.len(),
        got.len(),
        around(&want),
        around(got)
    ))
}

#[test]
fn check_json_is_byte_for_byte_the_snapshot() {
    let cases = cases();
    assert!(cases.len() >= 15, "{} cases", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        // Each case checks its pack alone (`--no-baseline`): the single-pack
        // result, which the wasm engine's `new Engine(pack)` gives too. A
        // stack's result is pinned by `a_stack_result_is_byte_for_byte_the_snapshot`.
        let mut args: Vec<String> = [
            "check",
            "--format",
            "json",
            "--no-baseline",
            "--pack",
            &case.pack,
        ]
        .map(String::from)
        .into();
        if let Some(p) = &case.platform {
            args.extend(["--platform".to_string(), p.clone()]);
        }
        args.extend(["--lang".to_string(), case.lang.clone()]);
        args.extend(["--date".to_string(), case.date.clone()]);
        for m in &case.media {
            args.extend(["--media".to_string(), m.clone()]);
        }
        args.push(case.draft.clone());
        let out = postcheck(&args);
        failures.extend(differs(&format!("check-{}.json", case.name), &out));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A stack's result: the baseline under the example company pack, with
/// `packs` (bottom first) and each hint's `pack`, duplicates merged.
#[test]
fn a_stack_result_is_byte_for_byte_the_snapshot() {
    let args = [
        "check",
        "--format",
        "json",
        "--pack",
        "examples/packs/acme.json",
        "--platform",
        "linkedin",
        "--lang",
        "de",
        "--date",
        "2026-11-25",
        "crates/postcheck-cli/tests/drafts/mixed.txt",
    ]
    .map(String::from);
    let out = postcheck(&args);
    assert_eq!(
        differs("check-stack-starter-acme-linkedin.json", &out),
        None
    );
    let report: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(report["pack"]["id"], "acme-social");
    let layers: Vec<&str> = report["packs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert_eq!(layers, ["postcheck-starter", "acme-social"]);
    assert!(
        report["hints"]
            .as_array()
            .unwrap()
            .iter()
            .all(|h| layers.contains(&h["pack"].as_str().unwrap()))
    );
}

#[test]
fn pack_lint_json_is_byte_for_byte_the_snapshot() {
    let mut failures = Vec::new();
    for name in [
        "not-json",
        "many-problems",
        "failing-example",
        "warnings-only",
    ] {
        let pack = format!("crates/postcheck-cli/tests/wire/packs/{name}.json");
        let out = postcheck(&["pack", "lint", "--format", "json", &pack].map(String::from));
        failures.extend(differs(&format!("lint-{name}.json"), &out));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The snapshots hold what the cases are meant to show: every offset unit
/// matters (characters outside the BMP and combining marks before a hint),
/// absent parts are left out, and hints were left out by the limits.
#[test]
fn the_snapshots_cover_what_the_wire_format_varies_on() {
    let read = |name: &str| -> serde_json::Value {
        let text = std::fs::read_to_string(tests_dir().join("snapshots/wire").join(name)).unwrap();
        serde_json::from_str(&text).unwrap()
    };
    let many = read("check-many-hints-starter-x.json");
    assert_eq!(many["hints"].as_array().unwrap().len(), 200);
    assert!(many["omitted"].as_u64().unwrap() > 0, "{}", many["omitted"]);
    let combining = read("check-combining-starter-none.json");
    assert!(combining["platform"].is_null() && combining["length"].is_null());
    assert!(combining.get("omitted").is_none());
    let draft = std::fs::read_to_string(tests_dir().join("wire/drafts/combining.txt")).unwrap();
    let chars: Vec<char> = draft.chars().collect();
    for hint in combining["hints"].as_array().unwrap() {
        let (start, end) = (
            hint["start"].as_u64().unwrap() as usize,
            hint["end"].as_u64().unwrap() as usize,
        );
        let excerpt: String = chars[start..end].iter().collect();
        if start < end {
            assert_eq!(excerpt, hint["excerpt"].as_str().unwrap());
        }
    }
    let product = read("check-acme-product-en.json");
    let hints = product["hints"].as_array().unwrap();
    assert!(
        hints
            .iter()
            .any(|h| h.get("guideline").is_some() && h.get("contact").is_some())
    );
    assert!(
        hints.iter().any(|h| h["start"] == h["end"]),
        "a hint about the whole post"
    );
    let bare = read("check-orion-bare-linkedin.json");
    let hints = bare["hints"].as_array().unwrap();
    assert!(
        hints
            .iter()
            .all(|h| h.get("guideline").is_none() && h.get("contact").is_none())
    );
    assert!(
        hints.iter().any(|h| h.get("advice").is_some())
            && hints.iter().any(|h| h.get("advice").is_none())
    );
    let sample = read("check-sample-starter-none.json");
    assert!(
        sample["hints"]
            .as_array()
            .unwrap()
            .iter()
            .all(|h| h.get("guideline").is_none_or(|g| g.get("link").is_none()))
    );
}
