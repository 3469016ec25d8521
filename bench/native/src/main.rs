//! postcheck-bench: the native half of `bench/run.sh`.
//!
//! Generates the workload (drafts and packs, fixed seed) into the output folder
//! for the Node and Chromium measurements, then measures postcheck-core natively:
//! pack compile time, check time per draft (median and p95 after a warm-up),
//! the term-count scaling curve, the adversarial drafts, and the memory the
//! compiled large pack holds (counted by the allocator of this binary).
//!
//!     postcheck-bench [--quick] [--out DIR]
//!
//! `--quick` runs a handful of iterations only: it proves that everything works,
//! it measures nothing worth reading.

mod alloc;
mod workload;

use std::fs;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use postcheck_core::{CompiledPack, Context, Date, HintLimits, Platform};
use serde_json::{Value, json};

use workload::{Names, Rng, SEED};

#[global_allocator]
static ALLOC: alloc::Counting = alloc::Counting;

/// How long and how often each case runs.
#[derive(Clone, Copy)]
struct Budget {
    warmup: Duration,
    min_iters: usize,
    max_iters: usize,
    time: Duration,
}

impl Budget {
    fn full(time_ms: u64) -> Budget {
        Budget {
            warmup: Duration::from_millis(time_ms / 5),
            min_iters: 30,
            max_iters: 20_000,
            time: Duration::from_millis(time_ms),
        }
    }
    fn quick() -> Budget {
        Budget {
            warmup: Duration::ZERO,
            min_iters: 2,
            max_iters: 3,
            time: Duration::ZERO,
        }
    }
}

/// Runs `f` until the budget is spent; returns each run's time in microseconds, sorted.
fn measure(budget: Budget, mut f: impl FnMut()) -> Vec<f64> {
    let warm_end = Instant::now() + budget.warmup;
    f();
    while Instant::now() < warm_end {
        f();
    }
    let start = Instant::now();
    let mut times = Vec::new();
    while times.len() < budget.min_iters
        || (start.elapsed() < budget.time && times.len() < budget.max_iters)
    {
        let t = Instant::now();
        f();
        times.push(t.elapsed().as_secs_f64() * 1e6);
    }
    times.sort_by(f64::total_cmp);
    times
}

fn quantile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let i = ((sorted.len() - 1) as f64 * q).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn stats(times: &[f64]) -> Value {
    json!({
        "median_us": round(quantile(times, 0.5)),
        "p95_us": round(quantile(times, 0.95)),
        "min_us": round(quantile(times, 0.0)),
        "iterations": times.len(),
    })
}

fn round(x: f64) -> f64 {
    if x >= 100.0 {
        x.round()
    } else {
        (x * 100.0).round() / 100.0
    }
}

fn context() -> Context {
    Context {
        platform: Some(Platform::Linkedin),
        locale: "en".to_string(),
        fallback_locales: Vec::new(),
        date: Date::new(2026, 11, 25),
        media: Vec::new(),
    }
}

fn write(path: &Path, value: &Value) {
    let text = serde_json::to_string_pretty(value).expect("JSON values serialise");
    fs::write(path, text + "\n").unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
}

/// A pack as its authors would keep it: indented, one item per line.
fn pretty(pack: &Value) -> String {
    serde_json::to_string_pretty(pack).expect("JSON values serialise")
}

fn compile(json: &str, what: &str) -> CompiledPack {
    CompiledPack::from_json(json).unwrap_or_else(|e| {
        let problems: Vec<String> = e
            .problems
            .iter()
            .map(|p| format!("{} {}", p.path, p.message))
            .collect();
        panic!("the {what} pack is refused: {problems:#?}")
    })
}

struct Args {
    quick: bool,
    out: PathBuf,
    /// `--loop PACK DRAFT N`: only checks DRAFT against PACK (both from `out`) N times, for a profiler.
    profile: Option<(String, String, u64)>,
}

fn args() -> Args {
    let mut quick = false;
    let mut out = PathBuf::from("out");
    let mut profile = None;
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "--quick" => quick = true,
            "--out" => out = PathBuf::from(it.next().expect("--out needs a folder")),
            "--loop" => {
                let pack = it.next().expect("--loop PACK DRAFT N");
                let draft = it.next().expect("--loop PACK DRAFT N");
                let n = it
                    .next()
                    .and_then(|s| s.parse().ok())
                    .expect("--loop PACK DRAFT N");
                profile = Some((pack, draft, n));
            }
            other => {
                panic!("unknown argument {other}: use [--quick] [--out DIR] [--loop PACK DRAFT N]")
            }
        }
    }
    Args {
        quick,
        out,
        profile,
    }
}

/// Checks one generated draft against one generated pack `n` times (for perf or callgrind).
/// The draft `compile` compiles the pack `n` times instead (`compile-validated`:
/// as a pack this engine loaded before, see `CompiledPack::from_json_validated`).
fn profile_loop(out: &Path, pack: &str, draft: &str, n: u64) {
    let json = fs::read_to_string(out.join(format!("pack-{pack}.json")))
        .expect("run the bench once first: the pack is missing");
    let drafts: Value =
        serde_json::from_str(&fs::read_to_string(out.join("drafts.json")).expect("drafts.json"))
            .expect("drafts.json is JSON");
    if draft == "compile" {
        for _ in 0..n {
            black_box(compile(black_box(&json), pack));
        }
        return;
    }
    if draft == "compile-validated" {
        for _ in 0..n {
            black_box(CompiledPack::from_json_validated(black_box(&json)).ok());
        }
        return;
    }
    let text = drafts["drafts"][draft]
        .as_str()
        .or(drafts["adversarial"][draft].as_str())
        .expect("a draft of that name");
    let compiled = compile(&json, pack);
    let ctx = context();
    let start = Instant::now();
    for _ in 0..n {
        black_box(compiled.check(black_box(text), &ctx));
    }
    eprintln!(
        "{n} checks, {:.1} µs each",
        start.elapsed().as_secs_f64() * 1e6 / n as f64
    );
}

fn main() {
    let args = args();
    if let Some((pack, draft, secs)) = &args.profile {
        profile_loop(&args.out, pack, draft, *secs);
        return;
    }
    fs::create_dir_all(&args.out).expect("the output folder can be created");
    let budget = |ms: u64| {
        if args.quick {
            Budget::quick()
        } else {
            Budget::full(ms)
        }
    };

    // ---- the workload, written for the other measurements
    let mut rng = Rng::new(SEED);
    let names = Names::generate(&mut rng);
    let mut drafts: Vec<(String, String)> = Vec::new();
    for n in [280, 3_000, 30_000] {
        drafts.push((format!("{n}"), workload::draft(&mut rng, n, Some(&names))));
    }
    let mut packs: Vec<(String, String)> = vec![
        ("starter".into(), postcheck_core::starter_pack().to_string()),
        ("large".into(), pretty(&workload::large_pack(&names))),
    ];
    for n in [100, 10_000, 100_000] {
        packs.push((
            format!("terms-{n}"),
            pretty(&workload::terms_pack(&mut rng, n, &names)),
        ));
    }
    packs.push((
        "adversarial".into(),
        pretty(&workload::adversarial_pack(&names)),
    ));
    let adversarial: Vec<(usize, String)> = [12, 16, 20, 24, 28, 5_000]
        .into_iter()
        .map(|n| (n, workload::adversarial(n)))
        .collect();

    let drafts_json: serde_json::Map<String, Value> =
        drafts.iter().map(|(k, v)| (k.clone(), json!(v))).collect();
    let adversarial_json: serde_json::Map<String, Value> = adversarial
        .iter()
        .map(|(k, v)| (k.to_string(), json!(v)))
        .collect();
    write(
        &args.out.join("drafts.json"),
        &json!({ "seed": SEED, "drafts": drafts_json, "adversarial": adversarial_json, "nested_patterns": workload::NESTED }),
    );
    for (name, json) in &packs {
        fs::write(args.out.join(format!("pack-{name}.json")), json)
            .expect("the pack file can be written");
    }
    let pack = |name: &str| -> &str {
        packs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, j)| j.as_str())
            .expect("a generated pack")
    };
    eprintln!("workload written to {}", args.out.display());

    let ctx = context();
    let mut results = serde_json::Map::new();
    results.insert("seed".into(), json!(SEED));
    results.insert("quick".into(), json!(args.quick));

    // ---- compile
    let mut compile_results = serde_json::Map::new();
    for name in [
        "starter",
        "large",
        "terms-100",
        "terms-10000",
        "terms-100000",
    ] {
        let src = pack(name);
        let slow = name == "terms-100000" || name == "large";
        let times = measure(budget(if slow { 3_000 } else { 1_000 }), || {
            black_box(compile(black_box(src), name));
        });
        let mut s = stats(&times);
        let compiled = compile(src, name);
        s["rules"] = json!(compiled.rule_count());
        s["terms"] = json!(compiled.info("en").terms);
        s["json_bytes"] = json!(src.len());
        eprintln!("compile {name}: {s}");
        compile_results.insert(name.into(), s);
    }
    let large_src = pack("large");
    let times = measure(budget(2_000), || {
        black_box(
            CompiledPack::from_json_without_examples(black_box(large_src))
                .expect("the large pack compiles"),
        );
    });
    compile_results.insert("large-without-examples".into(), stats(&times));
    results.insert("compile".into(), Value::Object(compile_results));

    // ---- check: every draft against the starter and the large pack
    let mut check_results = serde_json::Map::new();
    for pack_name in ["starter", "large"] {
        let compiled = compile(pack(pack_name), pack_name);
        let mut per_draft = serde_json::Map::new();
        for (name, text) in &drafts {
            let times = measure(budget(1_000), || {
                black_box(compiled.check(black_box(text), &ctx));
            });
            let mut s = stats(&times);
            let report = compiled.check(text, &ctx);
            s["hints"] = json!(report.hints.len());
            s["chars"] = json!(text.chars().count());
            s["bytes"] = json!(text.len());
            eprintln!("check {pack_name} {name}: {s}");
            per_draft.insert(name.clone(), s);
        }
        check_results.insert(pack_name.into(), Value::Object(per_draft));
    }
    results.insert("check".into(), Value::Object(check_results));

    // ---- length, on the same text: the 30,000-character draft against its ten
    // 3,000-character slices, checked one after the other (as different drafts
    // come in; checking one short draft over and over would leave the caches and
    // branch predictors trained on it).
    let long = &drafts
        .iter()
        .find(|(n, _)| n == "30000")
        .expect("the 30,000-character draft")
        .1;
    let chars: Vec<char> = long.chars().collect();
    let slices: Vec<String> = chars.chunks(3_000).map(|c| c.iter().collect()).collect();
    let compiled = compile(pack("large"), "large");
    let rounds = measure(budget(2_000), || {
        for slice in &slices {
            black_box(compiled.check(black_box(slice), &ctx));
        }
    });
    let per_slice: Vec<f64> = rounds.iter().map(|t| t / slices.len() as f64).collect();
    let whole = measure(budget(2_000), || {
        black_box(compiled.check(black_box(long), &ctx));
    });
    let slice_hints: usize = slices
        .iter()
        .map(|s| compiled.check(s, &ctx).hints.len())
        .sum();
    let linearity = json!({
        "slices": slices.len(),
        "slice": stats(&per_slice),
        "whole": stats(&whole),
        "slice_hints": slice_hints,
        "whole_hints": compiled.check(long, &ctx).hints.len(),
    });
    eprintln!("length, same text: {linearity}");
    results.insert("linearity_same_text".into(), linearity);

    // ---- scaling with the number of terms (3,000-character draft)
    let mut scaling = serde_json::Map::new();
    let text = &drafts
        .iter()
        .find(|(n, _)| n == "3000")
        .expect("the 3,000-character draft")
        .1;
    for n in [100, 10_000, 100_000] {
        let name = format!("terms-{n}");
        let compiled = compile(pack(&name), &name);
        let times = measure(budget(1_000), || {
            black_box(compiled.check(black_box(text), &ctx));
        });
        let mut s = stats(&times);
        s["hints"] = json!(compiled.check(text, &ctx).hints.len());
        eprintln!("scaling {n} terms: {s}");
        scaling.insert(n.to_string(), s);
    }
    results.insert("scaling_terms".into(), Value::Object(scaling));

    // ---- adversarial drafts against the pack with nested quantifiers
    let adv = compile(pack("adversarial"), "adversarial");
    let mut adv_results = serde_json::Map::new();
    for (n, text) in &adversarial {
        let times = measure(budget(300), || {
            black_box(adv.check(black_box(text), &ctx));
        });
        let mut s = stats(&times);
        s["hints"] = json!(adv.check(text, &ctx).hints.len());
        adv_results.insert(n.to_string(), s);
    }
    eprintln!("adversarial: {}", Value::Object(adv_results.clone()));
    results.insert("adversarial".into(), Value::Object(adv_results));

    // ---- hostile packs and drafts, with the extension's hint limits: time and peak memory
    let mut hostile = serde_json::Map::new();
    for (name, pack_json, text) in workload::hostile() {
        let compiled = CompiledPack::from_json_without_examples(&pack_json.to_string())
            .unwrap_or_else(|e| panic!("the {name} pack is refused: {e}"));
        // Five runs: a case takes up to a second.
        let few = Budget {
            min_iters: 5,
            max_iters: 5,
            ..Budget::quick()
        };
        let times = measure(if args.quick { Budget::quick() } else { few }, || {
            black_box(compiled.check_limited(black_box(&text), &ctx, HintLimits::EXTENSION));
        });
        let mut s = stats(&times);
        let before = alloc::live();
        alloc::reset_peak();
        let report = compiled.check_limited(&text, &ctx, HintLimits::EXTENSION);
        s["check_peak_bytes"] = json!(alloc::peak().saturating_sub(before));
        s["hints"] = json!(report.hints.len());
        s["omitted"] = json!(report.omitted);
        s["bytes"] = json!(text.len());
        eprintln!("hostile {name}: {s}");
        hostile.insert(name.into(), s);
    }
    results.insert("hostile".into(), Value::Object(hostile));

    // ---- memory: what the compiled large pack holds, and the peak while compiling it
    let mut memory = serde_json::Map::new();
    for name in ["starter", "large", "terms-100000"] {
        let src = pack(name).to_string();
        let before = alloc::live();
        alloc::reset_peak();
        let compiled = compile(&src, name);
        let held = alloc::live().saturating_sub(before);
        let peak = alloc::peak().saturating_sub(before);
        let check_before = alloc::live();
        alloc::reset_peak();
        let report = compiled.check(text, &ctx);
        let check_peak = alloc::peak().saturating_sub(check_before);
        drop(report);
        drop(compiled);
        memory.insert(
            name.into(),
            json!({ "held_bytes": held, "compile_peak_bytes": peak, "check_3000_peak_bytes": check_peak }),
        );
    }
    eprintln!("memory: {}", Value::Object(memory.clone()));
    results.insert("memory".into(), Value::Object(memory));

    write(&args.out.join("native.json"), &Value::Object(results));
    eprintln!("wrote {}", args.out.join("native.json").display());
}
