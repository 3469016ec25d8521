//! The built-in starter pack on real-looking posts: it must find what matters
//! in German, English, French and Italian, and stay quiet on ordinary posts.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use postcheck_core::{Category, CompiledPack, Context, Level, Media, Platform, starter_pack};

fn pack() -> CompiledPack {
    match CompiledPack::from_json(starter_pack()) {
        Ok(p) => p,
        Err(e) => panic!("the starter pack must load:\n{e}"),
    }
}

fn ctx(platform: Platform) -> Context {
    Context {
        platform: Some(platform),
        ..Context::default()
    }
}

/// Ordinary posts: trade fairs, webinars, prices, ISBNs, years, internal training.
const ORDINARY: &[&str] = &[
    "Schön war's auf der Swissbau in Basel! Halle 1.0, Stand C-112, vom 16. bis 19. Januar 2027. Danke an alle Besucherinnen und Besucher 🙌 #Swissbau #Bau",
    "Webinar am 12.03.2026 um 10:00 Uhr: Wie KI die Buchhaltung verändert. Anmeldung über den Link in den Kommentaren.",
    "Unsere interne Weiterbildung zum Thema Datenschutz war ein voller Erfolg. Danke an das HR-Team!",
    "Our internal hackathon produced 14 prototypes in 48 hours. Proud of this team! #hackathon #engineering",
    "Join our webinar on 5 March 2026, 4 pm CET: scaling Rust services. Free, 45 minutes, Q&A included.",
    "Das Buch \"Gute Posts\" (ISBN 978-3-16-148410-0) kostet CHF 29.90 und ist ab 2026 im Handel.",
    "Since 1998 we have been building robots in Winterthur. 28 years later, we are 350 people.",
    "Nous serons au salon Vivatech à Paris du 11 au 14 juin 2026, stand H-42. Venez nous voir !",
    "Notre formation interne sur la cybersécurité a réuni 120 collègues cette semaine.",
    "Webinaire le 3 avril à 14h : l'IA dans la logistique. Inscription gratuite.",
    "Siamo alla fiera di Milano dal 4 al 7 marzo 2026, padiglione 3, stand B12. Vi aspettiamo!",
    "Il nostro hackathon interno è stato un successo: 20 team e tante idee nuove.",
    "Prezzo di lancio: 49 € al mese, IVA esclusa. Prova gratuita di 30 giorni.",
    "Great talk on fraud prevention at the Finance Summit today. Key takeaway: invest in data quality.",
    "Confidentiality matters: today we published our updated privacy policy on our website.",
    "Die Sperrstunde in Zürich wurde verlängert – gut für die Gastronomie, sagt unsere Studie.",
    "Thank you @anna_muster and @ACMErobotics for a great panel at #WEF2026!",
    "Neue Version 2.4.1 ist da: 30 % schneller beim Import. Release Notes auf unserer Website.",
    "Q3 2026 im Rückblick: drei neue Kolleginnen im Team und ein neuer Standort in Bern.",
    "Heute vor 10 Jahren habe ich hier angefangen. Danke für alles! 🎉",
    "Wir haben gewonnen! Danke an alle, die für uns gestimmt haben.",
    "Fantastic day at the booth. Over 300 conversations and lots of coffee ☕",
    "Idiotensicher ist unser neues Setup nicht, aber fast: Installation in 5 Minuten.",
    "Bestellnummer 4711-0815 ist unser meistverkauftes Ersatzteil seit 2019.",
    "Öffnungszeiten am Stand: 9:30–17:00 Uhr, Freitag bis 16:00 Uhr.",
];

#[test]
fn ordinary_posts_get_no_consider_or_important_hint() {
    let pack = pack();
    for post in ORDINARY {
        for platform in [Platform::Linkedin, Platform::X] {
            let report = pack.check(post, &ctx(platform));
            let loud: Vec<_> = report
                .hints
                .iter()
                .filter(|h| h.level > Level::Note)
                .collect();
            assert!(loud.is_empty(), "{platform:?}: {post:?} got {loud:#?}");
        }
    }
}

fn categories(text: &str, c: &Context) -> Vec<(Category, String)> {
    pack()
        .check(text, c)
        .hints
        .into_iter()
        .map(|h| (h.category, h.excerpt))
        .collect()
}

#[test]
fn finds_internal_and_embargo_markers_in_four_languages() {
    let c = ctx(Platform::Linkedin);
    for (text, marker) in [
        (
            "Hier ein Blick auf Folie 3 (streng vertraulich) unserer Roadmap",
            "streng vertraulich",
        ),
        ("Sneak peek at our INTERNAL ONLY roadmap", "INTERNAL ONLY"),
        (
            "Présentation – usage interne uniquement",
            "usage interne uniquement",
        ),
        (
            "Slide riservata: solo per uso interno",
            "solo per uso interno",
        ),
        ("Sperrfrist: 3. März, 10 Uhr", "Sperrfrist"),
        ("Embargoed until Tuesday 9am", "Embargoed until"),
    ] {
        assert!(
            categories(text, &c).contains(&(Category::Confidential, marker.to_string())),
            "{text:?}: {:?}",
            categories(text, &c)
        );
    }
}

#[test]
fn finds_personal_data_and_insults() {
    let c = ctx(Platform::Linkedin);
    assert!(
        categories("Meldet euch bei lisa.meier@firma.example", &c)
            .contains(&(Category::PersonalData, "lisa.meier@firma.example".into()))
    );
    assert!(
        categories("Der Typ ist ein Vollidiot", &c)
            .contains(&(Category::Netiquette, "Vollidiot".into()))
    );
    assert!(
        categories("Ce fournisseur est un escroc", &c)
            .contains(&(Category::Netiquette, "escroc".into()))
    );
}

#[test]
fn hints_speak_the_readers_language() {
    let de = Context {
        locale: "de-CH".into(),
        ..ctx(Platform::Linkedin)
    };
    let report = pack().check("Sperrfrist bis Montag", &de);
    let hint = report
        .hints
        .first()
        .map(|h| h.message.as_str())
        .unwrap_or_default();
    assert!(
        hint.contains("Sperrfrist") && hint.contains("kennzeichnet"),
        "{hint}"
    );
}

#[test]
fn asks_about_image_rights_only_with_media() {
    let with_image = Context {
        media: vec![Media::Image],
        ..ctx(Platform::X)
    };
    assert!(
        categories("Unser Team am Stand", &with_image)
            .contains(&(Category::Copyright, String::new()))
    );
    assert!(categories("Unser Team am Stand", &ctx(Platform::X)).is_empty());
}

#[test]
fn reports_length_against_the_platform_limit() {
    let long = "Lorem ipsum dolor sit amet. ".repeat(12);
    let report = pack().check(&long, &ctx(Platform::X));
    assert_eq!(report.length.map(|l| l.limit), Some(280));
    assert!(report.hints.iter().any(|h| h.rule == "post-too-long"));
    let report = pack().check(&long, &ctx(Platform::Linkedin));
    assert!(report.hints.iter().all(|h| h.rule != "post-too-long"));
}

#[test]
fn finds_personal_data_and_secrets_with_the_detectors() {
    let c = ctx(Platform::Linkedin);
    for (text, category, excerpt) in [
        (
            "Spenden bitte an CH93 0076 2011 6238 5295 7, danke!",
            Category::PersonalData,
            "CH93 0076 2011 6238 5295 7",
        ),
        (
            "Ruft mich an: +41 44 668 18 00",
            Category::PersonalData,
            "+41 44 668 18 00",
        ),
        (
            "WLAN für Gäste, Passwort: Sommer2026!Zh",
            Category::Secret,
            "Sommer2026!Zh",
        ),
        (
            "Der Build-Server läuft auf 192.168.10.24",
            Category::Confidential,
            "192.168.10.24",
        ),
    ] {
        let found = categories(text, &c);
        assert!(
            found
                .iter()
                .any(|(cat, ex)| *cat == category && ex.contains(excerpt)),
            "{text:?}: {found:?}"
        );
    }
}
