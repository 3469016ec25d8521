//! Hostile drafts: whatever an employee pastes into a composer, checking does
//! not panic, every hint's span lies in the draft on character boundaries, and
//! its excerpt is exactly the span, in the UTF-8, the Unicode scalar and the
//! UTF-16 view (JavaScript's `text.slice(start, end)`).
//!
//! Drafts run against the starter pack, the ACME example pack (every rule kind)
//! and the every-kind test pack (tests/data/every-kind.json), made to cut
//! inside emoji, marks and line breaks, in several contexts. The UTF-16 view uses this file's own conversion (`utf16_span`),
//! independent of the core's `convert_offsets` (engine/wire.rs) that the wasm
//! crate uses; the fuzz target `check_draft` calls the wasm crate's
//! `check_text` itself.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::every_kind::every_kind_pack_json as edge_pack_json;
use postcheck_core::{CompiledPack, Context, Date, Media, Platform, starter_pack};

const ACME: &str = include_str!("../../../examples/packs/acme.json");

/// The every-kind pack (tests/data/every-kind.json and a rule per detector):
/// its rules cut where cutting is hard, inside emoji sequences, next to
/// combining marks and line breaks, with every rule kind and measure.
fn edge_pack() -> CompiledPack {
    CompiledPack::from_json(&edge_pack_json()).unwrap_or_else(|e| panic!("{e}"))
}

fn packs() -> Vec<(&'static str, CompiledPack)> {
    vec![
        ("starter", CompiledPack::from_json(starter_pack()).unwrap()),
        ("acme", CompiledPack::from_json(ACME).unwrap()),
        ("edges", edge_pack()),
    ]
}

fn contexts() -> Vec<Context> {
    vec![
        Context::default(),
        Context {
            platform: Some(Platform::X),
            locale: "de-CH".into(),
            fallback_locales: vec!["fr".into(), "en".into()],
            date: Date::parse("2026-11-25"),
            media: vec![Media::Image],
        },
        Context {
            platform: Some(Platform::Linkedin),
            locale: "fr".into(),
            fallback_locales: Vec::new(),
            date: Date::parse("2030-01-01"),
            media: vec![Media::Video, Media::Document],
        },
    ]
}

/// For each byte offset of `text` that is a char boundary, the offset in UTF-16
/// code units (as JavaScript counts) and in Unicode scalar values.
struct Views {
    utf16: Vec<usize>,
    scalars: Vec<usize>,
}

impl Views {
    fn of(text: &str) -> Views {
        let mut utf16 = vec![usize::MAX; text.len() + 1];
        let mut scalars = vec![usize::MAX; text.len() + 1];
        let (mut u, mut n) = (0, 0);
        for (i, c) in text.char_indices() {
            utf16[i] = u;
            scalars[i] = n;
            u += c.len_utf16();
            n += 1;
        }
        utf16[text.len()] = u;
        scalars[text.len()] = n;
        Views { utf16, scalars }
    }
}

/// The span of `start..end` (bytes) in UTF-16 code units, counted from scratch.
fn utf16_span(text: &str, start: usize, end: usize) -> (usize, usize) {
    let units = |b: usize| text[..b].encode_utf16().count();
    (units(start), units(end))
}

/// Every property a hint must have, for one draft in one pack and context.
fn assert_hints(name: &str, pack_name: &str, pack: &CompiledPack, text: &str, ctx: &Context) {
    let report = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| pack.check(text, ctx)))
        .unwrap_or_else(|_| panic!("{name} / {pack_name}: check panicked"));
    let utf16: Vec<u16> = text.encode_utf16().collect();
    let chars: Vec<char> = text.chars().collect();
    let views = Views::of(text);
    for h in &report.hints {
        let at = format!("{name} / {pack_name} / {:?}: {h:?}", ctx.platform);
        assert!(h.start <= h.end && h.end <= text.len(), "{at}");
        assert!(
            text.is_char_boundary(h.start) && text.is_char_boundary(h.end),
            "{at}"
        );
        assert_eq!(&text[h.start..h.end], h.excerpt, "{at}");
        // Unicode scalar view.
        let (s, e) = (views.scalars[h.start], views.scalars[h.end]);
        assert_eq!(chars[s..e].iter().collect::<String>(), h.excerpt, "{at}");
        // UTF-16 view: what `text.slice(start, end)` gives in the page.
        let (s16, e16) = (views.utf16[h.start], views.utf16[h.end]);
        assert!(s16 <= e16 && e16 <= utf16.len(), "{at}");
        assert_eq!(
            String::from_utf16(&utf16[s16..e16]).ok().as_deref(),
            Some(h.excerpt.as_str()),
            "{at}"
        );
    }
    assert_eq!(report, pack.check(text, ctx), "{name}: not deterministic");
}

/// The drafts: (name, text).
fn drafts() -> Vec<(String, String)> {
    let mut d: Vec<(String, String)> = Vec::new();
    let mut add = |name: &str, text: String| d.push((name.to_string(), text));
    add("empty", String::new());
    add("one space", " ".into());
    add(
        "whitespace only",
        " \t\n\r\n\u{A0}\u{3000}\u{2003}\u{85}\u{2028}".into(),
    );
    add(
        "invisible only",
        "\u{200B}\u{200D}\u{FEFF}\u{2060}\u{AD}".into(),
    );
    let mixed = "Orion kommt! Mail anna@acme.example, +41 44 668 18 00, CH93 0076 2011 6238 5295 7. \
        #ACME @max https://acme.example/x?y=1 👩🏽‍💻🇨🇭 Zürich Straße ÉTÉ!!! Blue\r\nFalcon \u{202E}noirO\u{202C}\n";
    add(
        "1 MB of mixed text",
        mixed.repeat(1_000_000 / mixed.len() + 1),
    );
    add("100,000-character word", "x".repeat(100_000));
    add("100,000 letters of one term", "orion".repeat(20_000));
    add("100,000 digits", "7".repeat(100_000));
    add(
        "100,000 combining marks",
        format!("e{}", "\u{301}".repeat(100_000)),
    );
    add("50,000 ZWJ", "👩\u{200D}".repeat(25_000));
    add("flags", "🇨🇭".repeat(20_000));
    add("odd regional indicators", "🇨🇭🇩".repeat(1_000));
    add("dots", "a.".repeat(20_000));
    add("at signs", "a@".repeat(20_000));
    add("hashes", "#a".repeat(20_000));
    add("bangs", "!?".repeat(20_000));
    add("schemes", "https://".repeat(5_000));
    add("email chain", "a@b.ch.".repeat(5_000));
    add("capitals", "ABC DEF ".repeat(5_000));
    for (nl_name, nl) in [
        ("LF", "\n"),
        ("CRLF", "\r\n"),
        ("CR", "\r"),
        ("NEL", "\u{85}"),
        ("LS", "\u{2028}"),
        ("PS", "\u{2029}"),
        ("VT", "\u{B}"),
        ("FF", "\u{C}"),
    ] {
        add(
            &format!("newline {nl_name}"),
            format!(
                "{nl}Orion{nl}Blue{nl}Falcon{nl}ACME{nl}anna@acme.example{nl}#a #b{nl}{nl}Straße{nl}"
            ),
        );
        add(&format!("only {nl_name}"), nl.repeat(1_000));
    }
    add(
        "RTL",
        "שלום Orion! مرحبا بكم في ACME 123 anna@acme.example שלום".into(),
    );
    add(
        "bidi controls",
        "\u{202E}Orion\u{202C} \u{2067}ACME\u{2069} \u{200F}Blue Falcon\u{200E}".into(),
    );
    add(
        "emoji at span edges",
        "👩‍💻Orion👩‍💻 🇨🇭Orion🇨🇭 Orion\u{200D} \u{200D}Orion 👩🏽‍💻anna@acme.example👩🏽‍💻 1\u{FE0F}\u{20E3}Orion"
            .into(),
    );
    add(
        "emoji inside terms",
        "Ori👩on Or\u{200D}ion O\u{FE0F}rion 👩🏽‍💻💻 🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}"
            .into(),
    );
    add(
        "combining marks",
        "Orio\u{301}n Orion\u{301} \u{301}Orion e\u{301}te Zu\u{308}rich O\u{336}r\u{336}i\u{336}o\u{336}n\u{336}"
            .into(),
    );
    add(
        "zalgo",
        "O\u{30D}\u{30E}\u{304}\u{305}r\u{33F}\u{311}i\u{306}\u{310}o\u{352}\u{357}n\u{351}"
            .repeat(200),
    );
    add(
        "NUL and controls",
        "Orion\0ACME\0\u{1}\u{7}\u{8}\u{1B}[31manna@acme.example\u{1B}[0m\u{7F}\u{9F}".into(),
    );
    add("NUL only", "\0".repeat(1_000));
    add(
        "replacement characters (lone surrogates from the page)",
        "\u{FFFD}Orion\u{FFFD} anna@acme.example\u{FFFD}".into(),
    );
    add(
        "case-changing letters",
        "İstanbul ORİON ẞtraße ǅ ﬁnance ŉ ΐ Σ".into(),
    );
    add("scripts", "東京 Orion ไทย देवनागरी 한국어 ACME".into());
    add(
        "private use and noncharacters",
        "\u{E000}Orion\u{F8FF}\u{FFFE}\u{FFFF}\u{10FFFF}".into(),
    );
    // Cuts of the length and fold rules land inside emoji and marks.
    for prefix in [19, 20, 21, 28, 29, 30, 209, 210, 279, 280] {
        for tail in ["👩🏽‍💻", "🇨🇭", "e\u{301}", "\r\n", "\u{200D}", "Orion"] {
            add(
                &format!("{prefix} letters then {tail:?}"),
                format!("{}{tail}{tail} tail", "a".repeat(prefix)),
            );
        }
    }
    d
}

#[test]
fn hostile_drafts_give_hints_whose_spans_are_the_excerpts() {
    let packs = packs();
    let contexts = contexts();
    let drafts = drafts();
    assert!(drafts.len() >= 100, "{}", drafts.len());
    let mut checks = 0;
    for (name, text) in &drafts {
        for (pack_name, pack) in &packs {
            // The edge pack marks every character: large drafts run against the
            // starter and the ACME pack, which has every rule kind too.
            if *pack_name == "edges" && text.len() > 64 * 1024 {
                continue;
            }
            for ctx in &contexts {
                assert_hints(name, pack_name, pack, text, ctx);
                checks += 1;
            }
        }
    }
    assert!(checks >= drafts.len() * 6, "{checks}");
}

#[test]
fn a_pack_loaded_as_validated_checks_exactly_as_when_loaded_in_full() {
    // Validated: no examples, patterns compiled when a draft first needs them.
    let contexts = contexts();
    let drafts = drafts();
    for (pack_name, json) in [
        ("starter", starter_pack().to_string()),
        ("acme", ACME.to_string()),
        ("edges", edge_pack_json()),
    ] {
        let full = CompiledPack::from_json(&json).unwrap();
        let validated = CompiledPack::from_json_validated(&json).unwrap();
        // Large drafts add nothing here (what is compiled when is the question).
        for (name, text) in drafts.iter().filter(|(_, t)| t.len() <= 4 * 1024) {
            for ctx in &contexts {
                assert_eq!(
                    full.check(text, ctx),
                    validated.check(text, ctx),
                    "{pack_name}: {name}"
                );
            }
        }
    }
}

#[test]
fn the_edge_pack_finds_what_it_should() {
    // The edge pack must really fire, or the test above proves little.
    let pack = edge_pack();
    let ctx = Context {
        platform: Some(Platform::X),
        media: vec![Media::Image],
        ..Context::default()
    };
    let text = "👩‍💻Orion👩‍💻 mail anna@acme.example e\u{301}te\r\n#a #b @x!!";
    let rules: std::collections::BTreeSet<String> = pack
        .check(text, &ctx)
        .hints
        .into_iter()
        .map(|h| h.rule)
        .collect();
    for want in [
        "t",
        "t-any",
        "p-any",
        "p-marks",
        "d-email",
        "r",
        "m-length",
        "m-length-5",
        "m-tags",
        "m-mentions",
        "m-punct",
        "c",
    ] {
        assert!(rules.contains(want), "{want} did not fire: {rules:?}");
    }
}

/// A page's text is UTF-16 and may hold lone surrogates. The extension's engine
/// gets a `&str` from wasm-bindgen, which encodes the JavaScript string with
/// `TextEncoder`: each lone surrogate becomes U+FFFD. U+FFFD is one UTF-16 unit
/// for one unit, so spans computed on the replaced text still index the page's
/// original string; only the excerpt shows U+FFFD where the page has the surrogate.
#[test]
fn lone_surrogates_replaced_as_the_page_boundary_does_keep_utf16_spans_aligned() {
    let pack = CompiledPack::from_json(starter_pack()).unwrap();
    let mut page: Vec<u16> = Vec::new();
    page.push(0xD800); // lone high surrogate
    page.extend("Mail anna@acme.example".encode_utf16());
    page.push(0xDC00); // lone low surrogate
    page.extend(" 👩🏽‍💻 ".encode_utf16());
    page.push(0xDBFF);
    page.extend("then bob@acme.example".encode_utf16());
    page.extend([0xDFFF, 0xD800]); // reversed pair: two lone surrogates
    let text = String::from_utf16_lossy(&page);
    assert_eq!(text.encode_utf16().count(), page.len());
    let report = pack.check(&text, &Context::default());
    assert_eq!(report.hints.len(), 2, "{report:?}");
    for h in &report.hints {
        let (s16, e16) = utf16_span(&text, h.start, h.end);
        // The page's own units at that span are the excerpt.
        assert_eq!(String::from_utf16(&page[s16..e16]).unwrap(), h.excerpt);
    }
}

/// Repeating what a rule finds: every occurrence is reported once, and the
/// check stays linear (terms, substitutions and `near` compared every pair of
/// matches: 80,000 repetitions took seconds, a megabyte minutes).
#[test]
fn drafts_repeating_what_rules_find_get_one_hint_each() {
    let acme = CompiledPack::from_json(ACME).unwrap();
    let n = 20_000;
    let count = |text: &str, rule: &str| {
        let report = acme.check(text, &Context::default());
        report.hints.iter().filter(|h| h.rule == rule).count()
    };
    assert_eq!(count(&"Matterhorn ".repeat(n), "codenames"), n);
    assert_eq!(count(&"Mitarbeiter ".repeat(n), "inclusive-language-de"), n);
    assert_eq!(
        count(
            &"Brennwald Logistik Rahmenvertrag. ".repeat(n),
            "customer-deal"
        ),
        n
    );
    // Overlapping terms, exceptions and replacements, many times over.
    let json = r#"{ "schema": "postcheck/pack/v1", "id": "o", "name": "O", "version": "1",
        "publisher": "T", "date": "2026-01-01", "default_locale": "en", "languages": ["en"], "rules": [
        { "id": "t", "kind": "terms", "category": "confidential", "level": "note", "message": "m",
          "terms": ["ACME Cloud", "Cloud", "Orion"], "exceptions": ["Orion Health"] },
        { "id": "s", "kind": "substitution", "category": "values", "level": "note", "message": "m",
          "swap": [ { "instead_of": ["Kollegen"], "use": ["Kolleginnen und Kollegen"] } ] },
        { "id": "n", "kind": "near", "category": "confidential", "level": "note", "message": "m",
          "a": { "terms": ["deal"] }, "b": { "pattern": "\\d+" }, "within": 1 } ] }"#;
    let pack = CompiledPack::from_json(json).unwrap();
    let unit = "ACME Cloud, Cloud, Orion Health, Orion, Kollegen, Kolleginnen und Kollegen, 7 x deal y 8 deal. ";
    let text = unit.repeat(5_000);
    let report = pack.check(&text, &Context::default());
    let excerpts = |rule: &str| -> Vec<&str> {
        report
            .hints
            .iter()
            .filter(|h| h.rule == rule)
            .map(|h| h.excerpt.as_str())
            .collect()
    };
    assert_eq!(excerpts("t").len(), 15_000);
    assert_eq!(excerpts("t")[..3], ["ACME Cloud", "Cloud", "Orion"]);
    assert_eq!(excerpts("s"), vec!["Kollegen"; 5_000]);
    // Each `deal` with its closest number, the earlier one on a tie.
    assert_eq!(excerpts("n")[..2], ["7 x deal", "8 deal"]);
    assert_eq!(excerpts("n").len(), 10_000);
}

mod properties {
    //! Properties on generated drafts: two separately compiled copies of a pack
    //! give the same hints, and every span is in bounds and equals its excerpt
    //! in the UTF-16 view.

    use super::*;
    use proptest::prelude::*;

    fn fragment() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("Orion".to_string()),
            Just("Blue\r\nFalcon".to_string()),
            Just("Straße".to_string()),
            Just("e\u{301}te".to_string()),
            Just("👩🏽\u{200D}💻".to_string()),
            Just("🇨🇭".to_string()),
            Just("\u{200D}".to_string()),
            Just("\u{202E}".to_string()),
            Just("\u{FFFD}".to_string()),
            Just("\u{2028}".to_string()),
            Just("\u{85}".to_string()),
            Just("\0".to_string()),
            Just("anna@acme.example".to_string()),
            Just("Matterhorn".to_string()),
            Just("Mitarbeiter".to_string()),
            Just("Brennwald Logistik Rahmenvertrag".to_string()),
            Just("#ACME".to_string()),
            Just("https://acme.example/a".to_string()),
            Just("!!!".to_string()),
            Just(" ".to_string()),
            "[0-9]{1,6}",
            "\\PC{1,3}",
            any::<char>().prop_map(|c| c.to_string()),
        ]
    }

    fn draft() -> impl Strategy<Value = String> {
        prop::collection::vec(fragment(), 0..50).prop_map(|v| v.concat())
    }

    fn context() -> impl Strategy<Value = Context> {
        (0..3usize, any::<bool>()).prop_map(|(p, image)| Context {
            platform: [None, Some(Platform::X), Some(Platform::Linkedin)][p],
            media: if image { vec![Media::Image] } else { vec![] },
            ..Context::default()
        })
    }

    /// Each pack compiled twice, separately, once for all cases.
    static TWICE: std::sync::LazyLock<Vec<(CompiledPack, CompiledPack)>> =
        std::sync::LazyLock::new(|| {
            let twice = |f: &dyn Fn() -> CompiledPack| (f(), f());
            vec![
                twice(&|| CompiledPack::from_json(ACME).unwrap()),
                twice(&|| CompiledPack::from_json(starter_pack()).unwrap()),
                twice(&edge_pack),
            ]
        });

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]

        #[test]
        fn separately_compiled_packs_give_the_same_hints(text in draft(), ctx in context()) {
            for (one, two) in TWICE.iter() {
                prop_assert_eq!(one.check(&text, &ctx), two.check(&text, &ctx));
            }
        }

        #[test]
        fn spans_are_in_bounds_in_the_utf16_view(text in draft(), ctx in context()) {
            let utf16: Vec<u16> = text.encode_utf16().collect();
            for (pack, _) in TWICE.iter() {
                for h in pack.check(&text, &ctx).hints {
                    let (s16, e16) = utf16_span(&text, h.start, h.end);
                    prop_assert!(s16 <= e16 && e16 <= utf16.len(), "{h:?}");
                    prop_assert_eq!(String::from_utf16(&utf16[s16..e16]).ok(), Some(h.excerpt.clone()));
                    // The span does not split a surrogate pair.
                    prop_assert!(!(0xDC00..0xE000).contains(&utf16.get(s16).copied().unwrap_or(0)));
                    prop_assert!(e16 == utf16.len() || !(0xDC00..0xE000).contains(&utf16[e16]));
                }
            }
        }
    }
}
