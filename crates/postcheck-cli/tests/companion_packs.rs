//! Machine packs as the companion reads them (through `companion serve`'s
//! `list`): pinned publisher keys, signatures naming the pack and version,
//! the cache of the last good copy, downgrades, broken files, duplicates.

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
use std::process::{Command, Stdio};

use serde_json::{Value, json};

const PACK: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/signed-pack.json");

fn workdir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "postcheck-companion-packs-{}-{name}",
        std::process::id()
    ));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(dir.join("packs")).unwrap();
    fs::create_dir_all(dir.join("keys")).unwrap();
    dir
}

fn postcheck(dir: &Path, args: &[&str]) -> std::process::Output {
    common::postcheck()
        .args(args)
        .current_dir(dir)
        .env("LANG", "C")
        .env("HOME", dir)
        .env("POSTCHECK_PACKS_DIR", dir.join("packs"))
        .env("POSTCHECK_CACHE_DIR", dir.join("cache"))
        .env_remove("POSTCHECK_KEY_PASSWORD")
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

/// A key pair `keys/NAME.pub` / `keys/NAME.key`; the public key line.
fn keygen(dir: &Path, name: &str) -> String {
    let out = postcheck(dir, &["pack", "keygen", "--out", &format!("keys/{name}")]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    fs::read_to_string(dir.join(format!("keys/{name}.pub")))
        .unwrap()
        .lines()
        .nth(1)
        .unwrap()
        .to_string()
}

/// Writes the test pack with `version` as `packs/FILE` and signs it with `key`.
fn put_pack(dir: &Path, file: &str, version: &str, key: Option<&str>) {
    let text = fs::read_to_string(PACK)
        .unwrap()
        .replace("2026.12.1", version);
    let path = dir.join("packs").join(file);
    fs::write(&path, text).unwrap();
    let _ = fs::remove_file(dir.join("packs").join(format!("{file}.minisig")));
    if let Some(key) = key {
        let out = postcheck(
            dir,
            &[
                "pack",
                "sign",
                path.to_str().unwrap(),
                "--key",
                &format!("keys/{key}.key"),
            ],
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

fn pin(dir: &Path, id: &str, key_line: &str) {
    fs::write(
        dir.join("packs/config.json"),
        json!({ "publishers": { id: key_line } }).to_string(),
    )
    .unwrap();
}

/// The `list` answer's packs.
fn list(dir: &Path) -> Vec<Value> {
    let body = serde_json::to_vec(&json!({"type":"list"})).unwrap();
    let mut input = (body.len() as u32).to_ne_bytes().to_vec();
    input.extend(body);
    let mut child = common::postcheck()
        .args(["companion", "serve"])
        .env("HOME", dir)
        .env("POSTCHECK_PACKS_DIR", dir.join("packs"))
        .env("POSTCHECK_CACHE_DIR", dir.join("cache"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(&input).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let answer: Value = serde_json::from_slice(&out.stdout[4..]).unwrap();
    answer["packs"].as_array().unwrap().clone()
}

fn problems(p: &Value) -> String {
    p["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap())
        .collect::<Vec<_>>()
        .join(" | ")
}

#[test]
fn a_pinned_key_takes_a_good_signature_and_names_the_signer() {
    let dir = workdir("pinned");
    let key = keygen(&dir, "it");
    pin(&dir, "signing-test", &key);
    put_pack(&dir, "acme.json", "2026.12.1", Some("it"));
    let packs = list(&dir);
    assert_eq!(packs.len(), 1);
    assert_eq!(packs[0]["state"], "ok", "{}", problems(&packs[0]));
    let key_id = packs[0]["signer"].as_str().unwrap();
    assert_eq!(key_id.len(), 16);
    let public = fs::read_to_string(dir.join("keys/it.pub")).unwrap();
    assert!(public.contains(key_id), "{public}");
}

#[test]
fn a_pinned_key_refuses_unsigned_tampered_and_foreign_packs() {
    let dir = workdir("refusals");
    let key = keygen(&dir, "it");
    keygen(&dir, "other");
    pin(&dir, "signing-test", &key);

    put_pack(&dir, "acme.json", "2026.12.1", None);
    let p = &list(&dir)[0];
    assert_eq!(p["state"], "refused");
    assert!(problems(p).contains("has no signature"), "{}", problems(p));

    put_pack(&dir, "acme.json", "2026.12.1", Some("other"));
    let p = &list(&dir)[0];
    assert_eq!(p["state"], "refused");
    assert!(problems(p).contains("another key"), "{}", problems(p));

    put_pack(&dir, "acme.json", "2026.12.1", Some("it"));
    let path = dir.join("packs/acme.json");
    let tampered = fs::read_to_string(&path)
        .unwrap()
        .replace("is it yours to share?", "share it freely!");
    fs::write(&path, tampered).unwrap();
    // The first good copy was never taken: refused, no previous copy.
    let _ = fs::remove_dir_all(dir.join("cache"));
    let p = &list(&dir)[0];
    assert_eq!(p["state"], "refused");
    assert!(
        problems(p).contains("signature does not match"),
        "{}",
        problems(p)
    );
}

#[test]
fn a_signature_of_another_version_is_refused() {
    let dir = workdir("other-version");
    let key = keygen(&dir, "it");
    pin(&dir, "signing-test", &key);
    put_pack(&dir, "acme.json", "2026.12.1", Some("it"));
    let signature = fs::read(dir.join("packs/acme.json.minisig")).unwrap();
    put_pack(&dir, "acme.json", "2026.12.2", Some("it"));
    // A signature over these bytes but naming the old version cannot be
    // made without the key; a signature of the old file does not match.
    fs::write(dir.join("packs/acme.json.minisig"), signature).unwrap();
    let p = &list(&dir)[0];
    assert_ne!(p["state"], "ok", "{}", problems(p));
}

/// Signs `packs/FILE` with Debian's `minisign` tool and the key `keys/ms.key`,
/// with `comment` as the trusted comment.
fn minisign_sign(dir: &Path, file: &str, comment: &str) {
    let out = Command::new("minisign")
        .args([
            "-S",
            "-s",
            "keys/ms.key",
            "-m",
            &format!("packs/{file}"),
            "-t",
            comment,
        ])
        .current_dir(dir)
        .env("HOME", dir)
        .stdin(Stdio::null())
        .output()
        .expect("the `minisign` tool is needed (Debian: apt-get install minisign)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_good_signature_naming_another_version_or_pack_is_refused() {
    let dir = workdir("trusted-comment");
    let out = Command::new("minisign")
        .args(["-G", "-W", "-p", "keys/ms.pub", "-s", "keys/ms.key"])
        .current_dir(&dir)
        .env("HOME", &dir)
        .stdin(Stdio::null())
        .output()
        .expect("the `minisign` tool is needed (Debian: apt-get install minisign)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let key = fs::read_to_string(dir.join("keys/ms.pub"))
        .unwrap()
        .lines()
        .nth(1)
        .unwrap()
        .to_string();
    pin(&dir, "signing-test", &key);
    put_pack(&dir, "acme.json", "2026.12.2", None);
    for comment in [
        "postcheck-pack id=signing-test version=2026.12.1",
        "postcheck-pack id=other version=2026.12.2",
        "signed by someone",
    ] {
        minisign_sign(&dir, "acme.json", comment);
        let p = &list(&dir)[0];
        assert_eq!(p["state"], "refused", "{comment}: {}", problems(p));
        let words = problems(p);
        assert!(
            words.contains("not for this pack") || words.contains("does not name the pack"),
            "{words}"
        );
    }
    minisign_sign(
        &dir,
        "acme.json",
        "postcheck-pack id=signing-test version=2026.12.2",
    );
    let p = &list(&dir)[0];
    assert_eq!(p["state"], "ok", "{}", problems(p));
}

#[test]
fn a_tampered_update_keeps_the_previous_good_copy() {
    let dir = workdir("previous");
    let key = keygen(&dir, "it");
    pin(&dir, "signing-test", &key);
    put_pack(&dir, "acme.json", "2026.12.1", Some("it"));
    let first = &list(&dir)[0];
    assert_eq!(first["state"], "ok");
    let good_sha = first["sha256"].clone();

    put_pack(&dir, "acme.json", "2026.12.2", Some("it"));
    let path = dir.join("packs/acme.json");
    let tampered = fs::read_to_string(&path).unwrap().replace("anna@", "bert@");
    fs::write(&path, tampered).unwrap();
    let p = &list(&dir)[0];
    assert_eq!(p["state"], "previous", "{}", problems(p));
    assert_eq!(p["version"], "2026.12.1");
    assert_eq!(p["sha256"], good_sha);
    assert_eq!(p["fromCache"], true);
    assert!(
        problems(p).contains("signature does not match"),
        "{}",
        problems(p)
    );
    assert!(
        problems(p).contains("previous good copy, version 2026.12.1"),
        "{}",
        problems(p)
    );

    // A broken file (not JSON) keeps it too.
    fs::write(&path, "{ not json").unwrap();
    let p = &list(&dir)[0];
    assert_eq!(p["state"], "previous", "{}", problems(p));
    assert_eq!(p["version"], "2026.12.1");

    // A newer good one replaces it.
    put_pack(&dir, "acme.json", "2026.12.3", Some("it"));
    let p = &list(&dir)[0];
    assert_eq!(p["state"], "ok", "{}", problems(p));
    assert_eq!(p["version"], "2026.12.3");
}

#[test]
fn an_older_version_is_a_downgrade_and_keeps_the_newer_copy() {
    let dir = workdir("downgrade");
    put_pack(&dir, "acme.json", "2026.12.5", None);
    assert_eq!(list(&dir)[0]["state"], "ok");
    put_pack(&dir, "acme.json", "2026.11.9", None);
    let p = &list(&dir)[0];
    assert_eq!(p["state"], "previous");
    assert_eq!(p["version"], "2026.12.5");
    assert!(problems(p).contains("downgrade"), "{}", problems(p));
}

#[test]
fn unpinned_packs_load_unsigned_and_broken_ones_are_refused_in_plain_words() {
    let dir = workdir("unpinned");
    put_pack(&dir, "a.json", "1.0", None);
    fs::write(dir.join("packs/b.json"), "{\"id\": 5}").unwrap();
    fs::write(dir.join("packs/c.json"), [0xff, 0xfe]).unwrap();
    fs::write(dir.join("packs/notes.txt"), "not a pack").unwrap();
    let packs = list(&dir);
    assert_eq!(packs.len(), 3, "{packs:?}");
    assert_eq!(packs[0]["state"], "ok");
    assert_eq!(packs[0]["signer"], Value::Null);
    assert_eq!(packs[1]["state"], "refused");
    assert!(
        problems(&packs[1]).contains("does not load"),
        "{}",
        problems(&packs[1])
    );
    assert!(
        !problems(&packs[1]).contains("Error("),
        "{}",
        problems(&packs[1])
    );
    assert_eq!(packs[2]["state"], "refused");
    assert!(
        problems(&packs[2]).contains("not UTF-8"),
        "{}",
        problems(&packs[2])
    );
}

#[test]
fn the_same_pack_id_twice_keeps_the_first() {
    let dir = workdir("duplicate");
    put_pack(&dir, "a.json", "1.0", None);
    put_pack(&dir, "b.json", "2.0", None);
    let packs = list(&dir);
    assert_eq!(packs[0]["state"], "ok");
    assert_eq!(packs[1]["state"], "refused");
    assert!(
        problems(&packs[1]).contains("already given by"),
        "{}",
        problems(&packs[1])
    );
}

#[test]
fn a_broken_configuration_refuses_rather_than_unpinning() {
    let dir = workdir("broken-config");
    put_pack(&dir, "a.json", "1.0", None);
    fs::write(dir.join("packs/config.json"), "{ \"publishers\": ").unwrap();
    let p = &list(&dir)[0];
    assert_eq!(p["state"], "refused", "{}", problems(p));
    let bad_key = json!({"publishers": {"signing-test": "RWnotakey"}}).to_string();
    fs::write(dir.join("packs/config.json"), bad_key).unwrap();
    let p = &list(&dir)[0];
    assert_eq!(p["state"], "refused", "{}", problems(p));
    assert!(problems(p).contains("unusable"), "{}", problems(p));
}
