//! Pack and draft text on its way to the terminal: a hostile pack with escape
//! sequences (OSC 52 writes the clipboard, OSC 8 hides a link, CSI clears the
//! screen, OSC 0 retitles the terminal), CR, BEL, NUL, DEL, C1 controls, bidi
//! overrides and line breaks in every string field goes through `check`,
//! `pack info`, `pack lint` and `pack test`: none of those characters reaches
//! standard output or error as it is, every field stays on its line, and the
//! JSON output keeps the strings exactly as the pack has them.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use std::path::PathBuf;
use std::process::Output;

use serde_json::{Value, json};

/// Everything a terminal would act on, in one string.
const HOSTILE: &str = "\u{1b}]52;c;SGFjaw==\u{7}\u{1b}]8;;https://evil.example\u{1b}\\x\u{1b}]8;;\u{1b}\\\r\u{1b}[2J\u{1b}]0;title\u{7}\u{9b}31m\u{202E}evil\u{85}\u{7f}\u{2066}\u{200B}\u{2028}\n\0fake line";

/// How the start of [`HOSTILE`] looks once escaped.
const SHOWN: &str = "\\u{1b}]52;c;SGFjaw==\\u{7}\\u{1b}]8;;";

/// [`HOSTILE`] without its bidi and invisible characters: the pack loader
/// refuses those in addresses (an address must lead where it reads), so the
/// address fields carry every other control sequence.
const HOSTILE_ADDRESS: &str = "\u{1b}]52;c;SGFjaw==\u{7}\u{1b}]8;;https://evil.example\u{1b}\\x\u{1b}]8;;\u{1b}\\\r\u{1b}[2J\u{1b}]0;title\u{7}\u{9b}31m\u{85}\u{7f}\n\0fake line";

fn h(s: &str) -> String {
    format!("{s}{HOSTILE}")
}

/// An address field: `s` and [`HOSTILE_ADDRESS`].
fn ha(s: &str) -> String {
    format!("{s}{HOSTILE_ADDRESS}")
}

/// A pack with [`HOSTILE`] in every string field. `ids` also in the pack and
/// rule ids, `fields` in unknown field names, `locales` in locale keys and
/// languages (all three refused); `failing` adds an example that fails.
fn pack(variant: &str) -> Value {
    let hostile_ids = variant != "ok" && variant != "failing";
    let id = |s: &str| {
        if hostile_ids { h(s) } else { s.to_string() }
    };
    let mut hit = vec![h("Orion kommt")];
    if variant == "failing" {
        hit.push(h("Nebula"));
    }
    let mut pack = json!({
        "schema": "postcheck/pack/v1",
        "id": id("hostile"),
        "name": {"en": h("Name")},
        "version": h("1"),
        "publisher": h("Publisher"),
        "date": "2026-01-01",
        "default_locale": "en",
        "languages": ["en"],
        "description": {"en": h("Description")},
        "update_url": ha("https://acme.example/pack.json"),
        "guidelines": [{
            "id": h("g"),
            "title": {"en": h("Title")},
            "text": {"en": h("Text")},
            "link": ha("https://acme.example/guideline")
        }],
        "contacts": [{
            "id": h("c"),
            "name": {"en": h("Comms")},
            "email": ha("comms@acme.example"),
            "phone": ha("+41 44 000 00 00"),
            "url": ha("https://acme.example/comms")
        }],
        "rules": [{
            "id": id("orion"),
            "kind": "terms",
            "category": "confidential",
            "level": "important",
            "guideline": h("g"),
            "contact": h("c"),
            "message": {"en": h("Message {match}")},
            "suggestion": {"en": h("Suggestion")},
            "terms": ["Orion"],
            "examples": {"hit": hit, "miss": [h("Nebula")]}
        }]
    });
    if variant == "fields" {
        pack[h("top")] = json!(1);
        pack["rules"][0][h("unknown")] = json!(1);
    }
    if variant == "locales" {
        pack["rules"][0]["message"][h("zz")] = json!("x");
        pack["languages"] = json!(["en", h("xx")]);
        pack["default_locale"] = json!(h("yy"));
    }
    pack
}

fn dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("postcheck-escapes-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Writes the pack to a file of its own: tests run in parallel, and one
/// rewriting a file another is reading made that one read half a pack.
fn write_pack(variant: &str) -> String {
    static WRITTEN: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = WRITTEN.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let file = dir().join(format!("{variant}-{n}.json"));
    std::fs::write(&file, pack(variant).to_string()).unwrap();
    file.to_str().unwrap().to_string()
}

fn postcheck(args: &[&str]) -> Output {
    common::postcheck()
        .args(args)
        .env("LANG", "C")
        .env_remove("NO_COLOR")
        .output()
        .unwrap()
}

/// A character a terminal acts on or does not show. Written here on purpose,
/// apart from the CLI's own `terminal::is_hidden`: the test's list of what must
/// never reach a terminal, so that a character dropped from the CLI's list is
/// caught rather than dropped from the check too.
fn is_hidden(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{00AD}'
                | '\u{061C}'
                | '\u{180E}'
                | '\u{200B}'
                | '\u{200E}'
                | '\u{200F}'
                | '\u{2028}'..='\u{202E}'
                | '\u{2060}'..='\u{2064}'
                | '\u{2066}'..='\u{206F}'
                | '\u{FEFF}'
        )
}

/// Nothing in `bytes` a terminal would act on, except line breaks and, with
/// `colours`, the CLI's own colour sequences (`ESC [ digits m`); no line starts
/// with what followed a line break inside a field.
fn assert_inert(what: &str, bytes: &[u8], colours: bool) {
    let text = std::str::from_utf8(bytes).unwrap_or_else(|e| panic!("{what}: not UTF-8: {e}"));
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        let mut taken = c.len_utf8();
        if c == '\u{1b}' && colours {
            let body = rest.strip_prefix("\u{1b}[").unwrap_or_else(|| {
                panic!("{what}: an escape sequence that is no colour: {rest:.40?}")
            });
            let params = body
                .bytes()
                .take_while(|b| b.is_ascii_digit() || *b == b';')
                .count();
            assert_eq!(
                body.as_bytes().get(params),
                Some(&b'm'),
                "{what}: {rest:.40?}"
            );
            taken = 2 + params + 1;
        } else {
            assert!(
                c == '\n' || !is_hidden(c),
                "{what}: U+{:04X} reaches the terminal in:\n{text}",
                u32::from(c)
            );
        }
        rest = &rest[taken..];
    }
    for line in text.lines() {
        assert!(
            !line.contains("fake line") || line.contains("\\n\\0fake line"),
            "{what}: a line break in a field made a line: {line:?}"
        );
    }
}

fn check_all(what: &str, out: &Output, colours: bool) {
    assert_inert(&format!("{what} (stdout)"), &out.stdout, colours);
    assert_inert(&format!("{what} (stderr)"), &out.stderr, false);
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!all.contains("panicked"), "{what}: {all}");
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

#[test]
fn check_shows_every_pack_and_draft_string_escaped() {
    let pack = write_pack("ok");
    // The draft's name and text are untrusted too.
    let draft = dir().join("draft\u{1b}]0;retitled\u{7}\n.txt");
    std::fs::write(&draft, h("Orion kommt, ")).unwrap();
    let draft = draft.to_str().unwrap();
    for color in ["never", "always"] {
        let out = postcheck(&["check", "--color", color, "--pack", &pack, draft]);
        assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
        check_all(&format!("check --color {color}"), &out, color == "always");
        let text = stdout(&out);
        // Each field is there, escaped: message, advice, guideline title and
        // link, contact name, e-mail, phone and url, the draft line, the pack
        // version, the file names.
        for field in [
            "Message Orion",
            "try: Suggestion",
            "why: Title",
            "<https://acme.example/guideline",
            "ask: Comms",
            "(comms@acme.example",
            "+41 44 000 00 00",
            "https://acme.example/comms",
            "Orion kommt, ",
            "1",
        ] {
            assert!(
                text.contains(&format!("{field}{SHOWN}")),
                "{field} in:\n{text}"
            );
        }
        assert!(
            text.contains("draft\\u{1b}]0;retitled\\u{7}\\n.txt:1:1"),
            "{text}"
        );
    }
}

#[test]
fn check_json_keeps_the_strings_as_the_pack_has_them() {
    let pack = write_pack("ok");
    let draft = dir().join("json-draft.txt");
    std::fs::write(&draft, "Orion kommt").unwrap();
    let out = postcheck(&[
        "check",
        "--format",
        "json",
        "--pack",
        &pack,
        draft.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let hint = &v["hints"][0];
    assert_eq!(hint["contact"]["email"], ha("comms@acme.example"));
    assert_eq!(
        hint["guideline"]["link"],
        ha("https://acme.example/guideline")
    );
    assert_eq!(v["pack"]["version"], h("1"));
}

#[test]
fn pack_info_shows_every_manifest_guideline_and_contact_string_escaped() {
    let out = postcheck(&["pack", "info", &write_pack("ok")]);
    assert_eq!(out.status.code(), Some(0));
    check_all("pack info", &out, false);
    let text = stdout(&out);
    for field in [
        "Name",
        " 1",
        "Published by Publisher",
        "Description",
        "Updates: https://acme.example/pack.json",
        "  g",
        ": Title",
        "<https://acme.example/guideline",
        "  c",
        ": Comms",
        "(comms@acme.example",
        "+41 44 000 00 00",
        "https://acme.example/comms",
    ] {
        assert!(
            text.contains(&format!("{field}{SHOWN}")),
            "{field} in:\n{text}"
        );
    }
}

#[test]
fn pack_lint_shows_the_pack_strings_in_its_problems_escaped() {
    for (variant, quoted) in [
        ("ok", "examples pass"),
        ("ids", "is not a valid pack id"),
        ("fields", "unknown field `top"),
        ("locales", "is not a language code"),
    ] {
        let pack = write_pack(variant);
        let out = postcheck(&["pack", "lint", &pack]);
        check_all(&format!("pack lint {variant}"), &out, false);
        let text = stdout(&out);
        assert!(text.contains(quoted), "{variant}: {text}");
        if variant != "ok" {
            assert_eq!(out.status.code(), Some(1), "{variant}");
            assert!(text.contains(SHOWN), "{variant}: {text}");
            // The same problems, refused by the other commands on standard error.
            for args in [
                vec!["pack", "info", pack.as_str()],
                vec!["pack", "test", pack.as_str()],
                vec!["check", "--pack", pack.as_str(), "-"],
            ] {
                let out = postcheck(&args);
                check_all(&format!("{args:?} {variant}"), &out, false);
                assert_eq!(out.status.code(), Some(1), "{args:?} {variant}");
                assert!(
                    String::from_utf8_lossy(&out.stderr).contains(SHOWN),
                    "{args:?} {variant}"
                );
            }
        }
    }
    let text = stdout(&postcheck(&["pack", "lint", &write_pack("fields")]));
    assert!(
        text.contains(&format!("$.rules[0].unknown{SHOWN}")),
        "{text}"
    );
    let text = stdout(&postcheck(&["pack", "lint", &write_pack("locales")]));
    assert!(
        text.contains(&format!("$.languages[1]: \"xx{SHOWN}")),
        "{text}"
    );
}

#[test]
fn pack_test_shows_a_failing_example_escaped() {
    let out = postcheck(&["pack", "test", &write_pack("failing")]);
    assert_eq!(out.status.code(), Some(1));
    check_all("pack test", &out, false);
    let text = stdout(&out);
    assert!(
        text.contains(&format!(
            "FAIL orion $.rules[0].examples.hit[1]: \"Nebula{SHOWN}"
        )),
        "{text}"
    );
}
