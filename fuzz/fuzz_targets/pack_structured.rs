//! Structured packs: rules of every kind built from arbitrary parts (terms of
//! any Unicode, patterns from regex pieces, sides, measures, examples), loaded,
//! and, when accepted, compiled a second time and checked against a draft.

#![no_main]

mod common;

use std::sync::LazyLock;

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use postcheck_core::detectors::DETECTORS;
use postcheck_core::{CompiledPack, hash_term, mark_term};
use serde_json::{Value, json};

/// Pieces patterns are made of, so that most of them compile.
const PIECES: [&str; 28] = [
    "a",
    "Orion",
    "\\w",
    "\\d",
    "\\s",
    "\\b",
    ".",
    "+",
    "*",
    "?",
    "{2,3}",
    "(",
    ")",
    "(?:",
    "|",
    "[a-z]",
    "[^ ]",
    "^",
    "$",
    "(?i)",
    "(?s)",
    "\\p{L}",
    "\\p{M}",
    "é",
    "👩",
    "\\x{200D}",
    "(?<g>",
    "\\r?\\n",
];

/// The values of an enum of the pack format, as the published schema lists
/// them (`$defs.<name>.oneOf[].const`): a value added to the format is fuzzed
/// without a list here.
fn schema_values(name: &str) -> Vec<&'static str> {
    static SCHEMA: LazyLock<Value> = LazyLock::new(|| {
        serde_json::from_str(&postcheck_core::schema::pack_schema()).unwrap_or_default()
    });
    let values: Vec<&'static str> = SCHEMA["$defs"][name]["oneOf"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|v| v["const"].as_str())
        .collect();
    assert!(!values.is_empty(), "the schema lists no values of {name}");
    values
}

/// How terms must stand (`match`).
static MODES: LazyLock<Vec<&str>> = LazyLock::new(|| schema_values("MatchMode"));
/// What a metric counts.
static MEASURES: LazyLock<Vec<&str>> = LazyLock::new(|| schema_values("Measure"));
/// What can be attached to a post.
static MEDIA: LazyLock<Vec<&str>> = LazyLock::new(|| schema_values("Media"));
/// How sure a detector is.
static CONFIDENCES: LazyLock<Vec<&str>> = LazyLock::new(|| schema_values("Confidence"));

#[derive(Arbitrary, Debug)]
struct Input {
    rules: Vec<RuleIn>,
    draft: String,
    context: u8,
}

#[derive(Arbitrary, Debug)]
struct SideIn {
    terms: Vec<String>,
    mode: u8,
    pattern: Option<Vec<u8>>,
    detector: Option<u8>,
}

#[derive(Arbitrary, Debug)]
enum KindIn {
    Terms {
        terms: Vec<String>,
        exceptions: Vec<String>,
        mode: u8,
        case_sensitive: bool,
    },
    Hashed {
        words: Vec<String>,
        max_words: u8,
        marked: bool,
    },
    Substitution {
        swaps: Vec<(Vec<String>, Vec<String>)>,
        mode: u8,
    },
    Pattern {
        pieces: Vec<u8>,
        group: Option<u8>,
        case_insensitive: bool,
    },
    Detector {
        detector: u8,
        confidence: u8,
    },
    Requires {
        if_any: SideIn,
        unless_any: SideIn,
    },
    Near {
        a: SideIn,
        b: SideIn,
        within: u8,
    },
    Metric {
        measure: u8,
        max: Option<u16>,
        share: bool,
    },
    Context {
        media: u8,
    },
    /// A rule of the every-kind test pack as it is (with this rule's id,
    /// examples and platforms): every kind of the registry is fuzzed, also
    /// one this target builds no parts for.
    EveryKind {
        rule: u8,
    },
}

/// The rules of the every-kind test pack (a rule of every kind of the registry).
static EVERY_KIND_RULES: LazyLock<Vec<Value>> = LazyLock::new(|| {
    let pack: Value = serde_json::from_str(&common::every_kind_pack_json()).unwrap_or_default();
    pack.get("rules")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default()
});

#[derive(Arbitrary, Debug)]
struct RuleIn {
    kind: KindIn,
    hit: Option<String>,
    miss: Option<String>,
    platform: Option<bool>,
}

fn pick<'a>(list: &[&'a str], i: u8) -> &'a str {
    list[usize::from(i) % list.len()]
}

fn few<T: Clone>(v: &[T], n: usize) -> Vec<T> {
    v.iter().take(n).cloned().collect()
}

fn pattern(pieces: &[u8]) -> String {
    pieces.iter().take(24).map(|&i| pick(&PIECES, i)).collect()
}

fn side(s: &SideIn) -> Value {
    let mut v = json!({ "terms": few(&s.terms, 8), "match": pick(&MODES, s.mode) });
    if let Some(p) = &s.pattern {
        v["pattern"] = json!(pattern(p));
    }
    if let Some(d) = s.detector {
        v["detector"] = json!(DETECTORS[usize::from(d) % DETECTORS.len()].id());
    }
    v
}

fn rule(i: usize, r: &RuleIn) -> Value {
    let mut v = json!({
        "id": format!("r{i}"), "category": "confidential", "level": "note", "message": "{match}",
    });
    let fields = match &r.kind {
        KindIn::Terms {
            terms,
            exceptions,
            mode,
            case_sensitive,
        } => json!({
            "kind": "terms", "terms": few(terms, 16), "exceptions": few(exceptions, 4),
            "match": pick(&MODES, *mode), "case_sensitive": case_sensitive,
        }),
        KindIn::Hashed {
            words,
            max_words,
            marked,
        } => {
            let words: Vec<&String> = words.iter().take(8).collect();
            let mut rule = json!({
                "kind": "hashed_terms", "salt": "s", "max_words": 1 + max_words % 4,
                "hashes": words.iter().map(|w| hash_term("s", w)).collect::<Vec<_>>(),
            });
            if *marked {
                rule["marks"] = json!(words.iter().map(|w| mark_term("s", w)).collect::<Vec<_>>());
            }
            rule
        }
        KindIn::Substitution { swaps, mode } => json!({
            "kind": "substitution", "match": pick(&MODES, *mode),
            "swap": swaps.iter().take(4).map(|(a, b)| json!({ "instead_of": few(a, 4), "use": few(b, 3) })).collect::<Vec<_>>(),
        }),
        KindIn::Pattern {
            pieces,
            group,
            case_insensitive,
        } => {
            let mut p = json!({ "kind": "pattern", "pattern": pattern(pieces), "case_insensitive": case_insensitive });
            if let Some(g) = group {
                p["group"] = if g % 2 == 0 { json!(g % 3) } else { json!("g") };
            }
            p
        }
        KindIn::Detector {
            detector,
            confidence,
        } => json!({
            "kind": "detector", "detector": DETECTORS[usize::from(*detector) % DETECTORS.len()].id(),
            "min_confidence": pick(&CONFIDENCES, *confidence),
        }),
        KindIn::Requires { if_any, unless_any } => json!({
            "kind": "requires", "if_any": side(if_any), "unless_any": side(unless_any), "add": "#x",
        }),
        KindIn::Near { a, b, within } => json!({
            "kind": "near", "a": side(a), "b": side(b), "within": within % 12,
        }),
        KindIn::Metric {
            measure,
            max,
            share,
        } => {
            let measure = pick(&MEASURES, *measure);
            let mut m = json!({ "kind": "metric", "measure": measure, "min_letters": 3 });
            match (measure, max) {
                ("fold", _) | (_, None) => {}
                ("caps_ratio", Some(x)) => m["max"] = json!(f64::from(*x % 101) / 100.0),
                (_, Some(x)) => m["max"] = if *share { json!(0.5) } else { json!(x % 50) },
            }
            m
        }
        KindIn::Context { media } => {
            json!({ "kind": "context", "when": { "media": [pick(&MEDIA, *media)] } })
        }
        KindIn::EveryKind { rule } => {
            let mut fields = EVERY_KIND_RULES
                .get(usize::from(*rule) % EVERY_KIND_RULES.len().max(1))
                .cloned()
                .unwrap_or_default();
            if let Value::Object(f) = &mut fields {
                f.remove("id");
            }
            fields
        }
    };
    if let (Value::Object(v), Value::Object(f)) = (&mut v, fields) {
        v.extend(f);
    }
    let mut examples = json!({});
    if let Some(h) = &r.hit {
        examples["hit"] = json!([h]);
    }
    if let Some(m) = &r.miss {
        examples["miss"] = json!([m]);
    }
    v["examples"] = examples;
    if let Some(x) = r.platform {
        v["platforms"] = json!([if x { "x" } else { "linkedin" }]);
    }
    v
}

fuzz_target!(|input: Input| {
    let rules: Vec<Value> = input
        .rules
        .iter()
        .take(8)
        .enumerate()
        .map(|(i, r)| rule(i, r))
        .collect();
    let pack = json!({
        "schema": "postcheck/pack/v1", "id": "fuzz", "name": "Fuzz", "version": "1", "publisher": "Fuzz",
        "date": "2026-01-01", "default_locale": "en", "languages": ["en"], "rules": rules,
    })
    .to_string();
    match CompiledPack::from_json(&pack) {
        Err(e) => {
            for p in e.errors() {
                assert!(
                    p.path.starts_with('$') && !p.message.trim().is_empty(),
                    "{p:?}"
                );
            }
        }
        Ok(one) => {
            let Ok(two) = CompiledPack::from_json(&pack) else {
                panic!("accepted once, refused the second time");
            };
            let (ctx, _) = common::context(input.context);
            assert_eq!(one.check(&input.draft, &ctx), two.check(&input.draft, &ctx));
            common::check_all(&one, &input.draft, input.context);
        }
    }
});
