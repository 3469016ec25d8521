//! `email`: e-mail addresses.
//!
//! Why it matters: a colleague's or customer's address is personal data; posting
//! it invites spam and breaks data-protection rules (GDPR, Swiss FADP).
//!
//! Example: "Schreibt mir an anna.muster@acme.example" flags `anna.muster@acme.example`.
//!
//! The local part and domain follow the common (not the full RFC 5322) syntax;
//! the domain needs a dot and a top-level part of two or more letters, so
//! `@mentions` and `user@localhost` are not flagged.
//!
//! Public contacts: a role mailbox (`info@`, `presse@`, `media@`, `jobs@`,
//! `careers@`, `support@`, `contact@`, `kommunikation@`, `ufficiostampa@`,
//! `recrutement@` ..., also `media.relations@` or `jobs-ch@`) is an
//! organisation's public address, not a person's (see
//! [`Detector::is_public_contact`]); `anna.muster@` is a person's.

use std::sync::LazyLock;

use regex::Regex;

use super::scan::has_literal;
use super::{Candidate, Confidence, Detector, DetectorOptions};

/// Finds e-mail addresses.
pub struct Email;

/// Local parts (or their words, between `.`, `-`, `_`) of role mailboxes:
/// organisations publish these for everyone, in German, English, French and Italian.
const ROLE_WORDS: &[&str] = &[
    // press and communication
    "press", "presse", "stampa", "ufficiostampa", "media", "medien", "medias", "medienstelle",
    "mediarelations", "pr", "news", "newsroom", "kommunikation", "communication",
    "communications", "comunicazione", "comunicazioni", "kom", "com", "redaktion",
    "redazione", "redaction",
    // general contact
    "info", "infos", "information", "informationen", "informazioni", "contact", "contacts",
    "kontakt", "contatti", "contatto", "hello", "hallo", "hi", "bonjour", "ciao", "office",
    "mail", "post", "empfang", "reception", "accueil", "welcome", "team", "general",
    "zentrale", "sekretariat", "secretariat", "segreteria", "admin", "webmaster",
    // jobs
    "jobs", "job", "careers", "career", "karriere", "recruiting", "recruitment",
    "recrutement", "emploi", "emplois", "lavoro", "lavora", "hr", "rh", "personal",
    "bewerbung", "bewerbungen", "candidature", "candidatures", "talent", "talents",
    // service and sales
    "support", "help", "hilfe", "aide", "aiuto", "helpdesk", "service", "services",
    "kundendienst", "kundenservice", "customerservice", "serviceclient", "servizioclienti",
    "customer", "customers", "client", "clients", "clienti", "sales", "vertrieb", "verkauf",
    "vente", "ventes", "vendite", "order", "orders", "bestellung", "billing", "buchhaltung",
    "shop", "booking", "events", "event", "marketing", "feedback", "newsletter",
    "privacy", "datenschutz", "dpo", "legal", "investors", "investor", "ir", "partners",
    "partner", "sponsoring", "graduates", "graduate", "trainees", "apprentices", "lehrstellen",
    "stage", "stages", "stagisti", "spenden", "donations", "dons", "donazioni", "program",
    "programme", "programm", "programma", "supporto", "assistenza", "assistance", "anmeldung",
    "inscription", "inscriptions", "iscrizioni", "registration", "tickets", "ticketing",
];

/// Words that qualify a role word after it (`media.relations@`, `press-office@`,
/// `jobs-ch@`) or, for a region, before it (`uk-sales@`).
const QUALIFIERS: &[&str] = &[
    "relations", "office", "desk", "room", "team", "de", "en", "fr", "it", "ch", "at", "uk",
    "us", "eu", "zh", "be", "ge", "ti", "vd", "lu",
];

/// Whether the local part of `address` names a role, not a person.
pub(super) fn is_role_address(address: &str) -> bool {
    let Some((local, _)) = address.split_once('@') else {
        return false;
    };
    let local = local.to_lowercase();
    // a sub-address ("jobs+ch") counts by its mailbox
    let mailbox = local.split('+').next().unwrap_or("");
    let words: Vec<&str> = mailbox.split(['.', '-', '_']).collect();
    let Some((first, rest)) = words.split_first() else {
        return false;
    };
    let (first, rest) = match rest.split_first() {
        // a region before the role: `uk-sales@`, `ch.info@`
        Some((role, after)) if QUALIFIERS.contains(first) && ROLE_WORDS.contains(role) => {
            (*role, after)
        }
        _ => (*first, rest),
    };
    // after the role: qualifiers and roles, or one place (`events-stuttgart@`)
    ROLE_WORDS.contains(&first)
        && (rest
            .iter()
            .all(|w| ROLE_WORDS.contains(w) || QUALIFIERS.contains(w))
            || (rest.len() == 1 && rest.iter().all(|w| w.chars().all(char::is_alphabetic))))
}

static EMAIL: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b[a-z0-9](?:[a-z0-9._%+\-]{0,62}[a-z0-9_%+\-])?@(?:[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?\.)+[a-z]{2,24}\b",
    )
    .ok()
});

impl Detector for Email {
    fn id(&self) -> &'static str {
        "email"
    }

    fn summary(&self) -> &'static str {
        "e-mail addresses"
    }

    fn example(&self) -> &'static str {
        "Fragen an `anna.muster@acme.example`"
    }

    fn find(&self, text: &str, _: &DetectorOptions, found: &mut Vec<Candidate>) {
        // No address without an "@": most drafts are done here.
        if !has_literal(text, "@") {
            return;
        }
        let Some(re) = EMAIL.as_ref() else { return };
        for m in re.find_iter(text) {
            // A dot right before the local part or two dots in a row make it no address.
            if m.as_str().contains("..") {
                continue;
            }
            found.push(Candidate {
                span: m.range(),
                confidence: Confidence::High,
            });
        }
    }

    fn is_public_contact(&self, text: &str, candidate: &Candidate) -> bool {
        text.get(candidate.span.clone())
            .is_some_and(is_role_address)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detectors::testing;

    fn find(text: &str) -> Vec<&str> {
        testing::texts(&Email, text)
    }

    #[test]
    fn finds_addresses() {
        assert_eq!(
            find("Schreibt mir an anna.muster@acme.example oder jobs+ch@acme.co.uk."),
            ["anna.muster@acme.example", "jobs+ch@acme.co.uk"]
        );
        assert_eq!(
            find("Contact: Élodie <e.roux@exemple.fr>"),
            ["e.roux@exemple.fr"]
        );
    }

    /// The addresses `Email` finds in `text` that it takes for public contacts.
    fn public(text: &str) -> Vec<&str> {
        let mut found = Vec::new();
        Email.find(text, &DetectorOptions::default(), &mut found);
        found
            .iter()
            .filter(|c| Email.is_public_contact(text, c))
            .filter_map(|c| text.get(c.span.clone()))
            .collect()
    }

    #[test]
    fn role_mailboxes_are_public_contacts_in_four_languages() {
        for text in [
            "Medienanfragen bitte an medien@acme.example.",
            "Presseanfragen: presse@acme.example, wir melden uns rasch.",
            "Bewerbungen bitte an jobs@acme.example oder karriere@acme.example",
            "Unsere Kommunikationsabteilung: kommunikation@acme.example",
            "Press inquiries: press@acme.example or media.relations@acme.example",
            "Send your CV to careers@acme.example, questions to hello@acme.example",
            "For support, write to support@acme.example or sales@acme.example.",
            "Envoyez votre candidature à recrutement@acme.example ou emploi@acme.example.",
            "Pour toute question : contact@acme.example",
            "Per la stampa: ufficiostampa@acme.example o stampa@acme.example",
            "Candidature a lavoro@acme.example entro fine mese, info a info@acme.example",
            "Jobs in der Schweiz: jobs-ch@acme.example, jobs+zh@acme.example",
            "HR: hr@acme.example, PR: pr@acme.example, Ressources humaines : rh@acme.example",
            "UK team: uk-sales@acme.example, events: events-stuttgart@acme.example",
            "Apply via graduates@acme.example; donations to spenden@ksw.example",
            "Per assistenza: supporto@ticinoverde.example",
        ] {
            let all = find(text);
            assert!(!all.is_empty(), "{text}");
            assert_eq!(public(text), all, "{text}");
        }
    }

    #[test]
    fn personal_addresses_are_not_public_contacts() {
        for text in [
            "Fragen? Schreibt direkt an anna.muster@acme.example",
            "Reach me at john.smith@gmail.com for the slides.",
            "Écrivez-moi : jean.dupont@exemple.fr",
            "Scrivetemi a giulia.rossi@esempio.it",
            "Mail an a.muster@acme.example oder amuster@acme.example",
            "Anna von der Presse: anna.presse@acme.example",
            "it@acme.example or de@acme.example",
        ] {
            assert_eq!(find(text).len(), text.matches('@').count(), "{text}");
            assert!(public(text).is_empty(), "{text}: {:?}", public(text));
        }
    }

    #[test]
    fn ignores_mentions_handles_and_local_hosts() {
        assert!(find("Danke @anna_muster und @ACME!").is_empty());
        assert!(find("root@localhost kann das").is_empty());
        assert!(find("Meet us @ booth 4.2").is_empty());
        assert!(find("a..b@example.com").is_empty());
    }
}
