//! `pack new`, `pack audit` and `pack docs` as a pack author runs them.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};

use postcheck_core::{hash_term, mark_term};

const ACME: &str = "../../../examples/packs/acme.json";

fn postcheck(args: &[&str]) -> Output {
    common::postcheck()
        .args(args)
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests"))
        .env("LANG", "C")
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

/// A file of the test build named `name` with `text` in it.
fn temp_file(name: &str, text: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("authoring");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn audit_json(pack: &Path) -> serde_json::Value {
    let out = postcheck(&[
        "pack",
        "audit",
        pack.to_str().unwrap(),
        "--date",
        "2026-11-25",
        "--format",
        "json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_str(&stdout(&out)).unwrap()
}

#[test]
fn audit_of_acme_lists_false_alarms_everyday_terms_and_quiet_rules() {
    let out = postcheck(&["pack", "audit", ACME, "--date", "2026-11-25"]);
    assert!(out.status.success());
    insta::assert_snapshot!(stdout(&out));
}

#[test]
fn audit_json_of_acme_has_every_finding_located() {
    let a = audit_json(Path::new(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/packs/acme.json"),
    ));
    assert_eq!(a["pack"], "acme-social");
    assert!(a["ordinary_posts"].as_u64().unwrap() >= 300);
    for f in a["false_alarms"].as_array().unwrap() {
        assert!(
            f["post"].as_str().unwrap().contains("-ordinary.txt:"),
            "{f}"
        );
        assert!(
            f["context"]
                .as_str()
                .unwrap()
                .contains(f["passage"].as_str().unwrap())
        );
    }
    let terms: Vec<&str> = a["everyday_terms"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|t| t["term"].as_str())
        .collect();
    assert!(
        terms.contains(&"Matterhorn") && terms.contains(&"Säntis"),
        "{terms:?}"
    );
}

#[test]
fn audit_finds_everyday_words_and_place_names_hashed_or_not() {
    let salt = "audit-test-salt";
    let pack = serde_json::json!({
        "schema": "postcheck/pack/v1",
        "id": "audit-words",
        "name": "Audit words",
        "version": "1",
        "publisher": "Test",
        "date": "2026-11-25",
        "default_locale": "en",
        "languages": ["en"],
        "rules": [
            {
                "id": "code-names", "kind": "terms", "category": "confidential",
                "level": "important", "message": "{match} is a code name",
                "terms": ["Gotthard", "Zorglubtron", "Auftrag"],
                "examples": {"hit": ["Zorglubtron ships soon"]}
            },
            {
                "id": "secret-names", "kind": "hashed_terms", "category": "confidential",
                "level": "important", "message": "{match} is a code name",
                "salt": salt, "max_words": 1,
                "hashes": [hash_term(salt, "Pilatus"), hash_term(salt, "Qwxzyplon")],
                "marks": [mark_term(salt, "Pilatus"), mark_term(salt, "Qwxzyplon")]
            }
        ]
    });
    let path = temp_file("audit-words.json", &pack.to_string());
    let a = audit_json(&path);
    let found: Vec<(String, Option<String>, String)> = a["everyday_terms"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["path"].as_str().unwrap().to_owned(),
                t["term"].as_str().map(str::to_owned),
                t["lists"].to_string(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            (
                "rules[0].terms[0]".to_owned(),
                Some("Gotthard".to_owned()),
                "[\"place\"]".to_owned()
            ),
            (
                "rules[0].terms[2]".to_owned(),
                Some("Auftrag".to_owned()),
                "[{\"everyday\":\"de\"}]".to_owned()
            ),
            (
                "rules[1].hashes[0]".to_owned(),
                None,
                "[\"place\"]".to_owned()
            ),
        ]
    );
    // The text output says it without the hashed word.
    let text = stdout(&postcheck(&[
        "pack",
        "audit",
        path.to_str().unwrap(),
        "--date",
        "2026-11-25",
    ]));
    assert!(text.contains("\"Gotthard\" is a place name"), "{text}");
    assert!(
        text.contains("\"Auftrag\" is an everyday German word"),
        "{text}"
    );
    assert!(
        text.contains("secret-names rules[1].hashes[0]: a hashed term is an everyday word or a place name (not shown here)"),
        "{text}"
    );
    assert!(!text.contains("Pilatus"), "{text}");
    // German everyday words are left out when only English posts are audited.
    let out = postcheck(&[
        "pack",
        "audit",
        path.to_str().unwrap(),
        "--lang",
        "en",
        "--format",
        "json",
    ]);
    let en: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(en["everyday_terms"].as_array().unwrap().len(), 2);
}

#[test]
fn audit_lists_rules_that_fire_only_on_their_own_examples() {
    let pack = serde_json::json!({
        "schema": "postcheck/pack/v1",
        "id": "audit-quiet",
        "name": "Audit quiet rules",
        "version": "1",
        "publisher": "Test",
        "date": "2026-11-25",
        "default_locale": "en",
        "languages": ["en"],
        "rules": [
            {
                "id": "never-on-posts", "kind": "terms", "category": "confidential",
                "level": "important", "message": "{match} is a code name",
                "terms": ["Zorglubtron"],
                "examples": {"hit": ["Zorglubtron ships soon"]}
            },
            {
                "id": "on-posts", "kind": "terms", "category": "values",
                "level": "note", "message": "{match}",
                "terms": ["LinkedIn"],
                "examples": {"hit": ["See you on LinkedIn"]}
            },
            {
                "id": "no-examples", "kind": "terms", "category": "values",
                "level": "note", "message": "{match}",
                "terms": ["Qwxzyplon"]
            }
        ]
    });
    let path = temp_file("audit-quiet.json", &pack.to_string());
    let a = audit_json(&path);
    assert_eq!(
        a["only_on_examples"],
        serde_json::json!(["never-on-posts", "no-examples"])
    );
    assert_eq!(a["without_hit_example"], serde_json::json!(["no-examples"]));
    // A note is no false alarm; nothing of this pack is listed as one.
    assert!(
        a["false_alarms"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["pack"] != "audit-quiet")
    );
}

#[test]
fn audit_refuses_a_language_without_posts() {
    let out = postcheck(&["pack", "audit", ACME, "--lang", "es"]);
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("--lang es: the corpus has posts in de, en, fr and it"),
        "{err}"
    );
}

// Two pages with the baseline beneath (the default), two without
// (`--only-pack`): the same pack's own sections either way.
#[test]
fn docs_of_acme_in_markdown_german() {
    let out = postcheck(&["pack", "docs", ACME, "--lang", "de", "--only-pack"]);
    assert!(out.status.success());
    insta::assert_snapshot!(stdout(&out));
}

#[test]
fn docs_of_acme_in_markdown_english() {
    let out = postcheck(&["pack", "docs", ACME, "--lang", "en"]);
    assert!(out.status.success());
    insta::assert_snapshot!(stdout(&out));
}

#[test]
fn docs_of_acme_in_html_german() {
    let out = postcheck(&["pack", "docs", ACME, "--lang", "de", "--format", "html"]);
    assert!(out.status.success());
    insta::assert_snapshot!(stdout(&out));
}

#[test]
fn docs_of_acme_in_html_english() {
    let out = postcheck(&[
        "pack",
        "docs",
        ACME,
        "--lang",
        "en",
        "--format",
        "html",
        "--only-pack",
    ]);
    assert!(out.status.success());
    insta::assert_snapshot!(stdout(&out));
}

#[test]
fn docs_cover_the_baseline_unless_only_the_pack_is_asked_for() {
    let with = stdout(&postcheck(&["pack", "docs", ACME, "--lang", "en"]));
    let without = stdout(&postcheck(&[
        "pack",
        "docs",
        ACME,
        "--lang",
        "en",
        "--only-pack",
    ]));
    let (own, baseline) = with
        .split_once("\n## Also checked for everyone\n")
        .expect("a section for the baseline");
    // The pack's own page is the same; the baseline's guidelines follow.
    assert_eq!(own, without);
    for guideline in [
        "### Personal data",
        "### Passwords and keys",
        "### Respectful tone",
    ] {
        assert!(baseline.contains(guideline), "{guideline}");
    }
    assert!(!without.contains("Also checked"));
    // The baseline itself (an edited copy of it) has no baseline beneath.
    let starter = concat!(env!("CARGO_MANIFEST_DIR"), "/../../packs/starter.json");
    let page = stdout(&postcheck(&["pack", "docs", starter, "--lang", "en"]));
    assert!(!page.contains("Also checked"), "{page}");
}

#[test]
fn docs_never_reveal_hashed_names() {
    let salt = "docs-test-salt";
    let pack = serde_json::json!({
        "schema": "postcheck/pack/v1",
        "id": "docs-hashed",
        "name": "Docs hashed",
        "version": "1",
        "publisher": "Test",
        "date": "2026-11-25",
        "default_locale": "en",
        "languages": ["en"],
        "rules": [
            {
                "id": "secret-names", "kind": "hashed_terms", "category": "confidential",
                "level": "important", "message": "{match} is a code name",
                "salt": salt, "max_words": 1,
                "hashes": [hash_term(salt, "Qwxzyplon")],
                "marks": [mark_term(salt, "Qwxzyplon")],
                "examples": {"hit": ["The team behind Qwxzyplon is ready for the launch"]}
            },
            {
                "id": "launch-words", "kind": "terms", "category": "confidential",
                "level": "consider", "message": "{match}",
                "terms": ["launch"],
                "examples": {"hit": [
                    "Qwxzyplon is ready for the launch and the team is proud of it",
                    "The launch is next week and the team is ready for it"
                ]}
            }
        ]
    });
    let path = temp_file("docs-hashed.json", &pack.to_string());
    for format in ["md", "html"] {
        let out = postcheck(&["pack", "docs", path.to_str().unwrap(), "--format", format]);
        assert!(out.status.success());
        let page = stdout(&out);
        assert!(!page.contains("Qwxzyplon"), "{page}");
        assert!(page.contains("The launch is next week"), "{page}");
    }
}

#[test]
fn docs_of_a_hostile_pack_escape_every_text_and_run_nothing() {
    let html = stdout(&postcheck(&[
        "pack",
        "docs",
        "data/hostile-docs.json",
        "--format",
        "html",
    ]));
    // Every text of the pack is there, escaped.
    let escaped = "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;[U+202E]";
    // Name (title and heading), description, version, publisher, guideline
    // title and text, contact (section and list), topics, message, example.
    assert_eq!(html.matches(escaped).count(), 12, "{html}");
    // The only tags are the page's own: no script, no image, no handler, no
    // link but https, no bidi control.
    assert!(
        !html.contains("<script") && !html.contains("<img"),
        "{html}"
    );
    assert!(!html.contains("onerror=alert") || html.contains("onerror=alert(2)&gt;"));
    assert!(
        !html.contains("<a "),
        "no link of the pack is safe to link: {html}"
    );
    assert!(!html.contains("\" onmouseover"), "{html}");
    assert!(
        !html
            .chars()
            .any(|c| matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'))
    );
    assert!(html.contains("default-src 'none'"));
    assert!(!html.contains("http://") && !html.contains("src=\"") && !html.contains("<link"));

    let md = stdout(&postcheck(&[
        "pack",
        "docs",
        "data/hostile-docs.json",
        "--format",
        "md",
        "--lang",
        "en",
    ]));
    assert_eq!(
        md.matches(r"\<script\>alert(1)\</script\>\<img src=x onerror=alert(2)\>\[U+202E\]\[click\](javascript:alert(3)) \*bold\* \&amp; \[U+2066\]\# Heading").count(),
        11,
        "{md}"
    );
    // Every `<`, `[`, `]` and `&` is escaped: no HTML, link or entity (the
    // escaped emphasis is in the text matched above).
    let bytes = md.as_bytes();
    for (i, b) in bytes.iter().enumerate() {
        if matches!(b, b'<' | b'[' | b']' | b'&') {
            assert!(
                i > 0 && bytes[i - 1] == b'\\',
                "unescaped at {i}: {}",
                &md[i.saturating_sub(20)..]
            );
        }
    }
    assert!(
        !md.chars()
            .any(|c| matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'))
    );
}

#[test]
fn docs_write_to_a_file() {
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join("acme-docs.html");
    let _ = std::fs::remove_file(&path);
    let out = postcheck(&[
        "pack",
        "docs",
        ACME,
        "--lang",
        "fr",
        "--format",
        "html",
        "--out",
        path.to_str().unwrap(),
    ]);
    assert!(out.status.success());
    let page = std::fs::read_to_string(&path).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>\n<html lang=\"fr\">"));
    assert!(page.contains("Ce qui est vérifié"));
}

#[test]
fn a_new_pack_lints_clean_and_passes_its_tests_in_each_language_set() {
    for languages in ["en", "de", "fr", "it", "de,en,fr,it", "fr,it"] {
        let out = postcheck(&[
            "pack",
            "new",
            "--company",
            "Muster & Söhne AG",
            "--languages",
            languages,
        ]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let pack: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
        assert_eq!(pack["id"], "muster-soehne-ag-social");
        let first = languages.split(',').next().unwrap();
        assert_eq!(pack["default_locale"], first);
        assert_eq!(pack["guidelines"].as_array().unwrap().len(), 9);
        for rule in pack["rules"].as_array().unwrap() {
            for lang in languages.split(',') {
                assert!(rule["message"][lang].is_string(), "{languages}: {rule}");
            }
        }
        let path = temp_file(&format!("new-{languages}.json"), &stdout(&out));
        let lint = postcheck(&["pack", "lint", path.to_str().unwrap()]);
        let report = stdout(&lint);
        assert!(lint.status.success(), "{languages}: {report}");
        assert!(!report.contains("error"), "{languages}: {report}");
        let test = postcheck(&["pack", "test", path.to_str().unwrap()]);
        assert!(test.status.success(), "{languages}: {}", stdout(&test));
        // It layers on the baseline.
        let check = postcheck(&[
            "check",
            "--pack",
            path.to_str().unwrap(),
            "--format",
            "json",
            "-",
        ]);
        assert!(check.status.success());
    }
}

#[test]
fn a_new_pack_is_written_to_a_new_file_only() {
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join("new-pack-written.json");
    let _ = std::fs::remove_file(&path);
    let args = [
        "pack",
        "new",
        "--company",
        "ACME",
        "--id",
        "acme-test",
        "--languages",
        "de,en",
        "--contact-name",
        "Kommunikation",
        "--contact-email",
        "kommunikation@acme.example",
        "--out",
        path.to_str().unwrap(),
    ];
    let out = postcheck(&args);
    assert!(out.status.success());
    assert!(stdout(&out).contains("fill in every text marked TO DO"));
    let pack: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(pack["id"], "acme-test");
    assert_eq!(pack["contacts"][0]["email"], "kommunikation@acme.example");
    assert_eq!(
        pack["overrides"][0]["exceptions"],
        serde_json::json!(["kommunikation@acme.example"])
    );
    let again = postcheck(&args);
    assert!(!again.status.success());
    assert!(
        String::from_utf8(again.stderr)
            .unwrap()
            .contains("exists already")
    );
}

/// Runs `postcheck` with `stdin` piped in (the paths given are absolute).
fn postcheck_with_stdin(args: &[&str], stdin: &str) -> Output {
    common::postcheck_with_stdin(args, stdin.as_bytes()).0
}

#[test]
fn a_new_pack_asks_for_the_answers_on_standard_input() {
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join("new-pack-asked.json");
    let _ = std::fs::remove_file(&path);
    // Company, id (empty: the default), languages, contact, e-mail, file.
    let answers = format!(
        "Müller & Söhne AG\n\n de,fr \nKommunikation\nkomm@mueller.example\n{}\n",
        path.display()
    );
    let out = postcheck_with_stdin(&["pack", "new", "--ask"], &answers);
    let err = String::from_utf8(out.stderr.clone()).unwrap();
    assert!(out.status.success(), "{err}");
    // Every question, with its default in brackets (the id's from the answer before).
    for question in [
        "Company name [Example Company]: ",
        "Pack id [mueller-soehne-ag-social]: ",
        "Languages, the default first (de, en, fr, it) [en]: ",
        "Contact for questions (team or person) [Corporate Communications]: ",
        "Their e-mail address [social@company.example]: ",
        "File to write [mueller-soehne-ag-social.json]: ",
    ] {
        assert!(err.contains(question), "{question}\n{err}");
    }
    assert!(stdout(&out).contains("fill in every text marked TO DO"));
    let pack: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(pack["id"], "mueller-soehne-ag-social");
    assert_eq!(pack["default_locale"], "de");
    assert_eq!(pack["languages"], serde_json::json!(["de", "fr"]));
    assert_eq!(pack["contacts"][0]["name"]["fr"], "Kommunikation");
    assert_eq!(pack["contacts"][0]["email"], "komm@mueller.example");
    // The pack written lints clean: no error, no warning.
    let lint = postcheck(&["pack", "lint", path.to_str().unwrap()]);
    let report = stdout(&lint);
    assert!(lint.status.success(), "{report}");
    assert!(
        report.ends_with(": ok: 3 rules, 12 examples pass, 0 warnings\n"),
        "{report}"
    );

    // Answers that run out take the defaults; a bad one is refused with a fix.
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join("new-pack-asked-short.json");
    let _ = std::fs::remove_file(&path);
    let short = postcheck_with_stdin(
        &["pack", "new", "--ask", "--out", path.to_str().unwrap()],
        "ACME\n",
    );
    assert!(short.status.success());
    let pack: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(
        (pack["id"].as_str(), pack["default_locale"].as_str()),
        (Some("acme-social"), Some("en"))
    );
    let bad = postcheck_with_stdin(&["pack", "new", "--ask"], "ACME\n\nes\n");
    assert!(!bad.status.success());
    let err = String::from_utf8(bad.stderr).unwrap();
    assert!(err.contains("not es") && err.contains("fix:"), "{err}");
}

#[test]
fn a_new_pack_refuses_bad_answers_with_a_fix() {
    for (args, says) in [
        (vec!["--languages", "es"], "not es"),
        (vec!["--id", "Bad Id"], "--id Bad Id"),
        (vec!["--contact-email", "nobody"], "not an e-mail address"),
    ] {
        let mut all = vec!["pack", "new"];
        all.extend(args);
        let out = postcheck(&all);
        assert!(!out.status.success());
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.contains(says) && err.contains("fix:"), "{err}");
    }
}
