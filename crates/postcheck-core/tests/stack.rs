//! Stacks of packs with real drafts: the built-in baseline kept under a
//! company pack, and what a company pack's overrides change beneath it.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use postcheck_core::{
    Category, CompiledPack, Context, Date, HintLimits, Level, PackStack, Report, StackOptions,
    engine::stack::ChangeWarning,
};

const ACME: &str = include_str!("../../../examples/packs/acme.json");

/// A draft with an IBAN, a private mobile number, "streng vertraulich" and an insult.
const LEAKY: &str = "Streng vertraulich: Der Vollidiot vom Einkauf hat mir seine IBAN \
    CH93 0076 2011 6238 5295 7 geschickt, ruft mich an: +41 79 123 45 67.";

fn load(json: &str) -> CompiledPack {
    CompiledPack::from_json(json).unwrap_or_else(|e| panic!("{e:?}"))
}

/// A company pack `id` with `rules` and `overrides` (JSON lists' contents).
fn company(id: &str, rules: &str, overrides: &str) -> CompiledPack {
    load(&format!(
        r#"{{ "schema": "postcheck/pack/v1", "id": "{id}", "name": {{"de": "{id} DE", "en": "{id} EN"}},
        "version": "1.0", "publisher": "{id} Comms", "date": "2026-01-01",
        "default_locale": "de", "languages": ["de", "en"],
        "overrides": [{overrides}], "rules": [{rules}] }}"#
    ))
}

fn stack(packs: Vec<CompiledPack>) -> PackStack {
    PackStack::new(packs, StackOptions::default()).unwrap_or_else(|e| panic!("{e}"))
}

fn ctx(locale: &str) -> Context {
    Context {
        locale: locale.into(),
        date: Date::parse("2026-11-25"),
        ..Context::default()
    }
}

/// (layer, rule, excerpt) of every hint.
fn hints(report: &Report) -> Vec<(String, String, String)> {
    report
        .hints
        .iter()
        .map(|h| {
            (
                h.pack.clone().unwrap_or_default(),
                h.rule.clone(),
                h.excerpt.clone(),
            )
        })
        .collect()
}

fn rules(report: &Report) -> Vec<&str> {
    report.hints.iter().map(|h| h.rule.as_str()).collect()
}

#[test]
fn the_baseline_is_kept_under_a_company_pack() {
    let alone = load(ACME).check(LEAKY, &ctx("de"));
    for rule in ["bank-account", "phone-number", "internal-marker", "insult"] {
        assert!(!rules(&alone).contains(&rule), "acme alone has no {rule}");
    }
    let report = stack(vec![load(ACME)]).check(LEAKY, &ctx("de"));
    let found = hints(&report);
    for (rule, excerpt) in [
        ("internal-marker", "Streng vertraulich"),
        ("insult", "Vollidiot"),
        ("bank-account", "CH93 0076 2011 6238 5295 7"),
        ("phone-number", "+41 79 123 45 67"),
    ] {
        assert!(
            found.contains(&("postcheck-starter".into(), rule.into(), excerpt.into())),
            "{rule}: {found:?}"
        );
    }
    assert_eq!(report.pack.id, "acme-social");
    let layers: Vec<&str> = report.packs.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(layers, ["postcheck-starter", "acme-social"]);
    assert_eq!(
        report.packs[1].name,
        "ACME Robotics – Social-Media-Leitfaden für Corporate Influencer"
    );
}

#[test]
fn rules_are_switched_off_by_id_by_category_and_the_baseline_as_a_whole() {
    let by_id = company("acme", "", r#"{"rule": "phone-number", "off": true}"#);
    let report = stack(vec![by_id]).check(LEAKY, &ctx("de"));
    assert!(
        !rules(&report).contains(&"phone-number"),
        "{:?}",
        rules(&report)
    );
    assert!(rules(&report).contains(&"bank-account"));

    let by_category = company("acme", "", r#"{"category": "netiquette", "off": true}"#);
    let report = stack(vec![by_category]).check(LEAKY, &ctx("de"));
    assert!(!rules(&report).contains(&"insult"));
    assert!(rules(&report).contains(&"phone-number") && rules(&report).contains(&"bank-account"));

    let whole = company("acme", "", r#"{"pack": "postcheck-starter", "off": true}"#);
    let s = stack(vec![whole]);
    let report = s.check(LEAKY, &ctx("de"));
    assert!(report.hints.is_empty(), "{:?}", rules(&report));
    assert_eq!(report.packs.len(), 1, "the baseline did not check");
    let info = s.info("en");
    assert_eq!(info.layers[0].switched_off_by.as_deref(), Some("acme"));
    assert_eq!(info.layers[1].changes[0].matched, 24);

    // The other way on purpose: the option.
    let alone = PackStack::new(vec![load(ACME)], StackOptions { baseline: false }).unwrap();
    assert!(alone.check(LEAKY, &ctx("de")).hints.is_empty());
}

#[test]
fn a_level_is_changed_and_texts_are_replaced_in_the_readers_locale() {
    let acme = company(
        "acme",
        "",
        r#"{"rule": "phone-number", "level": "important",
            "message": {"de": "Bitte keine privaten Nummern ({match}).", "en": "No private numbers, please ({match})."},
            "suggestion": {"de": "Nennen Sie die Hotline."}}"#,
    );
    let s = stack(vec![acme]);
    let phone = |locale: &str| {
        let report = s.check(LEAKY, &ctx(locale));
        report
            .hints
            .into_iter()
            .find(|h| h.rule == "phone-number")
            .unwrap()
    };
    let en = phone("en");
    assert_eq!(en.level, Level::Important);
    assert_eq!(en.message, "No private numbers, please (+41 79 123 45 67).");
    // No English suggestion: the overriding pack's default locale (de), not the baseline's (en).
    assert_eq!(en.advice.as_deref(), Some("Nennen Sie die Hotline."));
    // No French: English before the overriding pack's default locale (de),
    // unless the reader also reads German.
    let fr = phone("fr");
    assert_eq!(fr.message, "No private numbers, please (+41 79 123 45 67).");
    let report = s.check(
        LEAKY,
        &Context {
            fallback_locales: vec!["de-CH".into()],
            ..ctx("fr")
        },
    );
    let fr_de = report
        .hints
        .iter()
        .find(|h| h.rule == "phone-number")
        .unwrap();
    assert_eq!(
        fr_de.message,
        "Bitte keine privaten Nummern (+41 79 123 45 67)."
    );
    // The other rules keep their level and words.
    let report = s.check(LEAKY, &ctx("en"));
    let iban = report
        .hints
        .iter()
        .find(|h| h.rule == "bank-account")
        .unwrap();
    assert!(iban.message.contains("is an IBAN"), "{}", iban.message);
    assert_eq!(iban.level, Level::Important);
}

#[test]
fn exceptions_leave_the_company_hotline_alone_but_not_a_private_mobile() {
    let draft = "Fragen? Unsere Hotline +41 800 22 63 00 hilft. Privat: +41 79 123 45 67.";
    let plain = stack(vec![company("acme", "", "")]).check(draft, &ctx("de"));
    let phones = |r: &Report| -> Vec<String> {
        r.hints
            .iter()
            .filter(|h| h.rule == "phone-number")
            .map(|h| h.excerpt.clone())
            .collect()
    };
    assert_eq!(phones(&plain), ["+41 800 22 63 00", "+41 79 123 45 67"]);
    let acme = company(
        "acme",
        "",
        r#"{"rule": "phone-number", "exceptions": ["+41 800 22 63 00"]}"#,
    );
    let report = stack(vec![acme]).check(draft, &ctx("de"));
    assert_eq!(phones(&report), ["+41 79 123 45 67"]);
    // By category too.
    let acme = company(
        "acme",
        "",
        r#"{"category": "personal-data", "exceptions": ["+41 800 22 63 00"]}"#,
    );
    let report = stack(vec![acme]).check(draft, &ctx("de"));
    assert_eq!(phones(&report), ["+41 79 123 45 67"]);
}

#[test]
fn two_layers_on_one_passage_for_one_reason_give_one_hint_from_the_top() {
    let email = r#"{"id": "email", "kind": "detector", "detector": "email", "category": "personal-data",
        "level": "important", "message": "Eine Adresse.", "examples": {"hit": ["a@acme.example"]}}"#;
    let draft = "Schreiben Sie an anna.muster@acme.example.";
    let report = stack(vec![company("acme", email, "")]).check(draft, &ctx("de"));
    assert_eq!(
        hints(&report),
        [(
            "acme".to_string(),
            "email".to_string(),
            "anna.muster@acme.example".to_string()
        )]
    );
    // Another rule of the same category on the same passage says the same:
    // the company's words are kept (the baseline's internal marker and a
    // company's own marker terms on "streng vertraulich").
    let marker = r#"{"id": "marker", "kind": "terms", "terms": ["streng vertraulich"], "category": "confidential",
        "level": "important", "message": "Vertraulich.", "examples": {"hit": ["streng vertraulich"]}}"#;
    let report =
        stack(vec![company("acme", marker, "")]).check("Das ist streng vertraulich.", &ctx("de"));
    assert_eq!(rules(&report), ["marker"]);
    // Another category is another reason: both stay.
    let other = email.replace("personal-data", "confidential");
    let report = stack(vec![company("acme", &other, "")]).check(draft, &ctx("de"));
    assert_eq!(rules(&report), ["email-address", "email"]);
}

#[test]
fn overrides_never_change_their_own_layer_or_the_layers_above() {
    let orion = |category: &str| {
        format!(
            r#"{{"id": "orion", "kind": "terms", "terms": ["Orion"], "category": "{category}",
            "level": "consider", "message": "Orion.", "examples": {{"hit": ["Orion"]}}}}"#
        )
    };
    let group = company(
        "group",
        &orion("confidential"),
        r#"{"rule": "orion", "off": true}, {"rule": "email-address", "level": "note"}"#,
    );
    let team = company("team", &orion("values"), "");
    let draft = "Orion startet, Fragen an anna@acme.example";
    let report = stack(vec![group, team]).check(draft, &ctx("de"));
    assert_eq!(
        hints(&report),
        [
            ("group".into(), "orion".into(), "Orion".into()),
            ("team".into(), "orion".into(), "Orion".into()),
            (
                "postcheck-starter".into(),
                "email-address".into(),
                "anna@acme.example".into()
            ),
        ]
    );
    assert_eq!(report.hints[2].level, Level::Note);
    // The team above switches the group's rule off.
    let group = company("group", &orion("confidential"), "");
    let team = company(
        "team",
        "",
        r#"{"rule": "orion", "pack": "group", "off": true}"#,
    );
    let report = stack(vec![group, team]).check(draft, &ctx("de"));
    assert_eq!(rules(&report), ["email-address"]);
}

#[test]
fn a_v1_pack_alone_checks_as_before() {
    let acme = load(ACME);
    for draft in [
        LEAKY,
        "Orion kommt! Mail anna@acme.example #a #b #c #d #e #f",
    ] {
        let alone = acme.check(draft, &ctx("de"));
        assert!(alone.packs.is_empty() && alone.hints.iter().all(|h| h.pack.is_none()));
        let json = serde_json::to_value(&alone).unwrap();
        assert!(json.get("packs").is_none());
        assert!(
            json["hints"]
                .as_array()
                .unwrap()
                .iter()
                .all(|h| h.get("pack").is_none())
        );
        let one = PackStack::new(vec![load(ACME)], StackOptions { baseline: false }).unwrap();
        let stacked = one.check(draft, &ctx("de"));
        let without_layers: Vec<_> = stacked
            .hints
            .iter()
            .cloned()
            .map(|mut h| {
                assert_eq!(h.pack.as_deref(), Some("acme-social"));
                h.pack = None;
                h
            })
            .collect();
        assert_eq!(without_layers, alone.hints);
    }
}

#[test]
fn a_rule_starts_on_its_valid_from_date() {
    let quiet = r#"{"id": "quiet", "kind": "terms", "terms": ["Quartalszahlen"], "category": "confidential",
        "level": "important", "message": "Ruhephase.", "valid_from": "2099-01-01"}"#;
    let s = stack(vec![company("acme", quiet, "")]);
    let draft = "Unsere Quartalszahlen sind stark";
    assert!(!rules(&s.check(draft, &ctx("de"))).contains(&"quiet"));
    let later = Context {
        date: Date::parse("2099-01-01"),
        ..ctx("de")
    };
    assert!(rules(&s.check(draft, &later)).contains(&"quiet"));
}

#[test]
fn the_limits_apply_to_the_stack_as_a_whole() {
    let email = r#"{"id": "email", "kind": "detector", "detector": "email", "category": "confidential",
        "level": "important", "message": "Eine Adresse."}"#;
    let s = stack(vec![company("acme", email, "")]);
    let draft: String = (0..20).map(|i| format!("a{i}@acme.example ")).collect();
    let all = s.check(&draft, &ctx("de"));
    assert_eq!(
        all.hints.len(),
        40,
        "two rules of two layers, another category each"
    );
    let limited = s.check_limited(
        &draft,
        &ctx("de"),
        HintLimits {
            per_rule: 15,
            total: 25,
        },
    );
    assert_eq!(limited.hints.len(), 25);
    assert_eq!(limited.omitted, 5 + 5 + 5);
    // The first by position, then layer from the bottom.
    assert_eq!(limited.hints[0].pack.as_deref(), Some("postcheck-starter"));
    assert_eq!(limited.hints[1].pack.as_deref(), Some("acme"));
}

#[test]
fn what_each_layer_changed_names_the_rules_and_warns_of_what_matches_nothing() {
    let acme = company(
        "acme",
        "",
        r#"{"rule": "phone-number", "exceptions": ["+41 800 22 63 00"]},
           {"category": "netiquette", "level": "note"},
           {"rule": "nope", "off": true},
           {"pack": "elsewhere", "off": true}"#,
    );
    let s = stack(vec![acme]);
    let changes = s.changes("en");
    assert_eq!(changes.len(), 2);
    assert!(changes[0].overrides.is_empty());
    let c = &changes[1].overrides;
    assert_eq!(c[0].target, "rule \"phone-number\"");
    assert_eq!(c[0].matched, 1);
    assert_eq!(c[0].rules[0].pack, "postcheck-starter");
    assert_eq!(c[0].exceptions, ["+41 800 22 63 00"]);
    assert_eq!(c[1].level, Some(Level::Note));
    let netiquette: Vec<&str> = c[1].rules.iter().map(|r| r.rule.as_str()).collect();
    assert_eq!(
        netiquette,
        ["insult", "accusation", "shouting", "repeated-punctuation"]
    );
    assert!(c[0].warning.is_none() && c[1].warning.is_none());
    assert_eq!(c[2].warning.as_deref(), Some("no rule \"nope\" beneath"));
    assert_eq!(
        c[3].warning.as_deref(),
        Some("no pack \"elsewhere\" beneath")
    ); // The same, structured, for readers that word it in their own language.
    assert_eq!(c[0].rule.as_deref(), Some("phone-number"));
    assert_eq!(
        (c[1].category, c[1].rule.as_deref()),
        (Some(Category::Netiquette), None)
    );
    assert_eq!(c[3].pack.as_deref(), Some("elsewhere"));
    let kinds: Vec<Option<ChangeWarning>> = c.iter().map(|c| c.warning_kind).collect();
    assert_eq!(
        kinds,
        [
            None,
            None,
            Some(ChangeWarning::NoRule),
            Some(ChangeWarning::NoPack)
        ]
    );
}

#[test]
fn a_stack_of_one_pack_twice_or_of_nothing_is_refused() {
    let e = PackStack::new(vec![load(ACME), load(ACME)], StackOptions::default()).unwrap_err();
    assert_eq!(e.message, "the pack \"acme-social\" is in the stack twice");
    let e = PackStack::new(Vec::new(), StackOptions { baseline: false }).unwrap_err();
    assert!(e.message.starts_with("no pack to check with"), "{e}");
    // A pack with the baseline's id takes its place.
    let starter = load(postcheck_core::starter_pack());
    let s = PackStack::new(vec![starter], StackOptions::default()).unwrap();
    assert_eq!(s.packs().count(), 1);
}

#[test]
fn override_exceptions_count_towards_the_term_limits() {
    let words: Vec<String> = (0..1000).map(|i| format!("\"w{i}\"")).collect();
    let overrides: Vec<String> = (0..260)
        .map(|_| format!(r#"{{"rule": "x", "exceptions": [{}]}}"#, words.join(",")))
        .collect();
    let json = format!(
        r#"{{ "schema": "postcheck/pack/v1", "id": "big", "name": "Big", "version": "1",
        "publisher": "P", "date": "2026-01-01", "default_locale": "en", "languages": ["en"],
        "overrides": [{}], "rules": [] }}"#,
        overrides.join(",")
    );
    let e = CompiledPack::from_json(&json).err().unwrap();
    assert!(
        e.problems.iter().any(|p| p.message
            == "the pack has 260000 terms (with the 260000 exceptions of its overrides); at most 250000 are read"),
        "{:?}",
        e.problems
    );
}
