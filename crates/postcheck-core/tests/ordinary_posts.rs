//! Precision of the built-in detectors on ordinary posts.
//!
//! `tests/data/ordinary-posts.txt` holds more than a hundred realistic
//! LinkedIn and X posts in German, English, French and Italian: trade fairs,
//! webinars with dates and times, prices, order numbers, ISBNs, versions,
//! percentages, hashtags, mentions, public links and venue addresses. None of
//! them should make any detector fire at medium confidence or above, which is
//! what a `detector` rule shows by default.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use postcheck_core::detectors::{Candidate, Confidence, DETECTORS, DetectorOptions};

const CORPUS: &str = include_str!("data/ordinary-posts.txt");

/// The posts of the corpus with their language: blocks that start with "=== xx".
fn posts() -> Vec<(&'static str, String)> {
    let mut posts: Vec<(&'static str, String)> = Vec::new();
    for line in CORPUS.lines() {
        if let Some(lang) = line.strip_prefix("=== ") {
            posts.push((lang.trim(), String::new()));
        } else if let Some((_, text)) = posts.last_mut() {
            if !text.is_empty() {
                text.push('\n');
            }
            text.push_str(line);
        }
    }
    posts
}

/// Options as a company pack would set them.
fn options() -> DetectorOptions {
    DetectorOptions {
        internal_hosts: vec![
            "*.corp.acme-solutions.com".to_owned(),
            "intranet".to_owned(),
            "wiki".to_owned(),
        ],
    }
}

#[test]
fn the_corpus_is_big_varied_and_tricky() {
    let posts = posts();
    assert!(posts.len() >= 100, "only {} posts", posts.len());
    for lang in ["de", "en", "fr", "it"] {
        let n = posts.iter().filter(|(l, _)| *l == lang).count();
        assert!(n >= 20, "only {n} posts in {lang}");
    }
    assert!(posts.iter().all(|(_, p)| !p.trim().is_empty()));
    // The look-alikes the detectors must not take for personal data or secrets.
    for needle in [
        "Halle 4.2, Stand B-117",
        "Q3 2026",
        "9:30–11:00 Uhr",
        "CHF 1'250.–",
        "ISBN 978-3-16-148410-0",
        "Release 4.12.3",
        "Bestellnummer 4711-2026-0815",
        "confidential computing",
        "internal hackathon",
        "interne Weiterbildung",
        "Vertrauliche Gespräche",
        "Sperrfrist",
        "/commit/9c56cc51b374c3ba189210d5b6d4bf57790d351c",
        "123e4567-e89b-12d3-a456-426614174000",
        "#1A2B6D",
        "Claridenstrasse 5, 8002 Zürich",
    ] {
        assert!(CORPUS.contains(needle), "the corpus lost {needle:?}");
    }
}

#[test]
fn no_detector_fires_on_ordinary_posts() {
    let options = options();
    let mut failures = Vec::new();
    for (lang, post) in posts() {
        for detector in DETECTORS {
            let mut found: Vec<Candidate> = Vec::new();
            detector.find(&post, &options, &mut found);
            for c in found.iter().filter(|c| c.confidence >= Confidence::Medium) {
                failures.push(format!(
                    "{} ({:?}) fired on {:?} in the {lang} post:\n    {post}",
                    detector.id(),
                    c.confidence,
                    post.get(c.span.clone()).unwrap_or("?"),
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} findings on ordinary posts:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn the_same_posts_with_a_real_value_are_flagged() {
    // The test above can only fail if the detectors work: plant one real value
    // of each kind into an ordinary post and expect it to be found.
    let base = &posts()[0].1;
    let planted = [
        ("iban", "Spenden an CH93 0076 2011 6238 5295 7."),
        ("phone", "Ruft an: +41 44 668 18 00."),
        ("email", "Mail an anna.muster@acme.example."),
        ("payment-card", "Karte 4111 1111 1111 1111."),
        ("document-marker", "\nSTRENG VERTRAULICH"),
        ("private-ip", "Server 10.20.30.40:8080."),
        (
            "home-address",
            "Ich wohne an der Musterstrasse 12, 8001 Zürich.",
        ),
    ];
    let options = options();
    for (id, sentence) in planted {
        let text = format!("{base} {sentence}");
        let detector = postcheck_core::detectors::by_id(id).expect(id);
        let mut found = Vec::new();
        detector.find(&text, &options, &mut found);
        assert!(
            found
                .iter()
                .any(|c| c.confidence >= Confidence::Medium && c.span.start >= base.len()),
            "{id} missed {sentence:?}"
        );
    }
}
