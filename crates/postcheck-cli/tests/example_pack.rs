//! The example company pack (`examples/packs/acme.json`) and its sample drafts
//! (`examples/drafts/acme-*.txt`), run through the built `postcheck` binary the
//! way the README of `examples/packs` shows them.

mod common;

use std::ffi::OsString;
use std::io::Write;
use std::path::PathBuf;
use std::process::{Output, Stdio};

use serde_json::Value;

/// The day the pack was released: every rule applies.
const TODAY: &str = "2026-11-25";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn pack() -> PathBuf {
    root().join("examples/packs/acme.json")
}

fn draft(name: &str) -> PathBuf {
    root().join("examples/drafts").join(name)
}

/// Runs the binary with `args`, feeding `stdin` when given.
fn run(args: &[OsString], stdin: Option<&str>) -> Result<Output, String> {
    let mut cmd = common::postcheck();
    cmd.args(args)
        .env("NO_COLOR", "1")
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd
        .spawn()
        .map_err(|e| format!("cannot start postcheck: {e}"))?;
    if let Some(text) = stdin {
        let mut pipe = child.stdin.take().ok_or("no stdin pipe")?;
        pipe.write_all(text.as_bytes())
            .map_err(|e| format!("cannot write the draft to postcheck: {e}"))?;
    }
    child
        .wait_with_output()
        .map_err(|e| format!("postcheck did not finish: {e}"))
}

fn os(args: &[&str]) -> Vec<OsString> {
    args.iter().map(OsString::from).collect()
}

/// A hint of `postcheck check --format json`, with the fields the tests look at.
#[derive(Debug)]
struct Hint {
    rule: String,
    category: String,
    level: String,
    start: usize,
    end: usize,
    excerpt: String,
    message: String,
    advice: String,
    suggestions: Vec<String>,
    guideline: Option<String>,
    contact: Option<String>,
    contact_phone: Option<String>,
}

fn string(v: &Value, key: &str) -> String {
    v.get(key)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

fn number(v: &Value, key: &str) -> Result<usize, String> {
    v.get(key)
        .and_then(Value::as_u64)
        .and_then(|n| usize::try_from(n).ok())
        .ok_or_else(|| format!("hint without `{key}`: {v}"))
}

fn hint(v: &Value) -> Result<Hint, String> {
    let nested = |obj: &str, key: &str| {
        v.get(obj)
            .and_then(|o| o.get(key))
            .and_then(Value::as_str)
            .map(str::to_string)
    };
    Ok(Hint {
        rule: string(v, "rule"),
        category: string(v, "category"),
        level: string(v, "level"),
        start: number(v, "start")?,
        end: number(v, "end")?,
        excerpt: string(v, "excerpt"),
        message: string(v, "message"),
        advice: string(v, "advice"),
        suggestions: v
            .get("suggestions")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default(),
        guideline: nested("guideline", "id"),
        contact: nested("contact", "id"),
        contact_phone: nested("contact", "phone"),
    })
}

/// Checks a draft (a file of `examples/drafts`, or text on stdin) with the example
/// pack on `date`; `extra` adds options such as `--platform x`.
fn check(input: Input<'_>, date: &str, extra: &[&str]) -> Result<Vec<Hint>, String> {
    let mut args = os(&["check", "--format", "json", "--date", date, "--pack"]);
    args.push(pack().into_os_string());
    args.extend(os(extra));
    let (stdin, text) = match input {
        Input::File(name) => {
            let path = draft(name);
            let text = std::fs::read_to_string(&path)
                .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            args.push(path.into_os_string());
            (None, text)
        }
        Input::Text(t) => {
            args.push("-".into());
            (Some(t), t.to_string())
        }
    };
    let out = run(&args, stdin)?;
    if !out.status.success() {
        return Err(format!(
            "postcheck check failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let json: Value =
        serde_json::from_slice(&out.stdout).map_err(|e| format!("the output is not JSON: {e}"))?;
    let hints = json
        .get("hints")
        .and_then(Value::as_array)
        .ok_or("the output has no `hints`")?
        .iter()
        .map(hint)
        .collect::<Result<Vec<_>, _>>()?;
    // The JSON contract: `start`/`end` count Unicode scalar values, and the
    // excerpt is exactly that part of the draft.
    for h in &hints {
        let part: String = text.chars().skip(h.start).take(h.end - h.start).collect();
        if part != h.excerpt {
            return Err(format!(
                "{}: excerpt {:?} is not the draft's characters {}..{} ({part:?})",
                h.rule, h.excerpt, h.start, h.end
            ));
        }
    }
    Ok(hints)
}

#[derive(Clone, Copy)]
enum Input<'a> {
    File(&'a str),
    Text(&'a str),
}

fn of<'a>(hints: &'a [Hint], rule: &str) -> Vec<&'a Hint> {
    hints.iter().filter(|h| h.rule == rule).collect()
}

fn rules(hints: &[Hint]) -> Vec<&str> {
    hints.iter().map(|h| h.rule.as_str()).collect()
}

/// The one hint of `rule`, or an error listing what was found.
fn one<'a>(hints: &'a [Hint], rule: &str) -> Result<&'a Hint, String> {
    match of(hints, rule).as_slice() {
        [h] => Ok(h),
        found => Err(format!(
            "expected one hint of {rule}, got {}; all hints: {:?}",
            found.len(),
            rules(hints)
        )),
    }
}

#[test]
fn the_pack_lints_without_errors_or_warnings() -> Result<(), String> {
    let mut args = os(&["pack", "lint", "--format", "json"]);
    args.push(pack().into_os_string());
    let out = run(&args, None)?;
    let json: Value =
        serde_json::from_slice(&out.stdout).map_err(|e| format!("lint output is not JSON: {e}"))?;
    assert!(out.status.success(), "pack lint failed: {json}");
    assert_eq!(json.get("ok"), Some(&Value::Bool(true)), "{json}");
    assert_eq!(
        json.get("problems").and_then(Value::as_array).map(Vec::len),
        Some(0),
        "the example pack should have no problems: {json}"
    );

    let mut args = os(&["pack", "lint"]);
    args.push(pack().into_os_string());
    let out = run(&args, None)?;
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    assert!(text.contains("ok: 17 rules"), "{text}");
    assert!(text.contains("0 warnings"), "{text}");
    Ok(())
}

#[test]
fn every_example_of_the_pack_passes() -> Result<(), String> {
    let mut args = os(&["pack", "test"]);
    args.push(pack().into_os_string());
    let out = run(&args, None)?;
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "pack test failed:\n{text}");
    assert!(text.contains(" passed, 0 failed"), "{text}");
    assert!(!text.contains("FAIL"), "{text}");
    assert!(
        !text.contains("rules without examples"),
        "every rule, the hashed one included, has examples:\n{text}"
    );
    Ok(())
}

#[test]
fn the_pack_info_lists_rules_guidelines_and_contacts() -> Result<(), String> {
    let mut args = os(&[
        "pack",
        "info",
        "--no-baseline",
        "--format",
        "json",
        "--lang",
        "en",
    ]);
    args.push(pack().into_os_string());
    let out = run(&args, None)?;
    assert!(out.status.success());
    let info: Value =
        serde_json::from_slice(&out.stdout).map_err(|e| format!("info is not JSON: {e}"))?;
    assert_eq!(info.get("id").and_then(Value::as_str), Some("acme-social"));
    let list = |key: &str| {
        info.get(key)
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default()
    };
    let kinds: Vec<String> = list("rules").iter().map(|r| string(r, "kind")).collect();
    // The example pack shows every kind of the registry.
    for kind in postcheck_core::rules::KINDS {
        assert!(
            kinds.iter().any(|k| k == kind),
            "no {kind} rule in {kinds:?}"
        );
    }
    // Every rule cites a guideline of the pack.
    let guidelines: Vec<String> = list("guidelines").iter().map(|g| string(g, "id")).collect();
    for r in list("rules") {
        let g = string(&r, "guideline");
        assert!(guidelines.contains(&g), "{} cites {g:?}", string(&r, "id"));
    }
    let contacts: Vec<String> = list("contacts").iter().map(|c| string(c, "id")).collect();
    assert_eq!(contacts, ["comms", "crisis", "investor-relations", "dpo"]);
    Ok(())
}

#[test]
fn a_german_post_with_a_code_name_and_a_customer_deal() -> Result<(), String> {
    let hints = check(
        Input::File("acme-codename-deal-de.txt"),
        TODAY,
        &["--platform", "linkedin", "--lang", "de"],
    )?;

    let code = one(&hints, "codenames")?;
    assert_eq!(code.excerpt, "Matterhorn");
    assert_eq!(
        (code.category.as_str(), code.level.as_str()),
        ("confidential", "important")
    );
    assert!(
        code.message.contains("interner Codename"),
        "{}",
        code.message
    );
    assert_eq!(code.guideline.as_deref(), Some("confidential"));
    assert_eq!(code.contact.as_deref(), Some("comms"));

    let deal = one(&hints, "customer-deal")?;
    assert_eq!(deal.excerpt, "Brennwald Logistik hat den Rahmenvertrag");
    assert_eq!(deal.category, "confidential");
    assert_eq!(deal.guideline.as_deref(), Some("customers"));

    let embargo = one(&hints, "codename-embargo")?;
    assert_eq!(embargo.excerpt, "ACME Aletsch");
    assert!(
        embargo.message.contains("12. April 2027"),
        "{}",
        embargo.message
    );

    let wording = one(&hints, "inclusive-language-de")?;
    assert_eq!(wording.excerpt, "Mitarbeiter");
    assert_eq!(wording.category, "values");
    assert_eq!(wording.suggestions, ["Mitarbeitende", "Team"]);

    assert_eq!(one(&hints, "linkedin-fold")?.level, "note");
    // No product is named, so no disclosure is asked for; no figure, no quiet period.
    assert!(of(&hints, "disclosure").is_empty(), "{:?}", rules(&hints));
    assert!(of(&hints, "quiet-period").is_empty(), "{:?}", rules(&hints));
    Ok(())
}

#[test]
fn the_embargoed_name_is_free_from_its_launch_day() -> Result<(), String> {
    let input = Input::File("acme-codename-deal-de.txt");
    let before = check(input, "2027-04-11", &["--lang", "de"])?;
    assert_eq!(one(&before, "codename-embargo")?.excerpt, "ACME Aletsch");

    let launch = check(input, "2027-04-12", &["--lang", "de"])?;
    assert!(
        of(&launch, "codename-embargo").is_empty(),
        "ACME Aletsch is public from 2027-04-12: {:?}",
        rules(&launch)
    );
    assert!(
        !launch.iter().any(|h| h.excerpt.contains("Aletsch")),
        "{:?}",
        rules(&launch)
    );
    // The other code names stay confidential.
    assert_eq!(one(&launch, "codenames")?.excerpt, "Matterhorn");
    assert_eq!(of(&launch, "customer-deal").len(), 1);

    let later = check(input, "2027-09-01", &["--lang", "de"])?;
    assert!(of(&later, "codename-embargo").is_empty());
    Ok(())
}

#[test]
fn an_english_product_post_without_disclosure() -> Result<(), String> {
    let hints = check(
        Input::File("acme-product-en.txt"),
        TODAY,
        &["--platform", "x", "--lang", "en"],
    )?;

    let disclosure = one(&hints, "disclosure")?;
    assert_eq!(disclosure.excerpt, "GripMate");
    assert_eq!(
        (disclosure.category.as_str(), disclosure.level.as_str()),
        ("disclosure", "consider")
    );
    assert_eq!(disclosure.suggestions, ["#ACMEemployee"]);
    assert!(
        disclosure.message.contains("work at ACME"),
        "{}",
        disclosure.message
    );

    let guys = one(&hints, "inclusive-language-en")?;
    assert_eq!(guys.excerpt, "guys");
    assert_eq!(guys.suggestions, ["everyone", "folks", "team"]);

    let brand = of(&hints, "brand-spelling");
    let fixes: Vec<(&str, &[String])> = brand
        .iter()
        .map(|h| (h.excerpt.as_str(), h.suggestions.as_slice()))
        .collect();
    assert_eq!(
        fixes,
        [
            ("Fleet Control", &["FleetControl".to_string()][..]),
            ("Acme Robotics", &["ACME Robotics".to_string()][..]),
        ]
    );

    // The baseline's e-mail rule finds the address; ACME's override words the advice.
    let mail = one(&hints, "email-address")?;
    assert_eq!(mail.excerpt, "tom.becker@acme.example");
    assert_eq!(mail.category, "personal-data");
    assert_eq!(
        mail.advice,
        "Point to https://acme.example/contact or ask for a direct message."
    );

    let tags = one(&hints, "hashtags")?;
    assert_eq!(tags.excerpt, "#AI #automatica");
    assert!(tags.message.starts_with("7 hashtags"), "{}", tags.message);

    let length = one(&hints, "post-length")?;
    assert_eq!(length.category, "platform");
    assert!(
        length.message.contains("the platform shows at most 280"),
        "{}",
        length.message
    );
    // Only LinkedIn folds the post.
    assert!(of(&hints, "linkedin-fold").is_empty());
    Ok(())
}

#[test]
fn the_disclosure_hashtag_is_suggested_in_the_readers_language() -> Result<(), String> {
    let hints = check(
        Input::Text("Der neue GripMate packt jetzt auch Glas. Kommt an unseren Stand!"),
        TODAY,
        &["--lang", "de-CH"],
    )?;
    assert_eq!(
        one(&hints, "disclosure")?.suggestions,
        ["#ACMEmitarbeitend"]
    );

    let disclosed = check(
        Input::Text("Der neue GripMate packt jetzt auch Glas. #ACMEmitarbeitend"),
        TODAY,
        &["--lang", "de"],
    )?;
    assert!(of(&disclosed, "disclosure").is_empty());
    let employer = check(
        Input::Text("Mein Arbeitgeber zeigt den neuen GripMate auf der automatica."),
        TODAY,
        &["--lang", "de"],
    )?;
    assert!(of(&employer, "disclosure").is_empty());
    Ok(())
}

#[test]
fn a_quarterly_figure_during_the_quiet_period() -> Result<(), String> {
    let input = Input::File("acme-quiet-period-de.txt");
    let hints = check(
        input,
        TODAY,
        &["--platform", "linkedin", "--lang", "de", "--media", "image"],
    )?;

    let figures: Vec<&str> = of(&hints, "quiet-period")
        .iter()
        .map(|h| h.excerpt.as_str())
        .collect();
    assert_eq!(
        figures,
        [
            "Q3 liegt 18%",
            "Umsatz in Deutschland hat erstmals EUR 50 Mio."
        ]
    );
    for h in of(&hints, "quiet-period") {
        assert_eq!(
            (h.category.as_str(), h.level.as_str()),
            ("confidential", "important")
        );
        assert_eq!(h.contact.as_deref(), Some("investor-relations"));
        assert_eq!(h.guideline.as_deref(), Some("quiet-period"));
    }

    let image = one(&hints, "image-rights")?;
    assert_eq!(image.category, "copyright");
    assert_eq!((image.start, image.end, image.excerpt.as_str()), (0, 0, ""));
    assert!(image.message.contains("Whiteboards"), "{}", image.message);

    // "Kolleg:innen" is already inclusive; "#TeamACME" names no product.
    assert!(of(&hints, "inclusive-language-de").is_empty());
    assert!(of(&hints, "disclosure").is_empty());

    // The quiet period ends with the annual results on 2027-01-28.
    let last_day = check(input, "2027-01-27", &["--lang", "de"])?;
    assert_eq!(of(&last_day, "quiet-period").len(), 2);
    let results_day = check(input, "2027-01-28", &["--lang", "de"])?;
    assert!(of(&results_day, "quiet-period").is_empty());
    // Without an attachment there is no image hint.
    assert!(of(&results_day, "image-rights").is_empty());
    Ok(())
}

#[test]
fn a_crisis_topic_goes_to_corporate_communications() -> Result<(), String> {
    let hints = check(
        Input::File("acme-crisis-en.txt"),
        TODAY,
        &["--platform", "x", "--lang", "en"],
    )?;
    let crisis: Vec<&str> = of(&hints, "crisis-topics")
        .iter()
        .map(|h| h.excerpt.as_str())
        .collect();
    assert_eq!(crisis, ["recall", "lawsuit"]);
    let first = *of(&hints, "crisis-topics")
        .first()
        .ok_or("no crisis hint")?;
    assert_eq!(
        (first.category.as_str(), first.level.as_str()),
        ("safety", "consider")
    );
    assert_eq!(first.contact.as_deref(), Some("crisis"));
    assert_eq!(first.contact_phone.as_deref(), Some("+41 44 000 12 34"));
    assert!(
        first
            .message
            .contains("leave statements on this topic to Corporate Communications"),
        "{}",
        first.message
    );

    let tone = one(&hints, "competitor-tone")?;
    assert_eq!(tone.excerpt, "Servotech is a joke");
    assert_eq!(tone.category, "netiquette");

    // "#ACMEemployee" discloses the employment; the post fits on X.
    assert!(of(&hints, "disclosure").is_empty(), "{:?}", rules(&hints));
    assert!(of(&hints, "post-length").is_empty(), "{:?}", rules(&hints));
    Ok(())
}

#[test]
fn everyday_phrases_are_not_mistaken_for_code_names_or_crises() -> Result<(), String> {
    let text = "Am Wochenende aufs Matterhorn, heute Föhn in Zürich. \
                Ich bin im Workshop, bitte um Rückruf ab 16 Uhr. \
                Wir können nicht klagen: Skitag in der Aletsch Arena!";
    let hints = check(Input::Text(text), TODAY, &["--lang", "de"])?;
    assert!(hints.is_empty(), "{:?}", rules(&hints));
    Ok(())
}

#[test]
fn french_and_italian_posts_and_readers_get_their_language() -> Result<(), String> {
    let fr = check(
        Input::Text(
            "Grande nouvelle : Vantara Medical a signé un contrat pour 40 robots FleetControl !",
        ),
        TODAY,
        &["--lang", "fr-CH"],
    )?;
    let deal = one(&fr, "customer-deal")?;
    assert_eq!(deal.excerpt, "Vantara Medical a signé");
    assert!(
        deal.message.starts_with("Un nom de client"),
        "{}",
        deal.message
    );
    assert_eq!(one(&fr, "disclosure")?.suggestions, ["#TeamACME"]);

    let it = check(
        Input::Text(
            "Ci siamo aggiudicati la gara di Quellhof per il nuovo centro di distribuzione.",
        ),
        TODAY,
        &["--lang", "it-CH"],
    )?;
    let deal = one(&it, "customer-deal")?;
    assert!(
        deal.message.starts_with("Il nome di un cliente"),
        "{}",
        deal.message
    );

    // Natural disclosures in each language leave the product alone.
    for text in [
        "As a product manager at ACME, I am proud of FleetControl 4.0.",
        "En tant que cheffe de produit chez ACME, je vous présente FleetControl 4.0.",
        "In qualità di ingegnera presso ACME, vi presento FleetControl 4.0.",
        "Bei ACME arbeite ich seit drei Jahren am GripMate.",
        "Disclaimer: ACME is my employer. GripMate now handles glass too.",
    ] {
        let hints = check(Input::Text(text), TODAY, &["--lang", "en"])?;
        assert!(
            of(&hints, "disclosure").is_empty(),
            "{text}: {:?}",
            rules(&hints)
        );
    }
    Ok(())
}
