//! Helpers the CLI's integration tests share.

use std::io::Write;
use std::process::{Command, Output, Stdio};

/// Runs `postcheck` with `args` (`LANG=C`, no colours), writing `stdin` to it
/// from another thread so that a large input and a large output cannot block
/// each other. Also gives whether all of `stdin` was written: the CLI may stop
/// reading early (a draft over the limit), which breaks the pipe.
pub fn postcheck_with_stdin(args: &[&str], stdin: &[u8]) -> (Output, std::io::Result<()>) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_postcheck"))
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
