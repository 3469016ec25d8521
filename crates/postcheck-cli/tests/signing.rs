//! Signed packs: `pack keygen`, `pack sign`, `pack verify`, and their
//! interoperability with the `minisign` tool both ways (Debian's package
//! `minisign`; `./build.sh test` installs it). The tool is the oracle: what
//! postcheck writes, minisign must accept, and the reverse.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The test pack (it loads, its examples pass).
const PACK: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/signed-pack.json");
/// The trusted comment that names it.
const COMMENT: &str = "postcheck-pack id=signing-test version=2026.12.1";

/// A fresh, empty folder for one test, with a copy of the test pack as `pack.json`.
fn workdir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("postcheck-signing-{}-{name}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    fs::copy(PACK, dir.join("pack.json")).unwrap();
    dir
}

fn postcheck_in(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = common::postcheck();
    command
        .args(args)
        .current_dir(dir)
        .env("LANG", "C")
        .env_remove("POSTCHECK_KEY_PASSWORD")
        .stdin(Stdio::null());
    for (k, v) in env {
        command.env(k, v);
    }
    command.output().unwrap()
}

fn postcheck(dir: &Path, args: &[&str]) -> Output {
    postcheck_in(dir, args, &[])
}

/// Runs Debian's `minisign` in `dir`, with `stdin` as its standard input (the password).
fn minisign(dir: &Path, args: &[&str], stdin: &str) -> Output {
    let child = Command::new("minisign")
        .args(args)
        .current_dir(dir)
        .env("HOME", dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let mut child = match child {
        Ok(child) => child,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => panic!(
            "the `minisign` tool is missing, and the interoperability tests need it: install it (Debian: `apt-get install minisign`; `./build.sh test` installs it)"
        ),
        Err(e) => panic!("cannot run minisign: {e}"),
    };
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[track_caller]
fn assert_ok(o: &Output) {
    assert!(
        o.status.success(),
        "exit {:?}\nstdout: {}\nstderr: {}",
        o.status,
        stdout(o),
        stderr(o)
    );
}

/// The key id in a public key file's comment (`minisign public key 85DDAA14F41B9329`),
/// as postcheck writes it: 16 digits. (minisign leaves leading zeros out of
/// its comment: one key in 16 has a 15-digit id there.)
fn key_id(public_key_file: &Path) -> String {
    let text = fs::read_to_string(public_key_file).unwrap();
    let id = text
        .lines()
        .next()
        .unwrap()
        .rsplit(' ')
        .next()
        .unwrap()
        .to_string();
    assert!((1..=16).contains(&id.len()), "{text}");
    assert!(id.chars().all(|c| c.is_ascii_hexdigit()), "{text}");
    format!("{id:0>16}")
}

/// `pack keygen --out NAME` (unencrypted) in `dir`; the key id.
fn keygen(dir: &Path, name: &str) -> String {
    let out = postcheck(dir, &["pack", "keygen", "--out", name]);
    assert_ok(&out);
    let id = key_id(&dir.join(format!("{name}.pub")));
    assert!(stdout(&out).contains(&id), "{}", stdout(&out));
    id
}

#[test]
fn keygen_sign_verify_round_trip() {
    let dir = workdir("round-trip");
    let id = keygen(&dir, "team");

    let public = fs::read_to_string(dir.join("team.pub")).unwrap();
    let lines: Vec<&str> = public.lines().collect();
    assert_eq!(lines.len(), 2, "{public}");
    assert_eq!(
        lines[0],
        format!("untrusted comment: minisign public key {id}")
    );
    assert!(
        lines[1].starts_with("RW") && lines[1].len() == 56,
        "{public}"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(dir.join("team.key"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "the secret key is for its owner only");
    }

    let signed = postcheck(&dir, &["pack", "sign", "pack.json", "--key", "team.key"]);
    assert_ok(&signed);
    assert!(
        stdout(&signed).contains(&format!(
            "signed pack \"signing-test\" version \"2026.12.1\" with key {id}"
        )),
        "{}",
        stdout(&signed)
    );
    let signature = fs::read_to_string(dir.join("pack.json.minisig")).unwrap();
    let lines: Vec<&str> = signature.lines().collect();
    assert_eq!(lines.len(), 4, "{signature}");
    assert!(lines[1].starts_with("RU"), "prehashed (ED): {signature}");
    assert_eq!(lines[2], format!("trusted comment: {COMMENT}"));

    let verified = postcheck(&dir, &["pack", "verify", "pack.json", "--key", "team.pub"]);
    assert_ok(&verified);
    assert_eq!(
        stdout(&verified),
        format!(
            "pack.json: good signature by key {id} for pack \"signing-test\" version \"2026.12.1\"\n"
        )
    );
    // --sig names the signature file when it is elsewhere.
    fs::rename(dir.join("pack.json.minisig"), dir.join("elsewhere.sig")).unwrap();
    let missing = postcheck(&dir, &["pack", "verify", "pack.json", "--key", "team.pub"]);
    assert!(!missing.status.success());
    assert!(
        stderr(&missing).contains("the pack has no signature: pack.json.minisig is missing"),
        "{}",
        stderr(&missing)
    );
    let elsewhere = postcheck(
        &dir,
        &[
            "pack",
            "verify",
            "pack.json",
            "--key",
            "team.pub",
            "--sig",
            "elsewhere.sig",
        ],
    );
    assert_ok(&elsewhere);
}

#[test]
fn keygen_never_overwrites_a_key() {
    let dir = workdir("overwrite");
    keygen(&dir, "team");
    let before = fs::read(dir.join("team.key")).unwrap();
    let again = postcheck(&dir, &["pack", "keygen", "--out", "team"]);
    assert!(!again.status.success());
    assert!(
        stderr(&again).contains("team.pub exists already; nothing was written"),
        "{}",
        stderr(&again)
    );
    assert_eq!(fs::read(dir.join("team.key")).unwrap(), before);
    // Only the secret key there: still refused, nothing written.
    fs::remove_file(dir.join("team.pub")).unwrap();
    let again = postcheck(&dir, &["pack", "keygen", "--out", "team"]);
    assert!(stderr(&again).contains("team.key exists already"));
    assert!(!dir.join("team.pub").exists());
}

#[test]
fn a_pack_changed_after_signing_is_refused() {
    let dir = workdir("tampered");
    keygen(&dir, "team");
    assert_ok(&postcheck(
        &dir,
        &["pack", "sign", "pack.json", "--key", "team.key"],
    ));
    let original = fs::read(dir.join("pack.json")).unwrap();
    let at = original
        .windows(5)
        .position(|w| w == b"share")
        .expect("the word to change");
    // One byte changed: a letter (the pack still loads), or a byte that is not UTF-8.
    for replacement in [b'S', 0xff] {
        let mut tampered = original.clone();
        tampered[at] = replacement;
        fs::write(dir.join("pack.json"), &tampered).unwrap();
        let out = postcheck(&dir, &["pack", "verify", "pack.json", "--key", "team.pub"]);
        assert_eq!(out.status.code(), Some(1));
        assert!(out.stdout.is_empty());
        assert!(
            stderr(&out).contains(
                "pack.json: the signature does not match the pack: the pack (or the signature's trusted comment) was changed after it was signed"
            ),
            "{}",
            stderr(&out)
        );
    }
    // A changed trusted comment (another version) breaks the global signature.
    fs::write(dir.join("pack.json"), &original).unwrap();
    let signature = fs::read_to_string(dir.join("pack.json.minisig")).unwrap();
    fs::write(
        dir.join("pack.json.minisig"),
        signature.replace("version=2026.12.1", "version=2027.1.1"),
    )
    .unwrap();
    let out = postcheck(&dir, &["pack", "verify", "pack.json", "--key", "team.pub"]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("changed after it was signed"));
}

#[test]
fn a_pack_signed_by_another_key_is_refused() {
    let dir = workdir("wrong-key");
    let signer = keygen(&dir, "signer");
    let other = keygen(&dir, "other");
    assert_ok(&postcheck(
        &dir,
        &["pack", "sign", "pack.json", "--key", "signer.key"],
    ));
    let out = postcheck(&dir, &["pack", "verify", "pack.json", "--key", "other.pub"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains(&format!(
            "pack.json: the pack was signed by another key: the signature is by key {signer}, the public key given is key {other}"
        )),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("fix: check that the pack comes from the publisher"));
}

#[test]
fn wrong_files_are_named_in_plain_words() {
    let dir = workdir("malformed");
    keygen(&dir, "team");
    assert_ok(&postcheck(
        &dir,
        &["pack", "sign", "pack.json", "--key", "team.key"],
    ));
    let refused = |args: &[&str], want: &str| {
        let out = postcheck(&dir, args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert!(stderr(&out).contains(want), "{args:?}: {}", stderr(&out));
        assert!(
            !stderr(&out).contains("Error"),
            "no Rust names: {}",
            stderr(&out)
        );
    };
    // The secret key where the public key belongs, and the reverse.
    refused(
        &["pack", "verify", "pack.json", "--key", "team.key"],
        "team.key: the public key is not a minisign public key (line 2): this is a secret key, not a public key",
    );
    refused(
        &["pack", "sign", "pack.json", "--key", "team.pub"],
        "team.pub is not a minisign secret key (this is a public key)",
    );
    // The signature where the key belongs.
    refused(
        &["pack", "verify", "pack.json", "--key", "pack.json.minisig"],
        "this looks like a signature file, not a public key",
    );
    // A damaged signature file.
    fs::write(dir.join("broken.minisig"), "untrusted comment: x\nRUQ%%%\n").unwrap();
    refused(
        &[
            "pack",
            "verify",
            "pack.json",
            "--key",
            "team.pub",
            "--sig",
            "broken.minisig",
        ],
        "broken.minisig: the signature is not a minisign signature (line 2): the signature is not base64 text",
    );
    // A pack that does not load is not signed.
    fs::write(dir.join("bad.json"), "{\"schema\": \"postcheck/pack/v1\"}").unwrap();
    refused(
        &["pack", "sign", "bad.json", "--key", "team.key"],
        "Only a pack that loads can be signed.",
    );
    assert!(!dir.join("bad.json.minisig").exists());
}

/// Made once with minisign 0.11 (tests/data): `minisign -G -W`, then
/// `minisign -S -s KEY -m signed-pack.json -t "postcheck-pack id=signing-test version=2026.12.1"`.
/// Needs no minisign binary.
#[test]
fn a_committed_minisign_signature_verifies() {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let out = postcheck(
        &data,
        &[
            "pack",
            "verify",
            "signed-pack.json",
            "--key",
            "minisign-made.pub",
        ],
    );
    assert_ok(&out);
    assert_eq!(
        stdout(&out),
        "signed-pack.json: good signature by key 7C64C25F37E66D79 for pack \"signing-test\" version \"2026.12.1\"\n"
    );
}

#[test]
fn minisign_keys_sign_with_postcheck_and_minisign_verifies() {
    let dir = workdir("minisign-key");
    assert_ok(&minisign(
        &dir,
        &["-G", "-W", "-p", "ms.pub", "-s", "ms.key"],
        "",
    ));
    let signed = postcheck(&dir, &["pack", "sign", "pack.json", "--key", "ms.key"]);
    assert_ok(&signed);
    let checked = minisign(&dir, &["-V", "-p", "ms.pub", "-m", "pack.json"], "");
    assert_ok(&checked);
    assert!(
        stdout(&checked).contains(&format!("Trusted comment: {COMMENT}")),
        "{}",
        stdout(&checked)
    );
    // And minisign refuses it for another key, as postcheck does.
    assert_ok(&minisign(
        &dir,
        &["-G", "-W", "-p", "other.pub", "-s", "other.key"],
        "",
    ));
    assert!(
        !minisign(&dir, &["-V", "-p", "other.pub", "-m", "pack.json"], "")
            .status
            .success()
    );
}

#[test]
fn minisign_signatures_verify_with_postcheck() {
    let dir = workdir("minisign-signs");
    assert_ok(&minisign(
        &dir,
        &["-G", "-W", "-p", "ms.pub", "-s", "ms.key"],
        "",
    ));
    let id = key_id(&dir.join("ms.pub"));
    // Prehashed (minisign's default), then legacy (-l).
    for legacy in [false, true] {
        let mut args = vec!["-S", "-s", "ms.key", "-m", "pack.json", "-t", COMMENT];
        if legacy {
            args.push("-l");
        }
        assert_ok(&minisign(&dir, &args, ""));
        let out = postcheck(&dir, &["pack", "verify", "pack.json", "--key", "ms.pub"]);
        assert_ok(&out);
        assert!(
            stdout(&out).contains(&format!(
                "good signature by key {id} for pack \"signing-test\" version \"2026.12.1\""
            )),
            "{}",
            stdout(&out)
        );
    }
    // Signed with minisign's default trusted comment: the signature holds, but
    // does not say which pack and version it is for.
    assert_ok(&minisign(
        &dir,
        &["-S", "-s", "ms.key", "-m", "pack.json"],
        "",
    ));
    let out = postcheck(&dir, &["pack", "verify", "pack.json", "--key", "ms.pub"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("the signature's trusted comment does not name the pack (\"signing-test\" version \"2026.12.1\")"),
        "{}",
        stderr(&out)
    );
    // Signed for an older version: refused, with both versions.
    assert_ok(&minisign(
        &dir,
        &[
            "-S",
            "-s",
            "ms.key",
            "-m",
            "pack.json",
            "-t",
            "postcheck-pack id=signing-test version=2026.11.1",
        ],
        "",
    ));
    let out = postcheck(&dir, &["pack", "verify", "pack.json", "--key", "ms.pub"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("the signature is for pack \"signing-test\" version \"2026.11.1\", not for this pack (\"signing-test\" version \"2026.12.1\")"),
        "{}",
        stderr(&out)
    );
    assert!(
        stderr(&out).contains("-t \"postcheck-pack id=signing-test version=2026.12.1\""),
        "the fix gives the comment to sign with: {}",
        stderr(&out)
    );
}

#[test]
fn postcheck_keys_sign_with_minisign() {
    let dir = workdir("postcheck-key");
    keygen(&dir, "team");
    assert_ok(&minisign(
        &dir,
        &["-S", "-s", "team.key", "-m", "pack.json", "-t", COMMENT],
        "",
    ));
    assert_ok(&postcheck(
        &dir,
        &["pack", "verify", "pack.json", "--key", "team.pub"],
    ));
    assert_ok(&minisign(
        &dir,
        &["-V", "-p", "team.pub", "-m", "pack.json"],
        "",
    ));
}

/// Password-encrypted secret keys (scrypt), both ways. The password comes from
/// POSTCHECK_KEY_PASSWORD for postcheck and from standard input for minisign.
#[test]
fn encrypted_keys_work_both_ways() {
    let dir = workdir("encrypted");
    // postcheck's encrypted key, used by minisign.
    let made = postcheck_in(
        &dir,
        &["pack", "keygen", "--out", "team", "--encrypt"],
        &[("POSTCHECK_KEY_PASSWORD", "correct horse")],
    );
    assert_ok(&made);
    assert!(stdout(&made).contains("encrypted with your password"));
    assert_ok(&minisign(
        &dir,
        &["-S", "-s", "team.key", "-m", "pack.json", "-t", COMMENT],
        "correct horse\n",
    ));
    assert_ok(&postcheck(
        &dir,
        &["pack", "verify", "pack.json", "--key", "team.pub"],
    ));
    let wrong = postcheck_in(
        &dir,
        &["pack", "sign", "pack.json", "--key", "team.key"],
        &[("POSTCHECK_KEY_PASSWORD", "wrong")],
    );
    assert_eq!(wrong.status.code(), Some(1));
    assert!(
        stderr(&wrong).contains("wrong password for the secret key team.key"),
        "{}",
        stderr(&wrong)
    );

    // minisign's encrypted key (its scrypt takes 1 GB for a moment), used by postcheck.
    assert_ok(&minisign(
        &dir,
        &["-G", "-p", "ms.pub", "-s", "ms.key"],
        "battery staple\nbattery staple\n",
    ));
    let no_password = postcheck(&dir, &["pack", "sign", "pack.json", "--key", "ms.key"]);
    assert!(!no_password.status.success());
    assert!(
        stderr(&no_password)
            .contains("needs a password: run on a terminal, or set POSTCHECK_KEY_PASSWORD"),
        "{}",
        stderr(&no_password)
    );
    assert_ok(&postcheck_in(
        &dir,
        &["pack", "sign", "pack.json", "--key", "ms.key"],
        &[("POSTCHECK_KEY_PASSWORD", "battery staple")],
    ));
    let checked = minisign(&dir, &["-V", "-p", "ms.pub", "-m", "pack.json"], "");
    assert_ok(&checked);
    assert!(stdout(&checked).contains(COMMENT));
}

/// A trusted comment is the signer's text: control characters in it (an OSC 52
/// that writes the clipboard, a bidi override that reorders the line) reach
/// the terminal escaped. (minisign itself refuses line breaks in it.)
#[test]
fn a_hostile_trusted_comment_is_shown_escaped() {
    let dir = workdir("hostile-comment");
    assert_ok(&minisign(
        &dir,
        &["-G", "-W", "-p", "ms.pub", "-s", "ms.key"],
        "",
    ));
    let comment =
        "postcheck-pack id=signing-test version=1\x1b]52;c;SGVsbG8=\x07\u{202e}good signature";
    assert_ok(&minisign(
        &dir,
        &["-S", "-s", "ms.key", "-m", "pack.json", "-t", comment],
        "",
    ));
    let out = postcheck(&dir, &["pack", "verify", "pack.json", "--key", "ms.pub"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        !err.contains('\x1b') && !err.contains('\u{202e}'),
        "{err:?}"
    );
    assert!(
        err.contains(
            "version \"1\\u{1b}]52;c;SGVsbG8=\\u{7}\\u{202e}good signature\", not for this pack"
        ),
        "{err}"
    );
}
