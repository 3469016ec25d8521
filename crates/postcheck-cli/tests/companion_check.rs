//! `postcheck check` without `--pack` checks against the computer's stack:
//! the baseline and the machine packs (POSTCHECK_PACKS_DIR here), as the
//! extension gets them from the companion.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};

const PACK: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/signed-pack.json");
const DRAFT: &str = "Write to me: anna@acme.example\n";
/// The machine pack's message for an e-mail address.
const MESSAGE: &str = "is it yours to share?";

fn workdir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "postcheck-companion-check-{}-{name}",
        std::process::id()
    ));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(dir.join("packs")).unwrap();
    dir
}

fn check(dir: &Path, args: &[&str]) -> Output {
    let mut child = common::postcheck()
        .arg("check")
        .args(args)
        .args(["--date", "2026-12-07", "--color", "never"])
        .env("LANG", "C")
        .env("HOME", dir)
        .env("POSTCHECK_PACKS_DIR", dir.join("packs"))
        .env("POSTCHECK_CACHE_DIR", dir.join("cache"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(DRAFT.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn check_uses_the_machine_packs_on_the_baseline() {
    let dir = workdir("uses");
    let file = dir.join("packs/signing-test.json");
    fs::copy(PACK, &file).unwrap();
    let machine = check(&dir, &[]);
    assert!(stdout(&machine).contains(MESSAGE), "{}", stdout(&machine));
    assert!(
        stdout(&machine).contains("signing-test 2026.12.1"),
        "{}",
        stdout(&machine)
    );
    // The same as the stack given by hand: terminal and browser agree.
    let explicit = check(
        &dir,
        &["--no-machine-packs", "--pack", file.to_str().unwrap()],
    );
    assert_eq!(stdout(&machine), stdout(&explicit));
    let json = check(&dir, &["--format", "json"]);
    let explicit_json = check(
        &dir,
        &[
            "--format",
            "json",
            "--no-machine-packs",
            "--pack",
            file.to_str().unwrap(),
        ],
    );
    assert_eq!(stdout(&json), stdout(&explicit_json));
    assert!(
        stdout(&json).contains("\"signing-test\""),
        "{}",
        stdout(&json)
    );
}

#[test]
fn no_machine_packs_and_explicit_packs_leave_them_out() {
    let dir = workdir("opt-out");
    fs::copy(PACK, dir.join("packs/signing-test.json")).unwrap();
    let empty = workdir("opt-out-empty");
    let baseline = check(&empty, &[]);
    let out = check(&dir, &["--no-machine-packs"]);
    assert!(!stdout(&out).contains(MESSAGE), "{}", stdout(&out));
    assert_eq!(stdout(&out), stdout(&baseline));
    let starter = concat!(env!("CARGO_MANIFEST_DIR"), "/../../packs/starter.json");
    let out = check(&dir, &["--pack", starter]);
    assert!(!stdout(&out).contains("signing-test"), "{}", stdout(&out));
}

#[test]
fn without_machine_packs_the_baseline_alone_checks_as_before() {
    let dir = workdir("none");
    let out = check(&dir, &[]);
    assert!(stdout(&out).contains("Pack: "), "{}", stdout(&out));
    assert!(stderr(&out).is_empty(), "{}", stderr(&out));
}

#[test]
fn a_refused_machine_pack_is_named_and_left_out() {
    let dir = workdir("refused");
    fs::write(dir.join("packs/broken.json"), "{ not json").unwrap();
    let out = check(&dir, &[]);
    assert!(!stdout(&out).contains(MESSAGE));
    assert!(
        stderr(&out).contains("broken.json is not used"),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("does not load"), "{}", stderr(&out));
}

#[test]
fn no_baseline_checks_with_the_machine_packs_alone() {
    let dir = workdir("alone");
    fs::copy(PACK, dir.join("packs/signing-test.json")).unwrap();
    let out = check(&dir, &["--no-baseline", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let ids: Vec<&str> = report["packs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["signing-test"], "{report}");
}
