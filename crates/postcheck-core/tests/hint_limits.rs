//! Hostile packs and drafts that would make millions of hints: the limits of
//! `check_limited` keep the first hints and count the rest, shared texts are
//! not copied per hint, and detectors and hashed words are shared by rules.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use postcheck_core::format::limits::MAX_GUIDELINE_TEXT_CHARS;
use postcheck_core::{
    CompiledPack, Context, HintLimits, MAX_HINTS, MAX_HINTS_PER_RULE, Report, SharedText,
    hash_term, mark_term, starter_pack,
};

/// A pack of `rules` (JSON objects) with `extra` top-level fields (e.g. guidelines).
fn pack(rules: &[String], extra: &str) -> CompiledPack {
    let json = format!(
        r#"{{ "schema": "postcheck/pack/v1", "id": "limits", "name": "Limits", "version": "1",
        "publisher": "Tests", "date": "2026-01-01", "default_locale": "en", "languages": ["en"],
        {extra} "rules": [ {} ] }}"#,
        rules.join(",")
    );
    match CompiledPack::from_json_without_examples(&json) {
        Ok(p) => p,
        Err(e) => panic!("test pack does not load:\n{e}"),
    }
}

fn email_rule(i: usize) -> String {
    format!(
        r#"{{ "id": "mail-{i}", "kind": "detector", "detector": "email", "category": "personal-data",
        "level": "consider", "message": "An e-mail address: is it yours to share?" }}"#
    )
}

/// A draft of distinct e-mail addresses, `bytes` long at least; and how many it has.
fn emails(bytes: usize) -> (String, usize) {
    let mut text = String::new();
    let mut n = 0;
    while text.len() < bytes {
        text.push_str(&format!("a{n}@acme.example, "));
        n += 1;
    }
    (text, n)
}

fn limited(pack: &CompiledPack, text: &str) -> Report {
    pack.check_limited(text, &Context::default(), HintLimits::EXTENSION)
}

/// (rule, excerpt) of each hint.
fn hits(report: &Report) -> Vec<(String, String)> {
    report
        .hints
        .iter()
        .map(|h| (h.rule.clone(), h.excerpt.clone()))
        .collect()
}

#[test]
fn five_thousand_rules_on_one_detector_give_the_first_hints_and_count_the_rest() {
    let rules: Vec<String> = (0..5_000).map(email_rule).collect();
    let pack = pack(&rules, "");
    for bytes in [4_400, 100_000] {
        let (text, n) = emails(bytes);
        let report = limited(&pack, &text);
        assert_eq!(report.hints.len(), MAX_HINTS);
        assert_eq!(report.omitted, 5_000 * n - MAX_HINTS, "{bytes} bytes");
        // By position, then rule order: the first address, from the first 200 rules.
        for (i, (rule, excerpt)) in hits(&report).into_iter().enumerate() {
            assert_eq!(rule, format!("mail-{i}"));
            assert_eq!(excerpt, "a0@acme.example");
        }
    }
}

#[test]
fn the_limited_hints_are_the_first_of_all_hints() {
    // 50 rules, 4.4 KB of addresses: 200 hints of 22,000 are kept, four per rule.
    let rules: Vec<String> = (0..50).map(email_rule).collect();
    let pack = pack(&rules, "");
    let (text, n) = emails(4_400);
    let all = pack.check(&text, &Context::default());
    assert_eq!(all.hints.len(), 50 * n);
    assert_eq!(all.omitted, 0);
    let report = limited(&pack, &text);
    assert_eq!(report.hints, all.hints[..MAX_HINTS]);
    assert_eq!(report.omitted, 50 * n - MAX_HINTS);
}

#[test]
fn one_rule_gives_its_first_hints_by_position() {
    let pack = pack(&[email_rule(0)], "");
    let (text, n) = emails(4_400);
    assert!(n > MAX_HINTS_PER_RULE);
    let all = pack.check(&text, &Context::default());
    let report = limited(&pack, &text);
    assert_eq!(report.hints, all.hints[..MAX_HINTS_PER_RULE]);
    assert_eq!(report.omitted, n - MAX_HINTS_PER_RULE);
    // Another limit, for another reader.
    let five = pack.check_limited(
        &text,
        &Context::default(),
        HintLimits {
            per_rule: 5,
            total: 3,
        },
    );
    assert_eq!(five.hints, all.hints[..3]);
    assert_eq!(five.omitted, n - 3);
}

#[test]
fn ordinary_drafts_get_the_same_hints_with_the_limits() {
    let pack = CompiledPack::from_json(starter_pack()).unwrap();
    let drafts = [
        "Write to anna.muster@acme.example or call +41 44 668 18 00!",
        "VERTRAULICH: our Q3 numbers, see https://wiki.corp.example.com/q3 #a #b #c #d #e #f",
        "Thrilled to share that our team won the award!!! 🎉",
        "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun\n-----END RSA PRIVATE KEY-----",
        "",
    ];
    for draft in drafts {
        for ctx in [
            Context::default(),
            Context {
                platform: Some(postcheck_core::Platform::X),
                locale: "de".into(),
                ..Context::default()
            },
        ] {
            let all = pack.check(draft, &ctx);
            let report = pack.check_limited(draft, &ctx, HintLimits::EXTENSION);
            assert_eq!(report, all, "{draft}");
            assert_eq!(report.omitted, 0);
        }
    }
}

/// (A 4 MB guideline text is refused: see `text_lengths.rs`.)
#[test]
fn the_longest_guideline_text_is_shared_not_copied_per_hint() {
    let guideline = r#""guidelines": [ { "id": "big", "title": { "en": "Big" },
        "text": { "en": "GUIDELINE" }, "link": "https://example.com/big" } ], "contacts": [
        { "id": "dpo", "name": { "en": "DPO" }, "email": "dpo@example.com" } ],"#
        .replace("GUIDELINE", &"x".repeat(MAX_GUIDELINE_TEXT_CHARS));
    let rule = r#"{ "id": "letters", "kind": "pattern", "pattern": "[a-z]", "category": "confidential",
        "level": "note", "message": "a letter", "suggestion": { "en": "fewer letters" },
        "guideline": "big", "contact": "dpo" }"#;
    let pack = pack(&[rule.to_string()], &guideline);
    let text = "ab ".repeat(266) + "ab";
    assert_eq!(text.len(), 800);
    for report in [
        limited(&pack, &text),
        pack.check(&text, &Context::default()),
    ] {
        let first = &report.hints[0];
        let text_of = |h: &postcheck_core::Hint| h.guideline.as_ref().unwrap().text.clone();
        assert_eq!(text_of(first).len(), MAX_GUIDELINE_TEXT_CHARS);
        for h in &report.hints {
            assert!(SharedText::ptr_eq(&text_of(h), &text_of(first)));
            assert!(SharedText::ptr_eq(&h.message, &first.message));
            assert!(SharedText::ptr_eq(
                h.advice.as_ref().unwrap(),
                first.advice.as_ref().unwrap()
            ));
            let name = |h: &postcheck_core::Hint| h.contact.as_ref().unwrap().name.clone();
            assert!(SharedText::ptr_eq(&name(h), &name(first)));
        }
    }
    let report = limited(&pack, &text);
    assert_eq!(report.hints.len(), MAX_HINTS_PER_RULE);
    assert_eq!(report.omitted, 534 - MAX_HINTS_PER_RULE);
}

#[test]
fn placeholders_are_filled_in_ordinary_messages_only() {
    let rule = |message: &str| {
        format!(
            r#"{{ "id": "mail", "kind": "detector", "detector": "email", "category": "personal-data",
            "level": "consider", "message": "{message}" }}"#
        )
    };
    let text = "mail a@acme.example and b@acme.example";
    let filled = pack(&[rule("Is {match} yours?")], "");
    let messages: Vec<String> = limited(&filled, text)
        .hints
        .iter()
        .map(|h| h.message.to_string())
        .collect();
    assert_eq!(
        messages,
        ["Is a@acme.example yours?", "Is b@acme.example yours?"]
    );
    // A message of 20,000 placeholders is too long to load.
    let json = format!(
        r#"{{ "schema": "postcheck/pack/v1", "id": "limits", "name": "Limits", "version": "1",
        "publisher": "Tests", "date": "2026-01-01", "default_locale": "en", "languages": ["en"],
        "rules": [ {} ] }}"#,
        rule(&"{match}".repeat(20_000))
    );
    let refused = CompiledPack::from_json_without_examples(&json).unwrap_err();
    assert!(refused.errors().any(|p| p.path == "$.rules[0].message"
        && p.message.contains("has 140,000 characters")));
    // Many placeholders in a short message: the first eight are filled.
    let report = limited(&pack(&[rule(&"{match}|".repeat(10))], ""), text);
    let expected = "a@acme.example|".repeat(8) + "{match}|{match}|";
    assert_eq!(report.hints[0].message, expected.as_str());
}

/// A `hashed_terms` rule of one term, without marks (or with them).
fn hashed_rule(i: usize, term: &str, marked: bool) -> String {
    let salt = format!("salt-{i}");
    let marks = if marked {
        format!(r#", "marks": [{}]"#, mark_term(&salt, term))
    } else {
        String::new()
    };
    format!(
        r#"{{ "id": "secret-{i}", "kind": "hashed_terms", "category": "confidential", "level": "important",
        "message": "code name", "salt": "{salt}", "hashes": ["{}"]{marks} }}"#,
        hash_term(&salt, term)
    )
}

#[test]
fn five_thousand_hashed_rules_with_marks_find_their_terms_in_100_kb() {
    let words = [
        "the", "team", "launch", "product", "release", "great", "work", "today", "falcon",
    ];
    // 100 KB of ordinary words, with three code names in the forms of the text.
    let planted = [17, 2_500, 4_999];
    let mut text = String::new();
    let mut i = 0;
    while text.len() < 100_000 {
        text.push_str(words[i * 7 % words.len()]);
        text.push(' ');
        if i % 6_000 == 100
            && let Some(n) = planted.get(i / 6_000)
        {
            text.push_str(&format!("CODENAME{n} Falcons, "));
        }
        i += 1;
    }
    let expected: Vec<(String, String)> = planted
        .iter()
        .map(|n| (format!("secret-{n}"), format!("CODENAME{n} Falcons")))
        .collect();
    let marked: Vec<String> = (0..5_000)
        .map(|i| hashed_rule(i, &format!("Codename{i} Falcon"), true))
        .collect();
    let report = limited(&pack(&marked, ""), &text);
    assert_eq!(hits(&report), expected);
    assert_eq!(report.omitted, 0);
    // Without marks, at most eight rules are read (see `unmarked_hashed_rules.rs`):
    // the planted ones among eight find the same.
    let unmarked: Vec<String> = [17, 18, 19, 20, 21, 2_500, 2_501, 4_999]
        .into_iter()
        .map(|i| hashed_rule(i, &format!("Codename{i} Falcon"), false))
        .collect();
    assert_eq!(hits(&limited(&pack(&unmarked, ""), &text)), expected);
    let alone = self::pack(&[hashed_rule(2_500, "Codename2500 Falcon", false)], "");
    assert_eq!(hits(&limited(&alone, &text)), expected[1..2]);
}

#[test]
fn forty_thousand_key_headers_give_the_first_hints() {
    let rule = r#"{ "id": "key", "kind": "detector", "detector": "private-key", "category": "secret",
        "level": "important", "message": "a key", "min_confidence": "low" }"#;
    let pack = pack(&[rule.to_string()], "");
    let header = "-----BEGIN PRIVATE KEY-----";
    for text in [format!("{header}\n").repeat(40_000), header.repeat(40_000)] {
        let report = limited(&pack, &text);
        assert_eq!(report.hints.len(), MAX_HINTS_PER_RULE);
        assert_eq!(report.omitted, 40_000 - MAX_HINTS_PER_RULE);
        assert!(report.hints.iter().all(|h| h.excerpt == header));
        let step = header.len() + usize::from(text.contains('\n'));
        let starts: Vec<usize> = report.hints.iter().map(|h| h.start).collect();
        let expected: Vec<usize> = (0..MAX_HINTS_PER_RULE).map(|k| k * step).collect();
        assert_eq!(starts, expected);
    }
}
