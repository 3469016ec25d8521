//! Helpers the CLI's integration tests share.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Write;
use std::process::{Command, Output, Stdio};

/// The `postcheck` binary, kept away from this computer's machine packs: its
/// folder of machine packs (`POSTCHECK_PACKS_DIR`) and its cache are empty
/// folders of the test build, so a developer's own packs (or an IT-installed
/// folder) cannot change what the tests see. A test that wants machine packs
/// sets `POSTCHECK_PACKS_DIR` again.
#[allow(dead_code)]
pub fn postcheck() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_postcheck"));
    command
        .env("POSTCHECK_PACKS_DIR", empty_folder("no-machine-packs"))
        .env("POSTCHECK_CACHE_DIR", empty_folder("no-pack-cache"));
    command
}

/// An empty folder of the test build (made if missing; nothing writes into it).
fn empty_folder(name: &str) -> std::path::PathBuf {
    let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::create_dir_all(&path).unwrap();
    path
}

/// Runs `postcheck` with `args` (`LANG=C`, no colours), writing `stdin` to it
/// from another thread so that a large input and a large output cannot block
/// each other. Also gives whether all of `stdin` was written: the CLI may stop
/// reading early (a draft over the limit), which breaks the pipe.
#[allow(dead_code)]
pub fn postcheck_with_stdin(args: &[&str], stdin: &[u8]) -> (Output, std::io::Result<()>) {
    let mut child = postcheck()
        .args(args)
        .env("LANG", "C")
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    let data = stdin.to_vec();
    let writer = std::thread::spawn(move || input.write_all(&data));
    let out = child.wait_with_output().unwrap();
    let written = writer.join().unwrap();
    (out, written)
}
