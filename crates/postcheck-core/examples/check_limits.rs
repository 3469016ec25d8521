//! Checks a draft with a pack the way the extension does (with the hint
//! limits), or with every hint (`--all`), and prints what came out: for
//! measuring time and memory of hostile packs and drafts, e.g.
//! `/usr/bin/time -v target/release/examples/check_limits pack.json draft.txt`
//! (`--json`: also serialize the report, as the CLI does).

use postcheck_core::{CompiledPack, Context, HintLimits};

fn main() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let all = args.iter().any(|a| a == "--all");
    let paths: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
    let [pack, draft] = paths.as_slice() else {
        return Err("usage: check_limits [--all] PACK.json DRAFT.txt".into());
    };
    let read = |p: &str| std::fs::read_to_string(p).map_err(|e| format!("{p}: {e}"));
    let pack = CompiledPack::from_json_without_examples(&read(pack)?)
        .map_err(|e| format!("the pack is refused: {e}"))?;
    let draft = read(draft)?;
    let limits = if all {
        HintLimits::NONE
    } else {
        HintLimits::EXTENSION
    };
    let started = std::time::Instant::now();
    let report = pack.check_limited(&draft, &Context::default(), limits);
    let took = started.elapsed();
    // Written out only with `--json`: JSON repeats a shared text for each hint.
    let json = if args.iter().any(|a| a == "--json") {
        serde_json::to_string(&report)
            .map_err(|e| e.to_string())?
            .len()
    } else {
        0
    };
    println!(
        "hints {} omitted {} json {json} bytes check {:.3} s",
        report.hints.len(),
        report.omitted,
        took.as_secs_f64()
    );
    Ok(())
}
