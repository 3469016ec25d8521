//! `postcheck companion serve`: the native messaging host, spawned as a
//! browser spawns it, with machine packs from a temporary POSTCHECK_PACKS_DIR.
//! Packs of 1, 5 and 16 MB travel in chunks under 1 MB and reassemble byte
//! for byte; malformed input ends the exchange cleanly; no request carries a draft.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Output, Stdio};

use serde_json::{Value, json};

const PACK: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/signed-pack.json");
const ONE_MB: usize = 1_048_576;

/// A fresh folder with `packs/` and `cache/`.
fn workdir(name: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("postcheck-companion-{}-{name}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(dir.join("packs")).unwrap();
    dir
}

fn command(dir: &Path, args: &[&str]) -> Command {
    let mut c = common::postcheck();
    c.args(args)
        .env("LANG", "C")
        .env("HOME", dir)
        .env("POSTCHECK_PACKS_DIR", dir.join("packs"))
        .env("POSTCHECK_CACHE_DIR", dir.join("cache"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    c
}

fn frame(value: &Value) -> Vec<u8> {
    let body = serde_json::to_vec(value).unwrap();
    let mut out = (body.len() as u32).to_ne_bytes().to_vec();
    out.extend(body);
    out
}

/// The frames of an output, each checked to be at most 1 MB of JSON.
fn frames(mut bytes: &[u8]) -> Vec<Value> {
    let mut out = Vec::new();
    while !bytes.is_empty() {
        let length = u32::from_ne_bytes(bytes[..4].try_into().unwrap()) as usize;
        assert!(length <= ONE_MB, "a message of {length} bytes");
        out.push(serde_json::from_slice(&bytes[4..4 + length]).unwrap());
        bytes = &bytes[4 + length..];
    }
    out
}

/// Runs the host with `stdin` bytes; its output, checked for a clean end.
fn run_with(dir: &Path, args: &[&str], stdin: &[u8]) -> Output {
    let mut child = command(dir, args).spawn().unwrap();
    let mut input = child.stdin.take().unwrap();
    let data = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(&data);
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.code().is_some(), "ended by a signal: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    out
}

/// A host talked to one message at a time.
struct Host {
    child: Child,
    input: ChildStdin,
    output: ChildStdout,
}

impl Host {
    fn start(dir: &Path, args: &[&str]) -> Host {
        let mut child = command(dir, args).spawn().unwrap();
        let input = child.stdin.take().unwrap();
        let output = child.stdout.take().unwrap();
        Host {
            child,
            input,
            output,
        }
    }

    fn ask(&mut self, request: Value) -> (Value, usize) {
        self.input.write_all(&frame(&request)).unwrap();
        self.input.flush().unwrap();
        let mut prefix = [0u8; 4];
        self.output.read_exact(&mut prefix).unwrap();
        let length = u32::from_ne_bytes(prefix) as usize;
        assert!(length <= ONE_MB, "a message of {length} bytes");
        let mut body = vec![0u8; length];
        self.output.read_exact(&mut body).unwrap();
        (serde_json::from_slice(&body).unwrap(), length)
    }

    fn close(self) -> Output {
        drop(self.input);
        let mut child = self.child;
        let status = child.wait().unwrap();
        let mut stderr = Vec::new();
        child
            .stderr
            .take()
            .unwrap()
            .read_to_end(&mut stderr)
            .unwrap();
        Output {
            status,
            stdout: Vec::new(),
            stderr,
        }
    }
}

/// The test pack, padded with JSON whitespace (spaces, line breaks, tabs:
/// the last three take two bytes each once escaped) and a description full
/// of characters JSON escapes, to exactly `size` bytes.
fn pack_of_size(size: usize, id: &str) -> String {
    let base = fs::read_to_string(PACK)
        .unwrap()
        .replace("signing-test", id);
    let description = "Quotes \" and backslashes \\, tabs\t, é, €, 😀, \u{1} control. ".repeat(20);
    let text = base.replacen(
        "\"rules\"",
        &format!(
            "\"description\": {},\n  \"rules\"",
            serde_json::to_string(&description).unwrap()
        ),
        1,
    );
    assert!(text.len() <= size);
    let padding: String = " \n\t\r".chars().cycle().take(size - text.len()).collect();
    let at = text.rfind('}').unwrap();
    let out = format!("{}{padding}{}", &text[..at], &text[at..]);
    assert_eq!(out.len(), size);
    out
}

fn get_all(host: &mut Host, id: &str) -> (String, Value, usize) {
    let (first, first_length) = host.ask(json!({"type":"get","id":id,"chunk":0}));
    assert_eq!(first["type"], "chunk", "{first}");
    let chunks = first["chunks"].as_u64().unwrap() as usize;
    let mut text = first["data"].as_str().unwrap().to_string();
    let mut largest = first_length;
    for n in 1..chunks {
        let (answer, length) = host.ask(json!({"type":"get","id":id,"chunk":n}));
        assert_eq!(answer["chunk"], n);
        assert_eq!(answer["sha256"], first["sha256"]);
        largest = largest.max(length);
        text.push_str(answer["data"].as_str().unwrap());
    }
    (text, first, largest)
}

fn sha256_of(path: &Path) -> String {
    let out = Command::new("sha256sum").arg(path).output().unwrap();
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .next()
        .unwrap()
        .to_string()
}

#[test]
fn hello_list_and_get_of_a_small_pack() {
    let dir = workdir("small");
    fs::copy(PACK, dir.join("packs/signing-test.json")).unwrap();
    let mut host = Host::start(&dir, &["companion", "serve"]);
    let (hello, _) = host.ask(json!({"type":"hello","version":1}));
    assert_eq!(hello["type"], "hello");
    assert_eq!(hello["protocol"], 1);
    assert_eq!(hello["protocols"], json!([1]));
    assert_eq!(hello["companion"], env!("CARGO_PKG_VERSION"));
    let (list, _) = host.ask(json!({"type":"list"}));
    let packs = list["packs"].as_array().unwrap();
    assert_eq!(packs.len(), 1, "{list}");
    let p = &packs[0];
    assert_eq!(p["id"], "signing-test");
    assert_eq!(p["version"], "2026.12.1");
    assert_eq!(p["name"], "Signing test pack");
    assert_eq!(p["publisher"], "postcheck tests");
    assert_eq!(p["state"], "ok");
    assert_eq!(p["folder"], "variable");
    assert_eq!(p["signer"], Value::Null);
    assert_eq!(p["bytes"], fs::metadata(PACK).unwrap().len());
    assert_eq!(p["sha256"], sha256_of(Path::new(PACK)));
    assert_eq!(p["chunks"], 1);
    let (text, first, _) = get_all(&mut host, "signing-test");
    assert_eq!(text, fs::read_to_string(PACK).unwrap());
    assert_eq!(first["chunks"], 1);
    let (missing, _) = host.ask(json!({"type":"get","id":"signing-test","chunk":1}));
    assert_eq!(missing["code"], "no-such-chunk");
    let out = host.close();
    assert!(!out.status.success(), "a refused request ends the exchange");
}

#[test]
fn packs_of_1_5_and_16_mb_travel_in_chunks_under_1_mb() {
    let dir = workdir("large");
    let sizes = [ONE_MB, 5 * ONE_MB, 16 * ONE_MB];
    for (i, size) in sizes.iter().enumerate() {
        let text = pack_of_size(*size, &format!("size-{i}"));
        fs::write(dir.join(format!("packs/size-{i}.json")), text).unwrap();
    }
    let mut host = Host::start(&dir, &["companion", "serve"]);
    let (list, _) = host.ask(json!({"type":"list"}));
    let packs = list["packs"].as_array().unwrap();
    assert_eq!(packs.len(), 3, "{list}");
    for (i, size) in sizes.iter().enumerate() {
        let file = dir.join(format!("packs/size-{i}.json"));
        let entry = &packs[i];
        assert_eq!(entry["state"], "ok", "{entry}");
        assert_eq!(entry["bytes"], *size);
        let (text, first, largest) = get_all(&mut host, &format!("size-{i}"));
        assert_eq!(text.as_bytes(), fs::read(&file).unwrap(), "size {size}");
        assert_eq!(first["sha256"], sha256_of(&file));
        assert_eq!(first["chunks"], entry["chunks"]);
        let chunks = first["chunks"].as_u64().unwrap();
        // Whitespace escapes to two bytes for three of four characters:
        // about 1.75 escaped bytes per byte.
        assert!(
            chunks as usize >= size * 7 / 4 / ONE_MB,
            "{size}: {chunks} chunks"
        );
        assert!(
            largest > ONE_MB * 9 / 10,
            "chunks are nearly full: {largest}"
        );
        eprintln!("pack of {size} bytes: {chunks} chunks, largest message {largest} bytes");
    }
    let out = host.close();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_pack_over_16_mb_is_refused() {
    let dir = workdir("too-large");
    fs::write(
        dir.join("packs/big.json"),
        pack_of_size(16 * ONE_MB + 1, "big"),
    )
    .unwrap();
    let out = run_with(
        &dir,
        &["companion", "serve"],
        &frame(&json!({"type":"list"})),
    );
    let answers = frames(&out.stdout);
    let p = &answers[0]["packs"][0];
    assert_eq!(p["state"], "refused");
    assert!(
        p["problems"][0]
            .as_str()
            .unwrap()
            .contains("larger than 16 MB"),
        "{p}"
    );
}

#[test]
fn the_host_refuses_any_message_carrying_a_draft() {
    let dir = workdir("draft");
    let draft = "Confidential: our Q3 numbers, call me at +41 44 123 45 67";
    for field in ["text", "draft", "post", "content"] {
        for kind in ["hello", "list", "get", "check"] {
            let mut request = json!({"type": kind});
            request[field] = json!(draft);
            let mut input = frame(&json!({"type":"hello","version":1}));
            input.extend(frame(&request));
            input.extend(frame(&json!({"type":"list"})));
            let out = run_with(&dir, &["companion", "serve"], &input);
            let answers = frames(&out.stdout);
            assert_eq!(
                answers.len(),
                2,
                "{kind}/{field}: the exchange ends at the draft"
            );
            assert_eq!(answers[1]["type"], "error");
            assert_eq!(answers[1]["code"], "post-text", "{}", answers[1]);
            assert!(!out.status.success());
            let everything = format!(
                "{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
            assert!(
                !everything.contains("Q3 numbers"),
                "the draft is never echoed: {everything}"
            );
        }
    }
}

#[test]
fn malformed_input_ends_cleanly() {
    let dir = workdir("malformed");
    fs::copy(PACK, dir.join("packs/signing-test.json")).unwrap();
    let hello = frame(&json!({"type":"hello","version":1}));
    let mut cases: Vec<(&str, Vec<u8>)> = vec![
        ("empty", Vec::new()),
        ("1 byte of a length", vec![5]),
        ("3 bytes of a length", vec![5, 0, 0]),
        ("a length and nothing", 10u32.to_ne_bytes().to_vec()),
        (
            "a truncated message",
            [&20u32.to_ne_bytes()[..], b"{\"type\""].concat(),
        ),
        (
            "64 KiB + 1",
            [&(65_537u32).to_ne_bytes()[..], b"{}"].concat(),
        ),
        ("1 GB", [&(1u32 << 30).to_ne_bytes()[..], b"{}"].concat()),
        ("4 GB", [&u32::MAX.to_ne_bytes()[..], b"{}"].concat()),
        (
            "big-endian length",
            [&14u32.to_be_bytes()[..], b"{\"type\":\"list\"}"].concat(),
        ),
        ("invalid JSON", [&3u32.to_ne_bytes()[..], b"{{{"].concat()),
        (
            "invalid UTF-8",
            [&4u32.to_ne_bytes()[..], b"\"\xff\xfe\""].concat(),
        ),
        ("zero length", 0u32.to_ne_bytes().to_vec()),
        ("unknown request", frame(&json!({"type":"check"}))),
        ("extra field", frame(&json!({"type":"list","x":1}))),
        ("not an object", frame(&json!(["list"]))),
        (
            "huge chunk number",
            frame(&json!({"type":"get","id":"signing-test","chunk":u64::MAX})),
        ),
        (
            "unknown pack",
            frame(&json!({"type":"get","id":"nope","chunk":0})),
        ),
        (
            "future version",
            frame(&json!({"type":"hello","version":2})),
        ),
    ];
    // Garbage: deterministic pseudo-random bytes.
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    for n in 0..20 {
        let bytes: Vec<u8> = (0..(n * 7 + 1))
            .map(|_| {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                seed as u8
            })
            .collect();
        cases.push(("random bytes", bytes));
    }
    let count = cases.len();
    for (name, bytes) in cases {
        let mut input = hello.clone();
        input.extend(&bytes);
        let out = run_with(&dir, &["companion", "serve"], &input);
        let answers = frames(&out.stdout);
        assert_eq!(answers[0]["type"], "hello", "{name}");
        if name == "empty" {
            assert!(out.status.success(), "a clean end");
            assert_eq!(answers.len(), 1);
        } else if name != "random bytes" {
            assert!(!out.status.success(), "{name}");
            let last = answers.last().unwrap();
            if ![
                "1 byte of a length",
                "3 bytes of a length",
                "a length and nothing",
                "a truncated message",
            ]
            .contains(&name)
            {
                assert_eq!(last["type"], "error", "{name}: {last}");
            }
        }
    }
    eprintln!("{count} malformed inputs tried");
}

#[test]
fn requests_of_exactly_64_kib_are_read_and_one_byte_more_is_refused() {
    let dir = workdir("64k");
    for (size, accepted) in [(65_536usize, true), (65_537, false)] {
        let mut body = br#"{"type":"list"}"#.to_vec();
        body.resize(size, b' ');
        let mut input = (size as u32).to_ne_bytes().to_vec();
        input.extend(&body);
        let out = run_with(&dir, &["companion", "serve"], &input);
        let answers = frames(&out.stdout);
        assert_eq!(answers.len(), 1);
        if accepted {
            assert_eq!(answers[0]["type"], "list", "{}", answers[0]);
            assert!(out.status.success());
        } else {
            assert_eq!(answers[0]["code"], "bad-length", "{}", answers[0]);
            assert!(!out.status.success());
        }
    }
}

#[test]
fn a_browser_start_serves_without_the_subcommand() {
    let dir = workdir("browser-start");
    fs::copy(PACK, dir.join("packs/signing-test.json")).unwrap();
    let request = frame(&json!({"type":"list"}));
    for args in [
        &["chrome-extension://gjpblondocmnkbomdcedjpbjekfmadac/"][..],
        &[
            "chrome-extension://gjpblondocmnkbomdcedjpbjekfmadac/",
            "--parent-window=0",
        ],
        &[
            "/home/a/.mozilla/native-messaging-hosts/ch.postcheck.companion.json",
            "postcheck@postcheck.invalid",
        ],
    ] {
        let out = run_with(&dir, args, &request);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let answers = frames(&out.stdout);
        assert_eq!(answers[0]["packs"][0]["id"], "signing-test", "{args:?}");
    }
}
