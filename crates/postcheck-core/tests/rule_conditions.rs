//! When a rule applies, beyond its words: a period (`valid_from` and
//! `valid_until`), the end of one term's embargo (`{"term", "public_from"}`),
//! and words and media together (`with_media`). Real drafts, checked with a
//! date, as the CLI and the extension check them.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use postcheck_core::{CompiledPack, Context, Date, Media};

fn pack(rule: &str) -> Result<CompiledPack, postcheck_core::PackError> {
    CompiledPack::from_json(&format!(
        r#"{{ "schema": "postcheck/pack/v1", "id": "t", "name": "T", "version": "1",
        "publisher": "P", "date": "2026-01-01", "default_locale": "de", "languages": ["de"],
        "rules": [{rule}] }}"#
    ))
}

fn excerpts(pack: &CompiledPack, text: &str, date: &str, media: &[Media]) -> Vec<String> {
    let ctx = Context {
        date: Date::parse(date),
        media: media.to_vec(),
        ..Context::default()
    };
    pack.check(text, &ctx)
        .hints
        .into_iter()
        .map(|h| h.excerpt)
        .collect()
}

#[test]
fn a_quiet_period_applies_from_its_first_to_its_last_day() {
    let p = pack(
        r#"{"id": "quiet", "kind": "terms", "category": "confidential", "level": "important",
        "message": "Ruhephase vor den Zahlen.", "terms": ["Umsatz"],
        "valid_from": "2027-02-10", "valid_until": "2027-03-10",
        "examples": {"hit": ["Umsatz"]}}"#,
    )
    .unwrap();
    let draft = "Unser Umsatz wächst.";
    assert!(excerpts(&p, draft, "2027-02-09", &[]).is_empty());
    assert_eq!(excerpts(&p, draft, "2027-02-10", &[]), ["Umsatz"]);
    assert_eq!(excerpts(&p, draft, "2027-03-10", &[]), ["Umsatz"]);
    assert!(excerpts(&p, draft, "2027-03-11", &[]).is_empty());
}

#[test]
fn each_customer_name_is_flagged_until_its_own_announcement() {
    let p = pack(
        r#"{"id": "customers", "kind": "terms", "category": "confidential", "level": "important",
        "message": "\"{match}\" ist noch nicht angekündigt.",
        "terms": ["Initech", {"term": "Globex", "public_from": "2027-02-01"}],
        "examples": {"hit": ["Globex", "Initech"]}}"#,
    )
    .unwrap();
    let draft = "Initech und Globex setzen auf uns.";
    assert_eq!(
        excerpts(&p, draft, "2027-01-31", &[]),
        ["Initech", "Globex"]
    );
    assert_eq!(excerpts(&p, draft, "2027-02-01", &[]), ["Initech"]);
}

#[test]
fn a_term_written_wrongly_gets_a_plain_message_at_its_place() {
    let e = pack(
        r#"{"id": "customers", "kind": "terms", "category": "confidential", "level": "important",
        "message": "m", "terms": ["Initech", {"term": "Globex", "public": "2027-02-01"}]}"#,
    )
    .unwrap_err();
    let p = &e.problems[0];
    assert_eq!(p.path, "$.rules[0].terms[1]");
    assert_eq!(
        p.message,
        "expected a term, or an object with `term` and `public_from` (YYYY-MM-DD)"
    );
    assert!(p.fix.as_deref().unwrap_or_default().contains("public_from"));
}

#[test]
fn words_and_media_together_need_the_medium() {
    let p = pack(
        r#"{"id": "track-photo", "kind": "terms", "category": "confidential", "level": "consider",
        "message": "Fotos von Gleisbaumaschinen brauchen eine Freigabe.", "terms": ["Gleisbaumaschine"],
        "with_media": ["image", "video"],
        "examples": {"hit": [{"text": "Unsere neue Gleisbaumaschine!", "media": ["image"]}],
                     "miss": ["Unsere neue Gleisbaumaschine!"]}}"#,
    )
    .unwrap();
    let draft = "Heute mit der Gleisbaumaschine unterwegs.";
    assert!(excerpts(&p, draft, "2026-12-07", &[]).is_empty());
    assert!(excerpts(&p, draft, "2026-12-07", &[Media::Document]).is_empty());
    assert_eq!(
        excerpts(&p, draft, "2026-12-07", &[Media::Image]),
        ["Gleisbaumaschine"]
    );
}

#[test]
fn exceptions_work_on_every_kind_of_rule() {
    let p = pack(
        r#"{"id": "phones", "kind": "detector", "detector": "phone", "category": "personal-data",
        "level": "consider", "message": "Eine Telefonnummer.",
        "exceptions": ["+41 800 22 63 00"],
        "examples": {"hit": ["Ruf an: +41 79 123 45 67"], "miss": ["Hotline +41 800 22 63 00"]}}"#,
    )
    .unwrap();
    let draft = "Hotline +41 800 22 63 00, privat +41 79 123 45 67.";
    assert_eq!(excerpts(&p, draft, "2026-12-07", &[]), ["+41 79 123 45 67"]);
    // A pattern rule too, and the exception must hold the whole passage.
    let p = pack(
        r#"{"id": "figures", "kind": "pattern", "category": "confidential", "level": "consider",
        "message": "Eine Zahl.", "pattern": "\\d+ Mio", "exceptions": ["120 Mio Umsatz 2025"],
        "examples": {"hit": ["45 Mio"]}}"#,
    )
    .unwrap();
    let draft = "120 Mio Umsatz 2025 (publiziert), 45 Mio im Q3, 120 Mio.";
    assert_eq!(
        excerpts(&p, draft, "2026-12-07", &[]),
        ["45 Mio", "120 Mio"]
    );
}
